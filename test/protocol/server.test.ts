/**
 * Protocol tests: the bundled language server (`node dist/server.js --stdio`)
 * driven over JSON-RPC by a client that supports `workspace/configuration`,
 * on the reference report. Build first (`node esbuild.mjs`).
 *
 * Positions are computed from the report's text, never typed in; where a
 * hard-coded number is asserted too, it was checked by hand against the file.
 * Documents that get edited are copies opened under their own URIs, so that
 * each test starts from the reference text.
 */
import { test, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeConfigurationNotification,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  HoverRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type InitializeResult,
  type MarkupContent,
  type Position,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { countByCode, OpenDocument, positionAfter, positionOf, ROOT, SAMPLE_TEXT, SAMPLE_URI, TestClient } from './lsp';
import type { ReportStructure } from '../../server/src/protocol';
import { codeCounts, referenceDiagnostics } from '../support/reference';

/** The reference's diagnostics by code (from the snapshot reference-diagnostics). */
const ORIGINAL_COUNTS = codeCounts(referenceDiagnostics());
const JIRA = 'https://jira.lsstcorp.org/browse/{id}';

const client = new TestClient({ configuration: true, settings: { diagnostics: { debounceMs: 0 } } });
let initializeResult: InitializeResult;
let opened: PublishDiagnosticsParams;

before(async () => {
  initializeResult = await client.initialize();
  const published = client.nextDiagnostics(SAMPLE_URI);
  await client.open(SAMPLE_URI, SAMPLE_TEXT, 1);
  opened = await published;
});

after(() => client.kill());

/** The range of the `nth` occurrence of `needle` in `text`. */
function rangeOf(text: string, needle: string, nth = 0): Range {
  const start = positionOf(text, needle, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

/** The range of the first `needle` after the first `landmark`. */
function rangeAfter(text: string, landmark: string, needle: string): Range {
  const start = positionAfter(text, landmark, needle);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

/** Line `line` (0-based) of `text`. */
function lineAt(text: string, line: number): string {
  return text.split('\n')[line];
}

async function hover(uri: string, position: Position): Promise<Hover | null> {
  return client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
}

async function hoverText(uri: string, position: Position): Promise<string> {
  const h = await hover(uri, position);
  assert.ok(h, `no hover at ${JSON.stringify(position)}`);
  return (h.contents as MarkupContent).value;
}

async function complete(uri: string, position: Position): Promise<CompletionItem[]> {
  const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionList;
  assert.equal(result.isIncomplete, false);
  return [...result.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
}

async function symbols(uri: string): Promise<DocumentSymbol[]> {
  return (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
}

let copies = 0;
/**
 * Opens a fresh copy of `text` (the reference report by default) under its own URI, closed when
 * test `t` ends; resolves once its diagnostics arrive.
 */
async function openCopy(t: TestContext, text = SAMPLE_TEXT): Promise<{ doc: OpenDocument; diagnostics: PublishDiagnosticsParams }> {
  const doc = new OpenDocument(client, SAMPLE_URI.replace(/\.md$/, `.copy${++copies}.md`), text);
  t.after(() => doc.close());
  const diagnostics = await doc.open();
  return { doc, diagnostics };
}

test('initialize: capabilities, then settings are asked for and configuration changes registered', () => {
  assert.deepEqual(initializeResult, {
    capabilities: {
      textDocumentSync: 2,
      completionProvider: { triggerCharacters: ['.', '-'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.dmReport'] },
      documentSymbolProvider: { label: 'DM Report' },
      documentLinkProvider: { resolveProvider: false },
      executeCommandProvider: { commands: ['dmReport.server.insertMissingSections', 'dmReport.server.newMonth'] },
    },
    serverInfo: { name: 'dm-report', version: '0.1.0' },
  });
  assert.deepEqual(client.configurationRequests[0], { items: [{ section: 'dmReport' }] });
  assert.equal(client.registrations.length, 1);
  assert.deepEqual(
    client.registrations[0].registrations.map((r) => [r.method, r.registerOptions]),
    [['workspace/didChangeConfiguration', { section: 'dmReport' }]],
  );
});

test('publishDiagnostics on open: the diagnostics of `dm-report check` (the snapshot), the DM10221 error exactly', () => {
  assert.equal(opened.uri, SAMPLE_URI);
  assert.equal(opened.version, 1);
  assert.deepEqual(opened.diagnostics, referenceDiagnostics());
  assert.ok(opened.diagnostics.every((d) => d.source === 'dm-report'));
  // The placeholder links: exactly the `](#)` of the text.
  assert.equal(opened.diagnostics.filter((d) => d.code === 'placeholder-link').length, SAMPLE_TEXT.split('](#)').length - 1);
  assert.ok(opened.diagnostics.filter((d) => d.code === 'placeholder-link').every((d) => d.severity === 2));

  const range = rangeOf(SAMPLE_TEXT, 'DM10221');
  assert.deepEqual(range, { start: { line: 296, character: 277 }, end: { line: 296, character: 284 } });
  const malformed = opened.diagnostics.filter((d) => d.code === 'malformed-ticket');
  assert.deepEqual(malformed, [
    {
      range,
      severity: 1,
      code: 'malformed-ticket',
      source: 'dm-report',
      codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#malformed-ticket' },
      message: 'Malformed ticket "DM10221": Jira keys are written DM-10221.',
      data: { corrected: 'DM-10221' },
    },
  ]);

  const unknown = opened.diagnostics.filter((d) => d.code === 'unknown-document');
  assert.deepEqual(
    unknown.map((d) => [SAMPLE_TEXT.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.severity]),
    // Collection-5517 and Document-25798: DocuShare numbers the catalog lacks, no handles in prose.
    [
      ['SOR-019', 2],
      ['LSE-299', 3],
      ['LSE-299', 3],
    ],
  );
  const sor = unknown.find((d) => d.severity === 2)!;
  assert.deepEqual(sor.range, rangeOf(SAMPLE_TEXT, 'SOR-019'));
  assert.equal(sor.message, 'Unknown document series "SOR" in SOR-019; did you mean SQR-019 (LSST Verification Framework API Demonstration)?');
  // Sorted by position.
  const starts = opened.diagnostics.map((d) => d.range.start.line * 100000 + d.range.start.character);
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
});

test('hover on a ticket: browse URL and how many times the report cites it', async () => {
  const at = positionOf(SAMPLE_TEXT, 'DM-10441', 0, 3);
  assert.equal(at.line, 55);
  assert.equal(SAMPLE_TEXT.split('DM-10441').length - 1, 1);
  // Once the workspace scan has read every Markdown file of the repository: docs/rules.md cites it too (an example).
  await client.logMessage((m) => m.includes('Markdown files of the workspace in'));
  const rules = join(ROOT, 'docs/rules.md');
  const rulesLine = positionOf(readFileSync(rules, 'utf8'), 'DM-10441').line + 1;
  const h = await hover(SAMPLE_URI, at);
  assert.deepEqual(h, {
    contents: {
      kind: 'markdown',
      value: [
        '**DM-10441**',
        '',
        'Cited 1 time in this report.',
        '',
        `In this report: [line 56](${SAMPLE_URI}#L56).`,
        '',
        `Also in 1 other report: [rules.md:${rulesLine}](${pathToFileURL(rules).href}#L${rulesLine}).`,
        '',
        "No title known (no definition line in the workspace's reports).",
        '',
        '[https://rubinobs.atlassian.net/browse/DM-10441](https://rubinobs.atlassian.net/browse/DM-10441)',
      ].join('\n'),
    },
    range: rangeOf(SAMPLE_TEXT, 'DM-10441'),
  });
  // A cursor right after the ID still finds it; one past it does not.
  const end = rangeOf(SAMPLE_TEXT, 'DM-10441').end;
  assert.ok(await hover(SAMPLE_URI, end));
  assert.equal(lineAt(SAMPLE_TEXT, end.line)[end.character], ')');
  assert.equal(await hover(SAMPLE_URI, { line: end.line, character: end.character + 1 }), null);
});

test('hover on a ticket with a definition line shows its title', async () => {
  // `DM-9656 Replanning, …` is defined twice (Current and Planned, NCSA) and cited nowhere else.
  assert.equal(SAMPLE_TEXT.split('DM-9656').length - 1, 2);
  for (const nth of [0, 1]) {
    const value = await hoverText(SAMPLE_URI, positionOf(SAMPLE_TEXT, 'DM-9656', nth, 1));
    assert.equal(value.split('\n')[0], '**DM-9656** — Replanning, Commissioning, Operations Planning (S17b)');
    assert.ok(value.includes('[https://rubinobs.atlassian.net/browse/DM-9656](https://rubinobs.atlassian.net/browse/DM-9656)'));
  }
});

test('hover on a document handle: title, year, URL', async () => {
  const value = await hoverText(SAMPLE_URI, positionOf(SAMPLE_TEXT, 'LDM-151', 0, 4));
  assert.equal(value, '**LDM-151** — Data Management Science Pipelines Design (2020)\n\n[https://ldm-151.lsst.io/](https://ldm-151.lsst.io/)');
  const unknownSeries = await hoverText(SAMPLE_URI, positionOf(SAMPLE_TEXT, 'SOR-019'));
  assert.equal(
    unknownSeries,
    '**SOR-019**: unknown document series "SOR".\n\nDid you mean **SQR-019** — LSST Verification Framework API Demonstration (2018)?',
  );
});

test('hover on a WBS code: names over time, parent chain, lead institution', async () => {
  const expected = [
    '**WBS 02C.03.01** — Single Frame Processing Pipelines',
    '',
    '- Single Frame Processing Pipelines — 2017, 2017-04 (as written in the April 2017 DM monthly report)',
    '- Single Frame Processing Pipeline — pre-FY18, 2017-03-27 (lsst/LDM-151:DM_Applications_Design.tex)',
    '- Single Frame Processing — FY18+, 2017-06-28 (lsst/LDM-294:wbs/1.02C.03.01.tex)',
    '',
    'Parent chain: 02C.03 Alert Production › 02C Data Management Construction',
    '',
    'Lead institution: University of Washington',
  ].join('\n');
  // UW writes it as a paragraph in Current accomplishments and as a heading in Planned activities.
  const paragraph = positionOf(SAMPLE_TEXT, '02C.03.01', 0, 4);
  const heading = positionOf(SAMPLE_TEXT, '02C.03.01', 1, 4);
  assert.equal(lineAt(SAMPLE_TEXT, paragraph.line), '02C.03.01 - Single Frame Processing Pipelines');
  assert.equal(lineAt(SAMPLE_TEXT, heading.line), '#### 02C.03.01 - Single Frame Processing Pipelines');
  for (const at of [paragraph, heading]) {
    const h = await hover(SAMPLE_URI, at);
    assert.deepEqual(h, { contents: { kind: 'markdown', value: expected }, range: rangeOf(SAMPLE_TEXT, '02C.03.01', at === paragraph ? 0 : 1) });
  }
});

test('no hover on plain words and on look-alikes', async () => {
  assert.equal(await hover(SAMPLE_URI, positionOf(SAMPLE_TEXT, 'Data Management Monthly Report', 0, 3)), null);
  assert.equal(await hover(SAMPLE_URI, { line: 0, character: 0 }), null);
  assert.equal(await hover(SAMPLE_URI, { line: 9999, character: 0 }), null);
  assert.equal(await hover('file:///not/open.md', { line: 0, character: 0 }), null);
});

test('completion of WBS codes: the team subtree, the code and its name inserted', async (t) => {
  const { doc } = await openCopy(t);
  // A new line in Princeton's Current accomplishments, between the label and `#### 02C.04.00`.
  const label = positionAfter(doc.text, '## **Princeton University', 'Current accomplishments:');
  assert.equal(lineAt(doc.text, label.line - 2), '## **Princeton University and University of California, Davis**');
  const blank = label.line + 1;
  assert.equal(lineAt(doc.text, blank), '');
  await doc.edit([{ range: { start: { line: blank, character: 0 }, end: { line: blank, character: 0 } }, newText: '\n02C.04.\n' }]);
  const line = blank + 1;
  assert.equal(lineAt(doc.text, line), '02C.04.');

  const items = await complete(doc.uri, { line, character: 7 });
  assert.deepEqual(
    items.map((i) => i.label),
    ['02C.04.00', '02C.04.01', '02C.04.02', '02C.04.03', '02C.04.04', '02C.04.05', '02C.04.06', '02C.04.07'],
  );
  const item = items.find((i) => i.label === '02C.04.05')!;
  assert.deepEqual(item.textEdit, {
    range: { start: { line, character: 0 }, end: { line, character: 7 } },
    newText: '02C.04.05 - Object Detection and Deblending',
  });
  assert.equal(item.detail, 'Object Detection and Deblending');

  // `02C.` offers every element; Princeton's own subtree (02C.04) sorts first.
  await doc.edit([{ range: { start: { line, character: 4 }, end: { line, character: 7 } }, newText: '' }]);
  assert.equal(lineAt(doc.text, line), '02C.');
  const all = await complete(doc.uri, { line, character: 4 });
  const own = all.filter((i) => i.label === '02C.04' || i.label.startsWith('02C.04.'));
  assert.equal(own.length, 9);
  assert.deepEqual(all.slice(0, own.length), own);
  assert.ok(all.length > 50, `only ${all.length} WBS items`);
  assert.ok(all.slice(own.length).every((i) => !i.label.startsWith('02C.04')));

  // In UW's section its own subtree (02C.03) comes first instead.
  const uwLine = positionOf(doc.text, '02C.03.01 - Single Frame Processing Pipelines').line + 1;
  assert.equal(lineAt(doc.text, uwLine), '');
  await doc.edit([{ range: { start: { line: uwLine, character: 0 }, end: { line: uwLine, character: 0 } }, newText: '\n02C.' }]);
  const uw = await complete(doc.uri, { line: uwLine + 1, character: 4 });
  assert.equal(uw[0].label, '02C.03');
  assert.ok(uw.slice(0, 10).every((i) => i.label.startsWith('02C.03')));
});

test('completion of ticket IDs after DM- and of document handles after DMTN-', async (t) => {
  const { doc } = await openCopy(t);
  const end = positionOf(doc.text, '- None planned.');
  await doc.edit([{ range: { start: end, end }, newText: '- See DM-96 and DMTN-04\n' }]);
  const line = end.line;
  assert.equal(lineAt(doc.text, line), '- See DM-96 and DMTN-04');

  const tickets = await complete(doc.uri, { line, character: 11 });
  const ticket = tickets.find((i) => i.label === 'DM-9656');
  assert.ok(ticket, 'DM-9656 offered');
  assert.equal(ticket.detail, 'Replanning, Commissioning, Operations Planning (S17b)');
  assert.deepEqual(ticket.textEdit, { range: { start: { line, character: 6 }, end: { line, character: 11 } }, newText: 'DM-9656' });
  assert.ok(tickets.every((i) => i.label.startsWith('DM-')));
  // Most recent report first, then number descending: the reports open here are of April 2017, so by number,
  // after the tickets of the workspace's later reports (test/corpus/) and before those of earlier ones and of
  // Markdown files without a period (the README). DM-96, being typed, is not offered.
  const numbers = tickets.map((i) => Number(i.label.slice(3)));
  const april = numbers.filter((n) => new RegExp(`(?<![\\w-])DM-?${n}(?!\\d)`).test(SAMPLE_TEXT));
  const first = numbers.indexOf(april[0]);
  assert.deepEqual(numbers.slice(first, first + april.length), [...april].sort((a, b) => b - a));
  assert.equal(april.length, 124);
  assert.equal(tickets.some((i) => i.label === 'DM-96'), false);
  assert.equal(tickets[first].label, 'DM-10441');
  assert.equal(tickets[first].detail, 'cited in a report; no title known');

  const docs = await complete(doc.uri, { line, character: 23 });
  const d = docs.find((i) => i.label === 'DMTN-044');
  assert.ok(d, 'DMTN-044 offered');
  assert.deepEqual(d.labelDetails, { description: 'LSST DM Software Release Considerations' });
  assert.deepEqual(d.textEdit, { range: { start: { line, character: 16 }, end: { line, character: 23 } }, newText: 'DMTN-044' });
  assert.ok(docs.every((i) => i.label.startsWith('DMTN-')));
});

test('quick fix of DM10221: applied, the error is gone and nothing else changes', async (t) => {
  const { doc, diagnostics } = await openCopy(t);
  const error = diagnostics.diagnostics.find((x) => x.code === 'malformed-ticket')!;
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: doc.uri },
    range: error.range,
    context: { diagnostics: [error] },
  })) as CodeAction[];
  // The placeholder link around it ([DM10221](#)) has its own two fixes.
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Link to https://rubinobs.atlassian.net/browse/DM-10221', 'Remove the link, keep the text', 'Change to DM-10221'],
  );
  const fix = actions.find((a) => a.title === 'Change to DM-10221')!;
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(fix.diagnostics, [error]);
  const edits = fix.edit!.changes![doc.uri];
  assert.deepEqual(edits, [{ range: error.range, newText: 'DM-10221' }]);

  const after = await doc.edit(edits);
  assert.equal(after.version, 2);
  assert.ok(lineAt(doc.text, error.range.start.line).includes('[DM-10221](#)'));
  assert.deepEqual(countByCode(after), Object.fromEntries(Object.entries(ORIGINAL_COUNTS).filter(([code]) => code !== 'malformed-ticket')));
  // The other diagnostics are the same ones, at the same places (one character later after the
  // fix on its line: `DM-10221` is one longer than `DM10221`).
  const shift = (p: Position, by: number) =>
    p.line === error.range.start.line && p.character >= error.range.end.character ? { line: p.line, character: p.character + by } : p;
  const rest = (p: PublishDiagnosticsParams, by: number) =>
    p.diagnostics.filter((x) => x.code !== 'malformed-ticket').map((x) => [x.code, String(x.message).replace('DM10221', 'DM-10221'), shift(x.range.start, by), shift(x.range.end, by)]);
  assert.deepEqual(rest(after, 0), rest(diagnostics, 1));
  // And the placeholder link now points at the corrected key.
  const link = after.diagnostics.find(
    (x) => x.code === 'placeholder-link' && x.range.start.line === error.range.start.line && x.range.start.character === error.range.start.character - 1,
  )!;
  assert.equal(link.message, 'Placeholder link "DM-10221" points nowhere ("#"); it could link to https://rubinobs.atlassian.net/browse/DM-10221.');
});

test('quick fixes of SOR-019 and of a placeholder link: each, applied alone, removes its diagnostic and adds none', async (t) => {
  const { doc, diagnostics } = await openCopy(t);
  const original = doc.text;
  const byKey = (d: Diagnostic) => `${d.code}@${d.range.start.line}:${d.range.start.character}`;
  const sor = diagnostics.diagnostics.find((d) => d.code === 'unknown-document' && d.severity === 2)!;
  const link = diagnostics.diagnostics.find((d) => d.code === 'placeholder-link' && JSON.stringify(d.range) === JSON.stringify(rangeOf(original, '[DM-9997](#)')))!;
  const applied: string[] = [];
  for (const target of [sor, link]) {
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: doc.uri },
      range: target.range,
      context: { diagnostics: [target], only: ['quickfix'] },
    })) as CodeAction[];
    for (const action of actions.filter((a) => a.diagnostics?.some((d) => byKey(d) === byKey(target)))) {
      const fixed = await doc.edit(action.edit!.changes![doc.uri]);
      applied.push(`${action.title} → ${doc.text.split('\n')[target.range.start.line].slice(target.range.start.character, target.range.end.character + 40)}`);
      const expected = countByCode(diagnostics);
      expected[String(target.code)]--;
      assert.deepEqual(countByCode(fixed), expected, action.title);
      // Back to the original text for the next fix.
      const back = await doc.edit([{ range: { start: { line: 0, character: 0 }, end: doc.doc.positionAt(doc.text.length) }, newText: original }]);
      assert.deepEqual(back.diagnostics, diagnostics.diagnostics);
    }
  }
  assert.deepEqual(applied, [
    // `see [SOR-019](#) (work in progress, …`; `blender. [[DM-9997](#)]` at the end of its line.
    'Change to SQR-019 → SQR-019](#) (work in progress, on master to all',
    'Link to https://rubinobs.atlassian.net/browse/DM-9997 → [DM-9997](https://rubinobs.atlassian.net/browse/DM-9',
    'Remove the link, keep the text → DM-9997]',
  ]);
  // Asking only for refactorings yields nothing.
  const none = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: doc.uri },
    range: diagnostics.diagnostics[0].range,
    context: { diagnostics: [], only: ['refactor'] },
  });
  assert.deepEqual(none, []);
});

