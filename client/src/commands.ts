/**
 * The extension's commands: insert the missing template sections (a server
 * command), refresh the structure tree, reveal a section, restart the server.
 */
import * as vscode from 'vscode';
import type { Range as LspRange } from 'vscode-languageserver-types';
import { InsertMissingSectionsCommand } from '../../server/src/protocol';
import type { ServerClient } from './serverClient';
import { REVEAL_SECTION_COMMAND, StructureTreeProvider, isReportCandidate, revealSection } from './structureView';

/** Command ids contributed in package.json. */
export const Commands = {
  insertMissingSections: 'dmReport.insertMissingSections',
  refreshStructure: 'dmReport.refreshStructure',
  revealSection: REVEAL_SECTION_COMMAND,
  restartServer: 'dmReport.restartServer',
} as const;

/** The message shown after inserting `count` sections. */
export function insertedMessage(count: number): string {
  if (count === 0) return 'No missing sections to insert.';
  return `Inserted ${count} missing section${count === 1 ? '' : 's'}`;
}

/**
 * The document a command applies to: the URI it was given (a string, as in a
 * server code action, or a vscode.Uri, as from an explorer menu), else the
 * report the tree shows, else the active Markdown editor's document.
 */
function targetUri(arg: unknown, structure: StructureTreeProvider): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.toString();
  if (structure.currentUri) return structure.currentUri;
  const document = vscode.window.activeTextEditor?.document;
  return document && isReportCandidate(document) ? document.uri.toString() : undefined;
}

/** Registers the commands; the disposables go to the extension context. */
export function registerCommands(server: ServerClient, structure: StructureTreeProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.insertMissingSections, async (arg?: unknown) => {
      const uri = targetUri(arg, structure);
      if (!uri) {
        void vscode.window.showWarningMessage('Open a DM report (a Markdown file) to insert its missing sections.');
        return;
      }
      try {
        // The server applies the edit itself (workspace/applyEdit) and answers with the number of sections inserted.
        const result = await server.executeCommand(InsertMissingSectionsCommand, [uri]);
        void vscode.window.showInformationMessage(insertedMessage(typeof result === 'number' ? result : 0));
      } catch (error) {
        void vscode.window.showErrorMessage(`DM Report: could not insert missing sections: ${messageOf(error)}`);
      }
      await structure.refresh();
    }),
    vscode.commands.registerCommand(Commands.refreshStructure, () => structure.refresh()),
    vscode.commands.registerCommand(Commands.revealSection, (uri: string, range: LspRange) => revealSection(uri, range)),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      try {
        await server.restart();
      } catch (error) {
        void vscode.window.showErrorMessage(`DM Report: the language server did not start: ${messageOf(error)}`);
      }
      await structure.refresh();
    }),
  ];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
