/**
 * The structure rules (section-order, duplicate-section, empty-section,
 * period-mismatch, heading-level) on the reference report saved as
 * `2017-04.md` and on variants of it and of small reports of the other
 * templates, with their exact diagnostics and fixes. Every fix is applied
 * with TextDocument.applyEdits and the result re-analysed. Line numbers in
 * comments are 1-based; ranges are 0-based LSP ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import type { Finding, Fix, RuleCode } from '../../server/src/rules/registry.ts';
import { keptInOrder } from '../../server/src/rules/sectionOrder.ts';
import { referenceDiagnostics } from '../support/reference.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const LINES = REFERENCE.split('\n');
const STRUCTURE: RuleCode[] = ['missing-section', 'section-order', 'duplicate-section', 'empty-section', 'period-mismatch', 'heading-level'];

const engine = new ReportEngine();
let n = 0;
/** A fresh analysis of `text` as the file `name` (a new URI each time). */
function analyze(text: string, name = 'variant.md'): Analysis {
  return engine.analyze(`file:///tmp/structure-rules-${n++}/${name}`, text, 1);
}
/** The structure findings as `line:code: message` (0-based line). */
function structure(a: Analysis): string[] {
  return a
    .findings()
    .filter((f) => STRUCTURE.includes(f.diagnostic.code))
    .map((f) => `${f.diagnostic.range.start.line}:${f.diagnostic.code}: ${f.diagnostic.message}`);
}
/** The diagnostics of an analysis, as JSON (the form the CLI prints and the snapshots hold). */
function diagnostics(a: Analysis): Diagnostic[] {
  return JSON.parse(JSON.stringify(a.findings().map((f) => f.diagnostic))) as Diagnostic[];
}
function only(a: Analysis, code: RuleCode): Finding {
  const found = a.findings().filter((f) => f.diagnostic.code === code);
  assert.equal(found.length, 1, `${code}: ${found.map((f) => f.diagnostic.message).join(' | ')}`);
  return found[0];
}
function apply(a: Analysis, fix: Fix): string {
  return TextDocument.applyEdits(a.document, fix.edits);
}
/** `lines` (1-based `from`, checked against `expected`) removed from `text`'s lines. */
function cut(lines: string[], from: number, expected: string[]): string[] {
  assert.deepEqual(lines.slice(from - 1, from - 1 + expected.length), expected);
  return lines.slice(from - 1, from - 1 + expected.length);
}
function lineRange(text: string, line: number, expected: string): Range {
  assert.equal(text.split('\n')[line - 1], expected);
  return { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: expected.length } };
}

const HEADING_LEVELS = [
  '57:heading-level: "Planned activities:" is a level-4 heading, not below its team "DM Subsystem Science" (level 4): the subsections of this team are level 5.',
  '66:heading-level: "Current accomplishments:" is a level-4 heading, not below its team "DM System Engineering" (level 4): the subsections of this team are level 5.',
  '377:heading-level: "Current accomplishments:" is a level-3 heading; the subsections of "IPAC / California Institute of Technology" are level 4.',
  '457:heading-level: "Current accomplishments:" is a level-3 heading; the subsections of "SLAC / Stanford University" are level 4.',
  '550:heading-level: "Current accomplishments:" is a level-4 heading; the subsections of "NCSA / University of Illinois" are level 3.',
  '803:heading-level: "Current accomplishments:" is a level-2 heading, not below its team "AURA" (level 2): the subsections of this team are level 3.',
  '839:heading-level: "Planned activities:" is a level-4 heading; the subsections of "AURA" are level 3.',
];

const reference = analyze(REFERENCE, '2017-04.md');

test('the reference saved as 2017-04.md: no missing-section, section-order, duplicate-section, period-mismatch, empty-section; 7 heading-level', () => {
  assert.deepEqual(structure(reference), HEADING_LEVELS);
  // All of its diagnostics: those of the snapshot (what `dm-report check` reports).
  assert.deepEqual(JSON.parse(JSON.stringify(reference.findings().map((f) => f.diagnostic))), referenceDiagnostics());
});

// ---- section-order ------------------------------------------------------------------------

test('keptInOrder: a longest run in order, the earliest one', () => {
  assert.deepEqual([...keptInOrder([0, 1, 2])].sort(), [0, 1, 2]);
  assert.deepEqual([...keptInOrder([1, 0, 2])].sort(), [0, 2]);
  assert.deepEqual([...keptInOrder([0, 2, 1])].sort(), [0, 1]);
  assert.deepEqual([...keptInOrder([2, 0, 1])].sort(), [1, 2]);
  assert.deepEqual([...keptInOrder([])], []);
});

