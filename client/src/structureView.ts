/**
 * The "Report Structure" tree (view `dmReport.structure`, in the Explorer):
 * for the report in the active Markdown editor, its report-level sections and
 * each team (groups contain teams) with the template's subsections, each
 * marked present or missing. The data comes from the server's
 * `dmReport/structure` request; this file only presents it.
 */
import * as vscode from 'vscode';
import type { Range as LspRange } from 'vscode-languageserver-types';
import type { ReportStructure, StructureSlot, StructureTeam } from '../../server/src/protocol';

/** Id of the tree view, as contributed in package.json. */
export const STRUCTURE_VIEW_ID = 'dmReport.structure';

/** Command that reveals a 0-based LSP range of a document: arguments `(uri: string, range: Range)`. */
export const REVEAL_SECTION_COMMAND = 'dmReport.revealSection';

/** Context key: true while the tree shows a report (used by package.json's `when` clauses). */
export const HAS_STRUCTURE_CONTEXT = 'dmReport.hasStructure';

/** Milliseconds to wait after the last edit or diagnostics change before asking the server again. */
export const REFRESH_DEBOUNCE_MS = 300;

/** One node of the tree. */
export type StructureNode =
  | { kind: 'section'; uri: string; slot: StructureSlot }
  | { kind: 'team'; uri: string; team: StructureTeam; id: string }
  | { kind: 'subsection'; uri: string; slot: StructureSlot; team: StructureTeam; id: string };

/** Fetches the structure of an open document; undefined when the server cannot answer yet. */
export type StructureFetcher = (uri: string) => Promise<ReportStructure | null | undefined>;

