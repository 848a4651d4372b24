/**
 * What a newcomer's test found, fixed: identifiers inside URLs, host names and
 * e-mail addresses, `RFC 2119` and `DM 100` taken for malformed tickets;
 * mistyped document handles (`LDM151`, `ldm-151`, `LMD-151`) passing silently;
 * hovers that said "Cited 0 times" or showed a source path that is not in the
 * repository; completion inside code and on blank lines at the end of a team.
 * Line numbers in comments are 1-based; positions and ranges are 0-based LSP ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent, Position } from 'vscode-languageserver-types';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { DEFAULT_SETTINGS } from '../../server/src/catalog/settings';
import { IdScanner } from '../../server/src/model/ids.ts';
import { DocumentCatalog } from '../../server/src/catalog/documents.ts';
import { getHover, describeSource } from '../../server/src/features/hover.ts';
import { referenceDiagnostics } from '../support/reference.ts';
import { getCompletions, inCode, teamAt } from '../../server/src/features/completion.ts';
import { sectionsAt } from '../../server/src/model/lookup.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const LINES = REFERENCE.split('\n');
const scanner = new IdScanner(DEFAULT_SETTINGS.ticketKeys, DocumentCatalog.bundled());
const engine = new ReportEngine();
let variant = 0;
function analyze(text: string): Analysis {
  return engine.analyze(`file:///newcomer-${variant++}.md`, text, 1);
}
const reference = analyze(REFERENCE);

/** A report that satisfies the template and cites only catalogued things; `{}` is where a test puts its sentence. */
const REPORT = `# Data Management Monthly Report

## May 2017

### High-level Summary/Status

- Released LDM-151 (DM-10441).

# Risk Management

No changes.

## Detailed Project Progress and Status

## University of Washington

Current accomplishments:

- {}

Planned activities:

- More of the same.

Recruitment update: N/A
`;
/** Line (0-based) of the `{}` in REPORT. */
const SENTENCE_LINE = REPORT.split('\n').indexOf('- {}');

/** The findings of REPORT with `sentence` in it, as `line:col code severity message`. */
function findingsOf(sentence: string): string[] {
  return analyze(REPORT.replace('{}', sentence))
    .findings()
    .map((f) => `${f.diagnostic.range.start.line}:${f.diagnostic.range.start.character} ${f.diagnostic.code} ${f.diagnostic.severity} ${f.diagnostic.message}`);
}

// ---- 1. no malformed tickets in correct text -------------------------------------------------

test('RFC 2119, RFC 822 and DM 100 are prose, not malformed tickets', () => {
  assert.deepEqual(scanner.scan('- We follow RFC 2119 wording and RFC 822 dates; DM 100 hours.'), []);
  assert.deepEqual(findingsOf('We follow RFC 2119 wording and RFC 822 dates; DM 100 hours.'), []);
  // The space form needs four digits or more, is never a year, and never applies to RFC.
  assert.deepEqual(scanner.scan('DM 123, DM 2017, RFC 1234, RFC 12345'), []);
  assert.deepEqual(scanner.scan('DM 1234 and DM 10221').map((m) => [m.kind, m.text, m.value]), [
    ['malformed-ticket', 'DM 1234', 'DM-1234'],
    ['malformed-ticket', 'DM 10221', 'DM-10221'],
  ]);
  // The forms of RFC with a hyphen that is miswritten still are; `RFC2119` (no hyphen) is an IETF RFC (ids.test.ts).
  assert.deepEqual(scanner.scan('rfc-2119 RFC2119 RFC\u20132119').map((m) => [m.kind, m.text, m.value]), [
    ['malformed-ticket', 'rfc-2119', 'RFC-2119'],
    ['malformed-ticket', 'RFC\u20132119', 'RFC-2119'],
  ]);
});

test('no identifier inside a URL path, a host name or an e-mail address', () => {
  for (const text of [
    'https://example.com/DM10221/SOR-019',
    'lsst.dm-10221',
    'user@dm-1234.org',
    'see https://jira.lsstcorp.org/browse/DM-10441 and https://ls.st/LDM-151',
    'docs at dmtn-044.lsst.io and sqr-019.lsst.io',
    'path/02C.03.01, v.02C.03, a@02C.03',
    'ldm.LDM151 x/LMD-151 y@ldm-151',
  ]) {
    assert.deepEqual(scanner.scan(text), [], text);
  }
  assert.deepEqual(findingsOf('See https://example.com/DM10221/SOR-019, lsst.dm-10221 and user@dm-1234.org.'), []);
  // The `1.` of a WBS code is part of the code, not a `.` before it.
  assert.deepEqual(scanner.scan('(1.02C.03.01)'), [{ kind: 'wbs', text: '1.02C.03.01', start: 1, end: 12, value: '02C.03.01' }]);
});

