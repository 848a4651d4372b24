/**
 * Report templates: which sections a report needs, as data. Three are built in
 * (`data/templates/*.json`, bundled): `dm-monthly-2017`, the 2016–2017 DM
 * monthly report that the reference report satisfies; `dm-monthly-2019`, the
 * 2019–2022 DM report; `personal-monthly`, a personal monthly report. Teams
 * write their own as YAML or JSON files (schema: `schemas/template.schema.json`)
 * and select them in `.dmreport.yaml` or a report's front matter. Rules and
 * features read the template of each analysed document (`Analysis.template`);
 * none of them names a section in code.
 */
import { statSync } from 'node:fs';
import { readRegularFile, UnreadableFileError } from './files';
import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseYaml, YAMLError } from 'yaml';
import dmMonthly2017 from '../../data/templates/dm-monthly-2017.json';
import dmMonthly2019 from '../../data/templates/dm-monthly-2019.json';
import personalMonthly from '../../data/templates/personal-monthly.json';
import templateSchema from '../../schemas/template.schema.json';

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

/** A whole template. */
export interface ReportTemplate {
  name: string;
  description: string;
  period: { required: boolean };
  /** Report-level sections, in order. */
  sections: TemplateSection[];
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
}

/** A template file as written: the schema's defaults not yet applied. */
type TemplateInput = Partial<ReportTemplate> & {
  name: string;
  sections: (Partial<TemplateSection> & { id: string; label: string })[];
  teamSubsections?: (Partial<TemplateSubsection> & { id: string; label: string })[];
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateTemplate = ajv.compile<TemplateInput>(templateSchema);

/**
 * Applies the schema's defaults to a valid template (aliases `[]`, `required`
 * true, `level` 1, `requiredFor` `all`, `period.required` true).
 */
function withDefaults(input: TemplateInput): ReportTemplate {
  const template: ReportTemplate = {
    name: input.name,
    description: input.description ?? '',
    period: { required: input.period?.required ?? true },
    sections: input.sections.map((s) => ({ ...s, aliases: s.aliases ?? [], required: s.required ?? true, level: s.level ?? 1 })),
    teamSubsections: (input.teamSubsections ?? []).map((s) => ({ ...s, aliases: s.aliases ?? [], requiredFor: s.requiredFor ?? 'all' })),
  };
  if (input.afterTeams) template.afterTeams = input.afterTeams;
  if (input.teams) template.teams = input.teams;
  return template;
}

/** Turns one Ajv error into a phrase naming the field (`sections[2].requiredFor`). */
function describeError(e: ErrorObject): string {
  const where = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  const name = where || 'the template';
  if (e.keyword === 'additionalProperties') return `${name}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'required') return `${name}: "${(e.params as { missingProperty: string }).missingProperty}" is required`;
  if (e.keyword === 'enum') return `${name}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${name}: ${e.message ?? 'invalid'}`;
}

/**
 * Validates a template value (from YAML or JSON) against
 * `schemas/template.schema.json`, then checks what the schema cannot say:
 * unique section and subsection ids, unique labels, at most one section that
 * holds teams, a level-2 section after a level-1 one, at most one subsection
 * `carriedFrom` another one of the template.
 *
 * @returns the template with defaults applied, or the problems (one sentence each).
 */
export function checkTemplate(value: unknown): { template: ReportTemplate } | { errors: string[] } {
  if (!validateTemplate(value)) return { errors: (validateTemplate.errors ?? []).map(describeError) };
  const template = withDefaults(value);
  const errors: string[] = [];
  const unique = (what: string, entries: { id: string; label: string; aliases: string[] }[]) => {
    const ids = new Set<string>();
    const labels = new Map<string, string>();
    for (const e of entries) {
      if (ids.has(e.id)) errors.push(`${what}: id "${e.id}" is used twice`);
      ids.add(e.id);
      for (const l of [e.label, ...e.aliases]) {
        const n = normalizeLabel(l);
        const other = labels.get(n);
        if (other !== undefined && other !== e.id) errors.push(`${what}: label "${l}" belongs to both "${other}" and "${e.id}"`);
        labels.set(n, e.id);
      }
    }
  };
  unique('sections', template.sections);
  unique('teamSubsections', template.teamSubsections);
  if (template.sections.filter((s) => s.holdsTeams).length > 1) errors.push('sections: more than one section holds the teams');
  for (const s of template.sections) {
    if (s.carriedFrom !== undefined && (s.carriedFrom === s.id || !template.sections.some((o) => o.id === s.carriedFrom))) {
      errors.push(`sections: "${s.id}" is carriedFrom "${s.carriedFrom}", which is not another section of this template`);
    }
  }
  const carrying = template.teamSubsections.filter((s) => s.carriedFrom !== undefined);
  if (carrying.length > 1) errors.push(`teamSubsections: only one subsection may be carriedFrom another (${carrying.map((s) => s.id).join(', ')} are)`);
  for (const s of carrying) {
    if (s.carriedFrom === s.id || !template.teamSubsections.some((o) => o.id === s.carriedFrom)) {
      errors.push(`teamSubsections: "${s.id}" is carriedFrom "${s.carriedFrom}", which is not another subsection of this template`);
    }
  }
  template.sections.forEach((s, i) => {
    const level = s.level ?? 1;
    const before = template.sections[i - 1]?.level ?? 0;
    if (level > before + 1) errors.push(`sections[${i}].level: ${level} must follow a section of level ${level - 1}`);
  });
  return errors.length ? { errors } : { template };
}

/** The built-in templates by name. */
export const BUILTIN_TEMPLATES: ReadonlyMap<string, ReportTemplate> = new Map(
  [dmMonthly2017, dmMonthly2019, personalMonthly].map((raw) => {
    const checked = checkTemplate(raw);
    if ('errors' in checked) throw new Error(`built-in template ${(raw as { name: string }).name}: ${checked.errors.join('; ')}`);
    return [checked.template.name, checked.template];
  }),
);

/** The default template (2016–2017 DM monthly report), used when nothing selects another. */
export const DEFAULT_TEMPLATE: ReportTemplate = BUILTIN_TEMPLATES.get('dm-monthly-2017')!;

/** The largest template file read, in bytes (a template is a few kilobytes). */
const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** Template files read so far, by absolute path, with the modification time they were read at. */
const fileCache = new Map<string, { mtimeMs: number; result: { template: ReportTemplate } | { error: string } }>();

/**
 * Reads a template file (YAML or JSON: YAML is a superset of JSON) and checks it.
 * A file is re-read only when its modification time changes.
 *
 * @param path absolute path of the file.
 * @returns the template, or one sentence saying what is wrong (unreadable,
 *   not YAML, or invalid: the first problem, with the others counted). Never throws.
 */
export function loadTemplateFile(path: string): { template: ReportTemplate } | { error: string } {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch (e) {
    return { error: `cannot read template file ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  const cached = fileCache.get(path);
  if (cached && cached.mtimeMs === mtimeMs) return cached.result;
  let result: { template: ReportTemplate } | { error: string };
  try {
    const value: unknown = parseYaml(readRegularFile(path, MAX_TEMPLATE_BYTES).text, { prettyErrors: false, uniqueKeys: true });
    const checked = checkTemplate(value);
    if ('errors' in checked) {
      const [first, ...others] = checked.errors;
      result = { error: `invalid template file ${path}: ${first}${others.length ? ` (and ${others.length} more)` : ''}` };
    } else result = checked;
  } catch (e) {
    result =
      e instanceof YAMLError
        ? { error: `invalid template file ${path}: not YAML or JSON (${e.message.split('\n')[0]})` }
        : { error: `cannot read template file ${path} (${e instanceof UnreadableFileError ? e.message : ((e as NodeJS.ErrnoException).code ?? String(e))})` };
  }
  fileCache.set(path, { mtimeMs, result });
  return result;
}

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
