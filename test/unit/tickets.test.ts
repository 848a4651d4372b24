/**
 * Ticket sources (server/src/tickets/) and their merged view
 * (server/src/catalog/tickets.ts): the Jira client against a real HTTP server
 * on 127.0.0.1 (test/support/jiraServer.ts), the disk cache, live lookups,
 * export files (CSV and JSON), the workspace scan and the report index.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { CompletionList, MarkupContent } from 'vscode-languageserver-types';
import { authorizationHeader, JiraClient, JiraError, normalizeBaseUrl, recordFromIssue } from '../../server/src/tickets/jira.ts';
import { cacheDirectory, cacheFileName, JiraCache } from '../../server/src/tickets/cache.ts';
import { JiraSource, RETRY_AFTER_MS } from '../../server/src/tickets/live.ts';
import { parseTicketExport, readTicketExport, MAX_PROBLEMS } from '../../server/src/tickets/exportFile.ts';
import { ReportTicketIndex, reportTickets, type ReportTickets } from '../../server/src/tickets/sources.ts';
import { indexReport, listMarkdownFiles, readScannedFile } from '../../server/src/features/workspaceScan.ts';
import { MemoryHost } from '../../server/src/host/memory.ts';
import { NodeHost } from '../../server/src/host/node.ts';
import { TicketServices, type TicketEnvironment } from '../../server/src/catalog/tickets.ts';
import { parseConfig } from '../../server/src/catalog/config.ts';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import { getCompletions } from '../../server/src/features/completion.ts';
import { getHover, getHoverLive } from '../../server/src/features/hover.ts';
import { closedPort, issueFields, MockJira } from '../support/jiraServer.ts';

const TOKEN = 'pat-SECRET-0123456789';
const FIELDS = 'summary,status,issuetype,assignee,parent';
const LOOK_ALIKES = ['LDM-503-2', 'DM-AP-14', 'DMS-REQ-0347', 'LCR-2313', 'S17b', 'dm-1234', 'DM-0', 'DM-12/../13', 'PREOPS-1'];

let jira: MockJira;
/** The files of these tests (caches, exports, workspaces), in memory. */
const files = new MemoryHost();
const tmp = '/tickets-test';

before(async () => {
  jira = await MockJira.start();
  jira
    .respond('DM-10441', {
      kind: 'issue',
      fields: issueFields({
        summary: 'Implement the Butler registry',
        status: 'In Progress',
        type: 'Story',
        assignee: 'Jane Doe',
        parent: { key: 'DM-9000', summary: 'Gen3 middleware' },
      }),
    })
    .respond('DM-401', { kind: 'status', status: 401, body: '' })
    .respond('DM-500', { kind: 'status', status: 500 })
    .respond('DM-502', { kind: 'malformed' })
    .respond('DM-302', { kind: 'status', status: 302, headers: { location: 'https://elsewhere.example.org/steal' } })
    .respond('DM-10000', { kind: 'issue', fields: issueFields({ summary: 'Slow one', status: 'Done', type: 'Bug' }), delayMs: 10_000 })
    .respond('DM-1500', { kind: 'issue', fields: issueFields({ summary: 'Answers after 600 ms', status: 'Done', type: 'Bug' }), delayMs: 600 });
});

after(async () => {
  await jira.close();
});

function client(options: Partial<ConstructorParameters<typeof JiraClient>[0]> = {}): JiraClient {
  return new JiraClient({ baseUrl: jira.baseUrl, token: TOKEN, timeoutMs: 2000, keys: ['DM', 'RFC'], ...options });
}

/** The reason of the JiraError a promise rejects with. */
async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof JiraError, `not a JiraError: ${String(e)}`);
    return e.reason;
  }
  assert.fail('no error');
}

// ---- Jira client ------------------------------------------------------------------------------

test('Jira 200: the exact request (path, fields, Bearer token) and the exact record', async () => {
  const from = jira.requests.length;
  const answer = await client().fetchIssue('DM-10441');
  assert.deepEqual(answer, {
    kind: 'found',
    record: {
      key: 'DM-10441',
      summary: 'Implement the Butler registry',
      status: 'In Progress',
      type: 'Story',
      assignee: 'Jane Doe',
      epic: 'DM-9000',
      epicSummary: 'Gen3 middleware',
    },
  });
  assert.deepEqual(jira.requests.slice(from), [
    { method: 'GET', url: `/rest/api/2/issue/DM-10441?fields=${FIELDS}`, key: 'DM-10441', authorization: `Bearer ${TOKEN}` },
  ]);
});

