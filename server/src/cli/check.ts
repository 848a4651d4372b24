/**
 * `dm-report check`: its options, the plan of a run (the files, read and looked up in the cache,
 * with the entries of configuration and export problems at their places), and the result.
 *
 * A run is three steps, so that the same plan can be checked in the CLI's process (`main`,
 * synchronous) or by worker threads (`run`, ../cli.ts): `planCheck` reads every file in argument
 * order, `outcome`s come from the cache, from `checkFile` in process, or from a pool of workers,
 * and `finishCheck` puts them together in argument order. Where a file was checked changes
 * nothing in the output: the text, JSON, SARIF or GitHub output of a run is the same bytes with
 * one job or several, with or without the cache.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, relative, resolve } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { UnreadableFileError, type Host } from '../host/host';
import type { Workspace } from '../engine/workspace';
import type { ReportEngine } from '../engine/engine';
import { expandTargets } from './expand';
import { checkFile, outcomeNotes, type FileOutcome, type FileTask } from './checkFile';
import { cacheFilePath, ResultCache, type CachedOutcome, type CacheMode } from './cache';
import { FORMATS, formatResults, type FileResult, type Format } from './formats';

/** The name standard input (`-`) goes by in the output. */
export const STDIN_NAME = '<stdin>';

/** Standard input is checked as if it were this file of the current directory (for `.dmreport.yaml` lookup and file-name rules). */
export const STDIN_FILE = 'stdin.md';

/** The largest report the CLI reads, in bytes. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/**
 * Without `--jobs`, files are checked by worker threads only when the texts to analyse (the files
 * not found in the cache) add up to at least this many UTF-16 code units (about 4 reports the
 * size of the reference, 60 KB each): a worker costs about 0.2 s of CPU to start (loading the
 * bundle and the catalogs, a cold JIT; measured on the 2-core machine: two workers checking two
 * reports took 0.4 s more CPU than the process alone), about three such reports, so a pool pays
 * only from a few large reports on, never for a handful of small ones (the whole corpus, 17
 * files, is 120 KB). An explicit `--jobs N` (N > 1) uses workers from 2 files on.
 */
export const PARALLEL_MIN_TEXT = 256 * 1024;

/** Each worker of a default pool gets at least this much text to analyse (UTF-16 code units): less text, fewer workers. */
export const TEXT_PER_WORKER = 128 * 1024;

/** The progress line is shown from this many files on (and only on a terminal). */
export const PROGRESS_MIN_FILES = 10;

/** The options of one `check` run. */
export interface CheckRequest {
  format: Format;
  fix: boolean;
  /** The FILE, DIRECTORY and GLOB arguments as given (`-` for standard input). */
  operands: string[];
  /** With `--cache`: where the cache file lives (`--cache-location`, undefined for the default). */
  cache?: { location?: string };
  /** `--jobs N`: at most this many workers (1: none, in process); undefined: one per core. */
  jobs?: number;
  /** `--parse-budget MS`: the parse budget of each block, in ms (undefined: the setting's default, 2000). */
  parseBudgetMs?: number;
}

/** What `main` prints and returns; `out`/`err` are written by the caller. */
export interface CliResult {
  code: 0 | 1 | 2;
  out: string;
  err: string;
}

/** What a check run needs besides its request. */
export interface CheckContext {
  host: Host;
  workspace: Workspace;
  stdin: () => Uint8Array;
  /** The tool's version (SARIF's driver) and identity (version and build: the cache's key). */
  tool: { version: string; id: () => string };
  /** Writes on standard error at once (the progress line); none: no progress. */
  progress?: (text: string) => void;
  /** Whether standard output and standard error are terminals (the progress line's condition). */
  terminal?: { stdout: boolean; stderr: boolean };
}

/**
 * The options of `check` (after the command), or the usage error to print.
 * @param usage the command's usage, appended to some errors.
 */
