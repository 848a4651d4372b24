/**
 * `dm-report`: the command-line checker, on the same engine as the language server.
 *
 *   dm-report check FILE... [--format text|json]
 *   dm-report --version | --help
 *
 * A FILE of `-` is standard input, reported as `<stdin>`; after `--` every
 * argument is a file, even one starting with `-`.
 * Text output: one line per diagnostic, `file:line:col severity code message`
 * (1-based line and column), then a summary line. JSON output:
 * `[{"file": "...", "diagnostics": [<LSP Diagnostic>...]}]` with 0-based LSP
 * ranges and numeric LSP severities.
 * Exit code: 0 no errors, 1 at least one error-severity diagnostic, 2 usage
 * or I/O error (missing file, directory, not UTF-8), after checking the
 * files that could be read. A closed output pipe (`dm-report check … | head -1`)
 * ends the run quietly.
 */
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isAbsolute, relative, resolve } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { Workspace } from './workspace';
import { getDiagnostics } from './features/diagnostics';
// esbuild inlines this one field of package.json into dist/cli.js.
import { version } from '../../package.json';

const USAGE = `Usage: dm-report check FILE... [--format text|json]
       dm-report --version
       dm-report --help

Checks DM monthly reports (Markdown) and prints their diagnostics.
  FILE            a report; - reads standard input (shown as <stdin>)
  --format text   file:line:col severity code message, one line each (default)
  --format json   [{"file", "diagnostics": [LSP Diagnostic]}], 0-based ranges
  --              ends the options: every later argument is a FILE
  --version       prints the version
Exit code: 0 no errors, 1 errors found, 2 usage or I/O error.`;

/** The name standard input (`-`) goes by in the output. */
export const STDIN_NAME = '<stdin>';

/** Standard input is checked as if it were this file of the current directory (for `.dmreport.yaml` lookup and file-name rules). */
const STDIN_FILE = 'stdin.md';

/** A path as the output names it: relative to the current directory when below it. */
function relativeName(path: string): string {
  const rel = relative(process.cwd(), path);
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
 * Reads a report as UTF-8.
 * @throws Error with a message naming the file when it is missing, a directory, or not valid UTF-8.
 */
export function readReport(file: string): string {
  let stat;
  try {
    stat = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(e)})`);
  }
  if (stat.isDirectory()) throw new Error(`${file}: is a directory, not a Markdown file`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return decodeReport(bytes, file);
}

/** Reads all of standard input (file descriptor 0). */
function readStdin(): Uint8Array {
  return readFileSync(0);
}

/**
 * Runs the CLI on arguments (without `node` and the script).
 * Never throws; every failure becomes exit code 2 with a message in `err`.
 * Each file is checked with the nearest `.dmreport.yaml` above it (standard
 * input: the one above the current directory); an invalid configuration is
 * reported as an entry of its own, with an error, and the files are checked
 * with the defaults.
 * @param workspace the engines by configuration (tests pass their own).
 * @param stdin reads standard input, for a FILE of `-` (tests pass their own).
 */
export function main(args: string[], workspace = new Workspace(), stdin: () => Uint8Array = readStdin): CliResult {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') return { code: 0, out: USAGE + '\n', err: '' };
  if (command === '--version') return { code: 0, out: `${version}\n`, err: '' };
  if (command !== 'check') {
    return { code: 2, out: '', err: `dm-report: ${command ? `unknown command "${command}"` : 'no command'}\n${USAGE}\n` };
  }
  let format = 'text';
  const files: string[] = [];
  let options = true;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!options || a === '-') files.push(a);
    else if (a === '--') options = false;
    else if (a === '--format') format = rest[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a.startsWith('-')) return { code: 2, out: '', err: `dm-report: unknown option "${a}"\n${USAGE}\n` };
    else files.push(a);
  }
  if (format !== 'text' && format !== 'json') return { code: 2, out: '', err: `dm-report: --format must be text or json, not "${format}"\n` };
  if (files.length === 0) return { code: 2, out: '', err: `dm-report: no files to check\n${USAGE}\n` };
  if (files.filter((f) => f === '-').length > 1) return { code: 2, out: '', err: `dm-report: standard input (-) can be checked only once\n` };

  const results: { file: string; path: string; diagnostics: Diagnostic[] }[] = [];
  let err = '';
  let ioError = false;
  for (const file of files) {
    const name = file === '-' ? STDIN_NAME : file;
    let text: string;
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
        text = readReport(file);
      }
    } catch (e) {
      err += `dm-report: ${(e as Error).message}\n`;
      ioError = true;
      continue;
    }
    const uri = file === '-' ? pathToFileURL(resolve(STDIN_FILE)).href : pathToFileURL(resolve(file)).href;
    const engine = workspace.engineFor(uri);
    const { file: configFile, problems } = engine.config;
    if (configFile && problems.length && !results.some((r) => r.path === configFile)) {
      results.push({ file: relativeName(configFile), path: configFile, diagnostics: problems });
    }
    const analysis = engine.analyze(uri, text, 0);
    results.push({ file: name, path: uri, diagnostics: getDiagnostics(analysis) });
    engine.close(uri);
  }

  const all = results.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === DiagnosticSeverity.Error).length;
  let out: string;
  if (format === 'json') {
    out = JSON.stringify(results.map(({ file, diagnostics }) => ({ file, diagnostics })), null, 2) + '\n';
  } else {
    const lines = results.flatMap((r) =>
      r.diagnostics.map(
        (d) => `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity ?? 1]} ${d.code} ${d.message}`,
      ),
    );
    const count = (s: DiagnosticSeverity) => all.filter((d) => d.severity === s).length;
    const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
    lines.push(
      `${n(all.length, 'problem')} (${n(errors, 'error')}, ${n(count(DiagnosticSeverity.Warning), 'warning')}, ` +
        `${count(DiagnosticSeverity.Information)} info, ${n(count(DiagnosticSeverity.Hint), 'hint')}) in ${n(results.length, 'file')}`,
    );
    out = lines.join('\n') + '\n';
  }
  return { code: ioError ? 2 : errors > 0 ? 1 : 0, out, err };
}

if (require.main === module) {
  // A reader that stops early (`| head -1`) closes the pipe: stop quietly, with the check's exit code,
  // instead of dying on an unhandled EPIPE error with a stack trace.
  let code: number = 2;
  const quit = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(code);
    throw e;
  };
  process.stdout.on('error', quit);
  process.stderr.on('error', quit);
  const result = main(process.argv.slice(2));
  code = result.code;
  process.stdout.write(result.out);
  process.stderr.write(result.err);
  process.exitCode = result.code;
}
