/**
 * Rules: each looks at one analysed document and returns findings, a
 * Diagnostic with the fixes that repair it. Codes are stable; other tools
 * and the CLI's JSON output rely on them.
 */
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { Analysis, ReportEngine } from '../engine';
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

/** The `source` of every diagnostic. */
export const SOURCE = 'dm-report';

/** Stable diagnostic codes. */
export type RuleCode =
  | 'missing-section'
  | 'malformed-ticket'
  | 'unknown-document'
  | 'unknown-wbs'
  | 'wbs-name-mismatch'
  | 'wbs-misplaced'
  | 'placeholder-link'
  | 'invalid-template'
  | 'invalid-front-matter'
  | 'section-order'
  | 'duplicate-section'
  | 'empty-section'
  | 'period-mismatch'
  | 'heading-level';

/** One way to repair a finding: edits to the same document. */
export interface Fix {
  /** Shown in the quick-fix menu. */
  title: string;
  edits: TextEdit[];
  /** The fix VS Code applies with "auto fix". */
  isPreferred?: boolean;
  /**
   * Whether "fix all" (`source.fixAll.dmReport`, `dm-report check --fix`) may apply it
   * unasked: it only inserts text, moves whole sections, changes heading markers,
   * fills a placeholder link or a ticket's missing hyphen, and never rewrites the
   * author's words. At most one fix of a finding is safe.
   */
  safe?: boolean;
}

/** A diagnostic and its fixes. */
export interface Finding {
  diagnostic: Diagnostic & { code: RuleCode; source: typeof SOURCE };
  fixes: Fix[];
}

/** What a rule sees. */
export interface RuleContext {
  engine: ReportEngine;
  analysis: Analysis;
}

/** A rule: pure function of the analysis and the engine's catalogs and settings. */
export type Rule = (ctx: RuleContext) => Finding[];

/** Every rule, in the order their findings are reported. */
export const RULES: readonly Rule[] = [
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
 * Runs every rule on one analysed document.
 * @returns findings sorted by position (0-based line, then character), then rule order.
 */
export function runRules(engine: ReportEngine, analysis: Analysis): Finding[] {
  const ctx = { engine, analysis };
  const all = RULES.flatMap((rule) => rule(ctx));
  return all.sort(
    (a, b) =>
      a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
      a.diagnostic.range.start.character - b.diagnostic.range.start.character,
  );
}

/** Builds a finding. */
export function finding(
  code: RuleCode,
  severity: Diagnostic['severity'],
  range: Diagnostic['range'],
  message: string,
  fixes: Fix[] = [],
  data?: unknown,
): Finding {
  const diagnostic: Finding['diagnostic'] = { range, severity, code, source: SOURCE, message };
  if (data !== undefined) diagnostic.data = data;
  return { diagnostic, fixes };
}