export function parseCheckArgs(rest: string[], usage: string): CheckRequest | CliResult {
  const fail = (message: string, withUsage = false): CliResult => ({ code: 2, out: '', err: `dm-report: ${message}\n${withUsage ? `${usage}\n` : ''}` });
  let format = 'text';
  let fix = false;
  let cache = false;
  let location: string | undefined;
  let jobs: number | undefined;
  let parseBudgetMs: number | undefined;
  const operands: string[] = [];
  let options = true;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (name: string): string | undefined => (a.startsWith(`${name}=`) ? a.slice(name.length + 1) : rest[++i]);
    if (!options || a === '-') operands.push(a);
    else if (a === '--') options = false;
    else if (a === '--format' || a.startsWith('--format=')) format = value('--format') ?? '';
    else if (a === '--fix') fix = true;
    else if (a === '--cache') cache = true;
    else if (a === '--cache-location' || a.startsWith('--cache-location=')) {
      location = value('--cache-location');
      if (!location) return fail('--cache-location needs a file or directory for the cache');
    } else if (a === '--jobs' || a === '-j' || a.startsWith('--jobs=') || /^-j\d/.test(a)) {
      const text = a.startsWith('-j') && a.length > 2 ? a.slice(2) : value('--jobs');
      if (text === undefined || !/^[1-9]\d{0,3}$/.test(text)) return fail(`--jobs must be a whole number from 1 (one process) on, not "${text ?? ''}"`);
      jobs = Number(text);
    } else if (a === '--parse-budget' || a.startsWith('--parse-budget=')) {
      const text = value('--parse-budget');
      if (text === undefined || !/^[1-9]\d{0,8}$/.test(text)) return fail(`--parse-budget must be a number of milliseconds (e.g. 2000), not "${text ?? ''}"`);
      parseBudgetMs = Number(text);
    } else if (a.startsWith('-')) return fail(`unknown option "${a}"`, true);
    else operands.push(a);
  }
  if (!(FORMATS as readonly string[]).includes(format)) return fail(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not "${format}"`);
  if (location !== undefined && !cache) return fail('--cache-location needs --cache');
  if (operands.length === 0) return fail('no files to check', true);
  if (operands.filter((f) => f === '-').length > 1) return fail('standard input (-) can be checked only once');
  if (fix && operands.includes('-')) {
    return fail('--fix rewrites files in place; it cannot fix standard input (-). Save the text to a file and fix that.');
  }
  return {
    format: format as Format,
    fix,
    operands,
    ...(cache ? { cache: { location } } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(parseBudgetMs !== undefined ? { parseBudgetMs } : {}),
  };
}

/** A path as the output names it: relative to the current directory when below it. */
function relativeName(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Decodes a report's bytes as UTF-8, without a byte order mark.
 * @param name the file name for the error message.
 * @throws Error naming the file when the bytes are not valid UTF-8.
 */
export function decodeReport(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new Error(`${name}: not valid UTF-8 text`);
  }
}

/** Whether bytes start with a UTF-8 byte order mark. */
function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Reads a report's bytes through the host.
 * @param file the path as given (named in messages), resolved against the host's current directory.
 * @throws Error with a message naming the file when it is missing, a directory or not a regular
 *   file (a pipe, a device), unreadable, or too large.
 */
function readReportBytes(host: Host, file: string): Uint8Array {
  const path = resolve(host.cwd(), file);
  try {
    return host.readBytes(path, MAX_REPORT_BYTES);
  } catch (e) {
    const code = e instanceof UnreadableFileError ? e.code : String(e);
    if (code === 'ENOENT') throw new Error(`${file}: no such file`);
    if (code === 'NOTFILE') throw new Error(host.stat(path)?.kind === 'directory' ? `${file}: is a directory, not a Markdown file` : `${file}: not a regular file`);
    if (code === 'TOOLARGE') throw new Error(`${file}: larger than ${MAX_REPORT_BYTES / 1024 / 1024} MiB, not read`);
    throw new Error(`${file}: cannot read (${code})`);
  }
}

/**
 * Reads a report through the host, as UTF-8, and whether it starts with a byte order mark
 * (which `text` never holds; `--fix` writes it back).
 * @param file the path as given (named in messages), resolved against the host's current directory.
 * @throws Error with a message naming the file when it is missing, a directory or not a regular
 *   file (a pipe, a device), unreadable, or not valid UTF-8.
 */
export function readReportFile(host: Host, file: string): { text: string; bom: boolean } {
  const bytes = readReportBytes(host, file);
  return { text: decodeReport(bytes, file), bom: startsWithBom(bytes) };
}

/** One place of the output, in argument order. */
interface Part {
  /** Entries before the file's own: its configuration's problems, its export file's, the first time they come. */
  entries: FileResult[];
  /** What standard error says here (a file that cannot be read, a glob that matches nothing). */
  err: string;
  /** An I/O or usage problem here (exit 2). */
  ioError: boolean;
  /** The file's check, when it was read. */
  task?: FileTask;
  /** Its cache entry: where it goes, with which key (none: not cached). */
  cacheSlot?: { mode: CacheMode; path: string; key: string; engineKey: string; checkKey: string };
  /** The outcome, from the cache or once checked. */
  outcome?: FileOutcome | CachedOutcome;
  /**
   * With `--fix`, a file given again (`check --fix a.md a.md`): read and checked in process after
   * every other file, so that it sees what the fixes of its first place wrote, as a sequential run would.
   */
  deferred?: { file: string; name: string };
}

/** A run of `check`, planned: every file read, in order; what is left to check is `pending`. */
export interface CheckPlan {
  request: CheckRequest;
  parts: Part[];
  /** The files to analyse (not in the cache), in order. */
  pending: FileTask[];
  cache?: ResultCache;
  /** A warning about the cache, for standard error (first). */
  cacheWarning?: string;
  /** The number of files of the run (the progress line's total) and how many are done. */
  total: number;
  done: number;
  /** Writes the progress line, when it is shown. */
  progress?: (text: string) => void;
}

/**
 * Plans a run: expands the operands, reads each file (a file that cannot be read is a message at
 * its place), takes each one's engine (the entries of configuration and export problems go
 * before the first file that uses it, as the sequential check always put them), and looks each
 * one up in the cache.
 */
export function planCheck(request: CheckRequest, ctx: CheckContext): CheckPlan {
  const { host, workspace } = ctx;
  const cwd = host.cwd();
  const plan: CheckPlan = { request, parts: [], pending: [], total: 0, done: 0 };
  if (request.parseBudgetMs !== undefined) workspace.updateSettings({ ...workspace.clientSettings(), parseBudgetMs: request.parseBudgetMs });
  if (request.cache) {
    // A result depends on the parse budget too (a part over budget is read by the line scanner).
    const budget = request.parseBudgetMs === undefined ? '' : ` parse-budget=${request.parseBudgetMs}`;
    const { cache, warning } = ResultCache.load(host, cacheFilePath(host, cwd, request.cache.location), ctx.tool.id() + budget);
    plan.cache = cache;
    plan.cacheWarning = warning;
  }
  const targets = expandTargets(host, request.operands);
  plan.total = targets.filter((t) => t.kind === 'file').length;
  const terminal = ctx.terminal ?? { stdout: false, stderr: false };
  if (ctx.progress && terminal.stderr && (request.format === 'text' || terminal.stdout) && plan.total >= PROGRESS_MIN_FILES) plan.progress = ctx.progress;

  /** Engines whose ticket export problems are in the output already. */
  const reported = new Set<ReportEngine>();
  /** Paths of the entries of configuration and export files so far. */
  const entryPaths = new Map<string, FileResult>();
  const engineKeys = new Map<ReportEngine, string>();
  /** With `--fix`: the paths of the files planned so far. */
  const fixing = new Set<string>();
  for (const target of targets) {
    const part: Part = { entries: [], err: '', ioError: false };
    plan.parts.push(part);
    if (target.kind === 'none') {
      part.err = `dm-report: ${target.message}\n`;
      part.ioError = true;
      continue;
    }
    const file = target.file;
    const name = file === '-' ? STDIN_NAME : file;
    if (request.fix) {
      const planned = resolve(cwd, file);
      if (fixing.has(planned)) {
        part.deferred = { file, name };
        continue;
      }
      fixing.add(planned);
    }
    let bytes: Uint8Array;
    try {
      if (file === '-') {
        try {
          bytes = ctx.stdin();
        } catch (e) {
          throw new Error(`${STDIN_NAME}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        }
      } else {
        bytes = readReportBytes(host, file);
      }
    } catch (e) {
      part.err = `dm-report: ${(e as Error).message}\n`;
      part.ioError = true;
      plan.done++;
      continue;
    }
    const path = resolve(cwd, file === '-' ? STDIN_FILE : file);
    const uri = pathToFileURL(path).href;
    const engine = workspace.engineFor(uri);
    // The cache first: a file found there was valid UTF-8 when it was checked (its bytes are in the key), so it is not decoded again.
    let cached: CachedOutcome | undefined;
    if (plan.cache && file !== '-') {
      let engineKey = engineKeys.get(engine);
      if (engineKey === undefined) {
        engineKey = plan.cache.engineKey(engine.config.dir, engine.dependencies());
        engineKeys.set(engine, engineKey);
      }
      const mode: CacheMode = request.fix ? 'fix' : 'check';
      const key = plan.cache.key(engineKey, mode, path, bytes);
      part.cacheSlot = { mode, path, key, engineKey, checkKey: mode === 'check' ? key : plan.cache.key(engineKey, 'check', path, bytes) };
      cached = plan.cache.get(mode, path, key);
    }
    let text = '';
    if (!cached) {
      try {
        text = decodeReport(bytes, name);
      } catch (e) {
        part.err = `dm-report: ${(e as Error).message}\n`;
        part.ioError = true;
        part.cacheSlot = undefined;
        plan.done++;
        continue;
      }
    }
    const { file: configFile } = engine.config;
    const problems = engine.configProblems;
    if (configFile && problems.length && !entryPaths.has(configFile)) {
      const entry = { file: relativeName(cwd, configFile), diagnostics: [...problems] };
      entryPaths.set(configFile, entry);
      part.entries.push(entry);
    }
    // A bad ticket export file (tickets.exportFile): an entry of its own, or more on the configuration's entry.
    if (!reported.has(engine)) {
      reported.add(engine);
      for (const p of engine.tickets.problems) {
        const problemPath = URI.parse(p.uri).fsPath;
        const entry = entryPaths.get(problemPath);
        if (entry) entry.diagnostics.push(...p.diagnostics);
        else {
          const created = { file: relativeName(cwd, problemPath), diagnostics: [...p.diagnostics] };
          entryPaths.set(problemPath, created);
          part.entries.push(created);
        }
      }
    }
    part.task = { id: plan.parts.length - 1, file, name, uri, path, text, bom: file !== '-' && startsWithBom(bytes), fix: request.fix };
    if (cached) {
      part.outcome = cached;
      plan.done++;
      continue;
    }
    plan.pending.push(part.task);
  }
  return plan;
}