test('section-order: Risk Management above the High-level Summary; the fix moves the summary back, byte for byte the reference', () => {
  const risk = cut(LINES, 22, ['# Risk Management', '', LINES[23], '']);
  const summary = LINES.slice(6, 21);
  assert.equal(summary[0], '### High-level Summary/Status');
  const text = [...LINES.slice(0, 6), ...risk, ...summary, ...LINES.slice(25)].join('\n');
  const a = analyze(text, '2017-04.md');
  assert.deepEqual(structure(a), [
    '10:section-order: "High-level Summary/Status" should come before "Risk Management" (template dm-monthly-2017).',
    ...HEADING_LEVELS,
  ]);
  const f = only(a, 'section-order');
  assert.deepEqual(f.diagnostic.range, lineRange(text, 11, '### High-level Summary/Status'));
  assert.deepEqual(
    f.fixes.map((x) => [x.title, x.isPreferred, x.safe]),
    [['Move "High-level Summary/Status" before "Risk Management"', true, true]],
  );
  assert.equal(apply(a, f.fixes[0]), REFERENCE);
});

test('section-order: Risk Management moved to the end of the report; the fix moves it back before Detailed Project Progress', () => {
  const risk = cut(LINES, 22, ['# Risk Management', '', LINES[23], '']);
  const text = [...LINES.slice(0, 21), ...LINES.slice(25), ...risk].join('\n');
  const a = analyze(text, '2017-04.md');
  const f = only(a, 'section-order');
  assert.equal(f.diagnostic.message, '"Risk Management" should come before "Detailed Project Progress and Status" (template dm-monthly-2017).');
  assert.deepEqual(f.diagnostic.range, lineRange(text, 864, '# Risk Management'));
  const fixed = apply(a, f.fixes[0]);
  // The reference, with the blank line that ended it now ending the moved section too.
  assert.equal(fixed, REFERENCE + '\n');
  assert.deepEqual(structure(analyze(fixed, '2017-04.md')), HEADING_LEVELS);
});

test('section-order: UW\'s Recruitment update written first; the fix moves it after Planned activities, nothing else changes', () => {
  // `Recruitment update: N/A` (line 252) moved right under `## University of Washington` (line 162).
  const lines = [...LINES];
  cut(lines, 252, ['Recruitment update: N/A', '']);
  lines.splice(251, 2);
  lines.splice(163, 0, 'Recruitment update: N/A', '');
  const text = lines.join('\n');
  const a = analyze(text, '2017-04.md');
  const f = only(a, 'section-order');
  assert.equal(
    f.diagnostic.message,
    '"Recruitment update: N/A" should come after "Planned activities:" in "University of Washington" (template dm-monthly-2017).',
  );
  assert.deepEqual(f.diagnostic.range, lineRange(text, 164, 'Recruitment update: N/A'));
  assert.deepEqual(f.fixes[0].title, 'Move "Recruitment update: N/A" after "Planned activities:"');
  assert.equal(f.fixes[0].safe, true);
  assert.equal(apply(a, f.fixes[0]), REFERENCE);
});

// ---- duplicate-section --------------------------------------------------------------------

test('duplicate-section: "Current accomplishments" twice in SLAC, no Planned activities: relabel quick fix, not safe', () => {
  // SLAC's `#### Planned activities:` (line 506) written as a second `#### Current accomplishments:`.
  assert.equal(LINES[505], '#### Planned activities:');
  const text = [...LINES.slice(0, 505), '#### Current accomplishments:', ...LINES.slice(506)].join('\n');
  const a = analyze(text, '2017-04.md');
  assert.deepEqual(structure(a), [
    ...HEADING_LEVELS.slice(0, 3),
    '455:missing-section: "SLAC / Stanford University" has no "Planned activities" section (the second "Current accomplishments" on line 506 may be it).',
    '457:heading-level: "Current accomplishments:" is a level-3 heading; the subsections of "SLAC / Stanford University" are level 4.',
    '505:duplicate-section: "SLAC / Stanford University" has a second "Current accomplishments" section (the first is on line 458).',
    ...HEADING_LEVELS.slice(4),
  ]);
  // missing-section offers the same relabel first; neither it nor the insertion is safe: fix-all inserts no
  // "Planned activities" that the relabel would provide.
  const relabel = { range: { start: { line: 505, character: 5 }, end: { line: 505, character: 28 } }, newText: 'Planned activities' };
  assert.deepEqual(
    only(a, 'missing-section').fixes.map((x) => [x.title, x.edits, x.isPreferred ?? false, x.safe ?? false]),
    [
      ['Change "Current accomplishments" on line 506 to "Planned activities"', [relabel], true, false],
      ['Insert "Planned activities" in "SLAC / Stanford University"', [{ range: { start: { line: 544, character: 0 }, end: { line: 544, character: 0 } }, newText: '#### Planned activities:\n\n' }], false, false],
    ],
  );
  const f = only(a, 'duplicate-section');
  assert.deepEqual(f.fixes, [
    {
      title: 'Change to "Planned activities"',
      edits: [{ range: { start: { line: 505, character: 5 }, end: { line: 505, character: 28 } }, newText: 'Planned activities' }],
      isPreferred: true,
    },
  ]);
  // The heading keeps its markers and colon: `#### Planned activities:`, the reference again.
  assert.equal(apply(a, f.fixes[0]), REFERENCE);
});

