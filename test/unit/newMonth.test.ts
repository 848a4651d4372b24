/**
 * New month (server/src/features/newMonth.ts): next month's report from the
 * reference report and from variants; exact texts, headings, counts of
 * carried items, and what the engine finds in the new report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { buildNewMonth, periodOf, templateOf, type NewMonthResult } from '../../server/src/features/newMonth.ts';
import { formatYearMonth, nextPeriod, parseYearMonth } from '../../server/src/model/periods.ts';
import type { Section } from '../../server/src/model/types.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const MAY = { year: 2017, month: 5 };

const engine = new ReportEngine();
let n = 0;
function analyze(text: string, name = `new-${n++}`): Analysis {
  return engine.analyze(`file:///reports/${name}.md`, text, 1);
}
function build(text: string, period = MAY): NewMonthResult {
  const a = analyze(text);
  return buildNewMonth(a, templateOf(engine, a), period);
}

/** Teams of a model, in order (groups' teams included). */
function teams(sections: Section[]): Section[] {
  return sections.flatMap((s) => s.children.flatMap((c) => (c.kind === 'group' ? c.children.filter((t) => t.kind === 'team') : c.kind === 'team' ? [c] : [])));
}

const may = build(REFERENCE);
const mayLines = may.text.split('\n');
const mayAnalysis = analyze(may.text, '2017-05');

test('periods: YYYY-MM arguments, the month after, formatting', () => {
  assert.deepEqual(parseYearMonth('2017-05'), { year: 2017, month: 5 });
  assert.deepEqual(parseYearMonth(' 2018-12 '), { year: 2018, month: 12 });
  for (const bad of ['2017-5', '2017-13', '2017-00', '17-05', 'May 2017', '2017/05', '2017-05-01', '']) assert.equal(parseYearMonth(bad), undefined, bad);
  assert.deepEqual(nextPeriod({ year: 2017, month: 4 }), MAY);
  assert.deepEqual(nextPeriod({ year: 2017, month: 12 }), { year: 2018, month: 1 });
  assert.equal(formatYearMonth({ year: 2018, month: 1 }), '2018-01');
  assert.deepEqual(periodOf(analyze(REFERENCE)), { year: 2017, month: 4 });
});

test('reference → May 2017: the exact beginning (title, period, report sections, Program Office, SQuaRE)', () => {
  assert.deepEqual([may.teams, may.carried, may.period], [10, 115, MAY]);
  assert.deepEqual(mayLines.slice(0, 68), [
    '# Data Management Monthly Report',
    '',
    '## May 2017',
    '',
    '### High-level Summary/Status',
    '',
    '# Risk Management',
    '',
    '## Detailed Project Progress and Status',
    '',
    '### LSST Program Office',
    '',
    '#### DM Project Management and Control',
    '',
    '##### Current accomplishments:',
    '',
    'DM Project Manager will:',
    '',
    '- [ ] Go to SLAC to better understand QSERV and other activities there. Setup and run DMLT F2F in UW. Continue to work on review preparations. Gather inputs for next cycle plan and update PCMS.',
    '',
    '##### Planned activities:',
    '',
    '#### DM Subsystem Science',
    '',
    '##### Current accomplishments:',
    '',
    '- [ ] Continue PDAC validation activities the goal of wrapping up Phase #1 validation report (Suberlak).',
    '- [ ] Shepherd Photo-z paper and study through review and change control process (Graham).',
    '- [ ] Circulate the "DM & Special Programs" document to the DM-SST team, incorporate feedback and continue to work on identifying/resolving potential issues (Graham).',
    '- [ ] Continue work on star/galaxy separation (Slater).',
    '',
    '#### Planned activities:',
    '',
    '#### **DM System Engineering**',
    '',
    '#### Current accomplishments:',
    '',
    'DM System Architect and Deputy System Architect will:',
    '',
    '- [ ] Complete product tree, architecture diagrams, and component descriptions.',
    '- [ ] Trace LSE-61 Data Management requirements to components.',
    '- [ ] Support visit to SLAC by new DM Project Manager.',
    '- [ ] Analyze flow down of LSE-63 to Data Management requirements.',
    '- [ ] Work on MagicDraw SysML requirements model.',
    '- [ ] Attend face to face DMLT meeting.',
    '- [ ] Attend “Building the Infrastructure for Time-Domain Alert Science in the LSST Era” meeting in Tucson.',
    '',
    'DM System Interfaces Scientist will:',
    '',
    '- [ ] Attend face to face DMLT meeting.',
    '- [ ] Prepare SuperTask design requirements document and a draft functional design, together with the SuperTask Working Group.',
    '- [ ] Trace system-level ICDs to newly defined DM components.',
    '- [ ] Refine early integration exercise timeline.',
    '',
    'Planned activities:',
    '',
    '## DM Science Quality and Reliability Engineering (SQuaRE)',
    '',
    'Current accomplishments:',
    '',
    '- [ ] Add small amount of persistent storage to our Hub/Lab demo to allow alpha-users to keep some notebooks around for testing.',
    '- [ ] Tooling to enable Travis gatekeeping for flake8 compliance and branch protection.',
    '- [ ] Verification plan work.',
    '',
    '#### Planned activities:',
    '',
    'Recruitment update:',
    '',
  ]);
  assert.equal(mayLines.length, 441);
  assert.ok(may.text.endsWith('### Recruitment update:\n'));
});