test('the malformed forms are still flagged, the look-alikes still silent', () => {
  assert.deepEqual(scanner.scan('DM10221, DM 1234, dm-1234, DM\u20131234, DM\u20141234.'), [
    { kind: 'malformed-ticket', text: 'DM10221', start: 0, end: 7, value: 'DM-10221' },
    { kind: 'malformed-ticket', text: 'DM 1234', start: 9, end: 16, value: 'DM-1234' },
    { kind: 'malformed-ticket', text: 'dm-1234', start: 18, end: 25, value: 'DM-1234' },
    { kind: 'malformed-ticket', text: 'DM\u20131234', start: 27, end: 34, value: 'DM-1234' },
    { kind: 'malformed-ticket', text: 'DM\u20141234', start: 36, end: 43, value: 'DM-1234' },
  ]);
  assert.deepEqual(scanner.scan('LDM-503-2 DM-AP-14 DMS-REQ-0347 S17b'), []);
  // LCR-2313 has the shape of a handle of an unknown series; no handle is close to it.
  assert.deepEqual(findingsOf('LDM-503-2, DM-AP-14, DMS-REQ-0347, LCR-2313, DLP-526, S17b.'), []);
});

test('the reference report keeps its diagnostics (the snapshot) and its mixed heading levels; besides the placeholder links, these', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(reference.findings().map((f) => f.diagnostic))), referenceDiagnostics());
  assert.deepEqual(
    reference
      .findings()
      .filter((f) => f.diagnostic.code !== 'placeholder-link')
      .map((f) => `${f.diagnostic.code} ${f.diagnostic.range.start.line}:${f.diagnostic.range.start.character} ${(f.diagnostic.data as { suggestion?: string } | undefined)?.suggestion ?? ''}`.trim()),
    [
      'heading-level 57:0',
      'heading-level 66:0',
      'unknown-document 147:148 SQR-019',
      'malformed-ticket 296:277',
      'heading-level 377:0',
      'heading-level 457:0',
      'heading-level 550:0',
      'heading-level 803:0',
      'unknown-document 811:752',
      'heading-level 839:0',
      'unknown-document 843:152',
    ],
  );
});

// ---- 2. mistyped document handles ------------------------------------------------------------

const documents = DocumentCatalog.bundled();

function hoverText(a: Analysis, position: Position): string | undefined {
  const h = getHover(engine, a, position);
  return h ? (h.contents as MarkupContent).value : undefined;
}

test('the catalog suggests the one handle a slip stands for, and says which slip', () => {
  const cases: [string, string, string][] = [
    ['LDM151', 'LDM-151', 'missing-hyphen'],
    ['DMTN044', 'DMTN-044', 'missing-hyphen'],
    ['SQR019', 'SQR-019', 'missing-hyphen'],
    ['ldm-151', 'LDM-151', 'case'],
    ['Dmtn-044', 'DMTN-044', 'case'],
    ['LMD-151', 'LDM-151', 'transposition'],
    ['DTMN-044', 'DMTN-044', 'transposition'],
    ['SOR-019', 'SQR-019', 'edit'],
  ];
  for (const [written, handle, reason] of cases) {
    assert.deepEqual(documents.suggestion(written), { handle, reason }, written);
    assert.equal(documents.suggest(written), handle, written);
  }
  // Nothing for handles of a known series (the catalog is incomplete), unknown numbers, and look-alikes.
  for (const written of ['LDM-151', 'LSE-299', 'LDM999999', 'ldm-999999', 'LMD-999999', 'LCR-2313', 'DLP-526', 'LDM-503', 'Document25798']) {
    assert.equal(documents.suggestion(written), undefined, written);
  }
});

