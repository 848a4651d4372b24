/**
 * Ajv's validation errors in words, for the files users write against a JSON
 * schema (`.dmreport.yaml`, template files): one sentence per error, naming
 * the key path as it is written in the file (`tickets.keys[0]`) and saying
 * what is expected, never Ajv's own wording (`must NOT have fewer than 1
 * items`) or its JSON pointers (`/tickets/keys`). Every keyword of JSON Schema
 * draft-07 has a sentence; a keyword Ajv adds later gets a generic one.
 */
import type { ErrorObject } from 'ajv';

/** The words of one kind of file: what the whole file is called and what one of its keys is. */
export interface SchemaVocabulary {
  /** The name of the file's top level in a sentence: `the file`, `the template`. */
  whole: string;
  /** What one key of the file is: `setting`, `field`. */
  key: string;
}

/** The key path of an Ajv error as written in YAML: `tickets.keys[0]`; empty for the top level. */
export function keyPath(error: ErrorObject): string {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

/** JSON Schema's types as a YAML author reads them. */
const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a mapping (key: value lines)',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

/** A value from the file, shortly: `"DM"`, `5`, `a list`, `a mapping`, `nothing` (a key without a value). */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** One entry of a list named `list` (`keys` → `key`, `aliases` → `alias`, `entries` → `entry`); `entry` for other names. */
function singular(list: string): string {
  if (/ies$/.test(list)) return list.replace(/ies$/, 'y');
  if (/(s|x|ch|sh)es$/.test(list)) return list.replace(/es$/, '');
  if (/[^s]s$/.test(list)) return list.slice(0, -1);
  return 'entry';
}

/** `one key`, `2 keys`: a count of a list's entries, by the list's name. */
function entries(n: number, list: string): string {
  const one = singular(list);
  return n === 1 ? `one ${one}` : `${n} ${one === 'entry' ? 'entries' : list}`;
}

/**
 * One Ajv error as a sentence: `tickets.keys: list at least one key`,
 * `tickets.jira.timeoutMs: 5 is too small (the least is 100)`, `tickets: unknown setting "keyz"`.
 * Values are shown when Ajv was compiled with `verbose: true` (the error then has `data`).
 * @param error one error of a validation.
 * @param words what the file and its keys are called.
 */
export function describeSchemaError(error: ErrorObject, words: SchemaVocabulary): string {
  const path = keyPath(error);
  const name = path || words.whole;
  const last = error.instancePath.split('/').pop() ?? '';
  const params = error.params as Record<string, unknown>;
  const data: unknown = error.data;
  const given = 'data' in error ? `, not ${shown(data)}` : '';
  const limit = Number(params.limit);
  switch (error.keyword) {
    case 'type': {
      const types = Array.isArray(params.type) ? (params.type as string[]) : String(params.type).split(',');
      return `${name}: must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}${given}`;
    }
    case 'additionalProperties':
      return `${name}: unknown ${words.key} "${String(params.additionalProperty)}"`;
    case 'required':
      return `${name}: "${String(params.missingProperty)}" is required`;
    case 'dependencies':
    case 'dependentRequired':
      return `${name}: "${String(params.missingProperty)}" is required with "${String(params.property)}"`;
    case 'minItems':
      return `${name}: list at least ${entries(limit, last)}`;
    case 'maxItems':
      return `${name}: list at most ${entries(limit, last)}`;
    case 'uniqueItems': {
      const list = Array.isArray(data) ? (data as unknown[]) : undefined;
      const twice = list ? `${shown(list[Number(params.i)])} is` : `entries [${String(params.j)}] and [${String(params.i)}] are`;
      return `${name}: ${twice} listed twice`;
    }
    case 'contains':
      return `${name}: list at least one valid ${singular(last)}`;
    case 'minLength':
      return limit === 1 ? `${name}: must not be empty` : `${name}: must be at least ${limit} characters long`;
    case 'maxLength':
      return `${name}: must be at most ${limit} characters long`;
    case 'pattern':
      return `${name}: ${'data' in error ? `${shown(data)} does` : 'does'} not have the expected form (${String(params.pattern)})`;
    case 'format':
      return `${name}: must be a valid ${String(params.format)}${given}`;
    case 'minimum':
      return `${name}: ${'data' in error ? shown(data) : 'the value'} is too small (the least is ${limit})`;
    case 'maximum':
      return `${name}: ${'data' in error ? shown(data) : 'the value'} is too large (the most is ${limit})`;
    case 'exclusiveMinimum':
      return `${name}: must be more than ${limit}${given}`;
    case 'exclusiveMaximum':
      return `${name}: must be less than ${limit}${given}`;
    case 'multipleOf':
      return `${name}: must be a multiple of ${String(params.multipleOf)}${given}`;
    case 'enum':
      return `${name}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${name}: must be ${JSON.stringify(params.allowedValue)}${given}`;
    case 'minProperties':
      return `${name}: must set at least ${limit === 1 ? `one ${words.key}` : `${limit} ${words.key}s`}`;
    case 'maxProperties':
      return `${name}: must set at most ${limit === 1 ? `one ${words.key}` : `${limit} ${words.key}s`}`;
    case 'propertyNames':
      return `${name}: "${String(params.propertyName)}" is not an allowed ${words.key} name`;
    case 'oneOf':
    case 'anyOf':
      // The one choice of forms in these schemas: a template reference.
      if (/templateRef/.test(error.schemaPath)) return `${name}: must be a built-in template name or {path: FILE}`;
      return `${name}: does not have any of the allowed forms${given}`;
    case 'not':
    case 'false schema':
      return `${name}: is not allowed here`;
    case 'if':
      return `${name}: does not fit the other ${words.key}s of its entry`;
    default:
      return `${name}: is not valid here (schema rule "${error.keyword}")`;
  }
}
