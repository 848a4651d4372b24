/**
 * Protocol tests of tickets and Jira: the bundled server over stdio, in a
 * temporary workspace folder with `.dmreport.yaml` (Jira base URL pointing to
 * the Jira-like server of test/support/jiraServer.ts on 127.0.0.1, an export
 * file), `DM_REPORT_JIRA_TOKEN` and `DM_REPORT_CACHE_DIR` in the server's
 * environment. Every byte the servers write is kept and searched for the token.
 * Slow (real hover waits of 1.5 s, Jira answers after 2.5 s and 10 s): run by
 * `npm run test:slow` / `npm run test:all`, not by `npm test`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
  type CompletionList,
  type Hover,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { positionOf, TestClient } from '../protocol/lsp';
import { issueFields, MockJira } from '../support/jiraServer';

const TOKEN = 'jira-pat-TOPSECRET-4242';
const BROWSE = 'https://rubinobs.atlassian.net/browse/';
const FIELDS = 'summary,status,issuetype,assignee,parent';

const REPORT = `# Data Management Monthly Report

## April 2017

DM-7001 Butler registry

Work on DM-7001, DM-7002, DM-7003, DM-7004, DM-7005, DM-7006, DM-7010 and DM-7008.

Not tickets: LDM-503-2, DM-AP-14, DMS-REQ-0347, LCR-2313, S17b.
`;
const MAY = `# Data Management Monthly Report

## May 2017

Finished DM-7001.

DM-7008 Defined on disk
`;
const LOOK_ALIKES = ['LDM-503-2', 'DM-AP-14', 'DMS-REQ-0347', 'LCR-2313', 'S17b'];

let jira: MockJira;
const tmp = mkdtempSync(join(tmpdir(), 'dm-report-jira-'));
const ws = join(tmp, 'ws');
const cacheDir = join(tmp, 'cache');
const reportUri = pathToFileURL(join(ws, '2017-04.md')).href;
const mayUri = pathToFileURL(join(ws, '2017-05.md')).href;
const clients: TestClient[] = [];

/** A server on the workspace, initialized, the report open, the start-up scan done. */
async function start(initializationOptions: unknown = {}, cache = cacheDir): Promise<TestClient> {
  const client = new TestClient({
    configuration: false,
    root: ws,
    watchFiles: true,
    initializationOptions,
    env: { DM_REPORT_JIRA_TOKEN: TOKEN, DM_REPORT_CACHE_DIR: cache },
  });
  clients.push(client);
  await client.initialize();
  const opened = client.nextDiagnostics(reportUri);
  await client.open(reportUri, REPORT, 1);
  await opened;
  await client.logMessage((m) => m.startsWith('DM Report: indexed '));
  return client;
}

async function hover(client: TestClient, position: Position): Promise<string | null> {
  const h = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: reportUri }, position })) as Hover | null;
  return h ? (h.contents as MarkupContent).value : null;
}

/** Position inside the first occurrence of `id` on the "Work on" line. */
function onWorkLine(id: string): Position {
  const line = REPORT.split('\n').findIndex((l) => l.startsWith('Work on'));
  return { line, character: REPORT.split('\n')[line].indexOf(id) + 2 };
}

