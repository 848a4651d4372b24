/**
 * The engine: one place that owns the catalogs, the template and the
 * per-document cache, shared by the language server and the CLI.
 *
 * A document is parsed and modelled once per version (`analyze`); every
 * feature (diagnostics, hover, completion, …) reads that cached analysis.
 * When a new version arrives, only the blocks whose text changed are
 * re-parsed (see ./model/parse.ts).
 */
import { dirname, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnostic } from '../model/codes';
import { URI } from 'vscode-uri';
import { buildReport, documentLineStarts, readFrontMatter, readOpening, type ReportOpening } from '../model/build';
import { IdScanner } from '../model/ids';
import { indexOfModel } from '../model/reportIndex';
import { firstLine } from '../model/lines';
import { parsePiece as parsePieceHere, type ParsedBlock, type ParsedDocument } from '../model/parse';
import type { RootContent } from 'mdast';
import { hiddenTextOf } from '../model/blocks';
import { scanBlock } from '../model/fallback';
import { BlockCache, blockOf, hasSkippedUnder, IN_PROCESS_PARSER, parseDocumentAsync, parseDocumentSync, type BlockParser } from '../model/blockParser';
import { fileNamePeriod } from '../model/periods';
import type { FrontMatter, ReportModel } from '../model/types';
import { DocumentCatalog } from '../catalog/documents';
import { TicketServices, type TicketCatalog } from '../catalog/tickets';
import { WbsCatalog } from '../catalog/wbs';
import { BUILTIN_CHOICE, BUILTIN_TEMPLATES, DEFAULT_TEMPLATE, eraSource, inEra, TemplateFiles } from '../catalog/templates';
import type { Host } from '../host/host';
import { MemoryHost } from '../host/memory';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ReportTemplate } from '../model/template';
import { runRules } from '../rules';
import { BlockModelCache } from '../model/blockModels';
import { verifyFindings, verifyVersion } from './verify';
import type { Finding } from '../rules/registry';
import type { AnalyzedDocument } from '../model/analysis';
import { DEFAULT_SETTINGS, type EngineSettings } from '../catalog/settings';
import type { TemplateChoice } from '../model/template';
import { CONFIG_FILE_NAME, configValueRange, emptyConfig, type LoadedConfig, type TemplateRef } from '../catalog/config';

/** One analysed document version. Immutable once built; findings are computed on first use. */
export interface Analysis extends AnalyzedDocument {
  /**
   * Absolute paths of the files this analysis read besides its text (the front matter's
   * template file): when one changes (`ReportEngine.invalidate`), the analysis is rebuilt.
   * The engine-wide inputs (configuration, export file, the configuration's template files)
   * are `ReportEngine.dependencies()`.
   */
  dependencies: readonly string[];
  /** Diagnostics with their fixes, computed lazily and cached for this version. */
  findings(): Finding[];
}

/** Reads a document's opening as `readOpening` would with a template (the light scanner's `lightOpening`). */
export type OpeningReader = (template: ReportTemplate) => ReportOpening;

/**
 * A text document whose line offsets are those of the parse's blocks (`documentLineStarts`)
 * rather than a scan of its whole text on first use: `vscode-languageserver-textdocument`
 * computes them lazily into `_lineOffsets` (the same offsets: CR, LF and CRLF end lines). Left
 * as it is if that field is not there (another version of the library).
 */
function withLineStarts(document: TextDocument, parsed: ParsedDocument): TextDocument {
  const lazy = document as unknown as { _lineOffsets?: number[] };
  if ('_lineOffsets' in lazy && lazy._lineOffsets === undefined) lazy._lineOffsets = documentLineStarts(parsed);
  return document;
}


/** Compiled `files` globs of `.dmreport.yaml` `templates:`. */
const matchers = new Map<string, (path: string) => boolean>();

/** A picomatch matcher for a glob relative to the configuration file (`personal/**\/*.md`; `dot` files included). */
function matcher(glob: string): (path: string) => boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    matchers.set(glob, m);
  }
  return m;
}

