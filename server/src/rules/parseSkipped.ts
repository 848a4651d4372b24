/**
 * `parse-skipped` (information): a part of the report (a block of
 * ../model/parse.ts) that remark-parse could not parse within its budget and
 * that the light fallback read instead (../model/blockParser.ts,
 * ../model/fallback.ts). Reported on the part's first line:
 *
 *   This part (lines 5–9) could not be parsed within 2 s (one line of 100,000 `>`); structure checks skipped here.
 *
 * "Structure checks skipped" holds: findings of the codes in
 * `SKIPPED_IN_FALLBACK` that start inside a skipped part are dropped
 * (`withoutSkippedChecks`, called by `runRules`): the fallback reads no lists,
 * links, code or HTML blocks, so those rules could only be wrong there. What
 * the fallback does read — headings, label lines, identifiers — is still
 * checked (missing-section, the identifier rules, period-mismatch). No fix
 * writes inside a skipped part (./fixes.ts, through `skippedParts`).
 */
import type { Range } from 'vscode-languageserver-types';
import type { AnalyzedDocument } from '../model/analysis';
import { firstLine, splitLines } from '../model/lines';
import type { SkippedParse } from '../model/parse';
import { finding, type Finding, type Rule, type RuleCode } from './registry';

/** The codes whose findings are dropped inside a skipped part: the structure checks the fallback cannot support. */
export const SKIPPED_IN_FALLBACK: readonly RuleCode[] = [
  'unclosed-block',
  'malformed-heading',
  'section-order',
  'duplicate-section',
  'empty-section',
  'heading-level',
  'wbs-misplaced',
  'placeholder-link',
];

/** A skipped part of a document. */
export interface SkippedPart {
  /** UTF-16 offsets of its first character and past its last one, in the document. */
  start: number;
  end: number;
  /** 0-based lines of its first line and of its last line with text. */
  firstLine: number;
  lastLine: number;
  /** Its first line, as a 0-based LSP range (where the diagnostic is). */
  range: Range;
  skipped: SkippedParse;
}

/** The skipped parts of an analysed document, in order. */
export function skippedParts(analysis: AnalyzedDocument): SkippedPart[] {
  const out: SkippedPart[] = [];
  for (const placed of analysis.parsed.blocks) {
    const { skipped, text } = placed.block;
    if (!skipped) continue;
    // Its last line with text: the blank lines before the next heading are not named.
    const lines = splitLines(text);
    let last = lines.length - 1;
    while (last > 0 && lines[last].trim() === '') last--;
    out.push({
      start: placed.startOffset,
      end: placed.startOffset + text.length,
      firstLine: placed.startLine,
      lastLine: placed.startLine + last,
      range: { start: { line: placed.startLine, character: 0 }, end: { line: placed.startLine, character: firstLine(text).length } },
      skipped,
    });
  }
  return out;
}

/** `300 ms`, `2 s`, `2.5 s`. */
export function formatBudget(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** The message of a skipped part. */
function message(part: SkippedPart): string {
  const lines = part.firstLine === part.lastLine ? `line ${part.firstLine + 1}` : `lines ${part.firstLine + 1}–${part.lastLine + 1}`;
  const { reason, budgetMs, cause } = part.skipped;
  const why =
    reason === 'budget'
      ? `could not be parsed within ${formatBudget(budgetMs)} (${cause})`
      : reason === 'memory'
        ? `could not be parsed within the parser's memory limit (${cause})`
        : `could not be parsed: the parser failed (${cause})`;
  return `This part (${lines}) ${why}; structure checks skipped here.`;
}

export const parseSkippedRule: Rule = ({ analysis }): Finding[] => skippedParts(analysis).map((part) => finding('parse-skipped', part.range, message(part)));

/**
 * The findings without those of `SKIPPED_IN_FALLBACK` codes that start inside a skipped part.
 * @returns `findings` itself when nothing was skipped.
 */
export function withoutSkippedChecks(findings: Finding[], analysis: AnalyzedDocument): Finding[] {
  const parts = skippedParts(analysis);
  if (parts.length === 0) return findings;
  const { document } = analysis;
  return findings.filter((f) => {
    if (!SKIPPED_IN_FALLBACK.includes(f.diagnostic.code)) return true;
    const at = document.offsetAt(f.diagnostic.range.start);
    return !parts.some((p) => at >= p.start && at < p.end);
  });
}
