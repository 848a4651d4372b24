/**
 * `unknown-document`:
 * - a known series with a number the catalog lacks: information (catalogs are incomplete: `LSE-299`);
 * - an unknown series with a catalogued handle one edit away: warning with that suggestion (`SOR-019` → `SQR-019`);
 * - an unknown series with nothing close: nothing (it is probably not a handle).
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
    const suggestion = engine.documents.suggest(d.handle);
    if (!suggestion) continue;
    const title = engine.documents.get(suggestion)?.title;
    out.push(
      finding(
        'unknown-document',
        DiagnosticSeverity.Warning,
        d.range,
        `Unknown document series "${d.series}" in ${d.handle}; did you mean ${suggestion}${title ? ` (${title})` : ''}?`,
        [{ title: `Change to ${suggestion}`, edits: [{ range: d.range, newText: suggestion }], isPreferred: true }],
        { suggestion },
      ),
    );
  }
  return out;
};
