/**
 * The Node implementation of the host (./host.ts): the real file system.
 * Only regular files of bounded size are read — never a device (`/dev/zero`),
 * a named pipe or a directory, which would exhaust memory or block the server
 * forever. Constructed by the shells (server, CLI) and by tests that need real files.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { open, opendir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { UnreadableFileError, type DirectoryEntry, type EntryKind, type FileStat, type Host } from './host';

function kindOf(s: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
}

function errnoCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'EIO';
}

/** Checks the metadata of a file about to be read: a regular file, at most `maxBytes`. */
function checkReadable(s: { isFile(): boolean; isDirectory(): boolean; size: number }, maxBytes: number): void {
  if (!s.isFile()) throw new UnreadableFileError('NOTFILE', s.isDirectory() ? 'a directory, not a file' : 'not a regular file');
  if (s.size > maxBytes) throw new UnreadableFileError('TOOLARGE', `${s.size} bytes, more than the ${maxBytes} read`);
}

/** The file system of this machine. */
export class NodeHost implements Host {
  /** @param options `cwd`: the directory relative paths resolve against (default the process's; tests pass their own). */
  constructor(private readonly options: { cwd?: string } = {}) {}

  readBytes(path: string, maxBytes: number): Uint8Array {
    return this.readRegular(path, maxBytes, (p) => readFileSync(p)).content;
  }

  readFile(path: string, maxBytes: number): { text: string; mtimeMs: number } {
    const { content, mtimeMs } = this.readRegular(path, maxBytes, (p) => readFileSync(p, 'utf8'));
    return { text: content, mtimeMs };
  }

  /** Stats `path`, refuses what is not a regular file of at most `maxBytes`, then reads it with `read`. */
  private readRegular<T>(path: string, maxBytes: number, read: (path: string) => T): { content: T; mtimeMs: number } {
    let s;
    try {
      s = statSync(path);
    } catch (e) {
      const code = errnoCode(e);
      throw new UnreadableFileError(code, code === 'ENOENT' ? 'no such file' : code);
    }
    checkReadable(s, maxBytes);
    try {
      return { content: read(path), mtimeMs: s.mtimeMs };
    } catch (e) {
      throw new UnreadableFileError(errnoCode(e), errnoCode(e));
    }
  }

  async readFileAsync(path: string, maxBytes: number): Promise<{ text: string; mtimeMs: number }> {
    let s;
    try {
      s = await stat(path);
    } catch (e) {
      const code = errnoCode(e);
      throw new UnreadableFileError(code, code === 'ENOENT' ? 'no such file' : code);
    }
    checkReadable(s, maxBytes);
    try {
      const handle = await open(path, 'r');
      try {
        return { text: await handle.readFile('utf8'), mtimeMs: s.mtimeMs };
      } finally {
        await handle.close();
      }
    } catch (e) {
      throw new UnreadableFileError(errnoCode(e), errnoCode(e));
    }
  }

  stat(path: string): FileStat | undefined {
    try {
      const s = statSync(path);
      return { kind: kindOf(s), size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const out: DirectoryEntry[] = [];
    for await (const e of await opendir(path)) out.push({ name: e.name, kind: kindOf(e) });
    return out;
  }

  writeFile(path: string, text: string, options: { atomic?: boolean } = {}): void {
    if (!options.atomic) {
      writeFileSync(path, text);
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  }

  cwd(): string {
    return this.options.cwd ?? process.cwd();
  }

  homeDir(): string {
    return homedir();
  }
}
