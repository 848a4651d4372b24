/**
 * Workspace configuration: one `.dmreport.yaml` file (at the workspace root;
 * the CLI finds it by walking up from the checked file), parsed with the
 * `yaml` library and validated against `schemas/dmreport.schema.json` (Ajv).
 *
 * An invalid file yields exactly one Diagnostic on the file itself (the first
 * problem, with the others counted in the message) and the empty
 * configuration: the server and the CLI keep working with their defaults.
 * Nothing here touches the network.
 */
import { dirname, join, resolve } from 'node:path';
import type { Host } from '../host/host';
import Ajv from 'ajv';
import { isMap, isNode, isScalar, parseDocument, visit, type Document } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { diagnostic } from '../model/codes';
import { describeSchemaError } from './schemaErrors';
import schema from '../../../schemas/dmreport.schema.json';

/** The configuration file name. */
export const CONFIG_FILE_NAME = '.dmreport.yaml';

/** A template: a built-in name (`dm-monthly-2017`) or a file relative to the configuration file. */
export type TemplateRef = string | { path: string };

/** The Jira REST API settings (the token is never part of the configuration). */
export interface JiraConfig {
  /** `https://rubinobs.atlassian.net`, no trailing slash needed. */
  baseUrl: string;
  /** Request timeout in milliseconds (default 1500). */
  timeoutMs?: number;
  /** `false`: never contact Jira. */
  enabled?: boolean;
  /** Disk cache lifetime in minutes (default 1440). */
  cacheTtlMinutes?: number;
}

/** The contents of `.dmreport.yaml`, as validated by the schema. Every field is optional. */
export interface WorkspaceConfig {
  template?: TemplateRef;
  /** Per-file templates: the first entry whose glob (relative to the config file) matches. */
  templates?: { files: string; template: TemplateRef }[];
  tickets?: {
    keys?: string[];
    urlTemplate?: string;
    /** Path relative to the configuration file: Jira CSV export or JSON list. */
    exportFile?: string;
    jira?: JiraConfig;
  };
  documents?: { extra?: { handle: string; title: string; url?: string; year?: number }[] };
  wbs?: { extra?: { code: string; name: string; lead?: string }[] };
}

/** A configuration as loaded for a set of reports. */
export interface LoadedConfig {
  /** Absolute path of the `.dmreport.yaml`; undefined when there is none (defaults). */
  file?: string;
  /** Directory that relative paths in the configuration are resolved against. */
  dir: string;
  /** The validated configuration; `{}` when the file is missing or invalid. */
  config: WorkspaceConfig;
  /** At most one Diagnostic on the configuration file (0-based LSP range); empty when valid. */
  problems: Diagnostic[];
  /** The file's text as read (for ranges of values in later diagnostics); undefined without a file or when unreadable. */
  text?: string;
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile<WorkspaceConfig>(schema);

/** The configuration used where there is no `.dmreport.yaml`: `{}` resolved against `dir`. */
export function emptyConfig(dir: string): LoadedConfig {
  return { dir, config: {}, problems: [] };
}

/** One problem found while reading the file, with its place as UTF-16 offsets. */
interface Problem {
  message: string;
  offsets: [number, number];
}

/**
 * The most values YAML aliases (`*name`) may expand to in a configuration: a few aliases are fine,
 * aliases of aliases (a "billion laughs" file) would grow exponentially (see the `yaml` library's
 * `maxAliasCount`).
 */
const MAX_ALIAS_COUNT = 100;

/**
 * The JavaScript value of a parsed YAML document, or why there is none: aliases that expand to more
 * than `MAX_ALIAS_COUNT` values, or an alias without its anchor (both found only while converting).
 * The problem is placed at the document's first alias.
 */
function toValue(doc: Document): { value: unknown } | { problem: Problem } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    const aliases: { source: string; range?: [number, number, number] }[] = [];
    visit(doc, { Alias: (_, node) => void aliases.push({ source: node.source, range: node.range ?? undefined }) });
    // An unresolved alias is named at the end of the message; the expansion starts at the first alias.
    const unresolved = /^Unresolved alias.*: (\S+)$/.exec(message)?.[1];
    const alias = aliases.find((a) => unresolved === undefined || a.source === unresolved) ?? aliases[0];
    return {
      problem: {
        message: /^Excessive alias count/.test(message)
          ? `YAML aliases (from *${alias?.source ?? ''} on) expand to more than ${MAX_ALIAS_COUNT} values; write the values out instead of aliases of aliases`
          : message,
        offsets: alias?.range ? [alias.range[0], alias.range[1]] : [0, 0],
      },
    };
  }
}

/**
 * Parses and validates the text of a `.dmreport.yaml`.
 * @param text the file's text.
 * @param file absolute path of the file (for `dir` and messages).
 * @returns the configuration; on any YAML or schema problem, `{}` and one Diagnostic.
 * Never throws.
 */