test('documentSymbol: the logical outline of the report', async () => {
  const result = await symbols(SAMPLE_URI);
  assert.deepEqual(
    result.map((s) => [s.name, s.kind]),
    [
      ['Data Management Monthly Report', 1],
      ['2017-04', 24],
      ['High-level Summary/Status', 2],
      ['Risk Management', 2],
      ['Detailed Project Progress and Status', 2],
    ],
  );
  const detailed = result[4];
  assert.deepEqual(detailed.selectionRange, rangeOf(SAMPLE_TEXT, '## Detailed Project Progress and Status'));
  assert.equal(detailed.range.end.line, SAMPLE_TEXT.trimEnd().split('\n').length - 1);
  assert.deepEqual(
    detailed.children!.map((s) => [s.name, s.kind]),
    [
      ['LSST Program Office', 4],
      ['DM Science Quality and Reliability Engineering (SQuaRE)', 5],
      ['University of Washington', 5],
      ['Princeton University and University of California, Davis', 5],
      ['IPAC / California Institute of Technology', 5],
      ['SLAC / Stanford University', 5],
      ['NCSA / University of Illinois', 5],
      ['AURA', 5],
    ],
  );
  const office = detailed.children![0];
  assert.deepEqual(
    office.children!.map((t) => [t.name, t.children!.map((s) => s.name)]),
    [
      ['DM Project Management and Control', ['Current accomplishments', 'Planned activities']],
      ['DM Subsystem Science', ['Current accomplishments', 'Planned activities']],
      ['DM System Engineering', ['Current accomplishments', 'Planned activities']],
    ],
  );
  const uw = detailed.children![2];
  assert.deepEqual(uw.selectionRange, rangeOf(SAMPLE_TEXT, '## University of Washington'));
  assert.deepEqual(
    uw.children!.map((s) => [s.name, s.detail, s.kind]),
    [
      ['Current accomplishments', undefined, 6],
      ['Planned activities', undefined, 6],
      ['Recruitment update', 'N/A', 6],
    ],
  );
  const wbsNames = [
    '02C.03.00 Alert Production Management Engineering and Integration',
    '02C.03.01 Single Frame Processing Pipelines',
    '02C.03.02 Association Pipelines',
    '02C.03.03 Alert Generation Pipelines',
    '02C.03.04 Image Differencing Pipeline',
    '02C.03.05 Application Framework for Exposures',
    '02C.03.06 Moving Object Pipelines',
    '02C.03.07 Photometric Calibration Pipeline',
    '02C.03.08 Astrometric Calibration Pipeline',
  ];
  assert.deepEqual(uw.children![0].children!.map((s) => s.name), wbsNames);
  assert.deepEqual(uw.children![1].children!.map((s) => s.name), wbsNames);
  // Every name the report writes for these codes is its catalog name for April 2017: no detail.
  assert.deepEqual(uw.children![0].children!.map((s) => s.detail), wbsNames.map(() => undefined));
  assert.deepEqual(uw.children![2].selectionRange, rangeOf(SAMPLE_TEXT, 'Recruitment update: N/A'));
  // IPAC's `#### Planned activities: (for May 2017)`: the label, with the aside as detail.
  const ipac = detailed.children![4];
  assert.deepEqual(
    ipac.children!.map((s) => [s.name, s.detail]),
    [
      ['Current accomplishments', undefined],
      ['Planned activities', '(for May 2017)'],
      ['Recruitment update', undefined],
    ],
  );
  // Every selectionRange lies inside its range, all the way down.
  const walk = (s: DocumentSymbol): number => {
    const inside = (r: Range, o: Range) =>
      (r.start.line > o.start.line || (r.start.line === o.start.line && r.start.character >= o.start.character)) &&
      (r.end.line < o.end.line || (r.end.line === o.end.line && r.end.character <= o.end.character));
    assert.ok(inside(s.selectionRange, s.range), s.name);
    for (const c of s.children ?? []) assert.ok(inside(c.range, s.range), `${c.name} in ${s.name}`);
    return 1 + (s.children ?? []).reduce((n, c) => n + walk(c), 0);
  };
  const count = result.reduce((n, s) => n + walk(s), 0);
  // One symbol per WBS element line (heading, label paragraph or bullet) of the text.
  const wbsLines = SAMPLE_TEXT.split('\n').filter((l) => /^(?:#+ +|- +)?(?:\*\*)?(?:1\.)?02C(?:\.\d\d)+/.test(l)).length;
  const wbsSymbols = (s: DocumentSymbol): number => (s.kind === 8 ? 1 : 0) + (s.children ?? []).reduce((n, c) => n + wbsSymbols(c), 0);
  assert.equal(wbsLines, 78);
  assert.equal(result.reduce((n, s) => n + wbsSymbols(s), 0), wbsLines);
  assert.equal(count, 141);
});

test('documentLink: every ticket and catalogued-series handle outside a real link', async () => {
  const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: SAMPLE_URI } });
  assert.ok(links);
  // Independently: 142 ticket IDs and 18 handles of known series in the text.
  const tickets = SAMPLE_TEXT.match(/(?<![\w-])(?:DM|RFC|PREOPS|SITCOM)-\d+(?![\w-])/g)!;
  const handles = SAMPLE_TEXT.match(/(?<![\w-])(?:LDM|LSE|LPM|DMTN|SQR|DMTR|Document|Collection)-\d+(?![\w-])/g)!;
  assert.equal(tickets.length, 142);
  assert.equal(handles.length, 18);
  assert.equal(links.length, 158);
  const at = (needle: string) => links.find((l) => JSON.stringify(l.range) === JSON.stringify(rangeOf(SAMPLE_TEXT, needle)));
  assert.deepEqual(at('DM-10441'), {
    range: rangeOf(SAMPLE_TEXT, 'DM-10441'),
    target: 'https://rubinobs.atlassian.net/browse/DM-10441',
    tooltip: 'Open DM-10441 in Jira',
  });
  assert.deepEqual(at('LDM-151'), { range: rangeOf(SAMPLE_TEXT, 'LDM-151'), target: 'https://ldm-151.lsst.io/', tooltip: 'Open LDM-151' });
  // Look-alikes, unknown series and word series' numbers the catalog lacks are not linked.
  assert.equal(at('Document-25798'), undefined);
  assert.equal(at('SOR-019'), undefined);
  assert.equal(at('DM10221'), undefined);
});

