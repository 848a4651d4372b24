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
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Diagnostic,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ReportEngine, type Analysis } from './engine/engine';
import { DEFAULT_SETTINGS, type EngineSettings } from './catalog/settings';
import { TicketServices } from './catalog/tickets';
import { cacheDirectory } from './tickets/cache';
import { readScannedFile, reportTickets, scanMarkdownFiles, skipByDefault } from './tickets/sources';
import { Workspace } from './engine/workspace';
import { CONFIG_FILE_NAME } from './catalog/config';
import { getDiagnostics, looksLikeReport } from './features/diagnostics';
import { FIX_ALL_KIND, getCodeActions } from './features/codeActions';
import { getCompletions } from './features/completion';
import { getHoverLive } from './features/hover';
import { getDocumentSymbols } from './features/documentSymbols';
import { getDocumentLinks } from './features/documentLinks';
import { getStructure } from './features/structure';
import { findMissingSections } from './rules/missingSection';
import { InsertMissingSectionsCommand, NewMonthCommand, StructureRequestMethod, type NewMonthResult, type StructureParams } from './protocol';
import { newMonthReport, periodOf } from './features/newMonth';
import { formatYearMonth, nextPeriod, parseYearMonth } from './model/periods';
import { readRegularFile } from './host/files';

/** Settings as the client sends them (`dmReport.*`). */
interface ClientSettings extends Partial<EngineSettings> {
  diagnostics?: { enable?: boolean; debounceMs?: number };
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
/** Ticket sources of the whole server: the workspace's reports, Jira sources by base URL (set up in onInitialize). */
let ticketServices = new TicketServices();
const workspace = new Workspace({ createEngine: (config, settings) => new ReportEngine(settings, { ticketServices }, config) });
/** The largest previous report `dmReport.server.newMonth` reads from disk, in bytes. */
const MAX_PREVIOUS_REPORT_BYTES = 64 * 1024 * 1024;
/** Files larger than this (bytes) are not read for tickets. */
const MAX_SCANNED_BYTES = 1024 * 1024;
/** At most this many Markdown files are read for tickets at start-up. */
const MAX_SCANNED_FILES = 2000;
let diagnosticsEnabled = true;
let debounceMs = 250;
let hasConfiguration = false;
let hasWatchRegistration = false;
const timers = new Map<string, NodeJS.Timeout>();

function applySettings(settings: ClientSettings | null | undefined): void {
  const s = settings ?? {};
  workspace.updateSettings({
    ticketUrlTemplate: typeof s.ticketUrlTemplate === 'string' ? s.ticketUrlTemplate : DEFAULT_SETTINGS.ticketUrlTemplate,
    ticketKeys: Array.isArray(s.ticketKeys) && s.ticketKeys.length > 0 ? s.ticketKeys.map(String) : DEFAULT_SETTINGS.ticketKeys,
  });
  diagnosticsEnabled = s.diagnostics?.enable !== false;
  debounceMs = typeof s.diagnostics?.debounceMs === 'number' ? Math.max(0, s.diagnostics.debounceMs) : 250;
}

/** Files (`.dmreport.yaml`, export files) whose problems, by engine, have been published. */
const fileProblems = new Map<string, Map<ReportEngine, Diagnostic[]>>();

/** Publishes an engine's problems on files other than reports (configuration, ticket export), merged with other engines'. */
function publishFileProblems(engine: ReportEngine): void {
  const byUri = new Map<string, Diagnostic[]>();
  const { file, problems } = engine.config;
  if (file) byUri.set(URI.file(file).toString(), [...problems]);
  for (const p of engine.tickets.problems) byUri.set(p.uri, [...(byUri.get(p.uri) ?? []), ...p.diagnostics]);
  for (const [uri, diagnostics] of byUri) {
    const engines = fileProblems.get(uri) ?? new Map<ReportEngine, Diagnostic[]>();
    fileProblems.set(uri, engines);
    engines.set(engine, diagnostics);
    const all = [...engines.values()].flat();
    if (all.length) configWithProblems.add(uri);
    else configWithProblems.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: all });
  }
}

/** Engines whose configuration's problems have been published. */
const configPublished = new WeakSet<ReportEngine>();
/** URIs of `.dmreport.yaml` files that currently carry diagnostics. */
const configWithProblems = new Set<string>();

/** The engine of a document (nearest `.dmreport.yaml`); publishes that configuration's problems once. */
function engineOf(uri: string): ReportEngine {
  const engine = workspace.engineFor(uri);
  if (!configPublished.has(engine)) {
    configPublished.add(engine);
    publishFileProblems(engine);
  }
  return engine;
}

/** An open document's engine and its analysis at the current version; undefined for unknown URIs. */
function analysisOf(uri: string): { engine: ReportEngine; analysis: Analysis } | undefined {
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const engine = engineOf(uri);
  return { engine, analysis: engine.analyze(uri, doc.getText(), doc.version) };
}

