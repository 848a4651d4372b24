/**
 * Report structure beyond the reference report: shapes a newcomer's test
 * found (a missing host heading, a period in the first heading, appendices,
 * label variants), where quick fixes insert, WBS names followed by notes,
 * unlinking links with spaces, and which Markdown files count as reports.
 * Ranges are 0-based LSP ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { findMissingSections } from '../../server/src/rules/missingSection.ts';
import { looksLikeReport } from '../../server/src/features/diagnostics.ts';
import type { Section } from '../../server/src/model/types.ts';

const engine = new ReportEngine();
let n = 0;
function analyze(text: string): Analysis {
  return engine.analyze(`file:///structure-${n++}.md`, text, 1);
}
function messages(a: Analysis): string[] {
  return a.findings().map((f) => `${f.diagnostic.range.start.line}:${f.diagnostic.code}: ${f.diagnostic.message}`);
}
/** Applies every missing-section insertion, as the insert-all command does. */
function insertAll(a: Analysis): string {
  const edits = findMissingSections(a.model, engine.template, a.document).flatMap((m) => (m.edit ? [m.edit] : []));
  return TextDocument.applyEdits(a.document, edits);
}
function outline(sections: Section[]): string[] {
  return sections.flatMap((s) => [`${s.kind}:${s.templateId ?? s.title}`, ...outline(s.children).map((l) => `  ${l}`)]);
}

const HEAD = '# Data Management Monthly Report\n\n## May 2017\n\n### High-level Summary/Status\n\nAll good.\n\n# Risk Management\n\nNo new risks.\n\n';

test('teams are found when "Detailed Project Progress and Status" is missing; the fix puts it above the first team', () => {
  const text =
    HEAD +
    '## University of Washington\n\n#### 02C.03.01 - Single Frame Processing Pipelines\n\n- Work.\n\nPlanned activities:\n\n- More.\n\nRecruitment update: N/A\n\n' +
    '## SLAC / Stanford University\n\n### Current accomplishments:\n\n- Work.\n\n#### Planned activities:\n\n- More.\n';
  const a = analyze(text);
  assert.deepEqual(messages(a), [
    '0:missing-section: The report has no "Detailed Project Progress and Status" section.',
    '12:missing-section: "University of Washington" has no "Current accomplishments" section.',
    '24:missing-section: "SLAC / Stanford University" has no "Recruitment update" section.',
    '30:heading-level: "Planned activities:" is a level-4 heading; the subsections of "SLAC / Stanford University" are level 3.',
  ]);
  const fixed = insertAll(a);
  assert.equal(
    fixed,
    HEAD +
      '# Detailed Project Progress and Status\n\n## University of Washington\n\nCurrent accomplishments:\n\n#### 02C.03.01 - Single Frame Processing Pipelines\n\n- Work.\n\nPlanned activities:\n\n- More.\n\nRecruitment update: N/A\n\n' +
      '## SLAC / Stanford University\n\n### Current accomplishments:\n\n- Work.\n\n#### Planned activities:\n\n- More.\n\n### Recruitment update:\n',
  );
  const after = analyze(fixed);
  // The inserted Recruitment update is empty until the author writes it; it is written at the level of SLAC's
  // subsections (3: a tie, the shallower counts), not at the level of the odd one out it follows, so SLAC's levels
  // are flagged as before: `#### Planned activities:` is still the odd one.
  assert.deepEqual(messages(after), [
    '34:heading-level: "Planned activities:" is a level-4 heading; the subsections of "SLAC / Stanford University" are level 3.',
    '38:empty-section: The section "Recruitment update:" is empty: write what happened, or "No activity".',
  ]);
  assert.deepEqual(outline(after.model.sections), [
    'report:high-level-summary',
    'report:risk-management',
    'report:detailed-progress',
    '  team:University of Washington',
    '    subsection:current-accomplishments',
    '      wbs:02C.03.01 - Single Frame Processing Pipelines',
    '    subsection:planned-activities',
    '    subsection:recruitment-update',
    '  team:SLAC / Stanford University',
    '    subsection:current-accomplishments',
    '    subsection:planned-activities',
    '    subsection:recruitment-update',
  ]);
});

