/**
 * WBS by era and by team: the report period selects the WBS names to expect
 * (`wbs-name-mismatch` for a name known only from the other era), the
 * workspace's `wbs.extra` adds and renames elements (completion and hover
 * follow), and `wbs-misplaced` reports an element in the section of a team
 * that does not lead it. Excerpts and variants are made from the reference
 * report's text here; ranges are 0-based LSP ranges, computed from the text
 * and checked against hand-read values where written out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type MarkupContent } from 'vscode-languageserver-types';
import { WbsCatalog, expectedEras } from '../../server/src/catalog/wbs.ts';
import { TeamDirectory } from '../../server/src/catalog/teams.ts';
import { parseConfig } from '../../server/src/catalog/config.ts';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { DEFAULT_TEMPLATE } from '../../server/src/catalog/templates.ts';
import { getHover } from '../../server/src/features/hover.ts';
import { getCompletions } from '../../server/src/features/completion.ts';
import type { Finding } from '../../server/src/rules/registry.ts';
import { sectionsAt } from '../../server/src/model/lookup.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const LINES = REFERENCE.split('\n');
const wbs = WbsCatalog.bundled();
const engine = new ReportEngine();
let n = 0;
const analyze = (text: string, e = engine): Analysis => e.analyze(`file:///ws/era-${n++}.md`, text, 1);
const only = (a: Analysis, code: string): Finding[] => a.findings().filter((f) => f.diagnostic.code === code);

/** Lines 1–26 (title, period, summary, risks, the teams' host heading) and University of Washington (lines 162–253). */
const UW_EXCERPT = [...LINES.slice(0, 26), ...LINES.slice(161, 253)].join('\n') + '\n';

function withPeriod(text: string, period: string): string {
  assert.ok(text.includes('## April 2017\n'));
  return text.replace('## April 2017\n', `## ${period}\n`);
}

function engineWith(yaml: string): ReportEngine {
  const config = parseConfig(yaml, '/ws/.dmreport.yaml');
  assert.deepEqual(config.problems, []);
  return new ReportEngine({}, {}, config);
}

/** Replaces the only occurrence of `from`. */
function replaceOnce(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `"${from}" must occur once`);
  return text.replace(from, to);
}

// ---- the catalog ----------------------------------------------------------------

test('expected eras: 2017 and pre-FY18 before October 2017; FY18+ (and LDM-294\'s renumbered 2017 names) from October 2017', () => {
  assert.deepEqual(expectedEras({ year: 2017, month: 9 }), ['2017', 'pre-FY18']);
  assert.deepEqual(expectedEras({ year: 2016, month: 12 }), ['2017', 'pre-FY18']);
  assert.deepEqual(expectedEras({ year: 2017, month: 10 }), ['FY18+', 'removed']);
  assert.deepEqual(expectedEras({ year: 2019, month: 1 }), ['FY18+', 'removed']);
});

