/**
 * The bundled language server's command line as a real process: started
 * without a transport (or with a bad one) it prints its usage on standard
 * error and exits with 2 (not vscode-languageserver's stack trace); `--help`
 * prints it on standard output. The runs start together. Build first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ROOT, SERVER } from './lsp';
import { SERVER_USAGE } from '../../server/src/lsp/transport';

/** Runs `node dist/server.js ARGS…` with standard input closed; ended after 20 s (its signal then fails the test). */
function spawnServer(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

const runs = {
  none: spawnServer([]),
  badPort: spawnServer(['--socket=abc']),
  onlyProcessId: spawnServer(['--clientProcessId=1']),
  help: spawnServer(['--help']),
};

test('node dist/server.js without a transport: the usage on stderr, exit 2, no stack trace', async () => {
  const usage = `${SERVER_USAGE}\n`;
  assert.deepEqual(await runs.none, { code: 2, signal: null, out: '', err: `dm-report server: no transport given\n${usage}` });
  assert.deepEqual(await runs.onlyProcessId, { code: 2, signal: null, out: '', err: `dm-report server: no transport given\n${usage}` });
  assert.deepEqual(await runs.badPort, {
    code: 2,
    signal: null,
    out: '',
    err: `dm-report server: --socket needs a port number from 1 to 65535, not "abc"\n${usage}`,
  });
  assert.deepEqual(await runs.help, { code: 0, signal: null, out: usage, err: '' });
  assert.match(SERVER_USAGE, /^Usage: node dist\/server\.js --stdio \| --node-ipc \| --socket=PORT \| --pipe=NAME/);
});
