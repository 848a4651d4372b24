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
import { buildReport, documentLineStarts, readFrontMatter, readOpening } from '../model/build';
import { IdScanner } from '../model/ids';
import { parseAroundChange, parseDocument, type ParsedDocument } from '../model/parse';
import { fileNamePeriod } from '../model/periods';
import type { FrontMatter, ReportModel } from '../model/types';
import { DocumentCatalog } from '../catalog/documents';
import { TicketServices, type TicketCatalog } from '../catalog/tickets';
import { WbsCatalog } from '../catalog/wbs';
import { BUILTIN_CHOICE, BUILTIN_TEMPLATES, DEFAULT_TEMPLATE, eraSource, inEra, TemplateFiles } from '../catalog/templates';
import type { Host } from '../host/host';
import { MemoryHost } from '../host/memory';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
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

/**
 * Whether two models say the same of tickets, as the ticket index reads them (`reportTickets`):
 * the same mentions (well formed and malformed), definitions and period. Items reused from
 * unchanged blocks are the same objects: mostly a comparison of references.
 */
function sameTicketFacts(a: ReportModel, b: ReportModel): boolean {
  const sameRange = (x: Range, y: Range) =>
    x === y || (x.start.line === y.start.line && x.start.character === y.start.character && x.end.line === y.end.line && x.end.character === y.end.character);
  const same = <T extends { range: Range }>(xs: readonly T[], ys: readonly T[], eq: (x: T, y: T) => boolean) =>
    xs.length === ys.length && xs.every((x, i) => x === ys[i] || (sameRange(x.range, ys[i].range) && eq(x, ys[i])));
  return (
    a.period?.year === b.period?.year &&
    a.period?.month === b.period?.month &&
    same(a.tickets, b.tickets, (x, y) => x.id === y.id && x.definition === y.definition) &&
    same(a.malformedTickets, b.malformedTickets, (x, y) => x.corrected === y.corrected) &&
    same(a.ticketDefinitions, b.ticketDefinitions, (x, y) => x.id === y.id && x.title === y.title)
  );
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
   * Compares every incremental analysis (model built per block, per-item rules per block) with a
   * full one of the same parse, and throws on a difference (./verify.ts). Default: on when the
   * environment has `DM_REPORT_VERIFY_INCREMENTAL=1` (tests run whole suites so).
   */
  verifyIncremental?: boolean;
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
   * @param parsed the document's parse, for the choice by opening or era (without it, none).
   */
  chooseTemplate(uri: string, frontMatter: FrontMatter | undefined, parsed?: ParsedDocument): TemplateChoice & { file?: string } {
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
  private builtinFor(uri: string, frontMatter: FrontMatter | undefined, parsed: ParsedDocument): TemplateChoice | undefined {
    const ctx = (template: ReportTemplate) => ({ template, scanner: this.scanner, documents: this.documents, frontMatter });
    for (const kind of BUILTIN_CHOICE.kinds) {
      const opening = readOpening(parsed, ctx(kind));
      const section = kind.sections.find((s) => s.id === opening.firstSection);
      if (section?.required) return { template: kind, source: `first section "${section.label}"` };
    }
    const path = fileNamePeriod(uri);
    for (const era of BUILTIN_CHOICE.eras) {
      const period = frontMatter?.period?.value ?? readOpening(parsed, ctx(era)).period ?? path;
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
    // An edit in one place re-splits and re-parses the blocks around it only (a keystroke costs those, not the whole text).
    const parsed = (previous && parseAroundChange(text, previous)) ?? parseDocument(text, previous);
    const frontMatter = readFrontMatter(parsed);
    const { file: templateFile, ...templateChoice } = this.chooseTemplate(uri, frontMatter, parsed);
    // A front matter template file that could not be read is a dependency too: creating it fixes the report.
    const frontMatterFile = frontMatter?.template && typeof frontMatter.template.value !== 'string' ? this.frontMatterTemplatePath(uri, frontMatter.template.value.path) : undefined;
    const buildContext = { template: templateChoice.template, scanner: this.scanner, documents: this.documents, frontMatter };
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
    // The ticket index recomputes what the document says of tickets: not when it says the same (most edits).
    if (!cached || !sameTicketFacts(cached.model, model)) this.tickets.update(uri, model);
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
