/**
 * `period-mismatch` (warning): the period heading (`## April 2017`) names
 * another month than the front matter's `period: 2017-05`, or, without a
 * front matter period, than the file's path (`fileNamePeriod`: `2017-05.md`,
 * `dm-monthly-report-2017-05.md`, `May 2017.md`, `2017/May.md`) — the classic
 * mistake of copying last month's report and forgetting its heading. Reported
 * on the period heading.
 *
 * Fixes: "Change the period heading to May 2017" (preferred) rewrites only
 * the month and year in that heading, in its form (`May 2017`, `MAY 2017`,
 * `Oct. 2017` for `Sep. 2017`, or `2017-05`; see `formatPeriodLike`);
 * with front matter, "Change the front matter period to 2017-04" is the
 * other way round. Neither is safe: which of the two is wrong (the heading,
 * or the file name / front matter) only the author knows, so fix-all leaves
 * both.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import { fileNamePeriod, formatMonthYear, formatPeriodLike, formatYearMonth, samePeriod } from '../model/periods';
import { finding, type Finding, type Fix, type Rule } from './registry';

/** `May 2017`. */
const words = formatMonthYear;
/** `2017-05`. */
const iso = formatYearMonth;

export const periodMismatchRule: Rule = ({ analysis }): Finding[] => {
  const { model } = analysis;
  const heading = model.period;
  if (!heading) return [];
  const front = model.frontMatter?.period;
  const file = front ? undefined : fileNamePeriod(analysis.uri);
  const expected = front?.value ?? file;
  if (!expected || samePeriod(expected, heading)) return [];
  const fixes: Fix[] = [];
  // The month and year as written in the heading's first line.
  const written = model.periodText;
  if (written) {
    const replacement = formatPeriodLike(analysis.document.getText(written.range), expected);
    const edit: TextEdit = { range: written.range, newText: replacement };
    fixes.push({ title: `Change the period heading to ${replacement}`, edits: [edit], isPreferred: true });
  }
  if (front) fixes.push({ title: `Change the front matter period to ${iso(heading)}`, edits: [{ range: front.range, newText: iso(heading) }] });
  // `2017-05.md` is a file name; `2017/May.md` a path (the folder gives the year).
  const says = front
    ? `the front matter says period: ${iso(front.value)}`
    : `the ${file!.name.includes('/') ? 'path' : 'file name'} ${file!.name} says ${words(expected)}`;
  return [
    finding(
      'period-mismatch',
      heading.range,
      `The period heading says ${words(heading)}, but ${says}.`,
      fixes,
      { expected: iso(expected) },
    ),
  ];
};
