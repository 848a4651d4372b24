/**
 * `unknown-document`:
 * - a known series with a number the catalog lacks: information (catalogs are incomplete: `LSE-299`);
 * - a slip of exactly one catalogued handle: warning with that suggestion and a "Change to" fix:
 *   one edit away in an unknown series (`SOR-019` → `SQR-019`), two letters of the series swapped
 *   (`LMD-151` → `LDM-151`), a known series in the wrong case (`ldm-151` → `LDM-151`) or without its
 *   hyphen (`LDM151` → `LDM-151`); see `DocumentCatalog.suggestion`;
 * - anything else: nothing (it is probably not a handle: `LCR-2313`, `DLP-526`).
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { finding, type Finding, type Rule } from './index';

export const unknownDocumentRule: Rule = ({ engine, analysis }) => {
  const out: Finding[] = [];
  for (const d of analysis.model.documents) {
    if (d.knownSeries) {
      if (!engine.documents.get(d.handle)) {
        out.push(
          finding(
            'unknown-document',
            DiagnosticSeverity.Information,
            d.range,
            `${d.handle} is not in the document catalog (the catalog is incomplete; check that the handle is right).`,
          ),
        );
      }
      continue;
    }
    const found = engine.documents.suggestion(d.handle);
    if (!found) continue;
    const suggestion = found.handle;
    const title = engine.documents.get(suggestion)?.title;
    const guess = `did you mean ${suggestion}${title ? ` (${title})` : ''}?`;
    const message =
      found.reason === 'missing-hyphen'
        ? `${d.handle} lacks the hyphen of a document handle; ${guess}`
        : found.reason === 'case'
          ? `Document series "${d.series}" is written ${suggestion.split('-')[0]}; ${guess}`
          : `Unknown document series "${d.series}" in ${d.handle}; ${guess}`;
    out.push(
      finding(
        'unknown-document',
        DiagnosticSeverity.Warning,
        d.range,
        message,
        [{ title: `Change to ${suggestion}`, edits: [{ range: d.range, newText: suggestion }], isPreferred: true }],
        { suggestion },
      ),
    );
  }
  return out;
};
