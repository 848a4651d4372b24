/**
 * Extension-host tests: the installed DM Report extension through the `vscode` API
 * (executeHoverProvider, executeCompletionItemProvider, executeCodeActionProvider,
 * executeDocumentSymbolProvider, languages.getDiagnostics), on the reference report.
 *
 * The same suite runs inside code-server (test/e2e/host/extension.ts: a test-only extension whose
 * command runs it and writes the results into the workspace, read by test/e2e/e2e.test.ts) and
 * in desktop VS Code through @vscode/test-electron (test/e2e/host/electron.ts, index.ts).
 * The workspace must hold `report.md`, a copy of the reference report; the suite writes the
 * variants it edits next to it.
 *
 * A minimal mocha-like runner (suite order, one timeout per test) keeps the suite free of
 * extra dependencies.
 */
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

const EXTENSION_ID = 'dm-report.dm-report';
const TIMEOUT = 60_000;

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The document's dm-report diagnostics once `ready` accepts them (they are published asynchronously). */
async function diagnostics(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dm-report');
  if (ready(current())) return current();
  return within(
    TIMEOUT,
    `diagnostics of ${uri.path}`,
    new Promise((resolve) => {
      const listener = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString()) && ready(current())) {
          listener.dispose();
          resolve(current());
        }
      });
    }),
  );
}

