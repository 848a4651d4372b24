/**
 * Templates as data (server/src/template.ts, data/templates/, schemas/template.schema.json),
 * front matter (model/parse.ts, model/build.ts) and the choice of a document's
 * template (engine.ts: front matter, `.dmreport.yaml` `templates:` globs and
 * `template:`), with reports of the three built-in templates; hover and
 * completion on section headings. Ranges are 0-based LSP ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MemoryHost } from '../../server/src/host/memory';
import { NodeHost } from '../../server/src/host/node';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { Workspace } from '../../server/src/engine/workspace.ts';
import { BUILTIN_TEMPLATES, checkTemplate, DEFAULT_TEMPLATE, loadTemplateFile } from '../../server/src/catalog/templates.ts';
import { parseDocument, splitBlocks } from '../../server/src/model/parse.ts';
import { readFrontMatter } from '../../server/src/model/build.ts';
import { getHover } from '../../server/src/features/hover.ts';
import { getCompletions } from '../../server/src/features/completion.ts';
import schema from '../../schemas/template.schema.json';

/** Template and configuration files, in memory. */
const host = new MemoryHost();
const dir = '/templates-test';
const engine = new ReportEngine({}, { host });
let n = 0;
function analyze(text: string, name = 'report.md'): Analysis {
  return engine.analyze(`file:///tmp/templates-${n++}/${name}`, text, 1);
}
function findings(a: Analysis): string[] {
  return a.findings().map((f) => `${f.diagnostic.range.start.line}:${f.diagnostic.code}: ${f.diagnostic.message}`);
}
const lineOf = (text: string, line: string) => text.split('\n').indexOf(line);

const PERSONAL = `---
template: personal-monthly
period: 2019-05
---
# Monthly report: Jane Doe

## May 2019

## Accomplishments this period

- Closed DM-18123.

## Objectives for next period

- Write the technote.

## Time off

None.
`;

const DM2019 = `---
template: dm-monthly-2019
---
# Rubin Observatory DM Monthly Report

## June 2020

# High-level Summary

- Gen3 middleware in use.

# Community Interactions

- Community forum answers.

# Meetings and Workshops

- DM-SST meeting.

# Technical Progress

## Science Pipelines

### Progress

- Closed DM-25000.

### Plans

- More.

## Data Facility

### Progress

- Migrated.

### Plans

- Migrate more.
`;

// ---- the format -----------------------------------------------------------------------------

test('the three built-in templates are valid against schemas/template.schema.json and load with defaults', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  for (const name of ['dm-monthly-2017', 'dm-monthly-2019', 'personal-monthly']) {
    const raw = JSON.parse(readFileSync(new URL(`../../data/templates/${name}.json`, import.meta.url), 'utf8'));
    assert.equal(validate(raw), true, `${name}: ${JSON.stringify(validate.errors)}`);
    assert.equal(BUILTIN_TEMPLATES.get(name)?.name, name);
  }
  assert.equal(DEFAULT_TEMPLATE.name, 'dm-monthly-2017');
  assert.deepEqual(DEFAULT_TEMPLATE.sections.map((s) => [s.id, s.required, s.level, s.holdsTeams ?? false]), [
    ['high-level-summary', true, 1, false],
    ['risk-management', true, 1, false],
    ['detailed-progress', true, 1, true],
  ]);
  assert.deepEqual(BUILTIN_TEMPLATES.get('dm-monthly-2019')!.sections.map((s) => s.label), [
    'High-level Summary',
    'Community Interactions',
    'Meetings and Workshops',
    'Technical Progress',
  ]);
  const personal = BUILTIN_TEMPLATES.get('personal-monthly')!;
  assert.deepEqual(personal.sections.map((s) => [s.label, s.required]), [
    ['Accomplishments this period', true],
    ['Objectives for next period', true],
    ['Issues and concerns', false],
    ['Meetings and travel', false],
    ['Publications and documents', false],
    ['Time off', false],
  ]);
  assert.deepEqual(personal.teamSubsections, []);
  // Every field of the schema has a description.
  const undocumented: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.properties) {
      for (const [k, v] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
        if (!v.description && !v.$ref) undocumented.push(`${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
    }
    if (o.items) walk(o.items, `${path}[]`);
    if (o.definitions) for (const [k, v] of Object.entries(o.definitions as object)) walk(v, `#${k}`);
  };
  walk(schema, '');
  assert.deepEqual(undocumented, []);
});

