/**
 * The ticket export file (`tickets.exportFile` in `.dmreport.yaml`, relative
 * to that file): either Jira's CSV export ("Export Excel CSV (all fields)")
 * or a JSON list of `{key, summary, status?, type?, epic?, assignee?}`.
 *
 * CSV columns are found by their header (the first row), by name, first
 * occurrence (Jira repeats some headers, e.g. `Sprint`):
 * - `Issue key` (required), `Summary`, `Status`, `Issue Type`, `Assignee`;
 * - the epic: `Custom field (Epic Link)`, else `Epic Link`, else `Parent key`,
 *   else `Parent`. Jira Cloud writes the parent's numeric issue id in `Parent`;
 *   it is turned into a key through the `Issue id` column of the same file,
 *   and dropped when the parent is not in the file.
 *
 * Bad input never throws and loses nothing it can keep: a file that cannot be
 * read or parsed gives one Diagnostic and no records; a row or entry without
 * a valid key gives one Diagnostic (at most MAX_PROBLEMS, the rest counted in
 * the last one) and the other rows are kept. Every Diagnostic has code
 * `invalid-ticket-export` and a 0-based LSP range in the export file.
 */
import { UnreadableFileError, type Host } from '../host/host';

/** The largest ticket export read, in bytes (a Jira CSV export of 100,000 issues is about 50 MB). */
const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { diagnostic } from '../model/codes';
import { isTicketKeyShape, type TicketRecord } from './types';

/** Diagnostic code of every export-file problem (defined in ../model/codes.ts). */
export const EXPORT_PROBLEM_CODE = 'invalid-ticket-export';

/** At most this many per-row Diagnostics; the last one counts the others. */
export const MAX_PROBLEMS = 20;

/** The records of one export file and what was wrong with it. */
export interface TicketExport {
  /** Absolute path of the file. */
  file: string;
  /** `csv` or `json`, as detected (by extension, else by the first non-blank character). */
  format: 'csv' | 'json';
  /** Records by key, in file order; a key given twice keeps its last row. */
  records: Map<string, TicketRecord>;
  /** Problems, with 0-based LSP ranges in the export file; empty when the file is fine. */
  problems: Diagnostic[];
  /** False when the file could not be read (missing, a directory…): its one problem belongs on the configuration file. */
  readable: boolean;
}

