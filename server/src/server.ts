/**
 * The DM Report language server: a thin LSP shell over the engine.
 * `createServer(connection, host)` wires a connection to the features and has no
 * side effect at import; ./bin/server.ts creates the connection (stdio, or Node
 * IPC as the VS Code client does) and the Node host.
 *
 * Each document version is analysed once (engine cache); diagnostics are
 * published after `dmReport.diagnostics.debounceMs` milliseconds without a
 * change (immediately on open). Settings come from `workspace/configuration`
 * (section `dmReport`) when the client supports it, else from
 * `initializationOptions.settings`, else defaults. Every request handler takes
 * the request's cancellation token: a request cancelled before it is answered
 * gets the `RequestCancelled` error. Documents are parsed off the main thread
 * when a parser is given (./lsp/analyses.ts), each block within
 * `dmReport.parse.budgetMs`.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ReportEngine } from './engine/engine';
import { Workspace } from './engine/workspace';
import { DEFAULT_SETTINGS, type EngineSettings } from './catalog/settings';
import { TicketServices } from './catalog/tickets';
import { CONFIG_FILE_NAME } from './catalog/config';
import { cacheDirectory } from './tickets/cache';
import type { Host } from './host/host';
import { getDiagnostics } from './features/diagnostics';
import { FIX_ALL_KIND, getCodeActions } from './features/codeActions';
import { getCompletions } from './features/completion';
import { getHoverLive } from './features/hover';
import { getDocumentSymbols } from './features/documentSymbols';
import { getDocumentLinks } from './features/documentLinks';
import { getStructure } from './features/structure';
import { missingSectionEdits } from './features/insertMissingSections';
import { newMonthCommand } from './lsp/commands';
import { WorkspaceScanner } from './features/workspaceScan';
import { DiagnosticsPublisher } from './lsp/publisher';
import { scanProgress } from './lsp/progress';
import { OpenAnalyses, type OpenAnalysis } from './lsp/analyses';
import type { BlockParser } from './model/blockParser';
import { OpenReports } from './lsp/reports';
import { InsertMissingSectionsCommand, NewMonthCommand, StructureRequestMethod, type StructureParams } from './protocol';

/** Settings as the client sends them (`dmReport.*`). */
interface ClientSettings extends Partial<EngineSettings> {
  diagnostics?: { enable?: boolean; debounceMs?: number };
  parse?: { budgetMs?: number };
}

/**
 * Serves DM Report over `connection`, reading files through `host`.
 * @param env the process environment: `DM_REPORT_JIRA_TOKEN` (the Jira token; never from a message)
 *   and `DM_REPORT_CACHE_DIR`.
 * @param parser parses the blocks of reports within the budget (./bin/server.ts: the worker pool,
 *   ./parsing/pool.ts); default remark-parse on the main thread, without a budget.
 * @returns when the handlers are registered; call `connection.listen()` after.
 */
