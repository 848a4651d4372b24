/**
 * The new-month use case as both shells run it (`dm-report new`, the server's
 * `dmReport.server.newMonth`): which period, whether it follows the previous
 * report's, and the new report (features/newMonth.ts). The shells read and
 * write files and word the errors for their users.
 */
import type { Analysis, ReportEngine } from '../engine/engine';
import { newMonthReport, periodOf, type NewMonthResult } from './newMonth';
import { comparePeriods, fileNamePeriod, formatYearMonth, nextPeriod, periodFileName, type Period } from '../model/periods';

/** What `planNewMonth` decided. */
export type NewMonthOutcome =
  | {
      kind: 'report';
      result: NewMonthResult & { levelled: number };
      /** The previous report's period, when it has one. */
      previous?: Period;
      /** True when the requested period is not after the previous report's (a note, not an error). */
      notAfterPrevious: boolean;
      /**
       * The new report's file name, relative to the previous report's folder: named like the
       * previous one when its path gives a period (`2023/March.md` → `April.md`, `2017/September.md`
       * → `October.md`, December → `../2024/January.md`, `dm-monthly-report-2017-04.md` →
       * `dm-monthly-report-2017-05.md`), else `YYYY-MM.md`; never the previous file's own name
       * (`2017-05.md` whose heading says April 2017 → `2017-05-new.md`, see `ownName`).
       */
      fileName: string;
      /**
       * The previous report's own name, when the new report's name would have been it (its path
       * gives the new period: a misnamed file, or a period not after its own); `fileName` then ends
       * in `-new` before the extension.
       */
      ownName?: string;
    }
  /** No period was given and the previous report has none to follow. */
  | { kind: 'no-period' };

/**
 * Next month's report from an analysed previous report.
 * @param engine the previous report's engine.
 * @param previous its analysis.
 * @param period the new period; default the month after the previous report's period
 *   (front matter `period:`, else its period heading, else its file's path).
 * @returns the new report, or `no-period` when there is no period to follow. Never throws.
 */
export function planNewMonth(engine: ReportEngine, previous: Analysis, period?: Period): NewMonthOutcome {
  const before = periodOf(previous);
  if (!period) {
    if (!before) return { kind: 'no-period' };
    period = nextPeriod(before);
  }
  const notAfterPrevious = before !== undefined && comparePeriods(period, before) <= 0;
  const own = fileNamePeriod(previous.uri)?.name.split('/').pop(); // `2023/March.md` → `March.md`
  let fileName = periodFileName(previous.uri, period) ?? `${formatYearMonth(period)}.md`;
  const clash = fileName === own;
  if (clash) fileName = fileName.replace(/(\.[^./]*)?$/, (ext) => `-new${ext}`);
  return {
    kind: 'report',
    result: newMonthReport(engine, previous, period),
    ...(before ? { previous: before } : {}),
    notAfterPrevious,
    fileName,
    ...(clash ? { ownName: own } : {}),
  };
}
