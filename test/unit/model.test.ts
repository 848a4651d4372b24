/**
 * The report model (server/src/model/build.ts) on the reference report,
 * samples/dm-monthly-report-2017-04.md. Expected values come from reading the
 * report; line numbers in comments are 1-based (as an editor shows them),
 * ranges are 0-based LSP ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import type { ReportModel, Section } from '../../server/src/model/types.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const LINES = REFERENCE.split('\n');

const engine = new ReportEngine();
const model: ReportModel = engine.analyze('file:///reference.md', REFERENCE, 1).model;

/** 0-based range of a whole line (1-based `line`), checked against the text. */
function lineRange(line: number, text: string) {
  assert.equal(LINES[line - 1], text, `line ${line}`);
  return { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: text.length } };
}

const detailed = () => model.sections.find((s) => s.templateId === 'detailed-progress')!;
function team(title: string): Section {
  const all = detailed().children.flatMap((c) => (c.kind === 'group' ? [c, ...c.children] : [c]));
  const found = all.find((s) => s.kind === 'team' && s.title === title);
  assert.ok(found, `team ${title}`);
  return found;
}
const sub = (t: Section, id: string) => t.children.find((c) => c.kind === 'subsection' && c.templateId === id)!;
/** A compact view of a subtree: `kind title @line` (1-based), nested. */
type Shape = [string, string, number, Shape[]] | [string, string, number];
function shape(s: Section): Shape {
  const line = s.selectionRange.start.line + 1;
  return s.children.length ? [s.kind, s.title, line, s.children.map(shape)] : [s.kind, s.title, line];
}
function allSections(sections: Section[]): Section[] {
  return sections.flatMap((s) => [s, ...allSections(s.children)]);
}

test('title and period', () => {
  assert.deepEqual(model.title, { text: 'Data Management Monthly Report', range: lineRange(3, '# Data Management Monthly Report') });
  assert.deepEqual(model.period, { year: 2017, month: 4, range: lineRange(5, '## April 2017') });
  assert.equal(model.version, 1);
  // 867 lines; the last one has no line break after it.
  assert.equal(LINES.length, 867);
  assert.equal(REFERENCE.endsWith('duties.'), true);
  assert.equal(model.lineCount, 867);
});

test('what the rules read from the model: where the period is written, `#` runs, label words, blank sections', () => {
  assert.deepEqual(model.periodText, { range: { start: { line: 4, character: 3 }, end: { line: 4, character: 13 } }, form: 'words' });
  const pmo = detailed().children.find((c) => c.kind === 'group')!;
  const pm = pmo.children.find((c) => c.kind === 'team')!;
  const current = sub(pm, 'current-accomplishments');
  // `##### Current accomplishments:` (line 32): the `#####` and the label's words.
  assert.deepEqual(current.atxMarker, { start: { line: 31, character: 0 }, end: { line: 31, character: 5 } });
  assert.deepEqual(current.labelRange, { start: { line: 31, character: 6 }, end: { line: 31, character: 29 } });
  assert.equal(current.blank, false);
  // `Planned activities:` (line 92), a label paragraph: no `#` run.
  const planned = allSections(model.sections).find((s) => s.kind === 'subsection' && s.selectionRange.start.line === 91)!;
  assert.deepEqual([planned.atxMarker, planned.labelRange], [undefined, { start: { line: 91, character: 0 }, end: { line: 91, character: 18 } }]);
  // Blank: nothing after the label line up to the next heading. `Recruitment update: N/A` has its content on the label's
  // line (`inlineContent`), and 02C.08.00 introduces the deeper 02C.08.01 heading: empty-section reports neither.
  assert.deepEqual(allSections(model.sections).filter((s) => s.blank).map((s) => [s.title, s.selectionRange.start.line + 1]), [
    ['Recruitment update: N/A', 252],
    ['02C.08.00 International Communications and Base Site Management Engineering and Integration', 806],
  ]);
});