/** `fetchedAt` of a cached answer, formatted as the hover does. */
function fetchedAt(id: string): string {
  const [file] = readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
  const data = JSON.parse(readFileSync(join(cacheDir, file), 'utf8')) as { entries: Record<string, { fetchedAt: number }> };
  return `${new Date(data.entries[id].fetchedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

let server: TestClient;

before(async () => {
  jira = await MockJira.start();
  jira
    .respond('DM-7001', {
      kind: 'issue',
      fields: issueFields({ summary: 'Butler registry (live)', status: 'In Progress', type: 'Story', assignee: 'Jane Doe', parent: { key: 'DM-7000', summary: 'Gen3 middleware' } }),
    })
    .respond('DM-7002', { kind: 'issue', fields: issueFields({ summary: 'Slow ticket', status: 'Done', type: 'Bug' }), delayMs: 2500 })
    .respond('DM-7004', { kind: 'status', status: 500 })
    .respond('DM-7005', { kind: 'malformed' })
    .respond('DM-7006', { kind: 'status', status: 401 })
    .respond('DM-7010', { kind: 'issue', fields: issueFields({ summary: 'Very slow', status: 'Done', type: 'Bug' }), delayMs: 10_000 });
  mkdirSync(ws, { recursive: true });
  writeFileSync(
    join(ws, '.dmreport.yaml'),
    `tickets:\n  keys: [DM, RFC]\n  exportFile: tickets.csv\n  jira:\n    baseUrl: ${jira.baseUrl}\n    timeoutMs: 4000\n`,
  );
  writeFileSync(
    join(ws, 'tickets.csv'),
    'Issue key,Summary,Status,Issue Type\nDM-7001,Export summary,To Do,Task\nDM-7003,Only exported,Done,Task\n,No key,Done,Task\n',
  );
  writeFileSync(join(ws, '2017-04.md'), REPORT);
  writeFileSync(join(ws, '2017-05.md'), MAY);
  server = await start();
});

after(async () => {
  for (const c of clients) c.kill();
  await jira.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('the server watches **/*.md and reads the workspace at start-up', () => {
  const watchers = server.registrations.flatMap((r) => r.registrations).filter((r) => r.method === DidChangeWatchedFilesNotification.method);
  assert.deepEqual(
    watchers.flatMap((w) => (w.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((x) => x.globPattern)),
    ['**/.dmreport.yaml', '**/*.md', '**/*.{csv,json,yaml,yml}'],
  );
  assert.ok(server.logMessages.some((m) => /^DM Report: indexed 1 Markdown files of the workspace in \d+ ms, longest slice \d+ ms \(1 open in the editor, not read\)\.$/.test(m.message)));
});

test('a bad row of the export file is a diagnostic on that file', async () => {
  const csvUri = pathToFileURL(join(ws, 'tickets.csv')).href;
  const published = server.diagnostics.find((p) => p.uri === csvUri);
  assert.ok(published, 'diagnostics published for tickets.csv');
  assert.deepEqual(published.diagnostics, [
    {
      range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } },
      severity: 2,
      source: 'dm-report',
      codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#invalid-ticket-export' },
      code: 'invalid-ticket-export',
      message: 'tickets.csv: row on line 4 has no Issue key; row skipped.',
    },
  ]);
});

test('hover on a ticket: Jira over export over reports, citations here and in the other report, live state', async () => {
  const text = await hover(server, positionOf(REPORT, 'DM-7001', 0, 2));
  assert.equal(
    text,
    [
      '**DM-7001** — Butler registry (live)',
      '',
      'Status: In Progress · Type: Story · Epic: DM-7000 (Gen3 middleware) · Assignee: Jane Doe',
      '',
      'Cited 1 time in this report; listed on 1 ticket line.',
      '',
      `In this report: [line 5](${reportUri}#L5), [line 7](${reportUri}#L7).`,
      '',
      `Also in 1 other report: [2017-05.md:5](${mayUri}#L5).`,
      '',
      `Live from Jira (fetched ${fetchedAt('DM-7001')}).`,
      '',
      `[${BROWSE}DM-7001](${BROWSE}DM-7001)`,
    ].join('\n'),
  );
  assert.deepEqual(jira.requests.filter((r) => r.key === 'DM-7001'), [
    { method: 'GET', url: `/rest/api/2/issue/DM-7001?fields=${FIELDS}`, key: 'DM-7001', authorization: `Bearer ${TOKEN}` },
  ]);
});

