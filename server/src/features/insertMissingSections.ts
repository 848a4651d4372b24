/**
 * The "Insert Missing Sections" use case (`dmReport.insertMissingSections`,
 * the Report Structure view's button): every insertion the `missing-section`
 * rule would offer, at once, as edits of the analysed version.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { AnalyzedDocument } from '../model/analysis';
import { findMissingSections } from '../rules/missingSection';

/**
 * The insertions of every missing section of a report (none for a missing period
 * heading: only the author knows the period).
 * @returns edits of `analysis.document` (0-based LSP ranges), non-overlapping, in document order.
 */
export function missingSectionEdits(analysis: AnalyzedDocument): TextEdit[] {
  return findMissingSections(analysis.model, analysis.template, analysis.document).flatMap((m) => (m.edit ? [m.edit] : []));
}
