/**
 * Entry point of the command-line checker (`dist/cli.js`, `dm-report`): runs
 * `main` (../cli.ts) on the process's arguments with the Node host, the real
 * standard input and the parse pool (../parsing/pool.ts: each block of a report
 * parsed in a worker thread within `--parse-budget`), and writes what it returns.
 */
import { readFileSync } from 'node:fs';
import { main } from '../cli';
import { NodeHost } from '../host/node';
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
const result = main(process.argv.slice(2), { host: new NodeHost(), stdin: () => readFileSync(0), parser: new ParsePool() });
code = result.code;
process.stdout.write(result.out);
process.stderr.write(result.err);
process.exitCode = result.code;
