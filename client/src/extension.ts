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
import { registerJiraTokenCommands, serverEnvironment } from './jiraToken';
import { ServerClient } from './serverClient';
import { STRUCTURE_VIEW_ID, StructureTreeProvider } from './structureView';

let server: ServerClient | undefined;

/** Starts the language client and registers the view and commands. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // The Jira token reaches the server only through its process environment (see ./jiraToken.ts).
  const resolveServerOptions = async (): Promise<ServerOptions> => {
    const env = await serverEnvironment(context.secrets);
    return {
      run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
    };
  };
  // One output channel for the life of the extension, reused by every (re)started client.
  const outputChannel = vscode.window.createOutputChannel('DM Report', { log: true });
  const clientOptions = (): LanguageClientOptions => ({
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: { configurationSection: 'dmReport' },
    // No token here: initializationOptions are traced by dmReport.trace.server.
    initializationOptions: { trusted: vscode.workspace.isTrusted, globalStoragePath: context.globalStorageUri.fsPath },
    outputChannel,
  });
  server = new ServerClient({ id: 'dmReport', name: 'DM Report', resolveServerOptions, clientOptions });
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
    ...registerJiraTokenCommands(context.secrets, () => running.restart()),
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