test('checkName: the longest known name decides; a note may follow; without a period every era fits', () => {
  const nov = { year: 2017, month: 11 };
  const apr = { year: 2017, month: 4 };
  const sfp2017 = wbs.get('02C.03.01')!.names.find((x) => x.era === '2017')!;
  const sfpFy18 = wbs.get('02C.03.01')!.names.find((x) => x.era === 'FY18+')!;
  assert.deepEqual(wbs.checkName('02C.03.01', 'Single Frame Processing Pipelines', nov), { kind: 'other-era', written: sfp2017, length: 33, expected: sfpFy18 });
  assert.deepEqual(wbs.checkName('02C.03.01', 'Single-Frame Processing Pipelines - with notes', nov), { kind: 'other-era', written: sfp2017, length: 33, expected: sfpFy18 });
  assert.deepEqual(wbs.checkName('02C.03.01', 'Single Frame Processing Pipelines', apr), { kind: 'expected', name: sfp2017 });
  assert.deepEqual(wbs.checkName('02C.03.01', 'Single Frame Processing Pipelines'), { kind: 'expected', name: sfp2017 });
  assert.deepEqual(wbs.checkName('02C.03.01', 'Single Frame Processing - continued', nov), { kind: 'expected', name: sfpFy18 });
  assert.deepEqual(wbs.checkName('02C.03.01', 'Single Frame Processing', apr), { kind: 'other-era', written: sfpFy18, length: 23, expected: sfp2017 });
  assert.deepEqual(wbs.checkName('02C.03.01', 'Single Frame Stuff', nov), { kind: 'unknown' });
  assert.deepEqual(wbs.checkName('02C.99', 'Anything', nov), { kind: 'unknown' });
  // 02C.05.06 has only an FY18+ name: an April 2017 report has nothing else to propose, so it fits.
  assert.equal(wbs.checkName('02C.05.06', 'Client-server Query & Visualization Framework', apr).kind, 'expected');
  // LDM-294's 2017 names of 02C.07.0x, renumbered later, fit FY18 reports; in April 2017 the report's names are expected.
  assert.equal(wbs.checkName('02C.07.01', 'LDF-offered Services', nov).kind, 'expected');
  assert.deepEqual(wbs.checkName('02C.07.01', 'LDF-offered Services', apr), {
    kind: 'other-era',
    written: wbs.get('02C.07.01')!.names[0],
    length: 20,
    expected: wbs.get('02C.07.01')!.names.find((x) => x.name === 'Processing Control')!,
  });
});

// ---- wbs-name-mismatch by period ----------------------------------------------------

/** UW's elements with their 2017/pre-FY18 names and LDM-294's FY18+ names. */
const UW_NAMES: [string, string, string, string][] = [
  ['02C.03.00', 'Alert Production Management Engineering and Integration', '2017', 'Management, Leadership & Other Costs'],
  ['02C.03.01', 'Single Frame Processing Pipelines', '2017', 'Single Frame Processing'],
  ['02C.03.02', 'Association Pipelines', '2017', 'Catalog Association for Alert Production'],
  ['02C.03.03', 'Alert Generation Pipelines', '2017', 'Alert Distribution System'],
  ['02C.03.04', 'Image Differencing Pipeline', 'pre-FY18', 'Alert Generation Pipeline'],
  ['02C.03.05', 'Application Framework for Exposures', '2017', 'Tools for Science Pipelines'],
  ['02C.03.06', 'Moving Object Pipelines', '2017', 'Moving Object Processing System (MOPS)'],
  ['02C.03.07', 'Photometric Calibration Pipeline', 'pre-FY18', 'Transform fitting on stacks of images'],
  ['02C.03.08', 'Astrometric Calibration Pipeline', 'pre-FY18', 'Integration'],
];

