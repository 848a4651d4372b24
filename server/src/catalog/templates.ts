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
import { UnreadableFileError, type Host } from '../host/host';
import Ajv from 'ajv';
import { describeSchemaError } from './schemaErrors';
import { parse as parseYaml, YAMLError } from 'yaml';
import dmMonthly2017 from '../../../data/templates/dm-monthly-2017.json';
import dmMonthly2019 from '../../../data/templates/dm-monthly-2019.json';
import personalMonthly from '../../../data/templates/personal-monthly.json';
import templateSchema from '../../../schemas/template.schema.json';

import { normalizeLabel, type ReportTemplate, type TemplateSection, type TemplateSubsection } from '../model/template';

/** A template file as written: the schema's defaults not yet applied. */
type TemplateInput = Partial<ReportTemplate> & {
  name: string;
  sections: (Partial<TemplateSection> & { id: string; label: string })[];
  teamSubsections?: (Partial<TemplateSubsection> & { id: string; label: string })[];
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
  if (input.afterTeams) template.afterTeams = input.afterTeams;
  if (input.teams) template.teams = input.teams;
  return template;
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