test('dmReport/structure: every team and subsection present, nothing missing', async () => {
  const s = (await client.connection.sendRequest('dmReport/structure', { uri: SAMPLE_URI })) as ReportStructure;
  assert.equal(s.uri, SAMPLE_URI);
  assert.equal(s.missingCount, 0);
  assert.deepEqual(
    s.sections.map((x) => [x.id, x.present, x.required]),
    [
      ['period', true, true],
      ['high-level-summary', true, true],
      ['risk-management', true, true],
      ['detailed-progress', true, true],
    ],
  );
  assert.deepEqual(s.sections[0].range, rangeOf(SAMPLE_TEXT, '## April 2017'));
  assert.equal(s.teams.length, 8);
  assert.deepEqual(
    s.teams.map((t) => [t.title, t.kind, t.teams.length]),
    [
      ['LSST Program Office', 'group', 3],
      ['DM Science Quality and Reliability Engineering (SQuaRE)', 'team', 0],
      ['University of Washington', 'team', 0],
      ['Princeton University and University of California, Davis', 'team', 0],
      ['IPAC / California Institute of Technology', 'team', 0],
      ['SLAC / Stanford University', 'team', 0],
      ['NCSA / University of Illinois', 'team', 0],
      ['AURA', 'team', 0],
    ],
  );
  const all = [...s.teams.slice(1), ...s.teams[0].teams];
  for (const t of all) assert.ok(t.subsections.every((x) => x.present || !x.required), t.title);
  // The Program Office teams need no Recruitment update and have none.
  assert.deepEqual(
    s.teams[0].teams.map((t) => t.subsections.map((x) => `${x.id}:${x.present}:${x.required}`)),
    Array(3).fill(['current-accomplishments:true:true', 'planned-activities:true:true', 'recruitment-update:false:false']),
  );
  const uw = s.teams[2];
  assert.deepEqual(uw.range, rangeOf(SAMPLE_TEXT, '## University of Washington'));
  assert.deepEqual(uw.subsections[1].range, rangeAfter(SAMPLE_TEXT, '## University of Washington', '#### Planned activities:'));
  assert.equal(await client.connection.sendRequest('dmReport/structure', { uri: 'file:///not/open.md' }), null);
});

