/**
 * The bundled CLI (`node dist/cli.js`) checking many files: with worker threads (`--jobs 2`,
 * `dist/cli-worker.js`) the text and JSON outputs are byte for byte those of one job (in
 * process), on the corpus (test/corpus, a directory argument; SARIF and GitHub output are pure
 * functions of the same results, test/unit/cli-formats.test.ts); `--cache` through the real
 * process (the bundle's hash in the key) gives the same bytes cold and warm; `--fix` writes the
 * same with workers; the progress line never goes to a standard error that is a pipe (every
 * standard error here is empty), and shows on a real terminal (a pty from script(1)).
 * Build first (`node esbuild.mjs`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI, ROOT } from './lsp';

const run = promisify(execFile);

/** Runs `node dist/cli.js ARGS…` in `cwd`; its exit code, stdout and stderr. */
async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-cli-parallel-'));
  cpSync(join(ROOT, 'test', 'corpus'), join(dir, 'corpus'), { recursive: true });
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the worker bundle is beside the CLI', () => {
  assert.ok(existsSync(join(CLI, '..', 'cli-worker.js')));
});

test('--jobs 2 gives the bytes of --jobs 1 on the corpus: text and json', async () => {
  for (const format of ['text', 'json']) {
    const [one, two] = await Promise.all([cli(['check', '-j', '1', '--format', format, 'corpus'], dir), cli(['check', '--jobs=2', '--format', format, 'corpus'], dir)]);
    assert.equal(two.out, one.out, format);
    assert.equal(two.err, one.err, format);
    assert.equal(two.code, one.code, format);
    assert.equal(one.err, '', format);
  }
});

test('--cache in the real process: cold and warm give the bytes of a run without it; a glob too', async () => {
  const plain = await cli(['check', 'corpus/**/*.md'], dir);
  const cold = await cli(['check', '--cache', '-j2', 'corpus/**/*.md'], dir);
  assert.ok(existsSync(join(dir, '.dmreport-cache')));
  const warm = await cli(['check', '--cache', '-j2', 'corpus/**/*.md'], dir);
  assert.deepEqual(cold, plain);
  assert.deepEqual(warm, plain);
  // The README is not a report, but a glob of *.md finds it; the corpus test skips it, check does not.
  assert.ok(plain.out.includes('corpus/README.md:'));
});

test('--fix --jobs 2 writes what --jobs 1 writes and says the same, a file given twice included', async () => {
  for (const jobs of ['1', '2']) {
    mkdirSync(join(dir, `fix${jobs}`));
    for (const f of ['2017/2017-06.md', 'shapes/2017-11.md', 'ids/2017-09.md']) cpSync(join(dir, 'corpus', f), join(dir, `fix${jobs}`, f.replace('/', '-')));
  }
  const args = (jobs: string) => ['check', '--fix', '-j', jobs, '--format', 'json', 'ids-2017-09.md', '2017-2017-06.md', 'shapes-2017-11.md', '2017-2017-06.md'];
  const [one, two] = await Promise.all([cli(args('1'), join(dir, 'fix1')), cli(args('2'), join(dir, 'fix2'))]);
  assert.deepEqual(two, one);
  assert.equal(one.err.split('\n').filter((l) => l.startsWith('dm-report: 2017-2017-06.md: fixed')).length, 1);
  for (const f of ['ids-2017-09.md', '2017-2017-06.md', 'shapes-2017-11.md']) assert.equal(readFileSync(join(dir, 'fix2', f), 'utf8'), readFileSync(join(dir, 'fix1', f), 'utf8'), f);
});

test('on a real terminal (a pty from script(1)): the progress line, erased at the end; none when JSON goes to a pipe', { skip: !existsSync('/usr/bin/script') && 'no script(1)' }, async () => {
  const inPty = async (command: string) => (await run('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout: string }) => e)).stdout;
  const node = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;
  const text = await inPty(`${node} check -j 2 corpus`);
  const count = (JSON.parse((await cli(['check', '--format', 'json', 'corpus'], dir)).out) as unknown[]).length;
  assert.ok(text.includes(`\rchecked 1/${count} files`), text.slice(0, 200));
  assert.ok(text.includes(`\rchecked ${count}/${count} files\r\u001b[K`));
  const json = await inPty(`${node} check --format json corpus | cat`);
  assert.ok(!json.includes('checked '), json.slice(0, 200));
  assert.ok(json.trimStart().startsWith('['));
});