/**
 * What the engine is built with besides settings and configuration: the host it reads
 * files through, and catalog overrides (tests); without overrides, the bundled catalogs
 * plus the configuration's additions.
 */
export interface EngineCatalogs {
  /** Where template files and the export file are read; default an empty in-memory host (no files). */
  host?: Host;
  wbs?: WbsCatalog;
  documents?: DocumentCatalog;
  template?: ReportTemplate;
  /** Builds the ticket catalog (shared report index, Jira); default offline: this engine's reports and the export file. */
  ticketServices?: TicketServices;
  /**
   * Parses the blocks of reports within `settings.parseBudgetMs` each (the shells' worker pool,
   * ../parsing/pool.ts); default `IN_PROCESS_PARSER`, remark-parse in this thread without a budget.
   */
  parser?: BlockParser;
  /**
   * Called when a block of an open document that was skipped (over budget) has been parsed
   * within budget in the background (see `prepare`): its analysis was dropped, and the next
   * `prepare` + `analyze` give the real parse. The server re-publishes the document's diagnostics.
   */
  onReparsed?: (uri: string) => void;
  /**
   * Compares every incremental analysis (model built per block, per-item rules per block) with a
   * full one of the same parse, and throws on a difference (./verify.ts). Default: on when the
   * environment has `DM_REPORT_VERIFY_INCREMENTAL=1` (tests run whole suites so).
   */
  verifyIncremental?: boolean;
}

/** The parses of one open document besides its analysis (see `ReportEngine.prepare`). */
interface DocumentParses {
  /** The parse of the latest version prepared, and that version. */
  prepared?: { version: number; parsed: ParsedDocument };
  /** The preparation under way, of `text`. */
  pending?: { text: string; promise: Promise<void> };
  /** Blocks skipped by an earlier version that a background parse has since parsed within budget, by text. */
  reparsed: Map<string, ParsedBlock>;
  /** The background parse under way, aborted by the next one. */
  retry?: AbortController;
}

/** The budget of a block of a text that is not open (`ReportEngine.modelOf`: the workspace scan), in ms. */
const SCAN_BUDGET_MS = 250;

/** How many pieces the model parsed again (`ReportEngine.parsePiece`) are kept. */
const MAX_PIECES = 16;
/** Pieces shorter than this (UTF-16 code units) are parsed in this thread: tens of milliseconds at worst. */
const SMALL_PIECE = 1024;

/** `parsed` without the blocks whose text is one of `texts` (they are to be parsed, or taken from elsewhere, again). */
function withoutTexts(parsed: ParsedDocument | undefined, texts: ReadonlyMap<string, unknown>): ParsedDocument | undefined {
  if (!parsed || texts.size === 0 || !parsed.blocks.some((b) => texts.has(b.block.input ?? b.block.text))) return parsed;
  return { ...parsed, blocks: parsed.blocks.filter((b) => !texts.has(b.block.input ?? b.block.text)) };
}

/** Whether the environment asks for the verify mode (`DM_REPORT_VERIFY_INCREMENTAL=1`). */
function verifyByEnvironment(): boolean {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DM_REPORT_VERIFY_INCREMENTAL === '1';
}