test('missing section: diagnostic on the team heading; dmReport.server.insertMissingSections inserts it through workspace/applyEdit', async (t) => {
  const { doc } = await openCopy(t);
  // Nothing to insert in the complete report: 0, and no applyEdit.
  const before = client.applyEdits.length;
  assert.equal(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'dmReport.server.insertMissingSections', arguments: [doc.uri] }), 0);
  assert.equal(client.applyEdits.length, before);

  const heading = positionAfter(doc.text, '## University of Washington', '#### Planned activities:');
  assert.equal(heading.line, 211);
  const deleted = await doc.edit([{ range: { start: { line: heading.line, character: 0 }, end: { line: heading.line + 1, character: 0 } }, newText: '' }]);
  const missing = deleted.diagnostics.filter((d) => d.code === 'missing-section');
  assert.deepEqual(missing, [
    {
      range: rangeOf(doc.text, '## University of Washington'),
      severity: 2,
      code: 'missing-section',
      source: 'dm-report',
      codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#missing-section' },
      message: '"University of Washington" has no "Planned activities" section.',
      data: { section: 'planned-activities' },
    },
  ]);
  assert.deepEqual(countByCode(deleted), { 'missing-section': 1, ...ORIGINAL_COUNTS });

  const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'dmReport.server.insertMissingSections', arguments: [doc.uri] });
  assert.equal(result, 1);
  assert.equal(client.applyEdits.length, before + 1);
  const applied = client.applyEdits[before];
  // UW writes its labels as paragraphs (`Current accomplishments:`, `Recruitment update: N/A`), so the
  // inserted label is one too. It goes where the planned WBS elements begin: before the first WBS
  // element that repeats one of Current accomplishments (`#### 02C.03.00`), not at Recruitment update.
  const planned = positionAfter(doc.text, '## University of Washington', '#### 02C.03.00');
  assert.deepEqual(planned, { line: 212, character: 0 });
  assert.deepEqual(applied, {
    label: 'Insert missing sections',
    edit: {
      documentChanges: [
        {
          textDocument: { uri: doc.uri, version: doc.version },
          edits: [{ range: { start: planned, end: planned }, newText: 'Planned activities:\n\n' }],
        },
      ],
    },
  });
  const change = applied.edit.documentChanges![0] as { edits: { range: Range; newText: string }[] };
  const fixed = await doc.edit(change.edits);
  assert.deepEqual(countByCode(fixed), ORIGINAL_COUNTS);
  const s = (await client.connection.sendRequest('dmReport/structure', { uri: doc.uri })) as ReportStructure;
  assert.equal(s.missingCount, 0);

  // The command on a document that is not open is an error, not a crash.
  await assert.rejects(
    client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'dmReport.server.insertMissingSections', arguments: ['file:///not/open.md'] }),
    /file:\/\/\/not\/open\.md is not open/,
  );
});

