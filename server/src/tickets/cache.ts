/**
 * The disk cache of Jira answers, so that a restarted server (or the next
 * editor session) does not ask Jira again while an answer is fresh.
 *
 * Where: `$DM_REPORT_CACHE_DIR`, else VS Code's global storage path (the
 * client passes `initializationOptions.globalStoragePath`), else
 * `~/.cache/dm-report`. One JSON file per Jira base URL,
 * `jira-<host>-<12 hex of sha256(base URL)>.json`:
 * `{"version": 1, "baseUrl": "...", "entries": {"DM-10441": {"fetchedAt": <ms since epoch>, "answer": {...}}}}`.
 * Answers only (found / not found); failures are never cached. No token is
 * ever written.
 *
 * The file is read once, on first use; each new answer is merged into what is
 * on disk at that moment (another server may share the file) and written to a
 * temporary file that is renamed over the old one. Disk errors are reported
 * through `onError` and otherwise ignored: the cache is an optimisation.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UnreadableFileError, type Host } from '../host/host';
import type { JiraAnswer } from './jira';

/** The largest cache file read, in bytes. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** One cached answer. */
export interface CacheEntry {
  /** When Jira gave the answer, milliseconds since the epoch. */
  fetchedAt: number;
  answer: JiraAnswer;
}

interface CacheFile {
  version: 1;
  baseUrl: string;
  entries: Record<string, CacheEntry>;
}

/**
 * The cache directory.
 * @param env the process environment (`DM_REPORT_CACHE_DIR`).
 * @param globalStoragePath VS Code's global storage path for the extension, if the client gave one.
 * @param homeDir the user's home directory (`Host.homeDir()`), for the default `~/.cache/dm-report`.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv, globalStoragePath: string | undefined, homeDir: string): string {
  if (env.DM_REPORT_CACHE_DIR) return env.DM_REPORT_CACHE_DIR;
  if (globalStoragePath) return globalStoragePath;
  return join(homeDir, '.cache', 'dm-report');
}

/** The cache file name for a normalised base URL. */
export function cacheFileName(baseUrl: string): string {
  const host = new URL(baseUrl).host.replace(/[^A-Za-z0-9.-]/g, '_');
  return `jira-${host}-${createHash('sha256').update(baseUrl).digest('hex').slice(0, 12)}.json`;
}

function validEntry(e: unknown): e is CacheEntry {
  if (!e || typeof e !== 'object') return false;
  const { fetchedAt, answer } = e as CacheEntry;
  if (typeof fetchedAt !== 'number' || !answer || typeof answer !== 'object') return false;
  return answer.kind === 'not-found' || (answer.kind === 'found' && typeof answer.record?.key === 'string');
}

/** The Jira answers of one base URL, in memory and on disk. */
export class JiraCache {
  /** Absolute path of the cache file. */
  readonly file: string;
  private entries: Map<string, CacheEntry> | undefined;

  /**
   * @param host where the cache file is read and written.
   * @param dir the cache directory (see `cacheDirectory`); created on first write.
   * @param baseUrl the normalised Jira base URL (`normalizeBaseUrl`).
   * @param ttlMs how long an answer is fresh, in milliseconds.
   * @param now the clock, milliseconds since the epoch (tests pass their own).
   * @param onError told of disk errors (reading a corrupt file, writing); nothing is thrown.
   */
  constructor(
    private readonly host: Host,
    readonly dir: string,
    readonly baseUrl: string,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly onError: (message: string) => void = () => undefined,
  ) {
    this.file = join(dir, cacheFileName(baseUrl));
  }

  /** Reads the file; a missing file is empty, a corrupt one is reported and treated as empty. */
  private load(): Map<string, CacheEntry> {
    const out = new Map<string, CacheEntry>();
    let text: string;
    try {
      text = this.host.readFile(this.file, MAX_CACHE_BYTES).text;
    } catch (e) {
      const code = e instanceof UnreadableFileError ? e.code : 'error';
      if (code !== 'ENOENT') this.onError(`cannot read the Jira cache ${this.file} (${code})`);
      return out;
    }
    try {
      const data = JSON.parse(text) as Partial<CacheFile>;
      if (data.baseUrl !== this.baseUrl || !data.entries || typeof data.entries !== 'object') return out;
      for (const [key, entry] of Object.entries(data.entries)) if (validEntry(entry)) out.set(key, entry);
    } catch {
      this.onError(`the Jira cache ${this.file} is not valid JSON; it will be rewritten`);
    }
    return out;
  }

  private get map(): Map<string, CacheEntry> {
    return (this.entries ??= this.load());
  }

  /**
   * The cached answer for `id`, fresh or not.
   * @returns the entry and whether it is younger than the TTL; undefined when never cached.
   */
  get(id: string): { entry: CacheEntry; fresh: boolean } | undefined {
    const entry = this.map.get(id);
    if (!entry) return undefined;
    return { entry, fresh: this.now() - entry.fetchedAt < this.ttlMs };
  }

  /** Every cached answer, by key. */
  all(): ReadonlyMap<string, CacheEntry> {
    return this.map;
  }

  /** Records an answer given now, and writes the file (merged with what another process may have written). */
  set(id: string, answer: JiraAnswer): CacheEntry {
    const entry: CacheEntry = { fetchedAt: this.now(), answer };
    this.map.set(id, entry);
    try {
      const onDisk = this.load();
      for (const [k, e] of this.map) {
        const other = onDisk.get(k);
        if (!other || other.fetchedAt <= e.fetchedAt) onDisk.set(k, e);
      }
      this.entries = onDisk;
      const data: CacheFile = { version: 1, baseUrl: this.baseUrl, entries: Object.fromEntries(onDisk) };
      this.host.writeFile(this.file, JSON.stringify(data), { atomic: true });
    } catch (e) {
      this.onError(`cannot write the Jira cache ${this.file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return entry;
  }
}
