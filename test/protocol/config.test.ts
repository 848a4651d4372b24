/**
 * `.dmreport.yaml` through the shells: the bare server reads it from its
 * workspace folder, publishes its problems on the file itself, reloads it when
 * the client reports a change; the CLI (in-process, the files in memory) finds
 * it by walking up and lists its problems as an entry of their own.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, HoverRequest, type Hover } from 'vscode-languageserver-protocol/node';
import { OpenDocument, positionOf, TestClient } from './lsp';
import { memoryHost, runCli } from '../support/cli';

const REPORT = `# Data Management Monthly Report

## May 2017

### High-level Summary

- Test campaign LSSTTD-1420 started (DM-10441).

### Risk Management

No changes.

### Detailed Project Progress and Status

#### University of Washington

Current accomplishments:

- Coordinate transforms.

Planned activities:

- More of the same.

Recruitment update: none.
`;

const GOOD_CONFIG = 'tickets:\n  keys: [DM, LSSTTD]\n  urlTemplate: https://jira.lsstcorp.org/browse/{id}\n';
/** A "billion laughs" configuration: each line aliases the one above nine times (9⁸ values once expanded). */
const LAUGHS =
  'a: &a [x, x, x, x, x, x, x, x, x]\n' + 'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]\n`).join('');

/** The server's workspace folder, on disk. */
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-config-'));
  mkdirSync(join(dir, 'good/2017'), { recursive: true });
  writeFileSync(join(dir, 'good/.dmreport.yaml'), GOOD_CONFIG);
  writeFileSync(join(dir, 'good/2017/2017-05.md'), REPORT);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI's folders, in memory: `/cfg/good` (a valid configuration above `2017/`), `/cfg/bad` and `/cfg/laughs` (invalid ones). */
const CLI_FILES = {
  '/cfg/good/.dmreport.yaml': GOOD_CONFIG,
  '/cfg/good/2017/2017-05.md': REPORT,
  '/cfg/bad/.dmreport.yaml': 'tickets:\n  keys: DM\n',
  '/cfg/bad/2017-05.md': REPORT,
  '/cfg/laughs/.dmreport.yaml': LAUGHS,
  '/cfg/laughs/2017-05.md': REPORT,
};

/** `dm-report ARGS…` in-process in the in-memory directory `cwd`. */
function cli(args: string[], cwd: string) {
  const r = runCli(args, { host: memoryHost(CLI_FILES, cwd) });
  return { status: r.code, stdout: r.out, stderr: r.err };
}

test('CLI: an invalid .dmreport.yaml is an entry of its own with one error; the report is checked with the defaults; exit 2', () => {
  const r = cli(['check', '2017-05.md'], '/cfg/bad');
  assert.equal(r.stderr, '');
  // An unusable configuration is exit 2 (as a usage error), not 1 (errors found in the reports).
  assert.equal(r.status, 2);
  assert.equal(
    r.stdout,
    '.dmreport.yaml:2:9 error invalid-config Invalid .dmreport.yaml: tickets.keys: must be a list, not "DM". DM Report uses its defaults until this is fixed.\n' +
      '1 problem (1 error, 0 warnings, 0 info, 0 hints) in 2 files\n',
  );
  const json = JSON.parse(cli(['check', '--format', 'json', '2017-05.md'], '/cfg/bad').stdout) as { file: string; diagnostics: unknown[] }[];
  assert.deepEqual(
    json.map((e) => [e.file, e.diagnostics.length]),
    [
      ['.dmreport.yaml', 1],
      ['2017-05.md', 0],
    ],
  );
});

test('CLI: a billion-laughs .dmreport.yaml (aliases of aliases) is one invalid-config problem and exit 2, not a crash', () => {
  const r = cli(['check', '2017-05.md'], '/cfg/laughs');
  assert.deepEqual(r, {
    status: 2,
    stdout:
      '.dmreport.yaml:2:8 error invalid-config Invalid .dmreport.yaml: YAML aliases (from *a on) expand to more than 100 values; ' +
      'write the values out instead of aliases of aliases. DM Report uses its defaults until this is fixed.\n' +
      '1 problem (1 error, 0 warnings, 0 info, 0 hints) in 2 files\n',
    stderr: '',
  });
});

test('CLI: the configuration above the checked file sets the ticket keys', () => {
  const r = cli(['check', '--format', 'json', '/cfg/good/2017/2017-05.md'], '/cfg');
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout), [{ file: '/cfg/good/2017/2017-05.md', diagnostics: [] }]);
});

test('server: a bare server reads .dmreport.yaml from its workspace folder; its problems go on the file; a change reloads it', async () => {
  const client = new TestClient({ configuration: false, root: join(dir, 'good'), watchFiles: true });
  try {
    await client.initialize();
    const uri = pathToFileURL(join(dir, 'good/2017/2017-05.md')).href;
    const doc = new OpenDocument(client, uri, REPORT);
    await doc.open();
    const hover = (await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: positionOf(REPORT, 'LSSTTD-1420', 0, 2),
    })) as Hover;
    assert.equal((hover.contents as { value: string }).value.split('\n')[0], '**LSSTTD-1420**');
    assert.match((hover.contents as { value: string }).value, /\[https:\/\/jira\.lsstcorp\.org\/browse\/LSSTTD-1420\]/);
    assert.deepEqual(
      client.registrations.flatMap((r) => r.registrations.map((x) => x.method)),
      ['workspace/didChangeWatchedFiles'],
    );

    // The file breaks: its problem is published on it, and LSSTTD-1420 is no longer a ticket.
    const configUri = pathToFileURL(join(dir, 'good/.dmreport.yaml')).href;
    writeFileSync(join(dir, 'good/.dmreport.yaml'), 'tickets:\n  keys: [DM, LSSTTD]\n  jira: {}\n');
    const problems = client.nextDiagnostics(configUri);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Changed }] });
    const published = await problems;
    assert.deepEqual(
      published.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.code, d.message]),
      [[2, 8, 'invalid-config', 'Invalid .dmreport.yaml: tickets.jira: "baseUrl" is required. DM Report uses its defaults until this is fixed.']],
    );
    assert.deepEqual(
      published.diagnostics.map((d) => [d.severity, d.source, d.codeDescription]),
      [[1, 'dm-report', { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#invalid-config' }]],
    );
    const after = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(REPORT, 'LSSTTD-1420', 0, 2) })) as Hover | null;
    assert.equal(after, null);

    // Mended: the problem is cleared.
    writeFileSync(join(dir, 'good/.dmreport.yaml'), 'tickets:\n  keys: [DM, LSSTTD]\n');
    const cleared = client.nextDiagnostics(configUri);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Changed }] });
    assert.deepEqual((await cleared).diagnostics, []);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.kill();
  }
});
