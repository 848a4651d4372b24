/**
 * Every rule, in the order their findings are reported, and the function that runs them.
 */
import type { AnalyzedDocument } from '../model/analysis';
import type { Finding, Rule, RuleEnvironment } from './registry';
import { missingSectionRule } from './missingSection';
import { malformedTicketRule } from './tickets';
import { unknownDocumentRule } from './documents';
import { unknownWbsRule, wbsNameMismatchRule } from './wbs';
import { wbsMisplacedRule } from './wbsMisplaced';
import { placeholderLinkRule } from './links';
import { frontMatterRule } from './frontMatter';
import { sectionOrderRule } from './sectionOrder';
import { duplicateSectionRule } from './duplicateSection';
import { emptySectionRule } from './emptySection';
import { periodMismatchRule } from './periodMismatch';
import { headingLevelRule } from './headingLevel';
import { malformedHeadingRule, unclosedBlockRule } from './blocks';
import { checkFixes } from './fixes';
import { parseSkippedRule, withoutSkippedChecks } from './parseSkipped';

export type { Finding, Fix, RuleCode } from './registry';

/** Every rule, in the order their findings are reported. */
export const RULES: readonly Rule[] = [
  parseSkippedRule,
  unclosedBlockRule,
  malformedHeadingRule,
  missingSectionRule,
  malformedTicketRule,
  unknownDocumentRule,
  unknownWbsRule,
  wbsNameMismatchRule,
  wbsMisplacedRule,
  placeholderLinkRule,
  frontMatterRule,
  sectionOrderRule,
  duplicateSectionRule,
  emptySectionRule,
  periodMismatchRule,
  headingLevelRule,
];

/**
 * Runs every rule on one analysed document; the structure checks that start in a part
 * the parser skipped are dropped (`withoutSkippedChecks`, ./parseSkipped.ts); every fix
 * then goes through `checkFixes` (./fixes.ts: none writes inside a code block, an HTML
 * block, the front matter or a skipped part; line breaks in the document's style).
 * @returns findings sorted by position (0-based line, then character), then rule order.
 */
export function runRules(engine: RuleEnvironment, analysis: AnalyzedDocument): Finding[] {
  const ctx = { engine, analysis };
  const all = checkFixes(withoutSkippedChecks(RULES.flatMap((rule) => rule(ctx)), analysis), analysis);
  return all.sort(
    (a, b) =>
      a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
      a.diagnostic.range.start.character - b.diagnostic.range.start.character,
  );
}

