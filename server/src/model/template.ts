/**
 * What a report template is (the model's side of it): report-level sections,
 * team subsections, teams, and how labels are compared. The model is built
 * against a template; where templates come from (built-ins, files) is the
 * catalog's business (../catalog/templates.ts).
 */
import type { Range } from 'vscode-languageserver-types';

/** A report-level section of a template. */
export interface TemplateSection {
  /** Stable id, e.g. `risk-management`. */
  id: string;
  /** Canonical label, used when inserting the section. */
  label: string;
  /** Other labels that count as the same section (compared normalised, see `normalizeLabel`). */
  aliases: string[];
  required: boolean;
  /**
   * Logical level: 1 for a part of the report itself, 2 for a part inside the
   * level-1 section before it in `sections` (default 1).
   */
  level?: number;
  /** The team sections live inside this section. */
  holdsTeams?: boolean;
  /** What goes in the section, for hovers. */
  description?: string;
  /** The id of last month's section whose items start this one next month (`dm-report new`). */
  carriedFrom?: string;
}

/** A standard subsection of every team section. */
export interface TemplateSubsection {
  id: string;
  label: string;
  aliases: string[];
  /** `all`: every team needs it; `top-level`: teams not inside a group; `none`: optional. */
  requiredFor: 'all' | 'top-level' | 'none';
  /** What goes in the subsection, for hovers and completion. */
  description?: string;
  /**
   * The id of last month's subsection whose items start this one next month
   * (`dm-report new`): Current accomplishments is `carriedFrom: planned-activities`.
   */
  carriedFrom?: string;
}

/** A team (institution) the report expects, for `wbs-misplaced`, completion and hover. */
export interface TemplateTeam {
  /** The institution as the WBS catalog's `lead` / `lead2017` names it (`University of Washington`, `NCSA`, `LSST Tucson`). */
  name: string;
  /** Other team headings (and lead names) for it (`NCSA / University of Illinois`, `AURA`). */
  aliases?: string[];
  /** WBS codes (with their subtrees) it leads where the catalog names no lead (default: the catalog's elements whose lead names it). */
  leads?: string[];
}

/**
 * One heading that stands for several report-level sections of the template
 * at once: the 2019–2022 reports write `Community Interactions, Meetings and
 * Workshops` for Community Interactions and Meetings and Workshops.
 */
export interface CombinedSection {
  /** The ids of the sections it stands for, consecutive in the template's order (at least two). */
  sections: string[];
  /** The combined heading's label (compared normalised, see `normalizeLabel`). */
  label: string;
  /** Other labels of the same combined heading. */
  aliases: string[];
}

/**
 * Teams that belong to a group even when a report writes them at top level,
 * without the group's heading (2015–2016 reports put the LSST Program
 * Office's teams directly in Detailed Project Progress and Status): such a
 * team counts as in a group, so `requiredFor: top-level` subsections are not
 * required of it.
 */
export interface TemplateGroup {
  /** The group's heading (`LSST Program Office`). */
  name: string;
  /** Its teams' headings (`DM Subsystem Science`), compared normalised. */
  teams: string[];
}

/**
 * The periods of the reports a built-in template describes (`YYYY-MM`, both
 * ends included; an absent end is open): when nothing else chooses a
 * report's template, the built-in template whose era holds the report's
 * period is chosen (see `ReportEngine.chooseTemplate`).
 */
export interface TemplateEra {
  from?: string;
  to?: string;
}

/** A whole template. */
export interface ReportTemplate {
  name: string;
  description: string;
  period: { required: boolean };
  /** The periods of the reports it describes, for the choice by era (built-in templates only). */
  era?: TemplateEra;
  /** Report-level sections, in order. */
  sections: TemplateSection[];
  /** Headings that stand for several consecutive sections at once (see `CombinedSection`). */
  combinedSections?: CombinedSection[];
  /** Team subsections, in order; empty when the report has no teams. */
  teamSubsections: TemplateSubsection[];
  /**
   * Headings that end the teams when they appear at team level: a heading
   * whose title is, or starts with, one of these words (`Appendix: Acronyms`).
   */
  afterTeams?: string[];
  /**
   * Which team heads which WBS elements, for `wbs-misplaced`, completion and hover
   * (see `TemplateTeam`). Headings and names are compared normalised (case,
   * punctuation, `&`/`and`).
   */
  teams?: TemplateTeam[];
  /** Teams that count as in a group even at top level (see `TemplateGroup`). */
  groups?: TemplateGroup[];
}