test('November 2017 with the April names: one hint per element (Current and Planned), data.expected, one fix, never safe', () => {
  const text = withPeriod(UW_EXCERPT, 'November 2017');
  const a = analyze(text);
  const lines = text.split('\n');
  const expected = [0, 1].flatMap((nth) =>
    UW_NAMES.map(([code, name, era, fy18]) => {
      const lineNo = lines.findIndex((l, i) => l.includes(`${code} - ${name}`) && (nth === 0 || i > lines.indexOf('#### Planned activities:')));
      const character = lines[lineNo].indexOf(name);
      const range = { start: { line: lineNo, character }, end: { line: lineNo, character: character + name.length } };
      return {
        diagnostic: {
          range,
          severity: DiagnosticSeverity.Hint,
          code: 'wbs-name-mismatch',
          source: 'dm-report',
          codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#wbs-name-mismatch' },
          message: `"${name}" is the ${era} name of WBS ${code}; a report of November 2017 (LDM-294 FY18+ names) uses "${fy18}".`,
          data: { expected: fy18 },
        },
        fixes: [{ title: `Rename to "${fy18}" (FY18+)`, edits: [{ range, newText: fy18 }], isPreferred: true }],
      };
    }),
  );
  assert.deepEqual(only(a, 'wbs-name-mismatch'), expected);
  // Hand-read: the first is line 31 (`02C.03.00 - …`, a label line), the last line 113 (`#### 02C.03.08 - …`).
  assert.deepEqual(expected[0].diagnostic.range, { start: { line: 30, character: 12 }, end: { line: 30, character: 67 } });
  assert.deepEqual(expected[17].diagnostic.range, { start: { line: 112, character: 17 }, end: { line: 112, character: 49 } });
  assert.ok(only(a, 'wbs-name-mismatch').every((f) => f.fixes.every((fix) => !('safe' in fix))));
  // Each fix removes its hint and adds nothing; all of them leave none.
  const before = a.findings().length;
  let all = text;
  for (const f of [...only(a, 'wbs-name-mismatch')].reverse()) {
    const fixed = TextDocument.applyEdits(a.document, f.fixes[0].edits);
    assert.equal(analyze(fixed).findings().length, before - 1, f.diagnostic.message as string);
    all = TextDocument.applyEdits(TextDocument.create('x', 'markdown', 1, all), f.fixes[0].edits);
  }
  assert.equal(lines[30], '02C.03.00 - Alert Production Management Engineering and Integration');
  assert.equal(all.split('\n')[30], '02C.03.00 - Management, Leadership & Other Costs');
  assert.equal(all.split('\n')[112], '#### 02C.03.08 - Integration');
  assert.deepEqual(only(analyze(all), 'wbs-name-mismatch'), []);
});

test('the era boundary: September 2017 expects the April names, October 2017 the FY18+ ones; no period accepts every era', () => {
  assert.equal(only(analyze(withPeriod(UW_EXCERPT, 'September 2017')), 'wbs-name-mismatch').length, 0);
  assert.equal(only(analyze(withPeriod(UW_EXCERPT, 'October 2017')), 'wbs-name-mismatch').length, 18);
  assert.equal(only(analyze(withPeriod(UW_EXCERPT, 'March 2018')), 'wbs-name-mismatch').length, 18);
  const noPeriod = UW_EXCERPT.replace('## April 2017\n', '');
  const a = analyze(noPeriod);
  assert.equal(a.model.period, undefined);
  assert.equal(only(a, 'wbs-name-mismatch').length, 0);
  // Nor with FY18+ names in it.
  const fy18 = UW_NAMES.reduce((t, [code, name, , to]) => t.split(`${code} - ${name}`).join(`${code} - ${to}`), noPeriod);
  assert.equal(only(analyze(fy18), 'wbs-name-mismatch').length, 0);
});

test('April 2017 (the reference): no hint; an FY18+ name there is a hint towards the 2017 name; a note after it is kept', () => {
  assert.equal(only(analyze(REFERENCE), 'wbs-name-mismatch').length, 0);
  const text = replaceOnce(REFERENCE, '#### 02C.03.01 - Single Frame Processing Pipelines', '#### 02C.03.01 - Single Frame Processing (butler work)');
  const [f] = only(analyze(text), 'wbs-name-mismatch');
  const range = { start: { line: 218, character: 17 }, end: { line: 218, character: 40 } };
  assert.deepEqual(f, {
    diagnostic: {
      range,
      severity: DiagnosticSeverity.Hint,
      code: 'wbs-name-mismatch',
      source: 'dm-report',
      codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#wbs-name-mismatch' },
      message: '"Single Frame Processing" is the FY18+ name of WBS 02C.03.01; a report of April 2017 (2017 and pre-FY18 names) uses "Single Frame Processing Pipelines".',
      data: { expected: 'Single Frame Processing Pipelines' },
    },
    fixes: [{ title: 'Rename to "Single Frame Processing Pipelines" (2017)', edits: [{ range, newText: 'Single Frame Processing Pipelines' }], isPreferred: true }],
  });
  assert.equal(TextDocument.applyEdits(analyze(text).document, f.fixes[0].edits).split('\n')[218], '#### 02C.03.01 - Single Frame Processing Pipelines (butler work)');
});

