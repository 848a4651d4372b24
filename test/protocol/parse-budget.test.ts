/**
 * The parse budget over LSP (issue 14), on the bundled server (its parse pool's workers are
 * `dist/parseWorker.js`): while a report with one line of 100,000 `>` is being parsed, a
 * hover on another document is answered — before the pathological report's first
 * diagnostics, which arrive once its budget (`dmReport.parse.budgetMs`, small here) has
 * passed, with the parse-skipped information diagnostic. The order is what is asserted,
 * bounded by the budget, never a time.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, HoverRequest, LSPErrorCodes, ResponseError, type Hover } from 'vscode-languageserver-protocol/node';
import { positionOf, TestClient } from './lsp';
import { manyQuotes, reportAround } from '../support/pathological';

const dir = mkdtempSync(join(tmpdir(), 'dm-report-budget-'));
const client = new TestClient({ configuration: true, root: dir, settings: { diagnostics: { debounceMs: 0 }, parse: { budgetMs: 1000 } } });
after(() => client.kill());

const SLOW_URI = pathToFileURL(join(dir, '2017-04.md')).href;
const SLOW_TEXT = reportAround(manyQuotes().body);
const NORMAL_URI = pathToFileURL(join(dir, '2017-05.md')).href;
const NORMAL_TEXT = '# Data Management Monthly Report\n\n## May 2017\n\n# High-level Summary\n\nWork on DM-10441 went on.\n';

test('a hover on another document is answered while a pathological report is parsed; then the report gets parse-skipped', async () => {
  await client.initialize();
  const events: string[] = [];
  const slowDiagnostics = client.nextDiagnostics(SLOW_URI, () => true, 30_000).then((p) => (events.push('diagnostics of the pathological report'), p));
  await client.open(SLOW_URI, SLOW_TEXT);
  await client.open(NORMAL_URI, NORMAL_TEXT);
  const hover = (await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: NORMAL_URI },
    position: positionOf(NORMAL_TEXT, 'DM-10441', 0, 2),
  })) as Hover;
  events.push('hover on the other document');
  assert.equal((hover.contents as { value: string }).value.split('\n')[0], '**DM-10441**');
  const published = await slowDiagnostics;
  assert.deepEqual(events, ['hover on the other document', 'diagnostics of the pathological report']);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.message]),
    [
      ['missing-section', 2, 0, 'The report has no "Risk Management" section.'],
      ['missing-section', 2, 0, 'The report has no "Detailed Project Progress and Status" section.'],
      ['parse-skipped', 3, 4, 'This part (lines 5–9) could not be parsed within 1 s (one line of 100,000 `>`); structure checks skipped here.'],
    ],
  );
  // The skipped part's ticket is still read, and its definition line (`DM-10441 was fixed; …`): a hover on it.
  const inside = (await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: SLOW_URI },
    position: positionOf(SLOW_TEXT, 'DM-10441', 0, 2),
  })) as Hover;
  assert.equal((inside.contents as { value: string }).value.split('\n')[0], '**DM-10441** — was fixed; see LDM-151 and 02C.03.01');
});

test('a request cancelled while its document is being parsed gets RequestCancelled', async () => {
  const uri = pathToFileURL(join(dir, '2017-06.md')).href;
  const text = reportAround(manyQuotes(100_001).body);
  await client.open(uri, text);
  const source = new CancellationTokenSource();
  const request = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'DM-9656', 0, 2) }, source.token);
  source.cancel();
  await assert.rejects(request, (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled);
});
