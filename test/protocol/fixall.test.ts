/**
 * Fix all and new month over the protocol: the bundled server's
 * `source.fixAll.dmReport` code action (as VS Code asks for it on save, with
 * `only: ['source.fixAll']`) and its `dmReport.server.newMonth` command.
 * Build first (`node esbuild.mjs`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, ExecuteCommandRequest, type CodeAction, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument, type TextEdit } from 'vscode-languageserver-textdocument';
import { ROOT, SAMPLE_PATH, SAMPLE_TEXT, SAMPLE_URI, TestClient } from './lsp';
import { runCli } from '../support/cli';
import { referenceDiagnostics, referenceFixed } from '../support/reference';
import { ReportEngine } from '../../server/src/engine/engine';
import { fixAll } from '../../server/src/features/fixAll';
import type { NewMonthResult } from '../../server/src/protocol';

const client = new TestClient({ configuration: true, settings: { diagnostics: { debounceMs: 0 } } });
const COPY = SAMPLE_URI.replace(/\.md$/, '-fixall-copy.md');
let dir: string;

before(async () => {
  await client.initialize();
  dir = mkdtempSync(join(tmpdir(), 'dm-report-fixall-'));
});

after(() => {
  client.kill();
  rmSync(dir, { recursive: true, force: true });
});

function fixAllActions(uri: string, only: string[]): Promise<CodeAction[]> {
  return client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only, triggerKind: 2 },
  }) as Promise<CodeAction[]>;
}

/** The edits the core's fix-all composes for the reference (the server and the CLI share it). */
function coreFixAllEdits(): number {
  const engine = new ReportEngine();
  return fixAll(engine, engine.analyze('file:///fixall-core.md', SAMPLE_TEXT, 1)).edits.length;
}

test('codeActionsOnSave (only: source.fixAll): one action, one versioned edit set; applied, the problems of `check --fix` left; then nothing to fix', async () => {
  const published = client.nextDiagnostics(COPY);
  await client.open(COPY, SAMPLE_TEXT, 3);
  assert.deepEqual((await published).diagnostics, referenceDiagnostics());
  // What `dm-report check --fix` writes for the reference, and what it leaves (in-process; the snapshot reference-fixed).
  const cli = referenceFixed();

  const actions = await fixAllActions(COPY, ['source.fixAll']);
  assert.equal(actions.length, 1);
  const [action] = actions;
  assert.equal(action.kind, 'source.fixAll.dmReport');
  assert.equal(action.title, `Fix all safe DM Report problems (${cli.fixed} fixes)`);
  const changes = action.edit!.documentChanges as TextDocumentEdit[];
  assert.equal(changes.length, 1);
  assert.deepEqual(changes[0].textDocument, { uri: COPY, version: 3 });
  // The core's composed edits: one per link and ticket, one per heading whose markers change.
  assert.equal(changes[0].edits.length, coreFixAllEdits());
  const fixed = TextDocument.applyEdits(TextDocument.create(COPY, 'markdown', 3, SAMPLE_TEXT), changes[0].edits as TextEdit[]);
  assert.equal(fixed, cli.text);

  // The quick-fix request of a lightbulb does not carry it; `only: source` (the Source Action menu) does.
  assert.equal((await fixAllActions(COPY, ['quickfix'])).filter((a) => a.kind === 'source.fixAll.dmReport').length, 0);
  assert.equal((await fixAllActions(COPY, ['source'])).length, 1);

  const after = client.nextDiagnostics(COPY, (p) => p.version === 4);
  await client.change(COPY, 4, [{ text: fixed }]);
  const left = await after;
  assert.deepEqual(left.diagnostics, cli.diagnostics);
  assert.deepEqual(await fixAllActions(COPY, ['source.fixAll']), []);
  await client.close(COPY);
});

test('dmReport.server.newMonth: the text of `dm-report new`, the period after the report\'s, the file name', async () => {
  const published = client.nextDiagnostics(SAMPLE_URI);
  await client.open(SAMPLE_URI, SAMPLE_TEXT, 1);
  await published;
  const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
    command: 'dmReport.server.newMonth',
    arguments: [SAMPLE_URI],
  })) as NewMonthResult;
  const cli = runCli(['new', '--from', SAMPLE_PATH, '--period', '2017-05'], { cwd: ROOT });
  assert.equal(cli.code, 0);
  assert.deepEqual({ ...result, text: result.text === cli.out }, { text: true, period: '2017-05', fileName: 'dm-monthly-report-2017-05.md', teams: 10, carried: 115 });

  const december = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
    command: 'dmReport.server.newMonth',
    arguments: [SAMPLE_URI, '2017-12'],
  })) as NewMonthResult;
  assert.deepEqual([december.period, december.fileName, december.text.split('\n')[2]], ['2017-12', 'dm-monthly-report-2017-12.md', '## December 2017']);

  await assert.rejects(
    client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'dmReport.server.newMonth', arguments: [SAMPLE_URI, '2017-13'] }),
    { message: 'Request workspace/executeCommand failed with message: dm-report: the period must be a month written YYYY-MM (e.g. 2017-05), not "2017-13"' },
  );
  await client.close(SAMPLE_URI);
});

test('dmReport.server.newMonth on a report that is not open reads it from disk; a missing file is an error', async () => {
  const file = join(dir, '2017-04.md');
  writeFileSync(file, SAMPLE_TEXT.replace('## April 2017', '## June 2018'));
  const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
    command: 'dmReport.server.newMonth',
    arguments: [pathToFileURL(file).href],
  })) as NewMonthResult;
  assert.deepEqual([result.period, result.text.split('\n')[2], result.carried], ['2018-07', '## July 2018', 115]);
  await assert.rejects(
    client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'dmReport.server.newMonth', arguments: [pathToFileURL(join(dir, 'nope.md')).href] }),
    { message: `Request workspace/executeCommand failed with message: dm-report: cannot read ${join(dir, 'nope.md')} (ENOENT)` },
  );
});