test('hover and completion give the period\'s name first', () => {
  const text = withPeriod(UW_EXCERPT, 'November 2017');
  const a = analyze(text);
  const at = { line: 39, character: 3 };
  assert.equal(text.split('\n')[39].slice(0, 9), '02C.03.01');
  assert.equal(
    (getHover(engine, a, at)!.contents as MarkupContent).value.split('\n').slice(0, 5).join('\n'),
    '**WBS 02C.03.01** — Single Frame Processing\n\n' +
      '- Single Frame Processing — FY18+, 2017-06-28 (lsst/LDM-294:wbs/1.02C.03.01.tex)\n' +
      '- Single Frame Processing Pipelines — 2017, 2017-04 (as written in the April 2017 DM monthly report)\n' +
      '- Single Frame Processing Pipeline — pre-FY18, 2017-03-27 (lsst/LDM-151:DM_Applications_Design.tex)',
  );
  const typed = text.replace('- No advancements in this area.', '02C.03.0');
  const b = analyze(typed);
  const p = { line: typed.split('\n').indexOf('02C.03.0'), character: 8 };
  const item = getCompletions(engine, b, p).items.find((i) => i.label === '02C.03.01')!;
  assert.equal(item.detail, 'Single Frame Processing');
  assert.deepEqual(item.textEdit, { range: { start: { line: p.line, character: 0 }, end: p }, newText: '02C.03.01 - Single Frame Processing' });
});

// ---- wbs.extra ----------------------------------------------------------------------

const EXTRA = 'wbs:\n  extra:\n    - {code: 02C.03.09, name: Example Element, lead: University of Washington}\n    - {code: 02C.03.01, name: Frame Processing}\n';

test('wbs.extra: a new element is catalogued (no unknown-wbs), hovered and completed; a rename is the preferred name in every era', () => {
  const e = engineWith(EXTRA);
  assert.deepEqual(e.wbs.get('02C.03.09'), {
    code: '02C.03.09',
    parent: '02C.03',
    names: [{ name: 'Example Element', era: 'workspace', source: '/ws/.dmreport.yaml' }],
    workspaceLead: 'University of Washington',
  });
  assert.equal(e.wbs.preferredName('02C.03.01', { year: 2017, month: 4 }), 'Frame Processing');
  assert.equal(e.wbs.preferredName('02C.03.01', { year: 2018, month: 4 }), 'Frame Processing');
  assert.equal(e.wbs.preferredName('02C.03.01'), 'Frame Processing');
  // The bundled catalog is untouched.
  assert.equal(wbs.get('02C.03.09'), undefined);

  // The reference with 02C.03.09 added to UW: no unknown-wbs; the April names stay acceptable.
  const text = replaceOnce(REFERENCE, '#### Planned activities:\n\n#### 02C.03.00', '#### 02C.03.09 - Example Element\n\n- New work.\n\n#### Planned activities:\n\n#### 02C.03.00');
  const a = e.analyze('file:///ws/extra.md', text, 1);
  assert.deepEqual(only(a, 'unknown-wbs'), []);
  assert.deepEqual(only(a, 'wbs-name-mismatch'), []);
  assert.equal(only(analyze(text), 'unknown-wbs').length, 1);
  const line = text.split('\n').indexOf('#### 02C.03.09 - Example Element');
  assert.equal(
    (getHover(e, a, { line, character: 7 })!.contents as MarkupContent).value,
    '**WBS 02C.03.09** — Example Element\n\n- Example Element — workspace (workspace configuration /ws/.dmreport.yaml)\n\n' +
      'Parent chain: 02C.03 Alert Production › 02C Data Management Construction\n\nLead institution: University of Washington',
  );
  const sfp = text.split('\n').indexOf('#### 02C.03.01 - Single Frame Processing Pipelines');
  assert.equal((getHover(e, a, { line: sfp, character: 7 })!.contents as MarkupContent).value.split('\n')[0], '**WBS 02C.03.01** — Frame Processing');

  // Completion after `02C.03.0` in UW: the workspace's name, and the new element.
  const typed = text.replace('- No advancements in this area.', '02C.03.0');
  const b = e.analyze('file:///ws/typed.md', typed, 1);
  const p = { line: typed.split('\n').indexOf('02C.03.0'), character: 8 };
  const items = getCompletions(e, b, p).items;
  assert.deepEqual(
    items.filter((i) => ['02C.03.01', '02C.03.09'].includes(i.label)).map((i) => [i.label, i.detail, i.sortText, (i.textEdit as { newText: string }).newText]),
    [
      ['02C.03.01', 'Frame Processing', '002C.03.01', '02C.03.01 - Frame Processing'],
      ['02C.03.09', 'Example Element', '002C.03.09', '02C.03.09 - Example Element'],
    ],
  );

  // In November 2017 the 2017 name of the renamed code points to the workspace's name.
  const nov = e.analyze('file:///ws/nov.md', withPeriod(UW_EXCERPT, 'November 2017'), 1);
  const sfpHints = only(nov, 'wbs-name-mismatch').filter((f) => (f.diagnostic.data as { expected: string }).expected === 'Frame Processing');
  assert.deepEqual(
    sfpHints.map((f) => f.diagnostic.message),
    [
      '"Single Frame Processing Pipelines" is the 2017 name of WBS 02C.03.01; the workspace names it "Frame Processing".',
      '"Single Frame Processing Pipelines" is the 2017 name of WBS 02C.03.01; the workspace names it "Frame Processing".',
    ],
  );
  assert.deepEqual(sfpHints[0].fixes.map((f) => f.title), ['Rename to "Frame Processing" (workspace)']);
});

