/**
 * The WBS catalog: DM WBS elements (`02C.*`) with every name each code has
 * had. Data: `data/wbs.json`, copied from public LSST documents (LDM-294,
 * LDM-151/152, and the April 2017 report), bundled with the server.
 */
import wbsData from '../../../data/wbs.json';

/** One name a WBS code has had. */
export interface WbsName {
  name: string;
  /** `FY18+` (LDM-294), `pre-FY18` (LDM-151/152), `2017` (as written in 2017 reports), `removed`, `cited`. */
  era: string;
  /** Where the name comes from, e.g. `lsst/LDM-294:wbs/1.02C.tex`. */
  source: string;
  /** ISO date of that source. */
  date?: string;
}

/** One WBS element of the catalog. */
export interface WbsElement {
  /** `02C.03.01`. */
  code: string;
  names: WbsName[];
  parent: string | null;
  /** Lead institution (FY18+ organisation), on level-2 elements. */
  lead?: string;
  /** Lead institution as named in 2017. */
  lead2017?: string;
}

/** A report period, for choosing names by era. */
export interface Period {
  year: number;
  /** 1–12. */
  month: number;
}

/**
 * Normalises a WBS name for comparison: case, punctuation and `&`/`and` do
 * not matter (`Long-Haul Networks` = `Long Haul Networks`,
 * `Management, Leadership & Other Costs` = `management leadership and other costs`).
 */
export function normalizeWbsName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The parent code of `02C.03.01` is `02C.03`; of `02C` it is undefined. */
export function parentWbsCode(code: string): string | undefined {
  const i = code.lastIndexOf('.');
  return i < 0 ? undefined : code.slice(0, i);
}

/** Era preference: reports before October 2017 used the 2017/pre-FY18 names, later ones LDM-294's FY18+ names. */
function eraOrder(period?: Period): string[] {
  const fy18 = period !== undefined && (period.year > 2017 || (period.year === 2017 && period.month >= 10));
  return fy18 ? ['FY18+', '2017', 'pre-FY18', 'removed', 'cited'] : ['2017', 'pre-FY18', 'FY18+', 'removed', 'cited'];
}

/** Read-only index of WBS elements. */
export class WbsCatalog {
  private readonly byCode = new Map<string, WbsElement>();
  private readonly sorted: WbsElement[];

  /** @param elements catalog entries; later entries with the same code replace earlier ones. */
  constructor(elements: readonly WbsElement[]) {
    for (const element of elements) this.byCode.set(element.code, element);
    this.sorted = [...this.byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  /** The bundled catalog (`data/wbs.json`). */
  static bundled(): WbsCatalog {
    return new WbsCatalog((wbsData as { elements: WbsElement[] }).elements);
  }

  get(code: string): WbsElement | undefined {
    return this.byCode.get(code);
  }

  /** All elements, sorted by code. */
  all(): readonly WbsElement[] {
    return this.sorted;
  }

  /** The element's ancestors present in the catalog, nearest first (`02C.03.01` → `02C.03`, `02C`). */
  ancestors(code: string): WbsElement[] {
    const out: WbsElement[] = [];
    for (let c = parentWbsCode(code); c !== undefined; c = parentWbsCode(c)) {
      const element = this.byCode.get(c);
      if (element) out.push(element);
    }
    return out;
  }

  /** Whether `name` is one of the code's known names (normalised comparison). False for unknown codes. */
  isKnownName(code: string, name: string): boolean {
    const element = this.byCode.get(code);
    if (!element) return false;
    const wanted = normalizeWbsName(name);
    return element.names.some((n) => normalizeWbsName(n.name) === wanted);
  }

  /**
   * Whether `text` is one of the code's known names, possibly followed by more
   * words (`Data Access Client Framework - continued work on the butler`),
   * compared normalised. False for unknown codes.
   */
  startsWithKnownName(code: string, text: string): boolean {
    const element = this.byCode.get(code);
    if (!element) return false;
    const written = normalizeWbsName(text);
    return element.names.some((n) => {
      const known = normalizeWbsName(n.name);
      return written === known || written.startsWith(known + ' ');
    });
  }

  /**
   * The code's names, best first for a report of `period` (2017/pre-FY18
   * names before October 2017, FY18+ names after); within an era the most
   * recently dated name first (LDM-151 renamed `02C.04.05` from "Deep
   * Detection Pipeline" in 2015 to "Object Detection and Deblending" in
   * 2016); otherwise catalog order.
   */
  namesByPreference(code: string, period?: Period): WbsName[] {
    const element = this.byCode.get(code);
    if (!element) return [];
    const order = eraOrder(period);
    const rank = (n: WbsName) => {
      const i = order.indexOf(n.era);
      return i < 0 ? order.length : i;
    };
    return [...element.names].sort((a, b) => rank(a) - rank(b) || (b.date ?? '').localeCompare(a.date ?? ''));
  }

  /** The best name for a report of `period`, or undefined for an unknown code. */
  preferredName(code: string, period?: Period): string | undefined {
    return this.namesByPreference(code, period)[0]?.name;
  }

  /** The lead institution of the code or of its nearest ancestor that names one (2017 name first when `period` is before FY18). */
  lead(code: string, period?: Period): string | undefined {
    const fy18 = eraOrder(period)[0] === 'FY18+';
    for (const element of [this.byCode.get(code), ...this.ancestors(code)]) {
      if (!element) continue;
      const lead = fy18 ? element.lead ?? element.lead2017 : element.lead2017 ?? element.lead;
      if (lead) return lead;
    }
    return undefined;
  }
}
