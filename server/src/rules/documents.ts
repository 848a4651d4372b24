/**
 * `unknown-document`:
 * - a known series with a number the catalog lacks: information (catalogs are incomplete: `LSE-299`);
 * - an unknown series, or a known one miswritten, that is a slip of catalogued handles
 *   (`DocumentCatalog.candidates`): warning.
 *   - One candidate, or one that the text around the handle picks (`DocumentCatalog.suggestion`):
 *     that suggestion, `data: {suggestion}` and a preferred "Change to" fix: one edit away in an
 *     unknown series (`SOR-019` → `SQR-019`), two letters of the series swapped (`LMD-151` →
 *     `LDM-151`), a known series in the wrong case (`ldm-151` → `LDM-151`) or without its hyphen
 *     (`LDM151` → `LDM-151`).
 *   - Several that the text does not tell apart (`ITN-001`: CTN-001, ITTN-001, RTN-001): all of
 *     them, `data: {candidates}` and one "Change to" fix each, none preferred.
 * - anything else: nothing (it is probably not a handle: `LCR-2313`, `DLP-526`).
 * The text around a handle is its line (`handleContext`).
 */
import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import type { AnalyzedDocument } from '../model/analysis';
import { finding, type Finding, type Rule } from './registry';

/**
 * The text around a document handle, for telling candidates apart: the whole
 * line that holds it (a bullet or a paragraph line in these reports).
 * @param range 0-based LSP range of the handle.
 */
export function handleContext(analysis: AnalyzedDocument, range: Range): string {
  const line = range.start.line;
  return analysis.document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
}

/** `A`, `A or B`, `A, B or C`. */
function either(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export const unknownDocumentRule: Rule = ({ engine, analysis }) => {
  const out: Finding[] = [];
  for (const d of analysis.model.documents) {
    if (d.knownSeries) {
      if (!engine.documents.get(d.handle)) {
        out.push(
          finding(
            'unknown-document',
            d.range,
            `${d.handle} is not in the document catalog (the catalog is incomplete; check that the handle is right).`,
            [],
            undefined,
            DiagnosticSeverity.Information,
          ),
        );
      }
      continue;
    }
    const found = engine.documents.suggestion(d.handle, handleContext(analysis, d.range));
    if (!found) {
      const candidates = engine.documents.candidates(d.handle).map((c) => c.handle);
      if (candidates.length < 2) continue;
      out.push(
        finding(
          'unknown-document',
          d.range,
          `Unknown document series "${d.series}" in ${d.handle}; did you mean ${either(candidates)}?`,
          candidates.map((c) => ({ title: `Change to ${c} (${engine.documents.get(c)!.title})`, edits: [{ range: d.range, newText: c }] })),
          { candidates },
        ),
      );
      continue;
    }
    const suggestion = found.handle;
    const title = engine.documents.get(suggestion)?.title;
    const guess = `did you mean ${suggestion}${title ? ` (${title})` : ''}?`;
    const chosen = found.among ? ` (${either([suggestion, ...found.among].sort())} are all one slip away; the words around it match ${suggestion}'s title)` : '';
    const message =
      found.reason === 'missing-hyphen'
        ? `${d.handle} lacks the hyphen of a document handle; ${guess}`
        : found.reason === 'case'
          ? `Document series "${d.series}" is written ${suggestion.split('-')[0]}; ${guess}`
          : `Unknown document series "${d.series}" in ${d.handle}; ${guess}`;
    out.push(
      finding(
        'unknown-document',
        d.range,
        message + chosen,
        [{ title: `Change to ${suggestion}`, edits: [{ range: d.range, newText: suggestion }], isPreferred: true }],
        { suggestion },
      ),
    );
  }
  return out;
};