// ---- wbs-misplaced --------------------------------------------------------------------

test('wbs-misplaced: none on the reference; every team heading of it is known and leads its elements', () => {
  const a = analyze(REFERENCE);
  assert.deepEqual(only(a, 'wbs-misplaced'), []);
  const directory = TeamDirectory.of(DEFAULT_TEMPLATE, wbs);
  const teams: [string, string[]][] = [
    ['LSST Program Office', ['02C.01', '02C.02', '02C.08', '02C.09', '02C.10']],
    ['DM Project Management and Control', ['02C.01', '02C.02', '02C.08', '02C.09', '02C.10']],
    ['DM Subsystem Science', ['02C.01', '02C.02', '02C.08', '02C.09', '02C.10']],
    ['DM System Engineering', ['02C.01', '02C.02', '02C.08', '02C.09', '02C.10']],
    ['DM Science Quality and Reliability Engineering (SQuaRE)', ['02C.01', '02C.02', '02C.08', '02C.09', '02C.10']],
    ['University of Washington', ['02C.03']],
    ['Princeton University and University of California, Davis', ['02C.04']],
    ['IPAC / California Institute of Technology', ['02C.05']],
    ['SLAC / Stanford University', ['02C.06']],
    ['NCSA / University of Illinois', ['02C.07', '02C.09']],
    ['AURA', ['02C.01', '02C.02', '02C.08', '02C.09', '02C.10']],
  ];
  const found: [string, string[]][] = [];
  const walk = (sections: typeof a.model.sections) => {
    for (const s of sections) {
      if (s.kind === 'team' || s.kind === 'group') found.push([s.title, directory.ledSubtrees(s.title)]);
      walk(s.children);
    }
  };
  walk(a.model.sections);
  assert.deepEqual(found, teams);
  // Every element of the reference is in a known team that leads it (not silent for want of knowledge).
  const checks = a.model.wbs
    .filter((w) => w.element)
    .map((w) => {
      const team = sectionsAt(a.model, w.codeRange.start).filter((s) => s.kind === 'team').pop()!;
      return `${team.title}: ${directory.check(team.title, w.code, a.model.period).kind}`;
    });
  // UW 18, Princeton 14, IPAC 10, SLAC 16, NCSA 10, AURA 10 (`WBS 02C.08` in AURA's prose is no element).
  assert.equal(checks.length, 78);
  assert.deepEqual([...new Set(checks)], [
    'University of Washington: leads',
    'Princeton University and University of California, Davis: leads',
    'IPAC / California Institute of Technology: leads',
    'SLAC / Stanford University: leads',
    'NCSA / University of Illinois: leads',
    'AURA: leads',
  ]);
});

