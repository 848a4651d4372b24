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
 * The usual three-letter abbreviations, January first: `MONTH_ABBREVIATIONS[month - 1]`
 * (`May` is its own). `Sept` is read as September too, but never written.
 */
export const MONTH_ABBREVIATIONS: readonly string[] = MONTH_NAMES.map((m) => m.slice(0, 3));

/**
 * A month word: a full name or an abbreviation (`April`, `Apr`, `Sept`, `Sep`), longest
 * first so that `March` is not read as `Mar` and `ch`; a regex source without flags or groups.
 */
const MONTH_WORD = [...MONTH_NAMES, 'Sept', ...MONTH_ABBREVIATIONS.filter((a) => a !== 'May')].join('|');

/**
 * A period in words: a month name or its abbreviation (`Apr`, `Sept`, with or without a
 * dot) in any case, a whole word, an optional comma, a four-digit year (`April 2017`,
 * `april, 2017`, `APRIL 2017`, `Apr 2017`, `Sep. 2017`).
 */
const PERIOD_WORDS = new RegExp(`\\b(${MONTH_WORD})(?![a-z])\\.?\\s*,?\\s+(\\d{4})\\b`, 'i');
/** A period in ISO form inside text: `2017-04` between word boundaries (month 01–12; `2017-04-01` holds one). */
const PERIOD_ISO = /\b(\d{4})-(0[1-9]|1[0-2])\b/;
/** A period that is the whole text: `YYYY-MM`, year 1000–9999, month 01–12. */
const YEAR_MONTH = /^([1-9]\d{3})-(0[1-9]|1[0-2])$/;
/**
 * `2017-05` in a file name, not part of a longer number (`2017-05.md`, `report-2017-05-draft.md`),
 * with the day that may follow it (`2023-03-31.md`).
 */
const FILE_PERIOD = /(?<!\d)(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?!\d)/;
/** A month word then a year in a file name, in any case, between non-letters and non-digits: `March 2023.md`, `apr-2017.md`, `Sept_2017.md`. */
const FILE_WORDS_YEAR = new RegExp(`(?<![a-z])(${MONTH_WORD})(?![a-z])([\\s_,.-]*)(\\d{4})(?!\\d)`, 'i');
/** A year then a month word in a file name: `2023 March.md`, `2023-mar.md`. */
const FILE_YEAR_WORDS = new RegExp(`(?<!\\d)(\\d{4})([\\s_.-]*)(${MONTH_WORD})(?![a-z])`, 'i');
/** A file name (without its extension) that is only a month: `March`, `mar`, `03` (in a folder named by the year). */
const MONTH_ONLY = new RegExp(`^(?:(0[1-9]|1[0-2])|(${MONTH_WORD}))$`, 'i');
/** A folder named by a year: `2023`. */
const YEAR_FOLDER = /^[1-9]\d{3}$/;

/** The 1-based month of a month name or abbreviation in any case (`april`, `Apr`, `SEPT` → 4, 4, 9); 0 when it is none. */
function monthOfName(name: string): number {
  const lower = name.toLowerCase();
  if (lower === 'sept') return 9;
  const full = MONTH_NAMES.findIndex((m) => m.toLowerCase() === lower);
  return full >= 0 ? full + 1 : MONTH_ABBREVIATIONS.findIndex((m) => m.toLowerCase() === lower) + 1;
}

/**
 * Month `month` written like the month word `written`: in full when `written` is a full
 * name, else as its three-letter abbreviation (`Sept` → `Oct`); in capitals when `written`
 * is all capitals, in lower case when it is all lower case, else capitalised.
 */
function monthLike(written: string, month: number): string {
  const abbreviated = monthOfName(written) > 0 && !MONTH_NAMES.some((m) => m.toLowerCase() === written.toLowerCase());
  const word = abbreviated ? MONTH_ABBREVIATIONS[month - 1] : MONTH_NAMES[month - 1];
  return written === written.toUpperCase() ? word.toUpperCase() : written === written.toLowerCase() ? word.toLowerCase() : word;
}

/** Where `findPeriodText` found a period, and which. */
export interface PeriodMatch extends Period {
  /** 0-based UTF-16 index of the match in the text searched. */
  index: number;
  /** UTF-16 length of the match: the whole of `April 2017`, `April, 2017`, `Sep. 2017` or `2017-04`. */
  length: number;
  /** `words` for a month name (or abbreviation) and a year, `iso` for `YYYY-MM`. */
  form: 'words' | 'iso';
}

/**
 * Finds the period written in a piece of text (a heading, a line): the first
 * month name or abbreviation followed by a year (`April 2017`, `April, 2017`,
 * `Apr 2017`, `Sept. 2017`, any case), else the first `YYYY-MM` between word
 * boundaries. Words win over an ISO form written earlier (`2017-04 (April 2017)`
 * → the `April 2017`). A month word without a year (`May`, `in May we…`) is no period.
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
 * Writes period `p` the way `written` (a period as `findPeriodText` matched it) is written:
 * `2017-04` → `2017-05`; `April 2017` → `May 2017`; `APRIL 2017` → `MAY 2017`;
 * `Apr 2017` → `May 2017`, `Sept. 2017` → `Oct. 2017` (abbreviated, with the dot;
 * `May` takes none); `April, 2017` → `May 2017` (the comma is dropped).
 * A text that is no period gives `formatMonthYear(p)`.
 */
