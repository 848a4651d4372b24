/**
 * Which open documents the language server treats as reports (publishes
 * their diagnostics, offers their quick fixes): a document that is a report
 * (features/diagnostics.ts `isReport`) stays one until it is closed, so that
 * a large edit (select all, delete, then typing again) does not silently
 * clear its diagnostics and stop checking it halfway through.
 */
import type { Analysis, ReportEngine } from '../engine/engine';
import { isReport } from '../features/diagnostics';

/** The open reports, by URI. */
export class OpenReports {
  private readonly reports = new Set<string>();

  /** Whether the document of `analysis` is a report now, or has been one since it was opened. */
  has(engine: ReportEngine, analysis: Analysis): boolean {
    if (this.reports.has(analysis.uri)) return true;
    if (!isReport(engine, analysis)) return false;
    this.reports.add(analysis.uri);
    return true;
  }

  /** Forgets a closed document: when it is opened again, it is a report only if it is one then. */
  closed(uri: string): void {
    this.reports.delete(uri);
  }
}