test('the three report sections, by label, with their template ids and heading ranges', () => {
  assert.deepEqual(
    model.sections.map((s) => [s.kind, s.title, s.templateId, s.selectionRange]),
    [
      ['report', 'High-level Summary/Status', 'high-level-summary', lineRange(7, '### High-level Summary/Status')],
      ['report', 'Risk Management', 'risk-management', lineRange(22, '# Risk Management')],
      ['report', 'Detailed Project Progress and Status', 'detailed-progress', lineRange(26, '## Detailed Project Progress and Status')],
    ],
  );
  // Each report section runs to the end of its last content: the summary to its last bullet (line 20),
  // Risk Management to its paragraph (line 24), the detailed section to the end of the last AURA bullet (line 867).
  assert.deepEqual(model.sections[0].range.end, { line: 19, character: LINES[19].length });
  assert.deepEqual(model.sections[1].range.end, { line: 23, character: LINES[23].length });
  assert.deepEqual(model.sections[2].range.end, { line: 866, character: LINES[866].length });
});

test('the teams of the report, in order, and the LSST Program Office group', () => {
  const top = detailed().children;
  assert.deepEqual(
    top.map((s) => [s.kind, s.title]),
    [
      ['group', 'LSST Program Office'],
      ['team', 'DM Science Quality and Reliability Engineering (SQuaRE)'],
      ['team', 'University of Washington'],
      ['team', 'Princeton University and University of California, Davis'],
      ['team', 'IPAC / California Institute of Technology'],
      ['team', 'SLAC / Stanford University'],
      ['team', 'NCSA / University of Illinois'],
      ['team', 'AURA'],
    ],
  );
  assert.deepEqual(
    top[0].children.map((s) => [s.kind, s.title, s.selectionRange.start.line + 1]),
    [
      ['team', 'DM Project Management and Control', 30],
      ['team', 'DM Subsystem Science', 44],
      ['team', 'DM System Engineering', 65],
    ],
  );
  assert.deepEqual(top[0].selectionRange, lineRange(28, '### LSST Program Office'));
  assert.deepEqual(top.slice(1).map((s) => s.selectionRange.start.line + 1), [113, 162, 254, 376, 456, 549, 800]);
  // Bold team headings lose their markup in the title but keep it in the style.
  assert.deepEqual(team('DM System Engineering').style, { form: 'heading', depth: 4, bold: true, colon: false });
  assert.deepEqual(team('AURA').style, { form: 'heading', depth: 2, bold: true, colon: false });
});

test("each team's subsections by template id, in order, with the line of their label", () => {
  const expected: Record<string, [string, number][]> = {
    'DM Project Management and Control': [['current-accomplishments', 32], ['planned-activities', 38]],
    'DM Subsystem Science': [['current-accomplishments', 46], ['planned-activities', 58]],
    'DM System Engineering': [['current-accomplishments', 67], ['planned-activities', 92]],
    'DM Science Quality and Reliability Engineering (SQuaRE)': [['current-accomplishments', 115], ['planned-activities', 151], ['recruitment-update', 158]],
    'University of Washington': [['current-accomplishments', 164], ['planned-activities', 212], ['recruitment-update', 252]],
    'Princeton University and University of California, Davis': [['current-accomplishments', 256], ['planned-activities', 336], ['recruitment-update', 372]],
    'IPAC / California Institute of Technology': [['current-accomplishments', 378], ['planned-activities', 415], ['recruitment-update', 450]],
    'SLAC / Stanford University': [['current-accomplishments', 458], ['planned-activities', 506], ['recruitment-update', 545]],
    'NCSA / University of Illinois': [['current-accomplishments', 551], ['planned-activities', 688], ['recruitment-update', 796]],
    AURA: [['current-accomplishments', 804], ['planned-activities', 840], ['recruitment-update', 863]],
  };
  for (const [title, subs] of Object.entries(expected)) {
    const t = team(title);
    assert.deepEqual(
      t.children.map((c) => [c.templateId, c.selectionRange.start.line + 1]),
      subs,
      title,
    );
    assert.deepEqual(t.children.map((c) => c.kind), subs.map(() => 'subsection'), title);
  }
});