export function formatPeriodLike(written: string, p: Period): string {
  const found = findPeriodText(written);
  if (!found) return formatMonthYear(p);
  if (found.form === 'iso') return formatYearMonth(p);
  const m = PERIOD_WORDS.exec(written)!;
  const month = monthLike(m[1], p.month);
  const dot = written.charAt(m.index + m[1].length) === '.' && month.length === 3 && p.month !== 5 ? '.' : '';
  return `${month}${dot} ${p.year}`;
}

/**
 * Parses the period of a heading's text (`April 2017`, `Apr. 2017`,
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

/** The days of a month (February of a leap year: 29). */
function daysIn(p: Period): number {
  return new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
}

/** How a document's path writes its period, and how it would write another one. */
interface PathPeriod extends Period {
  /** The part of the path that gives the period: the file name, or the folder and the file name (`2023/March.md`). */
  name: string;
  /** The file name of a report of period `p` written the same way, relative to this one's folder (`April.md`, `../2024/January.md`). */
  rename(p: Period): string;
}

/** How the last segments of a document URI's path write a period (see `fileNamePeriod`). */
function pathPeriod(uri: string): PathPeriod | undefined {
  const segments = URI.parse(uri).path.split('/');
  const name = segments.pop() ?? '';
  const folder = segments.pop() ?? '';
  const iso = FILE_PERIOD.exec(name);
  if (iso) {
    const day = iso[3] === undefined ? undefined : Number(iso[3]);
    const at = (p: Period) => {
      const last = daysIn({ year: Number(iso[1]), month: Number(iso[2]) });
      // A report dated the last day of its month is dated the last day of the next; else the same day (at most the last).
      const d = day === undefined ? '' : `-${String(day === last ? daysIn(p) : Math.min(day, daysIn(p))).padStart(2, '0')}`;
      return name.slice(0, iso.index) + formatYearMonth(p) + d + name.slice(iso.index + iso[0].length);
    };
    return { year: Number(iso[1]), month: Number(iso[2]), name, rename: at };
  }
  const wordsYear = FILE_WORDS_YEAR.exec(name);
  if (wordsYear) {
    const [whole, word, between] = wordsYear;
    return {
      year: Number(wordsYear[3]),
      month: monthOfName(word),
      name,
      rename: (p) => name.slice(0, wordsYear.index) + monthLike(word, p.month) + between + p.year + name.slice(wordsYear.index + whole.length),
    };
  }
  const yearWords = FILE_YEAR_WORDS.exec(name);
  if (yearWords) {
    const [whole, , between, word] = yearWords;
    return {
      year: Number(yearWords[1]),
      month: monthOfName(word),
      name,
      rename: (p) => name.slice(0, yearWords.index) + p.year + between + monthLike(word, p.month) + name.slice(yearWords.index + whole.length),
    };
  }
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = name.slice(stem.length);
  const only = MONTH_ONLY.exec(stem);
  if (only && YEAR_FOLDER.test(folder)) {
    const year = Number(folder);
    const month = only[1] !== undefined ? Number(only[1]) : monthOfName(only[2]);
    const stemOf = (p: Period) => (only[1] !== undefined ? String(p.month).padStart(2, '0') : monthLike(only[2], p.month));
    return {
      year,
      month,
      name: `${folder}/${name}`,
      rename: (p) => (p.year === year ? '' : `../${p.year}/`) + stemOf(p) + extension,
    };
  }
  return undefined;
}

/**
 * The period a document's path gives, in the ways reports are saved: a
 * `YYYY-MM` in the file name, not part of a longer number (`2017-05.md`,
 * `dm-monthly-report-2017-05.md`, `2023-03-31.md`; not `12017-05.md`); else a
 * month name or abbreviation and a year in it (`March 2023.md`, `apr-2017.md`,
 * `2023 March.md`); else a file named only by the month (`March.md`, `Mar.md`,
 * `03.md`) in a folder named by the year (`Monthly Reports/2023/March.md`).
 * @param uri a document URI (`file:///reports/2017-05.md`); never throws on a malformed one.
 * @returns the period with the part of the path that gives it (`2017-05.md`,
 *   `2023/March.md`), or undefined when the path gives none.
 */
export function fileNamePeriod(uri: string): (Period & { name: string }) | undefined {
  const found = pathPeriod(uri);
  return found ? { year: found.year, month: found.month, name: found.name } : undefined;
}

/**
 * The file name of the report of period `p` saved the way `uri` is saved (see
 * `fileNamePeriod`), relative to `uri`'s folder: `2023/March.md` → `April.md`
 * (December → `../2024/January.md`), `March 2023.md` → `April 2023.md`,
 * `2023-03-31.md` → `2023-04-30.md` (the last day stays the last day).
 * @returns the name, or undefined when `uri`'s path gives no period.
 */
export function periodFileName(uri: string, p: Period): string | undefined {
  return pathPeriod(uri)?.rename(p);
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
