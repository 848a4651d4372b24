/**
 * The document catalog: LSST/Rubin document handles (`LDM-151`, `DMTN-044`,
 * `Document-25798`) with title, year and URL. Data: `data/documents.json`,
 * from the public lsst-texmf bibliography, bundled with the server.
 * Incomplete by nature: an unknown number in a known series is not an error.
 */
import { distance } from 'fastest-levenshtein';
import documentsData from '../../../data/documents.json';

/** One catalogued document. */
export interface DocumentEntry {
  /** As written in the catalog: `LDM-151`, `Document-1386`. */
  handle: string;
  /** Upper-case series: `LDM`, `DOCUMENT`. */
  series: string;
  title: string;
  year?: number;
  url: string;
}

/** DocuShare series that resolve under ls.st but are (mostly) absent from the bibliography. */
const DOCUSHARE_SERIES = ['Document', 'Collection'];

/** Technote series, published at `https://{handle}.lsst.io/`. */
const TECHNOTE_SERIES = new Set(['DMTN', 'SQR', 'SMTN', 'SITCOMTN', 'ITTN', 'PSTN', 'TSTN', 'RTN', 'CTN']);

/** Splits `LDM-151` into `['LDM', '151']`; undefined when it is not `SERIES-NUMBER`. */
export function splitHandle(handle: string): [string, string] | undefined {
  const m = /^([A-Za-z]+)-(\d+)$/.exec(handle);
  return m ? [m[1], m[2]] : undefined;
}

/** The lookup key of a handle: series upper-cased, number without leading zeros (`DMTN-44` = `DMTN-044`). */
function handleKey(handle: string): string {
  const parts = splitHandle(handle);
  return parts ? `${parts[0].toUpperCase()}-${Number(parts[1])}` : handle.toUpperCase();
}

/** Read-only index of documents. */
export class DocumentCatalog {
  private readonly byKey = new Map<string, DocumentEntry>();
  /** Series as written in handles (`LDM`, `Document`), keyed by upper case. */
  private readonly seriesNames = new Map<string, string>();
  private readonly handles: string[] = [];

  /** @param entries catalog entries; later entries with the same handle replace earlier ones. */
  constructor(entries: readonly DocumentEntry[]) {
    for (const name of DOCUSHARE_SERIES) this.seriesNames.set(name.toUpperCase(), name);
    for (const entry of entries) {
      const parts = splitHandle(entry.handle);
      if (!parts) continue;
      this.byKey.set(handleKey(entry.handle), entry);
      if (!this.seriesNames.has(parts[0].toUpperCase())) this.seriesNames.set(parts[0].toUpperCase(), parts[0]);
    }
    for (const entry of this.byKey.values()) this.handles.push(entry.handle);
  }

  /** The bundled catalog (`data/documents.json`). */
  static bundled(): DocumentCatalog {
    return new DocumentCatalog((documentsData as { documents: DocumentEntry[] }).documents);
  }

  /** The catalogued document for a handle (`DMTN-44` finds `DMTN-044`), if any. */
  get(handle: string): DocumentEntry | undefined {
    return this.byKey.get(handleKey(handle));
  }

  /** Whether `series` (as written, case-sensitive: `LDM`, `Document`) is a known series. */
  isKnownSeries(series: string): boolean {
    return this.seriesNames.get(series.toUpperCase()) === series;
  }

  /** Known series as written in handles, sorted. */
  series(): string[] {
    return [...this.seriesNames.values()].sort();
  }

  /** The catalogued documents of one series (as written), sorted by handle. */
  inSeries(series: string): DocumentEntry[] {
    const upper = series.toUpperCase();
    return [...this.byKey.values()]
      .filter((e) => splitHandle(e.handle)?.[0].toUpperCase() === upper)
      .sort((a, b) => a.handle.localeCompare(b.handle, 'en', { numeric: true }));
  }

  /**
   * The one catalogued handle at edit distance 1 from `handle` (Levenshtein,
   * case-sensitive), e.g. `SOR-019` → `SQR-019`. Undefined when there is none
   * or more than one.
   */
  suggest(handle: string): string | undefined {
    let found: string | undefined;
    for (const candidate of this.handles) {
      if (Math.abs(candidate.length - handle.length) > 1) continue;
      if (distance(candidate, handle) === 1) {
        if (found !== undefined) return undefined;
        found = candidate;
      }
    }
    return found;
  }

  /**
   * The URL of a handle: the catalog's when catalogued; otherwise technotes
   * (DMTN, SQR, …) at `https://{handle-lowercase}.lsst.io/`, everything else
   * at `https://ls.st/{handle}`.
   */
  url(handle: string): string {
    const entry = this.get(handle);
    if (entry) return entry.url;
    const series = splitHandle(handle)?.[0].toUpperCase() ?? '';
    return TECHNOTE_SERIES.has(series) ? `https://${handle.toLowerCase()}.lsst.io/` : `https://ls.st/${handle}`;
  }
}
