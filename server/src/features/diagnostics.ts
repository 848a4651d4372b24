/**
 * Diagnostics of one analysed document, for `textDocument/publishDiagnostics`
 * and the CLI. The rules live in ../rules; this is the feature's entry point.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Analysis } from '../engine/engine';
import type { ReportModel } from '../model/types';

/**
 * Whether a Markdown document looks like a report at all: at least two of
 * the template's signs (a period heading, a report-level section of the
 * template, a team with a standard subsection). A changelog with a
 * `## May 2017` heading or meeting notes with a `## Risks` heading are not
 * reports. The language server publishes no diagnostics and offers no quick
 * fixes for other Markdown files (READMEs, notes); the CLI checks whatever it
 * is given.
 */
export function looksLikeReport(model: ReportModel): boolean {
  let signs = model.period !== undefined ? 1 : 0;
  for (const section of model.sections) {
    if (section.templateId) signs++;
    for (const child of section.children) {
      const teams = child.kind === 'group' ? child.children : [child];
      if (teams.some((t) => t.kind === 'team' && t.children.some((c) => c.kind === 'subsection'))) signs++;
    }
    if (signs >= 2) return true;
  }
  return signs >= 2;
}

/** The diagnostics of a document version (cached with the analysis), sorted by position. */
export function getDiagnostics(analysis: Analysis): Diagnostic[] {
  return analysis.findings().map((f) => f.diagnostic);
}
