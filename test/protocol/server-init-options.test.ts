/**
 * Protocol tests: a client WITHOUT `workspace/configuration` (as some editors
 * are), whose settings come in `initializationOptions.settings` and then in
 * `workspace/didChangeConfiguration` notifications (`{dmReport: {...}}`).
 * Also: diagnostics are published at once on open but debounced on edits.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DidChangeConfigurationNotification, DocumentLinkRequest, HoverRequest, type MarkupContent, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { countByCode, OpenDocument, positionOf, SAMPLE_TEXT, SAMPLE_URI, TestClient } from './lsp';
import { codeCounts, referenceDiagnostics } from '../support/reference';

// An hour: were the first publish debounced, it would never come during the test (which waits for it, see
// `before`); no duration is measured.
const OPEN_DEBOUNCE_MS = 3_600_000;
/** How long `before` waits for the first publish: a guard against a hang, far below the debounce. */
const OPEN_WAIT_MS = 60_000;
const client = new TestClient({
  configuration: false,
  initializationOptions: { settings: { ticketUrlTemplate: 'https://jira.lsstcorp.org/browse/{id}', diagnostics: { debounceMs: OPEN_DEBOUNCE_MS } } },
});
const doc = new OpenDocument(client, SAMPLE_URI, SAMPLE_TEXT);
let opened: PublishDiagnosticsParams;

before(async () => {
  await client.initialize();
  opened = await doc.open(OPEN_WAIT_MS);
});

after(() => client.kill());

const AT = positionOf(SAMPLE_TEXT, 'DM-10441', 0, 2);

async function hoverText(): Promise<string> {
  const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: SAMPLE_URI }, position: AT });
  assert.ok(h);
  return (h.contents as MarkupContent).value;
}

/** Sends `workspace/didChangeConfiguration` with `dmReport` settings; resolves with the republished diagnostics. */
async function configure(dmReport: unknown): Promise<PublishDiagnosticsParams> {
  const republished = client.nextDiagnostics(SAMPLE_URI);
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { dmReport } });
  return republished;
}

test('the server asks nothing of a client without workspace/configuration', () => {
  // Anything the server sent while handling `initialized` arrives before the diagnostics of the later didOpen.
  assert.deepEqual(client.configurationRequests, []);
  assert.deepEqual(client.registrations, []);
});

test('diagnostics are published at once on open, not after the edit debounce', () => {
  // They came (before() waited for them), and the debounce is an hour: the open was not debounced.
  assert.equal(opened.version, 1);
  // The reference's diagnostics by code (the URLs in their data follow ticketUrlTemplate).
  assert.deepEqual(countByCode(opened), codeCounts(referenceDiagnostics()));
});

test('initializationOptions.settings: ticketUrlTemplate reaches hovers, links and fixes', async () => {
  assert.ok((await hoverText()).endsWith('[https://jira.lsstcorp.org/browse/DM-10441](https://jira.lsstcorp.org/browse/DM-10441)'));
  const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: SAMPLE_URI } });
  assert.equal(links!.filter((l) => l.target!.startsWith('https://jira.lsstcorp.org/browse/')).length, 142);
  const urls = opened.diagnostics.flatMap((d) => ((d.data as { url?: string } | undefined)?.url ? [(d.data as { url: string }).url] : []));
  // Every placeholder link whose text is one ticket or catalogued-series handle: all but
  // `[SOR-019](#)`, `[on Confluence](#)` and `[Developer Guide](#)`.
  const texts = [...SAMPLE_TEXT.matchAll(/\[([^[\]]*)\]\(#\)/g)].map((m) => m[1]);
  assert.equal(texts.length, codeCounts(referenceDiagnostics())['placeholder-link']);
  assert.deepEqual(
    texts.filter((x) => !/^(?:DM-?\d+|(?:LDM|LSE|DMTN|SQR|Document|Collection)-\d+)$/.test(x)),
    ['SOR-019', 'on Confluence', 'Developer Guide'],
  );
  // As many as the reference's placeholder-link diagnostics with a URL (the snapshot; there with the default template).
  assert.equal(urls.length, referenceDiagnostics().filter((d) => (d.data as { url?: string } | undefined)?.url).length);
  assert.ok(urls.filter((u) => u.includes('/browse/')).every((u) => u.startsWith('https://jira.lsstcorp.org/browse/')));
});

test('didChangeConfiguration settings replace them; edits are debounced and coalesced', async () => {
  const republished = await configure({ ticketUrlTemplate: 'https://example.org/jira/{id}', diagnostics: { debounceMs: 300 } });
  assert.equal(republished.version, 1);
  assert.ok((await hoverText()).endsWith('[https://example.org/jira/DM-10441](https://example.org/jira/DM-10441)'));

  // Two edits within the debounce (sent back to back): one publish, for the second version.
  const before = client.diagnostics.length;
  const end = { line: 0, character: SAMPLE_TEXT.split('\n')[0].length };
  await doc.send([{ range: { start: end, end }, newText: ' ' }]);
  const published = await doc.edit([{ range: { start: end, end }, newText: ' ' }]);
  assert.equal(published.version, 3);
  assert.deepEqual(client.diagnostics.slice(before).map((p) => p.version), [3]);

  // Debounced, not published at once: with an hour's debounce, an edit publishes nothing before a
  // later request is answered (the server handles messages in order); a settings change then
  // checks the document at once, at its last version.
  await configure({ ticketUrlTemplate: 'https://example.org/jira/{id}', diagnostics: { debounceMs: 3_600_000 } });
  const quiet = client.diagnostics.length;
  await doc.send([{ range: { start: end, end }, newText: ' ' }]);
  await hoverText();
  assert.deepEqual(client.diagnostics.slice(quiet), []);
  const rechecked = await configure({ ticketUrlTemplate: 'https://example.org/jira/{id}', diagnostics: { debounceMs: 300 } });
  assert.equal(rechecked.version, 4);
});

test('diagnostics.enable false publishes none; the other features go on', async () => {
  const off = await configure({ diagnostics: { enable: false, debounceMs: 0 } });
  assert.deepEqual(off.diagnostics, []);
  assert.ok((await hoverText()).includes('Cited 1 time'));
  const on = await configure({ diagnostics: { debounceMs: 0 } });
  assert.deepEqual(on.diagnostics, referenceDiagnostics());
});

test('settings of the wrong types fall back to the defaults', async () => {
  const published = await configure({ ticketUrlTemplate: 42, ticketKeys: 'DM', diagnostics: { enable: 'no', debounceMs: 'soon' } });
  assert.deepEqual(published.diagnostics, referenceDiagnostics());
  assert.ok((await hoverText()).endsWith('[https://rubinobs.atlassian.net/browse/DM-10441](https://rubinobs.atlassian.net/browse/DM-10441)'));
  const cleared = await configure(null);
  assert.deepEqual(cleared.diagnostics, referenceDiagnostics());
});

test('closing a document clears its diagnostics', async () => {
  const cleared = client.nextDiagnostics(SAMPLE_URI);
  await doc.close();
  assert.deepEqual(await cleared, { uri: SAMPLE_URI, diagnostics: [] });
  assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: SAMPLE_URI }, position: AT }), null);
});

test('shutdown and exit: the server exits with code 0', async () => {
  assert.equal(await client.shutdown(), 0);
  assert.equal(client.stderr, '');
});
