/**
 * Report periods: the one place that knows how a month is named, written,
 * read and counted. A DM report covers one calendar month, its period; it is
 * written in a heading (`## April 2017`, `# DM Monthly Report 2017-04`), in
 * the front matter (`period: 2017-04`), in file names (`2017-04.md`) and on
 * the command line (`--period 2017-05`).
 *
 * Pure functions of plain data; nothing here throws. Months are 1-based
 * everywhere (January is 1); string indexes are 0-based UTF-16 offsets.
 */
import { URI } from 'vscode-uri';

/**
 * A report period: a calendar month.
 * `year` is the full year (2017); `month` is 1–12 (1 = January).
 * Functions here expect a whole `month` in 1–12; they do not check it.
 */
export interface Period {
  year: number;
  /** 1–12 (1 = January). */
  month: number;
}

/** The English month names as reports write them, January first: `MONTH_NAMES[month - 1]`. */
export const MONTH_NAMES: readonly string[] = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/**
 * A period in words: a full month name in any case, an optional comma, a
 * four-digit year (`April 2017`, `april, 2017`, `APRIL 2017`). Abbreviations
 * (`Apr 2017`, `Sept. 2017`) are not periods.
 */
const PERIOD_WORDS = new RegExp(`\\b(${MONTH_NAMES.join('|')})\\s*,?\\s+(\\d{4})\\b`, 'i');
/** A period in ISO form inside text: `2017-04` between word boundaries (month 01–12; `2017-04-01` holds one). */
const PERIOD_ISO = /\b(\d{4})-(0[1-9]|1[0-2])\b/;
/** A period that is the whole text: `YYYY-MM`, year 1000–9999, month 01–12. */
const YEAR_MONTH = /^([1-9]\d{3})-(0[1-9]|1[0-2])$/;
/** `2017-05` in a file name, not part of a longer number (`2017-05.md`, `report-2017-05-draft.md`). */
const FILE_PERIOD = /(?<!\d)(\d{4})-(0[1-9]|1[0-2])(?!\d)/;

/** The 1-based month of a full month name in any case (`april` → 4); 0 when it is none. */
function monthOfName(name: string): number {
  const lower = name.toLowerCase();
  return MONTH_NAMES.findIndex((m) => m.toLowerCase() === lower) + 1;
}

/** Where `findPeriodText` found a period, and which. */
export interface PeriodMatch extends Period {
  /** 0-based UTF-16 index of the match in the text searched. */
  index: number;
  /** UTF-16 length of the match: the whole of `April 2017`, `April, 2017` or `2017-04`. */
  length: number;
  /** `words` for a month name and a year, `iso` for `YYYY-MM`. */
  form: 'words' | 'iso';
}

/**
 * Finds the period written in a piece of text (a heading, a line): the first
 * month name followed by a year (`April 2017`, `April, 2017`, any case), else
 * the first `YYYY-MM` between word boundaries. Words win over an ISO form
 * written earlier (`2017-04 (April 2017)` → the `April 2017`).
 *
 * @param text any text; markup is not stripped (`**April** 2017` holds no period).
 * @returns the period with where it is written, or undefined when there is none.
 */
export function findPeriodText(text: string): PeriodMatch | undefined {
  const w = PERIOD_WORDS.exec(text);
  if (w) return { index: w.index, length: w[0].length, form: 'words', year: Number(w[2]), month: monthOfName(w[1]) };
  const iso = PERIOD_ISO.exec(text);
  if (iso) return { index: iso.index, length: iso[0].length, form: 'iso', year: Number(iso[1]), month: Number(iso[2]) };
  return undefined;
}

/**
 * Parses the period of a heading's text (`April 2017`,
 * `DM Monthly Report: April, 2017`, `2017-04`), as `findPeriodText` finds it.
 * @returns the period, or undefined when the text names none.
 */
export function parsePeriodText(text: string): Period | undefined {
  const found = findPeriodText(text);
  return found ? { year: found.year, month: found.month } : undefined;
}

/**
 * Parses a text that is exactly a period `YYYY-MM` (blanks around it
 * ignored): the front matter's `period:`, the CLI's `--period`, the server's
 * new-month argument.
 * @returns the period, or undefined unless the year is 1000–9999 and the month
 *   01–12 (`2017-5`, `2017-13`, `0999-05`, `May 2017`, `2017-05-01` are not periods).
 */
export function parseYearMonth(text: string): Period | undefined {
  const m = YEAR_MONTH.exec(text.trim());
  return m ? { year: Number(m[1]), month: Number(m[2]) } : undefined;
}

/**
 * The period in a document URI's file name (the last path segment): its
 * first `YYYY-MM` that is not part of a longer number (`2017-05.md`,
 * `dm-monthly-report-2017-05.md`; not `12017-05.md`).
 * @param uri a document URI (`file:///reports/2017-05.md`); never throws on a malformed one.
 * @returns the period with the file name, or undefined when the name holds none.
 */
export function fileNamePeriod(uri: string): (Period & { name: string }) | undefined {
  const name = URI.parse(uri).path.split('/').pop() ?? '';
  const m = FILE_PERIOD.exec(name);
  return m ? { year: Number(m[1]), month: Number(m[2]), name } : undefined;
}

/** `2017-05`: the year as a number, the month as two digits. The inverse of `parseYearMonth` for years 1000–9999. */
export function formatYearMonth(p: Period): string {
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/** `May 2017`: the month's full name and the year. */
export function formatMonthYear(p: Period): string {
  return `${MONTH_NAMES[p.month - 1]} ${p.year}`;
}

/**
 * The months since January of year 0: `year * 12 + month - 1` (April 2017 →
 * 24207). Larger is later; consecutive months differ by 1. Ticket recency is
 * this index of the most recent report citing the ticket.
 */
export function monthIndex(p: Period): number {
  return p.year * 12 + p.month - 1;
}

/** The period of a `monthIndex` (24207 → April 2017). */
export function periodOfIndex(index: number): Period {
  return { year: Math.floor(index / 12), month: (((index % 12) + 12) % 12) + 1 };
}

/** The month after `p` (April 2017 → May 2017; December 2017 → January 2018). */
export function nextPeriod(p: Period): Period {
  return periodOfIndex(monthIndex(p) + 1);
}

/** The month before `p` (May 2017 → April 2017; January 2018 → December 2017). */
export function previousPeriod(p: Period): Period {
  return periodOfIndex(monthIndex(p) - 1);
}

/** Orders periods: negative when `a` is before `b`, 0 when they are the same month, positive after (the difference in months). */
export function comparePeriods(a: Period, b: Period): number {
  return monthIndex(a) - monthIndex(b);
}

/** Whether `a` and `b` are the same month. */
export function samePeriod(a: Period, b: Period): boolean {
  return a.year === b.year && a.month === b.month;
}

/** Months from `from` to `to`: 1 from April to May 2017, 12 from April 2017 to April 2018, negative when `to` is earlier. */
export function monthsBetween(from: Period, to: Period): number {
  return monthIndex(to) - monthIndex(from);
}
