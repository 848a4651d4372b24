/**
 * DM Report for VS Code: starts the bundled language server (dist/server.js)
 * for Markdown files and adds the Report Structure view and its commands.
 * Every language feature (completion, hover, diagnostics, quick fixes,
 * outline) comes from the server; this client stays thin.
 */
import * as vscode from 'vscode';
import { LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { StructureRequestMethod } from '../../server/src/protocol';
import type { ReportStructure, StructureParams } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { ServerClient } from './serverClient';
import { STRUCTURE_VIEW_ID, StructureTreeProvider } from './structureView';

let server: ServerClient | undefined;

/** Starts the language client and registers the view and commands. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // One output channel for the life of the extension, reused by every (re)started client.
  const outputChannel = vscode.window.createOutputChannel('DM Report', { log: true });
  const clientOptions = (): LanguageClientOptions => ({
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: { configurationSection: 'dmReport' },
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    outputChannel,
  });
  server = new ServerClient({ id: 'dmReport', name: 'DM Report', serverOptions, clientOptions });
  const running = server;

  const structure = new StructureTreeProvider(async (uri) =>
    running.isRunning()
      ? running.request<ReportStructure | null>(StructureRequestMethod, { uri } satisfies StructureParams)
      : undefined,
  );
  const view = vscode.window.createTreeView(STRUCTURE_VIEW_ID, { treeDataProvider: structure, showCollapseAll: true });
  structure.attach(view);

  context.subscriptions.push(
    outputChannel,
    running,
    structure,
    view,
    ...registerCommands(running, structure),
    running.onDidChangeState((state) => {
      if (state === State.Running) void structure.refresh();
    }),
    // The server was told the workspace is untrusted: start it again now that it is trusted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void running.restart().catch(() => undefined)),
  );

  try {
    await running.start();
  } catch (error) {
    outputChannel.error(`The DM Report language server did not start: ${String(error)}`);
    void vscode.window.showErrorMessage(
      'DM Report: the language server did not start. See the "DM Report" output for details.',
      'Restart Server',
    ).then((choice) => {
      if (choice) void vscode.commands.executeCommand('dmReport.restartServer');
    });
  }
}

/** Stops the language client. */
export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