test('checkTemplate: schema errors and what the schema cannot say, one sentence each', () => {
  assert.deepEqual(checkTemplate({ name: 'x', sections: [{ id: 'a', label: 'A', colour: 'red' }] }), {
    errors: ['sections[0]: unknown field "colour"'],
  });
  assert.deepEqual(checkTemplate({ sections: [] }), { errors: ['the template: "name" is required'] });
  assert.deepEqual(checkTemplate({ name: 'x', sections: [], teamSubsections: [{ id: 'p', label: 'P', requiredFor: 'some' }] }), {
    errors: ['teamSubsections[0].requiredFor: must be one of "all", "top-level", "none"'],
  });
  assert.deepEqual(
    checkTemplate({
      name: 'x',
      sections: [
        { id: 'a', label: 'Alpha', holdsTeams: true },
        { id: 'a', label: 'Beta', aliases: ['alpha:'], holdsTeams: true },
        { id: 'c', label: 'Gamma', level: 3 },
      ],
    }),
    {
      errors: [
        'sections: id "a" is used twice',
        'sections: more than one section holds the teams',
        'sections[2].level: 3 must follow a section of level 2',
      ],
    },
  );
  assert.deepEqual(checkTemplate({ name: 'x', sections: [{ id: 'a', label: 'Alpha' }, { id: 'b', label: 'Beta', aliases: ['**Alpha**'] }] }), {
    errors: ['sections: label "**Alpha**" belongs to both "a" and "b"'],
  });
  const subsections = [
    { id: 'done', label: 'Done', carriedFrom: 'next' },
    { id: 'next', label: 'Next', carriedFrom: 'later' },
  ];
  assert.deepEqual(checkTemplate({ name: 'x', sections: [], teamSubsections: subsections }), {
    errors: [
      'teamSubsections: only one subsection may be carriedFrom another (done, next are)',
      'teamSubsections: "next" is carriedFrom "later", which is not another subsection of this template',
    ],
  });
  assert.deepEqual(checkTemplate({ name: 'x', sections: [], teamSubsections: [{ id: 'done', label: 'Done', carriedFrom: 'done' }] }), {
    errors: ['teamSubsections: "done" is carriedFrom "done", which is not another subsection of this template'],
  });
});

test('loadTemplateFile: YAML with defaults; unreadable, not YAML, invalid: one sentence naming the file', () => {
  const good = join(dir, 'ours.yaml');
  host.set(good, 'name: ours\nsections:\n  - id: news\n    label: News\n  - id: plans\n    label: Plans\n    required: false\n');
  const loaded = loadTemplateFile(host, good);
  assert.ok('template' in loaded);
  assert.deepEqual(loaded.template, {
    name: 'ours',
    description: '',
    period: { required: true },
    sections: [
      { id: 'news', label: 'News', aliases: [], required: true, level: 1 },
      { id: 'plans', label: 'Plans', aliases: [], required: false, level: 1 },
    ],
    teamSubsections: [],
  });
  assert.deepEqual(loadTemplateFile(host, join(dir, 'none.yaml')), { error: `cannot read template file ${join(dir, 'none.yaml')} (ENOENT)` });
  const bad = join(dir, 'bad.yaml');
  host.set(bad, 'name: [unclosed\n');
  const notYaml = loadTemplateFile(host, bad);
  assert.ok('error' in notYaml && notYaml.error.startsWith(`invalid template file ${bad}: not YAML or JSON (`), JSON.stringify(notYaml));
  const invalid = join(dir, 'invalid.json');
  host.set(invalid, '{"name": "Bad Name", "sections": [{"id": "a"}]}');
  assert.deepEqual(loadTemplateFile(host, invalid), {
    error: `invalid template file ${invalid}: name: "Bad Name" does not have the expected form (^[a-z0-9][a-z0-9._-]*$) (and 1 more)`,
  });
  // A changed file is read again.
  host.set(good, 'name: ours-2\nsections: []\n');
  const again = loadTemplateFile(host, good);
  assert.ok('template' in again);
  assert.equal(again.template.name, 'ours-2');
});

// ---- front matter ---------------------------------------------------------------------------