test('subsection labels in their different forms: heading, paragraph, aside, same depth as the team', () => {
  // `Current accomplishments:` as a paragraph (SQuaRE, line 115): the range is the label line.
  const squareCurrent = sub(team('DM Science Quality and Reliability Engineering (SQuaRE)'), 'current-accomplishments');
  assert.equal(squareCurrent.title, 'Current accomplishments:');
  assert.deepEqual(squareCurrent.selectionRange, lineRange(115, 'Current accomplishments:'));
  assert.deepEqual(squareCurrent.style, { form: 'paragraph', bold: false, colon: true });
  // `#### Planned activities: (for May 2017)` (IPAC, line 415): the aside is kept as inline content.
  const ipacPlanned = sub(team('IPAC / California Institute of Technology'), 'planned-activities');
  assert.equal(ipacPlanned.title, 'Planned activities: (for May 2017)');
  assert.equal(ipacPlanned.inlineContent, '(for May 2017)');
  assert.deepEqual(ipacPlanned.style, { form: 'heading', depth: 4, bold: false, colon: true });
  // AURA's `## Current accomplishments:` sits at the depth of the team heading `## **AURA**`.
  const auraCurrent = sub(team('AURA'), 'current-accomplishments');
  assert.deepEqual(auraCurrent.selectionRange, lineRange(804, '## Current accomplishments:'));
  assert.deepEqual(auraCurrent.style, { form: 'heading', depth: 2, bold: false, colon: true });
  // DM System Engineering: a heading label (line 67) and a paragraph label (line 92) in one team.
  const se = team('DM System Engineering');
  assert.deepEqual(sub(se, 'current-accomplishments').selectionRange, lineRange(67, '#### Current accomplishments:'));
  assert.deepEqual(sub(se, 'planned-activities').selectionRange, lineRange(92, 'Planned activities:'));
});

test('"Recruitment update: N/A" (University of Washington) is a subsection with inline content "N/A"', () => {
  const uw = team('University of Washington');
  const recruitment = sub(uw, 'recruitment-update');
  assert.equal(recruitment.title, 'Recruitment update: N/A');
  assert.equal(recruitment.inlineContent, 'N/A');
  assert.deepEqual(recruitment.selectionRange, lineRange(252, 'Recruitment update: N/A'));
  assert.deepEqual(recruitment.children, []);
  // Other recruitment labels have nothing after the colon.
  assert.equal(sub(team('AURA'), 'recruitment-update').inlineContent, undefined);
});

test("University of Washington: WBS elements as label paragraphs and headings; the stray \"Hiring\" paragraph is not a subsection", () => {
  const uw = team('University of Washington');
  const names = [
    '02C.03.00 - Alert Production Management Engineering and Integration',
    '02C.03.01 - Single Frame Processing Pipelines',
    '02C.03.02 - Association Pipelines',
    '02C.03.03 - Alert Generation Pipelines',
    '02C.03.04 - Image Differencing Pipeline',
    '02C.03.05 - Application Framework for Exposures',
    '02C.03.06 - Moving Object Pipelines',
    '02C.03.07 - Photometric Calibration Pipeline',
    '02C.03.08 - Astrometric Calibration Pipeline',
  ];
  assert.deepEqual(sub(uw, 'current-accomplishments').children.map(shape), [
    ['wbs', names[0], 166], ['wbs', names[1], 175], ['wbs', names[2], 179], ['wbs', names[3], 183],
    ['wbs', names[4], 187], ['wbs', names[5], 192], ['wbs', names[6], 199], ['wbs', names[7], 203], ['wbs', names[8], 207],
  ]);
  assert.deepEqual(sub(uw, 'planned-activities').children.map(shape), [
    ['wbs', names[0], 214], ['wbs', names[1], 219], ['wbs', names[2], 223], ['wbs', names[3], 227],
    ['wbs', names[4], 231], ['wbs', names[5], 236], ['wbs', names[6], 240], ['wbs', names[7], 244], ['wbs', names[8], 248],
  ]);
  // Line 171 `Hiring` is a plain paragraph inside 02C.03.00: no section of any kind is made of it.
  assert.equal(LINES[170], 'Hiring');
  assert.deepEqual(allSections([uw]).filter((s) => s.title === 'Hiring' || s.selectionRange.start.line === 170), []);
  assert.deepEqual(uw.children.map((c) => c.templateId), ['current-accomplishments', 'planned-activities', 'recruitment-update']);
  // The paragraph-form WBS element 02C.03.00 (line 166) spans its label line, and its section runs to line 173.
  const first = sub(uw, 'current-accomplishments').children[0];
  assert.deepEqual(first.selectionRange, lineRange(166, names[0]));
  assert.deepEqual(first.range.end, { line: 172, character: '- No activity.'.length });
  assert.deepEqual(first.wbs, {
    code: '02C.03.00',
    name: 'Alert Production Management Engineering and Integration',
    codeRange: { start: { line: 165, character: 0 }, end: { line: 165, character: 9 } },
    nameRange: { start: { line: 165, character: 12 }, end: { line: 165, character: 67 } },
    element: true,
  });
});

