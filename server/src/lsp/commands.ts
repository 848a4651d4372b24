/**
 * The server's commands that are more than a call to a feature: arguments
 * checked and errors worded for the client (shell code; the use cases are
 * features/newMonthCommand.ts and features/insertMissingSections.ts).
 */
import { URI } from 'vscode-uri';
import type { Analysis, ReportEngine } from '../engine/engine';
import type { Host } from '../host/host';
import { planNewMonth } from '../features/newMonthCommand';
import { formatYearMonth, parseYearMonth } from '../model/periods';
import type { NewMonthResult } from '../protocol';

/** The largest previous report `dmReport.server.newMonth` reads from disk, in bytes. */
const MAX_PREVIOUS_REPORT_BYTES = 64 * 1024 * 1024;

/** What a command needs of the server. */
export interface CommandContext {
  host: Host;
  /** An open document's engine and analysis (parsed off the main thread); undefined when it is not open. */
  analysisOf(uri: string): Promise<{ engine: ReportEngine; analysis: Analysis } | undefined>;
  /** The engine of a document (publishing its configuration's problems). */
  engineOf(uri: string): ReportEngine;
}

/**
 * `dmReport.server.newMonth [uri, period?]`: next month's report from the report at `uri` (open, or read from disk);
 * `notes` says what `dm-report new` notes (a period not after the previous report's) and when the file name
 * had to differ from the previous report's own.
 * @throws Error (sent as the request's error; the promise rejects) for a missing report, a malformed period, or no period to follow.
 */
export async function newMonthCommand(args: unknown[] | undefined, ctx: CommandContext): Promise<NewMonthResult> {
  const { host, analysisOf, engineOf } = ctx;
  const uri = String(args?.[0] ?? '');
  if (!uri) throw new Error('dm-report: give the URI of the previous report as the first argument');
  const periodArg = args?.[1] === undefined || args[1] === null || args[1] === '' ? undefined : String(args[1]);
  const period = periodArg === undefined ? undefined : parseYearMonth(periodArg);
  if (periodArg !== undefined && !period) throw new Error(`dm-report: the period must be a month written YYYY-MM (e.g. 2017-05), not "${periodArg}"`);
  let r = await analysisOf(uri);
  const fromDisk = !r;
  if (!r) {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') throw new Error(`dm-report: ${uri} is not open`);
    let text: string;
    try {
      // Only a regular file: a URI naming a pipe or a device must not block or exhaust the server.
      text = host.readFile(parsed.fsPath, MAX_PREVIOUS_REPORT_BYTES).text.replace(/^\uFEFF/, '');
    } catch (e) {
      throw new Error(`dm-report: cannot read ${parsed.fsPath} (${(e as { code?: string }).code ?? String(e)})`);
    }
    const engine = engineOf(uri);
    await engine.prepare(uri, text, 0);
    r = { engine, analysis: engine.analyze(uri, text, 0) };
  }
  try {
    const outcome = planNewMonth(r.engine, r.analysis, period);
    if (outcome.kind === 'no-period') throw new Error('dm-report: the report has no period heading (e.g. "## April 2017"); give the new period as YYYY-MM');
    const { text, teams, carried } = outcome.result;
    const name = formatYearMonth(outcome.result.period);
    const notes: string[] = [];
    // The same note as `dm-report new`'s, without its `dm-report: note: ` prefix.
    if (outcome.notAfterPrevious) notes.push(`${name} is not after the previous report's period (${formatYearMonth(outcome.previous!)})`);
    if (outcome.ownName !== undefined) notes.push(`${outcome.ownName} is the previous report's own file name: the new report is named ${outcome.fileName}`);
    return { text, period: name, fileName: outcome.fileName, teams, carried, ...(notes.length ? { notes } : {}) };
  } finally {
    if (fromDisk) r.engine.close(uri);
  }
}
