/**
 * `unknown-wbs`: a WBS code the catalog lacks; information when its parent
 * code is catalogued (a new leaf), warning otherwise.
 * `wbs-name-mismatch`: a WBS element whose written name is none of the code's
 * known names (compared without case, punctuation and `&`/`and`); hint, with
 * one fix per known name, the name for the report's era first.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parentWbsCode } from '../catalog/wbs';
import { finding, type Finding, type Rule } from './index';

export const unknownWbsRule: Rule = ({ engine, analysis }) => {
  const out: Finding[] = [];
  for (const w of analysis.model.wbs) {
    if (engine.wbs.get(w.code)) continue;
    const parent = parentWbsCode(w.code);
    const parentKnown = parent !== undefined && engine.wbs.get(parent) !== undefined;
    out.push(
      finding(
        'unknown-wbs',
        parentKnown ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning,
        w.codeRange,
        parentKnown
          ? `WBS element ${w.code} is not in the WBS catalog (its parent ${parent} is).`
          : `WBS element ${w.code} is not in the WBS catalog, nor is its parent${parent ? ` ${parent}` : ''}.`,
      ),
    );
  }
  return out;
};

export const wbsNameMismatchRule: Rule = ({ engine, analysis }) => {
  const out: Finding[] = [];
  const period = analysis.model.period;
  for (const w of analysis.model.wbs) {
    if (!w.element || w.inBullet || !w.name || !w.nameRange) continue;
    if (!engine.wbs.get(w.code) || engine.wbs.isKnownName(w.code, w.name)) continue;
    const names = engine.wbs.namesByPreference(w.code, period);
    const unique = [...new Map(names.map((n) => [n.name, n])).values()];
    out.push(
      finding(
        'wbs-name-mismatch',
        DiagnosticSeverity.Hint,
        w.nameRange,
        `"${w.name}" is not a known name of WBS ${w.code}; known names: ${unique.map((n) => `${n.name} (${n.era})`).join('; ')}.`,
        unique.map((n, i) => ({
          title: `Rename to "${n.name}" (${n.era})`,
          edits: [{ range: w.nameRange!, newText: n.name }],
          isPreferred: i === 0,
        })),
        { expected: unique[0]?.name },
      ),
    );
  }
  return out;
};
