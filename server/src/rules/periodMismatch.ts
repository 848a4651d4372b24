/**
 * `period-mismatch` (warning): the period heading (`## April 2017`) names
 * another month than the front matter's `period: 2017-05`, or, without a
 * front matter period, than a `YYYY-MM` in the file name (`2017-05.md`,
 * `dm-monthly-report-2017-05.md`) — the classic mistake of copying last
 * month's report and forgetting its heading. Reported on the period heading.
 *
 * Fixes: "Change the period heading to May 2017" (preferred) rewrites only
 * the month and year in that heading, in its form (`May 2017` or `2017-05`);
 * with front matter, "Change the front matter period to 2017-04" is the
 * other way round. Neither is safe: which of the two is wrong (the heading,
 * or the file name / front matter) only the author knows, so fix-all leaves
 * both.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { findPeriodText } from '../model/build';
import { finding, type Finding, type Fix, type Rule } from './registry';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** `2017-05` in a file name, not part of a longer number (`2017-05.md`, `report-2017-05-draft.md`). */
const FILE_PERIOD = /(?<!\d)(\d{4})-(0[1-9]|1[0-2])(?!\d)/;

/** `May 2017`. */
function words(p: { year: number; month: number }): string {
  return `${MONTHS[p.month - 1]} ${p.year}`;
}

/** `2017-05`. */
function iso(p: { year: number; month: number }): string {
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/** The period in a document URI's file name, if any. */
export function fileNamePeriod(uri: string): { year: number; month: number; name: string } | undefined {
  const name = URI.parse(uri).path.split('/').pop() ?? '';
  const m = FILE_PERIOD.exec(name);
  return m ? { year: Number(m[1]), month: Number(m[2]), name } : undefined;
}

export const periodMismatchRule: Rule = ({ analysis }): Finding[] => {
  const { model, document } = analysis;
  const heading = model.period;
  if (!heading) return [];
  const front = model.frontMatter?.period;
  const file = front ? undefined : fileNamePeriod(analysis.uri);
  const expected = front?.value ?? file;
  if (!expected || (expected.year === heading.year && expected.month === heading.month)) return [];
  const fixes: Fix[] = [];
  // The month and year as written in the heading's first line.
  const line = heading.range.start.line;
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const found = findPeriodText(text);
  if (found && found.year === heading.year && found.month === heading.month) {
    const replacement = found.form === 'words' ? words(expected) : iso(expected);
    const edit: TextEdit = {
      range: { start: { line, character: found.index }, end: { line, character: found.index + found.length } },
      newText: replacement,
    };
    fixes.push({ title: `Change the period heading to ${replacement}`, edits: [edit], isPreferred: true });
  }
  if (front) fixes.push({ title: `Change the front matter period to ${iso(heading)}`, edits: [{ range: front.range, newText: iso(heading) }] });
  const says = front ? `the front matter says period: ${iso(front.value)}` : `the file name ${file!.name} says ${words(expected)}`;
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
