/**
 * Code actions: the quick fixes of the findings whose range meets the
 * requested range, each a WorkspaceEdit on the same document; and the
 * source action `source.fixAll.dmReport`, which applies every safe fix of
 * the whole document in one WorkspaceEdit (see ./fixAll.ts). VS Code runs it
 * on save with `"editor.codeActionsOnSave": {"source.fixAll": "explicit"}`
 * (or `"source.fixAll.dmReport"`).
 */
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver-types';
import type { Analysis, ReportEngine } from '../engine/engine';
import { intersects } from '../model/lookup';
import { closeScratch, fixAll, hasSafeFixes } from './fixAll';

/** The kind of the fix-all source action; a sub-kind of `source.fixAll`, so `codeActionsOnSave` with `source.fixAll` picks it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dmReport`;

/** Whether a requested kind (`CodeActionContext.only` entry) covers `kind`: equal, or a parent of it (`source` covers `source.fixAll.dmReport`). */
function covers(requested: string, kind: string): boolean {
  return kind === requested || kind.startsWith(`${requested}.`);
}

/**
 * @param engine the engine that analysed the document (fix-all re-analyses with it).
 * @param analysis the document version the client sees.
 * @param range the 0-based range the client asks about (the cursor or selection).
 * @param only the kinds the client wants (`CodeActionContext.only`); undefined for the
 *   quick fixes only (source actions are returned only when asked for by kind,
 *   as VS Code does for the Source Action menu and for `codeActionsOnSave`).
 * @returns quick fixes, then the fix-all action when asked for and there is something safe to fix.
 */
export function getCodeActions(engine: ReportEngine, analysis: Analysis, range: Range, only?: string[]): CodeAction[] {
  const actions: CodeAction[] = [];
  if (!only || only.some((k) => covers(k, CodeActionKind.QuickFix) || covers(CodeActionKind.QuickFix, k))) {
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
  }
  if (only?.some((k) => covers(k, FIX_ALL_KIND))) {
    const action = getFixAllAction(engine, analysis);
    if (action) actions.push(action);
  }
  return actions;
}

/**
 * The `source.fixAll.dmReport` action of a document: one WorkspaceEdit (for
 * this document version) with every safe fix; undefined when nothing is safe to fix.
 */
export function getFixAllAction(engine: ReportEngine, analysis: Analysis): CodeAction | undefined {
  if (!hasSafeFixes(analysis)) return undefined;
  const result = fixAll(engine, analysis);
  closeScratch(engine, analysis.uri);
  if (!result.changed) return undefined;
  const n = result.applied.length;
  return {
    title: `Fix all safe DM Report problems (${n} fix${n === 1 ? '' : 'es'})`,
    kind: FIX_ALL_KIND,
    edit: { documentChanges: [{ textDocument: { uri: analysis.uri, version: analysis.document.version }, edits: result.edits }] },
  };
}