test('AURA: WBS elements nest by code, not by heading depth, in Current and Planned', () => {
  const aura = team('AURA');
  assert.deepEqual(sub(aura, 'current-accomplishments').children.map(shape), [
    ['wbs', '02C.08.00 International Communications and Base Site Management Engineering and Integration', 806],
    ['wbs', '02C.08.01 Base Center', 808],
    ['wbs', '02C.08.02 Chilean Data Access Center', 816],
    ['wbs', '02C.08.03 Long-Haul Networks', 820, [
      ['wbs', '02C.08.03.01 Chile National WAN', 822],
      ['wbs', '02C.08.03.02 International Chile - US WAN', 829],
    ]],
  ]);
  assert.deepEqual(sub(aura, 'planned-activities').children.map(shape), [
    ['wbs', '02C.08.01 Base Center', 842],
    ['wbs', '02C.08.03 Long-Haul Networks', 847, [
      ['wbs', '02C.08.03.01 Chile National WAN', 849],
      // `### 02C.08.03.02` (line 856) is shallower than its parent `##### 02C.08.03` and still nests under it.
      ['wbs', '02C.08.03.02 International Chile - US WAN', 856],
    ]],
  ]);
  assert.equal(LINES[855], '### 02C.08.03.02 International Chile - US WAN');
  assert.equal(LINES[846], '##### 02C.08.03 Long-Haul Networks');
  // The parent's range covers its children: 02C.08.03 in Current runs to the end of line 838.
  const longHaul = sub(aura, 'current-accomplishments').children[3];
  assert.deepEqual(longHaul.range, { start: { line: 819, character: 0 }, end: { line: 837, character: LINES[837].length } });
});

