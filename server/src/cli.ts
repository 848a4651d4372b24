/**
 * `dm-report`: the command-line checker, on the same engine as the language server.
 *
 *   dm-report check FILE... [--format text|json] [--fix] [--parse-budget MS]
 *   dm-report new --from PREVIOUS.md [--period YYYY-MM] [-o OUT.md [--force]]
 *   dm-report --version | --help | COMMAND --help
 *
 * A FILE of `-` is standard input, reported as `<stdin>`; after `--` every
 * argument is a file, even one starting with `-`.
 * Text output: one line per diagnostic, `file:line:col severity code message`
 * (1-based line and column), then a summary line. JSON output:
 * `[{"file": "...", "diagnostics": [<LSP Diagnostic>...]}]` with 0-based LSP
 * ranges and numeric LSP severities.
 * `--fix` rewrites each FILE (written only when changed, byte order mark and
 * line breaks kept) with every safe fix (features/fixAll.ts), says on standard
 * error what it fixed, and reports what is left; it refuses standard input
 * (`-`) with a usage error, since there is no file to rewrite (and printing
 * the fixed text would mix it with the diagnostics). With `--format json`,
 * each file's entry also has `fixed`, the number of fixes applied; standard error says how
 * many of the problems check listed are gone, by code (`fixedProblems`).
 * Tickets: the CLI reads the ticket export file (`tickets.exportFile`; a bad
 * one is reported as an entry of its own) but never contacts Jira, whatever
 * `.dmreport.yaml` or the environment say: no diagnostic needs live ticket
 * data, and a check must give the same result offline (in CI) as online.
 * `--parse-budget MS`: the time remark-parse may take over one block of a
 * report (default 2000 ms, `parseBudgetMs`); a block over it is read by the
 * light fallback and gets a `parse-skipped` information diagnostic. Kept by
 * the parser `main` is given (./bin/cli.ts: the worker pool, ./parsing/pool.ts).
 * Exit code: 0 no errors, 1 at least one error-severity diagnostic, 2 usage
 * or I/O error (missing file, directory, named pipe, not UTF-8, cannot write), after checking the
 * files that could be read, or an unusable `.dmreport.yaml` (`invalid-config`: the files are
 * checked with the defaults and its problem is reported).
 * `COMMAND --help` (or `-h`, or `help COMMAND`) prints that command's usage. A closed output pipe (`dm-report check … | head -1`)
 * ends the run quietly.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, relative, resolve } from 'node:path';
import { UnreadableFileError, type Host } from './host/host';
import { NodeHost } from './host/node';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { Workspace } from './engine/workspace';
import { ReportEngine } from './engine/engine';
import type { BlockParser } from './model/blockParser';
import { getDiagnostics } from './features/diagnostics';
import { fixAll } from './features/fixAll';
import { formatYearMonth, parseYearMonth, type Period } from './model/periods';
import { planNewMonth } from './features/newMonthCommand';
// esbuild inlines this one field of package.json into dist/cli.js.
import { version } from '../../package.json';

/** The synopsis and the options of each command, for the general help and the command's own. */
const COMMANDS = {
  check: {
    synopsis: 'dm-report check FILE... [--format text|json] [--fix] [--parse-budget MS]',
    options: `check: checks DM monthly reports (Markdown) and prints their diagnostics.
  FILE            a report; - reads standard input (shown as <stdin>)
  --format text   file:line:col severity code message, one line each (default)
  --format json   [{"file", "diagnostics": [LSP Diagnostic]}], 0-based ranges
  --fix           first rewrites each FILE in place with every safe fix
                  (not for -), then reports what is left
  --parse-budget MS
                  the time the Markdown parser may take over one part of a
                  report (default 2000); a part that takes longer is read
                  line by line, with an info diagnostic (parse-skipped)
  --              ends the options: every later argument is a FILE`,
    exit: 'Exit code: 0 no errors, 1 errors found, 2 usage, configuration or I/O error.',
  },
  new: {
    synopsis: 'dm-report new --from PREVIOUS.md [--period YYYY-MM] [-o OUT.md [--force]]',
    options: `new: writes next month's report, made from the previous one and the template.
  --from FILE     the previous report (- for standard input)
  --period        the new month, YYYY-MM (default: the month after the previous)
  -o, --output    the file to write (default: standard output); not the --from file
  --force         with -o: overwrite an existing output file`,
    exit: 'Exit code: 0 the report was made, 2 usage or I/O error.',
  },
} as const;

