/**
 * `unknown-wbs`: a WBS code the catalog lacks; information when its parent
 * code is catalogued (a new leaf) or it lies below a catalogued level-2
 * element (`02C.03.99.01` under `02C.03`: the catalog lacks deeper codes of
 * later years), warning otherwise (`02C.99.01`: no such level-2 element).
 * `wbs-name-mismatch`, hint, on a WBS element (heading or label line) whose
 * written name (compared without case, punctuation and `&`/`and`; a note may
 * follow it: `Data Access Client Framework - continued work`) is
 * - a name of the code known only from another era than the report period's
 *   (`WbsCatalog.checkName`: a 2017 name in a November 2017 report):
 *   `data: {expected}` and one fix, "Rename to" the expected name (the
 *   workspace's name, else the era's best), replacing only the written name;
 * - none of the code's known names: kept as before the eras existed, a hint
 *   (catalogs are incomplete, and the author may use a newer name), with one
 *   fix per name the period expects (every known name when it expects none),
 *   best first, `data: {expected}`; the message lists every known name. Only
 *   the part before a note is compared and replaced.
 * No fix is `safe`: renaming rewrites the author's words. Without a period
 * every era's names are accepted.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parentWbsCode, isFy18, type WbsName } from '../catalog/wbs';
import { formatMonthYear, type Period } from '../model/periods';
import { finding, type Finding, type Rule } from './registry';

/** The level-2 element a code lies below (`02C.03` for `02C.03.99.01`); undefined for `02C` and level-2 codes themselves. */
export function level2Code(code: string): string | undefined {
  const parts = code.split('.');
  return parts.length > 2 ? parts.slice(0, 2).join('.') : undefined;
}

export const unknownWbsRule: Rule = ({ engine, analysis }) => {
  const out: Finding[] = [];
  for (const w of analysis.model.wbs) {
    if (engine.wbs.get(w.code)) continue;
    const parent = parentWbsCode(w.code);
    const parentKnown = parent !== undefined && engine.wbs.get(parent) !== undefined;
    const level2 = level2Code(w.code);
    const level2Known = level2 !== undefined && engine.wbs.get(level2) !== undefined;
    const nor = `WBS element ${w.code} is not in the WBS catalog, nor is its parent${parent ? ` ${parent}` : ''}`;
    out.push(
      finding(
        'unknown-wbs',
        w.codeRange,
        parentKnown
          ? `WBS element ${w.code} is not in the WBS catalog (its parent ${parent} is).`
          : level2Known
            ? `${nor} (its level-2 element ${level2} is).`
            : `${nor}.`,
        [],
        undefined,
        parentKnown || level2Known ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning,
      ),
    );
  }
  return out;
};

/** Where a note after a WBS name begins: a spaced dash, an opening parenthesis, a colon or a sentence end. */
const NOTE = /\s+[-\u2013\u2014]\s+|\s*\(|:\s|\.\s|\.$/;

/** `November 2017 (FY18 names)`. */
function describePeriod(period: Period): string {
  return `${formatMonthYear(period)} (${isFy18(period) ? 'LDM-294 FY18+ names' : '2017 and pre-FY18 names'})`;
}

export const wbsNameMismatchRule: Rule = ({ engine, analysis }) => {
  const out: Finding[] = [];
  const period = analysis.model.period;
  for (const w of analysis.model.wbs) {
    if (!w.element || w.inBullet || !w.name || !w.nameRange) continue;
    const check = engine.wbs.checkName(w.code, w.name, period);
    if (check.kind === 'expected' || !engine.wbs.get(w.code)) continue;
    if (check.kind === 'other-era') {
      const written = w.name.slice(0, check.length);
      const range = { start: w.nameRange.start, end: { line: w.nameRange.start.line, character: w.nameRange.start.character + check.length } };
      const expected = check.expected.name;
      const why = check.expected.era === 'workspace' ? 'the workspace names it' : `a report of ${describePeriod(period!)} uses`;
      out.push(
        finding(
          'wbs-name-mismatch',
          range,
          `"${written}" is the ${check.written.era} name of WBS ${w.code}; ${why} "${expected}".`,
          [{ title: `Rename to "${expected}" (${check.expected.era})`, edits: [{ range, newText: expected }], isPreferred: true }],
          { expected },
        ),
      );
      continue;
    }
    // The name ends where a note begins (`… Framework - continued work`, `… Framework (Butler work)`):
    // only the name is compared and replaced, never the author's note.
    const cut = w.name.search(NOTE);
    const name = cut > 0 ? w.name.slice(0, cut) : w.name;
    const range = { start: w.nameRange.start, end: { line: w.nameRange.start.line, character: w.nameRange.start.character + name.length } };
    const uniqueNames = (list: WbsName[]) => list.filter((n, i) => list.findIndex((m) => m.name === n.name) === i);
    const known = uniqueNames(engine.wbs.namesByPreference(w.code, period));
    // Fixes offer only the names the period expects (a fix must not trade this hint for an era hint); all when none is.
    const expected = uniqueNames(engine.wbs.expectedNames(w.code, period));
    const offered = expected.length ? expected : known;
    out.push(
      finding(
        'wbs-name-mismatch',
        range,
        `"${name}" is not a known name of WBS ${w.code}; known names: ${known.map((n) => `${n.name} (${n.era})`).join('; ')}.`,
        offered.map((n) => ({
          title: `Rename to "${n.name}" (${n.era})`,
          edits: [{ range, newText: n.name }],
          // None preferred: a name the code never had may be another element's, or the code may be the typo.
          isPreferred: false,
        })),
        { expected: offered[0]?.name },
      ),
    );
  }
  return out;
};