test('NCSA: `## 02C.07.04 Site Infrastructure` (line 770) is a WBS element inside Planned activities, and bold headings are topics', () => {
  const ncsa = team('NCSA / University of Illinois');
  const element = (code: string, name: string, line: number, topics: [string, number][]): Shape => [
    'wbs', `${code} ${name}`, line, topics.map(([t, l]) => ['topic', t, l] as Shape),
  ];
  assert.deepEqual(sub(ncsa, 'current-accomplishments').children.map(shape), [
    element('02C.07.00', 'Processing Control and Site Infrastructure Management, Engineering and Integration', 553, [
      ['Planning and Management', 555], ['Service Management and Monitoring', 568], ['Hardware acquisition and provisioning planning', 582],
    ]),
    element('02C.07.01', 'Processing Control', 594, [['Batch Production Services', 596], ['Level 1 Services', 614], ['Common Middleware and Other Tasks', 628]]),
    element('02C.07.02', 'Infrastructure Services', 636, [['Data Backbone', 638]]),
    element('02C.07.03', 'Environment and Tools', 648, [['QA Environment', 650]]),
    element('02C.07.04', 'Site Infrastructure', 658, [
      ['Hardware Acquisition, Deployment and Provisioning', 660],
      ['Service Management for LSST development resources, Emergent and Miscellaneous Work', 678],
    ]),
  ]);
  assert.deepEqual(sub(ncsa, 'planned-activities').children.map(shape), [
    element('02C.07.00', 'Processing Control and Site Infrastructure Management, Engineering and Integration', 690, [
      ['Planning and Management', 692], ['Service Management and Monitoring', 706], ['Hardware acquisition and provisioning planning', 716],
    ]),
    element('02C.07.01', 'Processing Control', 720, [['Batch Production Services', 722], ['Level 1 Services', 732], ['Common Middleware and Other Tasks', 748]]),
    element('02C.07.02', 'Infrastructure Services', 754, [['Data Backbone', 756]]),
    element('02C.07.03', 'Environment and Tools', 762, [['QA Environment', 764]]),
    element('02C.07.04', 'Site Infrastructure', 770, [
      ['Hardware Acquisition, Deployment and Provisioning', 772],
      ['Service Management for LSST development resources, Emergent and Miscellaneous Work', 786],
    ]),
  ]);
  const siteInfra = sub(ncsa, 'planned-activities').children[4];
  assert.deepEqual(siteInfra.selectionRange, lineRange(770, '## 02C.07.04 Site Infrastructure'));
  assert.deepEqual(siteInfra.style, { form: 'heading', depth: 2, bold: false, colon: false });
  assert.deepEqual(siteInfra.wbs!.codeRange, { start: { line: 769, character: 3 }, end: { line: 769, character: 12 } });
  assert.deepEqual(siteInfra.wbs!.nameRange, { start: { line: 769, character: 13 }, end: { line: 769, character: 32 } });
  // The bold WBS heading `### **02C.07.01 Processing Control**` (line 594): code and name without the markup.
  const processing = sub(ncsa, 'current-accomplishments').children[1];
  assert.equal(LINES[593], '### **02C.07.01 Processing Control**');
  assert.equal(processing.wbs!.name, 'Processing Control');
  assert.deepEqual(processing.wbs!.codeRange, { start: { line: 593, character: 6 }, end: { line: 593, character: 15 } });
  assert.deepEqual(processing.wbs!.nameRange, { start: { line: 593, character: 16 }, end: { line: 593, character: 34 } });
  // NCSA's Recruitment update (line 796) comes after the depth-2 WBS heading and still belongs to NCSA.
  assert.deepEqual(sub(ncsa, 'recruitment-update').selectionRange, lineRange(796, '### Recruitment update:'));
});

test('IPAC: `#### 02C.05.00` has an empty name and no name range', () => {
  const ipac = team('IPAC / California Institute of Technology');
  for (const [id, line] of [['current-accomplishments', 380], ['planned-activities', 417]] as const) {
    const element = sub(ipac, id).children[0];
    assert.equal(element.title, '02C.05.00');
    assert.deepEqual(element.selectionRange, lineRange(line, '#### 02C.05.00'));
    assert.deepEqual(element.wbs, {
      code: '02C.05.00',
      name: '',
      codeRange: { start: { line: line - 1, character: 5 }, end: { line: line - 1, character: 14 } },
      element: true,
    });
  }
  assert.deepEqual(
    sub(ipac, 'current-accomplishments').children.map((c) => c.wbs!.code),
    ['02C.05.00', '02C.05.01', '02C.05.02', '02C.05.03', '02C.05.05'],
  );
});

test('SLAC: four-level codes sit side by side when their three-level parents are not written', () => {
  const slac = team('SLAC / Stanford University');
  assert.deepEqual(
    sub(slac, 'current-accomplishments').children.map((c) => [c.kind, c.wbs!.code, c.children.length]),
    [
      ['wbs', '02C.06.00', 0], ['wbs', '02C.06.01.01', 0], ['wbs', '02C.06.01.02', 0], ['wbs', '02C.06.02.01', 0],
      ['wbs', '02C.06.02.02', 0], ['wbs', '02C.06.02.03', 0], ['wbs', '02C.06.02.04', 0], ['wbs', '02C.06.02.05', 0],
    ],
  );
});

