/**
 * The document catalog: LSST/Rubin document handles (`LDM-151`, `DMTN-044`,
 * `Document-1386`) with title, year and URL. Data: `data/documents.json`,
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
  /** Where a workspace entry comes from (absolute path of the `.dmreport.yaml`); undefined for bundled entries. */
  source?: string;
}

/** A document added by the workspace configuration (`documents.extra` of `.dmreport.yaml`). */
export interface ExtraDocument {
  /** `SERIES-NUMBER`: `LSE-299`. */
  handle: string;
  title: string;
  /** Default: the catalogued URL of that handle, else the series rule of `defaultDocumentUrl`. */
  url?: string;
  year?: number;
}

/** How a written handle differs from the catalogued one it is taken for. */
export type SuggestionReason = 'missing-hyphen' | 'case' | 'transposition' | 'edit';

/** A catalogued handle suggested for a mistyped one. */
export interface Suggestion {
  /** The catalogued handle: `LDM-151`. */
  handle: string;
  reason: SuggestionReason;
  /**
   * When several catalogued handles are one slip away, the others: this one was
   * chosen because more words of its title occur in the text around the handle.
   */
  among?: string[];
}

/** A catalogued handle one slip away from a written one. */
export interface Candidate {
  handle: string;
  reason: SuggestionReason;
}

/** A series written in capitals (`LDM`, `DMTN`), as opposed to a word (`Document`, `Report`). */
const CAPITALS = /^[A-Z]+$/;

/** DocuShare series that resolve under ls.st but are (mostly) absent from the bibliography. */
const DOCUSHARE_SERIES = ['Document', 'Collection'];

/** Technote series, published at `https://{handle}.lsst.io/`. */
export const TECHNOTE_SERIES: ReadonlySet<string> = new Set(['DMTN', 'SQR', 'SMTN', 'SITCOMTN', 'ITTN', 'PSTN', 'TSTN', 'RTN', 'CTN']);

/**
 * The URL of a handle the catalog lacks, by its series: technotes (`TECHNOTE_SERIES`,
 * any case) at `https://{handle-lowercase}.lsst.io/`, every other handle at
 * `https://ls.st/{handle}` as written (`https://ls.st/Document-25798`).
 */
export function defaultDocumentUrl(handle: string): string {
  const series = splitHandle(handle)?.[0].toUpperCase() ?? '';
  return TECHNOTE_SERIES.has(series) ? `https://${handle.toLowerCase()}.lsst.io/` : `https://ls.st/${handle}`;
}

/**
 * A catalog URL in WHATWG form (the `URL` class): host in lower case, `/` for an
 * empty path (`https://PSTN-001.lsst.io` → `https://pstn-001.lsst.io/`, as in the
 * bibliography's other technotes); a string that is no URL is kept as it is.
 */
function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/**
 * The words of a text that can tell documents apart: lower case, letters and
 * digits, at least four characters (`the`, `and`, `for` say nothing).
 */
export function significantWords(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 4));
}

/** Splits `LDM-151` into `['LDM', '151']`; undefined when it is not `SERIES-NUMBER`. */
export function splitHandle(handle: string): [string, string] | undefined {
  const m = /^([A-Za-z]+)-(\d+)$/.exec(handle);
  return m ? [m[1], m[2]] : undefined;
}