/** A `.dmreport.yaml` changed on disk: rebuild the engines, clear old configuration problems, re-check every open report. */
function reloadConfiguration(): void {
  workspace.reload();
  for (const uri of configWithProblems) void connection.sendDiagnostics({ uri, diagnostics: [] });
  configWithProblems.clear();
  fileProblems.clear();
  for (const doc of documents.all()) schedule(doc.uri, 0);
  // Ticket keys may have changed: read the workspace's reports again with the new engines.
  requestScan();
}

/**
 * A request's position inside the document: a line past the end becomes the end,
 * a character past the line's end that line's end (as LSP 3.17 asks of servers).
 */
function clamp(analysis: Analysis, position: Position): Position {
  const doc = analysis.document;
  return doc.positionAt(doc.offsetAt(position));
}

/** Whether a document's problems are shown (and so its quick fixes offered): diagnostics on, and it is a report. */
function checked(analysis: Analysis): boolean {
  return diagnosticsEnabled && looksLikeReport(analysis.model);
}

function publish(uri: string): void {
  timers.delete(uri);
  // Runs from a timer: an exception here would end the process, not just this request.
  try {
    const { analysis } = analysisOf(uri) ?? {};
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
  hasWatchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  // Workspace folders (or the older rootUri) bound the search for `.dmreport.yaml`.
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspace.setRoots(folders.map((f) => URI.parse(f)).filter((u) => u.scheme === 'file').map((u) => u.fsPath));
  const init = params.initializationOptions as { settings?: ClientSettings; trusted?: boolean; globalStoragePath?: string } | undefined;
  // Jira: only in a trusted workspace (a bare server without the option is trusted), with the token of this
  // process's environment (the VS Code client puts the SecretStorage token there), never from a message.
  ticketServices = new TicketServices({
    network: true,
    trusted: init?.trusted !== false,
    token: process.env.DM_REPORT_JIRA_TOKEN || undefined,
    cacheDir: cacheDirectory(process.env, typeof init?.globalStoragePath === 'string' ? init.globalStoragePath : undefined),
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

connection.onInitialized(() => {
  if (hasConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dmReport' });
    void refreshSettings();
  }
  if (hasWatchRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: '**/*.md' }, { globPattern: '**/*.{csv,json}' }],
    });
  }
  requestScan();
});

/** Whether a path lies in a directory the ticket scan skips (`node_modules`, `.git`, other dot-directories). */
function inSkippedDirectory(path: string): boolean {
  return path.split(/[\\/]/).slice(0, -1).some((segment) => segment !== '' && skipByDefault(segment));
}

/** Reads a workspace report from disk into the ticket index (its open text, if any, still wins). */
function indexFromDisk(path: string, text: string): void {
  const uri = URI.file(path).toString();
  ticketServices.reports.setDisk(uri, reportTickets(workspace.engineFor(uri).modelOf(text)));
}

/** The scan running now, if any; `rescan`: another was asked for meanwhile. */
let scanning: Promise<void> | undefined;
let rescan = false;

/**
 * Starts a workspace scan, or, when one is running, one more after it: a burst of
 * `.dmreport.yaml` events (an editor's save writes a file more than once) costs at most two scans.
 */
function requestScan(): void {
  if (scanning) {
    rescan = true;
    return;
  }
  scanning = scanWorkspace()
    .catch((e: unknown) => connection.console.error(`DM Report: workspace scan failed: ${e instanceof Error ? e.message : String(e)}`))
    .finally(() => {
      scanning = undefined;
      if (rescan) {
        rescan = false;
        requestScan();
      }
    });
}

/** Reads every Markdown file of the workspace folders for tickets, in the background; says in the log what it skipped. */
async function scanWorkspace(): Promise<void> {
  const roots = workspace.folders();
  if (roots.length === 0) return;
  const started = Date.now();
  const summary = await scanMarkdownFiles(roots, indexFromDisk, { maxFiles: MAX_SCANNED_FILES, maxBytes: MAX_SCANNED_BYTES });
  const notes = [
    summary.tooLarge.length ? `${summary.tooLarge.length} skipped for being larger than ${MAX_SCANNED_BYTES / 1024 / 1024} MiB` : '',
    summary.truncated ? `stopped at ${MAX_SCANNED_FILES} files` : '',
    summary.unreadable ? `${summary.unreadable} unreadable` : '',
  ].filter(Boolean);
  connection.console.info(
    `DM Report: read ${summary.files} Markdown files of the workspace for tickets in ${Date.now() - started} ms${notes.length ? ` (${notes.join('; ')})` : ''}.`,
  );
}

