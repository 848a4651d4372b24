/**
 * `unknown-wbs`: a WBS code the catalog lacks; information when its parent
 * code is catalogued (a new leaf), warning otherwise.
 * `wbs-name-mismatch`: a WBS element whose written name is none of the code's
 * known names (compared without case, punctuation and `&`/`and`); hint, with
 * one fix per known name, the name for the report's era first. A known name
 * followed by a note (`Data Access Client Framework - continued work`) is
 * fine; otherwise only the part before a note is compared and replaced.
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

/** Where a note after a WBS name begins: a spaced dash, an opening parenthesis, a colon or a sentence end. */
const NOTE = /\s+[-\u2013\u2014]\s+|\s*\(|:\s|\.\s|\.$/;

export const wbsNameMismatchRule: Rule = ({ engine, analysis }) => {
  const out: Finding[] = [];
  const period = analysis.model.period;
  for (const w of analysis.model.wbs) {
    if (!w.element || w.inBullet || !w.name || !w.nameRange) continue;
    if (!engine.wbs.get(w.code) || engine.wbs.startsWithKnownName(w.code, w.name)) continue;
    // The name ends where a note begins (`… Framework - continued work`, `… Framework (Butler work)`):
    // only the name is compared and replaced, never the author's note.
    const cut = w.name.search(NOTE);
    const name = cut > 0 ? w.name.slice(0, cut) : w.name;
    const range = { start: w.nameRange.start, end: { line: w.nameRange.start.line, character: w.nameRange.start.character + name.length } };
    const names = engine.wbs.namesByPreference(w.code, period);
    const unique = [...new Map(names.map((n) => [n.name, n])).values()];
    out.push(
      finding(
        'wbs-name-mismatch',
        DiagnosticSeverity.Hint,
        range,
        `"${name}" is not a known name of WBS ${w.code}; known names: ${unique.map((n) => `${n.name} (${n.era})`).join('; ')}.`,
        unique.map((n, i) => ({
          title: `Rename to "${n.name}" (${n.era})`,
          edits: [{ range, newText: n.name }],
          isPreferred: i === 0,
        })),
        { expected: unique[0]?.name },
      ),
    );
  }
  return out;
};