test('duplicate-section: a second Recruitment update in Princeton has no fix (nothing is missing)', () => {
  const text = REFERENCE.replace('\n\n## IPAC / California Institute of Technology', '\n\nRecruitment update: still none\n\n## IPAC / California Institute of Technology');
  const a = analyze(text, '2017-04.md');
  const f = only(a, 'duplicate-section');
  assert.equal(f.diagnostic.message, '"Princeton University and University of California, Davis" has a second "Recruitment update" section (the first is on line 372).');
  assert.deepEqual(f.fixes, []);
});

test('duplicate-section: the same WBS element twice in one subsection; the same element in Current and Planned is fine', () => {
  // In UW's Planned activities, `#### 02C.03.01 - Single Frame Processing Pipelines` (line 219) repeated before Recruitment update.
  assert.equal(LINES[218], '#### 02C.03.01 - Single Frame Processing Pipelines');
  const text = REFERENCE.replace('Recruitment update: N/A', '#### 02C.03.01 - Single Frame Processing Pipelines\n\n- More of it.\n\nRecruitment update: N/A');
  const a = analyze(text, '2017-04.md');
  const f = only(a, 'duplicate-section');
  assert.equal(f.diagnostic.message, 'WBS 02C.03.01 appears twice in "Planned activities" of "University of Washington" (first on line 219).');
  assert.deepEqual(f.diagnostic.range, lineRange(text, 252, '#### 02C.03.01 - Single Frame Processing Pipelines'));
  assert.deepEqual(f.fixes, []);
  // The reference repeats 02C.03.01 (and every UW element) between Current and Planned: no finding there.
  assert.equal(reference.findings().filter((x) => x.diagnostic.code === 'duplicate-section').length, 0);
});

test('duplicate-section: a report-level section twice', () => {
  const text = REFERENCE.replace('## Detailed Project Progress and Status', '# Risk Management\n\nAgain.\n\n## Detailed Project Progress and Status');
  const a = analyze(text, '2017-04.md');
  assert.equal(only(a, 'duplicate-section').diagnostic.message, 'The report has a second "Risk Management" section (the first is on line 22).');
});

// ---- empty-section ------------------------------------------------------------------------

test('empty-section: a heading with nothing (or only a comment) under it; "No activity", "N/A" and a deeper heading count as content', () => {
  const empty = REFERENCE.replace(LINES[23], '<!-- to be written -->');
  const a = analyze(empty, '2017-04.md');
  const f = only(a, 'empty-section');
  assert.equal(f.diagnostic.message, 'The section "Risk Management" is empty: write what happened, or "No activity".');
  assert.deepEqual(f.diagnostic.range, lineRange(empty, 22, '# Risk Management'));
  assert.deepEqual(f.fixes, [
    {
      title: 'Write "No activity this period."',
      edits: [{ range: { start: { line: 21, character: 17 }, end: { line: 21, character: 17 } }, newText: '\n\nNo activity this period.' }],
    },
  ]);
  const fixed = apply(a, f.fixes[0]);
  assert.equal(fixed.split('\n').slice(21, 26).join('\n'), '# Risk Management\n\nNo activity this period.\n\n<!-- to be written -->');
  assert.equal(analyze(fixed, '2017-04.md').findings().filter((x) => x.diagnostic.code === 'empty-section').length, 0);
  for (const content of ['No activity.', 'None', 'N/A']) {
    assert.equal(analyze(REFERENCE.replace(LINES[23], content), '2017-04.md').findings().filter((x) => x.diagnostic.code === 'empty-section').length, 0, content);
  }
  // The reference's `### 02C.08.00 …` has only deeper headings under it: not empty.
  assert.equal(LINES[805].startsWith('### 02C.08.00'), true);
  assert.equal(LINES[807].startsWith('#### 02C.08.01'), true);
});

// ---- period-mismatch ----------------------------------------------------------------------