test('the scanner finds the slips as document mentions; SQR, DMTN alone, LSE2 inside a word and lower-case words are not', () => {
  assert.deepEqual(scanner.scan('LDM151, ldm-151, LMD-151, DTMN-044, DMTN044 and SQR019.'), [
    { kind: 'document', text: 'LDM151', start: 0, end: 6, value: 'LDM151', series: 'LDM151' },
    { kind: 'document', text: 'ldm-151', start: 8, end: 15, value: 'ldm-151', series: 'ldm' },
    { kind: 'document', text: 'LMD-151', start: 17, end: 24, value: 'LMD-151', series: 'LMD' },
    { kind: 'document', text: 'DTMN-044', start: 26, end: 34, value: 'DTMN-044', series: 'DTMN' },
    { kind: 'document', text: 'DMTN044', start: 36, end: 43, value: 'DMTN044', series: 'DMTN044' },
    { kind: 'document', text: 'SQR019', start: 48, end: 54, value: 'SQR019', series: 'SQR019' },
  ]);
  assert.deepEqual(scanner.scan('SQR and DMTN; FALSE2, xLSE2, LSE2x, LSE-2b; step-2, python-3, e-2; Document25798, REPORT3'), []);
  // The reference report's own words that end in digits stay prose.
  assert.deepEqual(scanner.scan('DR1, PDR1, FY17, flake8, pybind11, Internet2'), []);
});

