/**
 * Diagnostics of one analysed document, for `textDocument/publishDiagnostics`
 * and the CLI. The rules live in ../rules; this is the feature's entry point.
 */
import { outlineLooksLikeReport } from '../model/reportIndex';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Analysis, ReportEngine } from '../engine/engine';
import type { ReportModel } from '../model/types';

/**
 * Whether a Markdown document looks like a report at all: at least two of
 * the template's signs (a period heading, a report-level section of the
 * template, a team with a standard subsection). A changelog with a
 * `## May 2017` heading or meeting notes with a `## Risks` heading are not
 * reports. The language server publishes no diagnostics and offers no quick
 * fixes for other Markdown files (READMEs, notes), unless they are declared
 * reports (`isReport`); the CLI checks whatever it is given.
 */
export function looksLikeReport(model: ReportModel): boolean {
  return outlineLooksLikeReport(model.sections, model.period !== undefined);
}

/** A top-level `template:` or `period:` key line of a front matter, however the rest of it reads. */
const REPORT_KEY = /^(template|period)[ \t]*:/m;

/**
 * Whether a document is a report, to be checked as the CLI checks it: it looks like one
 * (`looksLikeReport`, under the template it was analysed with), or it is declared one — its front
 * matter names a template or a period (even one that cannot be used, or front matter that is not
 * YAML: that error is the author's to see, not to be silenced because the fallback template makes
 * the text look like no report), or a `.dmreport.yaml` `templates:` glob matches its path.
 * Other Markdown (a README, notes; front matter of other tools) is not a report.
 * @param engine the engine that analysed the document (its configuration's globs).
 */
export function isReport(engine: ReportEngine, analysis: Analysis): boolean {
  if (looksLikeReport(analysis.model) || analysis.templateChoice.problem !== undefined) return true;
  const front = analysis.model.frontMatter;
  if (front && (front.template !== undefined || front.period !== undefined)) return true;
  if (front && REPORT_KEY.test(analysis.document.getText(front.range))) return true;
  return engine.matchesTemplateGlob(analysis.uri);
}

/** The diagnostics of a document version (cached with the analysis), sorted by position. */
export function getDiagnostics(analysis: Analysis): Diagnostic[] {
  return analysis.findings().map((f) => f.diagnostic);
}