test('Princeton: fourteen WBS elements, seven in each subsection; no team, topic or subsection from its bullets', () => {
  const princeton = team('Princeton University and University of California, Davis');
  const codes = ['02C.04.00', '02C.04.01', '02C.04.02', '02C.04.03', '02C.04.04', '02C.04.05', '02C.04.06'];
  assert.deepEqual(sub(princeton, 'current-accomplishments').children.map((c) => [c.kind, c.wbs!.code]), codes.map((c) => ['wbs', c]));
  assert.deepEqual(sub(princeton, 'planned-activities').children.map((c) => [c.kind, c.wbs!.code]), codes.map((c) => ['wbs', c]));
  assert.deepEqual(sub(princeton, 'recruitment-update').children, []);
});

test('WBS mentions: 78 elements (headings and label paragraphs) and one in prose (02C.08, line 802)', () => {
  const elements = model.wbs.filter((w) => w.element);
  // UW 9+9, Princeton 7+7, IPAC 5+5, SLAC 8+8, NCSA 5+5, AURA 6+4.
  assert.equal(elements.length, 78);
  assert.equal(elements.filter((w) => w.inBullet).length, 0);
  assert.deepEqual(model.wbs.filter((w) => !w.element), [
    {
      code: '02C.08',
      name: '',
      codeRange: { start: { line: 801, character: 66 }, end: { line: 801, character: 72 } },
      element: false,
    },
  ]);
  assert.equal(LINES[801].slice(62, 73), 'WBS 02C.08 ');
});

test('tickets: 142 well-formed references, with exact ranges', () => {
  // Every `DM-<digits>` of the report (none is inside code); counted with grep: 142, of 123 distinct keys.
  assert.equal(model.tickets.length, 142);
  assert.equal(new Set(model.tickets.map((t) => t.id)).size, 123);
  // Line 56: `… image cutouts misalignment (DM-10441).`
  assert.deepEqual(model.tickets.find((t) => t.id === 'DM-10441'), {
    id: 'DM-10441',
    range: { start: { line: 55, character: 464 }, end: { line: 55, character: 472 } },
    definition: false,
  });
  assert.equal(LINES[55].slice(463, 473), '(DM-10441)');
  // Line 317: `[[DM-9997](#)]`.
  assert.deepEqual(model.tickets.find((t) => t.id === 'DM-9997')!.range, { start: { line: 316, character: 352 }, end: { line: 316, character: 359 } });
  assert.equal(LINES[316].slice(350, 363), '[[DM-9997](#)');
  // The first and the last reference of the report.
  assert.deepEqual(model.tickets[0], {
    id: 'DM-10441',
    range: { start: { line: 55, character: 464 }, end: { line: 55, character: 472 } },
    definition: false,
  });
  assert.equal(model.tickets[model.tickets.length - 1].id, 'DM-9667');
  assert.equal(model.tickets[model.tickets.length - 1].range.start.line, 793);
  // `DM-SST team` (line 62) is not a ticket.
  assert.equal(model.tickets.some((t) => t.range.start.line === 61), false);
  // The bracketed SLAC list `[DM-9228, DM-9027]` (line 475) gives two tickets.
  assert.deepEqual(model.tickets.filter((t) => t.range.start.line === 474).map((t) => t.id), ['DM-9228', 'DM-9027']);
});

test('ticket definitions: the 47 `DM-NNNN Title` lines of NCSA, 19 of them repeated in Planned', () => {
  const defs = model.ticketDefinitions;
  assert.equal(defs.length, 47);
  assert.deepEqual(defs.map((d) => d.range.start.line + 1), [
    566, 574, 576, 578, 580, 590, 592, 608, 610, 612, 622, 624, 626, 634, 644, 646, 656, 666, 668, 670, 672, 674, 676, 684,
    686, 702, 704, 712, 714, 726, 728, 730, 740, 742, 744, 746, 752, 760, 768, 776, 778, 780, 782, 784, 790, 792, 794,
  ]);
  assert.equal(new Set(defs.map((d) => d.id)).size, 28);
  assert.deepEqual(defs[0], {
    id: 'DM-9656',
    title: 'Replanning, Commissioning, Operations Planning (S17b)',
    range: lineRange(566, 'DM-9656 Replanning, Commissioning, Operations Planning (S17b)'),
  });
  // Titles as written, `&` included; a final period is not part of the title (line 768), the range keeps it.
  assert.deepEqual(defs.find((d) => d.id === 'DM-9657'), {
    id: 'DM-9657',
    title: 'Service Management Definition & Refinement (S17b)',
    range: lineRange(576, 'DM-9657 Service Management Definition & Refinement (S17b)'),
  });
  assert.deepEqual(defs.filter((d) => d.id === 'DM-8330').map((d) => [d.title, d.range]), [
    ['Instantiate VM with Jupyter Hub and GPFS access', lineRange(656, 'DM-8330 Instantiate VM with Jupyter Hub and GPFS access')],
    ['Instantiate VM with Jupyter Hub and GPFS access', lineRange(768, 'DM-8330 Instantiate VM with Jupyter Hub and GPFS access.')],
  ]);
  // The same ticket with two different titles (line 610 `and`, line 728 `&`).
  assert.deepEqual(defs.filter((d) => d.id === 'DM-9662').map((d) => d.title), [
    'Workflow creation improvements and expansion',
    'Workflow creation improvements & expansion',
  ]);
  // A definition's ticket mention is marked as such; other mentions are not.
  assert.equal(model.tickets.filter((t) => t.definition).length, 47);
  assert.equal(model.tickets.find((t) => t.range.start.line === 565)!.definition, true);
});

