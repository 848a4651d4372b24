/**
 * The bundled CLI (`node dist/cli.js`) as a real process, for what only a real
 * process shows: its exit status and what it writes on stdout and stderr, `-`
 * reading a real stdin pipe, the `#!` banner and `--version`, a reader that
 * closes the pipe early (EPIPE), `check --fix` writing a real file, and the
 * environment (a Jira token) having no effect. Everything else about the CLI
 * is tested in-process (test/unit/cli*.test.ts, test/support/cli.ts); here each
 * real run is compared with the in-process one. The processes run concurrently,
 * all started by `before`; each test awaits and checks its own. Build first
 * (`node esbuild.mjs`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './lsp';
import { memoryHost, runCli, type CliRun } from '../support/cli';
import { REFERENCE_FILE as SAMPLE, REFERENCE_TEXT as SAMPLE_TEXT, referenceFixed } from '../support/reference';
import { MockJira } from '../support/jiraServer';

/** What one real run gave. */
interface RealRun extends CliRun {
  signal: NodeJS.Signals | null;
}

/**
 * Starts `node dist/cli.js ARGS…` in `cwd` (default the repository root), `input` on its standard
 * input; resolves when it has exited, with its exit code, stdout and stderr.
 */
function spawnCli(args: string[], options: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RealRun> {
  return new Promise((resolve, reject) => {
    // A run that would hang (on a named pipe) is ended after `timeoutMs`: its signal fails the test.
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, out, err, signal }));
    child.stdin.end(options.input ?? '');
  });
}

/** A real run's exit code, stdout and stderr (it must have exited, not been killed). */
async function result(run: Promise<RealRun>): Promise<CliRun> {
  const { signal, ...r } = await run;
  assert.equal(signal, null);
  return r;
}

const STDIN_TEXT = SAMPLE_TEXT.slice(0, SAMPLE_TEXT.indexOf('## Detailed')) + 'See [DM-10441](#).\n';
const NOT_UTF8 = Buffer.from([0x23, 0x20, 0xe9, 0x0a]);
const BIG = '# Notes\n\n' + '- DM10221\n'.repeat(1500);
const TICKETS_REPORT = '# Data Management Monthly Report\n\n## April 2017\n\nSee DM-1 and DM-2.\n';

let dir: string;
let jira: MockJira;
/** The real runs, started together by `before`. */
let real: Record<'check' | 'usage' | 'version' | 'stdin' | 'stdinBytes' | 'fix' | 'tickets' | 'fifoCheck' | 'fifoFix' | 'fifoFrom' | 'fifoOutput', Promise<RealRun>>;
/** The exit code and stderr of the run whose stdout is closed at once (`| head -1`). */
let closedPipe: Promise<{ code: number | null; err: string }>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-cli-e2e-'));
  mkdirSync(join(dir, 'fix'));
  writeFileSync(join(dir, 'fix', '2017-04.md'), SAMPLE_TEXT);
  // Tickets: a base URL of a mock Jira in .dmreport.yaml, a token in the environment.
  jira = await MockJira.start();
  mkdirSync(join(dir, 'tickets'));
  writeFileSync(join(dir, 'tickets', '.dmreport.yaml'), `tickets:\n  exportFile: tickets.json\n  jira:\n    baseUrl: ${jira.baseUrl}\n`);
  writeFileSync(join(dir, 'tickets', 'tickets.json'), '[\n  {"key": "DM-1", "summary": "One"},\n  {"key": "DM-AP-14"}\n]\n');
  writeFileSync(join(dir, 'tickets', 'report.md'), TICKETS_REPORT);
  const env = { ...process.env, DM_REPORT_JIRA_TOKEN: 'cli-token', DM_REPORT_CACHE_DIR: join(dir, 'tickets', 'cache') };
  // Named pipes that no one writes or reads: opening one for reading or writing would wait forever.
  mkdirSync(join(dir, 'fifo'));
  execFileSync('mkfifo', [join(dir, 'fifo', 'pipe.md'), join(dir, 'fifo', 'out.md')]);
  writeFileSync(join(dir, 'fifo', '2017-04.md'), SAMPLE_TEXT);
  // A file with one error per line, whose output is more than twice what a pipe buffer (64 KiB) holds.
  writeFileSync(join(dir, 'big.md'), BIG);

  real = {
    check: spawnCli(['check', SAMPLE]),
    usage: spawnCli(['check', '--bogus', SAMPLE]),
    version: spawnCli(['--version']),
    stdin: spawnCli(['check', '-'], { input: STDIN_TEXT }),
    stdinBytes: spawnCli(['check', '-'], { input: NOT_UTF8 }),
    fix: spawnCli(['check', '--fix', '2017-04.md'], { cwd: join(dir, 'fix') }),
    tickets: spawnCli(['check', 'report.md', '--format', 'json'], { cwd: join(dir, 'tickets'), env }),
    fifoCheck: spawnCli(['check', 'pipe.md', '2017-04.md'], { cwd: join(dir, 'fifo'), timeoutMs: 20_000 }),
    fifoFix: spawnCli(['check', '--fix', 'pipe.md'], { cwd: join(dir, 'fifo'), timeoutMs: 20_000 }),
    fifoFrom: spawnCli(['new', '--from', 'pipe.md'], { cwd: join(dir, 'fifo'), timeoutMs: 20_000 }),
    fifoOutput: spawnCli(['new', '--from', '2017-04.md', '-o', 'out.md', '--force'], { cwd: join(dir, 'fifo'), timeoutMs: 20_000 }),
  };
  const child = spawn(process.execPath, [CLI, 'check', join(dir, 'big.md')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (err += d));
  closedPipe = new Promise((res) => child.on('close', (code) => res({ code, err })));
});

