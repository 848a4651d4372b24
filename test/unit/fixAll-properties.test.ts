/**
 * Property tests of fix-all (fast-check) over generated variants of the
 * reference report and of a small report (test/support/variants.ts): headings
 * deleted, fences and comments inserted, tickets broken, lines duplicated,
 * headings malformed, CRLF and CR line breaks. On every variant fix-all loses
 * no author line, makes no new kind of problem, converges in one run and
 * changes nothing the second time (`checkFixAll`). Fixed seeds and a modest
 * number of runs keep them in `npm test` (a few seconds).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import { REFERENCE_TEXT } from '../support/reference.ts';
import { applyVariant, authorWords, checkFixAll, insertedLines, reportVariant } from '../support/variants.ts';

const engine = new ReportEngine();

/** A small report of the 2017 template with a ticket, a placeholder link and a label line. */
const SMALL = [
  '# Data Management Monthly Report',
  '',
  '## April 2017',
  '',
  '### High-level Summary',
  '',
  '- Things happened ([DM-1234](#)).',
  '',
  '# Risk Management',
  '',
  'No new risks.',
  '',
  '## Detailed Project Progress and Status',
  '',
  '### SLAC',
  '',
  '#### Current accomplishments:',
  '',
  '#### 02C.06.01.01 Catalogs, Alerts and Metadata',
  '',
  '- Work on DM-1234 and DM-2345.',
  '',
  '#### Planned activities:',
  '',
  '- More work on DM-2345.',
  '',
  'Recruitment update: none',
  '',
].join('\n');

test('the variant generator: each kind of edit, and the line breaks', () => {
  const base = '# T\n\n## April 2017\n\nSee DM-12 and DM-34.\n\nCurrent accomplishments:\n';
  assert.equal(applyVariant(base, [{ kind: 'delete-heading', index: 1 }], '\n'), '# T\n\n\nSee DM-12 and DM-34.\n\nCurrent accomplishments:\n');
  assert.equal(applyVariant(base, [{ kind: 'delete-heading', index: 2 }], '\n'), '# T\n\n## April 2017\n\nSee DM-12 and DM-34.\n\n');
  assert.equal(applyVariant(base, [{ kind: 'insert-fence', line: 4, fence: '~~~' }], '\n'), '# T\n\n## April 2017\n\n~~~\n\nSee DM-12 and DM-34.\n\nCurrent accomplishments:\n');
  assert.equal(applyVariant(base, [{ kind: 'break-ticket', index: 1, form: 'space' }], '\n'), base.replace('DM-34', 'DM 34'));
  assert.equal(applyVariant(base, [{ kind: 'break-ticket', index: 2, form: 'no-hyphen' }], '\n'), base.replace('DM-12', 'DM12'));
  assert.equal(applyVariant(base, [{ kind: 'break-ticket', index: 0, form: 'lower-case' }], '\n'), base.replace('DM-12', 'dm-12'));
  assert.equal(applyVariant(base, [{ kind: 'duplicate-line', line: 2 }], '\n'), base.replace('## April 2017\n', '## April 2017\n## April 2017\n'));
  assert.equal(applyVariant(base, [{ kind: 'malform-heading', index: 1, form: 'nbsp' }], '\n'), base.replace('## April', '##\u00a0April'));
  assert.equal(applyVariant(base, [{ kind: 'malform-heading', index: 0, form: 'no-space' }], '\n'), base.replace('# T', '#T'));
  assert.equal(applyVariant(base, [{ kind: 'duplicate-line', line: 0 }], '\r'), `# T\r# T\r\r## April 2017\r\rSee DM-12 and DM-34.\r\rCurrent accomplishments:\r`);
  // What the safe fixes may change in a line, and no more.
  assert.equal(authorWords('#####\u00a0Planned  activities: [DM-1](#) and DM10221'), 'Planned activities: [DM1]() and DM10221');
  assert.equal(authorWords('####Planned activities: [DM1](https://x/DM-1) and DM-10221'), 'Planned activities: [DM1]() and DM10221');
  assert.equal(authorWords('####### seven'), '####### seven');
});

test('insertedLines: the lines of the fixed text that fix-all wrote', () => {
  const text = '# T\n\n## April 2017\n\ntext\n';
  const result = {
    text: '# T\n\n## April 2017\n\nNEW\n\ntext\nEND',
    edits: [
      { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: 'NEW\n\n' },
      { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: 'END' },
    ],
  } as Parameters<typeof insertedLines>[1];
  assert.deepEqual([...insertedLines(text, result)], [4, 7]);
});