export function createServer(connection: Connection, host: Host, env: NodeJS.ProcessEnv = {}, parser?: BlockParser): void {
  const documents = new TextDocuments(TextDocument);
  /** Ticket sources of the whole server: the workspace's reports, Jira sources by base URL (set up in onInitialize). */
  let ticketServices = new TicketServices({ network: false, trusted: true, host });
  // A skipped block parsed in the background within budget: publish the document again.
  const onReparsed = (uri: string) => publisher.schedule(uri, 0);
  const workspace = new Workspace({ host, createEngine: (config, settings) => new ReportEngine(settings, { host, ticketServices, parser, onReparsed }, config) });
  let diagnosticsEnabled = true;
  let debounceMs = 250;
  let hasConfiguration = false;
  let hasWatchRegistration = false;
  let hasConfigurationRegistration = false;
  let hasWorkDoneProgress = false;
  const scanner = new WorkspaceScanner(host, workspace, () => ticketServices.reports, connection.console, (uri) => documents.get(uri) !== undefined, scanProgress(connection, () => hasWorkDoneProgress));

  /** Whether a document's problems are shown (and so its quick fixes offered): diagnostics on, and it is a report. */
  const reports = new OpenReports();
  const checked = (r: OpenAnalysis) => diagnosticsEnabled && reports.has(r.engine, r.analysis);
  const analyses = new OpenAnalyses(documents, workspace, (engine) => publisher.engineInUse(engine));
  const analysisOf = (uri: string) => analyses.analysisOf(uri);
  const engineOf = (uri: string) => analyses.engineOf(uri);
  const publisher = new DiagnosticsPublisher(connection, async (uri) => {
    const r = await analysisOf(uri);
    return r && { version: r.analysis.document.version, diagnostics: checked(r) ? getDiagnostics(r.analysis) : [] };
  });
  const recheckAll = () => documents.all().forEach((d) => publisher.schedule(d.uri, 0));

  function applySettings(settings: ClientSettings | null | undefined): void {
    const s = settings ?? {};
    workspace.updateSettings({
      ticketUrlTemplate: typeof s.ticketUrlTemplate === 'string' ? s.ticketUrlTemplate : DEFAULT_SETTINGS.ticketUrlTemplate,
      ticketKeys: Array.isArray(s.ticketKeys) && s.ticketKeys.length > 0 ? s.ticketKeys.map(String) : DEFAULT_SETTINGS.ticketKeys,
      parseBudgetMs: typeof s.parse?.budgetMs === 'number' && s.parse.budgetMs > 0 ? s.parse.budgetMs : DEFAULT_SETTINGS.parseBudgetMs,
    });
    diagnosticsEnabled = s.diagnostics?.enable !== false;
    debounceMs = typeof s.diagnostics?.debounceMs === 'number' ? Math.max(0, s.diagnostics.debounceMs) : 250;
  }

  const cancelled = () => new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'request cancelled');
  /**
   * Runs a request on an open document: a cancelled request gets `RequestCancelled`; positions are
   * clamped into the document (a line past the end is the end, as LSP 3.17 asks); null when not open.
   */
  async function onOpen<R>(uri: string, token: CancellationToken, run: (r: OpenAnalysis, clamp: (p: Position) => Position) => R | Promise<R>): Promise<R | null | ResponseError<void>> {
    if (token.isCancellationRequested) return cancelled();
    const r = await analysisOf(uri);
    if (token.isCancellationRequested) return cancelled();
    if (!r) return null;
    const doc = r.analysis.document;
    const result = await run(r, (pos) => doc.positionAt(doc.offsetAt(pos)));
    return token.isCancellationRequested ? cancelled() : result;
  }

  async function refreshSettings(): Promise<void> {
    if (!hasConfiguration) return;
    applySettings((await connection.workspace.getConfiguration('dmReport')) as ClientSettings | null);
    recheckAll();
  }

  connection.onInitialize((params): InitializeResult => {
    hasConfiguration = params.capabilities.workspace?.configuration === true;
    hasWatchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    hasConfigurationRegistration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    hasWorkDoneProgress = params.capabilities.window?.workDoneProgress === true;
    // Workspace folders (or the older rootUri) bound the search for `.dmreport.yaml`.
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspace.setRoots(folders.map((f) => URI.parse(f)).filter((u) => u.scheme === 'file').map((u) => u.fsPath));
    const init = params.initializationOptions as { settings?: ClientSettings; trusted?: boolean; globalStoragePath?: string } | undefined;
    // Jira: only in a trusted workspace (a bare server without the option is trusted), with the token of this
    // process's environment (the VS Code client puts the SecretStorage token there), never from a message.
    ticketServices = new TicketServices({
      network: true,
      trusted: init?.trusted !== false,
      token: env.DM_REPORT_JIRA_TOKEN || undefined,
      cacheDir: cacheDirectory(env, typeof init?.globalStoragePath === 'string' ? init.globalStoragePath : undefined, host.homeDir()),
      host,
      log: (message) => connection.console.warn(message),
    });
    workspace.reload();
    applySettings(init?.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['.', '-'], resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        documentSymbolProvider: { label: 'DM Report' },
        documentLinkProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [InsertMissingSectionsCommand, NewMonthCommand] },
      },
      serverInfo: { name: 'dm-report', version: '0.1.0' },
    };
  });

  // A registration the client refuses leaves that notification off; it is no reason to stop.
  const refused = (what: string) => (e: unknown) => connection.console.warn(`The client refused ${what}: ${e instanceof Error ? e.message : String(e)}`);
  connection.onInitialized(() => {
    if (hasConfiguration) {
      if (hasConfigurationRegistration) {
        connection.client.register(DidChangeConfigurationNotification.type, { section: 'dmReport' }).catch(refused('the settings registration'));
      }
      refreshSettings().catch(refused('workspace/configuration'));
    }
    if (hasWatchRegistration) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          // Reports (tickets), configurations, exports and template files (YAML or JSON).
          watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: '**/*.md' }, { globPattern: '**/*.{csv,json,yaml,yml}' }],
        })
        .catch(refused('the file watchers'));
    }
    scanner.requestScan();
  });

  // Files changed on disk: an engine input (configuration, export, the configuration's templates) rebuilds the
  // engines and re-checks every open report; a front matter's template re-checks the reports that use it.
  connection.onDidChangeWatchedFiles((p) => {
    const paths = p.changes.map((c) => URI.parse(c.uri)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
    const { reload, uris } = workspace.filesChanged(paths);
    if (reload) {
      publisher.enginesReloaded();
      recheckAll();
      // Ticket keys may have changed: read the workspace's reports again with the new engines.
      scanner.requestScan();
    } else for (const uri of uris) if (documents.get(uri)) publisher.schedule(uri, 0);
    for (const c of p.changes) if (/\.md$/i.test(c.uri)) void scanner.fileChanged(c.uri, c.type === FileChangeType.Deleted);
  });

  connection.onDidChangeConfiguration((change) => {
    if (hasConfiguration) refreshSettings().catch(refused('workspace/configuration'));
    else {
      applySettings((change.settings as { dmReport?: ClientSettings } | undefined)?.dmReport);
      recheckAll();
    }
  });

  // TextDocuments fires onDidChangeContent on open too: publish a newly opened document at once, debounce edits.
  const opened = new Set<string>();
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    publisher.schedule(uri, opened.has(uri) ? debounceMs : 0);
    opened.add(uri);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    opened.delete(uri);
    reports.closed(uri);
    workspace.close(uri);
    publisher.closed(uri);
    // Its disk copy applies again; it was not read while the document was open.
    void scanner.fileChanged(uri, false);
  });

  connection.onHover((p, t) => onOpen(p.textDocument.uri, t, (r, clamp) => getHoverLive(r.engine, r.analysis, clamp(p.position))));
  connection.onCompletion((p, t) => onOpen(p.textDocument.uri, t, (r, clamp) => getCompletions(r.engine, r.analysis, clamp(p.position))));
  connection.onCodeAction((p, t) => onOpen(p.textDocument.uri, t, (r) => (checked(r) ? getCodeActions(r.engine, r.analysis, p.range, p.context.only) : null)));
  connection.onDocumentSymbol((p, t) => onOpen(p.textDocument.uri, t, (r) => getDocumentSymbols(r.engine, r.analysis.model)));
  connection.onDocumentLinks((p, t) => onOpen(p.textDocument.uri, t, (r) => getDocumentLinks(r.engine, r.analysis)));
  connection.onRequest(StructureRequestMethod, (p: StructureParams, t) => onOpen(p.uri, t, (r) => getStructure(r.engine, r.analysis)));

  connection.onExecuteCommand(async (p, token) => {
    if (token.isCancellationRequested) return cancelled();
    if (p.command === NewMonthCommand) return newMonthCommand(p.arguments, { host, analysisOf, engineOf });
    if (p.command !== InsertMissingSectionsCommand) return null;
    const uri = String(p.arguments?.[0] ?? '');
    const r = await analysisOf(uri);
    if (!r) throw new Error(uri ? `dm-report: ${uri} is not open` : 'dm-report: give the URI of an open report as the argument');
    const edits = missingSectionEdits(r.analysis);
    if (edits.length === 0) return 0;
    const result = await connection.workspace.applyEdit({
      label: 'Insert missing sections',
      edit: { documentChanges: [{ textDocument: { uri, version: r.analysis.document.version }, edits }] },
    });
    return result.applied ? edits.length : 0;
  });

  documents.listen(connection);
}
