/**
 * The workspace scan over LSP, with the bundled server: on a folder of 40 distinct reports (copies
 * of the reference with their own periods and tickets), one of them open,
 * - a client that shows work done progress gets `window/workDoneProgress/create`, then `$/progress`
 *   begin, a report every 5 % ("indexed 2/40 reports" … "indexed 38/40 reports") and end, on the
 *   token it was given; the open report is not read from disk (the log and the end say so);
 * - a hover on the open report, sent once the scan has begun, is answered before the scan ends
 *   (order, never time);
 * - a client that refuses the token, or does not declare `window.workDoneProgress`, gets no
 *   progress, and the scan completes all the same.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { positionOf, TestClient, type ProgressEvent } from './lsp';
import { reportCopy } from '../support/series';
import { REFERENCE_TEXT } from '../support/reference';

const COUNT = 40;
let root: string;
/** The report kept open: the last one in name order, so that the scan reaches it after the didOpen. */
let openName: string;
let openText: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'dm-report-scan-'));
  for (let i = 0; i < COUNT; i++) {
    const { name, text } = reportCopy(REFERENCE_TEXT, i);
    writeFileSync(join(root, name), text);
    if (i === COUNT - 1) [openName, openText] = [name, text];
  }
});

after(() => rmSync(root, { recursive: true, force: true }));

const SCAN_LOG = /^DM Report: indexed \d+ Markdown files of the workspace/;

test('scan progress: create, begin, a report every 5 %, end; the open report is not read; a hover on it is answered while the scan runs', async () => {
  const client = new TestClient({ configuration: false, root, workDoneProgress: true });
  try {
    const uri = pathToFileURL(join(root, openName)).href;
    const order: string[] = [];
    await client.initialize();
    await client.open(uri, openText);
    // Once the scan has reported progress, a hover on the open report: it is answered between slices.
    await client.progressEvent((e) => e.kind === 'report');
    order.push('hover sent');
    const hover = client.connection
      .sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(openText, '(DM-', 0, 2) })
      .then((h) => (order.push('hover answered'), h as Hover));
    void client.progressEvent((e) => e.kind === 'end').then(() => order.push('scan ended'));
    const log = await client.logMessage((m) => SCAN_LOG.test(m), 60_000);
    await client.progressEvent((e) => e.kind === 'end');
    const h = await hover;
    assert.deepEqual(order, ['hover sent', 'hover answered', 'scan ended']);
    assert.match((h.contents as MarkupContent).value, /DM-/);
    assert.match(log, new RegExp(`^DM Report: indexed ${COUNT - 1} Markdown files of the workspace in \\d+ ms, longest slice \\d+ ms \\(1 open in the editor, not read\\)\\.$`));
    const token = client.progress[0].token;
    const shape = client.progress.map((e: ProgressEvent) => {
      assert.equal(e.token, token);
      if (e.kind === 'create') return 'create';
      if (e.kind === 'begin') return `begin "${e.title}" ${e.percentage}% ${e.message} cancellable=${e.cancellable}`;
      if (e.kind === 'report') return `report ${e.percentage}% ${e.message}`;
      return `end ${e.message}`;
    });
    assert.deepEqual(shape, [
      'create',
      `begin "DM Report: indexing the workspace" 0% indexed 0/${COUNT} reports cancellable=false`,
      ...Array.from({ length: 19 }, (_, k) => `report ${(k + 1) * 5}% indexed ${(k + 1) * 2}/${COUNT} reports`),
      `end indexed ${COUNT - 1} reports (1 open in the editor, not read)`,
    ]);
  } finally {
    client.kill();
  }
});

test('scan progress: a client that refuses the token, or shows no progress, gets none; the scan completes and the server answers', async () => {
  for (const options of [{ workDoneProgress: true, refuseProgress: true }, { workDoneProgress: false }]) {
    const client = new TestClient({ configuration: false, root, ...options });
    try {
      await client.initialize();
      await client.logMessage((m) => SCAN_LOG.test(m), 60_000);
      assert.deepEqual(
        client.progress.map((e) => e.kind),
        options.refuseProgress ? ['create'] : [],
      );
      const uri = pathToFileURL(join(root, 'elsewhere.md')).href;
      await client.open(uri, '# R\n\n## April 2017\n\nSee DM-10441.\n');
      const h = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 6 } })) as Hover;
      // The index holds the 40 reports: the hover lists the other reports that cite the ticket.
      assert.match((h.contents as MarkupContent).value, /Also in \d+ other reports?: \[2015-01\.md:\d+\]/);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  }
});