test('a period in the first heading is the period (and the title)', () => {
  for (const first of ['## April 2017', '# April 2017', '# DM Monthly Report: April 2017']) {
    const a = analyze(`${first}\n\n### High-level Summary\n\nx\n\n# Risk Management\n\nx\n\n## Detailed Project Progress and Status\n`);
    assert.deepEqual([a.model.period?.year, a.model.period?.month, a.model.title?.text], [2017, 4, first.replace(/^#+ /, '')], first);
    assert.deepEqual(messages(a), ['10:empty-section: The section "Detailed Project Progress and Status" is empty: write what happened, or "No activity".'], first);
  }
});

test('headings after the teams that start with an appendix word end the teams; so does a shallower heading', () => {
  const report = `${HEAD}## Detailed Project Progress and Status\n\n## AURA\n\n### Current accomplishments:\n\nx\n\n### Planned activities:\n\nx\n\n### Recruitment update:\n\nx\n\n`;
  for (const tail of ['## Acronyms\n\nDM: Data Management\n', '# Appendix: Acronyms\n\nx\n', '## Milestones\n\nx\n']) {
    const a = analyze(report + tail);
    assert.deepEqual(messages(a), [], tail);
    const last = a.model.sections[a.model.sections.length - 1];
    assert.deepEqual([last.kind, last.templateId, last.title], ['report', undefined, tail.split('\n')[0].replace(/^#+ /, '')]);
  }
  // A heading at team level with another title is a team.
  assert.deepEqual(messages(analyze(report + '## NCSA\n\nx\n')).map((m) => m.split(': ')[1]), [
    '"NCSA" has no "Current accomplishments" section.',
    '"NCSA" has no "Planned activities" section.',
    '"NCSA" has no "Recruitment update" section.',
  ]);
});

test('label variants: numbering, "&", a dash separator, a "for …" aside, bold report labels', () => {
  const text =
    '# Data Management Monthly Report\n\n## May 2017\n\n**High-level Summary:**\n\nx\n\n# 2. Risk Management\n\nx\n\n## Detailed Project Progress & Status\n\n' +
    '## AURA\n\n### Current accomplishments\n\nx\n\nPlanned activities for next month:\n\n- y\n\nRecruitment Update - none\n';
  const a = analyze(text);
  assert.deepEqual(messages(a), []);
  assert.deepEqual(outline(a.model.sections), [
    'report:high-level-summary',
    'report:risk-management',
    'report:detailed-progress',
    '  team:AURA',
    '    subsection:current-accomplishments',
    '    subsection:planned-activities',
    '    subsection:recruitment-update',
  ]);
  const aura = a.model.sections[2].children[0];
  assert.equal(aura.children[2].inlineContent, 'none');
  // A sentence that merely starts with the words is not a label.
  const sentence = analyze(text.replace('Planned activities for next month:', 'Planned activities for next month include y.'));
  assert.deepEqual(messages(sentence).map((m) => m.split(': ')[1]), ['"AURA" has no "Planned activities" section.']);
});

test('a missing first subsection goes right under the team heading; a missing High-level Summary under the period', () => {
  const text = `# Data Management Monthly Report\n\n## May 2017\n\n- Summary bullet.\n\n# Risk Management\n\nx\n\n## Detailed Project Progress and Status\n\n## AURA\n\n- What we did.\n\n### Planned activities:\n\n- y\n\n### Recruitment update:\n\nnone\n`;
  const a = analyze(text);
  assert.deepEqual(messages(a), [
    '0:missing-section: The report has no "High-level Summary" section.',
    '12:missing-section: "AURA" has no "Current accomplishments" section.',
  ]);
  assert.equal(
    insertAll(a),
    `# Data Management Monthly Report\n\n## May 2017\n\n# High-level Summary\n\n- Summary bullet.\n\n# Risk Management\n\nx\n\n## Detailed Project Progress and Status\n\n## AURA\n\n### Current accomplishments:\n\n- What we did.\n\n### Planned activities:\n\n- y\n\n### Recruitment update:\n\nnone\n`,
  );
});

test('a WBS name followed by a note is fine; a wrong name is replaced without the note', () => {
  const text =
    `${HEAD}## Detailed Project Progress and Status\n\n## SLAC / Stanford University\n\n### Current accomplishments:\n\n` +
    '02C.06.02.01 Data Access Client Framework - continued work on the butler.\n\n#### 02C.06.02.02 Web Stuff (Butler work)\n\n' +
    '#### 02C.08.03.02 International Chile - US WAN\n\n### Planned activities:\n\nx\n\n### Recruitment update:\n\nx\n';
  const a = analyze(text);
  const hints = a.findings().filter((f) => f.diagnostic.code === 'wbs-name-mismatch');
  assert.deepEqual(
    hints.map((f) => [f.diagnostic.message, f.diagnostic.range]),
    [
      [
        '"Web Stuff" is not a known name of WBS 02C.06.02.02; known names: Web Services (pre-FY18); Web Services Framework (FY18+).',
        { start: { line: 20, character: 18 }, end: { line: 20, character: 27 } },
      ],
    ],
  );
  const fixed = TextDocument.applyEdits(a.document, hints[0].fixes[0].edits);
  assert.equal(fixed.split('\n')[20], '#### 02C.06.02.02 Web Services (Butler work)');
  // AURA's element in SLAC's section is a wbs-misplaced information; two WBS headings have nothing
  // under them (the line-of-its-own element with a note is an item).
  assert.deepEqual(messages(analyze(fixed)), [
    '20:empty-section: The WBS element "02C.06.02.02 Web Services (Butler work)" is empty: write what happened, or "No activity".',
    '22:empty-section: The WBS element "02C.08.03.02 International Chile - US WAN" is empty: write what happened, or "No activity".',
    "22:wbs-misplaced: WBS 02C.08.03.02 is led by LSST Tucson, not by SLAC / Stanford University: is it in the right team's section?",
  ]);
});

test('"Remove the link, keep the text" keeps exactly the text, with spaces in the target or text on two lines', () => {
  const text = `${HEAD}see [link]( # ) and [two\nlines](#) and [DM-1](<#>).\n`;
  const a = analyze(text);
  const unlinked = a
    .findings()
    .filter((f) => f.diagnostic.code === 'placeholder-link')
    .map((f) => TextDocument.applyEdits(a.document, f.fixes.find((x) => x.title === 'Remove the link, keep the text')!.edits).slice(HEAD.length));
  assert.deepEqual(unlinked, [
    'see link and [two\nlines](#) and [DM-1](<#>).\n',
    'see [link]( # ) and two\nlines and [DM-1](<#>).\n',
    'see [link]( # ) and [two\nlines](#) and DM-1.\n',
  ]);
});

test('which Markdown files look like reports (the server checks only those)', () => {
  const cases: [string, boolean][] = [
    ['# Meeting notes\n\n## Risks\n\nWe talked about DM10221.\n', false],
    ['# Changelog\n\n## May 2017\n\n- Fixed things.\n', false],
    ['# README\n\n## Installation\n', false],
    ['# Report\n\n## May 2017\n\n### High-level Summary\n\nx\n', true],
    ['# Notes\n\n## Detailed Project Progress and Status\n\n## AURA\n\nCurrent accomplishments:\n\nx\n', true],
  ];
  for (const [text, expected] of cases) assert.equal(looksLikeReport(analyze(text).model), expected, text);
});