test('settings from workspace/configuration: a new ticketUrlTemplate reaches hovers, links and diagnostics', async () => {
  const at = positionOf(SAMPLE_TEXT, 'DM-10441');
  assert.ok((await hoverText(SAMPLE_URI, at)).includes('https://rubinobs.atlassian.net/browse/DM-10441'));
  const asked = client.nextConfigurationRequest();
  client.settings = { ticketUrlTemplate: JIRA, diagnostics: { debounceMs: 0 } };
  const republished = client.nextDiagnostics(SAMPLE_URI);
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await asked;
  const diagnostics = await republished;
  try {
    const value = await hoverText(SAMPLE_URI, at);
    assert.ok(value.endsWith('[https://jira.lsstcorp.org/browse/DM-10441](https://jira.lsstcorp.org/browse/DM-10441)'), value);
    assert.ok(!value.includes('rubinobs'));
    const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: SAMPLE_URI } });
    assert.ok(links!.some((l) => l.target === 'https://jira.lsstcorp.org/browse/DM-10441'));
    const link = diagnostics.diagnostics.find((d) => d.code === 'placeholder-link' && (d.data as { url?: string })?.url?.includes('DM-9997'));
    assert.deepEqual(link?.data, { url: 'https://jira.lsstcorp.org/browse/DM-9997' });
  } finally {
    const restored = client.nextDiagnostics(SAMPLE_URI);
    client.settings = { diagnostics: { debounceMs: 0 } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await restored;
  }
  assert.ok((await hoverText(SAMPLE_URI, at)).includes('https://rubinobs.atlassian.net/browse/DM-10441'));
});

