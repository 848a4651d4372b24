/**
 * How many worker threads `dm-report check` uses (`workerCount`, server/src/cli.ts) and the
 * `--jobs` option's usage errors, in-process. That the workers' output is the bytes of one job is
 * test/protocol/cli-parallel.test.ts (real processes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerCount } from '../../server/src/cli.ts';
import { PARALLEL_MIN_TEXT, TEXT_PER_WORKER } from '../../server/src/cli/check.ts';
import { memoryHost, runCli } from '../support/cli.ts';
import { REFERENCE_TEXT } from '../support/reference.ts';

/** `n` pending files of `size` characters each. */
const files = (n: number, size: number) => Array.from({ length: n }, () => ({ text: 'x'.repeat(size) }));

test('without --jobs: one per core for enough text, one per TEXT_PER_WORKER of it at most, in process below PARALLEL_MIN_TEXT', () => {
  assert.deepEqual([PARALLEL_MIN_TEXT, TEXT_PER_WORKER], [262144, 131072]);
  const reference = 61_000; // about the reference report
  assert.equal(workerCount(undefined, 2, files(120, reference)), 2);
  assert.equal(workerCount(undefined, 8, files(120, reference)), 8);
  assert.equal(workerCount(undefined, 8, files(5, reference)), 2); // 305,000 characters: two workers' worth
  assert.equal(workerCount(undefined, 2, files(4, reference)), 1); // 244,000: below the threshold
  assert.equal(workerCount(undefined, 2, files(17, 7_000)), 1); // the corpus
  assert.equal(workerCount(undefined, 4, files(1, 10_000_000)), 1); // one file: never a pool
  assert.equal(workerCount(undefined, 2, []), 1);
});

test('--jobs N: N workers whatever the size, never more than the files; 1 is in process', () => {
  assert.equal(workerCount(2, 8, files(17, 7_000)), 2);
  assert.equal(workerCount(4, 2, files(3, 10)), 3);
  assert.equal(workerCount(1, 8, files(120, 61_000)), 1);
  assert.equal(workerCount(2, 2, files(1, 61_000)), 1);
});

test('--jobs: a whole number from 1 on, as -j N, -jN, --jobs N or --jobs=N', () => {
  const host = memoryHost({ 'a.md': '# Notes\n' });
  const ok = runCli(['check', 'a.md'], { host });
  for (const args of [['-j', '2'], ['-j2'], ['--jobs', '3'], ['--jobs=1']]) assert.deepEqual(runCli(['check', ...args, 'a.md'], { host }), ok, args.join(' '));
  for (const [args, bad] of [[['--jobs=0'], '0'], [['--jobs', 'two'], 'two'], [['-j', '-1'], '-1'], [['--jobs='], ''], [['-j'], '']] as const) {
    assert.deepEqual(runCli(['check', ...args], { host }), { code: 2, out: '', err: `dm-report: --jobs must be a whole number from 1 (one process) on, not "${bad}"\n` }, args.join(' '));
  }
});

test('--fix with a file given twice: its second place sees what the first wrote (nothing left to fix), as one file after another', () => {
  const host = memoryHost({ 'a.md': REFERENCE_TEXT, 'b.md': '# Notes\n' });
  const r = runCli(['check', '--fix', '--format', 'json', 'a.md', 'b.md', './a.md'], { host });
  assert.equal(r.err, 'dm-report: a.md: fixed 69 problems (61 placeholder-link, 7 heading-level, 1 malformed-ticket)\ndm-report: b.md: not fixed: it does not look like a DM report\n');
  const entries = JSON.parse(r.out) as { file: string; fixed: number; diagnostics: unknown[] }[];
  assert.deepEqual(entries.map((e) => [e.file, e.fixed, e.diagnostics.length]), [['a.md', 68, 8], ['b.md', 0, 4], ['./a.md', 0, 8]]);
});
