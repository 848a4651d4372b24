/**
 * The workspace: one ReportEngine per `.dmreport.yaml` (and one for reports
 * that have none), so that each report is checked with the configuration
 * nearest to it. The language server and the CLI both go through it.
 *
 * A report at `file:///ws/2017/04.md` uses the first `.dmreport.yaml` found
 * walking up from `/ws/2017`, not above the workspace folder that contains it
 * (the CLI has no folders and walks up to the file-system root). Reports with
 * other URI schemes (`untitled:`) use the first folder's configuration.
 */
import { basename, dirname, resolve, sep } from 'node:path';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME, emptyConfig, findConfigFile, readConfig, type LoadedConfig } from '../catalog/config';
import { ReportEngine } from './engine';
import type { Host } from '../host/host';
import { MemoryHost } from '../host/memory';
import { type EngineSettings } from '../catalog/settings';

/** What the workspace is built with; the shells pass the Node host, tests an in-memory one. */
export interface WorkspaceOptions {
  /** Where configuration files are looked for and read (default: an empty in-memory host). Engines get the same host. */
  host?: Host;
  /** Absolute paths of the workspace folders (LSP `workspaceFolders` / `rootUri`); empty for the CLI. */
  roots?: string[];
  /** Client settings (VS Code `dmReport.*`); the configuration file overrides them. */
  settings?: Partial<EngineSettings>;
  /** Builds an engine for a configuration (default `new ReportEngine(settings, { host }, config)`). */
  createEngine?: (config: LoadedConfig, settings: Partial<EngineSettings>) => ReportEngine;
}

/** Engines by configuration file. */
export class Workspace {
  /** The host every engine of this workspace reads through. */
  readonly host: Host;
  private roots: string[];
  private settings: Partial<EngineSettings>;
  private readonly createEngine: (config: LoadedConfig, settings: Partial<EngineSettings>) => ReportEngine;
  /** Key: absolute path of the `.dmreport.yaml`, or `dir:` + the directory it would be in when there is none. */
  private readonly engines = new Map<string, ReportEngine>();
  /** Directory → configuration file found from it (or null): one file-system walk per directory. */
  private readonly found = new Map<string, string | null>();

  constructor(options: WorkspaceOptions = {}) {
    this.host = options.host ?? new MemoryHost();
    this.roots = (options.roots ?? []).map((r) => resolve(r));
    this.settings = options.settings ?? {};
    this.createEngine = options.createEngine ?? ((config, settings) => new ReportEngine(settings, { host: this.host }, config));
  }

  /** Replaces the workspace folders (absolute paths); every engine is rebuilt on next use. */
  setRoots(roots: string[]): void {
    this.roots = roots.map((r) => resolve(r));
    this.reload();
  }

  /** The workspace folders (absolute paths). */
  folders(): string[] {
    return [...this.roots];
  }

  /** The client settings every engine was given (the configuration file overrides some). */
  clientSettings(): Partial<EngineSettings> {
    return { ...this.settings };
  }

  /** Applies new client settings to every engine. */
  updateSettings(settings: Partial<EngineSettings>): void {
    this.settings = settings;
    for (const engine of this.engines.values()) engine.updateSettings(settings);
  }

  /** The workspace folder that contains `path`, the deepest one; undefined outside every folder. */
  rootOf(path: string): string | undefined {
    return this.roots
      .filter((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep))
      .sort((a, b) => b.length - a.length)[0];
  }

  /**
   * The directory whose configuration applies to a document.
   * @param uri a document URI (`file:`, `untitled:`, …).
   */
  private directoryOf(uri: string): string {
    const parsed = URI.parse(uri);
    if (parsed.scheme === 'file') return dirname(parsed.fsPath);
    return this.roots[0] ?? this.host.cwd();
  }

  /** The configuration file that applies in `dir` (absolute), or undefined. */
  configFileFor(dir: string): string | undefined {
    let file = this.found.get(dir);
    if (file === undefined) {
      file = findConfigFile(this.host, dir, this.rootOf(dir)) ?? null;
      this.found.set(dir, file);
    }
    return file ?? undefined;
  }

  /**
   * The engine for a document: the one of the nearest `.dmreport.yaml`, created
   * (and the file read) on first use.
   */
  engineFor(uri: string): ReportEngine {
    const dir = this.directoryOf(uri);
    const file = this.configFileFor(dir);
    const key = file ?? `dir:${this.rootOf(dir) ?? dir}`;
    let engine = this.engines.get(key);
    if (!engine) {
      const config = file ? readConfig(this.host, file) : emptyConfig(this.rootOf(dir) ?? dir);
      engine = this.createEngine(config, this.settings);
      this.engines.set(key, engine);
    }
    return engine;
  }

  /** Every engine created so far. */
  allEngines(): ReportEngine[] {
    return [...this.engines.values()];
  }

  /** The configurations read so far that have a file, with their problems. */
  configs(): LoadedConfig[] {
    return this.allEngines()
      .map((e) => e.config)
      .filter((c) => c.file !== undefined);
  }

  /**
   * Forgets every engine and every configuration lookup (a `.dmreport.yaml` was
   * created, changed or deleted). Documents are re-analysed by the new engines on next use.
   */
  reload(): void {
    this.engines.clear();
    this.found.clear();
  }

  /**
   * Files changed on disk (created, changed or deleted; absolute paths).
   * @returns `reload`: one of them is an input of an engine (a `.dmreport.yaml`, the
   *   ticket export, a template the configuration names) and every engine was dropped,
   *   so every open document must be checked again; else `uris`: the documents whose
   *   analyses read one of them (a front matter template file) and must be checked again.
   */
  filesChanged(paths: readonly string[]): { reload: boolean; uris: string[] } {
    const engines = this.allEngines();
    const inputs = new Set(engines.flatMap((e) => e.dependencies()));
    if (paths.some((p) => inputs.has(p) || basename(p) === CONFIG_FILE_NAME)) {
      this.reload();
      return { reload: true, uris: [] };
    }
    return { reload: false, uris: [...new Set(engines.flatMap((e) => e.invalidate(paths)))] };
  }

  /** Forgets a closed document in every engine. */
  close(uri: string): void {
    for (const engine of this.engines.values()) engine.close(uri);
  }
}