test('wbs-misplaced: a 02C.04 element under University of Washington, exactly; the same element at home raises nothing', () => {
  const text = replaceOnce(REFERENCE, '#### Planned activities:\n\n#### 02C.03.00', '02C.04.05 - Object Detection and Deblending\n\n- Deblender work done at UW.\n\n#### Planned activities:\n\n#### 02C.03.00');
  const a = analyze(text);
  const line = text.split('\n').indexOf('02C.04.05 - Object Detection and Deblending');
  assert.equal(line, 211);
  assert.deepEqual(only(a, 'wbs-misplaced'), [
    {
      diagnostic: {
        range: { start: { line: 211, character: 0 }, end: { line: 211, character: 9 } },
        severity: DiagnosticSeverity.Information,
        code: 'wbs-misplaced',
        source: 'dm-report',
        codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#wbs-misplaced' },
        message: "WBS 02C.04.05 is led by Princeton University, not by University of Washington: is it in the right team's section?",
        data: { team: 'University of Washington', lead: 'Princeton University' },
      },
      fixes: [],
    },
  ]);
  // Every other finding is the reference's.
  assert.equal(a.findings().length, analyze(REFERENCE).findings().length + 1);
  // In prose, a code is a citation, not an element: nothing.
  const prose = replaceOnce(REFERENCE, '- Morrison went to the DESC hack week at Fermilab.', '- Morrison helped with 02C.04.05 at the DESC hack week.');
  assert.deepEqual(only(analyze(prose), 'wbs-misplaced'), []);
  // In FY18 the lead is named as LDM-294 names it.
  const aura = replaceOnce(REFERENCE, '#### Planned activities:\n\n#### 02C.03.00', '02C.08.01 - Base Center\n\n- x\n\n#### Planned activities:\n\n#### 02C.03.00');
  assert.deepEqual(only(analyze(withPeriod(aura, 'November 2017')), 'wbs-misplaced').map((f) => f.diagnostic.data), [{ team: 'University of Washington', lead: 'Rubin Tucson' }]);
  assert.deepEqual(only(analyze(aura), 'wbs-misplaced').map((f) => f.diagnostic.data), [{ team: 'University of Washington', lead: 'LSST Tucson' }]);
});

