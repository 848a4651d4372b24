/**
 * The worker pool of `dm-report check --jobs N` (server/src/cli/pool.ts) when workers fail:
 * `run` with worker scripts that crash or answer with an error. A failed file gets a message at
 * its place and the run exits 2; the others are still checked; the run ends (no hang). That
 * working workers give the bytes of one job is test/protocol/cli-parallel.test.ts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../server/src/cli.ts';
import { NodeHost } from '../../server/src/host/node.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-cli-pool-'));
  for (const name of ['a', 'b', 'c', 'd']) writeFileSync(join(dir, `${name}.md`), '# Notes\n');
  // A worker that dies on its first file, and one that answers every file with an error.
  writeFileSync(join(dir, 'crash.cjs'), "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
  writeFileSync(join(dir, 'error.cjs'), "const { parentPort } = require('node:worker_threads');\nparentPort.on('message', (t) => parentPort.postMessage({ id: t.id, error: 'Error: boom\\n    at somewhere' }));\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

const files = ['a.md', 'b.md', 'c.md', 'd.md'];

test('workers that crash: every file they took is "not checked", exit 2; replacements are bounded, the run ends', async () => {
  const r = await run(['check', '-j', '2', ...files, 'missing.md'], { host: new NodeHost({ cwd: dir }), workerScript: join(dir, 'crash.cjs') });
  assert.deepEqual(r, {
    code: 2,
    out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 0 files\n',
    err: files.map((f) => `dm-report: ${f}: not checked (the worker exited with code 3)\n`).join('') + 'dm-report: missing.md: no such file\n',
  });
});

test('a worker that answers with an error: that file is "not checked (its first line)", exit 2', async () => {
  const r = await run(['check', '--jobs=3', ...files], { host: new NodeHost({ cwd: dir }), workerScript: join(dir, 'error.cjs') });
  assert.deepEqual(r, { code: 2, out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 0 files\n', err: files.map((f) => `dm-report: ${f}: not checked (Error: boom)\n`).join('') });
});

test('run without a worker script, or with --jobs 1: in process, as main', async () => {
  const host = new NodeHost({ cwd: dir });
  const inProcess = await run(['check', '-j', '2', ...files], { host });
  assert.equal(inProcess.code, 0);
  assert.equal(inProcess.out.split('\n').at(-2), '16 problems (0 errors, 16 warnings, 0 info, 0 hints) in 4 files');
  assert.deepEqual(await run(['check', '-j', '1', ...files], { host, workerScript: join(dir, 'crash.cjs') }), inProcess);
});