/** The template a document is checked against, and why that one. */
export interface TemplateChoice {
  template: ReportTemplate;
  /**
   * How it was chosen, for hovers: `front matter`, `.dmreport.yaml templates[0] (personal/**)`,
   * `.dmreport.yaml template`, `first heading "Accomplishments this period"`,
   * `period 2019-05, in its era from 2019-01`, or `default`.
   */
  source: string;
  /**
   * Why the front matter's `template:` could not be used (unknown name, unreadable or
   * invalid file), with the range of its value; the template is then the one the file
   * would have without it.
   */
  problem?: { message: string; range: Range };
}

/** The subsections a team needs by the template's `requiredFor`: all of them but `none`, and `top-level` ones only outside a group. */
export function isRequiredIn(entry: TemplateSubsection, inGroup: boolean): boolean {
  return entry.requiredFor === 'all' || (entry.requiredFor === 'top-level' && !inGroup);
}

/**
 * The group a team heading belongs to by the template's `groups` (normalised
 * comparison: `#### **DM System Engineering**` is `DM System Engineering`), if any.
 */
export function groupOfTeam(template: ReportTemplate, heading: string): TemplateGroup | undefined {
  if (!template.groups) return undefined;
  let byTeam = groupsByTeam.get(template);
  if (!byTeam) {
    // The first group that names the team (normalised), as a search of the groups in order finds it.
    byTeam = new Map();
    for (const g of template.groups) for (const t of g.teams) if (!byTeam.has(normalizeLabel(t))) byTeam.set(normalizeLabel(t), g);
    groupsByTeam.set(template, byTeam);
  }
  return byTeam.get(normalizeLabel(heading));
}

/** The groups of a template by the normalised names of their teams (`groupOfTeam`, asked of every team heading). */
const groupsByTeam = new WeakMap<ReportTemplate, Map<string, TemplateGroup>>();

/**
 * Normalises a label for comparison: drops a parenthetical aside
 * (`(for May 2017)`), a leading section number (`1.`, `2.3`), colons,
 * `*`/`_` emphasis markers, reads `&` as `and`, folds case and runs of white
 * space. `Planned activities: (for May 2017)` → `planned activities`;
 * `### 1. Detailed Project Progress & Status` → `detailed project progress and status`.
 */
export function normalizeLabel(text: string): string {
  return text
    .replace(/[*_]/g, '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/:/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/^\s*\d+(?:\.\d+)*\.?\s+/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Separators between a label and what follows it on the same line: a colon or a spaced dash. */
const LABEL_SEPARATOR = /:|\s[-\u2013\u2014]\s/;

/** Looks up labels of one template quickly. Built once per template. */
export class LabelIndex<T extends { label: string; aliases: string[] }> {
  private readonly byLabel = new Map<string, T>();

  /** @param entries template entries whose label and aliases are indexed. */
  constructor(entries: readonly T[]) {
    for (const entry of entries) {
      for (const label of [entry.label, ...entry.aliases]) this.byLabel.set(normalizeLabel(label), entry);
    }
  }

  /** The entry whose label or alias equals `text` once both are normalised, if any. */
  match(text: string): T | undefined {
    return this.byLabel.get(normalizeLabel(text));
  }

  /**
   * Matches a label line (a heading's text or a paragraph's first line): a
   * label, then a separator (`:` or a spaced dash) and any text, or nothing
   * (`Recruitment update: N/A`, `Recruitment Update - none`, `Planned
   * activities:`). With a separator, or in a heading, the label may carry a
   * `for …` aside (`Planned activities for next month:`). A sentence that
   * merely begins with the words (`Planned activities include…`) does not match.
   *
   * @param line the text, with or without `**` markup.
   * @param heading whether the line is a heading's text.
   * @returns the entry and the text after the separator ('' if none).
   */
  matchLine(line: string, heading = false): { entry: T; rest: string } | undefined {
    const sep = LABEL_SEPARATOR.exec(line);
    const head = sep ? line.slice(0, sep.index) : line;
    const rest = sep ? line.slice(sep.index + sep[0].length).replace(/^[\s*_]+/, '').trim() : '';
    let entry = this.match(head);
    if (!entry && (sep || heading)) {
      const aside = /\s+for\s/i.exec(head);
      if (aside) entry = this.match(head.slice(0, aside.index));
    }
    if (!entry) return undefined;
    // `**Recruitment update:** none`: the closing `**` is not content.
    return { entry, rest: rest.replace(/^(\*\*|__)\s*/, '') };
  }
}
