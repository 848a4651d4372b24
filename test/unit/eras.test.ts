/**
 * Reports of other shapes and eras than the reference (issue "Trust: every real
 * report of every era checked with no false alarm"): a first heading that is a
 * section (personal reports, 2019–2022 forum posts), the period from the file's
 * path (`Monthly Reports/2023/March.md`), abbreviated month names, the 2019–2022
 * combined heading `Community Interactions, Meetings and Workshops`, the
 * 2015–2016 `Project Status` and Program Office teams at top level, and the
 * built-in template chosen by the report's opening or era. Each with its exact
 * findings, its safe fixes applied (fix-all) and next month's report. The
 * inputs are written for these tests in the shapes of real reports. Ranges are
 * 0-based LSP ranges; line numbers in messages are 1-based.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { fixAll } from '../../server/src/features/fixAll.ts';
import { planNewMonth } from '../../server/src/features/newMonthCommand.ts';
import { getStructure } from '../../server/src/features/structure.ts';
import { getHover } from '../../server/src/features/hover.ts';
import { checkTemplate, BUILTIN_TEMPLATES } from '../../server/src/catalog/templates.ts';
import { parseConfig } from '../../server/src/catalog/config.ts';
import { fileNamePeriod, formatPeriodLike, periodFileName } from '../../server/src/model/periods.ts';

const engine = new ReportEngine();
let n = 0;
/** A fresh analysis of `text` saved at `path` (under a folder of its own unless `path` is a URI). */
function analyze(text: string, path: string): Analysis {
  const uri = path.startsWith('file:') ? path : `file:///eras-${n++}/${path}`;
  engine.close(uri);
  return engine.analyze(uri, text, 1);
}
/** Every finding as `line:code: message` (0-based line). */
function findings(a: Analysis): string[] {
  return a.findings().map((f) => `${f.diagnostic.range.start.line}:${f.diagnostic.code}: ${f.diagnostic.message}`);
}
/** Next month's report of `a` (period, file name, text). */
function newMonth(a: Analysis, period?: { year: number; month: number }): { period: string; fileName: string; text: string } {
  const o = planNewMonth(engine, a, period);
  assert.equal(o.kind, 'report');
  if (o.kind !== 'report') throw new Error('no period');
  return { period: `${o.result.period.year}-${String(o.result.period.month).padStart(2, '0')}`, fileName: o.fileName, text: o.result.text };
}

// ---- 1. the first heading is a section, not the title ----------------------------------------------

/** A personal monthly report as people write them: no title, no period heading; the period is in the path. */
const PERSONAL = `# Accomplishments this period

- Closed DM-31234 (butler registry migration).
- Reviewed DMTN-202.

# Objectives for next period

- Finish DM-31300.

# Time off

- Two days.
`;

test('1. a personal report starting with `# Accomplishments this period`: that heading is the section, not the title', () => {
  const a = analyze(`---\ntemplate: personal-monthly\n---\n${PERSONAL}`, '2023-03.md');
  assert.equal(a.model.title, undefined);
  assert.deepEqual(a.model.sections.map((s) => [s.templateId, s.selectionRange.start.line]), [
    ['accomplishments', 3],
    ['objectives', 8],
    ['time-off', 12],
  ]);
  // Before: `The report has no "Accomplishments this period" section.` and no period heading (on line 3).
  assert.deepEqual(findings(a), []);
  // Fix-all has nothing to insert.
  assert.deepEqual(fixAll(engine, a).edits, []);
});

