/**
 * What a newcomer found in the structure of teams and the fixes that rely on it:
 * a team heading one level too deep swallowed by the team before it (a false
 * "empty" alarm, duplicate subsections, and a heading-level fix that moved the
 * team into the previous one); fix-all moving a section to the very end; Insert
 * Missing Sections copying a wrong-level heading, and writing LF into CRLF text;
 * `check --fix` counting problems check never showed. Line numbers in comments
 * are 1-based; positions are 0-based LSP ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeFixes, fixedProblems } from '../../server/src/cli.ts';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { teamsOf } from '../../server/src/model/outline.ts';
import { fixAll } from '../../server/src/features/fixAll.ts';
import { missingSectionEdits } from '../../server/src/features/insertMissingSections.ts';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { memoryHost, runCli } from '../support/cli.ts';

const engine = new ReportEngine();
let n = 0;
function analyze(text: string, name = '2017-06.md'): Analysis {
  return engine.analyze(`file:///tmp/team-outline-${n++}/${name}`, text, 1);
}
/** The findings as `line:code` (1-based line) with the safety of their preferred fix. */
function brief(a: Analysis): string[] {
  return a.findings().map((f) => `${f.diagnostic.range.start.line + 1}:${f.diagnostic.code}${f.fixes.some((x) => x.safe) ? ' (safe fix)' : ''}`);
}

/** The newcomer's June 2017 report: Princeton's heading one level too deep, after UW's subsections. */
const JUNE = (team: string) => `# Data Management Monthly Report

## June 2017

## High-level Summary

Good month.

## Risk Management

No change.

## Detailed Project Progress and Status

## University of Washington

### Current accomplishments

Work on DM-10500.

### Planned activities

More work.

### Recruitment update

None.

### ${team}

#### Current accomplishments

Deblender tests.

#### Planned activities

More deblender tests.

#### Recruitment update

None.
`;

test('finding 5: a heading naming a template team after another team\'s subsections is that team, at any depth: no empty, duplicate or heading-level warning', () => {
  const a = analyze(JUNE('Princeton University'));
  assert.deepEqual(brief(a), []);
  const teams = teamsOf(a.model).map(({ team }) => `${team.title} (level ${team.style.depth}): ${team.children.map((c) => `${c.title} ${c.style.depth}`).join(', ')}`);
  assert.deepEqual(teams, [
    'University of Washington (level 2): Current accomplishments 3, Planned activities 3, Recruitment update 3',
    'Princeton University (level 3): Current accomplishments 4, Planned activities 4, Recruitment update 4',
  ]);
  // An alias names the team too (`Princeton`); the team's own name under it stays a topic (`### University of Washington` in UW).
  assert.deepEqual(brief(analyze(JUNE('Princeton'))), []);
  const own = analyze(JUNE('University of Washington'));
  assert.deepEqual(teamsOf(own.model).map(({ team }) => team.title), ['University of Washington']);
});

test('finding 5: check --fix leaves the report as it is; new --from keeps Princeton with its own plan', () => {
  const host = memoryHost({ '2017-06.md': JUNE('Princeton University') });
  const fixed = runCli(['check', '--fix', '2017-06.md'], { host });
  assert.equal(fixed.code, 0);
  assert.equal(fixed.err, '');
  assert.equal(host.get('/ws/2017-06.md'), JUNE('Princeton University'));
  const made = runCli(['new', '--from', '2017-06.md'], { host });
  assert.equal(made.code, 0);
  const lines = made.out.split('\n');
  const at = (heading: string) => lines.indexOf(heading);
  assert.ok(at('### Princeton University') > at('### Recruitment update'), made.out);
  // UW's plan under UW's accomplishments, Princeton's under Princeton's: none lost, none moved to another team.
  assert.deepEqual(lines.slice(at('## University of Washington'), at('### Planned activities')), ['## University of Washington', '', '### Current accomplishments', '', '- [ ] More work.', '']);
  assert.deepEqual(lines.slice(at('### Princeton University'), at('#### Planned activities')), ['### Princeton University', '', '#### Current accomplishments', '', '- [ ] More deblender tests.', '']);
});

test('finding 5: an unknown team one level too deep: no false "empty"; heading-level\'s fix is not safe (it would move the heading into UW\'s Recruitment update)', () => {
  const text = JUNE('Ohio State Institute');
  const a = analyze(text);
  assert.deepEqual(brief(a), [
    '31:duplicate-section',
    '31:heading-level',
    '35:duplicate-section',
    '35:heading-level',
    '39:duplicate-section',
    '39:heading-level',
  ]);
  // The quick fix is still offered, by hand.
  const level = a.findings().find((f) => f.diagnostic.code === 'heading-level')!;
  assert.deepEqual(level.fixes.map((f) => [f.title, f.safe]), [['Normalise the heading levels of "University of Washington"', false]]);
  const r = fixAll(engine, a);
  assert.equal(r.applied.length, 0);
  assert.deepEqual(r.edits, []);
});

