/**
 * The extension's commands: insert the missing template sections (a server
 * command), make next month's report (a server command computes the text,
 * this client writes it), refresh the structure tree, reveal a section,
 * restart the server.
 */
import * as vscode from 'vscode';
import { posix } from 'node:path';
import type { Range as LspRange } from 'vscode-languageserver-types';
import { InsertMissingSectionsCommand, NewMonthCommand, type NewMonthResult } from '../../server/src/protocol';
import type { ServerClient } from './serverClient';
import { REVEAL_SECTION_COMMAND, StructureTreeProvider, isReportCandidate, revealSection } from './structureView';

/** Command ids contributed in package.json. */
export const Commands = {
  insertMissingSections: 'dmReport.insertMissingSections',
  refreshStructure: 'dmReport.refreshStructure',
  revealSection: REVEAL_SECTION_COMMAND,
  restartServer: 'dmReport.restartServer',
  newMonth: 'dmReport.newMonth',
} as const;

/** Whether `text` is a month written `YYYY-MM`; the input box's validation message otherwise. */
export function periodProblem(text: string): string | undefined {
  return /^[1-9]\d{3}-(0[1-9]|1[0-2])$/.test(text.trim()) ? undefined : 'Write the month as YYYY-MM, e.g. 2017-05.';
}

/**
 * "DM Report: New Month's Report": asks for the month (default: the one after
 * the report's period), has the server build the text from the report (the
 * given one, else the one the tree shows, else the active editor's), then
 * writes `<the report's folder>/<YYYY-MM>.md` and opens it. When that file
 * exists, or the report has no folder (an untitled document), nothing is
 * overwritten: the new report opens as an unsaved, untitled document.
 */
async function newMonthsReport(server: ServerClient, uri: string): Promise<void> {
  const run = async (period?: string) =>
    (await server.executeCommand(NewMonthCommand, period ? [uri, period] : [uri])) as NewMonthResult;
  // Without a period the server picks the month after the report's; a report without a period heading fails here.
  let first: NewMonthResult | undefined;
  try {
    first = await run();
  } catch {
    first = undefined;
  }
  const period = await vscode.window.showInputBox({
    title: "DM Report: New Month's Report",
    prompt: "The new report's month (YYYY-MM)",
    value: first?.period ?? '',
    validateInput: periodProblem,
  });
  if (period === undefined) return;
  const result = first && period.trim() === first.period ? first : await run(period.trim());
  for (const note of result.notes ?? []) void vscode.window.showWarningMessage(`DM Report: ${note}`);
  const source = vscode.Uri.parse(uri);
  if (source.scheme !== 'untitled') {
    const target = source.with({ path: posix.join(posix.dirname(source.path), result.fileName) });
    let exists = true;
    try {
      await vscode.workspace.fs.stat(target);
    } catch {
      exists = false;
    }
    if (!exists) {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
      await vscode.window.showTextDocument(target);
      void vscode.window.showInformationMessage(`New report ${result.fileName}: ${result.carried} planned items carried into Current accomplishments.`);
      return;
    }
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.text });
  await vscode.window.showTextDocument(document);
  void vscode.window.showInformationMessage(
    source.scheme === 'untitled'
      ? `The ${result.period} report is open unsaved; save it as ${result.fileName}.`
      : `${result.fileName} exists already: the ${result.period} report is open unsaved instead.`,
  );
}

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
    vscode.commands.registerCommand(Commands.newMonth, async (arg?: unknown) => {
      const uri = targetUri(arg, structure);
      if (!uri) {
        void vscode.window.showWarningMessage("Open last month's DM report (a Markdown file) to make the next month's report from it.");
        return;
      }
      try {
        await newMonthsReport(server, uri);
      } catch (error) {
        void vscode.window.showErrorMessage(`DM Report: could not make the new month's report: ${messageOf(error)}`);
      }
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