test('an email:apitoken token goes as Basic base64, exactly', async () => {
  assert.equal(authorizationHeader('jane@example.org:ATATT3xFf'), `Basic ${Buffer.from('jane@example.org:ATATT3xFf').toString('base64')}`);
  assert.equal(authorizationHeader('jane@example.org:ATATT3xFf'), 'Basic amFuZUBleGFtcGxlLm9yZzpBVEFUVDN4RmY=');
  assert.equal(authorizationHeader('NjE2OTk3MzQ6Oq'), 'Bearer NjE2OTk3MzQ6Oq');
  // A colon alone does not make Basic: the part before it must be an e-mail address.
  assert.equal(authorizationHeader('abc:def'), 'Bearer abc:def');
  const from = jira.requests.length;
  await client({ token: 'jane@example.org:ATATT3xFf' }).fetchIssue('DM-10441');
  assert.equal(jira.requests[from].authorization, 'Basic amFuZUBleGFtcGxlLm9yZzpBVEFUVDN4RmY=');
});

test('Jira 404 is an answer (not found); 401, 500 and malformed JSON are short reasons', async () => {
  assert.deepEqual(await client().fetchIssue('DM-404'), { kind: 'not-found' });
  assert.equal(await reason(client().fetchIssue('DM-401')), 'Jira refused the token (401 Unauthorized)');
  assert.equal(await reason(client().fetchIssue('DM-500')), 'Jira answered 500 Internal Server Error');
  assert.equal(await reason(client().fetchIssue('DM-502')), 'Jira sent malformed JSON');
  // A redirect is not followed: the token would go to another host.
  const from = jira.requests.length;
  assert.equal(await reason(client().fetchIssue('DM-302')), 'Jira redirected (302); check tickets.jira.baseUrl');
  assert.deepEqual(jira.keys().slice(from), ['DM-302']);
});

test('a 10 s delay ends at the timeout; a refused connection fails at once; neither hangs', async () => {
  // The reason says which ended the request: the client's 300 ms timeout, not Jira's answer after 10 s
  // (which would be an answer, not a reason), nor a hang.
  assert.equal(await reason(client({ timeoutMs: 300 }).fetchIssue('DM-10000')), 'Jira did not answer within 300 ms');
  const port = await closedPort();
  assert.equal(await reason(client({ baseUrl: `http://127.0.0.1:${port}` }).fetchIssue('DM-10441')), 'cannot reach Jira (connection refused)');
});

test('only keys of the configured projects are sent: look-alikes never reach the server', async () => {
  const from = jira.requests.length;
  const c = client();
  for (const id of LOOK_ALIKES) {
    assert.equal(c.mayAsk(id), false, id);
    assert.equal(await reason(c.fetchIssue(id)), `${id} is not a ticket of the configured project keys; not sent to Jira`);
  }
  assert.equal(c.mayAsk('DM-1'), true);
  assert.equal(c.mayAsk('RFC-812'), true);
  // Keys are read at each request: a settings change applies at once.
  let keys = ['DM'];
  const dynamic = client({ keys: () => keys });
  assert.equal(dynamic.mayAsk('RFC-812'), false);
  keys = ['DM', 'RFC'];
  assert.equal(dynamic.mayAsk('RFC-812'), true);
  // No token: nothing is sent.
  assert.equal(await reason(client({ token: undefined }).fetchIssue('DM-10441')), 'no Jira token');
  assert.deepEqual(jira.requests.slice(from), []);
});

