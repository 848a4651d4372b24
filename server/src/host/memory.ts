/**
 * An in-memory host (./host.ts) for tests: files are a map from absolute
 * POSIX path to text; directories exist where files are below them.
 * Every write advances a logical clock, which is the files' modification time.
 */
import { posix } from 'node:path';
import { UnreadableFileError, type DirectoryEntry, type FileStat, type Host } from './host';

/** Files held in memory. Not for production: nothing is persisted. */
export class MemoryHost implements Host {
  private readonly files = new Map<string, { text: string; mtimeMs: number }>();
  private clock = 1;
  /** Paths read so far, in order (tests check what the engine read). */
  readonly reads: string[] = [];

  /**
   * @param files initial files: absolute POSIX path → text.
   * @param options `cwd` (default `/`), `home` (default `/home/user`).
   */
  constructor(
    files: Record<string, string> = {},
    private readonly options: { cwd?: string; home?: string } = {},
  ) {
    for (const [path, text] of Object.entries(files)) this.set(path, text);
  }

  /** Creates or replaces a file (a newer modification time). */
  set(path: string, text: string): void {
    this.files.set(posix.resolve(path), { text, mtimeMs: this.clock++ });
  }

  /** Deletes a file; true when it existed. */
  delete(path: string): boolean {
    return this.files.delete(posix.resolve(path));
  }

  /** The text of a file, or undefined. */
  get(path: string): string | undefined {
    return this.files.get(posix.resolve(path))?.text;
  }

  /** Every file path, sorted. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  private isDirectory(path: string): boolean {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const p of this.files.keys()) if (p.startsWith(prefix)) return true;
    return false;
  }

  readFile(path: string, maxBytes: number): { text: string; mtimeMs: number } {
    const abs = posix.resolve(path);
    this.reads.push(abs);
    const file = this.files.get(abs);
    if (!file) {
      if (this.isDirectory(abs)) throw new UnreadableFileError('NOTFILE', 'a directory, not a file');
      throw new UnreadableFileError('ENOENT', 'no such file');
    }
    const size = Buffer.byteLength(file.text, 'utf8');
    if (size > maxBytes) throw new UnreadableFileError('TOOLARGE', `${size} bytes, more than the ${maxBytes} read`);
    return { ...file };
  }

  async readFileAsync(path: string, maxBytes: number): Promise<{ text: string; mtimeMs: number }> {
    return this.readFile(path, maxBytes);
  }

  readBytes(path: string, maxBytes: number): Uint8Array {
    return Buffer.from(this.readFile(path, maxBytes).text, 'utf8');
  }

  stat(path: string): FileStat | undefined {
    const abs = posix.resolve(path);
    const file = this.files.get(abs);
    if (file) return { kind: 'file', size: Buffer.byteLength(file.text, 'utf8'), mtimeMs: file.mtimeMs, id: abs };
    return this.isDirectory(abs) ? { kind: 'directory', size: 0, mtimeMs: 0 } : undefined;
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    return this.readDirectorySync(path);
  }

  readDirectorySync(path: string): DirectoryEntry[] {
    const abs = posix.resolve(path);
    if (!this.isDirectory(abs)) throw new Error(`ENOENT: no such directory ${abs}`);
    const prefix = abs.endsWith('/') ? abs : `${abs}/`;
    const entries = new Map<string, DirectoryEntry>();
    for (const p of this.files.keys()) {
      if (!p.startsWith(prefix)) continue;
      const [name, ...deeper] = p.slice(prefix.length).split('/');
      entries.set(name, { name, kind: deeper.length ? 'directory' : 'file' });
    }
    return [...entries.values()];
  }

  /** As the `Host` contract says: a path with files below it is a directory, refused with `NOTFILE`. */
  writeFile(path: string, text: string): void {
    if (this.isDirectory(posix.resolve(path))) throw new UnreadableFileError('NOTFILE', 'a directory, not a file');
    this.set(path, text);
  }

  cwd(): string {
    return this.options.cwd ?? '/';
  }

  homeDir(): string {
    return this.options.home ?? '/home/user';
  }
}