/** Records the outcome of a pending file (by `FileTask.id`) and moves the progress line. */
export function settle(plan: CheckPlan, id: number, outcome: FileOutcome): void {
  plan.parts[id].outcome = outcome;
  plan.done++;
  plan.progress?.(`\rchecked ${plan.done}/${plan.total} files`);
}

/** Records a pending file that could not be checked (a worker failed): a message at its place, exit 2. */
export function fail(plan: CheckPlan, id: number, reason: string): void {
  const part = plan.parts[id];
  part.err += `dm-report: ${part.task?.name ?? '?'}: not checked (${reason.split('\n')[0]})\n`;
  part.ioError = true;
  plan.done++;
  plan.progress?.(`\rchecked ${plan.done}/${plan.total} files`);
}

/** Checks every pending file of the plan in this process, in order. */
export function checkInProcess(plan: CheckPlan, ctx: CheckContext): void {
  if (plan.progress && plan.done > 0) plan.progress(`\rchecked ${plan.done}/${plan.total} files`);
  for (const task of plan.pending) settle(plan, task.id, checkFile(ctx.workspace, ctx.host, task));
}

/** Reads and checks, in process and in order, the files `--fix` was given again (`Part.deferred`); not cached. */
function checkDeferred(plan: CheckPlan, ctx: CheckContext): void {
  for (const [id, part] of plan.parts.entries()) {
    if (!part.deferred) continue;
    const { file, name } = part.deferred;
    let text: string;
    let bytes: Uint8Array;
    try {
      bytes = readReportBytes(ctx.host, file);
      text = decodeReport(bytes, name);
    } catch (e) {
      part.err = `dm-report: ${(e as Error).message}\n`;
      part.ioError = true;
      plan.done++;
      continue;
    }
    const path = resolve(ctx.host.cwd(), file);
    part.task = { id, file, name, uri: pathToFileURL(path).href, path, text, bom: startsWithBom(bytes), fix: true };
    settle(plan, id, checkFile(ctx.workspace, ctx.host, part.task));
  }
}

