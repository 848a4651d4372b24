/**
 * Diagnostics publishing for the LSP shell: reports are checked after
 * `debounceMs` without a change (at once when opened or when an input
 * changed), and the problems of files that are not reports (`.dmreport.yaml`,
 * the ticket export) are published per engine and merged across engines.
 * Shell code: it talks to the connection; what is published comes from the
 * features (getDiagnostics) through the workspace's engines.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { ReportEngine } from '../engine/engine';

/** Publishes diagnostics of reports (debounced) and of configuration and export files. */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Files (`.dmreport.yaml`, export files) whose problems, by engine, have been published. */
  private readonly fileProblems = new Map<string, Map<ReportEngine, Diagnostic[]>>();
  /** Engines whose files' problems have been published. */
  private readonly published = new WeakSet<ReportEngine>();

  /**
   * @param connection where `textDocument/publishDiagnostics` goes.
   * @param diagnosticsOf the diagnostics of an open document now (empty when it is not a report or
   *   diagnostics are off), with its version; undefined when the document is not open. May throw
   *   or reject. Asynchronous: the document is parsed off the main thread first; it is published
   *   when it resolves.
   */
  constructor(
    private readonly connection: Connection,
    private readonly diagnosticsOf: (uri: string) => Promise<{ version: number; diagnostics: Diagnostic[] } | undefined>,
  ) {}

  /** Checks `uri` after `delayMs` milliseconds, replacing a check already planned. */
  schedule(uri: string, delayMs: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => void this.publish(uri), delayMs));
  }

  /** Stops planned checks of a closed document and clears its diagnostics. */
  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async publish(uri: string): Promise<void> {
    this.timers.delete(uri);
    // Runs from a timer: an exception here would end the process, not just this request.
    try {
      const r = await this.diagnosticsOf(uri);
      if (r) void this.connection.sendDiagnostics({ uri, version: r.version, diagnostics: r.diagnostics });
    } catch (e) {
      this.connection.console.error(`dm-report: cannot check ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  /** Publishes an engine's problems on files other than reports, once per engine, merged with other engines'. */
  engineInUse(engine: ReportEngine): void {
    if (this.published.has(engine)) return;
    this.published.add(engine);
    const byUri = new Map<string, Diagnostic[]>();
    if (engine.config.file) byUri.set(URI.file(engine.config.file).toString(), [...engine.configProblems]);
    for (const p of engine.tickets.problems) byUri.set(p.uri, [...(byUri.get(p.uri) ?? []), ...p.diagnostics]);
    for (const [uri, diagnostics] of byUri) {
      const engines = this.fileProblems.get(uri) ?? new Map<ReportEngine, Diagnostic[]>();
      this.fileProblems.set(uri, engines);
      engines.set(engine, diagnostics);
      void this.connection.sendDiagnostics({ uri, diagnostics: [...engines.values()].flat() });
    }
  }

  /** The engines were rebuilt: clears every file problem published so far (the new engines publish theirs). */
  enginesReloaded(): void {
    for (const [uri, engines] of this.fileProblems) {
      if ([...engines.values()].some((d) => d.length)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.fileProblems.clear();
  }
}