test('fix-all on 80 variants of a small report: no author line lost, no new kind of problem, one run, idempotent', () => {
  fc.assert(
    fc.property(reportVariant(SMALL), (v) => {
      checkFixAll(engine, v.text, { uri: 'file:///variants/small/2017-04.md' });
    }),
    { seed: 20170401, numRuns: 80, endOnFailure: true },
  );
});

test('fix-all on 10 variants of the reference report: no author line lost, no new kind of problem, one run, idempotent', () => {
  fc.assert(
    fc.property(reportVariant(REFERENCE_TEXT), (v) => {
      checkFixAll(engine, v.text);
    }),
    { seed: 20170430, numRuns: 10, endOnFailure: true },
  );
});

test('fix-all on chosen variants: shapes the runs found wrong once (each failed before its fix), and ones they may miss', () => {
  const cases: [string, string, Parameters<typeof applyVariant>[1], '\n' | '\r' | '\r\n'][] = [
    // A code fence closed before headings that reveal a second `[DM-9993](#)`: not a fix that did not fix.
    ['reference', REFERENCE_TEXT, [{ kind: 'insert-fence', line: 313, fence: '```' }], '\n'],
    // A malformed heading in a team whose heading levels are normalised: its `#` run moves with the others.
    ['reference', REFERENCE_TEXT, [{ kind: 'malform-heading', index: 309, form: 'nbsp' }], '\r'],
    // The team heading and the section holding the teams deleted: no "Current accomplishments" team, no skeleton in it.
    ['small', SMALL, [{ kind: 'delete-heading', index: 4 }, { kind: 'break-ticket', index: 5, form: 'space' }, { kind: 'delete-heading', index: 4 }], '\r\n'],
    // A second fence inside the first one's hidden text: the label it hides is not missing.
    ['small', SMALL, [{ kind: 'insert-fence', line: 351, fence: '```' }, { kind: 'insert-fence', line: 1018, fence: '~~~' }], '\n'],
    // A malformed heading hidden in an open fence: not missing either.
    ['small', SMALL, [{ kind: 'insert-fence', line: 240, fence: '```' }, { kind: 'malform-heading', index: 350, form: 'no-space' }, { kind: 'duplicate-line', line: 29 }], '\n'],
    // The period heading written three times, the summary heading gone: the summary goes after the three.
    ['small', SMALL, [{ kind: 'delete-heading', index: 392 }, { kind: 'duplicate-line', line: 2 }, { kind: 'duplicate-line', line: 3 }], '\r'],
    // A fence left open, a comment left open, a deleted label and a duplicated line.
    ['reference', REFERENCE_TEXT, [{ kind: 'insert-fence', line: 21, fence: '~~~' }], '\n'],
    ['reference', REFERENCE_TEXT, [{ kind: 'insert-fence', line: 21, fence: '```' }], '\r\n'],
    ['reference', REFERENCE_TEXT, [{ kind: 'insert-fence', line: 500, fence: '<!--' }], '\r'],
    ['reference', REFERENCE_TEXT, [{ kind: 'delete-heading', index: 20 }, { kind: 'duplicate-line', line: 57 }], '\n'],
  ];
  for (const [name, base, edits, eol] of cases) {
    try {
      checkFixAll(engine, applyVariant(base, edits, eol), { uri: `file:///variants/chosen-${name}/2017-04.md` });
    } catch (e) {
      assert.fail(`${name} ${JSON.stringify(edits)} ${JSON.stringify(eol)}: ${(e as Error).message}`);
    }
  }
});

test('the shapes above, exactly: the team heading and the section holding the teams deleted; the period heading written three times', () => {
  // Before: "Current accomplishments:" became a team, and fix-all inserted a "Current accomplishments" into it.
  const orphans = applyVariant(SMALL, [{ kind: 'delete-heading', index: 4 }, { kind: 'delete-heading', index: 4 }], '\n');
  const fixed = checkFixAll(engine, orphans, { uri: 'file:///variants/orphans/2017-04.md' });
  assert.deepEqual(fixed.applied.filter((a) => a.code === 'missing-section').map((a) => a.title), ['Insert "Detailed Project Progress and Status"']);
  assert.match(fixed.text, /No new risks\.\n\n\n\n# Detailed Project Progress and Status\n\n#### Current accomplishments:\n/);
  // Before: the summary went right under the first period heading and took the other two in as empty topics.
  const thrice = applyVariant(SMALL, [{ kind: 'delete-heading', index: 2 }, { kind: 'duplicate-line', line: 2 }, { kind: 'duplicate-line', line: 3 }], '\n');
  assert.match(checkFixAll(engine, thrice, { uri: 'file:///variants/thrice/2017-04.md' }).text, /^# Data Management Monthly Report\n\n## April 2017\n## April 2017\n## April 2017\n\n# High-level Summary\n\n/);
});
