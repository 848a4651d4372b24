/**
 * Diagnostics of one analysed document, for `textDocument/publishDiagnostics`
 * and the CLI. The rules live in ../rules; this is the feature's entry point.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Analysis } from '../engine';
import type { ReportModel } from '../model/types';

/**
 * Whether a Markdown document looks like a report at all: it has a period
 * heading or at least one section of the template. The language server
 * publishes no diagnostics for other Markdown files (READMEs, notes); the CLI
 * checks whatever it is given.
 */
export function looksLikeReport(model: ReportModel): boolean {
  return model.period !== undefined || model.sections.length > 0;
}

/** The diagnostics of a document version (cached with the analysis), sorted by position. */
export function getDiagnostics(analysis: Analysis): Diagnostic[] {
  return analysis.findings().map((f) => f.diagnostic);
}