/** A Markdown file changed on disk: re-read it for tickets (or forget it when deleted). Never throws. */
async function reindex(uri: string, deleted: boolean): Promise<void> {
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file' || inSkippedDirectory(parsed.fsPath) || !workspace.rootOf(parsed.fsPath)) return;
  if (deleted) {
    ticketServices.reports.removeDisk(uri);
    return;
  }
  try {
    const text = await readScannedFile(parsed.fsPath, MAX_SCANNED_BYTES);
    if (text !== undefined) indexFromDisk(parsed.fsPath, text);
  } catch {
    ticketServices.reports.removeDisk(uri);
  }
}

// Clients that watch files for us (VS Code, Neovim ≥ 0.9…) report `.dmreport.yaml` changes here.
connection.onDidChangeWatchedFiles((p) => {
  const exportFiles = new Set(workspace.allEngines().flatMap((e) => (e.tickets.exported ? [URI.file(e.tickets.exported.file).toString()] : [])));
  if (p.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`) || exportFiles.has(c.uri))) reloadConfiguration();
  for (const c of p.changes) if (/\.md$/i.test(c.uri)) void reindex(c.uri, c.type === FileChangeType.Deleted);
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
  workspace.close(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(async (p) => {
  const r = analysisOf(p.textDocument.uri);
  return r ? getHoverLive(r.engine, r.analysis, clamp(r.analysis, p.position)) : null;
});

connection.onCompletion((p) => {
  const r = analysisOf(p.textDocument.uri);
  return r ? getCompletions(r.engine, r.analysis, clamp(r.analysis, p.position)) : null;
});

connection.onCodeAction((p) => {
  const r = analysisOf(p.textDocument.uri);
  return r && checked(r.analysis) ? getCodeActions(r.engine, r.analysis, p.range, p.context.only) : null;
});

connection.onDocumentSymbol((p) => {
  const r = analysisOf(p.textDocument.uri);
  return r ? getDocumentSymbols(r.engine, r.analysis.model) : null;
});

connection.onDocumentLinks((p) => {
  const r = analysisOf(p.textDocument.uri);
  return r ? getDocumentLinks(r.engine, r.analysis) : null;
});

connection.onRequest(StructureRequestMethod, (p: StructureParams) => {
  const r = analysisOf(p.uri);
  return r ? getStructure(r.engine, r.analysis) : null;
});

/**
 * `dmReport.server.newMonth [uri, period?]`: next month's report from the report at `uri`.
 * @throws Error (sent as the request's error) for a missing report, a malformed period, or no period to follow.
 */
function newMonth(args: unknown[] | undefined): NewMonthResult {
  const uri = String(args?.[0] ?? '');
  if (!uri) throw new Error('dm-report: give the URI of the previous report as the first argument');
  const periodArg = args?.[1];
  let r = analysisOf(uri);
  let opened = false;
  if (!r) {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') throw new Error(`dm-report: ${uri} is not open`);
    let text: string;
    try {
      // Only a regular file: a URI naming a pipe or a device must not block or exhaust the server.
      text = readRegularFile(parsed.fsPath, MAX_PREVIOUS_REPORT_BYTES).text.replace(/^\uFEFF/, '');
    } catch (e) {
      throw new Error(`dm-report: cannot read ${parsed.fsPath} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const engine = engineOf(uri);
    r = { engine, analysis: engine.analyze(uri, text, 0) };
    opened = true;
  }
  try {
    const { engine, analysis } = r;
    let period = periodArg === undefined || periodArg === null || periodArg === '' ? undefined : parseYearMonth(String(periodArg));
    if (periodArg !== undefined && periodArg !== null && periodArg !== '' && !period) {
      throw new Error(`dm-report: the period must be a month written YYYY-MM (e.g. 2017-05), not "${String(periodArg)}"`);
    }
    if (!period) {
      const previous = periodOf(analysis);
      if (!previous) throw new Error('dm-report: the report has no period heading (e.g. "## April 2017"); give the new period as YYYY-MM');
      period = nextPeriod(previous);
    }
    const result = newMonthReport(engine, analysis, period);
    const name = formatYearMonth(result.period);
    return { text: result.text, period: name, fileName: `${name}.md`, teams: result.teams, carried: result.carried };
  } finally {
    if (opened) r.engine.close(uri);
  }
}

connection.onExecuteCommand(async (p) => {
  if (p.command === NewMonthCommand) return newMonth(p.arguments);
  if (p.command !== InsertMissingSectionsCommand) return null;
  const uri = String(p.arguments?.[0] ?? '');
  const r = analysisOf(uri);
  if (!r) throw new Error(uri ? `dm-report: ${uri} is not open` : 'dm-report: give the URI of an open report as the argument');
  const a = r.analysis;
  const edits = findMissingSections(a.model, a.template, a.document).flatMap((m) => (m.edit ? [m.edit] : []));
  if (edits.length === 0) return 0;
  const result = await connection.workspace.applyEdit({
    label: 'Insert missing sections',
    edit: { documentChanges: [{ textDocument: { uri, version: a.document.version }, edits }] },
  });
  return result.applied ? edits.length : 0;
});

documents.listen(connection);
connection.listen();