/** The shared analysis engine. Not thread-safe; one per process. */
export class ReportEngine {
  /** Effective settings: the client's (or defaults), overridden by `.dmreport.yaml` where it sets them. */
  settings: EngineSettings;
  /** The workspace configuration this engine serves (`{}` without a `.dmreport.yaml`). */
  readonly config: LoadedConfig;
  readonly wbs: WbsCatalog;
  readonly documents: DocumentCatalog;
  /**
   * The default template of this engine's reports: the `catalogs.template` override, else
   * `.dmreport.yaml`'s `template:`, else dm-monthly-2017. A document's own template
   * (front matter, `templates:` globs, or without these two a built-in one by its opening
   * or era) is `Analysis.template`: read that one.
   */
  readonly template: ReportTemplate;
  /**
   * How `template` came: given (`catalogs.template`), configured (`.dmreport.yaml`
   * `template:`) or the default. Given or configured, no report's template is chosen by
   * its opening or era.
   */
  private readonly templateFrom: 'given' | 'configured' | 'default';
  /** Tickets from the workspace's reports, the export file and Jira (see ./catalog/tickets.ts). */
  readonly tickets: TicketCatalog;
  /** The identifier scanner for the current ticket keys. */
  scanner: IdScanner;
  /** Diagnostics on the configuration file: its own problems, then unusable `template:` references (`invalid-template`). */
  readonly configProblems: readonly Diagnostic[];
  /** The host files are read through. */
  readonly host: Host;
  private readonly templateFiles: TemplateFiles;
  /** Template files named by the configuration (absolute paths): a change to one rebuilds the engine. */
  private readonly configTemplateFiles: string[] = [];
  private readonly cache = new Map<string, Analysis & { generation: number }>();
  /** Parses every block of a report (default in this thread; see `EngineCatalogs.parser`). */
  private readonly parser: BlockParser;
  private readonly onReparsed?: (uri: string) => void;
  /** What `prepare` parsed, by document URI. */
  private readonly parses = new Map<string, DocumentParses>();
  /** Blocks parsed lately, by text, for parses without a previous version (fix-all's rounds). */
  private readonly blocks = new BlockCache();
  /** The pieces the model parsed again lately (`parsePiece`), by text; at most `MAX_PIECES`, the oldest forgotten first. */
  private readonly pieces = new Map<string, RootContent[]>();
  /** What each block gave the model and the per-item rules, for the next versions (per-block re-analysis, ../model/blockModels.ts). */
  readonly blockModels = new BlockModelCache();
  /** Whether every incremental analysis is checked against a full one (`EngineCatalogs.verifyIncremental`). */
  readonly verifyIncremental: boolean;
  /** Bumped by every settings change; an analysis of an older generation is rebuilt. */
  private generation = 0;

  /**
   * @param settings partial settings; missing ones take `DEFAULT_SETTINGS`.
   * @param catalogs catalogs to use instead of the bundled ones.
   * @param config the workspace configuration (default: none, resolved against the host's current directory).
   *   It is not modified.
   */
  constructor(settings: Partial<EngineSettings> = {}, catalogs: EngineCatalogs = {}, config?: LoadedConfig) {
    this.host = catalogs.host ?? new MemoryHost();
    this.parser = catalogs.parser ?? IN_PROCESS_PARSER;
    this.onReparsed = catalogs.onReparsed;
    this.verifyIncremental = catalogs.verifyIncremental ?? verifyByEnvironment();
    this.templateFiles = new TemplateFiles(this.host);
    config ??= emptyConfig(this.host.cwd());
    this.config = config;
    this.settings = this.effectiveSettings(settings);
    // The bundled catalogs with the workspace's additions (`documents.extra`, `wbs.extra` of `.dmreport.yaml`).
    const source = config.file ?? 'workspace configuration';
    this.wbs = catalogs.wbs ?? WbsCatalog.bundled().withExtra(config.config.wbs?.extra ?? [], source);
    this.documents = catalogs.documents ?? DocumentCatalog.bundled().withExtra(config.config.documents?.extra ?? [], source);
    this.configProblems = [...config.problems, ...this.checkConfigTemplates()];
    const configured = catalogs.template ? undefined : this.configTemplate(config.config.template);
    this.template = catalogs.template ?? configured ?? DEFAULT_TEMPLATE;
    this.templateFrom = catalogs.template ? 'given' : configured ? 'configured' : 'default';
    this.scanner = new IdScanner(this.settings.ticketKeys, this.documents);
    this.tickets = (catalogs.ticketServices ?? new TicketServices({ network: false, trusted: true, host: this.host })).catalogFor(config, () => this.settings.ticketKeys);
  }