/** The commands `main` knows, in the order the help lists them. */
type Command = keyof typeof COMMANDS;

const USAGE = `Usage: ${COMMANDS.check.synopsis}
       ${COMMANDS.new.synopsis}
       dm-report --version
       dm-report --help | COMMAND --help

${COMMANDS.check.options}
${COMMANDS.new.options}
  --version       prints the version
  -h, --help      prints this help (COMMAND --help: that command's)
Exit code: 0 no errors, 1 errors found, 2 usage, configuration or I/O error.`;

/** The help of one command (`dm-report check --help`): its synopsis, options and exit codes. */
function commandUsage(command: Command): string {
  const { synopsis, options, exit } = COMMANDS[command];
  return `Usage: ${synopsis}

${options}
  -h, --help      prints this help
${exit}`;
}

/** Whether the arguments of a command ask for its help: `--help` or `-h` before any `--`. */
function asksForHelp(rest: string[]): boolean {
  const end = rest.indexOf('--');
  return (end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** The name standard input (`-`) goes by in the output. */
export const STDIN_NAME = '<stdin>';

/** Standard input is checked as if it were this file of the current directory (for `.dmreport.yaml` lookup and file-name rules). */
const STDIN_FILE = 'stdin.md';

/** The largest report the CLI reads, in bytes. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/** A path as the output names it: relative to the current directory when below it. */
function relativeName(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const SEVERITY: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** What `main` prints and returns; `out`/`err` are written by the caller. */
export interface CliResult {
  code: 0 | 1 | 2;
  out: string;
  err: string;
}

/**
 * Decodes a report's bytes as UTF-8, without a byte order mark.
 * @param name the file name for the error message.
 * @throws Error naming the file when the bytes are not valid UTF-8.
 */
function decodeReport(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new Error(`${name}: not valid UTF-8 text`);
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
  const path = resolve(host.cwd(), file);
  let bytes: Uint8Array;
  try {
    bytes = host.readBytes(path, MAX_REPORT_BYTES);
  } catch (e) {
    const code = e instanceof UnreadableFileError ? e.code : String(e);
    if (code === 'ENOENT') throw new Error(`${file}: no such file`);
    if (code === 'NOTFILE') throw new Error(host.stat(path)?.kind === 'directory' ? `${file}: is a directory, not a Markdown file` : `${file}: not a regular file`);
    if (code === 'TOOLARGE') throw new Error(`${file}: larger than ${MAX_REPORT_BYTES / 1024 / 1024} MiB, not read`);
    throw new Error(`${file}: cannot read (${code})`);
  }
  return { text: decodeReport(bytes, file), bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
}

/** What `main` runs with besides its arguments; the shell (./bin/cli.ts) passes the real ones, tests their own. */
export interface CliOptions {
  /** The file system (default: the Node host). Relative paths resolve against its `cwd()`. */
  host?: Host;
  /** The engines by configuration (default: a new workspace on `host`). */
  workspace?: Workspace;
  /** Reads all of standard input, for a FILE of `-` (default: none; reading throws). */
  stdin?: () => Uint8Array;
  /**
   * Parses the blocks of reports within the budget, for the default workspace's engines
   * (./bin/cli.ts: the worker pool); default remark-parse in this thread, without a budget.
   */
  parser?: BlockParser;
}

/** What each command works with. */
interface CliContext {
  host: Host;
  workspace: Workspace;
  stdin: () => Uint8Array;
}

/**
 * Runs the CLI on arguments (without `node` and the script).
 * Never throws; every failure becomes exit code 2 with a message in `err`.
 * Each file is checked with the nearest `.dmreport.yaml` above it (standard
 * input: the one above the current directory); an invalid configuration is
 * reported as an entry of its own, with an error, and the files are checked
 * with the defaults.
 * @param options the host, workspace and standard input (see `CliOptions`).
 */
export function main(args: string[], options: CliOptions = {}): CliResult {
  const host = options.host ?? new NodeHost();
  const ctx: CliContext = {
    host,
    workspace: options.workspace ?? new Workspace({ host, createEngine: (config, settings) => new ReportEngine(settings, { host, parser: options.parser }, config) }),
    stdin:
      options.stdin ??
      (() => {
        throw new UnreadableFileError('EBADF', 'no standard input');
      }),
  };
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    if (topic === undefined) return { code: 0, out: USAGE + '\n', err: '' };
    if (Object.hasOwn(COMMANDS, topic)) return { code: 0, out: commandUsage(topic as Command) + '\n', err: '' };
    return { code: 2, out: '', err: `dm-report: help: unknown command "${topic}" (commands: ${Object.keys(COMMANDS).join(', ')})\n` };
  }
  if (command === '--version') return { code: 0, out: `${version}\n`, err: '' };
  if ((command === 'check' || command === 'new') && asksForHelp(rest)) return { code: 0, out: commandUsage(command) + '\n', err: '' };
  if (command === 'check') return check(rest, ctx);
  if (command === 'new') return newReport(rest, ctx);
  return { code: 2, out: '', err: `dm-report: ${command ? `unknown command "${command}"` : 'no command'}\n${USAGE}\n` };
}

/** `dm-report check FILE... [--format text|json] [--fix]`. */
function check(rest: string[], { host, workspace, stdin }: CliContext): CliResult {
  const cwd = host.cwd();
  let format = 'text';
  let fix = false;
  let budget: string | undefined;
  const files: string[] = [];
  let options = true;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!options || a === '-') files.push(a);
    else if (a === '--') options = false;
    else if (a === '--format') format = rest[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a === '--fix') fix = true;
    else if (a === '--parse-budget') budget = rest[++i] ?? '';
    else if (a.startsWith('--parse-budget=')) budget = a.slice('--parse-budget='.length);
    else if (a.startsWith('-')) return { code: 2, out: '', err: `dm-report: unknown option "${a}"\n${commandUsage('check')}\n` };
    else files.push(a);
  }
  if (format !== 'text' && format !== 'json') return { code: 2, out: '', err: `dm-report: --format must be text or json, not "${format}"\n` };
  if (budget !== undefined) {
    if (!/^[1-9]\d{0,8}$/.test(budget)) return { code: 2, out: '', err: `dm-report: --parse-budget must be a number of milliseconds (e.g. 2000), not "${budget}"\n` };
    workspace.updateSettings({ ...workspace.clientSettings(), parseBudgetMs: Number(budget) });
  }
  if (files.length === 0) return { code: 2, out: '', err: `dm-report: no files to check\n${commandUsage('check')}\n` };
  if (files.filter((f) => f === '-').length > 1) return { code: 2, out: '', err: `dm-report: standard input (-) can be checked only once\n` };
  if (fix && files.includes('-')) {
    return { code: 2, out: '', err: `dm-report: --fix rewrites files in place; it cannot fix standard input (-). Save the text to a file and fix that.\n` };
  }

  const results: { file: string; path: string; diagnostics: Diagnostic[]; fixed?: number }[] = [];
  /** Engines whose ticket export problems are in `results` already. */
  const reported = new Set<ReportEngine>();
  let err = '';
  let ioError = false;
  for (const file of files) {
    const name = file === '-' ? STDIN_NAME : file;
    let text: string;
    let bom = false;
    try {
      if (file === '-') {
        let bytes: Uint8Array;
        try {
          bytes = stdin();
        } catch (e) {
          throw new Error(`${STDIN_NAME}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        }
        text = decodeReport(bytes, STDIN_NAME);
      } else {
        ({ text, bom } = readReportFile(host, file));
      }
    } catch (e) {
      err += `dm-report: ${(e as Error).message}\n`;
      ioError = true;
      continue;
    }
    const uri = pathToFileURL(resolve(cwd, file === '-' ? STDIN_FILE : file)).href;
    const engine = workspace.engineFor(uri);
    const { file: configFile } = engine.config;
    const problems = engine.configProblems;
    if (configFile && problems.length && !results.some((r) => r.path === configFile)) {
      results.push({ file: relativeName(cwd, configFile), path: configFile, diagnostics: [...problems] });
    }
    // A bad ticket export file (tickets.exportFile): an entry of its own, or more on the configuration's entry.
    if (!reported.has(engine)) {
      reported.add(engine);
      for (const p of engine.tickets.problems) {
        const path = URI.parse(p.uri).fsPath;
        const entry = results.find((r) => r.path === path);
        if (entry) entry.diagnostics.push(...p.diagnostics);
        else results.push({ file: relativeName(cwd, path), path, diagnostics: [...p.diagnostics] });
      }
    }
    let analysis = engine.analyze(uri, text, 0);
    if (fix) {
      const fixed = fixAll(engine, analysis, { roundUri: uri });
      if (fixed.notAReport) err += `dm-report: ${name}: not fixed: it does not look like a DM report\n`;
      if (fixed.changed) {
        try {
          // Written only when changed; the byte order mark is kept; line breaks are the file's (see fixAll).
          host.writeFile(resolve(cwd, file), (bom ? '\uFEFF' : '') + fixed.text);
        } catch (e) {
          err += `dm-report: ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)}); left unchanged\n`;
          ioError = true;
          results.push({ file: name, path: uri, diagnostics: getDiagnostics(analysis), fixed: 0 });
          engine.close(uri);
          continue;
        }
        err += `dm-report: ${name}: ${describeFixes(fixedProblems(getDiagnostics(analysis), getDiagnostics(fixed.analysis)))}\n`;
      }
      if (!fixed.complete) {
        err += `dm-report: ${name}: ${fixed.reason ?? `stopped after ${fixed.rounds} rounds of fixes with safe fixes left; run --fix again`}\n`;
      }
      analysis = fixed.analysis;
      results.push({ file: name, path: uri, diagnostics: getDiagnostics(analysis), fixed: fixed.changed ? fixed.applied.length : 0 });
    } else {
      results.push({ file: name, path: uri, diagnostics: getDiagnostics(analysis) });
    }
    engine.close(uri);
  }

  const all = results.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === DiagnosticSeverity.Error).length;
  let out: string;
  if (format === 'json') {
    out = JSON.stringify(results.map(({ file, diagnostics, fixed }) => ({ file, diagnostics, ...(fixed !== undefined ? { fixed } : {}) })), null, 2) + '\n';
  } else {
    const lines = results.flatMap((r) =>
      r.diagnostics.map(
        (d) => `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity ?? 1]} ${d.code} ${d.message}`,
      ),
    );
    const count = (s: DiagnosticSeverity) => all.filter((d) => d.severity === s).length;
    lines.push(
      `${plural(all.length, 'problem')} (${plural(errors, 'error')}, ${plural(count(DiagnosticSeverity.Warning), 'warning')}, ` +
        `${count(DiagnosticSeverity.Information)} info, ${plural(count(DiagnosticSeverity.Hint), 'hint')}) in ${plural(results.length, 'file')}`,
    );
    out = lines.join('\n') + '\n';
  }
  // An unusable configuration (invalid-config: the files were checked with the defaults) is exit 2, as a usage error.
  const unusableConfig = all.some((d) => d.code === 'invalid-config');
  return { code: ioError || unusableConfig ? 2 : errors > 0 ? 1 : 0, out, err };
}

/**
 * `dm-report new --from PREVIOUS.md [--period YYYY-MM] [-o OUT.md] [--force]`:
 * next month's report (see features/newMonth.ts) on standard output, or
 * written to OUT (refused when OUT exists, unless `--force`). The period
 * defaults to the month after the previous report's period heading.
 */
function newReport(rest: string[], { host, workspace, stdin }: CliContext): CliResult {
  const cwd = host.cwd();
  const usage = (message: string): CliResult => ({ code: 2, out: '', err: `dm-report: ${message}\n${commandUsage('new')}\n` });
  let from: string | undefined;
  let periodText: string | undefined;
  let output: string | undefined;
  let force = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (name: string): string | undefined => {
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
      const v = rest[++i];
      return v === undefined || (v.startsWith('-') && v !== '-') ? undefined : v;
    };
    if (a === '--from' || a.startsWith('--from=')) {
      from = value('--from');
      if (from === undefined) return usage('--from needs the previous report (a file, or - for standard input)');
    } else if (a === '--period' || a.startsWith('--period=')) {
      periodText = value('--period');
      if (periodText === undefined) return usage('--period needs a month, YYYY-MM (e.g. 2017-05)');
    } else if (a === '-o' || a === '--output' || a.startsWith('--output=')) {
      output = value(a === '-o' ? '-o' : '--output');
      if (output === undefined || output === '-') return usage(`${a.split('=')[0]} needs a file name (without it the report goes to standard output)`);
    } else if (a === '--force') force = true;
    else return usage(a.startsWith('-') ? `unknown option "${a}"` : `unexpected argument "${a}" (the previous report goes after --from)`);
  }
  if (from === undefined) return usage('new needs --from PREVIOUS.md');
  if (force && output === undefined) return usage('--force overwrites the -o file; without -o the report goes to standard output');
  let period: Period | undefined;
  if (periodText !== undefined) {
    period = parseYearMonth(periodText);
    if (!period) return { code: 2, out: '', err: `dm-report: --period must be a month written YYYY-MM (e.g. 2017-05), not "${periodText}"\n` };
  }
  if (output !== undefined) {
    const refused = refuseOutput(host, output, resolve(cwd, output), from === '-' ? undefined : resolve(cwd, from), force);
    if (refused) return { code: 2, out: '', err: `dm-report: ${refused}\n` };
  }
  let text: string;
  let bom = false;
  try {
    ({ text, bom } = from === '-' ? { text: decodeReport(stdin(), STDIN_NAME), bom: false } : readReportFile(host, from));
  } catch (e) {
    return { code: 2, out: '', err: `dm-report: ${(e as Error).message}\n` };
  }
  const uri = pathToFileURL(resolve(cwd, from === '-' ? STDIN_FILE : from)).href;
  const engine = workspace.engineFor(uri);
  const analysis = engine.analyze(uri, text, 0);
  const outcome = planNewMonth(engine, analysis, period);
  engine.close(uri);
  if (outcome.kind === 'no-period') {
    return { code: 2, out: '', err: `dm-report: ${from === '-' ? STDIN_NAME : from} has no period heading (e.g. "## April 2017"); give the new period with --period YYYY-MM\n` };
  }
  const result = outcome.result;
  let err = '';
  if (outcome.notAfterPrevious) {
    err += `dm-report: note: ${formatYearMonth(result.period)} is not after the previous report's period (${formatYearMonth(outcome.previous!)})\n`;
  }
  if (output === undefined) return { code: 0, out: result.text, err };
  try {
    host.writeFile(resolve(cwd, output), (bom ? '\uFEFF' : '') + result.text);
  } catch (e) {
    return { code: 2, out: '', err: `${err}dm-report: ${output}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})\n` };
  }
  return {
    code: 0,
    out: `Wrote ${output}: ${formatYearMonth(result.period)}, ${plural(result.teams, 'team')}, ${plural(result.carried, 'planned item')} carried into this month's accomplishments\n`,
    err,
  };
}