test('the ticket catalog takes titles from the first definition', () => {
  const info = engine.tickets.get('DM-9662');
  // Recency: the report period, April 2017, as year * 12 + month - 1.
  assert.deepEqual(info, {
    id: 'DM-9662',
    title: 'Workflow creation improvements and expansion',
    definedIn: 'file:///reference.md',
    sources: { title: 'reports' },
    recency: 2017 * 12 + 3,
  });
  // Cited but never defined: known, without a title.
  assert.deepEqual(engine.tickets.get('DM-10441'), { id: 'DM-10441', sources: {}, recency: info!.recency });
  assert.equal(engine.tickets.get('DM-1'), undefined);
  assert.equal(engine.tickets.all().filter((t) => t.title).length, 28);
  // The 123 distinct well-formed IDs, and DM-10221 (written DM10221).
  assert.equal(engine.tickets.all().length, 124);
});

test('the one malformed ticket: DM10221 on line 297', () => {
  assert.deepEqual(model.malformedTickets, [
    {
      text: 'DM10221',
      corrected: 'DM-10221',
      range: { start: { line: 296, character: 277 }, end: { line: 296, character: 284 } },
    },
  ]);
  assert.equal(LINES[296].slice(276, 288), '[DM10221](#)');
});

test('document mentions, in order, with their series', () => {
  assert.deepEqual(
    model.documents.map((d) => [d.handle, d.series, d.knownSeries, d.range.start.line + 1]),
    [
      ['LDM-294', 'LDM', true, 36],
      ['LDM-523', 'LDM', true, 48],
      ['LDM-294', 'LDM', true, 74],
      ['LDM-148', 'LDM', true, 74],
      ['LSE-72', 'LSE', true, 90],
      ['LSE-61', 'LSE', true, 97],
      ['LSE-63', 'LSE', true, 99],
      ['SQR-018', 'SQR', true, 125],
      ['SOR-019', 'SOR', false, 148],
      ['DMTN-044', 'DMTN', true, 268],
      ['LDM-151', 'LDM', true, 270],
      ['LDM-513', 'LDM', true, 272],
      ['LDM-151', 'LDM', true, 341],
      ['LSE-299', 'LSE', true, 812],
      ['LSE-239', 'LSE', true, 812],
      ['LSE-299', 'LSE', true, 844],
      ['LDM-142', 'LDM', true, 859],
    ],
  );
  assert.deepEqual(model.documents[8].range, { start: { line: 147, character: 148 }, end: { line: 147, character: 155 } });
  assert.equal(LINES[147].slice(148, 155), 'SOR-019');
});