test('reference → May 2017: same teams in the same order, carried items per team, subsections in template order', () => {
  const before = teams(analyze(REFERENCE).model.sections);
  const after = teams(mayAnalysis.model.sections);
  assert.deepEqual(after.map((t) => t.title), before.map((t) => t.title));
  const items = (t: Section) => mayLines.slice(t.range.start.line, t.range.end.line + 1).filter((l) => l.startsWith('- [ ] ')).length;
  assert.deepEqual(Object.fromEntries(after.map((t) => [t.title, items(t)])), {
    'DM Project Management and Control': 1,
    'DM Subsystem Science': 4,
    'DM System Engineering': 11,
    'DM Science Quality and Reliability Engineering (SQuaRE)': 3,
    'University of Washington': 11,
    'Princeton University and University of California, Davis': 13,
    'IPAC / California Institute of Technology': 11,
    'SLAC / Stanford University': 13,
    'NCSA / University of Illinois': 38,
    AURA: 10,
  });
  for (const t of after) {
    const ids = t.children.filter((c) => c.kind === 'subsection').map((c) => c.templateId);
    const inGroup = ['DM Project Management and Control', 'DM Subsystem Science', 'DM System Engineering'].includes(t.title);
    assert.deepEqual(ids, inGroup ? ['current-accomplishments', 'planned-activities'] : ['current-accomplishments', 'planned-activities', 'recruitment-update'], t.title);
  }
});

