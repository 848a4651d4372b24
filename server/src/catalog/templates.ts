/**
 * Report templates: which sections a report needs, as data. Three are built in
 * (`data/templates/*.json`, bundled): `dm-monthly-2017`, the 2015–2018 DM
 * monthly report that the reference report satisfies; `dm-monthly-2019`, the
 * 2019–2022 DM report; `personal-monthly`, a personal monthly report. The
 * first two declare their era, the third is a kind of report (`BUILTIN_CHOICE`). Teams
 * write their own as YAML or JSON files (schema: `schemas/template.schema.json`)
 * and select them in `.dmreport.yaml` or a report's front matter. Rules and
 * features read the template of each analysed document (`Analysis.template`);
 * none of them names a section in code.
 */
import { UnreadableFileError, type Host } from '../host/host';
import Ajv from 'ajv';
import { describeSchemaError } from './schemaErrors';
import { parse as parseYaml, YAMLError } from 'yaml';
import dmMonthly2017 from '../../../data/templates/dm-monthly-2017.json';
import dmMonthly2019 from '../../../data/templates/dm-monthly-2019.json';
import personalMonthly from '../../../data/templates/personal-monthly.json';
import templateSchema from '../../../schemas/template.schema.json';

import { normalizeLabel, type CombinedSection, type ReportTemplate, type TemplateEra, type TemplateSection, type TemplateSubsection } from '../model/template';
import { comparePeriods, formatYearMonth, parseYearMonth, type Period } from '../model/periods';

/** A template file as written: the schema's defaults not yet applied. */
type TemplateInput = Partial<ReportTemplate> & {
  name: string;
  sections: (Partial<TemplateSection> & { id: string; label: string })[];
  teamSubsections?: (Partial<TemplateSubsection> & { id: string; label: string })[];
  combinedSections?: (Partial<CombinedSection> & { sections: string[]; label: string })[];
};

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
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
  if (input.era) template.era = input.era;
  if (input.combinedSections) template.combinedSections = input.combinedSections.map((c) => ({ ...c, aliases: c.aliases ?? [] }));
  if (input.afterTeams) template.afterTeams = input.afterTeams;
  if (input.teams) template.teams = input.teams;
  if (input.groups) template.groups = input.groups;
  return template;
}

/**
 * Validates a template value (from YAML or JSON) against
 * `schemas/template.schema.json`, then checks what the schema cannot say:
 * unique section and subsection ids, unique labels, at most one section that
 * holds teams, a level-2 section after a level-1 one, at most one subsection
 * `carriedFrom` another one of the template; a combined heading stands for
 * consecutive sections of the template and its labels are no section's; an era
 * does not end before it starts.
 *
 * @returns the template with defaults applied, or the problems (one sentence each).
 */