/**
 * Puts the run together: the entries and messages in argument order, the cache updated (a file
 * rewritten by `--fix` gets the entries of its new text) and saved, the output in the format,
 * the exit code.
 */
export function finishCheck(plan: CheckPlan, ctx: CheckContext): CliResult {
  const { host } = ctx;
  const cwd = host.cwd();
  checkDeferred(plan, ctx);
  if (plan.progress) plan.progress('\r\u001b[K');
  const results: FileResult[] = [];
  let err = plan.cacheWarning ? `dm-report: warning: ${plan.cacheWarning}\n` : '';
  let ioError = false;
  for (const part of plan.parts) {
    results.push(...part.entries);
    err += part.err;
    ioError ||= part.ioError;
    const { task, outcome } = part;
    if (!task || !outcome) continue;
    err += outcomeNotes(task, outcome);
    if ('writeError' in outcome && outcome.writeError !== undefined) ioError = true;
    results.push({ file: task.name, diagnostics: outcome.diagnostics, ...(plan.request.fix ? { fixed: outcome.fixed ?? 0 } : {}) });
    if (plan.cache && part.cacheSlot && 'dependencies' in outcome) remember(plan.cache, part.cacheSlot, outcome);
  }
  const warning = plan.cache?.save();
  if (warning) err += `dm-report: warning: ${warning}\n`;
  const all = results.flatMap((r) => r.diagnostics);
  const errors = all.some((d) => d.severity === DiagnosticSeverity.Error);
  const out = formatResults(plan.request.format, results, cwd, ctx.tool);
  // An unusable configuration (invalid-config: the files were checked with the defaults) is exit 2, as a usage error.
  const unusableConfig = all.some((d) => d.code === 'invalid-config');
  return { code: ioError || unusableConfig ? 2 : errors ? 1 : 0, out, err };
}

