/**
 * The WBS catalog: DM WBS elements (`02C.*`) with every name each code has
 * had. Data: `data/wbs.json`, copied from public LSST documents (LDM-294,
 * LDM-151/152, the April 2017 report, and DMTN-158's milestone database for
 * the later `02C.00` and `02C.11`), bundled with the server, plus the
 * workspace's `wbs.extra` of `.dmreport.yaml` (`withExtra`).
 *
 * Names by era: a report's period selects the names to expect (`expectedEras`):
 * before October 2017 the `2017` and `pre-FY18` names, from October 2017 (FY18)
 * on LDM-294's `FY18+` names and the ones LDM-294 gave in 2017 and later
 * renumbered (`removed`); `cited` names (no era known) and workspace names
 * (`workspace`) fit every period; without a period every name fits.
 */
import wbsData from '../../../data/wbs.json';
import { comparePeriods, type Period } from '../model/periods';

/** One name a WBS code has had. */
export interface WbsName {
  name: string;
  /**
   * `FY18+` (LDM-294), `pre-FY18` (LDM-151/152), `2017` (as written in 2017 reports), `removed`
   * (given by LDM-294 in 2017, later renumbered), `cited` (no era known), `workspace` (`.dmreport.yaml`).
   */
  era: string;
  /** Where the name comes from, e.g. `lsst/LDM-294:wbs/1.02C.tex`; for workspace names the path of the `.dmreport.yaml`. */
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
  /** Lead institution given by the workspace (`wbs.extra[].lead`), as its team heading names it; wins in every era. */
  workspaceLead?: string;
}

/** A WBS element added or renamed by the workspace configuration (`wbs.extra` of `.dmreport.yaml`). */
export interface ExtraWbsElement {
  /** `02C.03.09`. */
  code: string;
  /** The code's name in this workspace: its preferred name in every era. */
  name: string;
  /** The lead institution, as its team heading names it. */
  lead?: string;
}

/** How a written WBS name relates to the names a report of some period should use. */
export type NameCheck =
  /** One of the expected names (or no expectation: no period, or no name known for the period). */
  | { kind: 'expected'; name: WbsName }
  /** A name of the code, but only from another era. */
  | {
      kind: 'other-era';
      /** The known name that was written. */
      written: WbsName;
      /** UTF-16 length of that name in the written text (a note may follow it). */
      length: number;
      /** The name to use instead: the first of `namesByPreference`. */
      expected: WbsName;
    }
  /** None of the code's names (or the code is unknown). */
  | { kind: 'unknown' };

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

/** The first month of FY18: October 2017. */
const FY18_START: Period = { year: 2017, month: 10 };

/** Whether a report of `period` is from FY18 on (October 2017 or later). */
export function isFy18(period: Period): boolean {
  return comparePeriods(period, FY18_START) >= 0;
}

/** Eras of the names a report of `period` is expected to use (besides `cited` and `workspace`, which fit every period). */
export function expectedEras(period: Period): string[] {
  return isFy18(period) ? ['FY18+', 'removed'] : ['2017', 'pre-FY18'];
}

/** Era preference: reports before October 2017 used the 2017/pre-FY18 names, later ones LDM-294's FY18+ names; workspace names first. */
function eraOrder(period?: Period): string[] {
  const fy18 = period !== undefined && isFy18(period);
  return fy18
    ? ['workspace', 'FY18+', 'removed', '2017', 'pre-FY18', 'cited']
    : ['workspace', '2017', 'pre-FY18', 'FY18+', 'removed', 'cited'];
}

/**
 * The UTF-16 length of the shortest start of `text` whose normalised form is
 * `known` (already normalised), ending at a word boundary; undefined when none.
 * `Long-Haul Networks - fibre` and `long haul networks` → 18.
 */