test('no reason ever contains the token', async () => {
  const reasons: string[] = [];
  for (const id of ['DM-401', 'DM-500', 'DM-502']) reasons.push(await reason(client().fetchIssue(id)));
  reasons.push(await reason(client({ timeoutMs: 200 }).fetchIssue('DM-10000')));
  reasons.push(await reason(client({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).fetchIssue('DM-1')));
  assert.equal(reasons.length, 5);
  for (const r of reasons) assert.ok(!r.includes(TOKEN) && !r.includes('SECRET'), r);
});

test('recordFromIssue: unassigned, no parent, no fields', () => {
  assert.deepEqual(recordFromIssue('DM-1', { fields: { summary: ' S ', status: { name: 'Done' }, issuetype: { name: 'Bug' }, assignee: null } }), {
    key: 'DM-1',
    summary: 'S',
    status: 'Done',
    type: 'Bug',
  });
  assert.throws(() => recordFromIssue('DM-1', { errorMessages: [] }), (e: unknown) => e instanceof JiraError && e.reason === 'Jira sent an answer without issue fields');
  assert.equal(normalizeBaseUrl('https://Rubinobs.Atlassian.net/'), 'https://rubinobs.atlassian.net');
  assert.equal(normalizeBaseUrl('https://example.org/jira//'), 'https://example.org/jira');
});

// ---- disk cache --------------------------------------------------------------------------------

test('cache: fresh within the TTL, expired after; a new instance (restarted server) reads the disk', () => {
  const dir = join(tmp, 'cache-ttl');
  let now = 1_000_000;
  const cache = new JiraCache(files, dir, 'https://jira.example.org', 60_000, () => now);
  assert.equal(cache.get('DM-1'), undefined);
  const answer = { kind: 'found' as const, record: { key: 'DM-1', summary: 'One' } };
  cache.set('DM-1', answer);
  cache.set('DM-2', { kind: 'not-found' });
  assert.deepEqual(cache.get('DM-1'), { entry: { fetchedAt: 1_000_000, answer }, fresh: true });
  now += 59_999;
  assert.equal(cache.get('DM-1')!.fresh, true);
  now += 1;
  assert.equal(cache.get('DM-1')!.fresh, false);
  // Restart: a new instance reads the file.
  const again = new JiraCache(files, dir, 'https://jira.example.org', 60_000, () => 1_000_001);
  assert.deepEqual(again.get('DM-1'), { entry: { fetchedAt: 1_000_000, answer }, fresh: true });
  assert.deepEqual(again.get('DM-2'), { entry: { fetchedAt: 1_000_000, answer: { kind: 'not-found' } }, fresh: true });
  assert.deepEqual(files.paths().filter((f) => f.startsWith(`${dir}/`)), [join(dir, cacheFileName('https://jira.example.org'))]);
  assert.match(cacheFileName('https://jira.example.org'), /^jira-jira\.example\.org-[0-9a-f]{12}\.json$/);
});

test('cache: keyed by base URL; a corrupt file is reported and treated as empty', () => {
  const dir = join(tmp, 'cache-keyed');
  new JiraCache(files, dir, 'https://a.example.org', 60_000).set('DM-1', { kind: 'not-found' });
  assert.equal(new JiraCache(files, dir, 'https://b.example.org', 60_000).get('DM-1'), undefined);
  assert.equal(new JiraCache(files, dir, 'https://a.example.org/jira', 60_000).get('DM-1'), undefined);
  assert.ok(new JiraCache(files, dir, 'https://a.example.org', 60_000).get('DM-1'));
  const errors: string[] = [];
  const broken = new JiraCache(files, dir, 'https://c.example.org', 60_000, Date.now, (m) => errors.push(m));
  files.set(broken.file, '{not json');
  assert.equal(broken.get('DM-1'), undefined);
  assert.deepEqual(errors, [`the Jira cache ${broken.file} is not valid JSON; it will be rewritten`]);
  assert.equal(cacheDirectory({ DM_REPORT_CACHE_DIR: '/x' }, '/g', '/home/u'), '/x');
  assert.equal(cacheDirectory({}, '/g', '/home/u'), '/g');
  assert.equal(cacheDirectory({}, undefined, '/home/u'), '/home/u/.cache/dm-report');
});

// ---- live lookups ------------------------------------------------------------------------------

test('live: a slow answer is pending after the wait, then fills the cache in the background; a fresh answer is not asked again', async () => {
  const dir = join(tmp, 'cache-live');
  const c = client();
  const source = new JiraSource(c, new JiraCache(files, dir, c.baseUrl, 60_000));
  const from = jira.requests.length;
  // Pending: the lookup returned after its 150 ms wait, before Jira's answer (600 ms), which it did not wait for.
  const first = await source.lookup('DM-1500', 150);
  assert.deepEqual(first, { state: 'pending', waitedMs: 150, stale: undefined });
  // A second hover joins the running request.
  assert.equal((await source.lookup('DM-1500', 10)).state, 'pending');
  await source.settled();
  const done = source.peek('DM-1500');
  assert.equal(done?.state, 'found');
  assert.equal((await source.lookup('DM-1500', 10)).state, 'found');
  assert.deepEqual(jira.keys().slice(from), ['DM-1500']);
  // The answer is on disk: a new source (restarted server) does not ask.
  const restarted = new JiraSource(client(), new JiraCache(files, dir, c.baseUrl, 60_000));
  assert.equal((await restarted.lookup('DM-1500', 10)).state, 'found');
  assert.deepEqual(jira.keys().slice(from), ['DM-1500']);
});

test('live: a failure is remembered for a while (not asked again at every hover), and never cached on disk', async () => {
  const dir = join(tmp, 'cache-failure');
  let now = 5_000_000;
  const c = client();
  const cache = new JiraCache(files, dir, c.baseUrl, 60_000);
  const source = new JiraSource(c, cache, () => now);
  const from = jira.requests.length;
  assert.deepEqual(await source.lookup('DM-500', 1000), { state: 'error', reason: 'Jira answered 500 Internal Server Error', stale: undefined });
  assert.deepEqual(await source.lookup('DM-500', 1000), { state: 'error', reason: 'Jira answered 500 Internal Server Error', stale: undefined });
  assert.deepEqual(jira.keys().slice(from), ['DM-500']);
  now += RETRY_AFTER_MS;
  await source.lookup('DM-500', 1000);
  assert.deepEqual(jira.keys().slice(from), ['DM-500', 'DM-500']);
  assert.equal(files.stat(cache.file), undefined);
  assert.deepEqual(await source.lookup('LDM-503-2', 1000), { state: 'error', reason: 'LDM-503-2 is not a ticket of the configured project keys' });
  assert.deepEqual(jira.keys().slice(from), ['DM-500', 'DM-500']);
});

// ---- export files ------------------------------------------------------------------------------

test('Jira CSV export: exact records; repeated headers, quoted multi-line cells, BOM, numeric Parent mapped through Issue id', () => {
  const csv = [
    '\uFEFFSummary,Issue key,Issue id,Issue Type,Status,Assignee,Sprint,Sprint,Parent,Parent summary',
    'Gen3 middleware,DM-9000,10000,Epic,In Progress,,S17-1,,,',
    '"Butler, registry",DM-10441,10441,Story,Done,Jane Doe,S17-1,S17-2,10000,Gen3 middleware',
    '"Two',
    'lines",DM-10442,10442,Bug,To Do,,,,,',
    'No key here,,1,Bug,Done,,,,,',
    'Bad key,DM-AP-14,2,Bug,Done,,,,,',
  ].join('\n');
  const e = parseTicketExport(csv, '/ws/tickets.csv');
  assert.equal(e.format, 'csv');
  assert.deepEqual([...e.records.values()], [
    { key: 'DM-9000', summary: 'Gen3 middleware', status: 'In Progress', type: 'Epic' },
    { key: 'DM-10441', summary: 'Butler, registry', status: 'Done', type: 'Story', epic: 'DM-9000', epicSummary: 'Gen3 middleware', assignee: 'Jane Doe' },
    { key: 'DM-10442', summary: 'Two\nlines', status: 'To Do', type: 'Bug' },
  ]);
  assert.deepEqual(
    e.problems.map((d) => [d.range.start.line, d.code, d.message] as unknown[]),
    [
      [5, 'invalid-ticket-export', 'tickets.csv: row on line 6 has no Issue key; row skipped.'],
      [6, 'invalid-ticket-export', 'tickets.csv: row on line 7 has "DM-AP-14" as its Issue key, not a Jira key like DM-10441; row skipped.'],
    ],
  );
});

test('CSV export: Epic Link columns win over Parent; no Issue key column and broken quoting are one clear problem each', () => {
  const e = parseTicketExport('Issue key,Summary,Custom field (Epic Link),Parent\nDM-1,One,DM-7,DM-8\n', '/ws/t.csv');
  assert.deepEqual([...e.records.values()], [{ key: 'DM-1', summary: 'One', epic: 'DM-7' }]);
  const noKey = parseTicketExport('Key,Summary\nDM-1,One\n', '/ws/t.csv');
  assert.equal(noKey.records.size, 0);
  assert.deepEqual(noKey.problems.map((d) => d.message), ['t.csv: no "Issue key" column in the header row; no tickets taken from it.']);
  const broken = parseTicketExport('Issue key,Summary\nDM-1,"One\n', '/ws/t.csv');
  assert.equal(broken.records.size, 0);
  assert.equal(broken.problems.length, 1);
  assert.match(String(broken.problems[0].message), /^t\.csv: not a readable CSV file \(Quote Not Closed: .*\); no tickets taken from it\.$/);
});

test('JSON export: exact records; bad entries skipped with their line; invalid JSON and a non-list are one problem', () => {
  const json = `[
  {"key": "DM-1", "summary": "One", "status": "Done", "type": "Bug", "epic": "DM-9"},
  {"key": "DM-2", "summary": "Two"},
  {"summary": "no key"},
  {"key": "LDM-503-2", "summary": "milestone"},
  {"key": "DM-5", "status": "Open"}
]`;
  const e = parseTicketExport(json, '/ws/tickets.json');
  assert.equal(e.format, 'json');
  assert.deepEqual([...e.records.values()], [
    { key: 'DM-1', summary: 'One', status: 'Done', type: 'Bug', epic: 'DM-9' },
    { key: 'DM-2', summary: 'Two' },
    { key: 'DM-5', status: 'Open' },
  ]);
  assert.deepEqual(
    e.problems.map((d) => [d.range.start.line, d.message] as unknown[]),
    [
      [3, 'tickets.json: entry 3 has no "key"; entry skipped.'],
      [4, 'tickets.json: entry 4 has "LDM-503-2" as its key, not a Jira key like DM-10441; entry skipped.'],
      [5, 'tickets.json: entry 5 (DM-5) has no "summary"; its other fields are kept.'],
    ],
  );
  const bad = parseTicketExport('[\n {"key": "DM-1",}\n]', '/ws/t.json');
  assert.equal(bad.records.size, 0);
  assert.equal(bad.problems.length, 1);
  assert.equal(bad.problems[0].range.start.line, 1);
  assert.match(String(bad.problems[0].message), /^t\.json: not valid JSON \(.*\); no tickets taken from it\.$/);
  assert.deepEqual(parseTicketExport('{"key": "DM-1"}', '/ws/t.json').problems.map((d) => d.message), [
    't.json: expected a JSON list of {key, summary, status?, type?, epic?}; no tickets taken from it.',
  ]);
  // Without an extension the first character decides.
  assert.equal(parseTicketExport('[]', '/ws/tickets').format, 'json');
  // Many bad entries: MAX_PROBLEMS diagnostics, the last one counts the rest.
  const many = parseTicketExport(JSON.stringify(Array.from({ length: 25 }, () => ({}))), '/ws/m.json');
  assert.equal(many.problems.length, MAX_PROBLEMS);
  assert.match(String(many.problems[MAX_PROBLEMS - 1].message), /\(and 5 more problems in this file\)$/);
  const missing = readTicketExport(files, join(tmp, 'nope.csv'));
  assert.equal(missing.readable, false);
  assert.deepEqual(missing.problems.map((d) => d.message), [
    `Cannot read the ticket export file ${join(tmp, 'nope.csv')} (no such file); tickets.exportFile in .dmreport.yaml names it.`,
  ]);
});

// ---- workspace reports -------------------------------------------------------------------------

const REPORT = (month: string, body: string) => `# Data Management Monthly Report\n\n## ${month}\n\n${body}\n`;

test('workspace scan: every *.md file breadth first, not node_modules nor .git; too large files not read; the file cap said', async () => {
  const ws = join(tmp, 'scan');
  files.set(join(ws, 'top.md'), 'DM-1');
  files.set(join(ws, 'a/one.md'), 'DM-2');
  files.set(join(ws, 'a/b/two.MD'), 'DM-3');
  files.set(join(ws, 'a/notes.txt'), 'DM-4');
  files.set(join(ws, 'node_modules/x/readme.md'), 'DM-5');
  files.set(join(ws, '.git/y/msg.md'), 'DM-6');
  files.set(join(ws, 'c/big.md'), 'x'.repeat(2000));
  const listing = await listMarkdownFiles(files, [ws]);
  assert.deepEqual(listing.files.map((path) => path.slice(ws.length + 1)), ['top.md', 'a/one.md', 'c/big.md', 'a/b/two.MD']);
  assert.deepEqual([listing.truncated, listing.unreadable], [false, 0]);
  assert.equal(await readScannedFile(files, join(ws, 'c/big.md'), 1000), undefined);
  assert.equal(await readScannedFile(files, join(ws, 'top.md'), 1000), 'DM-1');
  const capped = await listMarkdownFiles(files, [ws], { maxFiles: 2 });
  assert.deepEqual([capped.files.length, capped.truncated], [2, true]);
  assert.deepEqual(await listMarkdownFiles(files, [join(ws, 'missing')]), { files: [], truncated: false, unreadable: 1 });
});

test('report index: the open text wins over the disk; closing falls back; the most recent report gives the title', () => {
  const engine = new ReportEngine();
  const index = new ReportTicketIndex<ReportTickets>();
  const april = reportTickets(engine.modelOf(REPORT('April 2017', 'DM-1 Old title\n\nSee DM-2.')));
  const may = reportTickets(engine.modelOf(REPORT('May 2017', 'DM-1 New title\n\nAlso DM-2 and DM10221.')));
  assert.equal(april.recency, 2017 * 12 + 3);
  index.setDisk('file:///ws/04.md', april);
  index.setDisk('file:///ws/05.md', may);
  assert.equal(index.get('DM-1')!.title, 'New title');
  assert.equal(index.get('DM-1')!.definedIn, 'file:///ws/05.md');
  assert.deepEqual(index.get('DM-10221')!.citations, [{ uri: 'file:///ws/05.md', range: { start: { line: 6, character: 14 }, end: { line: 6, character: 21 } }, definition: false }]);
  assert.deepEqual(index.get('DM-2')!.citations.map((c) => `${c.uri}:${c.range.start.line}`).sort(), ['file:///ws/04.md:6', 'file:///ws/05.md:6']);
  // The open May report no longer cites DM-2.
  index.setOpen('file:///ws/05.md', reportTickets(engine.modelOf(REPORT('May 2017', 'DM-1 New title'))));
  assert.deepEqual(index.get('DM-2')!.citations.map((c) => c.uri), ['file:///ws/04.md']);
  index.removeOpen('file:///ws/05.md');
  assert.equal(index.get('DM-2')!.citations.length, 2);
  index.removeDisk('file:///ws/05.md');
  assert.equal(index.get('DM-1')!.title, 'Old title');
  assert.equal(index.size, 1);
});

// ---- merged catalog, hover, completion ---------------------------------------------------------

/** A workspace folder with `.dmreport.yaml` and the given files; returns its path. */
function workspaceWith(name: string, contents: Record<string, string>): string {
  const dir = join(tmp, name);
  for (const [f, text] of Object.entries(contents)) files.set(join(dir, f), text);
  return dir;
}

function engineFor(dir: string, env: TicketEnvironment): ReportEngine {
  const file = join(dir, '.dmreport.yaml');
  return new ReportEngine({}, { host: files, ticketServices: new TicketServices({ ...env, host: files }) }, parseConfig(files.get(file)!, file));
}

test('merged catalog: Jira over export over reports, field by field; a Jira 404 keeps the offline data', async () => {
  const dir = workspaceWith('merge', {
    '.dmreport.yaml': `tickets:\n  keys: [DM]\n  exportFile: tickets.json\n  jira:\n    baseUrl: ${jira.baseUrl}\n    timeoutMs: 2000\n`,
    'tickets.json': JSON.stringify([
      { key: 'DM-10441', summary: 'Export title', status: 'To Do', assignee: 'Old Owner' },
      { key: 'DM-404', summary: 'Only in the export', status: 'Won\'t Fix', type: 'Task' },
    ]),
  });
  const engine = engineFor(dir, { network: true, trusted: true, token: TOKEN, cacheDir: join(dir, 'cache') });
  const a = engine.analyze('file:///merge.md', REPORT('April 2017', 'DM-10441 Report title\n\nDM-404 Report title of 404\n\nSee DM-10441 and DM-404.'), 1);
  assert.deepEqual(engine.tickets.get('DM-10441'), {
    id: 'DM-10441',
    title: 'Export title',
    status: 'To Do',
    assignee: 'Old Owner',
    definedIn: 'file:///merge.md',
    sources: { title: 'export', status: 'export', assignee: 'export' },
    recency: 2017 * 12 + 3,
  });
  assert.equal((await engine.tickets.live('DM-10441'))?.state, 'found');
  assert.deepEqual(engine.tickets.get('DM-10441'), {
    id: 'DM-10441',
    title: 'Implement the Butler registry',
    status: 'In Progress',
    type: 'Story',
    epic: 'DM-9000',
    epicSummary: 'Gen3 middleware',
    assignee: 'Jane Doe',
    definedIn: 'file:///merge.md',
    sources: { title: 'jira', status: 'jira', type: 'jira', epic: 'jira', assignee: 'jira' },
    recency: 2017 * 12 + 3,
  });
  const at = { line: 8, character: 5 };
  const hover = (await getHoverLive(engine, a, { line: 8, character: 19 }))!.contents as MarkupContent;
  const live = engine.tickets.jira!.cached('DM-404')!;
  assert.equal(live.answer.kind, 'not-found');
  assert.equal(
    hover.value,
    [
      "**DM-404** — Only in the export",
      '',
      "Status: Won't Fix · Type: Task",
      '',
      'Cited 1 time in this report; listed on 1 ticket line.',
      '',
      'In this report: [line 7](file:///merge.md#L7), [line 9](file:///merge.md#L9).',
      '',
      `Not found in Jira (checked ${new Date(live.fetchedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC); offline data shown.`,
      '',
      '[https://rubinobs.atlassian.net/browse/DM-404](https://rubinobs.atlassian.net/browse/DM-404)',
    ].join('\n'),
  );
  assert.ok(getHover(engine, a, at));
});

test('Jira off: disabled, untrusted, no token, CLI: nothing sent and the hover says why', async () => {
  const yaml = (extra: string) => `tickets:\n  jira:\n    baseUrl: ${jira.baseUrl}\n${extra}`;
  const from = jira.requests.length;
  const cases: [string, string, TicketEnvironment, string][] = [
    ['off-disabled', yaml('    enabled: false\n'), { network: true, trusted: true, token: TOKEN }, 'Jira is disabled (tickets.jira.enabled: false)'],
    ['off-untrusted', yaml(''), { network: true, trusted: false, token: TOKEN }, 'Jira is not contacted in an untrusted workspace'],
    ['off-token', yaml(''), { network: true, trusted: true }, 'no Jira token (run "DM Report: Set Jira Token", or set DM_REPORT_JIRA_TOKEN)'],
    ['off-cli', yaml(''), { network: false, trusted: true, token: TOKEN }, 'Jira is not used here'],
  ];
  for (const [name, config, env, why] of cases) {
    const engine = engineFor(workspaceWith(name, { '.dmreport.yaml': config }), env);
    const a = engine.analyze(`file:///${name}.md`, REPORT('April 2017', 'See DM-10441.'), 1);
    assert.equal(engine.tickets.jira, undefined);
    assert.equal(await engine.tickets.live('DM-10441'), undefined);
    const h = (await getHoverLive(engine, a, { line: 4, character: 6 }))!.contents as MarkupContent;
    assert.ok(h.value.includes(`\n\nLive data off: ${why}.\n\n`), h.value);
  }
  assert.deepEqual(jira.requests.slice(from), []);
});

test('completion after DM-: by recency (newest report first), then number; DM-<letters> matches titles, word starts first', () => {
  const engine = new ReportEngine();
  engine.analyze('file:///ws/2017-03.md', REPORT('March 2017', 'DM-900 Butler datastore\n\nDM-950 Old work'), 1);
  engine.analyze('file:///ws/2017-05.md', REPORT('May 2017', 'DM-100 Rebutler the registry\n\nDM-120 Ingest\n\nDM-110 Butler registry'), 1);
  const a = engine.analyze('file:///ws/new.md', REPORT('June 2017', 'See DM-'), 1);
  const at = (text: string) => {
    const b = engine.analyze('file:///ws/new.md', REPORT('June 2017', `See ${text}`), 2 + text.length);
    return getCompletions(engine, b, { line: 4, character: 4 + text.length }) as CompletionList;
  };
  assert.ok(a);
  const all = at('DM-');
  assert.deepEqual(all.items.map((i) => i.label), ['DM-120', 'DM-110', 'DM-100', 'DM-950', 'DM-900']);
  assert.equal(all.isIncomplete, false);
  assert.equal(all.items[0].filterText, undefined);
  const butler = at('DM-butler');
  // Word starts (DM-110 and DM-900, by recency) before DM-100 whose "Rebutler" only contains it.
  assert.deepEqual(butler.items.map((i) => i.label), ['DM-110', 'DM-900', 'DM-100']);
  assert.equal(butler.isIncomplete, true);
  assert.deepEqual(butler.items[0].textEdit, { range: { start: { line: 4, character: 4 }, end: { line: 4, character: 13 } }, newText: 'DM-110' });
  assert.equal(butler.items[0].filterText, 'DM-butler');
  assert.deepEqual(at('DM-Ingest').items.map((i) => i.label), ['DM-120']);
  assert.deepEqual(at('DM-zzz').items, []);
  // The ID being typed is a citation of its own, and not offered back.
  assert.deepEqual(at('DM-9').items.map((i) => i.label), ['DM-120', 'DM-110', 'DM-100', 'DM-950', 'DM-900']);
});

test('a shared report index: tickets of a file read from disk show in another report\'s hover with a link', async () => {
  const services = new TicketServices();
  const engine = new ReportEngine({}, { ticketServices: services });
  const uri = URI.file('/ws/2017-05.md').toString();
  services.reports.setDisk(uri, await indexReport(engine, uri, REPORT('May 2017', 'Finished DM-10441.')));
  const a = engine.analyze('file:///ws/2017-04.md', REPORT('April 2017', 'See DM-10441.'), 1);
  const h = getHover(engine, a, { line: 4, character: 6 })!.contents as MarkupContent;
  assert.ok(h.value.includes('\n\nAlso in 1 other report: [2017-05.md:5](file:///ws/2017-05.md#L5).\n\n'), h.value);
});

test('an export path that is a directory or not a regular file is refused with its path as written, never read', () => {
  const dir = readTicketExport(new NodeHost(), '/tmp', 'sub/dir');
  assert.deepEqual(dir.problems.map((d) => d.message), [
    'Cannot read the ticket export file sub/dir (a directory, not a file); tickets.exportFile in .dmreport.yaml names it.',
  ]);
  const device = readTicketExport(new NodeHost(), '/dev/zero', '../../dev/zero');
  assert.deepEqual(device.problems.map((d) => d.message), [
    'Cannot read the ticket export file ../../dev/zero (not a regular file); tickets.exportFile in .dmreport.yaml names it.',
  ]);
});

test('text from Jira or an export is shown verbatim in hovers: no HTML, link or emphasis of its own', async () => {
  const { plain } = await import('../../server/src/features/hover.ts');
  assert.equal(
    plain('<script>alert(1)</script> [click](command:workbench.action.quit) **bold**\nsecond_line'),
    '\\<script\\>alert(1)\\</script\\> \\[click\\](command:workbench.action.quit) \\*\\*bold\\*\\* second\\_line',
  );
  assert.equal(plain('Replanning, Commissioning, Operations Planning (S17b)'), 'Replanning, Commissioning, Operations Planning (S17b)');
});

test('a project key with an underscore (DM_OPS): Jira is asked about DM_OPS-12, an export keeps its rows', () => {
  const ops = client({ keys: ['DM', 'DM_OPS'] });
  assert.deepEqual(['DM_OPS-12', 'DM-3', 'DM_OPS-0', 'DM_OP-12', 'dm_ops-12'].map((id) => [id, ops.mayAsk(id)]), [
    ['DM_OPS-12', true],
    ['DM-3', true],
    ['DM_OPS-0', false],
    ['DM_OP-12', false],
    ['dm_ops-12', false],
  ]);
  const e = parseTicketExport('Issue key,Summary,Parent\nDM_OPS-12,Rota for March,DM_OPS-1\n', '/ws/t.csv');
  assert.deepEqual([[...e.records.values()], e.problems], [[{ key: 'DM_OPS-12', summary: 'Rota for March', epic: 'DM_OPS-1' }], []]);
  const json = parseTicketExport('[{"key": "DM_OPS-12", "summary": "Rota for March"}]', '/ws/t.json');
  assert.deepEqual([[...json.records.values()], json.problems], [[{ key: 'DM_OPS-12', summary: 'Rota for March' }], []]);
});