test('each slip is an unknown-document warning with its suggestion and a "Change to" fix', () => {
  const cases: [string, string, string][] = [
    ['LDM151', 'LDM-151', 'LDM151 lacks the hyphen of a document handle; did you mean LDM-151 (Data Management Science Pipelines Design)?'],
    ['ldm-151', 'LDM-151', 'Document series "ldm" is written LDM; did you mean LDM-151 (Data Management Science Pipelines Design)?'],
    ['LMD-151', 'LDM-151', 'Unknown document series "LMD" in LMD-151; did you mean LDM-151 (Data Management Science Pipelines Design)?'],
    ['DTMN-044', 'DMTN-044', 'Unknown document series "DTMN" in DTMN-044; did you mean DMTN-044 (LSST DM Software Release Considerations)?'],
    ['DMTN044', 'DMTN-044', 'DMTN044 lacks the hyphen of a document handle; did you mean DMTN-044 (LSST DM Software Release Considerations)?'],
    ['SQR019', 'SQR-019', 'SQR019 lacks the hyphen of a document handle; did you mean SQR-019 (LSST Verification Framework API Demonstration)?'],
  ];
  for (const [written, handle, message] of cases) {
    const text = REPORT.replace('{}', `Described in ${written}.`);
    const a = analyze(text);
    const findings = a.findings();
    assert.equal(findings.length, 1, written);
    const [f] = findings;
    const range = { start: { line: SENTENCE_LINE, character: 15 }, end: { line: SENTENCE_LINE, character: 15 + written.length } };
    assert.deepEqual(f.diagnostic, { range, severity: 2, code: 'unknown-document', source: 'dm-report', codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#unknown-document' }, message, data: { suggestion: handle } }, written);
    assert.deepEqual(f.fixes, [{ title: `Change to ${handle}`, edits: [{ range, newText: handle }], isPreferred: true }], written);
    // Applied, the fix leaves a clean report.
    const fixed = TextDocument.applyEdits(TextDocument.create('file:///fix.md', 'markdown', 1, text), f.fixes[0].edits);
    assert.equal(fixed, REPORT.replace('{}', `Described in ${handle}.`));
    assert.deepEqual(analyze(fixed).findings(), [], written);
  }
});

test('hover on a slip names the handle it stands for', () => {
  const a = analyze(REPORT.replace('{}', 'Described in LDM151, ldm-151 and LMD-151.'));
  const at = (character: number) => hoverText(a, { line: SENTENCE_LINE, character });
  const guess = 'Did you mean **LDM-151** — Data Management Science Pipelines Design (2020)?';
  assert.equal(at(15), `**LDM151**: a document handle without its hyphen.\n\n${guess}`);
  assert.equal(at(23), `**ldm-151**: the LDM series is written in capitals.\n\n${guess}`);
  assert.equal(at(35), `**LMD-151**: unknown document series "LMD".\n\n${guess}`);
});

// ---- 4. hover ---------------------------------------------------------------------------------

test('hover on the malformed DM10221 counts it as a citation of DM-10221', () => {
  assert.equal(LINES[296].slice(277, 284), 'DM10221');
  assert.equal(
    hoverText(reference, { line: 296, character: 280 }),
    '**DM-10221**\n\nWritten as `DM10221`: Jira keys are written DM-10221.\n\nCited 1 time in this report.\n\n' +
      'In this report: [line 297](file:///newcomer-0.md#L297).\n\n' +
      "No title known (no definition line in the workspace's reports).\n\n" +
      '[https://rubinobs.atlassian.net/browse/DM-10221](https://rubinobs.atlassian.net/browse/DM-10221)',
  );
  // A well-formed citation of the same ticket counts the malformed one too.
  const a = analyze(REPORT.replace('{}', 'Fixed DM10221, then DM 10221 and DM-10221.'));
  assert.match(hoverText(a, { line: SENTENCE_LINE, character: 36 })!, /\n\nCited 3 times in this report\.\n\n/);
});

test('hover on a ticket that only appears on ticket lines says so instead of "Cited 0 times"', () => {
  assert.deepEqual(
    LINES.flatMap((l, i) => (l.includes('DM-9656') ? [i] : [])),
    [565, 701],
  );
  assert.equal(
    hoverText(reference, { line: 565, character: 2 }),
    '**DM-9656** — Replanning, Commissioning, Operations Planning (S17b)\n\n' +
      'Listed on 2 ticket lines in this report; not cited elsewhere in it.\n\n' +
      'In this report: [line 566](file:///newcomer-0.md#L566), [line 702](file:///newcomer-0.md#L702).\n\n' +
      '[https://rubinobs.atlassian.net/browse/DM-9656](https://rubinobs.atlassian.net/browse/DM-9656)',
  );
});

test('WBS hover: names from the April 2017 report say so, not a path that is not in the repository', () => {
  assert.equal(LINES[174], '02C.03.01 - Single Frame Processing Pipelines');
  assert.equal(
    hoverText(reference, { line: 174, character: 7 }),
    '**WBS 02C.03.01** — Single Frame Processing Pipelines\n\n' +
      '- Single Frame Processing Pipelines — 2017, 2017-04 (as written in the April 2017 DM monthly report)\n' +
      '- Single Frame Processing Pipeline — pre-FY18, 2017-03-27 (lsst/LDM-151:DM_Applications_Design.tex)\n' +
      '- Single Frame Processing — FY18+, 2017-06-28 (lsst/LDM-294:wbs/1.02C.03.01.tex)\n\n' +
      'Parent chain: 02C.03 Alert Production › 02C Data Management Construction\n\n' +
      'Lead institution: University of Washington',
  );
  assert.equal(describeSource('DM monthly report, April 2017 (shared/samples/dm-monthly-report-2017-04.md)'), 'as written in the April 2017 DM monthly report');
  assert.equal(describeSource('DM monthly report, May 2017 (shared/samples/may.md)'), 'as written in the DM monthly report, May 2017');
  assert.equal(describeSource('lsst/LDM-294:wbs/1.02C.tex'), 'lsst/LDM-294:wbs/1.02C.tex');
  // No name anywhere in the hovers of the reference report shows a shared/samples/ path.
  for (const w of reference.model.wbs) {
    assert.doesNotMatch(hoverText(reference, w.codeRange.start) ?? '', /shared\/samples/);
  }
});

// ---- 5. completion ----------------------------------------------------------------------------

function labels(a: Analysis, position: Position): string[] {
  return getCompletions(engine, a, position).items.map((i) => i.label);
}
const LABELS = ['Current accomplishments:', 'Planned activities:', 'Recruitment update:'];

test('no completion inside fenced or inline code; the same text outside code completes', () => {
  // The reference's fenced block (lines 138–143) with `DM-96` and `02C.03.` typed on a new line inside it.
  assert.deepEqual([LINES[137], LINES[142]], ['```', '```']);
  const lines = [...LINES];
  lines.splice(139, 0, 'DM-96', '02C.03.', '');
  const fenced = analyze(lines.join('\n'));
  assert.equal(inCode(fenced, { line: 139, character: 5 }), true);
  assert.deepEqual(labels(fenced, { line: 139, character: 5 }), []);
  assert.deepEqual(labels(fenced, { line: 140, character: 7 }), []);
  assert.deepEqual(labels(fenced, { line: 141, character: 0 }), []);
  // An unclosed fence runs to the end of the text, where the cursor is.
  const open = analyze(`${REPORT.replace('{}', 'x')}\n\`\`\`\nDM-96`);
  const last = open.document.lineCount - 1;
  assert.deepEqual(labels(open, { line: last, character: 5 }), []);

  // Inline code: between the backticks nothing, after them the ticket IDs.
  const inline = analyze(REPORT.replace('{}', '`DM-96` DM-96'));
  assert.equal(inCode(inline, { line: SENTENCE_LINE, character: 8 }), true);
  assert.deepEqual(labels(inline, { line: SENTENCE_LINE, character: 8 }), []);
  assert.equal(inCode(inline, { line: SENTENCE_LINE, character: 9 }), false);
  assert.equal(inCode(inline, { line: SENTENCE_LINE, character: 14 }), false);
  assert.ok(labels(inline, { line: SENTENCE_LINE, character: 14 }).includes('DM-9656'));
  const wbs = analyze(REPORT.replace('{}', '`02C.03.` 02C.03.'));
  assert.deepEqual(labels(wbs, { line: SENTENCE_LINE, character: 10 }), []);
  assert.equal(labels(wbs, { line: SENTENCE_LINE, character: 19 })[0], '02C.03.00');
  const docs = analyze(REPORT.replace('{}', '`DMTN-04`'));
  assert.deepEqual(labels(docs, { line: SENTENCE_LINE, character: 10 }), []);
  // A label on a blank line inside a fenced block of a team: nothing either.
  const blank = analyze(REPORT.replace('- {}', '```\n\n```'));
  assert.deepEqual(labels(blank, { line: SENTENCE_LINE + 1, character: 0 }), []);
  assert.deepEqual(labels(blank, { line: SENTENCE_LINE + 3, character: 0 }), LABELS);
});

test('label completion on the blank lines of a team, including those after its last line', () => {
  // SQuaRE: the blank line right after `Current accomplishments:` (line 116).
  assert.deepEqual([LINES[114], LINES[115]], ['Current accomplishments:', '']);
  const square = getCompletions(engine, reference, { line: 115, character: 0 }).items;
  assert.deepEqual(square.map((i) => [i.label, i.detail, i.sortText, i.filterText, i.textEdit]), [
    // Below `Current accomplishments:`, Planned activities is the next expected subsection: first (sortText 0…).
    ['Current accomplishments:', 'already in DM Science Quality and Reliability Engineering (SQuaRE)', '20', undefined, { range: { start: { line: 115, character: 0 }, end: { line: 115, character: 0 } }, newText: 'Current accomplishments:' }],
    ['Planned activities:', 'next expected; already in DM Science Quality and Reliability Engineering (SQuaRE)', '01', undefined, { range: { start: { line: 115, character: 0 }, end: { line: 115, character: 0 } }, newText: 'Planned activities:' }],
    ['Recruitment update:', 'already in DM Science Quality and Reliability Engineering (SQuaRE)', '22', undefined, { range: { start: { line: 115, character: 0 }, end: { line: 115, character: 0 } }, newText: 'Recruitment update:' }],
  ]);
  // University of Washington: the blank line above `#### Planned activities:` (line 211), after a WBS element.
  assert.deepEqual([LINES[210], LINES[211]], ['', '#### Planned activities:']);
  assert.deepEqual(labels(reference, { line: 210, character: 0 }), LABELS);

  // A new blank line right after a team's last line (before the next heading) is outside every
  // section range: it belongs to the team above, where a label typed there would go.
  assert.deepEqual(LINES.slice(159, 162), ['- None planned.', '', '## University of Washington']);
  assert.equal(sectionsAt(reference.model, { line: 160, character: 0 }).map((s) => s.kind).join(' > '), 'report');
  assert.deepEqual(labels(reference, { line: 160, character: 0 }), LABELS);
  const lines = [...LINES];
  lines.splice(160, 0, '');
  const a = analyze(lines.join('\n'));
  for (const line of [160, 161]) {
    assert.equal(teamAt(a, { line, character: 0 })?.title, 'DM Science Quality and Reliability Engineering (SQuaRE)');
    assert.deepEqual(labels(a, { line, character: 0 }), LABELS);
  }
  // Not at the end of a non-blank line, nor on blank lines under a heading that is no team.
  assert.equal(teamAt(reference, { line: 159, character: 15 })?.title, 'DM Science Quality and Reliability Engineering (SQuaRE)');
  assert.deepEqual(labels(reference, { line: 159, character: 15 }), []);
  assert.deepEqual([LINES[25], LINES[26]], ['## Detailed Project Progress and Status', '']);
  assert.equal(teamAt(reference, { line: 26, character: 0 }), undefined);
  assert.deepEqual(labels(reference, { line: 26, character: 0 }), []);
});
