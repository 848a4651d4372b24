/**
 * The engine: one place that owns the catalogs, the template and the
 * per-document cache, shared by the language server and the CLI.
 *
 * A document is parsed and modelled once per version (`analyze`); every
 * feature (diagnostics, hover, completion, …) reads that cached analysis.
 * When a new version arrives, only the blocks whose text changed are
 * re-parsed (see ./model/parse.ts).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildReport } from './model/build';
import { IdScanner } from './model/ids';
import { parseDocument, type ParsedDocument } from './model/parse';
import type { ReportModel } from './model/types';
import { DocumentCatalog } from './catalog/documents';
import { TicketServices, type TicketCatalog } from './catalog/tickets';
import { WbsCatalog } from './catalog/wbs';
import { DEFAULT_TEMPLATE, type ReportTemplate } from './template';
import { runRules, type Finding } from './rules';
import { emptyConfig, type LoadedConfig } from './config';

/** User settings (VS Code `dmReport.*`, or defaults for the CLI and bare servers). */
export interface EngineSettings {
  /** Browse URL of a ticket; `{id}` is replaced by the key (`DM-10441`). */
  ticketUrlTemplate: string;
  /** Jira project keys that count as tickets, upper case. */
  ticketKeys: string[];
}

/** Defaults for every setting. */
export const DEFAULT_SETTINGS: EngineSettings = {
  ticketUrlTemplate: 'https://rubinobs.atlassian.net/browse/{id}',
  ticketKeys: ['DM', 'RFC', 'PREOPS', 'SITCOM'],
};

/** One analysed document version. Immutable once built; findings are computed on first use. */
export interface Analysis {
  uri: string;
  /** The text document (0-based LSP positions ↔ UTF-16 offsets). */
  document: TextDocument;
  parsed: ParsedDocument;
  model: ReportModel;
  /** Diagnostics with their fixes, computed lazily and cached for this version. */
  findings(): Finding[];
}

/** Catalog overrides for the engine (tests); without them, the bundled catalogs plus the configuration's additions. */
export interface EngineCatalogs {
  wbs?: WbsCatalog;
  documents?: DocumentCatalog;
  template?: ReportTemplate;
  /** Builds the ticket catalog (shared report index, Jira); default offline: this engine's reports and the export file. */
  ticketServices?: TicketServices;
}

/** The shared analysis engine. Not thread-safe; one per process. */
export class ReportEngine {
  /** Effective settings: the client's (or defaults), overridden by `.dmreport.yaml` where it sets them. */
  settings: EngineSettings;
  /** The workspace configuration this engine serves (`{}` without a `.dmreport.yaml`). */
  readonly config: LoadedConfig;
  readonly wbs: WbsCatalog;
  readonly documents: DocumentCatalog;
  readonly template: ReportTemplate;
  /** Tickets from the workspace's reports, the export file and Jira (see ./catalog/tickets.ts). */
  readonly tickets: TicketCatalog;
  /** The identifier scanner for the current ticket keys. */
  scanner: IdScanner;
  private readonly cache = new Map<string, Analysis & { generation: number }>();
  /** Bumped by every settings change; an analysis of an older generation is rebuilt. */
  private generation = 0;

  /**
   * @param settings partial settings; missing ones take `DEFAULT_SETTINGS`.
   * @param catalogs catalogs to use instead of the bundled ones.
   * @param config the workspace configuration (default: none, resolved against the current directory).
   */
  constructor(settings: Partial<EngineSettings> = {}, catalogs: EngineCatalogs = {}, config: LoadedConfig = emptyConfig(process.cwd())) {
    this.config = config;
    this.settings = this.effectiveSettings(settings);
    // The bundled catalogs with the workspace's additions (`documents.extra`, `wbs.extra` of `.dmreport.yaml`).
    const source = config.file ?? 'workspace configuration';
    this.wbs = catalogs.wbs ?? WbsCatalog.bundled().withExtra(config.config.wbs?.extra ?? [], source);
    this.documents = catalogs.documents ?? DocumentCatalog.bundled().withExtra(config.config.documents?.extra ?? [], source);
    this.template = catalogs.template ?? DEFAULT_TEMPLATE;
    this.scanner = new IdScanner(this.settings.ticketKeys, this.documents.series());
    this.tickets = (catalogs.ticketServices ?? new TicketServices()).catalogFor(config, () => this.settings.ticketKeys);
  }

  /**
   * Changes settings. Every cached model is rebuilt on its next use (ticket
   * keys change what the scanner finds; the URL template changes fixes);
   * the Markdown parse does not depend on settings and is reused whole.
   */
  updateSettings(settings: Partial<EngineSettings>): void {
    this.settings = this.effectiveSettings(settings);
    this.scanner = new IdScanner(this.settings.ticketKeys, this.documents.series());
    this.generation++;
  }

  /** Client settings over defaults, then the workspace configuration's `tickets.keys` / `tickets.urlTemplate` over both. */
  private effectiveSettings(settings: Partial<EngineSettings>): EngineSettings {
    const tickets = this.config.config.tickets;
    return {
      ...DEFAULT_SETTINGS,
      ...settings,
      ...(tickets?.keys ? { ticketKeys: tickets.keys } : {}),
      ...(tickets?.urlTemplate ? { ticketUrlTemplate: tickets.urlTemplate } : {}),
    };
  }

  /**
   * The analysis of `uri` at `version`; computed once per version. A newer
   * text re-parses only the blocks that changed since the cached version.
   *
   * @param uri document URI (any string key for the CLI).
   * @param text full document text.
   * @param version editor version; the CLI passes 0.
   */
  analyze(uri: string, text: string, version: number): Analysis {
    const cached = this.cache.get(uri);
    if (cached && cached.generation === this.generation && cached.document.version === version && cached.document.getText() === text) {
      return cached;
    }
    const parsed = parseDocument(text, cached?.parsed);
    const model = buildReport(parsed, version, {
      template: this.template,
      scanner: this.scanner,
      documents: this.documents,
    });
    const document = TextDocument.create(uri, 'markdown', version, text);
    let findings: Finding[] | undefined;
    const analysis = {
      generation: this.generation,
      uri,
      document,
      parsed,
      model,
      findings: () => (findings ??= runRules(this, analysis)),
    };
    this.cache.set(uri, analysis);
    this.tickets.update(uri, model);
    return analysis;
  }

  /**
   * The model of a text that is not open (a workspace file read from disk), built
   * with this engine's scanner, template and catalogs, and not cached.
   */
  modelOf(text: string): ReportModel {
    return buildReport(parseDocument(text), 0, { template: this.template, scanner: this.scanner, documents: this.documents });
  }

  /** The cached analysis of `uri`, whatever its version. */
  get(uri: string): Analysis | undefined {
    return this.cache.get(uri);
  }

  /** Every cached analysis (one per open document). */
  analyses(): IterableIterator<Analysis> {
    return this.cache.values();
  }

  /** Forgets a closed document and its ticket definitions. */
  close(uri: string): void {
    this.cache.delete(uri);
    this.tickets.remove(uri);
  }
}
