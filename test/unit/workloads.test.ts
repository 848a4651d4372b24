/**
 * The generated workloads of `npm run bench` (test/support/workloads.ts): the
 * 120 distinct reports are deterministic, distinct, made only of the
 * reference's lines (periods and ticket numbers changed), headings in order;
 * the hostile inputs have the sizes the issue names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REFERENCE_TEXT } from '../support/reference.ts';
import { binaryText, distinctReports, longLine, manyHeadings, quoteLine, repeatReport, seededRandom, unclosedTagLines } from '../support/workloads.ts';

const reports = distinctReports(REFERENCE_TEXT);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

test('120 reports, one a month from January 2015 to December 2024, the same on every run, all different', () => {
  assert.equal(reports.length, 120);
  assert.equal(reports[0].name, 'dm-monthly-report-2015-01.md');
  assert.equal(reports[119].name, 'dm-monthly-report-2024-12.md');
  assert.deepEqual(reports[59].period, { year: 2019, month: 12 });
  assert.equal(new Set(reports.map((r) => r.name)).size, 120);
  assert.equal(new Set(reports.map((r) => r.text)).size, 120);
  assert.deepEqual(distinctReports(REFERENCE_TEXT), reports);
  assert.notDeepEqual(distinctReports(REFERENCE_TEXT, { seed: 15 }).map((r) => r.text), reports.map((r) => r.text));
  assert.equal(reports.reduce((sum, r) => sum + Buffer.byteLength(r.text), 0), 7_524_917);
});

test('each report keeps the reference headings in order, its period in the period heading and the planned month', () => {
  const headings = REFERENCE_TEXT.split('\n').filter((l) => /^#{1,6} /.test(l));
  for (const r of reports) {
    const month = MONTHS[r.period.month - 1];
    const next = MONTHS[r.period.month % 12];
    const expected = headings.map((h) => (h === '## April 2017' ? `## ${month} ${r.period.year}` : h.replace('(for May 2017)', `(for ${next} ${r.period.month === 12 ? r.period.year + 1 : r.period.year})`)));
    assert.deepEqual(
      r.text.split('\n').filter((l) => /^#{1,6} /.test(l)),
      expected,
      r.name,
    );
  }
});

test('every other line of a report is a line of the reference, its tickets shifted by 97 per month', () => {
  const lines = new Set(REFERENCE_TEXT.split('\n'));
  reports.forEach((r, i) => {
    const shift = 97 * (i + 1);
    const foreign = r.text
      .split('\n')
      .filter((l) => l.trim() !== '' && !/^#{1,6} /.test(l))
      .map((l) => l.replace(/\bDM-(\d+)\b/g, (_, n: string) => `DM-${Number(n) - shift}`))
      .filter((l) => !lines.has(l));
    assert.deepEqual(foreign, [], r.name);
  });
  assert.match(reports[0].text, /\(DM-10538\)/); // DM-10441 + 97
});

test('the hostile inputs: sizes as issue 14 names them, deterministic', () => {
  assert.equal(repeatReport(REFERENCE_TEXT, 16).length, 16 * REFERENCE_TEXT.length + 15);
  assert.equal(quoteLine(100_000), `${'>'.repeat(100_000)}\n`);
  const tags = unclosedTagLines(1_000_000);
  assert.equal(tags.length, 1_000_008);
  assert.equal(tags.slice(0, 18), '<a <b <c\n<a <b <c\n');
  const headings = manyHeadings(50_000);
  assert.equal(headings.split('\n').filter((l) => l.startsWith('#')).length, 50_000);
  assert.equal(headings.split('\n').filter((l) => l !== '').at(-1), '### Heading 49995');
  assert.equal(binaryText(1000), binaryText(1000));
  assert.equal(longLine(200_000).split('\n')[4].length, 200_000);
  // mulberry32: the same numbers on every machine.
  const random = seededRandom(14);
  assert.deepEqual([random(), random()], [0.447958143427968, 0.4258096602279693]);
});