test('wbs-misplaced: an unknown team, a team leading nothing known, a code without a lead raise nothing; `leads` and wbs.extra lead count', () => {
  // An unknown team heading.
  const unknown = replaceOnce(REFERENCE, '## University of Washington\n', '## University of Nowhere\n')
    .replace('#### Planned activities:\n\n#### 02C.03.00', '02C.04.05 - Object Detection and Deblending\n\n- x\n\n#### Planned activities:\n\n#### 02C.03.00');
  assert.deepEqual(only(analyze(unknown), 'wbs-misplaced'), []);

  // A table with a team that leads nothing, and one that leads 02C.04.05 by `leads`.
  const template = {
    ...DEFAULT_TEMPLATE,
    teams: [...(DEFAULT_TEMPLATE.teams ?? []), { name: 'University of Nowhere' }, { name: 'UC Davis', aliases: ['University of California, Davis'], leads: ['02C.04.05'] }],
  };
  const custom = new ReportEngine({}, { template });
  assert.deepEqual(only(custom.analyze('file:///ws/nowhere.md', unknown, 1), 'wbs-misplaced'), []);
  const davis = replaceOnce(REFERENCE, '## University of Washington\n', '## UC Davis\n').replace(
    '#### Planned activities:\n\n#### 02C.03.00',
    '02C.04.05 - Object Detection and Deblending\n\n- x\n\n02C.04.06 - Object Characterization Pipeline\n\n- y\n\n#### Planned activities:\n\n#### 02C.03.00',
  );
  const d = custom.analyze('file:///ws/davis.md', davis, 1);
  // 02C.04.05 is UC Davis's by the table; 02C.04.06 is Princeton's; UW's own elements (02C.03.*) are now misplaced too.
  const misplaced = only(d, 'wbs-misplaced').map((f) => [f.diagnostic.range.start.line, (f.diagnostic.data as { lead: string }).lead]);
  assert.deepEqual(misplaced.slice(0, 2), [
    [davis.split('\n').indexOf('02C.03.00 - Alert Production Management Engineering and Integration'), 'University of Washington'],
    [davis.split('\n').indexOf('02C.03.01 - Single Frame Processing Pipelines'), 'University of Washington'],
  ]);
  assert.deepEqual(misplaced.find(([l]) => l === davis.split('\n').indexOf('02C.04.06 - Object Characterization Pipeline')), [davis.split('\n').indexOf('02C.04.06 - Object Characterization Pipeline'), 'Princeton University']);
  assert.equal(misplaced.find(([l]) => l === davis.split('\n').indexOf('02C.04.05 - Object Detection and Deblending')), undefined);
  assert.equal(misplaced.length, 9 + 1 + 9);

  // A code with no lead known anywhere: nothing.
  const noLead = replaceOnce(REFERENCE, '#### Planned activities:\n\n#### 02C.03.00', '02C.99.01 - Something\n\n- x\n\n#### Planned activities:\n\n#### 02C.03.00');
  assert.deepEqual(only(analyze(noLead), 'wbs-misplaced'), []);

  // wbs.extra: a new level-2 element led by SLAC (as its heading names it) is misplaced in UW, at home in SLAC.
  const e = engineWith('wbs:\n  extra:\n    - {code: 02C.12, name: Example Services, lead: SLAC / Stanford University}\n');
  const inUw = replaceOnce(REFERENCE, '#### Planned activities:\n\n#### 02C.03.00', '02C.12.01 - Example Work\n\n- x\n\n#### Planned activities:\n\n#### 02C.03.00');
  assert.deepEqual(only(e.analyze('file:///ws/uw11.md', inUw, 1), 'wbs-misplaced').map((f) => [f.diagnostic.message, f.diagnostic.data]), [
    ["WBS 02C.12.01 is led by SLAC / Stanford University, not by University of Washington: is it in the right team's section?", { team: 'University of Washington', lead: 'SLAC / Stanford University' }],
  ]);
  const inSlac = REFERENCE.replace('#### 02C.06.01.02 Image and File Archive\n', '#### 02C.12.01 Example Work\n\n- x\n\n#### 02C.06.01.02 Image and File Archive\n');
  const slac = e.analyze('file:///ws/slac11.md', inSlac, 1);
  assert.ok(slac.model.wbs.some((w) => w.code === '02C.12.01' && w.element));
  assert.deepEqual(only(slac, 'wbs-misplaced'), []);
});

// ---- WBS codes of later years (DMTN-158) -----------------------------------------------