test('front matter: template and period with the ranges of their values; a `# comment` in it starts no block', () => {
  const text = '---\n# who: Jane\ntemplate: personal-monthly\nperiod: 2019-05\nother: [1, 2]\n---\n# Report\n';
  assert.deepEqual(splitBlocks(text).map((b) => b.startLine), [0, 6]);
  const parsed = parseDocument(text);
  assert.equal(parsed.blocks[0].block.nodes[0].type, 'yaml');
  assert.deepEqual(readFrontMatter(parsed), {
    range: { start: { line: 0, character: 0 }, end: { line: 5, character: 3 } },
    template: { value: 'personal-monthly', range: { start: { line: 2, character: 10 }, end: { line: 2, character: 26 } } },
    period: { value: { year: 2019, month: 5 }, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 15 } } },
    problems: [],
  });
  const withPath = readFrontMatter(parseDocument('---\ntemplate: {path: ../ours.yaml}\n---\n'));
  assert.deepEqual(withPath?.template, { value: { path: '../ours.yaml' }, range: { start: { line: 1, character: 17 }, end: { line: 1, character: 29 } } });
  // No front matter: a `---` later in the text is a thematic break.
  assert.equal(readFrontMatter(parseDocument('# Report\n\n---\ntemplate: x\n---\n')), undefined);
  // Problems, each with where.
  assert.deepEqual(readFrontMatter(parseDocument('---\nperiod: May 2019\ntemplate: 3\n---\n'))?.problems, [
    { message: 'Front matter "template" must be a template name (dm-monthly-2017) or {path: FILE}.', range: { start: { line: 2, character: 10 }, end: { line: 2, character: 11 } } },
    { message: 'Front matter "period" must be a year and month, YYYY-MM (2017-05).', range: { start: { line: 1, character: 8 }, end: { line: 1, character: 16 } } },
  ]);
  const broken = readFrontMatter(parseDocument('---\ntemplate: [x\n---\n'));
  assert.equal(broken?.problems.length, 1);
  assert.match(broken!.problems[0].message, /^The front matter is not valid YAML: /);
});

test('front matter selects the template; an edit that keeps it re-parses only the edited block', () => {
  const a = engine.analyze('file:///tmp/fm/jane.md', PERSONAL, 1);
  assert.equal(a.template.name, 'personal-monthly');
  assert.deepEqual(a.templateChoice, { template: a.template, source: 'front matter' });
  assert.deepEqual(a.model.frontMatter?.period?.value, { year: 2019, month: 5 });
  assert.deepEqual(findings(a), []);
  const b = engine.analyze('file:///tmp/fm/jane.md', PERSONAL.replace('None.', 'Two days.'), 2);
  assert.equal(b.parsed.parsedBlocks, 1);
  assert.equal(b.template.name, 'personal-monthly');
});

test('front matter: an unknown template or an unreadable file is an error on its value; the report gets the template it would have without it', () => {
  // Without its front matter's template, the report opens with a section of personal-monthly: that one.
  const typo = analyze(PERSONAL.replace('personal-monthly', 'personal-monthy'), 'jane-2019-05.md');
  assert.equal(typo.template.name, 'personal-monthly');
  assert.equal(typo.templateChoice.source, 'first section "Accomplishments this period"');
  const f = typo.findings()[0];
  assert.deepEqual([f.diagnostic.code, f.diagnostic.severity, f.diagnostic.range], [
    'invalid-template',
    1,
    { start: { line: 1, character: 10 }, end: { line: 1, character: 25 } },
  ]);
  assert.equal(
    f.diagnostic.message,
    'Front matter template: unknown template "personal-monthy" (built-in: dm-monthly-2017, dm-monthly-2019, personal-monthly; a file is written {path: FILE}). Checked with personal-monthly instead.',
  );
  const missing = engine.analyze(pathToFileURL(join(dir, 'jane.md')).href, PERSONAL.replace('template: personal-monthly', 'template: {path: nowhere.yaml}'), 1);
  assert.equal(missing.findings()[0].diagnostic.message, `Front matter template: cannot read template file ${join(dir, 'nowhere.yaml')} (ENOENT). Checked with personal-monthly instead.`);
  const period = analyze(PERSONAL.replace('period: 2019-05', 'period: May 2019'));
  assert.deepEqual(findings(period), ['2:invalid-front-matter: Front matter "period" must be a year and month, YYYY-MM (2017-05).']);
});