function positionOf(doc: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const index = doc.getText().indexOf(needle);
  assert.ok(index >= 0, `${needle} is in ${doc.uri.path}`);
  return doc.positionAt(index + offset);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Runs the suite in the first workspace folder; never throws. */
export async function runSuite(): Promise<TestResult[]> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const tests: [string, () => Promise<void>][] = [];
  const test = (name: string, fn: () => Promise<void>) => tests.push([name, fn]);
  let report: vscode.TextDocument;
  let reportText = '';
  const file = (name: string) => vscode.Uri.joinPath(folder!, name);

  test('the DM Report extension activates and the server publishes diagnostics for report.md', async () => {
    assert.ok(folder, 'a workspace folder is open');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await within(TIMEOUT, 'activation', Promise.resolve(extension.activate()));
    reportText = readFileSync(join(folder.fsPath, 'report.md'), 'utf8');
    report = await vscode.workspace.openTextDocument(file('report.md'));
    assert.equal(report.languageId, 'markdown');
    await diagnostics(report.uri, (d) => d.length > 0);
  });

  test('languages.getDiagnostics: 77 problems (1 error, 74 warnings, 2 information; 7 of them heading-level) with stable codes', async () => {
    const all = await diagnostics(report.uri, (d) => d.length >= 77);
    const bySeverity = (s: vscode.DiagnosticSeverity) => all.filter((d) => d.severity === s).length;
    assert.deepEqual(
      [all.length, bySeverity(vscode.DiagnosticSeverity.Error), bySeverity(vscode.DiagnosticSeverity.Warning), bySeverity(vscode.DiagnosticSeverity.Information)],
      [77, 1, 74, 2],
    );
    const codes: Record<string, number> = {};
    for (const d of all) {
      const code = String(typeof d.code === 'object' ? d.code.value : d.code);
      codes[code] = (codes[code] ?? 0) + 1;
    }
    assert.deepEqual(codes, { 'placeholder-link': 66, 'unknown-document': 3, 'malformed-ticket': 1, 'heading-level': 7 });
    const error = all.find((d) => d.severity === vscode.DiagnosticSeverity.Error)!;
    assert.equal(error.message, 'Malformed ticket "DM10221": Jira keys are written DM-10221.');
    assert.equal(report.getText(error.range), 'DM10221');
  });

  test('executeHoverProvider: DM-10441 gives the ticket and its browse URL', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', report.uri, positionOf(report, 'DM-10441', 3));
    const text = hoverText(hovers);
    assert.match(text, /\*\*DM-10441\*\*/);
    assert.match(text, /https:\/\/rubinobs\.atlassian\.net\/browse\/DM-10441/);
  });

  test('executeHoverProvider: LDM-151 gives its title, a WBS code its name', async () => {
    const doc = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', report.uri, positionOf(report, '[LDM-151]', 3)));
    assert.match(doc, /LDM-151\*\* — Data Management Science Pipelines Design/);
    const wbs = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', report.uri, positionOf(report, '02C.03.01 - Single Frame', 2)),
    );
    assert.match(wbs, /\*\*WBS 02C\.03\.01\*\* — Single Frame Processing Pipelines/);
  });

  test('executeCompletionItemProvider: after "02C.04." in Princeton, 02C.04.05 inserts its name', async () => {
    writeFileSync(join(folder!.fsPath, 'host-completion.md'), reportText);
    const doc = await vscode.workspace.openTextDocument(file('host-completion.md'));
    // The blank line after Princeton's "Current accomplishments:".
    const princeton = positionOf(doc, '## **Princeton University');
    let line = princeton.line;
    while (doc.lineAt(line).text !== 'Current accomplishments:') line++;
    const blank = line + 1;
    assert.equal(doc.lineAt(blank).text, '');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(blank, 0), '02C.04.');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const at = new vscode.Position(blank, '02C.04.'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at, '.');
    const item = list.items.find((i) => label(i) === '02C.04.05');
    assert.ok(item, `02C.04.05 in ${JSON.stringify(list.items.map(label))}`);
    const shown = [typeof item.label === 'string' ? '' : (item.label.description ?? item.label.detail ?? ''), item.detail ?? ''].join(' ');
    assert.match(shown, /Object Detection and Deblending/);
    // Apply it as the editor would: its range replaced by its text.
    const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(range, 'the item has a range');
    const insert = typeof item.insertText === 'string' ? item.insertText : (item.insertText?.value ?? label(item));
    const apply = new vscode.WorkspaceEdit();
    apply.replace(doc.uri, range, insert);
    assert.ok(await vscode.workspace.applyEdit(apply));
    assert.equal(doc.lineAt(blank).text, '02C.04.05 - Object Detection and Deblending');
  });

  test('executeCodeActionProvider: "Insert "Planned activities"…" fixes UW\'s missing section', async () => {
    const lines = reportText.split('\n');
    const uw = lines.indexOf('## University of Washington');
    const planned = lines.indexOf('#### Planned activities:', uw);
    assert.deepEqual(lines.slice(planned, planned + 2), ['#### Planned activities:', '']);
    lines.splice(planned, 2);
    writeFileSync(join(folder!.fsPath, 'host-quickfix.md'), lines.join('\n'));
    const doc = await vscode.workspace.openTextDocument(file('host-quickfix.md'));
    const isMissing = (d: vscode.Diagnostic) => d.message === '"University of Washington" has no "Planned activities" section.';
    const diagnostic = (await diagnostics(doc.uri, (ds) => ds.some(isMissing))).find(isMissing)!;
    assert.equal(diagnostic.range.start.line, uw);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range);
    const fix = actions.find((a) => a.title === 'Insert "Planned activities" in "University of Washington"');
    assert.ok(fix?.edit, `the fix in ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.deepEqual([doc.lineAt(planned).text, doc.lineAt(planned + 1).text, doc.lineAt(planned + 2).text], [
      'Planned activities:',
      '',
      '#### 02C.03.00 - Alert Production Management Engineering and Integration',
    ]);
    await diagnostics(doc.uri, (ds) => ds.length > 0 && !ds.some(isMissing));
  });

  test('executeDocumentSymbolProvider: the teams and their subsections', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', report.uri);
    // Markdown's own provider contributes heading symbols ("## …"); ours are named by label.
    const find = (list: vscode.DocumentSymbol[], name: string): vscode.DocumentSymbol | undefined => {
      for (const s of list) {
        if (s.name === name) return s;
        const inner = find(s.children, name);
        if (inner) return inner;
      }
      return undefined;
    };
    const detailed = find(symbols, 'Detailed Project Progress and Status');
    assert.ok(detailed, JSON.stringify(symbols.map((s) => s.name)));
    assert.deepEqual(detailed.children.map((s) => s.name), [
      'LSST Program Office',
      'DM Science Quality and Reliability Engineering (SQuaRE)',
      'University of Washington',
      'Princeton University and University of California, Davis',
      'IPAC / California Institute of Technology',
      'SLAC / Stanford University',
      'NCSA / University of Illinois',
      'AURA',
    ]);
    const uw = detailed.children[2];
    assert.deepEqual(uw.children.map((s) => s.name), ['Current accomplishments', 'Planned activities', 'Recruitment update']);
    assert.deepEqual(detailed.children[0].children.map((s) => s.name), ['DM Project Management and Control', 'DM Subsystem Science', 'DM System Engineering']);
  });

  const results: TestResult[] = [];
  for (const [name, fn] of tests) {
    const start = Date.now();
    try {
      await within(TIMEOUT, name, fn());
      results.push({ name, ok: true, ms: Date.now() - start });
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - start, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
  return results;
}
