/**
 * The progress line of `dm-report check` on standard error (`checked 4/12 files`, rewritten in
 * place with `\r`, erased at the end), in-process with a recording writer: shown only for many
 * files, on a terminal, and not when a machine-readable format goes to a pipe.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../server/src/cli.ts';
import { PROGRESS_MIN_FILES } from '../../server/src/cli/check.ts';
import { memoryHost } from '../support/cli.ts';

const NOTE = '# Notes\n';

/** A folder of `n` notes. */
function folder(n: number) {
  return memoryHost(Object.fromEntries(Array.from({ length: n }, (_, i) => [`r/${String(i).padStart(2, '0')}.md`, NOTE])));
}

/** What the progress writer received in a run of `check ARGS r` on `n` files. */
function progress(n: number, args: string[], terminal: { stdout: boolean; stderr: boolean }, host = folder(n)): string[] {
  const written: string[] = [];
  const r = main(['check', ...args, 'r'], { host, progress: (t) => written.push(t), terminal });
  assert.equal(r.err, '');
  return written;
}

test(`on a terminal, from ${PROGRESS_MIN_FILES} files on: one line per file checked, erased at the end`, () => {
  assert.equal(PROGRESS_MIN_FILES, 10);
  const lines = progress(12, [], { stdout: true, stderr: true });
  assert.deepEqual(lines, [...Array.from({ length: 12 }, (_, i) => `\rchecked ${i + 1}/12 files`), '\r\u001b[K']);
  // Text output to a pipe or a file: the progress is still on the terminal.
  assert.deepEqual(progress(12, [], { stdout: false, stderr: true }), lines);
  // JSON, SARIF or GitHub output on a terminal: shown too.
  assert.deepEqual(progress(12, ['--format', 'json'], { stdout: true, stderr: true }), lines);
});

test('never when standard error is no terminal, for fewer files, or with json/sarif/github going to a pipe', () => {
  assert.deepEqual(progress(12, [], { stdout: true, stderr: false }), []);
  assert.deepEqual(progress(9, [], { stdout: true, stderr: true }), []);
  for (const format of ['json', 'sarif', 'github']) assert.deepEqual(progress(12, ['--format', format], { stdout: false, stderr: true }), [], format);
});

test('files found in the cache count at once: the first line says how many', () => {
  const host = folder(12);
  main(['check', '--cache', 'r'], { host });
  host.set('/ws/r/05.md', NOTE + '\nMore.\n');
  assert.deepEqual(progress(12, ['--cache'], { stdout: true, stderr: true }, host), ['\rchecked 11/12 files', '\rchecked 12/12 files', '\r\u001b[K']);
});
