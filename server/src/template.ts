/**
 * Report templates: which sections a report needs, as data. The built-in
 * template (`data/templates/dm-monthly-2017.json`) is the 2016–2017 DM monthly
 * report that the reference report satisfies. Rules and features read the
 * template; none of them names a section in code.
 */
import dmMonthly2017 from '../../data/templates/dm-monthly-2017.json';

/** A report-level section of a template. */
export interface TemplateSection {
  /** Stable id, e.g. `risk-management`. */
  id: string;
  /** Canonical label, used when inserting the section. */
  label: string;
  /** Other labels that count as the same section (compared normalised, see `normalizeLabel`). */
  aliases: string[];
  required: boolean;
  /** The team sections live inside this section. */
  holdsTeams?: boolean;
}

/** A standard subsection of every team section. */
export interface TemplateSubsection {
  id: string;
  label: string;
  aliases: string[];
  /** `all`: every team needs it; `top-level`: teams not inside a group; `none`: optional. */
  requiredFor: 'all' | 'top-level' | 'none';
}

/** A whole template. */
export interface ReportTemplate {
  name: string;
  description: string;
  period: { required: boolean };
  /** Report-level sections, in order. */
  sections: TemplateSection[];
  /** Team subsections, in order. */
  teamSubsections: TemplateSubsection[];
}

/** The built-in DM monthly report template (2016–2017 form). */
export const DEFAULT_TEMPLATE: ReportTemplate = dmMonthly2017 as ReportTemplate;

/**
 * Normalises a label for comparison: drops a parenthetical aside
 * (`(for May 2017)`), a trailing colon, `*`/`_` emphasis markers, folds case
 * and runs of white space. `Planned activities: (for May 2017)` → `planned activities`.
 */
export function normalizeLabel(text: string): string {
  return text
    .replace(/[*_]/g, '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/:/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

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
   * Matches a label paragraph: the line starts with a label and then has a
   * colon, an aside in parentheses, or nothing (`Recruitment update: N/A`,
   * `Planned activities:`). A sentence that merely begins with the words
   * (`Planned activities include…`) does not match.
   *
   * @returns the entry and the text after the label on that line ('' if none).
   */
  matchLine(line: string): { entry: T; rest: string } | undefined {
    const m = /^\s*(\*\*|__)?([^:(*_]+)(?:\1)?\s*(\([^)]*\))?\s*(:)?\s*(?:\*\*|__)?\s*(.*)$/.exec(line);
    if (!m) return undefined;
    const entry = this.match(m[2]);
    if (!entry) return undefined;
    const rest = m[5].trim();
    if (rest !== '' && m[4] === undefined) return undefined;
    return { entry, rest };
  }
}
