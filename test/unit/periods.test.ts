/**
 * Report periods (server/src/model/periods.ts): parsing from heading text,
 * `YYYY-MM` and file names, formatting, arithmetic; exact values, including
 * what the parsers reject. Then what the model reads with them (the period
 * heading, where its line writes it; the front matter's `period:`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  comparePeriods,
  fileNamePeriod,
  findPeriodText,
  formatMonthYear,
  formatYearMonth,
  monthIndex,
  MONTH_NAMES,
  monthsBetween,
  nextPeriod,
  parsePeriodText,
  parseYearMonth,
  periodOfIndex,
  previousPeriod,
  samePeriod,
  type Period,
} from '../../server/src/model/periods.ts';
import { parseDocument } from '../../server/src/model/parse.ts';
import { readFrontMatter } from '../../server/src/model/build.ts';
import { ReportEngine } from '../../server/src/engine/engine.ts';

const p = (year: number, month: number): Period => ({ year, month });

test('month names: the twelve full English names, January first', () => {
  assert.deepEqual(MONTH_NAMES, ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);
});

test('parsePeriodText: a month name or its abbreviation and a year in any case, an optional comma; else YYYY-MM', () => {
  const accepted: [string, Period][] = [
    ['April 2017', p(2017, 4)],
    ['DM Monthly Report: April 2017', p(2017, 4)],
    ['april 2017', p(2017, 4)],
    ['APRIL 2017', p(2017, 4)],
    ['September, 2017', p(2017, 9)],
    ['December ,  2016', p(2016, 12)],
    ['May\t2017', p(2017, 5)],
    ['Plans for January 2018.', p(2018, 1)],
    ['2017-04', p(2017, 4)],
    ['DM Monthly Report 2017-12', p(2017, 12)],
    ['2017-04-01', p(2017, 4)],
    ['(2017-04)', p(2017, 4)],
    // Words win over an ISO period written before them.
    ['Report 2017-03 (April 2017)', p(2017, 4)],
    // The first of two periods in words.
    ['May 2017 and June 2017', p(2017, 5)],
    // Abbreviations, with or without a dot, in any case (`Sept` too).
    ['Apr 2017', p(2017, 4)],
    ['Sept 2017', p(2017, 9)],
    ['Sept. 2017', p(2017, 9)],
    ['Sep. 2017', p(2017, 9)],
    ['sep 2017', p(2017, 9)],
    ['Dec 2017', p(2017, 12)],
    ['DEC. 2017', p(2017, 12)],
    ['Jan, 2018', p(2018, 1)],
    ['DM Monthly Report: Feb 2016', p(2016, 2)],
    ['## Nov 2015', p(2015, 11)],
  ];
  for (const [text, period] of accepted) assert.deepEqual(parsePeriodText(text), period, text);
  const rejected = [
    '',
    'April',
    '2017',
    // A month word needs a year; an abbreviation is a whole word (`Marc`, `Decision`, `Mayday` are none).
    'May',
    'In May we met',
    'Marc 2017',
    'Decision 2017',
    'Mayday 2017',
    'Sepp. 2017',
    'Apr.. 2017',
    // The comma must be followed by a blank; the year is four digits, a whole word.
    'April,2017',
    'April 17',
    'April 20171',
    'XApril 2017',
    // Markup between the month and the year (the model strips it before parsing).
    '**April** 2017',
    // ISO: the month 01–12 with two digits, the year a whole word of four digits.
    '2017-4',
    '2017-13',
    '2017-00',
    '12017-04',
    'x2017-04',
    '2017/04',
    '04-2017',
  ];
  for (const text of rejected) assert.equal(parsePeriodText(text), undefined, text);
});

test('findPeriodText: where the period is written, its whole length and form', () => {
  assert.deepEqual(findPeriodText('## April 2017'), { index: 3, length: 10, form: 'words', year: 2017, month: 4 });
  assert.deepEqual(findPeriodText('# DM Monthly Report: April, 2017\n'), { index: 21, length: 11, form: 'words', year: 2017, month: 4 });
  assert.deepEqual(findPeriodText('## APRIL 2017'), { index: 3, length: 10, form: 'words', year: 2017, month: 4 });
  assert.deepEqual(findPeriodText('# DM Monthly Report 2017-04'), { index: 20, length: 7, form: 'iso', year: 2017, month: 4 });
  assert.deepEqual(findPeriodText('## 2017-03 (April 2017)'), { index: 12, length: 10, form: 'words', year: 2017, month: 4 });
  assert.equal(findPeriodText('## **April** 2017'), undefined);
  // An abbreviation's dot is part of the period written.
  assert.deepEqual(findPeriodText('## Sept. 2017'), { index: 3, length: 10, form: 'words', year: 2017, month: 9 });
  assert.deepEqual(findPeriodText('## Apr 2017'), { index: 3, length: 8, form: 'words', year: 2017, month: 4 });
});

test('parseYearMonth: exactly YYYY-MM (blanks around ignored), year 1000–9999, month 01–12', () => {
  assert.deepEqual(parseYearMonth('2017-05'), p(2017, 5));
  assert.deepEqual(parseYearMonth(' 2018-12 '), p(2018, 12));
  assert.deepEqual(parseYearMonth('\t2017-01\n'), p(2017, 1));
  assert.deepEqual(parseYearMonth('1000-01'), p(1000, 1));
  assert.deepEqual(parseYearMonth('9999-12'), p(9999, 12));
  for (const bad of ['', '2017-5', '2017-13', '2017-00', '17-05', '0999-05', '+2017-05', '2017-05-01', '2017/05', '201705', 'May 2017', 'period: 2017-05', '２０１７-05', '2017-05x']) {
    assert.equal(parseYearMonth(bad), undefined, bad);
  }
});

test('fileNamePeriod: the first YYYY-MM of the file name that is not part of a longer number', () => {
  assert.deepEqual(fileNamePeriod('file:///reports/2017-05.md'), { year: 2017, month: 5, name: '2017-05.md' });
  assert.deepEqual(fileNamePeriod('file:///r/dm-monthly-report-2017-04.md'), { year: 2017, month: 4, name: 'dm-monthly-report-2017-04.md' });
  assert.deepEqual(fileNamePeriod('file:///r/report-2017-05-draft.md'), { year: 2017, month: 5, name: 'report-2017-05-draft.md' });
  assert.deepEqual(fileNamePeriod('file:///r/2017-13-then-2017-06.md'), { year: 2017, month: 6, name: '2017-13-then-2017-06.md' });
  // The path is decoded: `%2D` is a hyphen.
  assert.deepEqual(fileNamePeriod('file:///r/2017%2D05.md'), { year: 2017, month: 5, name: '2017-05.md' });
  // Only the file name counts; longer numbers are not periods.
  for (const uri of ['file:///2017-05/report.md', 'file:///r/12017-05.md', 'file:///r/2017-051.md', 'file:///r/2017-5.md', 'untitled:Untitled-1', 'file:///r/report.md']) {
    assert.equal(fileNamePeriod(uri), undefined, uri);
  }
});

test('formatting: YYYY-MM with a two-digit month, and the month name with the year', () => {
  assert.equal(formatYearMonth(p(2018, 1)), '2018-01');
  assert.equal(formatYearMonth(p(2017, 12)), '2017-12');
  assert.equal(formatMonthYear(p(2017, 9)), 'September 2017');
  assert.equal(formatMonthYear(p(2018, 1)), 'January 2018');
  // Round trips, every month of three years.
  for (let year = 2016; year <= 2018; year++) {
    for (let month = 1; month <= 12; month++) {
      assert.deepEqual(parseYearMonth(formatYearMonth(p(year, month))), p(year, month));
      assert.deepEqual(parsePeriodText(formatMonthYear(p(year, month))), p(year, month));
      assert.deepEqual(findPeriodText(`## ${formatMonthYear(p(year, month)).toUpperCase()}`)?.month, month);
    }
  }
});

test('arithmetic: next and previous month across the year, order, months between, the recency index', () => {
  assert.deepEqual(nextPeriod(p(2017, 4)), p(2017, 5));
  assert.deepEqual(nextPeriod(p(2017, 12)), p(2018, 1));
  assert.deepEqual(previousPeriod(p(2017, 5)), p(2017, 4));
  assert.deepEqual(previousPeriod(p(2018, 1)), p(2017, 12));
  assert.equal(monthIndex(p(2017, 4)), 2017 * 12 + 3);
  assert.equal(monthIndex(p(2017, 4)), 24207);
  assert.equal(monthIndex(p(2018, 1)) - monthIndex(p(2017, 12)), 1);
  assert.deepEqual(periodOfIndex(24207), p(2017, 4));
  assert.deepEqual(periodOfIndex(24215), p(2017, 12));
  assert.deepEqual(periodOfIndex(0), p(0, 1));
  assert.equal(comparePeriods(p(2017, 4), p(2017, 5)), -1);
  assert.equal(comparePeriods(p(2018, 1), p(2017, 12)), 1);
  assert.equal(comparePeriods(p(2017, 4), p(2017, 4)), 0);
  // Chronological, not as strings: 999-05 is before 2017-05.
  assert.ok(comparePeriods(p(999, 5), p(2017, 5)) < 0);
  assert.equal(monthsBetween(p(2017, 4), p(2017, 5)), 1);
  assert.equal(monthsBetween(p(2017, 12), p(2018, 1)), 1);
  assert.equal(monthsBetween(p(2017, 4), p(2018, 4)), 12);
  assert.equal(monthsBetween(p(2017, 5), p(2017, 4)), -1);
  assert.equal(samePeriod(p(2017, 4), { year: 2017, month: 4 }), true);
  assert.equal(samePeriod(p(2017, 4), p(2018, 4)), false);
});

test('the model: the period heading, and where its first line writes the period', () => {
  const engine = new ReportEngine();
  const model = (text: string) => engine.analyze('file:///r/periods.md', text, 1).model;
  const words = model('# DM Monthly Report\n\n## April, 2017\n\n## High-level Summary\n');
  assert.deepEqual(words.period, { year: 2017, month: 4, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 14 } } });
  assert.deepEqual(words.periodText, { range: { start: { line: 2, character: 3 }, end: { line: 2, character: 14 } }, form: 'words' });
  const title = model('# DM Monthly Report 2017-04\n');
  assert.deepEqual(title.periodText, { range: { start: { line: 0, character: 20 }, end: { line: 0, character: 27 } }, form: 'iso' });
  // Markup splits the period on the line: the model still reads it, but there is no text to rewrite.
  const bold = model('# DM Monthly Report\n\n## **April** 2017\n');
  assert.deepEqual([bold.period?.year, bold.period?.month, bold.periodText], [2017, 4, undefined]);
  const abbreviated = model('# DM Monthly Report\n\n## Apr 2017\n');
  assert.deepEqual(abbreviated.period, { year: 2017, month: 4, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } } });
  assert.deepEqual(abbreviated.periodText, { range: { start: { line: 2, character: 3 }, end: { line: 2, character: 11 } }, form: 'words' });
});

test('the front matter: period is exactly YYYY-MM, a year from 1000', () => {
  const front = (value: string) => readFrontMatter(parseDocument(`---\nperiod: ${value}\n---\n`));
  assert.deepEqual(front('2017-05')?.period?.value, p(2017, 5));
  assert.deepEqual(front('"2017-05"')?.period?.value, p(2017, 5));
  for (const bad of ['0999-05', '2017-5', 'May 2017', '2017-05-01']) {
    assert.deepEqual(front(bad)?.problems.map((x) => x.message), ['Front matter "period" must be a year and month, YYYY-MM (2017-05).'], bad);
  }
});