test('documents the parser has trouble with: an answer for each, no crash, the server still serves', async () => {
  const garbage: [string, string, string[]][] = [
    ['empty', '', []],
    ['binary', Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 0xd7ff)).join('') + '\u0000\uffff\ud800', []],
    ['fences', '# T\n\n```\nunclosed\n~~~~\n## April 2017\n' + '```\n'.repeat(3) + '````', ['T']],
    ['quotes', '>'.repeat(5000) + ' DM-1', []],
    // 9000 `>` overflowed the model builder's stack and killed the server.
    ['deep-quotes', '>'.repeat(9000) + ' DM-1', []],
    ['lists', '- '.repeat(300) + 'DM-1', []],
    ['indented-lists', Array.from({ length: 80 }, (_, i) => ' '.repeat(i * 2) + '- DM-1').join('\n'), []],
    ['mixed', '> 1. '.repeat(300) + 'DM-1', []],
    ['crlf-and-nul', '# Report\r\n\r\n## April 2017\r\n\u0000\r\n[DM10221](#)\r', ['Report', '2017-04']],
  ];
  for (const [name, text, names] of garbage) {
    const uri = `file:///tmp/dm-report-garbage/${name}.md`;
    const published = client.nextDiagnostics(uri);
    await client.open(uri, text);
    const result = await symbols(uri);
    assert.deepEqual(result.map((s) => s.name), names, name);
    const p = await published;
    if (name !== 'crlf-and-nul') assert.deepEqual(p.diagnostics, [], name);
  }
  assert.equal(client.child.exitCode, null);
  assert.ok((await hoverText(SAMPLE_URI, positionOf(SAMPLE_TEXT, 'DM-10441'))).includes('Cited 1 time'));
});