test('finding 10: a section moved before another goes right after its own text; a heading of its level read under it stays; the file ends as it did', () => {
  const april = '# Objectives for next period\n\n- Finish the paper.\n\n# Accomplishments this period\n\n- Submitted DMTN-250 draft.\n- Gave a talk.\n\n# Training\n\nTook the Rubin security training.\n\n# Notes\n\nNothing else.\n';
  const host = memoryHost({ 'Monthly Reports/2023/April.md': april });
  const r = runCli(['check', '--fix', 'Monthly Reports/2023/April.md'], { host });
  assert.equal(r.code, 0);
  assert.equal(r.err, 'dm-report: Monthly Reports/2023/April.md: fixed 1 problem (1 section-order)\n');
  assert.equal(
    host.get('/ws/Monthly Reports/2023/April.md'),
    '# Accomplishments this period\n\n- Submitted DMTN-250 draft.\n- Gave a talk.\n\n# Objectives for next period\n\n- Finish the paper.\n\n# Training\n\nTook the Rubin security training.\n\n# Notes\n\nNothing else.\n',
  );
});

test('finding 10: a subsection moved to the end of the file, or away from it, leaves no blank line at the end (LF and CRLF)', () => {
  const team = (subs: string) => JUNE('Princeton University').replace(/### Current accomplishments[\s\S]*$/, subs);
  // Recruitment update first in the last team: moved after Planned activities, at the end of the file.
  const first = team('### Recruitment update\n\nNone.\n\n### Current accomplishments\n\nWork on DM-10500.\n\n### Planned activities\n\nMore work.\n');
  const expected = team('### Current accomplishments\n\nWork on DM-10500.\n\n### Planned activities\n\nMore work.\n\n### Recruitment update\n\nNone.\n');
  // Planned activities last, before Current accomplishments: moved up, away from the end of the file.
  const last = team('### Planned activities\n\nMore work.\n\n### Recruitment update\n\nNone.\n\n### Current accomplishments\n\nWork on DM-10500.\n');
  for (const [input, eol] of [[first, '\n'], [last, '\n'], [first, '\r\n'], [last, '\r\n']] as const) {
    const host = memoryHost({ '2017-06.md': input.replace(/\n/g, eol) });
    const r = runCli(['check', '--fix', '2017-06.md'], { host });
    assert.equal(r.code, 0, r.out);
    assert.equal(host.get('/ws/2017-06.md'), expected.replace(/\n/g, eol));
  }
});

/** UW with `##### Current accomplishments` among `####` subsections (a tie: the shallower level counts) and no Planned activities. */
const UW_LEVELS = JUNE('Princeton University')
  .replace(/### Current accomplishments[\s\S]*$/, '##### Current accomplishments\n\nWork on DM-10500.\n\n#### Recruitment update\n\nNone.\n')
  .replace('## University of Washington', '### University of Washington');

test('finding 11: Insert Missing Sections writes the heading at the level of the team\'s subsections, not a wrong-level neighbour\'s', () => {
  const a = analyze(UW_LEVELS);
  assert.deepEqual(brief(a), ['15:missing-section (safe fix)', '17:heading-level (safe fix)']);
  const edits = missingSectionEdits(a);
  assert.deepEqual(edits.map((e) => e.newText), ['#### Planned activities\n\n']);
  const inserted = TextDocument.applyEdits(a.document, edits);
  // No new heading-level warning: only the one the report already had, and the new section is empty for the author to fill.
  assert.deepEqual(brief(analyze(inserted)), ['17:heading-level (safe fix)', '21:empty-section']);
  // The quick fix of missing-section inserts the same heading.
  const quick = a.findings().find((f) => f.diagnostic.code === 'missing-section')!.fixes[0];
  assert.deepEqual(quick.edits, edits);
});

test('finding 11: in a CRLF report, Insert Missing Sections and single quick fixes write CRLF, as fix-all does', () => {
  const crlf = UW_LEVELS.replace(/\n/g, '\r\n');
  const a = analyze(crlf);
  const edits = missingSectionEdits(a);
  assert.deepEqual(edits.map((e) => e.newText), ['#### Planned activities\r\n\r\n']);
  for (const f of a.findings()) for (const fix of f.fixes) for (const e of fix.edits) assert.doesNotMatch(e.newText, /(^|[^\r])\n/, `${f.diagnostic.code}: ${JSON.stringify(e.newText)}`);
  const fixed = fixAll(engine, a).text;
  assert.doesNotMatch(fixed, /(^|[^\r])\n/);
  assert.equal(fixed, TextDocument.applyEdits(a.document, [...edits]).replace('##### Current', '#### Current'));
});

test('finding 12: `check --fix` counts the problems check listed that are gone, by code: the reference\'s 7 heading-level warnings, not its 6 fixes', () => {
  const reference = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
  const listed = runCli(['check', '2017-04.md'], { host: memoryHost({ '2017-04.md': reference }) });
  assert.match(listed.out, /^77 problems /m);
  const host = memoryHost({ '2017-04.md': reference });
  const r = runCli(['check', '--fix', '2017-04.md'], { host });
  assert.equal(r.err, 'dm-report: 2017-04.md: fixed 69 problems (61 placeholder-link, 7 heading-level, 1 malformed-ticket)\n');
  assert.match(r.out, /^8 problems /m);
  // Never more than check listed, per code; a code with more problems after the fix counts none.
  const d = (code: string) => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: '', code });
  assert.deepEqual(fixedProblems([d('heading-level'), d('heading-level'), d('missing-section')], [d('empty-section'), d('empty-section'), d('heading-level')]), ['heading-level', 'missing-section']);
  assert.equal(describeFixes([]), 'fixed 0 problems');
});