test('period-mismatch: the reference saved as 2017-05.md (last month copied); the fix changes only the heading\'s month', () => {
  const a = analyze(REFERENCE, '2017-05.md');
  const f = only(a, 'period-mismatch');
  assert.equal(f.diagnostic.message, 'The period heading says April 2017, but the file name 2017-05.md says May 2017.');
  assert.deepEqual(f.diagnostic.range, lineRange(REFERENCE, 5, '## April 2017'));
  assert.deepEqual(f.diagnostic.data, { expected: '2017-05' });
  assert.deepEqual(f.fixes, [
    {
      title: 'Change the period heading to May 2017',
      edits: [{ range: { start: { line: 4, character: 3 }, end: { line: 4, character: 13 } }, newText: 'May 2017' }],
      isPreferred: true,
    },
  ]);
  const fixed = apply(a, f.fixes[0]);
  assert.equal(fixed, REFERENCE.replace('## April 2017', '## May 2017'));
  assert.equal(analyze(fixed, '2017-05.md').findings().filter((x) => x.diagnostic.code === 'period-mismatch').length, 0);
  // Longer names with the month in them; names without a YYYY-MM say nothing.
  assert.equal(only(analyze(REFERENCE, 'dm-monthly-report-2017-12.md'), 'period-mismatch').diagnostic.message.toString().endsWith('says December 2017.'), true);
  assert.equal(analyze(REFERENCE, 'dm-monthly-report-2017-04.md').findings().some((x) => x.diagnostic.code === 'period-mismatch'), false);
  assert.equal(analyze(REFERENCE, 'report-201705.md').findings().some((x) => x.diagnostic.code === 'period-mismatch'), false);
});

test('period-mismatch: front matter period wins over the file name; two fixes, the ISO heading form kept', () => {
  const text = `---\nperiod: 2017-06\n---\n${REFERENCE.replace('## April 2017', '## 2017-04')}`;
  const a = analyze(text, '2017-04.md');
  const f = only(a, 'period-mismatch');
  assert.equal(f.diagnostic.message, 'The period heading says April 2017, but the front matter says period: 2017-06.');
  assert.deepEqual(
    f.fixes.map((x) => [x.title, x.edits, x.safe ?? false]),
    [
      ['Change the period heading to 2017-06', [{ range: { start: { line: 7, character: 3 }, end: { line: 7, character: 10 } }, newText: '2017-06' }], false],
      ['Change the front matter period to 2017-04', [{ range: { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } }, newText: '2017-04' }], false],
    ],
  );
  assert.equal(apply(a, f.fixes[1]).startsWith('---\nperiod: 2017-04\n---\n'), true);
});

// ---- heading-level ------------------------------------------------------------------------

test('heading-level: the fix normalises AURA: subsections at level 3, the WBS headings shifted with them and kept below their parent', () => {
  const f = reference.findings().find((x) => x.diagnostic.code === 'heading-level' && x.diagnostic.range.start.line === 803)!;
  assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred, x.safe]), [['Normalise the heading levels of "AURA"', true, true]]);
  const fixed = apply(reference, f.fixes[0]);
  const headings = (text: string) =>
    text
      .split('\n')
      .slice(799)
      .filter((l) => l.startsWith('#'))
      .map((l) => l.slice(0, 32));
  assert.deepEqual(headings(fixed), [
    '## **AURA**',
    '### Current accomplishments:',
    '#### 02C.08.00 International Com',
    '##### 02C.08.01 Base Center',
    '##### 02C.08.02 Chilean Data Acc',
    '##### 02C.08.03 Long-Haul Networ',
    '###### 02C.08.03.01 Chile Nation',
    '###### 02C.08.03.02 Internationa',
    '### Planned activities:',
    '#### 02C.08.01 Base Center',
    '#### 02C.08.03 Long-Haul Network',
    '##### 02C.08.03.01 Chile Nationa',
    '##### 02C.08.03.02 International',
    '### Recruitment update:',
  ]);
  // Only `#` markers changed: the text without them is the reference's.
  const strip = (t: string) => t.replace(/^#+/gm, '');
  assert.equal(strip(fixed), strip(REFERENCE));
  // Both AURA diagnostics are gone, nothing new; the fix is not offered again.
  const after = analyze(fixed, '2017-04.md');
  assert.deepEqual(structure(after), HEADING_LEVELS.slice(0, 5));
  assert.deepEqual(diagnostics(after), diagnostics(reference).filter((d) => !(d.code === 'heading-level' && d.range.start.line >= 803)));
});

test('heading-level: every team fixed in turn gives a report without heading-level findings and the same other findings', () => {
  let text = REFERENCE;
  for (let i = 0; i < 10; i++) {
    const a = analyze(text, '2017-04.md');
    const f = a.findings().find((x) => x.diagnostic.code === 'heading-level');
    if (!f) break;
    text = apply(a, f.fixes[0]);
  }
  const after = analyze(text, '2017-04.md');
  assert.deepEqual(structure(after), []);
  assert.deepEqual(diagnostics(after), diagnostics(reference).filter((d) => d.code !== 'heading-level'));
  assert.equal(text.replace(/^#+/gm, ''), REFERENCE.replace(/^#+/gm, ''));
  // DM Subsystem Science: `#### Planned activities:` → `##### Planned activities:` (line 58).
  assert.equal(text.split('\n')[57], '##### Planned activities:');
});