test('reference → May 2017: WBS elements of each team again, under Current (with the carried items) and under Planned (empty)', () => {
  const before = teams(analyze(REFERENCE).model.sections);
  const after = teams(mayAnalysis.model.sections);
  const codes = (s: Section | undefined): string[] => (s ? s.children.flatMap((c) => (c.kind === 'wbs' ? [c.wbs!.code, ...codes(c)] : codes(c))) : []);
  const sub = (t: Section, id: string) => t.children.find((c) => c.templateId === id);
  for (let i = 0; i < before.length; i++) {
    const union = new Set([...codes(sub(before[i], 'current-accomplishments')), ...codes(sub(before[i], 'planned-activities'))]);
    assert.deepEqual(new Set(codes(sub(after[i], 'current-accomplishments'))), union, after[i].title);
    assert.deepEqual(new Set(codes(sub(after[i], 'planned-activities'))), union, after[i].title);
  }
  // UW: Current's paragraph lines, Planned's headings, as written last month.
  const uw = mayLines.indexOf('## University of Washington');
  assert.deepEqual(mayLines.slice(uw, uw + 12), [
    '## University of Washington',
    '',
    'Current accomplishments:',
    '',
    '02C.03.00 - Alert Production Management Engineering and Integration',
    '',
    '- [ ] Rawls will attend Python in Astronomy. Patterson will attend IVOA in China and the broker workshop in Tucson. Krughoff and Bellm will also attend the broker workshop. Krughoff and Bellm will attend the DMLT meeting.',
    '- [ ] Rawls will complete the prototype system and begin looking at a refined design for the MVP.',
    '',
    '02C.03.01 - Single Frame Processing Pipelines',
    '',
    '- [ ] Owen will continue work on the WCS replacement',
  ]);
  const uwPlanned = mayLines.indexOf('#### Planned activities:', uw);
  assert.deepEqual(mayLines.slice(uwPlanned, uwPlanned + 22).filter((l) => l), [
    '#### Planned activities:',
    '#### 02C.03.00 - Alert Production Management Engineering and Integration',
    '#### 02C.03.01 - Single Frame Processing Pipelines',
    '#### 02C.03.02 - Association Pipelines',
    '#### 02C.03.03 - Alert Generation Pipelines',
    '#### 02C.03.04 - Image Differencing Pipeline',
    '#### 02C.03.05 - Application Framework for Exposures',
    '#### 02C.03.06 - Moving Object Pipelines',
    '#### 02C.03.07 - Photometric Calibration Pipeline',
    '#### 02C.03.08 - Astrometric Calibration Pipeline',
    'Recruitment update:',
  ]);
  // IPAC: the aside `(for May 2017)` is dropped from the label; sub-bullets stay under their item.
  const ipac = mayLines.indexOf('## IPAC / California Institute of Technology');
  assert.equal(mayLines.slice(ipac).find((l) => l.includes('Planned activities')), '#### Planned activities:');
  const pdac = mayLines.indexOf('- [ ] PDAC development:', ipac);
  assert.deepEqual(mayLines.slice(pdac, pdac + 3), [
    '- [ ] PDAC development:',
    '  - Improvement in time series data display UI with user feedback.',
    '  - Search and display WISE data in PDAC.',
  ]);
  // AURA: 02C.08.00 and 02C.08.02 (only in Current last month) take their place among Planned's elements.
  const aura = mayLines.indexOf('#### Planned activities:', mayLines.indexOf('## **AURA**'));
  assert.deepEqual(mayLines.slice(aura).filter((l) => l), [
    '#### Planned activities:',
    '### 02C.08.00 International Communications and Base Site Management Engineering and Integration',
    '##### 02C.08.01 Base Center',
    '#### 02C.08.02 Chilean Data Access Center',
    '##### 02C.08.03 Long-Haul Networks',
    '###### 02C.08.03.01 Chile National WAN',
    '### 02C.08.03.02 International Chile - US WAN',
    '### Recruitment update:',
  ]);
  // NCSA: topic headings of last month's plans come along with their items.
  const ncsa = mayLines.indexOf('## **NCSA / University of Illinois**');
  assert.deepEqual(mayLines.slice(ncsa, ncsa + 14), [
    '## **NCSA / University of Illinois**',
    '',
    '#### Current accomplishments:',
    '',
    '#### 02C.07.00 Processing Control and Site Infrastructure Management, Engineering and Integration',
    '',
    '### **Planning and Management**',
    '',
    mayLines[ncsa + 8],
    mayLines[ncsa + 9],
    mayLines[ncsa + 10],
    mayLines[ncsa + 11],
    '- [ ] DM-9656 Replanning, Commissioning, Operations Planning (S17b)',
    '- [ ] DM-7632 Develop planning packages from DM replanning deliverables',
  ]);
  assert.ok(mayLines[ncsa + 8].startsWith('- [ ] We will continue preparations for the DM review'));
});

test('the new report raises no missing-section; what it finds is only what was carried (a placeholder link, an uncatalogued LSE-299)', () => {
  const all = mayAnalysis.findings();
  const codes = new Set(all.map((f) => f.diagnostic.code));
  for (const code of ['missing-section', 'section-order', 'duplicate-section', 'period-mismatch'] as const) assert.equal(codes.has(code), false, code);
  // empty-section only on the parts the author must write: the summary, the risks, each team's plans and
  // recruitment, and the WBS headings with nothing carried under them (the carried checklists are content);
  // heading-level because last month's mixed levels are kept.
  const empty = all.filter((f) => f.diagnostic.code === 'empty-section').map((f) => String(f.diagnostic.message));
  const sections = empty.filter((m) => !m.startsWith('The WBS element '));
  assert.deepEqual([...new Set(sections.map((m) => m.split('"')[1]))], [
    'High-level Summary/Status',
    'Risk Management',
    'Planned activities:',
    'Recruitment update:',
  ]);
  // No Current accomplishments is empty: each holds last month's plans, or WBS headings to fill.
  assert.equal(empty.some((m) => m.includes('Current accomplishments')), false);
  const findings = all.filter((f) => f.diagnostic.code !== 'empty-section' && f.diagnostic.code !== 'heading-level');
  assert.deepEqual(
    findings.map((f) => [f.diagnostic.code, f.diagnostic.range.start.line + 1, f.diagnostic.message]),
    [
      ['placeholder-link', 140, 'Placeholder link "LDM-151" points nowhere ("#"); it could link to https://ldm-151.lsst.io/.'],
      ['unknown-document', 405, 'LSE-299 is not in the document catalog (the catalog is incomplete; check that the handle is right).'],
    ],
  );
  assert.deepEqual(periodOf(mayAnalysis), MAY);
  // Next month again, from the new report: nothing carried (no plans written yet), same teams.
  const june = build(may.text, { year: 2017, month: 6 });
  assert.deepEqual([june.teams, june.carried], [10, 0]);
  assert.equal(june.text.split('\n')[2], '## June 2017');
  assert.equal(analyze(june.text).findings().filter((f) => f.diagnostic.code === 'missing-section').length, 0);
});

