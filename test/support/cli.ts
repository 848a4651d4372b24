/**
 * The CLI in-process: `runCli` calls `main` (server/src/cli.ts) as the real
 * entry point (server/src/bin/cli.ts, `dist/cli.js`) does, without starting a
 * Node process — a test of what the CLI prints and returns costs an analysis,
 * not a process start-up. `main` does all its I/O through the host, so:
 *
 *   // files that only need to exist: in memory, no temporary directory
 *   const host = new MemoryHost({ '/ws/2017-04.md': text }, { cwd: '/ws' });
 *   runCli(['check', '2017-04.md'], { host });
 *
 *   // the real file system (permissions, directories, bytes on disk)
 *   runCli(['check', 'report.md'], { cwd: dir });   // a NodeHost in `dir`
 *
 * What only a real process shows (exit status, the `#!` banner, a real stdin
 * pipe, EPIPE) is tested by spawning `dist/cli.js` in test/protocol/cli-e2e.test.ts.
 */
import { fileURLToPath } from 'node:url';
import { main } from '../../server/src/cli.ts';
import type { Host } from '../../server/src/host/host.ts';
import { MemoryHost } from '../../server/src/host/memory.ts';
import { NodeHost } from '../../server/src/host/node.ts';

/** The repository root (absolute, with a trailing separator). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What one CLI run gives: its exit code and what it would write on standard output and error. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** How `runCli` runs the CLI. */
export interface RunCliOptions {
  /** The file system; default a `NodeHost` in `cwd`. A `MemoryHost` has its own current directory. */
  host?: Host;
  /** The current directory of the default `NodeHost` (default: the repository root). Ignored with `host`. */
  cwd?: string;
  /** Standard input for a FILE of `-`: text (encoded as UTF-8) or bytes. Without it, reading standard input fails as with a closed descriptor. */
  stdin?: string | Uint8Array;
}

/**
 * Runs `dm-report ARGS…` in-process (`main` of server/src/cli.ts, a new workspace each run).
 * @param args the arguments after `dm-report` (`['check', '--format', 'json', 'a.md']`).
 * @returns the exit code and the text of standard output and standard error.
 */
export function runCli(args: string[], options: RunCliOptions = {}): CliRun {
  const host = options.host ?? new NodeHost({ cwd: options.cwd ?? ROOT });
  const input = options.stdin;
  const stdin = input === undefined ? undefined : () => (typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  const { code, out, err } = main(args, { host, stdin });
  return { code, out, err };
}

/**
 * An in-memory file system for CLI runs: `files` by path relative to `cwd` (or absolute), `cwd`
 * default `/ws`.
 * @example memoryHost({ '2017-04.md': text, '.dmreport.yaml': 'template: dm-monthly-2017\n' })
 */
export function memoryHost(files: Record<string, string>, cwd = '/ws'): MemoryHost {
  const absolute: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) absolute[path.startsWith('/') ? path : `${cwd}/${path}`] = text;
  return new MemoryHost(absolute, { cwd });
}