/**
 * Why `new` must not write its report to `output` (absolute; `name` as given), or undefined when it may: the `--from`
 * file itself (`from`, absolute; by path, or by identity: a link, another spelling), whatever `--force`
 * says; anything but a regular file (a directory, a named pipe, a device); an existing file without `force`.
 */
function refuseOutput(host: Host, name: string, output: string, from: string | undefined, force: boolean): string | undefined {
  const target = host.stat(output);
  if (from !== undefined && (output === from || (target?.id !== undefined && target.id === host.stat(from)?.id))) {
    return `${name} is the --from file: the new report would overwrite the previous one; give -o another file`;
  }
  if (target === undefined) return undefined;
  if (target.kind !== 'file') {
    return `${name}: ${target.kind === 'directory' ? 'is a directory' : 'not a regular file'}; -o writes a regular file (without -o the report goes to standard output)`;
  }
  return force ? undefined : `${name} exists; use --force to overwrite it`;
}

/** `3 problems`, `1 problem`. */
function plural(k: number, word: string): string {
  return `${k} ${word}${k === 1 ? '' : 's'}`;
}

/**
 * The problems a fix removed: for each code, how many more diagnostics it had before the fix
 * than after (never fewer than none), as one code per problem — what check listed and is gone,
 * not the fixes applied (one heading-level fix may clear several warnings; an inserted section
 * is not a problem check listed unless it was reported).
 */
export function fixedProblems(before: Diagnostic[], after: Diagnostic[]): string[] {
  const count = (ds: Diagnostic[]) => {
    const by = new Map<string, number>();
    for (const d of ds) by.set(String(d.code), (by.get(String(d.code)) ?? 0) + 1);
    return by;
  };
  const left = count(after);
  return [...count(before)].flatMap(([code, n]) => Array<string>(Math.max(0, n - (left.get(code) ?? 0))).fill(code));
}

/** `fixed 62 problems (61 placeholder-link, 1 malformed-ticket)`: counts by code, most first, then by code; `fixed 0 problems` for none. */
export function describeFixes(codes: string[]): string {
  const by = new Map<string, number>();
  for (const c of codes) by.set(c, (by.get(c) ?? 0) + 1);
  const parts = [...by].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c, n]) => `${n} ${c}`);
  return `fixed ${plural(codes.length, 'problem')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
