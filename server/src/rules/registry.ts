/**
 * The rule vocabulary: codes, findings, fixes and what a rule sees. Rules: each looks at one analysed document and returns findings, a
 * Diagnostic with the fixes that repair it. Codes are stable; other tools
 * and the CLI's JSON output rely on them.
 *
 * The definitions of the codes (severities, descriptions, documentation,
 * fixes, documentation URL) are in ../model/codes.ts, where the catalog layer
 * (`.dmreport.yaml`, ticket exports) reaches them too; this module builds
 * `finding` on top of them. It imports no rule: ./index.ts holds the list.
 */
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { AnalyzedDocument } from '../model/analysis';
import type { IdScanner } from '../model/ids';
import type { DocumentCatalog } from '../catalog/documents';
import type { WbsCatalog } from '../catalog/wbs';
import type { EngineSettings } from '../catalog/settings';
import { codesReportedOn, diagnostic, type CodedDiagnostic, type CodeReportedOn, type SeverityOf } from '../model/codes';

export { SOURCE, CODE_DEFINITIONS, codeDefinition, type CodeDefinition, type DiagnosticCode, type SeverityOf } from '../model/codes';

/** The codes a rule may report: those of the definitions reported on reports (`reportedOn` includes `'report'`). */
export type RuleCode = CodeReportedOn<'report'>;

/** Every code a rule may report, in the order of the definitions (documentation order, not `RULES` order). */
export const RULE_CODES: readonly RuleCode[] = codesReportedOn('report');

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
  /** Built by `finding`: `source: 'dm-report'`, its code's severity and `codeDescription.href`. */
  diagnostic: CodedDiagnostic<RuleCode>;
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

/**
 * Builds a finding: a diagnostic of `code` (see `diagnostic` in
 * ../model/codes.ts: `source: 'dm-report'`, `codeDescription.href` to the
 * code's documentation) and its fixes.
 * @param range 0-based LSP range in the analysed document.
 * @param fixes the ways to repair it, the preferred one marked `isPreferred`.
 * @param data the diagnostic's `data` (left out when undefined).
 * @param severity one of the code's severities (a type error otherwise); default: the definition's.
 * @throws Error when `severity` is not one of the code's (only reachable past the type checker).
 */
export function finding<C extends RuleCode>(
  code: C,
  range: Diagnostic['range'],
  message: string,
  fixes: Fix[] = [],
  data?: unknown,
  severity?: SeverityOf<C>,
): Finding {
  const d: CodedDiagnostic<RuleCode> = diagnostic(code, range, message, severity);
  if (data !== undefined) d.data = data;
  return { diagnostic: d, fixes };
}
