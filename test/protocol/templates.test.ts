/**
 * Templates and the structure rules through the CLI (in-process, the folder in
 * memory) and over the protocol (`node dist/server.js --stdio`, the same files
 * in a temporary directory): a workspace whose `.dmreport.yaml` picks templates
 * by glob, reports with front matter, the reference saved as `2017-04.md` and
 * `2017-05.md`. Build first.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, HoverRequest, type CodeAction, type Diagnostic, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SAMPLE_TEXT, TestClient, countByCode } from './lsp';
import { memoryHost, runCli } from '../support/cli';
import { referenceDiagnostics, summaryLine, textLine } from '../support/reference';
import { matchSnapshot } from '../support/snapshot';

const PERSONAL = `# Monthly report: Jane Doe

## May 2019

## Objectives for next period

- Write the technote.

## Accomplishments this period

- Closed DM-18123.
`;

const CONFIG = 'template: dm-monthly-2017\ntemplates:\n  - files: "personal/*.md"\n    template: personal-monthly\n';
/** The workspace: relative path → text. */
const FILES: Record<string, string> = {
  '.dmreport.yaml': CONFIG,
  '2017-04.md': SAMPLE_TEXT,
  '2017-05.md': SAMPLE_TEXT,
  'personal/jane-2019-05.md': PERSONAL,
  'personal/bad.md': `---\ntemplate: nope\n---\n${PERSONAL}`,
  'fm.md': `---\ntemplate: personal-monthly\nperiod: 2019-06\n---\n${PERSONAL}`,
};

/** `dm-report ARGS…` in-process in the workspace, in memory. */
function cli(...args: string[]) {
  return runCli(args, { host: memoryHost(FILES) });
}
/** Diagnostic lines of the text output whose code is one of the structure rules. */
const STRUCTURE = /^\S+ (error|warning|info|hint) (missing-section|section-order|duplicate-section|empty-section|period-mismatch|heading-level|invalid-template|invalid-front-matter) /;