test('variants: a team missing last month\'s Planned activities gets one; the period in the title; ISO periods; front matter; CRLF', () => {
  // SQuaRE without `#### Planned activities:` last month: its plans were not labelled, so nothing is carried,
  // and the new report has the label anyway (in the style of the label paragraph before it).
  const noPlanned = REFERENCE.replace('#### Planned activities:\n\n- Add small', '- Add small');
  const r = build(noPlanned);
  const squareAt = r.text.indexOf('## DM Science Quality and Reliability Engineering (SQuaRE)');
  assert.equal(
    r.text.slice(squareAt, r.text.indexOf('## University of Washington')),
    '## DM Science Quality and Reliability Engineering (SQuaRE)\n\nCurrent accomplishments:\n\nPlanned activities:\n\nRecruitment update:\n\n',
  );
  assert.equal(analyze(r.text).findings().filter((f) => f.diagnostic.code === 'missing-section').length, 0);

  // The period in the title, written ISO; no period heading at all.
  const iso = build(REFERENCE.replace('# Data Management Monthly Report\n\n## April 2017\n', '# DM Monthly Report 2017-04\n'), { year: 2017, month: 12 });
  assert.deepEqual(iso.text.split('\n').slice(0, 3), ['# DM Monthly Report 2017-12', '', '### High-level Summary/Status']);
  const none = build(REFERENCE.replace('## April 2017\n', ''));
  assert.deepEqual(none.text.split('\n').slice(0, 4), ['# Data Management Monthly Report', '', '## May 2017', '']);
  const upper = build(REFERENCE.replace('## April 2017', '## APRIL 2017'));
  assert.equal(upper.text.split('\n')[2], '## MAY 2017');

  // Front matter: kept, with its period moved on.
  const fm = build(`---\ntemplate: dm-monthly-2017\nperiod: "2017-04"\n---\n${REFERENCE}`);
  assert.deepEqual(fm.text.split('\n').slice(0, 7), ['---', 'template: dm-monthly-2017', 'period: "2017-05"', '---', '', '# Data Management Monthly Report', '']);

  // CRLF in, CRLF out.
  const crlf = build(REFERENCE.replace(/\n/g, '\r\n'));
  assert.equal(crlf.text, may.text.replace(/\n/g, '\r\n'));
});

test('the template says what is carried: dm-monthly-2019 carries Plans into Progress; a template without carriedFrom carries nothing', () => {
  const june = `---
template: dm-monthly-2019
---
# Rubin Observatory DM Monthly Report

## June 2020

# High-level Summary

- Gen3 middleware in use.

# Community Interactions

- Forum answers.

# Meetings and Workshops

- DM-SST meeting.

# Technical Progress

## Science Pipelines

### Progress

- Closed DM-25000.

### Plans

- Port the deblender.
- Review DMTN-044.
`;
  const july = build(june, { year: 2020, month: 7 });
  assert.equal(july.carried, 2);
  assert.equal(
    july.text.slice(july.text.indexOf('## Science Pipelines')),
    '## Science Pipelines\n\n### Progress\n\n- [ ] Port the deblender.\n- [ ] Review DMTN-044.\n\n### Plans\n',
  );
  const a = analyze(july.text, '2020-07');
  assert.equal(a.template.name, 'dm-monthly-2019');
  assert.deepEqual(
    a.findings().map((f) => f.diagnostic.code).filter((c) => c !== 'empty-section'),
    [],
  );

  // The same report with a template whose subsections carry nothing: a skeleton.
  const plain = { ...a.template, teamSubsections: a.template.teamSubsections.map(({ carriedFrom: _, ...s }) => s) };
  const skeleton = buildNewMonth(analyze(june, 'june-plain'), plain, { year: 2020, month: 7 });
  assert.equal(skeleton.carried, 0);
  assert.equal(skeleton.text.slice(skeleton.text.indexOf('## Science Pipelines')), '## Science Pipelines\n\n### Progress\n\n### Plans\n');
});