test('a Markdown file that is not a report gets no diagnostics and no quick fixes; a report gets both', async (t) => {
  const notes = '# Meeting notes\n\n## Risks\n\nWe talked about DM10221 and [a link](#).\n';
  const { doc, diagnostics } = await openCopy(t, notes);
  assert.deepEqual(diagnostics.diagnostics, []);
  const whole = { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } };
  assert.deepEqual(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: doc.uri }, range: whole, context: { diagnostics: [] } }), null);
  // The same text under a period heading and a template section is a report: checked, with fixes.
  const report = await openCopy(t, '# Report\n\n## May 2017\n\n### High-level Summary\n\nWe talked about DM10221.\n');
  // Its file name (`dm-monthly-report-2017-04.copyN.md`) says April 2017: the May heading is a period mismatch.
  assert.deepEqual(countByCode(report.diagnostics), { 'missing-section': 2, 'malformed-ticket': 1, 'period-mismatch': 1 });
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: report.doc.uri },
    range: { start: { line: 6, character: 16 }, end: { line: 6, character: 16 } },
    context: { diagnostics: [] },
  })) as { title: string }[];
  assert.deepEqual(actions.map((a) => a.title), ['Change to DM-10221']);
});

test('shutdown and exit: the server exits with code 0', async () => {
  assert.equal(await client.shutdown(), 0);
  assert.equal(client.stderr, '');
});