after(async () => {
  // Every run has ended (a test that failed early may not have awaited its own).
  await Promise.allSettled([...Object.values(real ?? {}), closedPipe]);
  await jira?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a real process: the exit code, stdout and stderr of check on the reference, and of a usage error, are those of main', async () => {
  const check = await result(real.check);
  assert.equal(check.code, 1);
  assert.deepEqual(check, runCli(['check', SAMPLE], { cwd: ROOT }));
  const usage = await result(real.usage);
  assert.equal(usage.code, 2);
  assert.equal(usage.out, '');
  assert.match(usage.err, /^dm-report: unknown option "--bogus"\nUsage: dm-report check FILE/);
});

test('dist/cli.js starts with the #! banner (an npm bin); --version prints the version of package.json', async () => {
  assert.equal(readFileSync(CLI, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(await result(real.version), { code: 0, out: `${version}\n`, err: '' });
});

test('- reads a real standard input pipe (text, and bytes that are not UTF-8)', async () => {
  const stdin = await result(real.stdin);
  assert.ok(stdin.out.includes('<stdin>:'), stdin.out);
  assert.deepEqual(stdin, runCli(['check', '-'], { host: memoryHost({}, ROOT.replace(/\/$/, '')), stdin: STDIN_TEXT }));
  assert.deepEqual(await result(real.stdinBytes), {
    code: 2,
    out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 0 files\n',
    err: 'dm-report: <stdin>: not valid UTF-8 text\n',
  });
});

test('a reader that closes the pipe early (`| head -1`): no EPIPE stack trace, the exit code of the check', async () => {
  // The output would not fit in the pipe: the process did write to the closed pipe.
  assert.ok(runCli(['check', '-'], { host: memoryHost({}), stdin: BIG }).out.length > 2 * 65536);
  assert.deepEqual(await closedPipe, { code: 1, err: '' });
});

test('check --fix rewrites a real file: the text, stdout and stderr of the in-process run', async () => {
  const fix = await result(real.fix);
  assert.equal(fix.code, 0);
  assert.deepEqual(fix, runCli(['check', '--fix', '2017-04.md'], { host: memoryHost({ '2017-04.md': SAMPLE_TEXT }) }));
  assert.equal(readFileSync(join(dir, 'fix', '2017-04.md'), 'utf8'), referenceFixed().text);
});

test('a Jira token in the environment changes nothing: the real CLI never contacts Jira', async () => {
  const tickets = await result(real.tickets);
  assert.deepEqual(jira.requests, []);
  assert.equal(tickets.err, '');
  assert.deepEqual((JSON.parse(tickets.out) as { file: string }[]).map((e) => e.file), ['tickets.json', 'report.md']);
  assert.deepEqual(tickets, runCli(['check', 'report.md', '--format', 'json'], { cwd: join(dir, 'tickets') }));
});

test('named pipes: check, check --fix and new --from refuse one at once (exit 2), the other files are still checked; new -o does not write into one', async () => {
  const notRegular = 'dm-report: pipe.md: not a regular file\n';
  const check = await result(real.fifoCheck);
  assert.equal(check.code, 2);
  assert.equal(check.err, notRegular);
  // The reference beside it was checked as when it is alone.
  assert.equal(check.out, runCli(['check', '2017-04.md'], { host: memoryHost({ '2017-04.md': SAMPLE_TEXT }) }).out);
  assert.deepEqual(await result(real.fifoFix), { code: 2, out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 0 files\n', err: notRegular });
  assert.deepEqual(await result(real.fifoFrom), { code: 2, out: '', err: notRegular });
  assert.deepEqual(await result(real.fifoOutput), {
    code: 2,
    out: '',
    err: 'dm-report: out.md: not a regular file; -o writes a regular file (without -o the report goes to standard output)\n',
  });
});