  /**
   * Changes settings. Every cached model is rebuilt on its next use (ticket
   * keys change what the scanner finds; the URL template changes fixes);
   * the Markdown parse does not depend on settings and is reused whole.
   */
  updateSettings(settings: Partial<EngineSettings>): void {
    this.settings = this.effectiveSettings(settings);
    this.scanner = new IdScanner(this.settings.ticketKeys, this.documents);
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
   * A template reference (a built-in name, or `{path}` relative to `dir`).
   * @returns the template, or a sentence saying why it cannot be used.
   */
  resolveTemplate(ref: TemplateRef, dir: string): { template: ReportTemplate; file?: string } | { error: string } {
    if (typeof ref === 'string') {
      const builtin = BUILTIN_TEMPLATES.get(ref);
      if (builtin) return { template: builtin };
      return { error: `unknown template "${ref}" (built-in: ${[...BUILTIN_TEMPLATES.keys()].join(', ')}; a file is written {path: FILE})` };
    }
    const file = resolve(dir, ref.path);
    const r = this.templateFiles.load(file);
    return 'template' in r ? { template: r.template, file } : r;
  }

  /** A template reference of the configuration, or undefined when it is absent or unusable (reported by `checkConfigTemplates`). */
  private configTemplate(ref: TemplateRef | undefined): ReportTemplate | undefined {
    if (ref === undefined) return undefined;
    const r = this.resolveTemplate(ref, this.config.dir);
    return 'template' in r ? r.template : undefined;
  }

  /**
   * A Diagnostic on the configuration file for each `template:` of it that
   * cannot be used (code `invalid-template`); reports then get the next choice.
   * Records the configuration's template files (`dependencies`).
   */
  private checkConfigTemplates(): Diagnostic[] {
    const loaded = this.config;
    const out: Diagnostic[] = [];
    if (!loaded.file) return out;
    const refs: { ref: TemplateRef; path: (string | number)[] }[] = [];
    if (loaded.config.template !== undefined) refs.push({ ref: loaded.config.template, path: ['template'] });
    (loaded.config.templates ?? []).forEach((t, i) => refs.push({ ref: t.template, path: ['templates', i, 'template'] }));
    for (const { ref, path } of refs) {
      if (typeof ref !== 'string') this.configTemplateFiles.push(resolve(loaded.dir, ref.path));
      const r = this.resolveTemplate(ref, loaded.dir);
      if (!('error' in r)) continue;
      const at = typeof ref === 'string' ? path : [...path, 'path'];
      out.push(
        diagnostic(
          'invalid-template',
          configValueRange(loaded, at),
          `${CONFIG_FILE_NAME} ${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1)}: ${r.error}. Reports use ${path[0] === 'templates' ? 'the next choice' : DEFAULT_TEMPLATE.name} instead.`,
        ),
      );
    }
    return out;
  }

  /**
   * The files every analysis of this engine depends on (absolute paths): the
   * configuration file, the ticket export file, the configuration's template files.
   * When one changes, the engine is rebuilt (`Workspace.filesChanged`).
   */
  dependencies(): string[] {
    return [
      ...(this.config.file ? [this.config.file] : []),
      ...(this.tickets.exported ? [this.tickets.exported.file] : []),
      ...this.configTemplateFiles,
    ];
  }

  /**
   * Files changed on disk: forgets the template files among them and every cached
   * analysis that read one (it is rebuilt on its next use).
   * @param paths absolute paths.
   * @returns the URIs of the analyses dropped (open documents to check again).
   */
  invalidate(paths: readonly string[]): string[] {
    const changed = new Set(paths);
    for (const p of changed) this.templateFiles.forget(p);
    const dropped: string[] = [];
    for (const [uri, analysis] of this.cache) {
      if (analysis.dependencies.some((d) => changed.has(d))) {
        this.cache.delete(uri);
        dropped.push(uri);
      }
    }
    return dropped;
  }

  /**
   * The template of a document: its front matter's `template:` (a name, or a
   * path relative to the report), else the first `.dmreport.yaml` `templates:`
   * entry whose `files` glob matches the report's path relative to the
   * configuration file, else the engine's `template` when one was given or
   * configured, else a built-in template chosen by the report itself
   * (`builtinFor`: its opening section, else its period's era), else the
   * default. An unusable choice is skipped for the next one (the front
   * matter's is reported on the report, the configuration's on the
   * configuration file).
   *
   * @param uri the document URI (globs only match `file:` URIs).
   * @param frontMatter the document's front matter, if any.
   * @param parsed the document's parse, for the choice by opening or era (without it, none); or, for
   *   a text read without one (the light scanner, ../model/lightScan.ts), how to read its opening.
   */
  chooseTemplate(uri: string, frontMatter: FrontMatter | undefined, parsed?: ParsedDocument | OpeningReader): TemplateChoice & { file?: string } {
    let problem: TemplateChoice['problem'];
    const location = URI.parse(uri);
    const path = location.scheme === 'file' ? location.fsPath : undefined;
    if (frontMatter?.template) {
      const r = this.resolveTemplate(frontMatter.template.value, path ? dirname(path) : this.config.dir);
      if ('template' in r) return { template: r.template, source: 'front matter', ...(r.file ? { file: r.file } : {}) };
      problem = { message: r.error, range: frontMatter.template.range };
    }
    const globs = this.config.config.templates ?? [];
    if (path && globs.length > 0) {
      const rel = relative(this.config.dir, path).split(sep).join('/');
      for (let i = 0; i < globs.length; i++) {
        if (!matcher(globs[i].files)(rel)) continue;
        const r = this.resolveTemplate(globs[i].template, this.config.dir);
        if ('template' in r) return { template: r.template, source: `${CONFIG_FILE_NAME} templates[${i}] (${globs[i].files})`, problem };
      }
    }
    if (this.templateFrom === 'default' && parsed) {
      const builtin = this.builtinFor(uri, frontMatter, parsed);
      if (builtin) return { ...builtin, problem };
    }
    const source = this.templateFrom === 'configured' ? `${CONFIG_FILE_NAME} template` : 'default';
    return { template: this.template, source, problem };
  }

  /**
   * Whether a `.dmreport.yaml` `templates:` glob matches a document's path (relative to the
   * configuration file), whether its template can be used or not: the configuration says that
   * the document is a report.
   * @param uri the document URI; only `file:` URIs match.
   */
  matchesTemplateGlob(uri: string): boolean {
    const parsed = URI.parse(uri);
    const globs = this.config.config.templates ?? [];
    if (parsed.scheme !== 'file' || globs.length === 0) return false;
    const rel = relative(this.config.dir, parsed.fsPath).split(sep).join('/');
    return globs.some((g) => matcher(g.files)(rel));
  }

  /**
   * The built-in template a report is of by itself, when nothing chooses one:
   * - a kind of report whatever its period (a built-in template without an era,
   *   `personal-monthly`) when its first section, with only the title and the period
   *   heading before it, is a required section of that template
   *   (`# Accomplishments this period`);
   * - else the built-in template whose era holds the report's period as read with that
   *   template: the front matter's `period:`, else the period heading, else the file's
   *   path (`2019-05.md`, `2019/May.md`): `dm-monthly-2019` from 2019-01.
   * Each reading is of the opening only (`readOpening`), not a whole model.
   * @returns the template and its `source`, or undefined (then the default).
   */
  private builtinFor(uri: string, frontMatter: FrontMatter | undefined, parsed: ParsedDocument | OpeningReader): TemplateChoice | undefined {
    const ctx = (template: ReportTemplate) => ({ template, scanner: this.scanner, documents: this.documents, frontMatter });
    const openingOf = (template: ReportTemplate) => (typeof parsed === 'function' ? parsed(template) : readOpening(parsed, ctx(template)));
    for (const kind of BUILTIN_CHOICE.kinds) {
      const opening = openingOf(kind);
      const section = kind.sections.find((s) => s.id === opening.firstSection);
      if (section?.required) return { template: kind, source: `first section "${section.label}"` };
    }
    const path = fileNamePeriod(uri);
    for (const era of BUILTIN_CHOICE.eras) {
      const period = frontMatter?.period?.value ?? openingOf(era).period ?? path;
      if (period && inEra(era.era!, period)) return { template: era, source: eraSource(era, period) };
    }
    return undefined;
  }

  /**
   * The analysis of `uri` at `version`; computed once per version. A newer
   * text re-parses only the blocks that changed since the cached version, and
   * rebuilds the model and re-runs the per-item rules only for the blocks that
   * changed or whose entry state did (per-block re-analysis).
   *
   * @param uri document URI (any string key for the CLI).
   * @param text full document text.
   * @param version editor version; the CLI passes 0.
   * @param basis an analysis of a text close to this one (fix-all's previous round), whose
   *   parse is reused when given (else the cached analysis of `uri`'s).
   */
  analyze(uri: string, text: string, version: number, basis?: Analysis): Analysis {
    const cached = this.cache.get(uri);
    if (cached && cached.generation === this.generation && cached.document.version === version && cached.document.getText() === text) {
      return cached;
    }
    const previous = (basis ?? cached)?.parsed;
    // The blocks unchanged since the cached version (or fix-all's previous round, `basis`) are not parsed again.
    const parsed = this.parseOf(uri, text, previous);
    const frontMatter = readFrontMatter(parsed);
    const { file: templateFile, ...templateChoice } = this.chooseTemplate(uri, frontMatter, parsed);
    // A front matter template file that could not be read is a dependency too: creating it fixes the report.
    const frontMatterFile = frontMatter?.template && typeof frontMatter.template.value !== 'string' ? this.frontMatterTemplatePath(uri, frontMatter.template.value.path) : undefined;
    const buildContext = { template: templateChoice.template, scanner: this.scanner, documents: this.documents, frontMatter, parse: this.parsePiece };
    const model = buildReport(parsed, version, buildContext, this.blockModels);
    const document = withLineStarts(TextDocument.create(uri, 'markdown', version, text), parsed);
    if (this.verifyIncremental) verifyVersion(uri, version, previous, parsed, buildContext, model, document);
    let findings: Finding[] | undefined;
    const analysis = {
      generation: this.generation,
      uri,
      dependencies: [...new Set([templateFile, frontMatterFile].filter((f): f is string => f !== undefined))],
      template: templateChoice.template,
      templateChoice,
      document,
      parsed,
      model,
      findings: () => (findings ??= this.findingsOf(analysis)),
    };
    this.cache.set(uri, analysis);
    this.tickets.update(uri, indexOfModel(model, parsed, templateChoice.template, uri));
    return analysis;
  }

  /**
   * Every rule's findings on an analysis: the per-item rules per block (kept with the blocks), the
   * others on the whole model; in the verify mode, checked against a full run of the rules.
   */
  private findingsOf(analysis: Analysis): Finding[] {
    const findings = runRules(this, analysis, this.blockModels.chunksOfModel(analysis.model));
    if (this.verifyIncremental) verifyFindings(analysis, findings, runRules(this, analysis));
    return findings;
  }

  /** The absolute path a front matter `template: {path}` names, or undefined for a report that is not a file. */
  private frontMatterTemplatePath(uri: string, path: string): string | undefined {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? resolve(dirname(parsed.fsPath), path) : resolve(this.config.dir, path);
  }

  /**
   * The full model of a text that is not open, built with this engine's scanner, default
   * template and catalogs, and not cached (tests; the workspace scan reads reports that are not
   * open with the light scanner instead, ../features/workspaceScan.ts). It is parsed in the
   * calling thread's turn (through `parseSync`), each block within `SCAN_BUDGET_MS` at most: a
   * slower block is read by the line scanner.
   */
  modelOf(text: string): ReportModel {
    return buildReport(this.parseOf(undefined, text, undefined, Math.min(SCAN_BUDGET_MS, this.settings.parseBudgetMs)), 0, {
      template: this.template,
      scanner: this.scanner,
      documents: this.documents,
      parse: this.parsePiece,
    });
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
    this.parses.get(uri)?.retry?.abort();
    this.parses.delete(uri);
    this.tickets.remove(uri);
  }

  /**
   * Parses the blocks of a version that `analyze` would parse, without blocking: through
   * the parser (`EngineCatalogs.parser`, the worker pool in the server), each block within
   * `settings.parseBudgetMs`; a block over budget is read by the light fallback
   * (../model/fallback.ts) and marked skipped. `analyze` of the same text then uses this
   * parse and parses nothing. Concurrent calls for the same text share one parse; a call for
   * another text waits for the one under way and builds on it.
   *
   * A block that an earlier version of the document had to skip, edited (the same first
   * line), is not parsed again first: it gets the fallback at once (a keystroke in a
   * pathological block costs the fallback, not the budget), and is parsed again in the
   * background; when that parse keeps the budget, the analysis is dropped and
   * `EngineCatalogs.onReparsed` called.
   *
   * @param uri the document URI.
   * @param text the version's full text.
   * @param version the editor's version (a newer preparation is never replaced by an older one).
   */
  async prepare(uri: string, text: string, version: number): Promise<void> {
    const state: DocumentParses = this.parses.get(uri) ?? { reparsed: new Map() };
    this.parses.set(uri, state);
    // Parsed already — unless a larger budget (a settings change) would try some skipped blocks again.
    const done = state.prepared?.parsed ?? this.cache.get(uri)?.parsed;
    if (done?.text === text && !hasSkippedUnder(done, this.settings.parseBudgetMs)) return;
    if (state.pending?.text === text) return state.pending.promise;
    // One preparation at a time per document: the next builds on the one under way (whose
    // skipped blocks it then need not parse again), which it waits for.
    const before = state.pending?.promise;
    const promise = (before ? before.catch(() => undefined) : Promise.resolve()).then(() => this.prepareParse(uri, state, text, version));
    state.pending = { text, promise };
    try {
      await promise;
    } finally {
      if (state.pending?.promise === promise) state.pending = undefined;
    }
  }

  private async prepareParse(uri: string, state: DocumentParses, text: string, version: number): Promise<void> {
    const budgetMs = this.settings.parseBudgetMs;
    if (state.prepared?.parsed.text === text && !hasSkippedUnder(state.prepared.parsed, budgetMs)) return;
    const previous = withoutTexts(state.prepared?.parsed ?? this.cache.get(uri)?.parsed, state.reparsed);
    // Blocks skipped for time under this budget (or a larger one), by first line: an edit of one.
    const skipped = new Map<string, ParsedBlock>();
    for (const { block } of previous?.blocks ?? []) {
      if (block.skipped?.reason === 'budget' && block.skipped.budgetMs >= budgetMs) skipped.set(firstLine(block.text), block);
    }
    const again = new Set<string>();
    const parsed = await parseDocumentAsync(text, previous, this.parser, budgetMs, (input, blockText) => {
      const reparsed = state.reparsed.get(input) ?? this.blocks.get(input, budgetMs);
      if (reparsed) return reparsed;
      if (!skipped.has(firstLine(blockText))) return undefined;
      again.add(input);
      return blockOf(input, { skipped: 'budget' }, budgetMs, blockText);
    });
    this.blocks.add(parsed);
    // What an unclosed block at the end hides, which the model parses again on its own: ahead, within the budget.
    const hidden = hiddenTextOf(parsed);
    if (hidden !== undefined && hidden.length >= SMALL_PIECE && !this.pieces.has(hidden)) {
      const [piece] = await this.parser.parse([hidden], budgetMs);
      this.keepPiece(hidden, 'nodes' in piece ? piece.nodes : scanBlock(hidden));
    }
    if (this.parses.get(uri) !== state) return; // closed meanwhile
    if (state.prepared && state.prepared.version > version) return;
    state.prepared = { version, parsed };
    const used = new Set(parsed.blocks.map((b) => b.block.input ?? b.block.text));
    for (const t of state.reparsed.keys()) if (!used.has(t)) state.reparsed.delete(t);
    const retry = [...again].filter((t) => used.has(t));
    if (retry.length > 0) this.parseAgain(uri, state, retry, budgetMs);
  }

  /** Parses skipped blocks again in the background (see `prepare`); aborts the previous such parse of the document. */
  private parseAgain(uri: string, state: DocumentParses, texts: string[], budgetMs: number): void {
    state.retry?.abort();
    const controller = new AbortController();
    state.retry = controller;
    const done = async (results: Awaited<ReturnType<BlockParser['parse']>>) => {
      if (state.retry === controller) state.retry = undefined;
      const found = new Map<string, ParsedBlock>();
      results.forEach((r, i) => {
        if ('nodes' in r) found.set(texts[i], blockOf(texts[i], r, budgetMs));
      });
      const current = state.prepared;
      if (found.size === 0 || controller.signal.aborted || !current || this.parses.get(uri) !== state) return;
      for (const [t, block] of found) state.reparsed.set(t, block);
      const parsed = await parseDocumentAsync(current.parsed.text, withoutTexts(current.parsed, found), this.parser, budgetMs, (t) => found.get(t));
      if (state.prepared !== current || this.parses.get(uri) !== state) return; // a newer version took the blocks already
      state.prepared = { version: current.version, parsed };
      this.cache.delete(uri);
      this.onReparsed?.(uri);
    };
    this.parser.parse(texts, budgetMs, controller.signal).then(done).catch(() => undefined);
  }

  /**
   * How the model parses a piece it reads again (what an unclosed block hides, the lines around a
   * malformed heading; `BuildContext.parse`): parsed ahead by `prepare`, else in this thread when
   * small, else through the parser's `parseSync` within the budget — over it, the light fallback's
   * nodes. The builder moves the nodes it is given: each call gets nodes of its own.
   */
  private readonly parsePiece = (text: string): RootContent[] => {
    if (text.length < SMALL_PIECE) return parsePieceHere(text);
    let nodes = this.pieces.get(text);
    if (!nodes) {
      const piece = this.parser.parseSync(text, this.settings.parseBudgetMs);
      nodes = 'nodes' in piece ? piece.nodes : scanBlock(text);
      this.keepPiece(text, nodes);
    }
    return structuredClone(nodes);
  };

  private keepPiece(text: string, nodes: RootContent[]): void {
    this.pieces.delete(text);
    this.pieces.set(text, nodes);
    for (const key of this.pieces.keys()) {
      if (this.pieces.size <= MAX_PIECES) break;
      this.pieces.delete(key);
    }
  }

  /**
   * The parse `analyze` builds on: the prepared one when it is of `text` (see `prepare`), else
   * the blocks not reused from `previous` (or from the blocks parsed lately) parsed now through
   * the parser's `parseSync`, each within the budget (blocking this thread up to the budget per block).
   * @param uri the document, or undefined for a text that is not open.
   * @param budgetMs the budget of each block (default the setting's).
   */
  private parseOf(uri: string | undefined, text: string, previous?: ParsedDocument, budgetMs = this.settings.parseBudgetMs): ParsedDocument {
    const prepared = uri === undefined ? undefined : this.parses.get(uri)?.prepared?.parsed;
    if (prepared?.text === text && !hasSkippedUnder(prepared, budgetMs)) return prepared;
    const parsed = parseDocumentSync(text, prepared ?? previous, this.parser, budgetMs, (t) => this.blocks.get(t, budgetMs));
    // A text that is not open (the workspace scan) is parsed once: its blocks are not kept.
    if (uri !== undefined) this.blocks.add(parsed);
    return parsed;
  }
}
