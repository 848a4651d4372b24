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

/** How a written handle differs from the catalogued one it is taken for. */
export type SuggestionReason = 'missing-hyphen' | 'case' | 'transposition' | 'edit';

/** A catalogued handle suggested for a mistyped one. */
export interface Suggestion {
  /** The catalogued handle: `LDM-151`. */
  handle: string;
  reason: SuggestionReason;
}

/** A series written in capitals (`LDM`, `DMTN`), as opposed to a word (`Document`, `Report`). */
const CAPITALS = /^[A-Z]+$/;

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
  /** Entries by upper-case series, sorted by handle; built on the first `inSeries` call. */
  private bySeries: Map<string, DocumentEntry[]> | undefined;

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

  private static shared: DocumentCatalog | undefined;

  /** The bundled catalog (`data/documents.json`); one read-only instance per process. */
  static bundled(): DocumentCatalog {
    return (DocumentCatalog.shared ??= new DocumentCatalog((documentsData as { documents: DocumentEntry[] }).documents));
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

  /**
   * The catalogued documents of one series (as written), sorted by handle.
   * Completion asks on every keystroke after `LDM-`: the lists are grouped and
   * sorted once, on first use. Callers must not modify the returned array.
   */
  inSeries(series: string): readonly DocumentEntry[] {
    if (!this.bySeries) {
      this.bySeries = new Map();
      for (const e of this.byKey.values()) {
        const upper = splitHandle(e.handle)![0].toUpperCase();
        const list = this.bySeries.get(upper) ?? [];
        list.push(e);
        this.bySeries.set(upper, list);
      }
      for (const list of this.bySeries.values()) list.sort((a, b) => a.handle.localeCompare(b.handle, 'en', { numeric: true }));
    }
    return this.bySeries.get(series.toUpperCase()) ?? [];
  }

  /**
   * The one catalogued handle that `written` is a slip of, with the kind of slip;
   * undefined when there is none or more than one (an ambiguous guess is no help).
   * - `missing-hyphen`: a known series in capitals, then the number (`LDM151` → `LDM-151`);
   * - `case`: a series written in capitals in the catalog, in another case (`ldm-151` → `LDM-151`);
   * - `transposition`: two adjacent letters of the series swapped (`LMD-151` → `LDM-151`, `DTMN-044` → `DMTN-044`);
   * - `edit`: one letter or digit inserted, deleted or replaced (Levenshtein distance 1,
   *   case-sensitive), in a handle of an unknown series (`SOR-019` → `SQR-019`).
   * A handle of a known series as written (`LSE-299`) gets none: its number may just be missing from the catalog.
   */
  suggestion(written: string): Suggestion | undefined {
    const found = new Map<string, SuggestionReason>();
    const add = (candidate: string, reason: SuggestionReason) => {
      const entry = this.get(candidate);
      if (entry && !found.has(entry.handle)) found.set(entry.handle, reason);
    };
    const bare = /^([A-Z]+)(\d+)$/.exec(written);
    if (bare) {
      if (this.isKnownSeries(bare[1])) add(`${bare[1]}-${bare[2]}`, 'missing-hyphen');
    } else {
      const parts = splitHandle(written);
      if (!parts || this.isKnownSeries(parts[0])) return undefined;
      const [series, num] = parts;
      const proper = this.seriesNames.get(series.toUpperCase());
      if (proper !== undefined && CAPITALS.test(proper)) add(`${proper}-${num}`, 'case');
      // Transpositions are generated, not measured: fastest-levenshtein counts a swap as two edits, and an
      // optimal-string-alignment distance (npm `damerau-levenshtein`, `talisman`) would need a new dependency
      // and a scan of every handle, and would also accept swaps in the number or across the hyphen. Only a
      // swap inside the series is meant; it gives at most a dozen candidates, each one map lookup.
      for (let i = 0; i + 1 < series.length; i++) {
        if (series[i] === series[i + 1]) continue;
        const swapped = series.slice(0, i) + series[i + 1] + series[i] + series.slice(i + 2);
        if (this.isKnownSeries(swapped)) add(`${swapped}-${num}`, 'transposition');
      }
      for (const candidate of this.handles) {
        if (Math.abs(candidate.length - written.length) > 1) continue;
        if (distance(candidate, written) === 1) add(candidate, 'edit');
      }
    }
    if (found.size !== 1) return undefined;
    const [[handle, reason]] = found;
    return { handle, reason };
  }

  /** The handle of `suggestion(written)`: `SOR-019` → `SQR-019`, `LDM151` → `LDM-151`. */
  suggest(written: string): string | undefined {
    return this.suggestion(written)?.handle;
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
