/**
 * Entry point of the command-line checker (`dist/cli.js`, `dm-report`): runs
 * `run` (../cli.ts) on the process's arguments with the Node host, the real
 * standard input, worker threads from `dist/cli-worker.js` (./cliWorker.ts)
 * and one job per core, the parse pool (../parsing/pool.ts: each block of a report
 * parsed in a worker thread within `--parse-budget`), and writes what it returns. The progress line goes to
 * standard error as it happens; everything else once the run is done.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { run } from '../cli';
import { NodeHost } from '../host/node';
// esbuild inlines this one field of package.json into dist/cli.js.
import { version } from '../../../package.json';
import { ParsePool } from '../parsing/pool';

// A reader that stops early (`| head -1`) closes the pipe: stop quietly, with the check's exit code,
// instead of dying on an unhandled EPIPE error with a stack trace.
let code: number = 2;
const quit = (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(code);
  throw e;
};
process.stdout.on('error', quit);
process.stderr.on('error', quit);

/**
 * The identity of this build for the results cache: the version and a hash of this bundle (the
 * catalogs, templates and rules are in it), so that another build never reuses another's results.
 */
function toolId(): string {
  return `dm-report@${version}+${createHash('sha256').update(readFileSync(__filename)).digest('hex').slice(0, 16)}`;
}

// Without its worker bundle beside it (a copied dist/cli.js), the CLI checks every file in process.
const workerScript = join(__dirname, 'cli-worker.js');

void run(process.argv.slice(2), {
  host: new NodeHost(),
  stdin: () => readFileSync(0),
  toolId,
  parser: new ParsePool(),
  workerScript: existsSync(workerScript) ? workerScript : undefined,
  parallelism: availableParallelism(),
  progress: (text) => process.stderr.write(text),
  terminal: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
}).then((result) => {
  code = result.code;
  process.stdout.write(result.out);
  process.stderr.write(result.err);
  process.exitCode = result.code;
});