/**
 * Caches a fresh outcome: a check as it is; a `--fix` that changed nothing as it is, and as the
 * file's check (its diagnostics are the check's); a file `--fix` rewrote under its new bytes — its
 * check (what is left) and its `--fix` (nothing more to fix, when fixing was complete). A file
 * that could not be written is not cached.
 */
function remember(cache: ResultCache, slot: NonNullable<Part['cacheSlot']>, outcome: FileOutcome): void {
  if (outcome.writeError !== undefined) return;
  const { diagnostics, dependencies } = outcome;
  if (outcome.written === undefined) {
    const cached: CachedOutcome = { diagnostics, ...(slot.mode === 'fix' ? { fixed: 0 } : {}) };
    if (outcome.notAReport) cached.notAReport = true;
    if (outcome.reason !== undefined) cached.reason = outcome.reason;
    cache.set(slot.mode, slot.path, slot.key, dependencies, cached);
    if (slot.mode === 'fix') cache.set('check', slot.path, slot.checkKey, dependencies, { diagnostics });
    return;
  }
  const bytes = Buffer.from(outcome.written, 'utf8');
  cache.set('check', slot.path, cache.key(slot.engineKey, 'check', slot.path, bytes), dependencies, { diagnostics });
  if (outcome.reason === undefined) cache.set('fix', slot.path, cache.key(slot.engineKey, 'fix', slot.path, bytes), dependencies, { diagnostics, fixed: 0 });
}
