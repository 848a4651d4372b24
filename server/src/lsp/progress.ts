/**
 * Work done progress of the workspace scan, as LSP reports it: the server asks the client for a
 * token (`window/workDoneProgress/create`), then sends `$/progress` begin, reports and end with
 * it. Only when the client declared `window.workDoneProgress`; a client that refuses the token
 * gets no progress (the scan goes on).
 */
import { WorkDoneProgress, WorkDoneProgressCreateRequest, type Connection } from 'vscode-languageserver/node';
import type { ScanProgress } from '../features/workspaceScan';

/** The title of the scan's progress, as the client shows it. */
export const SCAN_PROGRESS_TITLE = 'DM Report: indexing the workspace';

/**
 * Starts the progress of one scan.
 * @param supported whether the client declared `window.workDoneProgress` (read when a scan starts).
 * @returns a starter for `WorkspaceScanner`: the progress, or undefined without client support;
 *   it rejects when the client refuses the token.
 */
export function scanProgress(connection: Connection, supported: () => boolean): () => Promise<ScanProgress | undefined> {
  let scans = 0;
  return async () => {
    if (!supported()) return undefined;
    const token = `dm-report/scan/${++scans}`;
    await connection.sendRequest(WorkDoneProgressCreateRequest.type, { token });
    return {
      begin: (message, percentage) => void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'begin', title: SCAN_PROGRESS_TITLE, message, percentage, cancellable: false }),
      report: (message, percentage) => void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'report', message, percentage }),
      end: (message) => void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'end', message }),
    };
  };
}
