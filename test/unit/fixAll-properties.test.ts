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

test('fix-all on 100 variants of a small report: no author line lost, no new kind of problem, one run, idempotent', () => {
  fc.assert(
    fc.property(reportVariant(SMALL), (v) => {
      checkFixAll(engine, v.text, { uri: 'file:///variants/small/2017-04.md' });
    }),
    { seed: 20170401, numRuns: 100, endOnFailure: true },
  );
});

test('fix-all on 15 variants of the reference report: no author line lost, no new kind of problem, one run, idempotent', () => {
  fc.assert(
    fc.property(reportVariant(REFERENCE_TEXT), (v) => {
      checkFixAll(engine, v.text);
    }),
    { seed: 20170430, numRuns: 15, endOnFailure: true },
  );
});

test('fix-all on chosen variants of the reference: a fence left open, a comment left open, a deleted label, a malformed heading, CR', () => {
  // The shapes the random runs may miss, each checked the same way.
  const cases: [Parameters<typeof applyVariant>[1], '\n' | '\r' | '\r\n'][] = [
    [[{ kind: 'insert-fence', line: 21, fence: '~~~' }], '\n'],
    [[{ kind: 'insert-fence', line: 21, fence: '```' }], '\r\n'],
    [[{ kind: 'insert-fence', line: 500, fence: '<!--' }], '\r'],
    [[{ kind: 'delete-heading', index: 20 }, { kind: 'duplicate-line', line: 57 }], '\n'],
    [[{ kind: 'malform-heading', index: 10, form: 'nbsp' }, { kind: 'break-ticket', index: 3, form: 'no-hyphen' }], '\r'],
  ];
  for (const [edits, eol] of cases) checkFixAll(engine, applyVariant(REFERENCE_TEXT, edits, eol));
});