/** The workspace on disk, for the server. */
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-templates-cli-'));
  mkdirSync(join(dir, 'personal'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('CLI: the reference saved as 2017-04.md raises no missing-section, section-order, duplicate-section, period-mismatch; as 2017-05.md one period-mismatch', () => {
  const r = cli('check', '2017-04.md', '2017-05.md');
  assert.equal(r.code, 1);
  const lines = r.out.trimEnd().split('\n');
  const structure = lines.filter((l) => STRUCTURE.test(l));
  const levels = [
    ':58:1 warning heading-level "Planned activities:" is a level-4 heading, not below its team "DM Subsystem Science" (level 4): the subsections of this team are level 5.',
    ':67:1 warning heading-level "Current accomplishments:" is a level-4 heading, not below its team "DM System Engineering" (level 4): the subsections of this team are level 5.',
    ':378:1 warning heading-level "Current accomplishments:" is a level-3 heading; the subsections of "IPAC / California Institute of Technology" are level 4.',
    ':458:1 warning heading-level "Current accomplishments:" is a level-3 heading; the subsections of "SLAC / Stanford University" are level 4.',
    ':551:1 warning heading-level "Current accomplishments:" is a level-4 heading; the subsections of "NCSA / University of Illinois" are level 3.',
    ':804:1 warning heading-level "Current accomplishments:" is a level-2 heading, not below its team "AURA" (level 2): the subsections of this team are level 3.',
    ':840:1 warning heading-level "Planned activities:" is a level-4 heading; the subsections of "AURA" are level 3.',
  ];
  assert.deepEqual(structure, [
    ...levels.map((l) => `2017-04.md${l}`),
    '2017-05.md:5:1 warning period-mismatch The period heading says April 2017, but the file name 2017-05.md says May 2017.',
    ...levels.map((l) => `2017-05.md${l}`),
  ]);
  matchSnapshot('cli-check-reference-as-2017-04-and-2017-05', { code: r.code, err: r.err, out: lines });
  // 2017-04.md: the reference's diagnostics; 2017-05.md: the same and the period-mismatch.
  const reference = referenceDiagnostics();
  const mismatch = lines.filter((l) => l.startsWith('2017-05.md:') && l.includes(' period-mismatch '));
  assert.equal(mismatch.length, 1);
  assert.deepEqual(lines.filter((l) => l.startsWith('2017-04.md:')), reference.map((d) => textLine('2017-04.md', d)));
  assert.deepEqual(lines.filter((l) => l.startsWith('2017-05.md:') && l !== mismatch[0]), reference.map((d) => textLine('2017-05.md', d)));
  assert.equal(lines.at(-1), summaryLine([...reference, ...reference, { severity: 2 }], 2));
});

test('CLI: .dmreport.yaml `templates:` picks personal-monthly for personal/*.md; a bad front matter template is an error and falls back', () => {
  const r = cli('check', 'personal/jane-2019-05.md', 'personal/bad.md', 'fm.md');
  assert.equal(r.err, '');
  assert.equal(r.code, 1);
  assert.deepEqual(r.out.trimEnd().split('\n'), [
    'personal/jane-2019-05.md:9:1 warning section-order "Accomplishments this period" should come before "Objectives for next period" (template personal-monthly).',
    'personal/bad.md:2:11 error invalid-template Front matter template: unknown template "nope" (built-in: dm-monthly-2017, dm-monthly-2019, personal-monthly; a file is written {path: FILE}). Checked with personal-monthly instead.',
    'personal/bad.md:12:1 warning section-order "Accomplishments this period" should come before "Objectives for next period" (template personal-monthly).',
    'fm.md:7:1 warning period-mismatch The period heading says May 2019, but the front matter says period: 2019-06.',
    'fm.md:13:1 warning section-order "Accomplishments this period" should come before "Objectives for next period" (template personal-monthly).',
    '5 problems (1 error, 4 warnings, 0 info, 0 hints) in 3 files',
  ]);
  // JSON: the same, with 0-based ranges.
  const json = JSON.parse(cli('check', '--format', 'json', 'personal/jane-2019-05.md').out) as { file: string; diagnostics: Diagnostic[] }[];
  assert.deepEqual(json[0].diagnostics.map((d) => [d.code, d.range]), [
    ['section-order', { start: { line: 8, character: 0 }, end: { line: 8, character: 30 } }],
  ]);
});

test('CLI: an unknown template in .dmreport.yaml is an error on the configuration file; reports use dm-monthly-2017', () => {
  const files = { '.dmreport.yaml': '# ours\ntemplate: personal-montly\n', '2017-04.md': SAMPLE_TEXT };
  const r = runCli(['check', '2017-04.md'], { host: memoryHost(files) });
  const lines = r.out.trimEnd().split('\n');
  const configLine =
    '.dmreport.yaml:2:11 error invalid-template .dmreport.yaml template: unknown template "personal-montly" (built-in: dm-monthly-2017, dm-monthly-2019, personal-monthly; a file is written {path: FILE}). Reports use dm-monthly-2017 instead.';
  // The configuration's error, then the reference's diagnostics: checked with dm-monthly-2017.
  const reference = referenceDiagnostics();
  assert.deepEqual(lines, [configLine, ...reference.map((d) => textLine('2017-04.md', d)), summaryLine([{ severity: 1 }, ...reference], 2)]);
  assert.equal(r.code, 1);
  // The JSON output: the whole diagnostic, with the link to its documentation.
  const json = runCli(['check', '--format', 'json', '2017-04.md'], { host: memoryHost(files) });
  const entries = JSON.parse(json.out) as { file: string; diagnostics: Diagnostic[] }[];
  assert.deepEqual(entries.find((e) => e.file === '.dmreport.yaml')?.diagnostics, [
    {
      range: { start: { line: 1, character: 10 }, end: { line: 1, character: 25 } },
      severity: 1,
      code: 'invalid-template',
      source: 'dm-report',
      message:
        '.dmreport.yaml template: unknown template "personal-montly" (built-in: dm-monthly-2017, dm-monthly-2019, personal-monthly; a file is written {path: FILE}). Reports use dm-monthly-2017 instead.',
      codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#invalid-template' },
    },
  ]);
});

test('LSP: a personal report under the glob gets its template\'s diagnostics, a safe move fix, and a hover naming the rule', async () => {
  const client = new TestClient({ configuration: false });
  try {
    await client.initialize();
    const uri = pathToFileURL(join(dir, 'personal', 'jane-2019-05.md')).href;
    const published = client.nextDiagnostics(uri);
    await client.open(uri, readFileSync(join(dir, 'personal', 'jane-2019-05.md'), 'utf8'));
    const p = await published;
    assert.deepEqual(countByCode(p), { 'section-order': 1 });
    const d = p.diagnostics[0];
    assert.equal(d.message, '"Accomplishments this period" should come before "Objectives for next period" (template personal-monthly).');
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred, a.edit?.changes?.[uri]]),
      [
        [
          'Move "Accomplishments this period" before "Objectives for next period"',
          true,
          [
            // The last section moved away from the end takes the blank line before it: the file still ends with its last line of text.
            // The deletion ends at the end of the document ({11, 0}: the empty line after the final line break), not on line 12 past it.
            { range: { start: { line: 7, character: 0 }, end: { line: 11, character: 0 } }, newText: '' },
            { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: '## Accomplishments this period\n\n- Closed DM-18123.\n\n' },
          ],
        ],
      ],
    );
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 5 } });
    assert.equal(
      (hover!.contents as MarkupContent).value,
      '**Objectives for next period** — report section `objectives`\n\nRequired; 2nd of 6 report sections.\n' +
        'Order: Accomplishments this period → **Objectives for next period** → Issues and concerns → Meetings and travel → Publications and documents → Time off.\n\n' +
        'What you plan to do next period.\n\nTemplate `personal-monthly` (.dmreport.yaml templates[0] (personal/*.md)).',
    );
    // The fix applied: the sections in template order, no diagnostics left.
    const original = readFileSync(join(dir, 'personal', 'jane-2019-05.md'), 'utf8');
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, original), actions[0].edit!.changes![uri]);
    assert.equal(fixed, PERSONAL.replace('## Objectives for next period\n\n- Write the technote.\n\n## Accomplishments this period\n\n- Closed DM-18123.\n', '## Accomplishments this period\n\n- Closed DM-18123.\n\n## Objectives for next period\n\n- Write the technote.\n'));
    const republished = client.nextDiagnostics(uri, (x) => x.version === 2);
    await client.change(uri, 2, [{ text: fixed }]);
    assert.deepEqual((await republished).diagnostics, []);
  } finally {
    await client.shutdown();
  }
});