test('a slow Jira: the hover returns after its wait (1.5 s) saying pending, before Jira answers (2.5 s); a later hover shows the live data', async () => {
  // "pending" (not the live data) says the hover did not wait for Jira's answer.
  const first = await hover(server, onWorkLine('DM-7002'));
  assert.equal(
    first,
    [
      '**DM-7002**',
      '',
      'Cited 1 time in this report.',
      '',
      `In this report: [line 7](${reportUri}#L7).`,
      '',
      "No title known (no definition line in the workspace's reports, not in the export file).",
      '',
      'Live data pending: Jira has not answered within 1500 ms; offline data shown, hover again in a moment.',
      '',
      `[${BROWSE}DM-7002](${BROWSE}DM-7002)`,
    ].join('\n'),
  );
  // The request goes on in the background (Jira answers after 2.5 s) and fills the cache.
  let later: string | null = first;
  for (let i = 0; i < 40 && !later?.includes('Live from Jira'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    later = await hover(server, onWorkLine('DM-7002'));
  }
  assert.equal(
    later,
    [
      '**DM-7002** — Slow ticket',
      '',
      'Status: Done · Type: Bug',
      '',
      'Cited 1 time in this report.',
      '',
      `In this report: [line 7](${reportUri}#L7).`,
      '',
      `Live from Jira (fetched ${fetchedAt('DM-7002')}).`,
      '',
      `[${BROWSE}DM-7002](${BROWSE}DM-7002)`,
    ].join('\n'),
  );
  // One request: the hovers in between joined it.
  assert.equal(jira.requests.filter((r) => r.key === 'DM-7002').length, 1);
});

test('Jira 404 keeps the export data and says "not found in Jira"', async () => {
  const text = await hover(server, onWorkLine('DM-7003'));
  assert.equal(
    text,
    [
      '**DM-7003** — Only exported',
      '',
      'Status: Done · Type: Task',
      '',
      'Cited 1 time in this report.',
      '',
      `In this report: [line 7](${reportUri}#L7).`,
      '',
      `Not found in Jira (checked ${fetchedAt('DM-7003')}); offline data shown.`,
      '',
      `[${BROWSE}DM-7003](${BROWSE}DM-7003)`,
    ].join('\n'),
  );
});

test('500, malformed JSON, 401 and a 10 s delay degrade to offline data with a short reason, none hangs', async () => {
  const reasons: Record<string, string> = {
    'DM-7004': 'Live data unavailable: Jira answered 500 Internal Server Error; offline data shown.',
    'DM-7005': 'Live data unavailable: Jira sent malformed JSON; offline data shown.',
    'DM-7006': 'Live data unavailable: Jira refused the token (401 Unauthorized); offline data shown.',
    'DM-7010': 'Live data pending: Jira has not answered within 1500 ms; offline data shown, hover again in a moment.',
  };
  // Each hover answers (none hangs); DM-7010's says pending: it did not wait for the answer Jira sends after 10 s.
  for (const [id, line] of Object.entries(reasons)) {
    const text = await hover(server, onWorkLine(id));
    assert.equal(text!.split('\n\n').at(-2), line, text!);
    assert.ok(text!.startsWith(`**${id}**\n\n`), text!);
  }
});

test('the ticket defined only in a report on disk has its title, linked to that report', async () => {
  const text = await hover(server, onWorkLine('DM-7008'));
  assert.ok(text!.startsWith('**DM-7008** — Defined on disk\n\n'), text!);
  assert.ok(text!.includes(`\n\nAlso in 1 other report: [2017-05.md:7](${mayUri}#L7).\n\n`), text!);
});

test('look-alikes never hover as tickets and are never sent to Jira', async () => {
  for (const id of LOOK_ALIKES) {
    const text = await hover(server, positionOf(REPORT, id, 0, 1));
    assert.ok(text === null || !text.includes('/browse/'), `${id}: ${text}`);
  }
  const allowed = new Set(['DM-7001', 'DM-7002', 'DM-7003', 'DM-7004', 'DM-7005', 'DM-7006', 'DM-7008', 'DM-7010']);
  assert.ok(jira.requests.length > 0);
  for (const r of jira.requests) {
    assert.ok(r.key && allowed.has(r.key), r.url);
    assert.equal(r.url, `/rest/api/2/issue/${r.key}?fields=${FIELDS}`);
    assert.equal(r.authorization, `Bearer ${TOKEN}`);
  }
});

test('completion after DM-: most recent report first (May on disk, then April), then number; export-only and Jira-cached tickets too', async () => {
  const line = REPORT.split('\n').length - 1;
  const edited = `${REPORT}DM-`;
  await server.change(reportUri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'DM-' }]);
  const list = (await server.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri: reportUri },
    position: { line, character: 3 },
  })) as CompletionList;
  assert.equal(edited.split('\n')[line], 'DM-');
  assert.deepEqual(list.items.map((i) => i.label), ['DM-7008', 'DM-7001', 'DM-7010', 'DM-7006', 'DM-7005', 'DM-7004', 'DM-7003', 'DM-7002']);
  assert.deepEqual(list.items.slice(0, 2).map((i) => i.detail), ['Defined on disk', 'Butler registry (live)']);
  await server.change(reportUri, 3, [{ range: { start: { line, character: 3 }, end: { line, character: 3 } }, text: 'slow' }]);
  const slow = (await server.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri: reportUri },
    position: { line, character: 7 },
  })) as CompletionList;
  assert.deepEqual(slow.items.map((i) => [i.label, i.filterText]), [['DM-7002', 'DM-slow']]);
  await server.change(reportUri, 4, [{ range: { start: { line, character: 0 }, end: { line, character: 7 } }, text: '' }]);
});

