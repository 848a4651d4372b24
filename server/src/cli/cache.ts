/**
 * The results cache of `dm-report check --cache` (as eslint and prettier spell it): what checking
 * a file gave, kept in one JSON file (default `.dmreport-cache` in the current directory;
 * `--cache-location PATH`, a file, or a directory to put `.dmreport-cache` in), so that a file
 * checked before and unchanged since costs a read and a hash.
 *
 * An entry is found by the file's absolute path and mode (check, or `--fix`) and is valid when its
 * key — SHA-256 of the tool's identity (version and build), the engine's inputs (the
 * `.dmreport.yaml` that applies, the ticket export file and the configuration's template files:
 * paths and contents), the mode, the path and the file's bytes — is the one computed now, and
 * every other file the analysis read (a front matter's template file) has the content it had.
 * The bundled catalogs (data/) and templates are part of the build, so of the tool's identity.
 * Nothing live is read by `check` (it never contacts Jira), so nothing live is in the key.
 *
 * A cache that cannot be read or is not one (corrupt, another format) is started anew with a
 * warning; one that cannot be written is a warning; neither changes the check's result or its
 * exit code. The file is written atomically (a temporary file renamed over it), and only when
 * something changed. It keeps one entry per file and mode: a file's newer entry replaces its older.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { UnreadableFileError, type Host } from '../host/host';

/** The name of the cache file: in the current directory by default, or in a `--cache-location` directory. */
export const CACHE_FILE_NAME = '.dmreport-cache';

/** The version of the cache file's layout; a file of another one is started anew (quietly). */
const CACHE_FORMAT = 1;

/** The largest cache file read, in bytes (a bigger one is started anew, with a warning). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/** The largest dependency hashed (a template file), in bytes: a larger one counts as unreadable. */
const MAX_DEPENDENCY_BYTES = 64 * 1024 * 1024;

/** What a cached check of one file gave: what `FileOutcome` (./checkFile.ts) holds of a file left unchanged. */
export interface CachedOutcome {
  diagnostics: Diagnostic[];
  fixed?: number;
  notAReport?: boolean;
  reason?: string;
}

/** Check, or check with `--fix`: the two give different outcomes for the same text. */
export type CacheMode = 'check' | 'fix';

/** One entry: its key, the other files the analysis read with the hash of their contents (null: none there), the outcome. */
interface Entry {
  key: string;
  dependencies: [string, string | null][];
  outcome: CachedOutcome;
}

/** The cache file. */
interface CacheFile {
  format: typeof CACHE_FORMAT;
  /** The tool's identity when the entries were made; another tool (version, build) starts anew. */
  tool: string;
  /** By `${mode}:${absolute path}`. */
  entries: Record<string, Entry>;
}

/** SHA-256 (hex) of strings and bytes, each preceded by its length (no two inputs hash alike by concatenation). */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/**
 * Where the cache lives: `location` (absolute, or relative to `cwd`) — a directory (existing, or
 * written with a trailing `/`) holds `.dmreport-cache` — or `.dmreport-cache` in `cwd`.
 */
export function cacheFilePath(host: Host, cwd: string, location: string | undefined): string {
  if (location === undefined) return join(cwd, CACHE_FILE_NAME);
  const path = resolve(cwd, location);
  return /[\\/]$/.test(location) || host.stat(path)?.kind === 'directory' ? join(path, CACHE_FILE_NAME) : path;
}

/** The results cache of one run: loaded at the start, saved at the end. */
export class ResultCache {
  private entries: Record<string, Entry> = {};
  private dirty = false;
  /** Contents' hashes of the files read this run, by absolute path (null: not there or unreadable). */
  private readonly hashes = new Map<string, string | null>();

  private constructor(
    private readonly host: Host,
    /** The cache file (absolute path). */
    readonly file: string,
    private readonly tool: string,
  ) {}

  /**
   * Loads the cache file (none yet: an empty cache).
   * @param tool the tool's identity (version and build): entries of another are dropped.
   * @returns the cache and, when the file was there but unusable, a warning for standard error.
   */
  static load(host: Host, file: string, tool: string): { cache: ResultCache; warning?: string } {
    const cache = new ResultCache(host, file, tool);
    let text: string;
    try {
      text = host.readFile(file, MAX_CACHE_BYTES).text;
    } catch (e) {
      const code = e instanceof UnreadableFileError ? e.code : ((e as NodeJS.ErrnoException).code ?? String(e));
      return code === 'ENOENT' ? { cache } : { cache, warning: `cache ${file} cannot be read (${code}); checking without it` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      cache.dirty = true;
      return { cache, warning: `cache ${file} is not valid JSON; it is started anew` };
    }
    const c = parsed as Partial<CacheFile> | null;
    if (!c || typeof c !== 'object' || typeof c.entries !== 'object' || c.entries === null || Array.isArray(c.entries)) {
      cache.dirty = true;
      return { cache, warning: `cache ${file} is not a dm-report cache; it is started anew` };
    }
    if (c.format === CACHE_FORMAT && c.tool === tool) cache.entries = c.entries;
    else cache.dirty = true;
    return { cache };
  }

  /** The hash of a file's contents (read through the host once per run), or null when it is not there or cannot be read. */
  contentHash(path: string): string | null {
    let h = this.hashes.get(path);
    if (h === undefined) {
      try {
        h = hashOf(this.host.readBytes(path, MAX_DEPENDENCY_BYTES));
      } catch {
        h = null;
      }
      this.hashes.set(path, h);
    }
    return h;
  }

  /**
   * The key of an engine's inputs: its files (`ReportEngine.dependencies()`, absolute paths) with
   * their contents' hashes, and the directory of its configuration (which file globs are relative to).
   */
  engineKey(configDir: string, files: readonly string[]): string {
    return hashOf(configDir, ...files.flatMap((f) => [f, this.contentHash(f) ?? '']));
  }

  /**
   * The key of one file's check: the engine's key, the mode, the path and the file's bytes (the
   * tool is the cache file's).
   */
  key(engineKey: string, mode: CacheMode, path: string, bytes: Uint8Array): string {
    return hashOf(engineKey, mode, path, bytes);
  }

  /** The cached outcome of a file, when its entry has this key and the files it read are unchanged. */
  get(mode: CacheMode, path: string, key: string): CachedOutcome | undefined {
    const entry = this.entries[`${mode}:${path}`];
    if (!entry || entry.key !== key || !Array.isArray(entry.dependencies) || !entry.outcome || !Array.isArray(entry.outcome.diagnostics)) return undefined;
    return entry.dependencies.every(([p, h]) => this.contentHash(p) === h) ? entry.outcome : undefined;
  }

  /** Records a file's outcome (replacing its entry), with the other files its analysis read (absolute paths). */
  set(mode: CacheMode, path: string, key: string, dependencies: readonly string[], outcome: CachedOutcome): void {
    this.entries[`${mode}:${path}`] = { key, dependencies: dependencies.map((d) => [d, this.contentHash(d)]), outcome };
    this.dirty = true;
  }

  /**
   * Writes the cache file when something changed (atomically; missing directories created).
   * @returns a warning for standard error when it cannot be written (the results stand).
   */
  save(): string | undefined {
    if (!this.dirty) return undefined;
    const file: CacheFile = { format: CACHE_FORMAT, tool: this.tool, entries: this.entries };
    try {
      this.host.writeFile(this.file, JSON.stringify(file), { atomic: true });
      this.dirty = false;
      return undefined;
    } catch (e) {
      return `cache ${this.file} cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); results not cached`;
    }
  }
}