test('1. a missing first section of a report without a title goes before the first section, below the front matter (fix-all, once)', () => {
  const text = `---\ntemplate: personal-monthly\n---\n${PERSONAL.replace(/^# Accomplishments this period\n\n- Closed DM-31234 \(butler registry migration\)\.\n- Reviewed DMTN-202\.\n\n/, '')}`;
  const a = analyze(text, '2023-03.md');
  assert.deepEqual(findings(a), ['0:missing-section: The report has no "Accomplishments this period" section.']);
  assert.deepEqual(a.findings()[0].fixes[0].edits, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '\n# Accomplishments this period\n\n' }]);
  const fixed = fixAll(engine, a);
  assert.equal(fixed.text, `---\ntemplate: personal-monthly\n---\n\n# Accomplishments this period\n\n# Objectives for next period\n\n- Finish DM-31300.\n\n# Time off\n\n- Two days.\n`);
  // Converged: the fixed text has nothing left to fix.
  assert.deepEqual(fixAll(engine, analyze(fixed.text, '2023-03.md')).edits, []);
  // No front matter: the label goes on line 0, before `# Objectives for next period`.
  const bare = analyze(text.replace('---\ntemplate: personal-monthly\n---\n', ''), 'Monthly Reports/2023/March.md');
  assert.deepEqual(bare.findings()[0].fixes[0].edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# Accomplishments this period\n\n' }]);
});

/** A 2019–2022 forum post ("DM monthly status report"): it starts with the summary, no title. */
const FORUM_2019 = `# High-level Summary

- The Gen3 middleware was used for the first DP0 processing.
- DM-SST reviewed the alert production design.

## Community Interactions, Meetings and Workshops

- Answered questions on the Community forum.
- DM staff attended the Rubin Community Workshop.

# Technical Progress

## Science Pipelines

### Progress

- Closed DM-27345.

### Plans

- Release w.2021.10.

## Data Facility

### Progress

- Migrated the batch system.
`;

