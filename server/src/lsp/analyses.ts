/**
 * The analyses of the server's open documents, without blocking the server:
 * each version is first parsed through the engine's parser (`prepare`: the
 * worker pool, each block within the parse budget), then analysed (`analyze`,
 * which then parses nothing). While a pathological block is being parsed, the
 * server goes on answering requests on other documents.
 * Shell code: it reads the open documents (`TextDocuments`) and publishes an
 * engine's configuration problems on first use.
 */
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, ReportEngine } from '../engine/engine';
import type { Workspace } from '../engine/workspace';

/** An open document's engine and its analysis. */
export interface OpenAnalysis {
  engine: ReportEngine;
  analysis: Analysis;
}

/** How often `analysisOf` prepares again when the document changed while it was being parsed. */
const MAX_ROUNDS = 4;

/** The analyses of the open documents. */
export class OpenAnalyses {
  /**
   * @param documents the open documents.
   * @param workspace the engines, by nearest `.dmreport.yaml`.
   * @param engineInUse told of every engine a document is analysed with (the publisher publishes its
   *   configuration's problems once: `DiagnosticsPublisher.engineInUse`).
   */
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly engineInUse: (engine: ReportEngine) => void,
  ) {}

  /** The engine of a document (nearest `.dmreport.yaml`), after telling `engineInUse`. */
  engineOf(uri: string): ReportEngine {
    const engine = this.workspace.engineFor(uri);
    this.engineInUse(engine);
    return engine;
  }

  /**
   * An open document's engine and its analysis at its current version: parsed without blocking
   * (`ReportEngine.prepare`), then analysed. When the document changes during the parse (or its
   * engine is rebuilt), the new version is prepared instead (at most `MAX_ROUNDS` times; then the version prepared last is
   * analysed).
   * @returns undefined when the document is not open (or was closed meanwhile).
   */
  async analysisOf(uri: string): Promise<OpenAnalysis | undefined> {
    for (let round = 1; ; round++) {
      const doc = this.documents.get(uri);
      if (!doc) return undefined;
      const engine = this.engineOf(uri);
      const text = doc.getText();
      const version = doc.version;
      await engine.prepare(uri, text, version);
      const now = this.documents.get(uri);
      if (!now) return undefined;
      const same = now.version === version && this.workspace.engineFor(uri) === engine;
      if (same || round === MAX_ROUNDS) return { engine, analysis: engine.analyze(uri, text, version) };
    }
  }
}