const START_OF_DOCUMENT: LspRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Whether a document is one the server analyses (Markdown, saved or untitled). */
export function isReportCandidate(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

/** The children of a team: its own subsections, then the teams of a group. */
function teamChildren(uri: string, team: StructureTeam, id: string): StructureNode[] {
  return [
    ...team.subsections.map((slot): StructureNode => ({ kind: 'subsection', uri, slot, team, id: `${id}/${slot.id}` })),
    ...teamNodes(uri, team.teams, id),
  ];
}

/** Team nodes with ids that stay stable across refreshes (title, numbered when repeated). */
function teamNodes(uri: string, teams: StructureTeam[], parentId: string): StructureNode[] {
  const seen = new Map<string, number>();
  return teams.map((team): StructureNode => {
    const n = (seen.get(team.title) ?? 0) + 1;
    seen.set(team.title, n);
    return { kind: 'team', uri, team, id: `${parentId}/${team.title}${n > 1 ? `#${n}` : ''}` };
  });
}

/**
 * Whether a structure describes a report at all: some report-level section or
 * some team is there. Any Markdown file gets an answer from the server; one
 * with none of these (a README, an empty file) is shown as no report.
 */
export function looksLikeReport(structure: ReportStructure): boolean {
  return structure.teams.length > 0 || structure.sections.some((s) => s.present && s.id !== 'period');
}

/** How many required subsections are missing in a team and the teams it contains. */
export function missingInTeam(team: StructureTeam): number {
  const own = team.subsections.filter((s) => s.required && !s.present).length;
  return own + team.teams.reduce((sum, t) => sum + missingInTeam(t), 0);
}

/** The tree item for a section or subsection slot. */
function slotItem(uri: string, slot: StructureSlot, id: string, fallback: LspRange, where: string): vscode.TreeItem {
  const item = new vscode.TreeItem(slot.label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  if (slot.present && slot.range) {
    item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    item.tooltip = `${slot.label}: present (line ${slot.range.start.line + 1})`;
    item.contextValue = 'dmReport.section.present';
    item.command = { command: REVEAL_SECTION_COMMAND, title: 'Reveal Section', arguments: [uri, slot.range] };
  } else if (slot.required) {
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.description = 'missing';
    item.tooltip = `${slot.label}: missing in ${where}`;
    item.contextValue = 'dmReport.section.missing';
    item.command = { command: REVEAL_SECTION_COMMAND, title: 'Reveal Section', arguments: [uri, fallback] };
  } else {
    // Absent but not required here (Recruitment update of a team inside a group): no warning.
    item.iconPath = new vscode.ThemeIcon('circle-large-outline');
    item.description = 'optional';
    item.tooltip = `${slot.label}: not present in ${where}, and not required there`;
    item.contextValue = 'dmReport.section.optional';
    item.command = { command: REVEAL_SECTION_COMMAND, title: 'Reveal Section', arguments: [uri, fallback] };
  }
  return item;
}

/**
 * The tree item for a node: a present section gets a check, a missing required
 * one a warning and the description "missing", an absent optional one a plain circle.
 */
export function treeItemFor(node: StructureNode): vscode.TreeItem {
  switch (node.kind) {
    case 'section':
      return slotItem(node.uri, node.slot, `${node.uri}#section/${node.slot.id}`, START_OF_DOCUMENT, 'the report');
    case 'subsection':
      return slotItem(node.uri, node.slot, node.id, node.team.range, node.team.title);
    case 'team': {
      const { team } = node;
      const missing = missingInTeam(team);
      const item = new vscode.TreeItem(
        team.title,
        team.kind === 'group' || missing > 0
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon(team.kind === 'group' ? 'organization' : 'account');
      item.description = missing > 0 ? `${missing} missing` : undefined;
      item.tooltip = `${team.kind === 'group' ? 'Group' : 'Team'} "${team.title}" (line ${team.range.start.line + 1})${
        missing > 0 ? `: ${missing} required section${missing === 1 ? '' : 's'} missing` : ''
      }`;
      item.contextValue = `dmReport.${team.kind}`;
      item.command = { command: REVEAL_SECTION_COMMAND, title: 'Reveal Section', arguments: [node.uri, team.range] };
      return item;
    }
  }
}

/**
 * Supplies the Report Structure tree and keeps it current: on a change of
 * active editor at once, and after edits or new diagnostics of the shown
 * document, debounced.
 */
export class StructureTreeProvider implements vscode.TreeDataProvider<StructureNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<StructureNode | undefined>();
  private readonly disposables: vscode.Disposable[] = [];
  private structure: ReportStructure | undefined;
  private documentUri: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private view: vscode.TreeView<StructureNode> | undefined;

  /** Fires when the tree must be redrawn. */
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly fetch: StructureFetcher) {
    this.disposables.push(
      this.changeEmitter,
      vscode.window.onDidChangeActiveTextEditor(() => this.followActiveEditor()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.documentUri && e.contentChanges.length > 0) this.scheduleRefresh();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (this.documentUri && e.uris.some((u) => u.toString() === this.documentUri)) this.scheduleRefresh();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.toString() === this.documentUri) this.show(undefined, undefined);
      }),
    );
    this.followActiveEditor();
  }

  /** Connects the provider to its view, for the title description and badge. */
  attach(view: vscode.TreeView<StructureNode>): void {
    this.view = view;
    this.updateView();
  }

  /** URI of the document the tree shows, if any. */
  get currentUri(): string | undefined {
    return this.documentUri;
  }

  /** Asks the server again for the shown document's structure, now. */
  refresh(): Promise<void> {
    this.cancelScheduled();
    return this.load();
  }

  /** {@inheritDoc vscode.TreeDataProvider.getTreeItem} */
  getTreeItem(node: StructureNode): vscode.TreeItem {
    return treeItemFor(node);
  }

  /** {@inheritDoc vscode.TreeDataProvider.getChildren} */
  getChildren(node?: StructureNode): StructureNode[] {
    const structure = this.structure;
    if (!structure) return [];
    const uri = structure.uri;
    if (!node) {
      return [
        ...structure.sections.map((slot): StructureNode => ({ kind: 'section', uri, slot })),
        // Ids start with the document, so each report keeps its own expansion state.
        ...teamNodes(uri, structure.teams, `${uri}#team`),
      ];
    }
    return node.kind === 'team' ? teamChildren(uri, node.team, node.id) : [];
  }

  /** Stops listening and drops pending work. */
  dispose(): void {
    this.cancelScheduled();
    for (const d of this.disposables) d.dispose();
  }

  private followActiveEditor(): void {
    const editor = vscode.window.activeTextEditor;
    // No editor at all (focus in a panel, a settings page): keep showing the last report.
    if (!editor) return;
    if (!isReportCandidate(editor.document)) {
      this.show(undefined, undefined);
      return;
    }
    const uri = editor.document.uri.toString();
    if (uri !== this.documentUri) {
      this.documentUri = uri;
      void this.refresh();
    }
  }

  private scheduleRefresh(): void {
    this.cancelScheduled();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.load();
    }, REFRESH_DEBOUNCE_MS);
  }

  private cancelScheduled(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async load(): Promise<void> {
    const uri = this.documentUri;
    const generation = ++this.generation;
    if (!uri) {
      this.show(undefined, undefined);
      return;
    }
    let structure: ReportStructure | null | undefined;
    try {
      structure = await this.fetch(uri);
    } catch {
      structure = undefined;
    }
    // A newer request, or another document, has taken over meanwhile.
    if (generation !== this.generation || uri !== this.documentUri) return;
    this.show(uri, structure && looksLikeReport(structure) ? structure : undefined);
  }

  private show(uri: string | undefined, structure: ReportStructure | undefined): void {
    if (uri === undefined) {
      this.generation++;
      this.cancelScheduled();
    }
    // Nothing changed (a refresh after diagnostics that left the outline as it was): keep the tree as it is,
    // so that an expansion the user is doing at this moment is not raced by a redraw.
    const unchanged = uri === this.documentUri && JSON.stringify(structure) === JSON.stringify(this.structure);
    this.documentUri = uri;
    this.structure = structure;
    if (unchanged) return;
    void vscode.commands.executeCommand('setContext', HAS_STRUCTURE_CONTEXT, structure !== undefined);
    this.updateView();
    this.changeEmitter.fire(undefined);
  }

  private updateView(): void {
    const view = this.view;
    if (!view) return;
    const structure = this.structure;
    if (!structure) {
      view.description = undefined;
      view.badge = undefined;
      return;
    }
    const n = structure.missingCount;
    view.description = n > 0 ? `${n} missing` : 'complete';
    view.badge =
      n > 0 ? { value: n, tooltip: `${n} required section${n === 1 ? '' : 's'} missing in this report` } : undefined;
  }
}

/**
 * Reveals a 0-based LSP range of a document: selects it and scrolls it into
 * the middle of the editor if it is out of view. Reuses the editor column the
 * document is already shown in.
 */
export async function revealSection(uri: string, range: LspRange): Promise<void> {
  const documentUri = vscode.Uri.parse(uri);
  const document =
    vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ??
    (await vscode.workspace.openTextDocument(documentUri));
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const editor = await vscode.window.showTextDocument(document, {
    viewColumn: visible?.viewColumn,
    // Keep the keyboard in the tree, as the Outline view does on a single click.
    preserveFocus: true,
  });
  const target = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  editor.selection = new vscode.Selection(target.start, target.end);
  editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