test('1. a 2019-style report starting with `# High-level Summary`: fix-all inserts no second summary', () => {
  // Chosen by its front matter, with the two parts of the summary as headings of their own.
  const separate = `---\ntemplate: dm-monthly-2019\n---\n${FORUM_2019.replace('## Community Interactions, Meetings and Workshops\n', '## Community Interactions\n\n- Forum.\n\n## Meetings and Workshops\n')}`;
  const chosen = analyze(separate, '2021-02.md');
  assert.deepEqual([chosen.model.title, chosen.model.sections.map((s) => s.templateId)], [undefined, ['high-level-summary', 'community-interactions', 'meetings-and-workshops', 'technical-progress']]);
  // Before: `The report has no "High-level Summary" section.`, and fix-all wrote `# High-level Summary` again under the first.
  assert.deepEqual(findings(chosen), []);
  assert.deepEqual(fixAll(engine, chosen).edits, []);
  // Chosen by its era (the path), with the combined heading.
  const a = analyze(FORUM_2019, '2021-02.md');
  assert.equal(a.template.name, 'dm-monthly-2019');
  assert.equal(a.model.title, undefined);
  assert.equal(a.model.sections[0].templateId, 'high-level-summary');
  assert.deepEqual(findings(a), []);
  assert.deepEqual(fixAll(engine, a).edits, []);
  // With a required section missing, fix-all inserts that one only.
  const noTech = analyze(FORUM_2019.replace('# Technical Progress\n\n', ''), '2021-02.md');
  assert.deepEqual(findings(noTech).filter((f) => f.includes('missing-section')), ['0:missing-section: The report has no "Technical Progress" section.']);
  const fixed = fixAll(engine, noTech).text;
  assert.equal(fixed.match(/^# High-level Summary$/gm)?.length, 1);
  assert.equal(fixed, FORUM_2019);
});

// ---- 2. the period from the file's path ---------------------------------------------------------------

test('2. fileNamePeriod: YYYY-MM, a month word and a year in the name, a month-only name in a year folder', () => {
  const cases: [string, { year: number; month: number; name: string } | undefined][] = [
    ['file:///r/2023-03.md', { year: 2023, month: 3, name: '2023-03.md' }],
    ['file:///r/2023-03-31.md', { year: 2023, month: 3, name: '2023-03-31.md' }],
    ['file:///r/2023/03.md', { year: 2023, month: 3, name: '2023/03.md' }],
    ['file:///home/jane/Monthly%20Reports/2023/March.md', { year: 2023, month: 3, name: '2023/March.md' }],
    ['file:///r/2023/mar.md', { year: 2023, month: 3, name: '2023/mar.md' }],
    ['file:///r/March%202023.md', { year: 2023, month: 3, name: 'March 2023.md' }],
    ['file:///r/sept_2017.md', { year: 2017, month: 9, name: 'sept_2017.md' }],
    ['file:///r/DM-report-Apr-2017.md', { year: 2017, month: 4, name: 'DM-report-Apr-2017.md' }],
    ['file:///r/2017%20Dec.md', { year: 2017, month: 12, name: '2017 Dec.md' }],
    // YYYY-MM first, then words.
    ['file:///r/2017-05%20(April%202017).md', { year: 2017, month: 5, name: '2017-05 (April 2017).md' }],
    // No period: words inside words, a month-only name out of a year folder, month 13, a day alone.
    ['file:///r/summary-2017.md', undefined],
    ['file:///r/Decision%202017.md', undefined],
    ['file:///r/reports/March.md', undefined],
    ['file:///r/2023/13.md', undefined],
    ['file:///r/2023/notes.md', undefined],
    ['file:///r/2023/march-notes.md', undefined],
    ['file:///r/2023/3.md', undefined],
  ];
  for (const [uri, expected] of cases) assert.deepEqual(fileNamePeriod(uri), expected, uri);
});

test('2. periodFileName: the new period written the way the path writes it, relative to its folder', () => {
  const april = { year: 2023, month: 4 };
  assert.equal(periodFileName('file:///r/2023-03.md', april), '2023-04.md');
  assert.equal(periodFileName('file:///r/2023/03.md', april), '04.md');
  assert.equal(periodFileName('file:///r/Monthly%20Reports/2023/March.md', april), 'April.md');
  assert.equal(periodFileName('file:///r/Monthly%20Reports/2023/mar.md', april), 'apr.md');
  assert.equal(periodFileName('file:///r/March%202023.md', april), 'April 2023.md');
  assert.equal(periodFileName('file:///r/2023%20March.md', april), '2023 April.md');
  // The last day of the month stays the last day; another day is kept (at most the month's last).
  assert.equal(periodFileName('file:///r/2023-03-31.md', april), '2023-04-30.md');
  assert.equal(periodFileName('file:///r/2024-01-31.md', { year: 2024, month: 2 }), '2024-02-29.md');
  assert.equal(periodFileName('file:///r/2023-03-15.md', april), '2023-04-15.md');
  // A new year is a new folder.
  assert.equal(periodFileName('file:///r/Monthly%20Reports/2023/December.md', { year: 2024, month: 1 }), '../2024/January.md');
  assert.equal(periodFileName('file:///r/2023/12.md', { year: 2024, month: 1 }), '../2024/01.md');
  assert.equal(periodFileName('file:///r/report.md', april), undefined);
});

test('2. the period from the path: no missing period; period-mismatch against it; next month named like it', () => {
  const uri = 'file:///home/jane/Monthly%20Reports/2023/March.md';
  const a = analyze(PERSONAL, uri);
  // Before: the default template (no period heading, no High-level Summary, ...). Now personal-monthly, and the path gives the period.
  assert.deepEqual([a.template.name, a.templateChoice.source], ['personal-monthly', 'first section "Accomplishments this period"']);
  assert.deepEqual(findings(a), []);
  assert.deepEqual(getStructure(engine, a).sections[0], { id: 'period', label: 'Report period', present: true, required: true, range: undefined });
  // Without a period in the path, the period is missing.
  assert.deepEqual(findings(analyze(PERSONAL, 'file:///home/jane/notes/march.md')), ['0:missing-section: The report has no period heading (e.g. "## April 2017").']);
  // A period heading that disagrees with the path.
  const wrong = analyze(`# April 2023\n\n${PERSONAL}`, uri);
  assert.deepEqual(findings(wrong), ['0:period-mismatch: The period heading says April 2023, but the path 2023/March.md says March 2023.']);
  assert.deepEqual(
    wrong.findings()[0].fixes.map((f) => [f.title, f.edits, f.safe ?? false]),
    [['Change the period heading to March 2023', [{ range: { start: { line: 0, character: 2 }, end: { line: 0, character: 12 } }, newText: 'March 2023' }], false]],
  );
  assert.equal(
    (getHover(engine, wrong, { line: 0, character: 3 })!.contents as { value: string }).value,
    '**Report period: April 2023**\n\nRequired. Compared with the path 2023/March.md.\n\nTemplate `personal-monthly` (first section "Accomplishments this period").',
  );
  // Next month: April 2023, in April.md of the same folder, with no period heading (the path gives it), objectives carried.
  const next = newMonth(a);
  assert.deepEqual([next.period, next.fileName], ['2023-04', 'April.md']);
  assert.equal(next.text, '# Accomplishments this period\n\n- [ ] Finish DM-31300.\n\n# Objectives for next period\n\n# Time off\n');
  // The new report saved there is clean but for what the author writes.
  assert.deepEqual(findings(analyze(next.text, 'file:///home/jane/Monthly%20Reports/2023/April.md')), [
    '4:empty-section: The section "Objectives for next period" is empty: write what happened, or "No activity".',
    '6:empty-section: The section "Time off" is empty: write what happened, or "No activity".',
  ]);
  // December: January of next year, in the next year's folder.
  assert.deepEqual(newMonth(analyze(PERSONAL, 'file:///home/jane/Monthly%20Reports/2023/December.md')).fileName, '../2024/January.md');
  // Other shapes of paths.
  assert.deepEqual(newMonth(analyze(PERSONAL, 'March 2023.md')).fileName, 'April 2023.md');
  assert.deepEqual(newMonth(analyze(PERSONAL, '2023/03.md')).fileName, '04.md');
  assert.deepEqual(newMonth(analyze(PERSONAL, '2023-03-31.md')).fileName, '2023-04-30.md');
  // A period in the text too: still named like the previous file (as `2017/September.md` → `October.md`).
  assert.deepEqual(newMonth(analyze(`# March 2023\n\n${PERSONAL}`, 'Monthly Reports/2023/March.md')).fileName, 'April.md');
});

// ---- 3. abbreviated month names ---------------------------------------------------------------------------

test('3. abbreviated months in the period heading: read, compared, rewritten in their form; `May` in prose is no period', () => {
  const report = (heading: string) => `# Data Management Monthly Report\n\n## ${heading}\n\n## High-level Summary\n\nIn May we met; the Apr 2017 plan held.\n\n## Risk Management\n\nNone.\n\n## Detailed Project Progress and Status\n\nSee the attached pages.\n`;
  for (const [heading, month] of [['Apr 2017', 4], ['Sept 2017', 9], ['Sep. 2017', 9], ['SEPT. 2017', 9], ['Jun, 2017', 6]] as const) {
    const a = analyze(report(heading), `2017-${String(month).padStart(2, '0')}.md`);
    assert.deepEqual([a.model.period?.year, a.model.period?.month], [2017, month], heading);
    assert.deepEqual(findings(a), [], heading);
  }
  const mismatch = analyze(report('Sep. 2017'), '2017-10.md');
  assert.deepEqual(findings(mismatch), ['2:period-mismatch: The period heading says September 2017, but the file name 2017-10.md says October 2017.']);
  assert.deepEqual(mismatch.findings()[0].fixes[0].edits, [{ range: { start: { line: 2, character: 3 }, end: { line: 2, character: 12 } }, newText: 'Oct. 2017' }]);
  assert.equal(mismatch.findings()[0].fixes[0].title, 'Change the period heading to Oct. 2017');
  // Next month keeps the abbreviation: `## Sep. 2017` → `## Oct. 2017`, `## Apr 2017` → `## May 2017`, `## DEC 2017` → `## JAN 2018`.
  assert.equal(newMonth(analyze(report('Sep. 2017'), 'r.md')).text.split('\n')[2], '## Oct. 2017');
  assert.equal(newMonth(analyze(report('Apr 2017'), 'r.md')).text.split('\n')[2], '## May 2017');
  assert.equal(newMonth(analyze(report('DEC 2017'), 'r.md')).text.split('\n')[2], '## JAN 2018');
  assert.equal(formatPeriodLike('April, 2017', { year: 2017, month: 5 }), 'May 2017');
  assert.equal(formatPeriodLike('apr. 2017', { year: 2017, month: 8 }), 'aug. 2017');
  assert.equal(formatPeriodLike('2017-04', { year: 2017, month: 5 }), '2017-05');
  // A month word without a year, or after the first section, is no period heading.
  const none = analyze('# Data Management Monthly Report\n\n## High-level Summary\n\n## Mar 2017 workshop\n\n## In May\n', 'notes.md');
  assert.equal(none.model.period, undefined);
});

// ---- 4. 2019–2022: one heading for Community Interactions, Meetings and Workshops ---------------------------------

test('4. `Community Interactions, Meetings and Workshops` under High-level Summary stands for both sections', () => {
  const titled = `# DM Monthly Status Report\n\n## February 2021\n\n${FORUM_2019}`;
  // Chosen by the front matter: before, no "Community Interactions" and no "Meetings and Workshops" section (and fix-all inserted both).
  const chosen = analyze(`---\ntemplate: dm-monthly-2019\n---\n${titled}`, 'dm-2021-02.md');
  assert.deepEqual(findings(chosen), []);
  assert.deepEqual(fixAll(engine, chosen).edits, []);
  // Chosen by its era.
  const a = analyze(titled, 'dm-2021-02.md');
  assert.deepEqual([a.template.name, a.templateChoice.source], ['dm-monthly-2019', 'period 2021-02, in its era from 2019-01']);
  const combined = a.model.sections[1];
  assert.deepEqual([combined.title, combined.templateId, combined.combinedIds, combined.style.depth], ['Community Interactions, Meetings and Workshops', 'community-interactions', ['meetings-and-workshops'], 2]);
  assert.deepEqual(findings(a), []);
  assert.match((getHover(engine, a, { line: 9, character: 5 })!.contents as { value: string }).value, /\n\nThis heading also stands for \*\*Meetings and Workshops\*\*\.\n/);
  assert.deepEqual(
    getStructure(engine, a).sections.map((s) => [s.id, s.present]),
    [['period', true], ['high-level-summary', true], ['community-interactions', true], ['meetings-and-workshops', true], ['technical-progress', true]],
  );
  // At the same level as the summary, bold, with an Oxford comma: the same.
  for (const variant of [
    titled.replace('## Community Interactions, Meetings and Workshops', '# Community Interactions, Meetings and Workshops'),
    titled.replace('## Community Interactions, Meetings and Workshops', '**Community Interactions, Meetings and Workshops**'),
    titled.replace('## Community Interactions, Meetings and Workshops', '## Community Interactions, Meetings, and Workshops:'),
  ]) {
    assert.deepEqual(findings(analyze(variant, 'dm-2021-02.md')), [], variant.split('\n')[8]);
  }
  // A separate Meetings and Workshops after it is a second one; one before it is out of order.
  const twice = analyze(`${titled.replace('# Technical Progress', '# Meetings and Workshops\n\n- More.\n\n# Technical Progress')}`, 'dm-2021-02.md');
  assert.deepEqual(findings(twice), ['14:duplicate-section: The report has a second "Meetings and Workshops" section (the first is on line 10).']);
  const before = analyze(titled.replace('# High-level Summary', '# Technical Progress\n\n# High-level Summary').replace(/\n# Technical Progress\n\n## Science/, '\n## Science'), 'dm-2021-02.md');
  assert.deepEqual(findings(before).filter((f) => f.includes('section-order')), ['4:section-order: "Technical Progress" should come after "Community Interactions, Meetings and Workshops" (template dm-monthly-2019).']);
  // Next month writes it once, as written.
  const next = newMonth(a);
  assert.deepEqual([next.period, next.fileName], ['2021-03', 'dm-2021-03.md']);
  assert.equal(
    next.text,
    '# DM Monthly Status Report\n\n## March 2021\n\n# High-level Summary\n\n## Community Interactions, Meetings and Workshops\n\n# Technical Progress\n\n' +
      '## Science Pipelines\n\n### Progress\n\n- [ ] Release w.2021.10.\n\n### Plans\n\n## Data Facility\n\n### Progress\n',
  );
});

test('4. combinedSections in a template: consecutive sections of it, labels of its own', () => {
  const base = { name: 't', sections: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }] };
  assert.deepEqual(checkTemplate({ ...base, combinedSections: [{ sections: ['a', 'c'], label: 'A and C' }] }), { errors: ['combinedSections[0]: a, c are not consecutive sections of the template'] });
  assert.deepEqual(checkTemplate({ ...base, combinedSections: [{ sections: ['a', 'x'], label: 'A and X' }] }), { errors: ['combinedSections[0]: "x" is not a section of this template'] });
  assert.deepEqual(checkTemplate({ ...base, combinedSections: [{ sections: ['a', 'b'], label: 'C' }] }), { errors: ['sections: label "C" belongs to both "c" and "combinedSections[0]"'] });
  assert.deepEqual(checkTemplate({ ...base, combinedSections: [{ sections: ['a'], label: 'Only A' }] }), { errors: ['combinedSections[0].sections: list at least 2 sections'] });
  const ok = checkTemplate({ ...base, combinedSections: [{ sections: ['b', 'c'], label: 'B and C' }] });
  assert.ok('template' in ok);
  assert.deepEqual(ok.template.combinedSections, [{ sections: ['b', 'c'], label: 'B and C', aliases: [] }]);
  assert.deepEqual(checkTemplate({ ...base, era: { from: '2020-01', to: '2019-12' } }), { errors: ['era: from 2020-01 is after to 2019-12'] });
  assert.deepEqual(BUILTIN_TEMPLATES.get('dm-monthly-2019')!.combinedSections!.map((c) => [c.label, c.sections]), [
    ['Community Interactions, Meetings and Workshops', ['community-interactions', 'meetings-and-workshops']],
  ]);
});

// ---- 5. 2015–2016: Project Status; the Program Office teams at top level -------------------------------------------

/** A 2015–2016 report: the summary is Project Status; the Program Office teams stand among the others. */
const REPORT_2016 = `# LSST Data Management Monthly Report

## March 2016

## Project Status

- The X2016 cycle began.

## Risk Management

No new risks.

## Detailed Project Progress and Status

### DM Project Management and Control

#### Current accomplishments:

- Prepared the NSF review.

#### Planned activities:

- Hold the review.

### DM Subsystem Science

#### Current accomplishments:

- Wrote LDM-151 sections.

#### Planned activities:

- More.

### **DM System Engineering**

#### Current accomplishments:

- Updated LSE-61.

#### Planned activities:

- Review LSE-61.

### University of Washington

#### Current accomplishments:

02C.03.01 Single Frame Processing Pipelines

- DM-5000 done.

#### Planned activities:

02C.03.01 Single Frame Processing Pipelines

- DM-5100.
`;

test('5. 2015–2016: Project Status is the summary; the Program Office teams at top level need no Recruitment update', () => {
  const a = analyze(REPORT_2016, '2016-03.md');
  // Before: no "High-level Summary" section, and four "has no Recruitment update" (one per team).
  assert.deepEqual(findings(a), ['44:missing-section: "University of Washington" has no "Recruitment update" section.']);
  assert.deepEqual([a.template.name, a.templateChoice.source], ['dm-monthly-2017', 'period 2016-03, in its era up to 2018-12']);
  assert.equal(a.model.sections[0].templateId, 'high-level-summary');
  const teams = a.model.sections[2].children.map((t) => [t.kind, t.title, t.memberOf]);
  assert.deepEqual(teams, [
    ['team', 'DM Project Management and Control', 'LSST Program Office'],
    ['team', 'DM Subsystem Science', 'LSST Program Office'],
    ['team', 'DM System Engineering', 'LSST Program Office'],
    ['team', 'University of Washington', undefined],
  ]);
  const structure = getStructure(engine, a);
  assert.deepEqual(
    structure.teams.map((t) => [t.title, t.subsections.find((s) => s.id === 'recruitment-update')!.required]),
    [['DM Project Management and Control', false], ['DM Subsystem Science', false], ['DM System Engineering', false], ['University of Washington', true]],
  );
  assert.match((getHover(engine, a, { line: 14, character: 6 })!.contents as { value: string }).value, /^\*\*DM Project Management and Control\*\* — team section \(in a group\)\n\n.*\n.*\n- Recruitment update: missing \(optional here\)/);
  // Next month: no Recruitment update for them; one for UW.
  const next = newMonth(a);
  assert.equal(next.text.match(/Recruitment update/g)?.length, 1);
  assert.deepEqual(findings(analyze(next.text, '2016-04.md')).filter((f) => !f.includes('empty-section')), []);
});

// ---- the template chosen by the report's opening or era --------------------------------------------------------

test('template choice: front matter → .dmreport.yaml → the opening section (a kind) → the era of the period → default', () => {
  const choice = (a: Analysis) => [a.template.name, a.templateChoice.source];
  // A 2019–2022 period, from the heading, the front matter or the path: dm-monthly-2019.
  assert.deepEqual(choice(analyze(`# DM Monthly Status Report\n\n## June 2020\n\n${FORUM_2019}`, 'post.md')), ['dm-monthly-2019', 'period 2020-06, in its era from 2019-01']);
  assert.deepEqual(choice(analyze(`---\nperiod: 2022-12\n---\n${FORUM_2019}`, 'post.md')), ['dm-monthly-2019', 'period 2022-12, in its era from 2019-01']);
  assert.deepEqual(choice(analyze(FORUM_2019, 'Status/2019/January.md')), ['dm-monthly-2019', 'period 2019-01, in its era from 2019-01']);
  // The text's period wins over the path's: the reference's April 2017 saved as 2019-05.md stays a 2017 report.
  assert.deepEqual(choice(analyze('# Data Management Monthly Report\n\n## April 2017\n\n### High-level Summary/Status\n', '2019-05.md')), ['dm-monthly-2017', 'period 2017-04, in its era up to 2018-12']);
  // After 2022: the latest era's template (its era has no end); no period: the default.
  assert.deepEqual(choice(analyze(FORUM_2019, '2023-01.md')), ['dm-monthly-2019', 'period 2023-01, in its era from 2019-01']);
  assert.deepEqual(choice(analyze(FORUM_2019, 'post.md')), ['dm-monthly-2017', 'default']);
  // A personal report is not mistaken for an era: in a 2021 folder it is personal-monthly, with a title and a period heading too.
  assert.deepEqual(choice(analyze(PERSONAL, 'Monthly Reports/2021/March.md')), ['personal-monthly', 'first section "Accomplishments this period"']);
  assert.deepEqual(choice(analyze(`# Monthly report: Jane Doe\n\n## March 2021\n\n${PERSONAL.replace(/^# /gm, '## ')}`, 'jane.md')), ['personal-monthly', 'first section "Accomplishments this period"']);
  // An optional personal section first, or another heading before the section, is not enough: then the era.
  assert.deepEqual(choice(analyze(`# Time off\n\n${PERSONAL}`, '2021-03.md')), ['dm-monthly-2019', 'period 2021-03, in its era from 2019-01']);
  // A configured or given template is never overridden by the opening or the era.
  const configured = new ReportEngine({}, {}, parseConfig('template: dm-monthly-2017\n', '/ws/.dmreport.yaml'));
  assert.deepEqual(choice(configured.analyze('file:///ws/2021-02.md', FORUM_2019, 1)), ['dm-monthly-2017', '.dmreport.yaml template']);
  assert.deepEqual(choice(configured.analyze('file:///ws/March.md', PERSONAL, 1)), ['dm-monthly-2017', '.dmreport.yaml template']);
  const given = new ReportEngine({}, { template: BUILTIN_TEMPLATES.get('personal-monthly')! });
  assert.deepEqual(choice(given.analyze('file:///r/2021-02.md', FORUM_2019, 1)), ['personal-monthly', 'default']);
});
