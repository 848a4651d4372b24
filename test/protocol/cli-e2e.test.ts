/**
 * The bundled CLI (`node dist/cli.js`) as a real process, for what only a real
 * process shows: its exit status and what it writes on stdout and stderr, `-`
 * reading a real stdin pipe, the `#!` banner and `--version`, a reader that
 * closes the pipe early (EPIPE), `check --fix` writing a real file, and the
 * environment (a Jira token) having no effect. Everything else about the CLI
 * is tested in-process (test/unit/cli*.test.ts, test/support/cli.ts); here each
 * real run is compared with the in-process one. Build first (`node esbuild.mjs`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './lsp';
import { memoryHost, runCli, type CliRun } from '../support/cli';
import { REFERENCE_FILE as SAMPLE, REFERENCE_TEXT as SAMPLE_TEXT, referenceFixed } from '../support/reference';
import { MockJira } from '../support/jiraServer';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-cli-e2e-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `node dist/cli.js ARGS…` in `cwd` (default the repository root) and waits for it. */
function spawnCli(args: string[], options: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, input: options.input, env: options.env, encoding: 'utf8' });
  assert.equal(r.error, undefined);
  assert.equal(r.signal, null);
  return { code: r.status!, out: r.stdout, err: r.stderr };
}

test('a real process: the exit code, stdout and stderr of check on the reference, and of a usage error, are those of main', () => {
  const real = spawnCli(['check', SAMPLE]);
  assert.equal(real.code, 1);
  assert.deepEqual(real, runCli(['check', SAMPLE], { cwd: ROOT }));
  const usage = spawnCli(['check', '--bogus', SAMPLE]);
  assert.equal(usage.code, 2);
  assert.equal(usage.out, '');
  assert.match(usage.err, /^dm-report: unknown option "--bogus"\nUsage: dm-report check FILE/);
});

test('dist/cli.js starts with the #! banner (an npm bin); --version prints the version of package.json', () => {
  assert.equal(readFileSync(CLI, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(spawnCli(['--version']), { code: 0, out: `${version}\n`, err: '' });
});

test('- reads a real standard input pipe (text, and bytes that are not UTF-8)', () => {
  const text = SAMPLE_TEXT.slice(0, SAMPLE_TEXT.indexOf('## Detailed')) + 'See [DM-10441](#).\n';
  const real = spawnCli(['check', '-'], { input: text });
  assert.ok(real.out.includes('<stdin>:'), real.out);
  assert.deepEqual(real, runCli(['check', '-'], { host: memoryHost({}, ROOT.replace(/\/$/, '')), stdin: text }));
  assert.deepEqual(spawnCli(['check', '-'], { input: Buffer.from([0x23, 0x20, 0xe9, 0x0a]) }), {
    code: 2,
    out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 0 files\n',
    err: 'dm-report: <stdin>: not valid UTF-8 text\n',
  });
});

test('a reader that closes the pipe early (`| head -1`): no EPIPE stack trace, the exit code of the check', async () => {
  // 20 copies of the reference: far more diagnostic lines than a pipe buffer holds.
  const big = join(dir, 'big.md');
  writeFileSync(big, SAMPLE_TEXT.repeat(20));
  const child = spawn(process.execPath, [CLI, 'check', big], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  assert.equal(err, '');
  assert.equal(code, 1);
});

test('check --fix rewrites a real file: the text, stdout and stderr of the in-process run', () => {
  const folder = join(dir, 'fix');
  mkdirSync(folder);
  writeFileSync(join(folder, '2017-04.md'), SAMPLE_TEXT);
  const real = spawnCli(['check', '--fix', '2017-04.md'], { cwd: folder });
  assert.equal(real.code, 0);
  assert.deepEqual(real, runCli(['check', '--fix', '2017-04.md'], { host: memoryHost({ '2017-04.md': SAMPLE_TEXT }) }));
  assert.equal(readFileSync(join(folder, '2017-04.md'), 'utf8'), referenceFixed().text);
});

test('a Jira token in the environment changes nothing: the real CLI never contacts Jira', async () => {
  const jira = await MockJira.start();
  try {
    const ws = join(dir, 'tickets');
    mkdirSync(ws);
    writeFileSync(join(ws, '.dmreport.yaml'), `tickets:\n  exportFile: tickets.json\n  jira:\n    baseUrl: ${jira.baseUrl}\n`);
    writeFileSync(join(ws, 'tickets.json'), '[\n  {"key": "DM-1", "summary": "One"},\n  {"key": "DM-AP-14"}\n]\n');
    writeFileSync(join(ws, 'report.md'), '# Data Management Monthly Report\n\n## April 2017\n\nSee DM-1 and DM-2.\n');
    const env = { ...process.env, DM_REPORT_JIRA_TOKEN: 'cli-token', DM_REPORT_CACHE_DIR: join(ws, 'cache') };
    const real = spawnCli(['check', 'report.md', '--format', 'json'], { cwd: ws, env });
    assert.deepEqual(jira.requests, []);
    assert.equal(real.err, '');
    assert.deepEqual((JSON.parse(real.out) as { file: string }[]).map((e) => e.file), ['tickets.json', 'report.md']);
    assert.deepEqual(real, runCli(['check', 'report.md', '--format', 'json'], { cwd: ws }));
  } finally {
    await jira.close();
  }
});
