/**
 * Code actions: the quick fixes of the findings whose range meets the
 * requested range. Each fix is a WorkspaceEdit on the same document.
 */
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver-types';
import type { Analysis } from '../engine';
import { intersects } from './lookup';

/**
 * @param analysis the document version the client sees.
 * @param range the 0-based range the client asks about (the cursor or selection).
 * @param only the kinds the client wants (`CodeActionContext.only`); undefined for all.
 */
export function getCodeActions(analysis: Analysis, range: Range, only?: string[]): CodeAction[] {
  if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) return [];
  const actions: CodeAction[] = [];
  for (const f of analysis.findings()) {
    if (!intersects(f.diagnostic.range, range)) continue;
    for (const fix of f.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [f.diagnostic],
        isPreferred: fix.isPreferred,
        edit: { changes: { [analysis.uri]: fix.edits } },
      });
    }
  }
  return actions;
}
