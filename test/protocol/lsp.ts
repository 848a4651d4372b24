/**
 * A minimal LSP client for the protocol tests: spawns the bundled server
 * (`node dist/server.js --stdio`), answers the requests a client must answer
 * (`workspace/configuration`, `client/registerCapability`,
 * `workspace/applyEdit`) and records what the server sends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ResponseError,
  ErrorCodes,
  ShutdownRequest,
  StreamMessageReader,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type ConfigurationParams,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type RegistrationParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The bundled server; `DM_REPORT_SERVER` points the tests at another build. */
export const SERVER = process.env.DM_REPORT_SERVER ?? resolve(ROOT, 'dist/server.js');
/** The bundled CLI; `DM_REPORT_CLI` points the tests at another build. */
export const CLI = process.env.DM_REPORT_CLI ?? resolve(ROOT, 'dist/cli.js');
export const SAMPLE_PATH = resolve(ROOT, 'samples/dm-monthly-report-2017-04.md');
export const SAMPLE_URI = pathToFileURL(SAMPLE_PATH).href;
export const SAMPLE_TEXT = readFileSync(SAMPLE_PATH, 'utf8');

/** 0-based position of the `nth` (0-based) occurrence of `needle` in `text`, plus `offset` characters. */
export function positionOf(text: string, needle: string, nth = 0, offset = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurrence ${nth} not found`);
  }
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/** 0-based position of the first `needle` after the first `landmark` in `text`, plus `offset` characters. */
export function positionAfter(text: string, landmark: string, needle: string, offset = 0): { line: number; character: number } {
  const from = text.indexOf(landmark);
  if (from < 0) throw new Error(`"${landmark}" not found`);
  const at = text.indexOf(needle, from + landmark.length);
  if (at < 0) throw new Error(`"${needle}" not found after "${landmark}"`);
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

export interface StartOptions {
  /** Whether the client declares `workspace.configuration` (and answers `workspace/configuration`). */
  configuration: boolean;
  /** `dmReport` settings answered to `workspace/configuration`; may be changed between requests. */
  settings?: Record<string, unknown>;
  /** `initializationOptions` of the initialize request. */
  initializationOptions?: unknown;
  /** Absolute path of the workspace folder (default: the repository root). */
  root?: string;
  /** Declares `workspace.didChangeWatchedFiles.dynamicRegistration` (default false). */
  watchFiles?: boolean;
  /** Extra environment variables of the server process. */
  env?: Record<string, string>;
  /** Declares `workspace.didChangeConfiguration.dynamicRegistration` (default true). */
  configurationRegistration?: boolean;
  /** Answers every `client/registerCapability` with an error (a client that supports none), as some clients do. */
  rejectRegistrations?: boolean;
  /** Declares `window.workDoneProgress` (default false). */
  workDoneProgress?: boolean;
  /** Answers `window/workDoneProgress/create` with an error. */
  refuseProgress?: boolean;
}

/** One `$/progress` of work done progress, or the `window/workDoneProgress/create` of its token, in arrival order. */
export type ProgressEvent = { token: string | number } & ({ kind: 'create' } | WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd);

export class TestClient {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  /** Every publishDiagnostics, in arrival order. */
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  /** Params of every `workspace/applyEdit` request. */
  readonly applyEdits: ApplyWorkspaceEditParams[] = [];
  /** Params of every `workspace/configuration` request. */
  readonly configurationRequests: ConfigurationParams[] = [];
  /** Params of every `client/registerCapability` request. */
  readonly registrations: RegistrationParams[] = [];
  stderr = '';
  /** Everything the server wrote on stdout (every message to the client), as text. */
  raw = '';
  /** Every `window/workDoneProgress/create` and work done `$/progress`, in arrival order. */
  readonly progress: ProgressEvent[] = [];
  private progressWaiters: { match: (e: ProgressEvent) => boolean; resolve: (e: ProgressEvent) => void }[] = [];
  /** Params of every `window/logMessage` notification. */
  readonly logMessages: { type: number; message: string }[] = [];
  settings: Record<string, unknown>;
  private readonly exited: Promise<number | null>;
  private waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private configWaiters: (() => void)[] = [];
  private logWaiters: { match: (m: string) => boolean; resolve: (m: string) => void }[] = [];

  constructor(readonly options: StartOptions) {
    this.settings = options.settings ?? {};
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.child.stdout!.on('data', (d: Buffer) => (this.raw += d.toString('utf8')));
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((res) => this.child.on('exit', (code) => res(code)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.push(p);
      const ready = this.waiters.filter((w) => w.match(p));
      this.waiters = this.waiters.filter((w) => !w.match(p));
      for (const w of ready) w.resolve(p);
    });
    this.connection.onNotification(LogMessageNotification.type, (p) => {
      this.logMessages.push(p);
      const ready = this.logWaiters.filter((w) => w.match(p.message));
      this.logWaiters = this.logWaiters.filter((w) => !w.match(p.message));
      for (const w of ready) w.resolve(p.message);
    });
    this.connection.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests.push(p);
      const answer = p.items.map((item) => (item.section === 'dmReport' ? this.settings : null));
      const waiters = this.configWaiters;
      this.configWaiters = [];
      setImmediate(() => waiters.forEach((w) => w()));
      return answer;
    });
    this.connection.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(p);
      if (this.options.rejectRegistrations) return new ResponseError(ErrorCodes.MethodNotFound, 'Unhandled method client/registerCapability');
    });
    const progressed = (e: ProgressEvent) => {
      this.progress.push(e);
      const ready = this.progressWaiters.filter((w) => w.match(e));
      this.progressWaiters = this.progressWaiters.filter((w) => !w.match(e));
      for (const w of ready) w.resolve(e);
    };
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, (p) => {
      progressed({ token: p.token, kind: 'create' });
      if (this.options.refuseProgress) return new ResponseError(ErrorCodes.InternalError, 'no progress here');
      this.connection.onProgress(WorkDoneProgress.type, p.token, (value) => progressed({ token: p.token, ...value }));
    });

    this.connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      this.applyEdits.push(p);
      return { applied: true };
    });
    this.connection.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(this.options.root ?? ROOT).href,
      capabilities: {
        window: { workDoneProgress: this.options.workDoneProgress === true },
        workspace: {
          configuration: this.options.configuration,
          applyEdit: true,
          didChangeConfiguration: { dynamicRegistration: this.options.configurationRegistration !== false },
          didChangeWatchedFiles: { dynamicRegistration: this.options.watchFiles === true },
        },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          publishDiagnostics: { versionSupport: true },
        },
      },
      initializationOptions: this.options.initializationOptions,
      workspaceFolders: null,
    });
    const configured = this.options.configuration ? this.nextConfigurationRequest() : Promise.resolve();
    await this.connection.sendNotification(InitializedNotification.type, {});
    await configured;
    return result;
  }

  /** The first `window/logMessage` (already received or future) whose text matches. */
  logMessage(match: (message: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const seen = this.logMessages.find((m) => match(m.message));
    if (seen) return Promise.resolve(seen.message);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no matching window/logMessage within ${timeoutMs} ms`)), timeoutMs);
      this.logWaiters.push({ match, resolve: (m) => (clearTimeout(timer), res(m)) });
    });
  }

  /** The first progress event (already received or future) that matches. */
  progressEvent(match: (e: ProgressEvent) => boolean, timeoutMs = 30_000): Promise<ProgressEvent> {
    const seen = this.progress.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no matching progress within ${timeoutMs} ms`)), timeoutMs);
      this.progressWaiters.push({ match, resolve: (e) => (clearTimeout(timer), res(e)) });
    });
  }

  /** Resolves once the next `workspace/configuration` request has been answered. */
  nextConfigurationRequest(): Promise<void> {
    return new Promise((res) => this.configWaiters.push(res));
  }

  /** The next publishDiagnostics for `uri` matching `match` (already received ones are not considered). */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no publishDiagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        match: (p) => p.uri === uri && match(p),
        resolve: (p) => {
          clearTimeout(timer);
          res(p);
        },
      });
    });
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Kills the server if a test left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    this.connection.dispose();
  }
}

/** Counts diagnostics by code. */
export function countByCode(p: PublishDiagnosticsParams): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of p.diagnostics) out[String(d.code)] = (out[String(d.code)] ?? 0) + 1;
  return out;
}

/** A text document the test keeps in step with what it sends the server. */
export class OpenDocument {
  doc: TextDocument;

  constructor(readonly client: TestClient, readonly uri: string, text: string) {
    this.doc = TextDocument.create(uri, 'markdown', 1, text);
  }

  get text(): string {
    return this.doc.getText();
  }

  get version(): number {
    return this.doc.version;
  }

  /** didOpen; resolves with the first publishDiagnostics (within `timeoutMs`, default 5 s). */
  async open(timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    const version = this.doc.version;
    const published = this.client.nextDiagnostics(this.uri, (p) => p.version === version, timeoutMs);
    await this.client.open(this.uri, this.doc.getText(), this.doc.version);
    return published;
  }

  /** didClose; the server clears the document's diagnostics and forgets it. */
  async close(): Promise<void> {
    await this.client.close(this.uri);
  }

  /**
   * Applies `edits` here and sends them as one incremental didChange with the
   * next version; resolves with the publishDiagnostics of that version (within `timeoutMs`, default 5 s).
   */
  async edit(edits: TextEdit[], timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    const version = this.doc.version + 1;
    const published = this.client.nextDiagnostics(this.uri, (p) => p.version === version, timeoutMs);
    await this.send(edits);
    return published;
  }

  /** Like `edit`, without waiting for diagnostics. */
  async send(edits: TextEdit[]): Promise<void> {
    const version = this.doc.version + 1;
    const text = TextDocument.applyEdits(this.doc, edits);
    // Send the edits last first, so that each range still refers to the text the server has.
    const sorted = [...edits].sort(
      (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
    );
    this.doc = TextDocument.create(this.uri, 'markdown', version, text);
    await this.client.change(
      this.uri,
      version,
      sorted.map((e) => ({ range: e.range, text: e.newText })),
    );
  }
}