test('personal-monthly: the front matter gives the period; Objectives for next period become this month\'s Accomplishments', () => {
  const june = `---
template: personal-monthly
period: 2017-05
---
# My report
## Accomplishments this period
- Did DM-1234 work.
## Objectives for next period
- Do LDM-151 review.
- Write DMTN-044 section.
## Time off
None
`;
  const a = analyze(june, 'pers');
  assert.deepEqual(periodOf(a), { year: 2017, month: 5 });
  const r = buildNewMonth(a, templateOf(engine, a), nextPeriod(periodOf(a)!));
  assert.equal(r.carried, 2);
  assert.equal(
    r.text,
    '---\ntemplate: personal-monthly\nperiod: 2017-06\n---\n\n# My report\n\n## Accomplishments this period\n\n- [ ] Do LDM-151 review.\n- [ ] Write DMTN-044 section.\n\n## Objectives for next period\n\n## Time off\n',
  );
  assert.deepEqual(
    analyze(r.text, '2017-06').findings().map((f) => `${f.diagnostic.range.start.line}:${f.diagnostic.code}`),
    ['12:empty-section', '14:empty-section'],
  );
});

test('newMonthReport evens out the heading levels last month mixed, and changes nothing else', async () => {
  const { newMonthReport } = await import('../../server/src/features/newMonth.ts');
  const previous = analyze(REFERENCE, 'levels');
  const r = newMonthReport(engine, previous, MAY);
  assert.equal(analyze(may.text, 'unlevelled').findings().filter((f) => f.diagnostic.code === 'heading-level').length, 7);
  assert.equal(analyze(r.text, 'levelled').findings().filter((f) => f.diagnostic.code === 'heading-level').length, 0);
  // Only `#` markers differ: the lines without them are the same.
  const strip = (t: string) => t.split('\n').map((l) => l.replace(/^#+ /, ''));
  assert.deepEqual(strip(r.text), strip(may.text));
  assert.equal(r.levelled, r.text.split('\n').filter((l, i) => l !== may.text.split('\n')[i]).length);
  assert.equal(r.carried, may.carried);
});

test('front matter: the period set with the yaml Document API (quotes, comments, key order kept); otherwise as written', () => {
  const head = (front: string, body = REFERENCE) => {
    const text = build(front + body).text;
    return text.slice(0, text.indexOf('## May 2017') + '## May 2017'.length);
  };
  const tail = '\n# Data Management Monthly Report\n\n## May 2017';
  assert.equal(
    head("---\n# who: Jane\ntemplate: dm-monthly-2017\nperiod: '2017-04' # April\nother: [1, 2]\ntags:\n  - a\n---\n"),
    "---\n# who: Jane\ntemplate: dm-monthly-2017\nperiod: '2017-05' # April\nother: [1, 2]\ntags:\n  - a\n---\n" + tail,
  );
  // A period that is not YYYY-MM is replaced by the new one; without a period, or one that is not a scalar, the front matter is kept as written.
  assert.equal(head('---\nperiod: May 2017\n---\n'), '---\nperiod: 2017-05\n---\n' + tail);
  assert.equal(head('---\nx:   y\n---\n'), '---\nx:   y\n---\n' + tail);
  assert.equal(head('---\nperiod: [2017, 4]\n---\n'), '---\nperiod: [2017, 4]\n---\n' + tail);
  // Invalid YAML (a repeated key): as written.
  assert.equal(head('---\nperiod: 2017-04\nperiod: 2017-04\n---\n'), '---\nperiod: 2017-04\nperiod: 2017-04\n---\n' + tail);
  // An empty front matter ends at its own closing line, not at a later `---` (a thematic break).
  assert.equal(head('---\n---\n', REFERENCE.replace('\n# Risk Management', '\n---\n\n# Risk Management')), '---\n---\n' + tail);
});