test('later WBS: 02C.00 and 02C.11 are catalogued (DMTN-158); below a known level-2 element a code is information, below an unknown one a warning', () => {
  const source = 'lsst-dm/dmtn-158@bfc0b1b9c1b337288a58fffa7767b054a739c0e5:index.rst';
  assert.deepEqual(wbs.get('02C.00'), { code: '02C.00', names: [{ name: 'Data Management Level 2 Milestones', era: 'FY18+', source, date: '2024-03-23' }], parent: '02C' });
  assert.deepEqual(wbs.get('02C.11'), { code: '02C.11', names: [{ name: 'Security', era: 'FY18+', source, date: '2024-03-23' }], parent: '02C' });
  // Both fit every period from FY18 on, and (no other name known) every earlier one.
  assert.deepEqual(wbs.checkName('02C.11', 'Security', { year: 2024, month: 3 }).kind, 'expected');
  assert.deepEqual(wbs.checkName('02C.00', 'Data Management Level 2 Milestones', { year: 2017, month: 4 }).kind, 'expected');

  const cases: [string, DiagnosticSeverity | undefined, string][] = [
    ['02C.00', undefined, ''],
    ['02C.11', undefined, ''],
    ['02C.11.01', DiagnosticSeverity.Information, 'WBS element 02C.11.01 is not in the WBS catalog (its parent 02C.11 is).'],
    ['02C.03.99', DiagnosticSeverity.Information, 'WBS element 02C.03.99 is not in the WBS catalog (its parent 02C.03 is).'],
    ['02C.03.99.01', DiagnosticSeverity.Information, 'WBS element 02C.03.99.01 is not in the WBS catalog, nor is its parent 02C.03.99 (its level-2 element 02C.03 is).'],
    ['02C.11.07.02', DiagnosticSeverity.Information, 'WBS element 02C.11.07.02 is not in the WBS catalog, nor is its parent 02C.11.07 (its level-2 element 02C.11 is).'],
    // An unknown level-2 element keeps the warning below it; itself, under 02C, it is a new leaf.
    ['02C.12', DiagnosticSeverity.Information, 'WBS element 02C.12 is not in the WBS catalog (its parent 02C is).'],
    ['02C.99.01', DiagnosticSeverity.Warning, 'WBS element 02C.99.01 is not in the WBS catalog, nor is its parent 02C.99.'],
    ['02C.99.01.01', DiagnosticSeverity.Warning, 'WBS element 02C.99.01.01 is not in the WBS catalog, nor is its parent 02C.99.01.'],
  ];
  for (const [code, severity, message] of cases) {
    // As a heading (an element: its name is checked too) and in prose.
    for (const [where, text] of [
      ['heading', replaceOnce(REFERENCE, 'Recruitment update: N/A', `#### ${code} - Extra Work\n\n- Nothing yet.\n\nRecruitment update: N/A`)],
      ['prose', replaceOnce(REFERENCE, 'No new risks were added', `No new risks were added to ${code}`)],
    ]) {
      const a = analyze(text);
      const found = only(a, 'unknown-wbs');
      assert.deepEqual(found.map((f) => [f.diagnostic.severity, f.diagnostic.message, f.fixes]), severity === undefined ? [] : [[severity, message, []]], `${code} (${where})`);
      const line = found[0]?.diagnostic.range.start.line;
      if (line !== undefined) assert.equal(text.split('\n')[line].slice(found[0].diagnostic.range.start.character, found[0].diagnostic.range.end.character), code);
    }
  }
  // A named 02C.11 heading in an FY18+ report: no unknown-wbs, and its name is the catalog's.
  const named = analyze(withPeriod(replaceOnce(REFERENCE, 'Recruitment update: N/A', '#### 02C.11 Security\n\n- Reviewed.\n\nRecruitment update: N/A'), 'March 2024'));
  assert.deepEqual(only(named, 'unknown-wbs').filter((f) => String(f.diagnostic.message).includes('02C.11')), []);
  assert.deepEqual(only(named, 'wbs-name-mismatch').filter((f) => String(f.diagnostic.message).includes('02C.11')), []);
  // The reference cites neither: its diagnostics do not change (the snapshot test), and it has no unknown-wbs.
  assert.deepEqual(only(analyze(REFERENCE), 'unknown-wbs'), []);
});