test('front matter {path}: a template file relative to the report', () => {
  host.set(join(dir, 'fm', 'templates', 'weekly.yaml'), 'name: weekly\nperiod: {required: false}\nsections:\n  - {id: done, label: Done}\n  - {id: next, label: Next}\n');
  const a = engine.analyze(pathToFileURL(join(dir, 'fm', 'w.md')).href, '---\ntemplate: {path: templates/weekly.yaml}\n---\n# Week\n\n## Next\n\nx\n\n## Done\n\ny\n', 1);
  assert.equal(a.template.name, 'weekly');
  assert.deepEqual(findings(a), ['9:section-order: "Done" should come before "Next" (template weekly).']);
});

// ---- .dmreport.yaml -------------------------------------------------------------------------

test('.dmreport.yaml: templates globs (first match), then template; front matter over both; bad references reported on the file', () => {
  const ws = join(dir, 'ws');
  host.set(join(ws, 'ours.yaml'), 'name: ours\nsections:\n  - {id: news, label: News}\n');
  host.set(
    join(ws, '.dmreport.yaml'),
    'template: dm-monthly-2019\ntemplates:\n  - files: "personal/**/*.md"\n    template: personal-monthly\n  - files: "dm/*.md"\n    template: {path: missing.yaml}\n  - files: "dm/*.md"\n    template: {path: ours.yaml}\n  - files: "*.md"\n    template: dm-monthly-2099\n',
  );
  const workspace = new Workspace({ host });
  const uri = (p: string) => pathToFileURL(join(ws, p)).href;
  const choice = (p: string, text = '# R\n') => {
    const a = workspace.engineFor(uri(p)).analyze(uri(p), text, 1);
    return [a.template.name, a.templateChoice.source];
  };
  assert.deepEqual(choice('personal/2019/jane.md'), ['personal-monthly', '.dmreport.yaml templates[0] (personal/**/*.md)']);
  // The first match cannot be read: the next matching entry is used.
  assert.deepEqual(choice('dm/2020-06.md'), ['ours', '.dmreport.yaml templates[2] (dm/*.md)']);
  // `*.md` names an unknown template: the configuration's `template:`.
  assert.deepEqual(choice('top.md'), ['dm-monthly-2019', '.dmreport.yaml template']);
  assert.deepEqual(choice('other/x.md'), ['dm-monthly-2019', '.dmreport.yaml template']);
  assert.deepEqual(choice('personal/2019/jane.md', '---\ntemplate: dm-monthly-2017\n---\n# R\n'), ['dm-monthly-2017', 'front matter']);
  const problems = workspace.engineFor(uri('top.md')).configProblems;
  assert.deepEqual(
    problems.map((p) => [p.code, p.severity, p.range.start.line, p.range.start.character, p.message]),
    [
      ['invalid-template', 1, 5, 21, `.dmreport.yaml templates[1].template: cannot read template file ${join(ws, 'missing.yaml')} (ENOENT). Reports use the next choice instead.`],
      [
        'invalid-template',
        1,
        9,
        14,
        '.dmreport.yaml templates[3].template: unknown template "dm-monthly-2099" (built-in: dm-monthly-2017, dm-monthly-2019, personal-monthly; a file is written {path: FILE}). Reports use the next choice instead.',
      ],
    ],
  );
  assert.deepEqual(
    problems.map((p) => [p.source, p.codeDescription]),
    [
      ['dm-report', { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#invalid-template' }],
      ['dm-report', { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#invalid-template' }],
    ],
  );
  // An unknown `template:` falls back to dm-monthly-2017, reported once on the file.
  const ws2 = join(dir, 'ws2');
  host.set(join(ws2, '.dmreport.yaml'), 'template: dm-montly-2017\n');
  const w2 = new Workspace({ host });
  const e2 = w2.engineFor(pathToFileURL(join(ws2, 'a.md')).href);
  assert.equal(e2.template.name, 'dm-monthly-2017');
  // A second engine on the same configuration does not add its problems to the first's (nothing is mutated).
  assert.equal(new ReportEngine({}, { host }, e2.config).configProblems.length, 1);
  assert.deepEqual(e2.config.problems, []);
  assert.deepEqual(e2.configProblems.map((p) => [p.range, p.message]), [
    [
      { start: { line: 0, character: 10 }, end: { line: 0, character: 24 } },
      '.dmreport.yaml template: unknown template "dm-montly-2017" (built-in: dm-monthly-2017, dm-monthly-2019, personal-monthly; a file is written {path: FILE}). Reports use dm-monthly-2017 instead.',
    ],
  ]);
});

// ---- reports of the other templates -----------------------------------------------------------

test('personal-monthly: a clean report; a missing objective, a repeated section, an optional section out of order', () => {
  assert.deepEqual(findings(analyze(PERSONAL, 'jane-2019-05.md')), []);
  const variant = PERSONAL.replace('## Objectives for next period\n\n- Write the technote.\n\n', '').replace(
    '## Time off\n\nNone.\n',
    '## Time off\n\nNone.\n\n## Issues and concerns\n\nNone.\n\n## Accomplishments this period\n\nMore.\n',
  );
  const a = analyze(variant, 'jane-2019-05.md');
  assert.deepEqual(findings(a), [
    '4:missing-section: The report has no "Objectives for next period" section.',
    '16:section-order: "Issues and concerns" should come before "Time off" (template personal-monthly).',
    '20:duplicate-section: The report has a second "Accomplishments this period" section (the first is on line 9).',
  ]);
  // The missing section goes before the next one in template order, as a heading like its neighbours.
  assert.deepEqual(a.findings()[0].fixes[0].edits, [{ range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, newText: '## Objectives for next period\n\n' }]);
  // The period may come from the front matter alone.
  assert.deepEqual(findings(analyze(PERSONAL.replace('## May 2019\n\n', ''), 'jane.md')), []);
  assert.deepEqual(findings(analyze(PERSONAL.replace('## May 2019', '## April 2019'), 'jane.md')), [
    '6:period-mismatch: The period heading says April 2019, but the front matter says period: 2019-05.',
  ]);
});

test('dm-monthly-2019: teams inside Technical Progress; sections and subsections out of order, a subsection twice, a section removed', () => {
  const a = analyze(DM2019, '2020-06.md');
  assert.deepEqual(findings(a), []);
  const teams = a.model.sections[3].children.map((t) => [t.kind, t.title, t.children.map((c) => c.templateId)]);
  assert.deepEqual(teams, [
    ['team', 'Science Pipelines', ['progress', 'plans']],
    ['team', 'Data Facility', ['progress', 'plans']],
  ]);
  const swapped = DM2019.replace('# Community Interactions\n\n- Community forum answers.\n\n# Meetings and Workshops\n\n- DM-SST meeting.\n\n', '# Meetings and Workshops\n\n- DM-SST meeting.\n\n# Community Interactions\n\n- Community forum answers.\n\n')
    .replace('### Progress\n\n- Migrated.\n\n### Plans\n\n- Migrate more.\n', '### Plans\n\n- Migrate more.\n\n### Progress\n\n- Migrated.\n\n### Plans\n\n- Again.\n')
    .replace('# High-level Summary\n\n- Gen3 middleware in use.\n\n', '');
  const b = analyze(swapped, '2020-06.md');
  assert.deepEqual(findings(b), [
    '3:missing-section: The report has no "High-level Summary" section.',
    '11:section-order: "Community Interactions" should come before "Meetings and Workshops" (template dm-monthly-2019).',
    '33:section-order: "Progress" should come before "Plans" in "Data Facility" (template dm-monthly-2019).',
    '37:duplicate-section: "Data Facility" has a second "Plans" section (the first is on line 30).',
  ]);
  // Moving Community Interactions up gives the original order back.
  const order = b.findings()[1].fixes[0];
  assert.equal(order.safe, true);
  const moved = analyze(TextDocument.applyEdits(b.document, order.edits), '2020-06.md');
  assert.deepEqual(moved.model.sections.map((s) => s.templateId), ['community-interactions', 'meetings-and-workshops', 'technical-progress']);
  assert.deepEqual(findings(moved).filter((m) => m.includes('section-order') && m.includes('Community')), []);
});

// ---- hover and completion on headings ----------------------------------------------------------

test('hover on a section heading: the template rule it satisfies', () => {
  const a = analyze(DM2019, '2020-06.md');
  const tech = lineOf(DM2019, '# Technical Progress');
  assert.deepEqual(getHover(engine, a, { line: tech, character: 4 }), {
    contents: {
      kind: 'markdown',
      value:
        '**Technical Progress** — report section `technical-progress`\n\nRequired; 4th of 4 report sections; holds the team sections.\n' +
        'Order: High-level Summary → Community Interactions → Meetings and Workshops → **Technical Progress**.\n\n' +
        'One section per team or product (Science Pipelines, Data Facility, Science Platform, ...).\n\nTemplate `dm-monthly-2019` (front matter).',
    },
    range: { start: { line: tech, character: 0 }, end: { line: tech, character: 20 } },
  });
  const ref = analyze(readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8'), '2017-04.md');
  // `##### Planned activities:` of DM Project Management and Control (line 38): optional for none; 2nd of 3.
  assert.equal(
    (getHover(engine, ref, { line: 37, character: 8 })!.contents as { value: string }).value,
    '**Planned activities** — team subsection `planned-activities`\n\nRequired in every team; 2nd of 3 in each team.\n' +
      'Order: Current accomplishments → **Planned activities** → Recruitment update.\n\nWhat the team will do next month, by WBS element.\n\nTemplate `dm-monthly-2017` (period 2017-04, in its era up to 2018-12).',
  );
  assert.equal(
    (getHover(engine, ref, { line: 29, character: 8 })!.contents as { value: string }).value,
    '**DM Project Management and Control** — team section (in a group)\n\n- Current accomplishments: present\n- Planned activities: present\n- Recruitment update: missing (optional here)\n\nTemplate `dm-monthly-2017` (period 2017-04, in its era up to 2018-12).',
  );
  assert.equal(
    (getHover(engine, ref, { line: 4, character: 5 })!.contents as { value: string }).value,
    '**Report period: April 2017**\n\nRequired. Compared with the file name 2017-04.md.\n\nTemplate `dm-monthly-2017` (period 2017-04, in its era up to 2018-12).',
  );
  // Prose is not a heading; an ID on a heading keeps its own hover.
  assert.equal(getHover(engine, ref, { line: 23, character: 10 }), null);
  assert.match((getHover(engine, ref, { line: 213, character: 7 })!.contents as { value: string }).value, /^\*\*WBS 02C\.03\.00\*\*/);
});

test('completion at a line start in a team: the next expected subsection first, preselected, in the style of the one above', () => {
  const text = DM2019.replace('### Plans\n\n- Migrate more.\n', '### Plans\n\n- Migrate more.\n\n');
  const a = analyze(text, '2020-06.md');
  const line = text.split('\n').length - 2;
  assert.deepEqual(text.split('\n').slice(line - 1), ['- Migrate more.', '', '']);
  const items = getCompletions(engine, a, { line, character: 0 }).items;
  assert.deepEqual(
    items.map((i) => [i.label, i.detail, i.sortText, i.preselect ?? false, i.textEdit]),
    [
      ['Progress:', 'already in Data Facility', '20', false, { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: '### Progress' }],
      ['Plans:', 'already in Data Facility', '21', false, { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: '### Plans' }],
      [
        'Issues and Concerns:',
        'next expected; missing in Data Facility',
        '02',
        true,
        { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: '### Issues and Concerns' },
      ],
    ],
  );
  // After `### ` already typed, only the label.
  const typed = analyze(text.replace(/\n\n$/, '\n\n### Iss'), '2020-06.md');
  assert.equal(typed.document.getText().split('\n')[line + 1], '### Iss');
  const issues = getCompletions(engine, typed, { line: line + 1, character: 7 }).items.find((i) => i.preselect)!;
  assert.deepEqual(issues.textEdit, { range: { start: { line: line + 1, character: 4 }, end: { line: line + 1, character: 7 } }, newText: 'Issues and Concerns' });
  // The personal template has no teams: nothing at a line start.
  assert.deepEqual(getCompletions(engine, analyze(PERSONAL), { line: 11, character: 0 }).items, []);
});

test('loadTemplateFile never reads a device or a directory (a hostile {path: /dev/zero} would exhaust memory)', () => {
  assert.deepEqual(loadTemplateFile(new NodeHost(), '/dev/zero'), { error: 'cannot read template file /dev/zero (not a regular file)' });
  assert.deepEqual(loadTemplateFile(new NodeHost(), '/tmp'), { error: 'cannot read template file /tmp (a directory, not a file)' });
});
