/**
 * The "Insert Missing Sections" use case (`dmReport.insertMissingSections`,
 * the Report Structure view's button): every insertion the `missing-section`
 * rule would offer, at once, as edits of the analysed version.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { AnalyzedDocument } from '../model/analysis';
import { findMissingSections } from '../rules/missingSection';
import { checkEdits } from '../rules/fixes';

/**
 * The insertions of every missing section of a report (none for a missing period
 * heading: only the author knows the period; none where a repeated subsection may be
 * the missing one, nor inside a code block, an HTML block or the front matter).
 * Line breaks are the document's.
 * @returns edits of `analysis.document` (0-based LSP ranges), non-overlapping, in document order.
 */
export function missingSectionEdits(analysis: AnalyzedDocument): TextEdit[] {
  return checkEdits(
    findMissingSections(analysis.model, analysis.template, analysis.document).flatMap((m) => (m.edit && !m.relabel ? [m.edit] : [])),
    analysis,
  );
}
