/**
 * Teams and the WBS elements they lead. A report's team headings
 * (`## NCSA / University of Illinois`) are mapped to the lead institutions of
 * the WBS catalog (`lead`/`lead2017` of level-2 elements in `data/wbs.json`,
 * `wbs.extra[].lead` of `.dmreport.yaml`) through the template's `teams`
 * table: an entry's `name` and `aliases` are the headings and lead names of one
 * institution, its `leads` the codes it leads where the catalog names no lead.
 * Every comparison is normalised (`normalizeWbsName`: case, punctuation, `&`/`and`).
 */
import type { ReportTemplate } from '../model/template';
import type { Period } from '../model/periods';
import { normalizeWbsName, type WbsCatalog } from './wbs';

/** One row of the template's `teams` table. */
export type TeamEntry = NonNullable<ReportTemplate['teams']>[number];

/** Whether a team leads a WBS code (`TeamDirectory.check`). */
export type TeamLeadCheck =
  /** The heading is in no row of the table and is no lead name of the catalog: nothing can be said. */
  | { kind: 'unknown-team' }
  /** The team leads no element the catalog or the table knows: nothing can be said. */
  | { kind: 'leads-nothing' }
  /** No lead is known for the code (nor its ancestors). */
  | { kind: 'no-lead' }
  | { kind: 'leads' }
  /** Another institution leads the code; `lead` as the catalog names it for the period (or the table's name). */
  | { kind: 'misplaced'; lead: string };

/** `a & b` → `a`, `b`: the catalog names joint leads with `&` (`NCSA & LSST Tucson`). */
function splitLeads(lead: string | undefined): string[] {
  return (lead ?? '')
    .split('&')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Whether `code` is `root` or inside its subtree (`02C.04.05` is in `02C.04`). */
function within(code: string, root: string): boolean {
  return code === root || code.startsWith(root + '.');
}

/** Read-only answers to "does this team lead that element?". Built once per template and WBS catalog (`TeamDirectory.of`). */
/** At most this many answers of `TeamDirectory.check` are kept (then forgotten at once). */
const MAX_CHECKS = 10_000;

export class TeamDirectory {
  /** Rows by each normalised name and alias. */
  private readonly byName = new Map<string, TeamEntry[]>();
  /** Every normalised lead name of the WBS catalog. */
  private readonly catalogLeads = new Set<string>();
  private static readonly cache = new WeakMap<WbsCatalog, WeakMap<object, TeamDirectory>>();

  /**
   * @param teams the template's `teams` table (none: only headings equal to a catalog lead name are known).
   * @param wbs the WBS catalog whose leads the table maps to.
   */
  constructor(
    private readonly teams: readonly TeamEntry[],
    private readonly wbs: WbsCatalog,
  ) {
    for (const entry of teams) {
      for (const name of [entry.name, ...(entry.aliases ?? [])]) {
        const key = normalizeWbsName(name);
        this.byName.set(key, [...(this.byName.get(key) ?? []), entry]);
      }
    }
    for (const element of wbs.all()) {
      for (const lead of [element.workspaceLead, element.lead, element.lead2017].flatMap(splitLeads)) this.catalogLeads.add(normalizeWbsName(lead));
    }
  }

  /** The directory of a template's table over a WBS catalog, built on first use and kept while both live. */
  static of(template: ReportTemplate, wbs: WbsCatalog): TeamDirectory {
    let byTemplate = TeamDirectory.cache.get(wbs);
    if (!byTemplate) TeamDirectory.cache.set(wbs, (byTemplate = new WeakMap()));
    let directory = byTemplate.get(template);
    if (!directory) byTemplate.set(template, (directory = new TeamDirectory(template.teams ?? [], wbs)));
    return directory;
  }

  /** The rows whose name or an alias is the heading (normalised); empty for an unknown team. */
  entries(heading: string): TeamEntry[] {
    return this.byName.get(normalizeWbsName(heading)) ?? [];
  }

  /** The normalised names a team heading goes by: the heading and every name and alias of its rows. */
  private namesOf(heading: string): Set<string> {
    const names = new Set([normalizeWbsName(heading)]);
    for (const entry of this.entries(heading)) {
      names.add(normalizeWbsName(entry.name));
      for (const alias of entry.aliases ?? []) names.add(normalizeWbsName(alias));
    }
    return names;
  }

  /** The table's names of the institutions whose `leads` cover `code`. */
  private tableLeads(code: string): string[] {
    return this.teams.filter((t) => (t.leads ?? []).some((root) => within(code, root))).map((t) => t.name);
  }

  /**
   * Whether the team of `heading` leads WBS `code` (or an ancestor of it).
   * @param heading the team heading as written, without markup (`NCSA / University of Illinois`).
   * @param code a WBS code (`02C.04.05`), catalogued or not.
   * @param period the report period: picks the era of the lead's name in `misplaced`.
   */
  check(heading: string, code: string, period?: Period): TeamLeadCheck {
    // Asked once per WBS element of every version of a report: the same few teams and codes again and again.
    const key = `${heading}\u0000${code}\u0000${period ? `${period.year}-${period.month}` : ''}`;
    let result = this.checks.get(key);
    if (!result) {
      if (this.checks.size >= MAX_CHECKS) this.checks.clear();
      this.checks.set(key, (result = this.checkNow(heading, code, period)));
    }
    return result;
  }

  /** Checks kept by `check` (heading, code, period), at most `MAX_CHECKS`. */
  private readonly checks = new Map<string, TeamLeadCheck>();

  private checkNow(heading: string, code: string, period?: Period): TeamLeadCheck {
    const names = this.namesOf(heading);
    const known = this.entries(heading).length > 0 || [...names].some((n) => this.catalogLeads.has(n));
    if (!known) return { kind: 'unknown-team' };
    const leadNames = [...this.wbs.leadNames(code), ...this.tableLeads(code)];
    if (leadNames.length === 0) return { kind: 'no-lead' };
    if (leadNames.some((l) => names.has(normalizeWbsName(l)))) return { kind: 'leads' };
    if (!this.leadsAnything(heading, names)) return { kind: 'leads-nothing' };
    return { kind: 'misplaced', lead: this.wbs.lead(code, period) ?? this.tableLeads(code)[0] };
  }

  /** Whether the team leads any element: through the table's `leads` or as a lead name of the catalog. */
  private leadsAnything(heading: string, names: Set<string>): boolean {
    if (this.entries(heading).some((e) => (e.leads ?? []).length > 0)) return true;
    return [...names].some((n) => this.catalogLeads.has(n));
  }

  /**
   * The subtrees the team of `heading` leads, sorted: the catalogued two-level
   * codes (`02C.04`) and its rows' `leads`; empty for an unknown team or one that leads none.
   */
  ledSubtrees(heading: string): string[] {
    const codes = this.wbs
      .all()
      .filter((e) => e.code.split('.').length === 2 && this.check(heading, e.code).kind === 'leads')
      .map((e) => e.code);
    for (const entry of this.entries(heading)) codes.push(...(entry.leads ?? []));
    return [...new Set(codes)].sort();
  }
}
