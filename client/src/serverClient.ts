/**
 * The language client's life cycle: start, restart (with a fresh client, so a
 * failed start can be retried), requests, and state changes that outlive any
 * one client instance.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, LanguageClientOptions, ServerOptions, State } from 'vscode-languageclient/node';

/** How to build a client: called again for each (re)start. */
export interface ServerClientOptions {
  id: string;
  name: string;
  /** How to start the server (used when `resolveServerOptions` is not given). */
  serverOptions?: ServerOptions;
  /**
   * How to start the server, asked again at each (re)start, so that the server
   * process's environment (which carries the Jira token) is current.
   */
  resolveServerOptions?: () => Promise<ServerOptions>;
  /** Read at each start, so that e.g. the workspace trust passed in initializationOptions is current. */
  clientOptions: () => LanguageClientOptions;
}

/**
 * Owns the current LanguageClient. A client whose start failed cannot be
 * started again, so restart() disposes it and builds a new one.
 */
export class ServerClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private clientListener: vscode.Disposable | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<State>();
  private queue: Promise<void> = Promise.resolve();

  /** Fires when the current client changes state (Starting, Running, Stopped, StartFailed). */
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly options: ServerClientOptions) {}

  /** Starts a client if none is running. Rejects when the server cannot be started. */
  start(): Promise<void> {
    return this.serialize(() => this.startClient());
  }

  /** Stops the current client (if any) and starts a new one. */
  restart(): Promise<void> {
    return this.serialize(async () => {
      await this.disposeClient();
      await this.startClient();
    });
  }

  /** Whether a client is connected to a running server. */
  isRunning(): boolean {
    return this.client?.isRunning() ?? false;
  }

  /** Sends a custom request; rejects when the server is not running. */
  async request<R>(method: string, params: object): Promise<R> {
    const client = this.runningClient();
    return client.sendRequest<R>(method, params);
  }

  /** Runs a server command through workspace/executeCommand and returns its result. */
  async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    const client = this.runningClient();
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** Stops the server. */
  stop(): Promise<void> {
    return this.serialize(() => this.disposeClient());
  }

  /** Stops the server and releases the event emitter. */
  dispose(): void {
    void this.disposeClient();
    this.stateEmitter.dispose();
  }

  /** Runs start/restart/stop one at a time, in call order, whatever the previous one's outcome. */
  private serialize(operation: () => Promise<void>): Promise<void> {
    const next = this.queue.then(operation, operation);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async startClient(): Promise<void> {
    if (this.client?.isRunning()) return;
    await this.disposeClient();
    const serverOptions = this.options.resolveServerOptions ? await this.options.resolveServerOptions() : this.options.serverOptions;
    if (!serverOptions) throw new Error('DM Report: no way to start the language server was given.');
    const client = new LanguageClient(this.options.id, this.options.name, serverOptions, this.options.clientOptions());
    this.client = client;
    this.clientListener = client.onDidChangeState((e) => this.stateEmitter.fire(e.newState));
    await client.start();
  }

  private runningClient(): LanguageClient {
    if (!this.client?.isRunning()) throw new Error('The DM Report language server is not running.');
    return this.client;
  }

  private async disposeClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.clientListener?.dispose();
    this.clientListener = undefined;
    if (!client) return;
    try {
      await client.dispose();
    } catch {
      // A client that never got a connection (failed start) has nothing to shut down.
    }
    this.stateEmitter.fire(State.Stopped);
  }
}