export function parseConfig(text: string, file: string): LoadedConfig {
  const loaded: LoadedConfig = { file, dir: dirname(file), config: {}, problems: [], text };
  const problems: Problem[] = [];
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) problems.push({ message: e.message.split('\n')[0], offsets: [e.pos[0], e.pos[1]] });
  let value: unknown;
  if (problems.length === 0) {
    const js = toValue(doc);
    if ('problem' in js) problems.push(js.problem);
    else value = js.value ?? {};
  }
  if (problems.length === 0) {
    if (!validate(value)) {
      // oneOf/anyOf report their branches too; keep the outermost error of each place.
      const errors = (validate.errors ?? []).filter(
        (e, i, all) => !all.some((o, j) => j !== i && o.keyword === 'oneOf' && e.instancePath === o.instancePath && e !== o),
      );
      for (const e of errors) {
        const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
        let node = path.length ? doc.getIn(path, true) : doc.contents;
        // An unknown key: point at the key itself.
        if (e.keyword === 'additionalProperties' && isNode(node) && 'items' in node) {
          const extra = (e.params as { additionalProperty: string }).additionalProperty;
          const pair = (node.items as { key: unknown }[]).find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === extra);
          if (pair && isNode(pair.key)) node = pair.key;
        }
        const range = isNode(node) && node.range ? node.range : [0, 0];
        problems.push({ message: describeSchemaError(e, { whole: 'the file', key: 'setting' }), offsets: [range[0], range[1]] });
      }
    }
  }
  if (problems.length === 0) {
    loaded.config = value as WorkspaceConfig;
    return loaded;
  }
  const document = TextDocument.create('file://' + file, 'yaml', 0, text);
  const [first, ...others] = problems;
  const range: Range = { start: document.positionAt(first.offsets[0]), end: document.positionAt(Math.max(first.offsets[0], first.offsets[1])) };
  const more = others.length ? ` (and ${others.length} more: ${others.slice(0, 3).map((p) => p.message).join('; ')}${others.length > 3 ? '; …' : ''})` : '';
  loaded.problems.push(diagnostic('invalid-config', range, `Invalid ${CONFIG_FILE_NAME}: ${first.message}${more}. DM Report uses its defaults until this is fixed.`));
  return loaded;
}

/**
 * The range of a value in a configuration file, for a diagnostic about it
 * (`['templates', 0, 'template']`; with `withKey`, the whole `key: value` entry), from the text the configuration was read
 * from (parsed again: call it only when there is something to report).
 * @returns the 0-based LSP range of the value; 0:0 when the file or the value cannot be found. Never throws.
 */
export function configValueRange(loaded: LoadedConfig, path: (string | number)[], options: { withKey?: boolean } = {}): Range {
  const none: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (!loaded.file || loaded.text === undefined) return none;
  try {
    const text = loaded.text;
    const doc = parseDocument(text);
    const node = doc.getIn(path, true);
    if (!isNode(node) || !node.range) return none;
    let start = node.range[0];
    if (options.withKey && path.length > 0) {
      // The whole entry (`exportFile: tickets.csv`): from its key in the enclosing mapping.
      const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
      if (pair && isScalar(pair.key) && pair.key.range) start = pair.key.range[0];
    }
    const document = TextDocument.create('file://' + loaded.file, 'yaml', 0, text);
    return { start: document.positionAt(start), end: document.positionAt(node.range[1]) };
  } catch {
    return none;
  }
}

/** The largest `.dmreport.yaml` read, in bytes (a configuration is a few hundred bytes). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads a `.dmreport.yaml` through the host.
 * @param file absolute path of the file.
 * @returns as `parseConfig`; an unreadable file is one Diagnostic at 0:0. Never throws.
 */
export function readConfig(host: Host, file: string): LoadedConfig {
  const abs = resolve(file);
  let text: string;
  try {
    text = host.readFile(abs, MAX_CONFIG_BYTES).text;
  } catch (e) {
    return {
      file: abs,
      dir: dirname(abs),
      config: {},
      problems: [
        diagnostic(
          'invalid-config',
          { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          `Cannot read ${CONFIG_FILE_NAME} (${(e as NodeJS.ErrnoException).code ?? String(e)}). DM Report uses its defaults.`,
        ),
      ],
    };
  }
  return parseConfig(text, abs);
}

/**
 * The nearest `.dmreport.yaml` at or above `dir` (a regular file), looked up through the host.
 * @param dir absolute directory to start from (a report's directory).
 * @param stopAt absolute directory above which not to look (a workspace root); default the file-system root.
 * @returns the absolute path of the file, or undefined.
 */
export function findConfigFile(host: Host, dir: string, stopAt?: string): string | undefined {
  let current = resolve(dir);
  const stop = stopAt === undefined ? undefined : resolve(stopAt);
  for (;;) {
    const candidate = join(current, CONFIG_FILE_NAME);
    if (host.stat(candidate)?.kind === 'file') return candidate;
    if (current === stop) return undefined;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