test('a report changed on disk (watched files) is read again', async () => {
  writeFileSync(join(ws, '2017-06.md'), '# Data Management Monthly Report\n\n## June 2017\n\nDM-7001 again.\n');
  await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: pathToFileURL(join(ws, '2017-06.md')).href, type: FileChangeType.Created }],
  });
  let text: string | null = null;
  for (let i = 0; i < 50 && !text?.includes('2 other reports'); i++) {
    await new Promise((r) => setTimeout(r, 50));
    text = await hover(server, positionOf(REPORT, 'DM-7001', 0, 2));
  }
  assert.ok(text!.includes(`\n\nAlso in 2 other reports: [2017-05.md:5](${mayUri}#L5), [2017-06.md:5](${pathToFileURL(join(ws, '2017-06.md')).href}#L5).\n\n`), text!);
  rmSync(join(ws, '2017-06.md'));
  await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: pathToFileURL(join(ws, '2017-06.md')).href, type: FileChangeType.Deleted }],
  });
  for (let i = 0; i < 50 && !text?.includes('1 other report:'); i++) {
    await new Promise((r) => setTimeout(r, 50));
    text = await hover(server, positionOf(REPORT, 'DM-7001', 0, 2));
  }
  assert.ok(text!.includes('\n\nAlso in 1 other report: '), text!);
});

test('a restarted server reads the disk cache and does not ask Jira again', async () => {
  const before = jira.requests.length;
  const again = await start();
  const text = await hover(again, positionOf(REPORT, 'DM-7001', 0, 2));
  assert.ok(text!.includes(`\n\nLive from Jira (fetched ${fetchedAt('DM-7001')}).\n\n`), text!);
  const notFound = await hover(again, onWorkLine('DM-7003'));
  assert.ok(notFound!.includes('\n\nNot found in Jira (checked '), notFound!);
  assert.deepEqual(jira.requests.slice(before), []);
  await again.shutdown();
});

test('trusted: false: no request at all, the hover says why', async () => {
  const before = jira.requests.length;
  const untrusted = await start({ trusted: false }, join(tmp, 'cache-untrusted'));
  for (const id of ['DM-7002', 'DM-7003', 'DM-7004']) {
    const text = await hover(untrusted, onWorkLine(id));
    assert.ok(text!.includes('\n\nLive data off: Jira is not contacted in an untrusted workspace.\n\n'), text!);
  }
  const own = await hover(untrusted, positionOf(REPORT, 'DM-7001', 0, 2));
  assert.ok(own!.startsWith('**DM-7001** — Export summary\n\nStatus: To Do · Type: Task\n\n'), own!);
  assert.deepEqual(jira.requests.slice(before), []);
  await untrusted.shutdown();
});

test('the token never appears in anything a server sent (messages, logs) nor on its stderr', () => {
  assert.ok(clients.length >= 3);
  for (const c of clients) {
    assert.ok(c.raw.length > 0);
    assert.equal(c.raw.includes(TOKEN), false);
    assert.equal(c.raw.includes('TOPSECRET'), false);
    assert.equal(c.stderr.includes('TOPSECRET'), false);
    assert.equal(c.raw.includes(Buffer.from(TOKEN).toString('base64')), false);
  }
});
