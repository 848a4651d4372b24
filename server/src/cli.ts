/**
 * `dm-report`: the command-line checker, on the same engine as the language server.
 *
 *   dm-report check FILE|DIRECTORY|GLOB... [--format text|json|sarif|github] [--fix]
 *                   [--cache [--cache-location PATH]] [--jobs N]
 *                   [--parse-budget MS]
 *   dm-report new --from PREVIOUS.md [--period YYYY-MM] [-o OUT.md [--force]]
 *   dm-report --version | --help | COMMAND --help
 *
 * A FILE of `-` is standard input, reported as `<stdin>`; after `--` every
 * argument is a file, even one starting with `-`. A DIRECTORY is its `*.md`
 * files, recursively; a GLOB the files it matches; both skip node_modules,
 * dot-directories and what `.gitignore` ignores (./cli/expand.ts).
 * Text output: one line per diagnostic, `file:line:col severity code message`
 * (1-based line and column), then a summary line. JSON output:
 * `[{"file": "...", "diagnostics": [<LSP Diagnostic>...]}]` with 0-based LSP
 * ranges and numeric LSP severities. SARIF 2.1.0 and GitHub workflow commands:
 * ./cli/formats.ts.
 * `--fix` rewrites each FILE (written only when changed, byte order mark and
 * line breaks kept) with every safe fix (features/fixAll.ts), says on standard
 * error what it fixed, and reports what is left; it refuses standard input
 * (`-`) with a usage error, since there is no file to rewrite (and printing
 * the fixed text would mix it with the diagnostics). With `--format json`,
 * each file's entry also has `fixed`, the number of fixes applied; standard error says how
 * many of the problems check listed are gone, by code (`fixedProblems`).
 * `--cache`: ./cli/cache.ts. `--jobs N`: files checked by N worker threads
 * (./cli/pool.ts; `run` only; without `--jobs`, one per core from `PARALLEL_MIN_TEXT` of text on),
 * the output the same bytes as with one.
 * Tickets: the CLI reads the ticket export file (`tickets.exportFile`; a bad
 * one is reported as an entry of its own) but never contacts Jira, whatever
 * `.dmreport.yaml` or the environment say: no diagnostic needs live ticket
 * data, and a check must give the same result offline (in CI) as online.
 * `--parse-budget MS`: the time remark-parse may take over one block of a
 * report (default 2000 ms, `parseBudgetMs`); a block over it is read by the
 * light fallback and gets a `parse-skipped` information diagnostic. Kept by
 * the parser `main` is given (./bin/cli.ts: the worker pool, ./parsing/pool.ts).
 * Exit code: 0 no errors, 1 at least one error-severity diagnostic, 2 usage
 * or I/O error (missing file, directory or glob without Markdown files, named pipe, not UTF-8,
 * cannot write), after checking the files that could be read, or an unusable `.dmreport.yaml`
 * (`invalid-config`: the files are checked with the defaults and its problem is reported).
 * `COMMAND --help` (or `-h`, or `help COMMAND`) prints that command's usage. A closed output pipe (`dm-report check … | head -1`)
 * ends the run quietly.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { UnreadableFileError, type Host } from './host/host';
import { NodeHost } from './host/node';
import { Workspace } from './engine/workspace';
import { ReportEngine } from './engine/engine';
import type { BlockParser } from './model/blockParser';
import { formatYearMonth, parseYearMonth, type Period } from './model/periods';
import { planNewMonth } from './features/newMonthCommand';
import { checkInProcess, decodeReport, finishCheck, PARALLEL_MIN_TEXT, parseCheckArgs, planCheck, readReportFile, STDIN_FILE, STDIN_NAME, TEXT_PER_WORKER, type CheckContext, type CliResult } from './cli/check';
import { checkInWorkers } from './cli/pool';
import { plural } from './cli/formats';
// esbuild inlines this one field of package.json into dist/cli.js.
import { version } from '../../package.json';

export { STDIN_NAME, readReportFile, type CliResult } from './cli/check';
export { describeFixes, fixedProblems } from './cli/checkFile';

/** The synopsis and the options of each command, for the general help and the command's own. */
const COMMANDS = {
  check: {
    synopsis: 'dm-report check FILE|DIR|GLOB... [--format text|json|sarif|github] [--fix] [--cache] [--jobs N] [--parse-budget MS]',
    options: `check: checks DM monthly reports (Markdown) and prints their diagnostics.
  FILE            a report; - reads standard input (shown as <stdin>)
  DIR             its *.md files, recursively (node_modules, dot-directories
                  and .gitignore'd files skipped)
  GLOB            the Markdown files it matches ("reports/**/*.md": quote it)
  --format text   file:line:col severity code message, one line each (default)
  --format json   [{"file", "diagnostics": [LSP Diagnostic]}], 0-based ranges
  --format sarif  a SARIF 2.1.0 log (GitHub code scanning)
  --format github GitHub Actions annotations (::error file=…,line=…::message)
  --fix           first rewrites each FILE in place with every safe fix
                  (not for -), then reports what is left
  --cache         keeps results in .dmreport-cache: an unchanged file is not
                  checked again (--cache-location PATH: another file, or a
                  directory for it)
  -j, --jobs N    checks files in N worker threads (default: one per core
                  when there is much to check; 1: in this process)
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

/** What `main` runs with besides its arguments; the shell (./bin/cli.ts) passes the real ones, tests their own. */
export interface CliOptions {
  /** The file system (default: the Node host). Relative paths resolve against its `cwd()`. */
  host?: Host;
  /** The engines by configuration (default: a new workspace on `host`). */
  workspace?: Workspace;
  /** Reads all of standard input, for a FILE of `-` (default: none; reading throws). */
  stdin?: () => Uint8Array;
  /** The tool's identity for the results cache: version and build (default: the version alone). The shell adds its bundle's hash. */
  toolId?: () => string;
  /**
   * Parses the blocks of reports within the budget, for the default workspace's engines
   * (./bin/cli.ts: the worker pool); default remark-parse in this thread, without a budget.
   */
  parser?: BlockParser;
  /** Writes on standard error at once (the progress line; default: none). */
  progress?: (text: string) => void;
  /** Whether standard output and standard error are terminals (default: neither: no progress line). */
  terminal?: { stdout: boolean; stderr: boolean };
}

/** What `run` adds: the worker threads. */
export interface RunOptions extends CliOptions {
  /**
   * The worker's bundle (`dist/cli-worker.js`, absolute); without it, or with a `host` that is not a
   * `NodeHost` or a `workspace` given, every file is checked in process.
   */
  workerScript?: string;
  /** The default of `--jobs`: the number of cores (`os.availableParallelism()`; default 1). */
  parallelism?: number;
}

/** What each command works with. */
type CliContext = CheckContext;

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
  const ctx = context(options);
  const [command, ...rest] = args;
  if (command === 'check' && !asksForHelp(rest)) {
    const request = parseCheckArgs(rest, commandUsage('check'));
    if ('code' in request) return request;
    const plan = planCheck(request, ctx);
    checkInProcess(plan, ctx);
    return finishCheck(plan, ctx);
  }
  return otherCommand(args, ctx);
}

/**
 * As `main`, with `check`'s files checked by worker threads when there is a `workerScript` and
 * `workerCount` says more than one (`--jobs`, else `options.parallelism` for enough text); the
 * output is the same as `main`'s. The shell (./bin/cli.ts) runs this.
 * Never rejects.
 */
export async function run(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const ctx = context(options);
  const [command, ...rest] = args;
  if (command !== 'check' || asksForHelp(rest)) return otherCommand(args, ctx);
  const request = parseCheckArgs(rest, commandUsage('check'));
  if ('code' in request) return request;
  const plan = planCheck(request, ctx);
  // Workers read and write through a Node host and a workspace of their own: not with a host or workspace given (tests).
  const jobs = ctx.host instanceof NodeHost && !options.workspace ? workerCount(request.jobs, options.parallelism ?? 1, plan.pending) : 1;
  if (options.workerScript && jobs > 1) await checkInWorkers(plan, options.workerScript, jobs);
  else checkInProcess(plan, ctx);
  return finishCheck(plan, ctx);
}

/**
 * How many workers check the pending files (1: none, in process): `--jobs N` as given, else one
 * per core when the texts add up to `PARALLEL_MIN_TEXT`, one per `TEXT_PER_WORKER` of text at
 * most; never more than there are files, never a pool for one file.
 */
export function workerCount(jobs: number | undefined, cores: number, pending: readonly { text: string }[]): number {
  if (jobs !== undefined) return Math.min(jobs, pending.length);
  const text = pending.reduce((n, t) => n + t.text.length, 0);
  if (text < PARALLEL_MIN_TEXT) return 1;
  return Math.max(1, Math.min(cores, pending.length, Math.floor(text / TEXT_PER_WORKER)));
}

/** The context of a run from its options, with the defaults. */
function context(options: CliOptions): CliContext {
  const host = options.host ?? new NodeHost();
  return {
    host,
    workspace: options.workspace ?? new Workspace({ host, createEngine: (config, settings) => new ReportEngine(settings, { host, parser: options.parser }, config) }),
    stdin:
      options.stdin ??
      (() => {
        throw new UnreadableFileError('EBADF', 'no standard input');
      }),
    tool: { version, id: options.toolId ?? (() => `dm-report@${version}`) },
    progress: options.progress,
    terminal: options.terminal,
  };
}

/** Every command but a `check` run: help, version, `new`, unknown commands. */
function otherCommand(args: string[], ctx: CliContext): CliResult {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    if (topic === undefined) return { code: 0, out: USAGE + '\n', err: '' };
    if (Object.hasOwn(COMMANDS, topic)) return { code: 0, out: commandUsage(topic as Command) + '\n', err: '' };
    return { code: 2, out: '', err: `dm-report: help: unknown command "${topic}" (commands: ${Object.keys(COMMANDS).join(', ')})\n` };
  }
  if (command === '--version') return { code: 0, out: `${version}\n`, err: '' };
  if ((command === 'check' || command === 'new') && asksForHelp(rest)) return { code: 0, out: commandUsage(command) + '\n', err: '' };
  if (command === 'new') return newReport(rest, ctx);
  return { code: 2, out: '', err: `dm-report: ${command ? `unknown command "${command}"` : 'no command'}\n${USAGE}\n` };
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