/** Orders handles by series, then number (`LDM-17` before `LDM-151`). */
function compareHandles(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
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
      this.byKey.set(handleKey(entry.handle), { ...entry, url: normalizeUrl(entry.url) });
      if (!this.seriesNames.has(parts[0].toUpperCase())) this.seriesNames.set(parts[0].toUpperCase(), parts[0]);
    }
    for (const entry of this.byKey.values()) this.handles.push(entry.handle);
  }

  private static shared: DocumentCatalog | undefined;

  /** The bundled catalog (`data/documents.json`); one read-only instance per process. */
  static bundled(): DocumentCatalog {
    return (DocumentCatalog.shared ??= new DocumentCatalog((documentsData as { documents: DocumentEntry[] }).documents));
  }

  /**
   * This catalog with the workspace's documents added; an entry whose handle is
   * already catalogued (`DMTN-44` = `DMTN-044`) overrides it field by field (a
   * missing `url` or `year` keeps the catalogued one). A new series becomes a
   * known series. Entries whose handle is not `SERIES-NUMBER` are skipped (the
   * configuration schema already refuses them).
   * @param extra `documents.extra` of `.dmreport.yaml`.
   * @param source absolute path of that file, kept in each entry's `source`.
   */
  withExtra(extra: readonly ExtraDocument[], source: string): DocumentCatalog {
    if (extra.length === 0) return this;
    const added = extra.flatMap((e): DocumentEntry[] => {
      const parts = splitHandle(e.handle);
      if (!parts) return [];
      const old = this.get(e.handle);
      const handle = old?.handle ?? e.handle;
      const year = e.year ?? old?.year;
      return [{ handle, series: parts[0].toUpperCase(), title: e.title, ...(year !== undefined ? { year } : {}), url: e.url ?? old?.url ?? defaultDocumentUrl(e.handle), source }];
    });
    return new DocumentCatalog([...this.byKey.values(), ...added]);
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
      for (const list of this.bySeries.values()) list.sort((a, b) => compareHandles(a.handle, b.handle));
    }
    return this.bySeries.get(series.toUpperCase()) ?? [];
  }

  /**
   * The catalogued handles that `written` is a slip of, with the kind of slip, sorted by handle:
   * - `missing-hyphen`: a known series in capitals, then the number (`LDM151` → `LDM-151`);
   * - `case`: a series written in capitals in the catalog, in another case (`ldm-151` → `LDM-151`);
   * - `transposition`: two adjacent letters of the series swapped (`LMD-151` → `LDM-151`, `DTMN-044` → `DMTN-044`);
   * - `edit`: one letter or digit inserted, deleted or replaced (Levenshtein distance 1,
   *   case-sensitive), in a handle of an unknown series (`SOR-019` → `SQR-019`;
   *   `ITN-001` → `CTN-001`, `ITTN-001`, `RTN-001`).
   * A handle of a known series as written (`LSE-299`) has none: its number may just be missing from the catalog.
   */
  candidates(written: string): Candidate[] {
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
      if (!parts || this.isKnownSeries(parts[0])) return [];
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
    return [...found].map(([handle, reason]) => ({ handle, reason })).sort((a, b) => compareHandles(a.handle, b.handle));
  }

  /**
   * The one catalogued handle that `written` is a slip of (see `candidates`).
   * When there are several, the text around the handle decides: the candidate
   * with the most distinct title words (`significantWords`) in `context` wins
   * if no other has as many (`SOR-019` in "work on the verification framework"
   * is SQR-019, "LSST Verification Framework API Demonstration"); otherwise
   * there is no suggestion (an ambiguous guess is no help). Deterministic: the
   * same text always gives the same answer.
   * @param written the handle as written.
   * @param context the text around it (the rule and hover pass its line); none: no tie-break.
   */
  suggestion(written: string, context = ''): Suggestion | undefined {
    const found = this.candidates(written);
    if (found.length === 1) return found[0];
    if (found.length === 0 || !context) return undefined;
    const words = significantWords(context.split(written).join(' '));
    const scored = found
      .map((c) => ({ c, score: [...significantWords(this.get(c.handle)!.title)].filter((w) => words.has(w)).length }))
      .sort((a, b) => b.score - a.score);
    if (scored[0].score === 0 || scored[0].score === scored[1].score) return undefined;
    const best = scored[0].c;
    return { ...best, among: found.filter((c) => c.handle !== best.handle).map((c) => c.handle) };
  }

  /** The handle of `suggestion(written, context)`: `SOR-019` → `SQR-019`, `LDM151` → `LDM-151`. */
  suggest(written: string, context = ''): string | undefined {
    return this.suggestion(written, context)?.handle;
  }

  /**
   * The URL of a handle: the catalog's when catalogued; otherwise technotes
   * (DMTN, SQR, …) at `https://{handle-lowercase}.lsst.io/`, everything else
   * at `https://ls.st/{handle}`.
   */
  url(handle: string): string {
    return this.get(handle)?.url ?? defaultDocumentUrl(handle);
  }
}