test('links: 76 in all, 66 placeholders `(#)`, including `[on Confluence](#)` and `[Developer Guide](#)`', () => {
  assert.equal(model.links.length, 76);
  const placeholders = model.links.filter((l) => l.placeholder);
  assert.equal(placeholders.length, 66);
  assert.equal(placeholders.every((l) => l.url === '#'), true);
  // The placeholders whose text is not a well-formed ticket, in order.
  assert.deepEqual(
    placeholders.filter((l) => !/^DM-\d+$/.test(l.text)).map((l) => l.text),
    ['LDM-523', 'Collection-5517', 'Document-25798', 'SQR-018', 'SOR-019', 'DMTN-044', 'LDM-151', 'LDM-513', 'on Confluence', 'DM10221', 'Developer Guide', 'LDM-151'],
  );
  assert.deepEqual(placeholders.find((l) => l.text === 'on Confluence'), {
    url: '#',
    text: 'on Confluence',
    range: { start: { line: 280, character: 241 }, end: { line: 280, character: 259 } },
    urlRange: { start: { line: 280, character: 257 }, end: { line: 280, character: 258 } },
    closeRange: { start: { line: 280, character: 255 }, end: { line: 280, character: 259 } },
    placeholder: true,
  });
  assert.equal(LINES[280].slice(255, 259), '](#)');
  assert.equal(LINES[280].slice(241, 259), '[on Confluence](#)');
  assert.deepEqual(placeholders.find((l) => l.text === 'Developer Guide')!.range, {
    start: { line: 332, character: 23 },
    end: { line: 332, character: 43 },
  });
  assert.equal(LINES[332].slice(23, 43), '[Developer Guide](#)');
  // The one non-placeholder inline link (line 118) and the nine autolinks `<https://…>`.
  const real = model.links.filter((l) => !l.placeholder);
  assert.deepEqual(real.map((l) => [l.url, l.range.start.line + 1, l.urlRange === undefined]), [
    ['https://lsst-texmf.lsst.io', 81, true],
    ['http://jupyterlabdemo.lsst.codes', 118, false],
    ['http://ls.st/bgt', 136, true],
    ['https://afw.lsst.io', 287, true],
    ['https://pipelines.lsst.io', 287, true],
    ['https://confluence.lsstcorp.org/display/DM/Guide+to+PDAC+version+1', 391, true],
    ['https://confluence.lsstcorp.org/display/DM/Plotly+evaluation', 400, true],
    ['https://confluence.lsstcorp.org/display/DM/SUIT+presentations', 421, true],
    ['https://confluence.lsstcorp.org/pages/viewpage.action?pageId=54854103', 463, true],
    ['https://confluence.lsstcorp.org/display/SYSENG/LSST+Summit+-+Base+ITC+Design', 811, true],
  ]);
});

test('the model is the same with CRLF line endings', () => {
  const crlf = new ReportEngine().analyze('file:///crlf.md', REFERENCE.replace(/\n/g, '\r\n'), 1).model;
  assert.deepEqual(JSON.parse(JSON.stringify(crlf)), JSON.parse(JSON.stringify(model)));
});

test('re-analysis after an edit (re-using unchanged blocks) gives the same model as a fresh analysis', () => {
  const incremental = new ReportEngine();
  incremental.analyze('file:///r.md', REFERENCE, 1);
  // Insert a line early in the report so that every later block moves down by one line.
  const at = REFERENCE.indexOf('Officially commenced work');
  const edited = REFERENCE.slice(0, at) + 'New line with DM-1 and 02C.01.\n' + REFERENCE.slice(at);
  const second = incremental.analyze('file:///r.md', edited, 2);
  assert.equal(second.parsed.parsedBlocks, 1);
  const fresh = new ReportEngine().analyze('file:///r.md', edited, 2);
  assert.deepEqual(JSON.parse(JSON.stringify(second.model)), JSON.parse(JSON.stringify(fresh.model)));
  // And the moved team heading is one line further down.
  const uw = second.model.sections[2].children.find((s) => s.title === 'University of Washington')!;
  assert.equal(uw.selectionRange.start.line, 162);
});

test('the analysis is cached per version', () => {
  const e = new ReportEngine();
  const a = e.analyze('file:///c.md', REFERENCE, 3);
  assert.equal(e.analyze('file:///c.md', REFERENCE, 3), a);
  assert.notEqual(e.analyze('file:///c.md', REFERENCE, 4), a);
  assert.equal(a.findings(), a.findings());
});
