/**
 * The rule vocabulary: codes, findings, fixes and what a rule sees. Rules: each looks at one analysed document and returns findings, a
 * Diagnostic with the fixes that repair it. Codes are stable; other tools
 * and the CLI's JSON output rely on them.
 */
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { AnalyzedDocument } from '../model/analysis';
import type { IdScanner } from '../model/ids';
import type { DocumentCatalog } from '../catalog/documents';
import type { WbsCatalog } from '../catalog/wbs';
import type { EngineSettings } from '../catalog/settings';
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

/** The catalogs and settings a rule may read (the engine provides them). */
export interface RuleEnvironment {
  settings: EngineSettings;
  wbs: WbsCatalog;
  documents: DocumentCatalog;
  /** The identifier scanner for the current ticket keys and document series. */
  scanner: IdScanner;
}

/** What a rule sees. */
export interface RuleContext {
  engine: RuleEnvironment;
  analysis: AnalyzedDocument;
}

/** A rule: pure function of the analysis and the engine's catalogs and settings. */
export type Rule = (ctx: RuleContext) => Finding[];

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