export function checkTemplate(value: unknown): { template: ReportTemplate } | { errors: string[] } {
  if (!validateTemplate(value)) return { errors: (validateTemplate.errors ?? []).map((e) => describeSchemaError(e, { whole: 'the template', key: 'field' })) };
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
  const combined = (template.combinedSections ?? []).map((c, i) => ({ id: `combinedSections[${i}]`, label: c.label, aliases: c.aliases }));
  unique('sections', [...template.sections, ...combined]);
  const order = template.sections.map((s) => s.id);
  (template.combinedSections ?? []).forEach((c, i) => {
    const at = c.sections.map((id) => order.indexOf(id));
    const unknown = c.sections.filter((_, k) => at[k] < 0);
    if (unknown.length > 0) errors.push(`combinedSections[${i}]: "${unknown[0]}" is not a section of this template`);
    else if (at.some((r, k) => k > 0 && r !== at[k - 1] + 1)) errors.push(`combinedSections[${i}]: ${c.sections.join(', ')} are not consecutive sections of the template`);
  });
  const from = template.era?.from;
  const to = template.era?.to;
  if (from !== undefined && to !== undefined && from > to) errors.push(`era: from ${from} is after to ${to}`);
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

/** The default template (2015–2018 DM monthly report), used when nothing selects another. */
export const DEFAULT_TEMPLATE: ReportTemplate = BUILTIN_TEMPLATES.get('dm-monthly-2017')!;

/** Whether period `p` is in `era` (both ends included; an absent end is open). */
export function inEra(era: TemplateEra, p: Period): boolean {
  const from = era.from === undefined ? undefined : parseYearMonth(era.from);
  const to = era.to === undefined ? undefined : parseYearMonth(era.to);
  return (!from || comparePeriods(p, from) >= 0) && (!to || comparePeriods(p, to) <= 0);
}

/** An era in words: `2019-01 to 2022-12`, `up to 2018-12`, `from 2023-01`. */
export function describeEra(era: TemplateEra): string {
  if (era.from !== undefined && era.to !== undefined) return `${era.from} to ${era.to}`;
  return era.to !== undefined ? `up to ${era.to}` : era.from !== undefined ? `from ${era.from}` : 'any period';
}

/**
 * What a built-in template is chosen by when nothing else chooses one (`ReportEngine.chooseTemplate`):
 * - `kinds`: the built-in templates without an era, kinds of report whatever their period
 *   (`personal-monthly`), chosen when the report opens with one of their required sections;
 * - `eras`: the built-in templates with an era (`dm-monthly-2017` up to 2018-12,
 *   `dm-monthly-2019` from 2019-01), chosen by the report's period.
 */
export const BUILTIN_CHOICE: { readonly kinds: readonly ReportTemplate[]; readonly eras: readonly ReportTemplate[] } = {
  kinds: [...BUILTIN_TEMPLATES.values()].filter((t) => !t.era),
  eras: [...BUILTIN_TEMPLATES.values()].filter((t) => t.era),
};

/** `period 2019-05, in its era from 2019-01`: the `TemplateChoice.source` of a choice by era. */
export function eraSource(template: ReportTemplate, p: Period): string {
  return `period ${formatYearMonth(p)}, in its era ${describeEra(template.era ?? {})}`;
}

/** The largest template file read, in bytes (a template is a few kilobytes). */
const MAX_TEMPLATE_BYTES = 1024 * 1024;

/**
 * Reads a template file (YAML or JSON: YAML is a superset of JSON) through the host and checks it.
 *
 * @param path absolute path of the file.
 * @returns the template, or one sentence saying what is wrong (unreadable,
 *   not YAML, or invalid: the first problem, with the others counted). Never throws.
 */
export function loadTemplateFile(host: Host, path: string): { template: ReportTemplate } | { error: string } {
  let text: string;
  try {
    text = host.readFile(path, MAX_TEMPLATE_BYTES).text;
  } catch (e) {
    const reason = e instanceof UnreadableFileError ? (e.code === 'NOTFILE' || e.code === 'TOOLARGE' ? e.message : e.code) : String(e);
    return { error: `cannot read template file ${path} (${reason})` };
  }
  try {
    const checked = checkTemplate(parseYaml(text, { prettyErrors: false, uniqueKeys: true }));
    if ('errors' in checked) {
      const [first, ...others] = checked.errors;
      return { error: `invalid template file ${path}: ${first}${others.length ? ` (and ${others.length} more)` : ''}` };
    }
    return checked;
  } catch (e) {
    return e instanceof YAMLError
      ? { error: `invalid template file ${path}: not YAML or JSON (${e.message.split('\n')[0]})` }
      : { error: `invalid template file ${path}: ${String(e)}` };
  }
}

/**
 * The template files of one engine, each read once and kept until `forget`
 * (the server forgets a file when the client reports it changed: no file is
 * looked at again on every analysis).
 */
export class TemplateFiles {
  private readonly cache = new Map<string, { template: ReportTemplate } | { error: string }>();

  /** @param host where the files are read. */
  constructor(private readonly host: Host) {}

  /** The template at `path` (absolute), read on first use. */
  load(path: string): { template: ReportTemplate } | { error: string } {
    let result = this.cache.get(path);
    if (!result) {
      result = loadTemplateFile(this.host, path);
      this.cache.set(path, result);
    }
    return result;
  }

  /** Forgets `path` (absolute) so that its next use reads it again; true when it had been read. */
  forget(path: string): boolean {
    return this.cache.delete(path);
  }
}