/** The whole of 0-based line `line`, up to the start of the next. */
function lineRange(line: number): Range {
  return { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
}

function problem(line: number, message: string): Diagnostic {
  return diagnostic(EXPORT_PROBLEM_CODE, lineRange(line), message);
}

/** Keeps at most MAX_PROBLEMS Diagnostics; the last kept one says how many were left out. */
function capped(problems: Diagnostic[]): Diagnostic[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const kept = problems.slice(0, MAX_PROBLEMS);
  const last = kept[MAX_PROBLEMS - 1];
  kept[MAX_PROBLEMS - 1] = { ...last, message: `${last.message} (and ${problems.length - MAX_PROBLEMS} more problems in this file)` };
  return kept;
}

/** A trimmed, non-empty string, or undefined. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}

/** The 0-based line of UTF-16 offset `offset` in `source`. */
function lineOfOffset(source: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < Math.min(offset, source.length); i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Parses a Jira CSV export.
 * @param source the file's text (a byte order mark is allowed).
 * @param name the file name for messages.
 */
export function parseCsvExport(source: string, name: string): Pick<TicketExport, 'records' | 'problems'> {
  const records = new Map<string, TicketRecord>();
  let rows: { info: { lines: number }; record: string[] }[];
  try {
    rows = parseCsv(source, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof rows;
  } catch (e) {
    const lines = (e as { lines?: number }).lines;
    const where = typeof lines === 'number' ? Math.max(0, lines - 1) : 0;
    return { records, problems: [problem(where, `${name}: not a readable CSV file (${(e as Error).message}); no tickets taken from it.`)] };
  }
  if (rows.length === 0) return { records, problems: [problem(0, `${name}: empty CSV file; expected a header row with "Issue key".`)] };
  const header = rows[0].record.map((h) => h.trim());
  const column = (...names: string[]) => {
    for (const n of names) {
      const i = header.findIndex((h) => h.toLowerCase() === n.toLowerCase());
      if (i >= 0) return i;
    }
    return -1;
  };
  const keyColumn = column('Issue key');
  if (keyColumn < 0) {
    return { records, problems: [problem(0, `${name}: no "Issue key" column in the header row; no tickets taken from it.`)] };
  }
  const summary = column('Summary');
  const status = column('Status');
  const type = column('Issue Type');
  const assignee = column('Assignee');
  const epicLink = column('Custom field (Epic Link)', 'Epic Link', 'Parent key');
  const parent = column('Parent');
  const parentSummary = column('Parent summary');
  const issueId = column('Issue id');
  const cell = (row: string[], i: number) => (i >= 0 ? text(row[i]) : undefined);
  // Jira Cloud's `Parent` holds the parent's numeric issue id: map ids to keys first.
  const keyById = new Map<string, string>();
  if (issueId >= 0) for (const { record } of rows.slice(1)) {
    const id = cell(record, issueId);
    const key = cell(record, keyColumn);
    if (id && key) keyById.set(id, key);
  }
  const problems: Diagnostic[] = [];
  for (const { info, record } of rows.slice(1)) {
    // `info.lines` is the 1-based line where the record ends; a quoted cell may span lines.
    const newlines = record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    const line = Math.max(0, info.lines - 1 - newlines);
    const key = cell(record, keyColumn);
    if (!key || !isTicketKeyShape(key)) {
      problems.push(problem(line, `${name}: row on line ${line + 1} has ${key ? `"${key}" as its Issue key, not a Jira key like DM-10441` : 'no Issue key'}; row skipped.`));
      continue;
    }
    let epic = cell(record, epicLink);
    let epicSummary: string | undefined;
    if (!epic) {
      const p = cell(record, parent);
      epic = p && /^\d+$/.test(p) ? keyById.get(p) : p;
      epicSummary = cell(record, parentSummary);
    }
    if (epic && !isTicketKeyShape(epic)) epic = undefined;
    records.set(key, clean({ key, summary: cell(record, summary), status: cell(record, status), type: cell(record, type), epic, epicSummary: epic ? epicSummary : undefined, assignee: cell(record, assignee) }));
  }
  return { records, problems: capped(problems) };
}

/** The record without its undefined fields (so that records compare exactly). */
function clean(record: TicketRecord): TicketRecord {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as unknown as TicketRecord;
}

/**
 * Parses a JSON export: a list of `{key, summary, status?, type?, epic?, assignee?}`.
 * @param source the file's text.
 * @param name the file name for messages.
 */
export function parseJsonExport(source: string, name: string): Pick<TicketExport, 'records' | 'problems'> {
  const records = new Map<string, TicketRecord>();
  let value: unknown;
  try {
    value = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    return { records, problems: [problem(at ? lineOfOffset(source, Number(at[1])) : 0, `${name}: not valid JSON (${message}); no tickets taken from it.`)] };
  }
  if (!Array.isArray(value)) {
    return { records, problems: [problem(0, `${name}: expected a JSON list of {key, summary, status?, type?, epic?}; no tickets taken from it.`)] };
  }
  // Lines of the entries, for the messages: the n-th `{` at nesting depth 1.
  const entryLines = entryStartLines(source);
  const problems: Diagnostic[] = [];
  value.forEach((entry: unknown, i) => {
    const line = entryLines[i] ?? 0;
    const e = entry as Record<string, unknown> | null;
    const key = e && typeof e === 'object' ? text(e.key) : undefined;
    if (!key || !isTicketKeyShape(key)) {
      problems.push(problem(line, `${name}: entry ${i + 1} has ${key ? `"${key}" as its key, not a Jira key like DM-10441` : 'no "key"'}; entry skipped.`));
      return;
    }
    const epic = text(e!.epic);
    if (!text(e!.summary)) problems.push(problem(line, `${name}: entry ${i + 1} (${key}) has no "summary"; its other fields are kept.`));
    records.set(key, clean({ key, summary: text(e!.summary), status: text(e!.status), type: text(e!.type), epic: epic && isTicketKeyShape(epic) ? epic : undefined, assignee: text(e!.assignee) }));
  });
  return { records, problems: capped(problems) };
}

/** 0-based lines where the top-level list's elements start (skipping strings). */
function entryStartLines(source: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectValue && !/\s/.test(c)) {
      out.push(line);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return out;
}

/**
 * Parses an export file's text, choosing the format by extension (`.json`,
 * `.csv`), else by its first non-blank character (`[` is JSON).
 * @param source the file's text.
 * @param file absolute path (for the format and messages).
 */
export function parseTicketExport(source: string, file: string): TicketExport {
  const ext = extname(file).toLowerCase();
  const format = ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : source.trimStart().startsWith('[') ? 'json' : 'csv';
  const name = file.split(/[\\/]/).pop() ?? file;
  const parsed = format === 'json' ? parseJsonExport(source, name) : parseCsvExport(source, name);
  return { file, format, ...parsed, readable: true };
}

/**
 * Reads and parses an export file through the host.
 * @param host where the file is read.
 * @param file absolute path.
 * @param written the path as `tickets.exportFile` writes it, for messages (`exports/jira.csv`).
 * @returns as `parseTicketExport`; an unreadable file gives one Diagnostic
 *   (at 0:0 of the file) and no records. Never throws.
 */
export function readTicketExport(host: Host, file: string, written: string = file): TicketExport {
  let source: string;
  try {
    source = host.readFile(file, MAX_EXPORT_BYTES).text;
  } catch (e) {
    const format = extname(file).toLowerCase() === '.json' ? 'json' : 'csv';
    return {
      file,
      format,
      readable: false,
      records: new Map(),
      problems: [problem(0, `Cannot read the ticket export file ${written} (${e instanceof UnreadableFileError ? e.message : String(e)}); tickets.exportFile in .dmreport.yaml names it.`)],
    };
  }
  return parseTicketExport(source, file);
}