function coveredLength(text: string, known: string): number | undefined {
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && /[\p{L}\p{N}]/u.test(text[i]) && /[\p{L}\p{N}]/u.test(text[i - 1])) continue;
    const n = normalizeWbsName(text.slice(0, i));
    if (n === known) return i;
    if (n.length > known.length) return undefined;
  }
  return undefined;
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

  /**
   * This catalog with the workspace's elements: a new code is added (its parent
   * is the code without its last part); a catalogued code keeps its names and
   * gets the workspace name first, era `workspace`, which is then its
   * preferred name in every era (a rename: completion, hover and the
   * `wbs-name-mismatch` fix offer it; the catalog's names of the report's era
   * stay acceptable). `lead` becomes the
   * element's `workspaceLead`. Later entries for the same code add further names.
   * @param extra `wbs.extra` of `.dmreport.yaml`.
   * @param source absolute path of that file, kept as the names' `source`.
   */
  withExtra(extra: readonly ExtraWbsElement[], source: string): WbsCatalog {
    if (extra.length === 0) return this;
    const byCode = new Map(this.sorted.map((e) => [e.code, e]));
    for (const x of extra) {
      const old = byCode.get(x.code);
      const name: WbsName = { name: x.name, era: 'workspace', source };
      const workspaceNames = old?.names.filter((n) => n.era === 'workspace') ?? [];
      const otherNames = old?.names.filter((n) => n.era !== 'workspace') ?? [];
      byCode.set(x.code, {
        ...(old ?? { parent: parentWbsCode(x.code) ?? null }),
        code: x.code,
        names: [...workspaceNames, name, ...otherNames],
        ...(x.lead ? { workspaceLead: x.lead } : {}),
      });
    }
    return new WbsCatalog([...byCode.values()]);
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
   * The code's names, best first for a report of `period`: workspace names,
   * then the era's (2017/pre-FY18 names before October 2017, FY18+ names
   * after); within an era the most recently dated name first (LDM-151 renamed
   * `02C.04.05` from "Deep Detection Pipeline" in 2015 to "Object Detection and
   * Deblending" in 2016); otherwise catalog order.
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

  /**
   * The names a report of `period` may use for `code`, best first: the
   * workspace's (preferred, in every era), then, with a period, the names of
   * `expectedEras(period)` and `cited` names; without a period, every name.
   */
  expectedNames(code: string, period?: Period): WbsName[] {
    const names = this.namesByPreference(code, period);
    if (!period) return names;
    const eras = new Set([...expectedEras(period), 'cited', 'workspace']);
    return names.filter((n) => eras.has(n.era));
  }

  /**
   * Checks a written name (possibly followed by a note: `Data Access Client
   * Framework - continued work`) against the names a report of `period` should
   * use. The written text is taken for the longest known name it starts with,
   * compared normalised (`normalizeWbsName`): `Single Frame Processing
   * Pipelines` is the 2017 name, not the FY18+ `Single Frame Processing`
   * followed by a note. A name of another era is `other-era` only when the
   * period has an expected name to propose; otherwise it is accepted.
   * @param text the name as written after the code.
   */
  checkName(code: string, text: string, period?: Period): NameCheck {
    const element = this.byCode.get(code);
    if (!element) return { kind: 'unknown' };
    const written = normalizeWbsName(text);
    let best: { known: string; names: WbsName[] } | undefined;
    for (const n of element.names) {
      const known = normalizeWbsName(n.name);
      if (!known || !(written === known || written.startsWith(known + ' '))) continue;
      if (!best || known.length > best.known.length) best = { known, names: [n] };
      else if (known === best.known) best.names.push(n);
    }
    if (!best) return { kind: 'unknown' };
    const expected = this.expectedNames(code, period);
    const fits = best.names.find((n) => expected.includes(n));
    if (fits || expected.length === 0) return { kind: 'expected', name: fits ?? best.names[0] };
    return { kind: 'other-era', written: best.names[0], length: coveredLength(text, best.known) ?? text.length, expected: expected[0] };
  }

  /**
   * The lead institution of the code or of its nearest ancestor that names one:
   * the workspace's lead first, then the catalog's name for the period's era
   * (the 2017 name before FY18 and without a period).
   */
  lead(code: string, period?: Period): string | undefined {
    const fy18 = period !== undefined && isFy18(period);
    for (const element of [this.byCode.get(code), ...this.ancestors(code)]) {
      if (!element) continue;
      const lead = element.workspaceLead ?? (fy18 ? element.lead ?? element.lead2017 : element.lead2017 ?? element.lead);
      if (lead) return lead;
    }
    return undefined;
  }

  /**
   * Every name under which the code's lead institution is known, from the
   * code or its nearest ancestor that names a lead: the workspace's lead, the
   * FY18+ and the 2017 names, each split at `&` (`NCSA & LSST Tucson` → `NCSA`,
   * `LSST Tucson`). Empty when no lead is known.
   */
  leadNames(code: string): string[] {
    for (const element of [this.byCode.get(code), ...this.ancestors(code)]) {
      if (!element) continue;
      const names = [element.workspaceLead, element.lead, element.lead2017]
        .filter((l): l is string => l !== undefined)
        .flatMap((l) => l.split('&').map((p) => p.trim()))
        .filter((l) => l !== '');
      if (names.length) return [...new Set(names)];
    }
    return [];
  }
}
