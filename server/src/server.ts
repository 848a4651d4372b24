/**
 * The DM Report language server: a thin LSP shell over the engine.
 * Start with `node dist/server.js --stdio` (any LSP client) or over Node IPC
 * (`--node-ipc`, as the VS Code client does).
 *
 * Each document version is analysed once (engine cache); diagnostics are
 * published after `dmReport.diagnostics.debounceMs` milliseconds without a
 * change (immediately on open). Settings come from `workspace/configuration`
 * (section `dmReport`) when the client supports it, else from
 * `initializationOptions.settings`, else defaults.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ReportEngine, DEFAULT_SETTINGS, type Analysis, type EngineSettings } from './engine';
import { getDiagnostics, looksLikeReport } from './features/diagnostics';
import { getCodeActions } from './features/codeActions';
import { getCompletions } from './features/completion';
import { getHover } from './features/hover';
import { getDocumentSymbols } from './features/documentSymbols';
import { getDocumentLinks } from './features/documentLinks';
import { getStructure } from './features/structure';
import { findMissingSections } from './rules/missingSection';
import { InsertMissingSectionsCommand, StructureRequestMethod, type StructureParams } from './protocol';

/** Settings as the client sends them (`dmReport.*`). */
interface ClientSettings extends Partial<EngineSettings> {
  diagnostics?: { enable?: boolean; debounceMs?: number };
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const engine = new ReportEngine();
let diagnosticsEnabled = true;
let debounceMs = 250;
let hasConfiguration = false;
const timers = new Map<string, NodeJS.Timeout>();

function applySettings(settings: ClientSettings | null | undefined): void {
  const s = settings ?? {};
  engine.updateSettings({
    ticketUrlTemplate: typeof s.ticketUrlTemplate === 'string' ? s.ticketUrlTemplate : DEFAULT_SETTINGS.ticketUrlTemplate,
    ticketKeys: Array.isArray(s.ticketKeys) && s.ticketKeys.length > 0 ? s.ticketKeys.map(String) : DEFAULT_SETTINGS.ticketKeys,
  });
  diagnosticsEnabled = s.diagnostics?.enable !== false;
  debounceMs = typeof s.diagnostics?.debounceMs === 'number' ? Math.max(0, s.diagnostics.debounceMs) : 250;
}

/** The analysis of an open document at its current version; undefined for unknown URIs. */
function analysisOf(uri: string) {
  const doc = documents.get(uri);
  return doc ? engine.analyze(uri, doc.getText(), doc.version) : undefined;
}

/** Whether a document's problems are shown (and so its quick fixes offered): diagnostics on, and it is a report. */
function checked(analysis: Analysis): boolean {
  return diagnosticsEnabled && looksLikeReport(analysis.model);
}

function publish(uri: string): void {
  timers.delete(uri);
  // Runs from a timer: an exception here would end the process, not just this request.
  try {
    const analysis = analysisOf(uri);
    if (!analysis) return;
    const diagnostics = checked(analysis) ? getDiagnostics(analysis) : [];
    void connection.sendDiagnostics({ uri, version: analysis.document.version, diagnostics });
  } catch (e) {
    connection.console.error(`dm-report: cannot check ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

function schedule(uri: string, delay: number): void {
  clearTimeout(timers.get(uri));
  timers.set(uri, setTimeout(() => publish(uri), delay));
}

async function refreshSettings(): Promise<void> {
  if (!hasConfiguration) return;
  const settings = (await connection.workspace.getConfiguration('dmReport')) as ClientSettings | null;
  applySettings(settings);
  for (const doc of documents.all()) schedule(doc.uri, 0);
}

connection.onInitialize((params): InitializeResult => {
  hasConfiguration = params.capabilities.workspace?.configuration === true;
  const init = params.initializationOptions as { settings?: ClientSettings } | undefined;
  applySettings(init?.settings);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['.', '-'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: { label: 'DM Report' },
      documentLinkProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [InsertMissingSectionsCommand] },
    },
    serverInfo: { name: 'dm-report', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (hasConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dmReport' });
    void refreshSettings();
  }
});

connection.onDidChangeConfiguration((change) => {
  if (hasConfiguration) void refreshSettings();
  else {
    applySettings((change.settings as { dmReport?: ClientSettings } | undefined)?.dmReport);
    for (const doc of documents.all()) schedule(doc.uri, 0);
  }
});

// TextDocuments fires onDidChangeContent on open too: publish a newly opened document at once, debounce edits.
const opened = new Set<string>();
documents.onDidChangeContent((e) => {
  const uri = e.document.uri;
  schedule(uri, opened.has(uri) ? debounceMs : 0);
  opened.add(uri);
});
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  opened.delete(e.document.uri);
  engine.close(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover((p) => {
  const a = analysisOf(p.textDocument.uri);
  return a ? getHover(engine, a, p.position) : null;
});

connection.onCompletion((p) => {
  const a = analysisOf(p.textDocument.uri);
  return a ? getCompletions(engine, a, p.position) : null;
});

connection.onCodeAction((p) => {
  const a = analysisOf(p.textDocument.uri);
  return a && checked(a) ? getCodeActions(a, p.range, p.context.only) : null;
});

connection.onDocumentSymbol((p) => {
  const a = analysisOf(p.textDocument.uri);
  return a ? getDocumentSymbols(engine, a.model) : null;
});

connection.onDocumentLinks((p) => {
  const a = analysisOf(p.textDocument.uri);
  return a ? getDocumentLinks(engine, a) : null;
});

connection.onRequest(StructureRequestMethod, (p: StructureParams) => {
  const a = analysisOf(p.uri);
  return a ? getStructure(engine, a) : null;
});

connection.onExecuteCommand(async (p) => {
  if (p.command !== InsertMissingSectionsCommand) return null;
  const uri = String(p.arguments?.[0] ?? '');
  const a = analysisOf(uri);
  if (!a) throw new Error(uri ? `dm-report: ${uri} is not open` : 'dm-report: give the URI of an open report as the argument');
  const edits = findMissingSections(a.model, engine.template, a.document).flatMap((m) => (m.edit ? [m.edit] : []));
  if (edits.length === 0) return 0;
  const result = await connection.workspace.applyEdit({
    label: 'Insert missing sections',
    edit: { documentChanges: [{ textDocument: { uri, version: a.document.version }, edits }] },
  });
  return result.applied ? edits.length : 0;
});

documents.listen(connection);
connection.listen();
