/**
 * The Node implementation of the host (./host.ts): the real file system.
 * Only regular files of bounded size are read — never a device (`/dev/zero`),
 * a named pipe or a directory, which would exhaust memory or block the server
 * forever. Constructed by the shells (server, CLI) and by tests that need real files.
 */
import { closeSync, constants, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
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

/**
 * Opening never waits: a named pipe put where a regular file was (between the `stat` and the `open`)
 * is opened without waiting for a writer, then refused by the check of the open descriptor. 0 where
 * the platform has no such flag (Windows, where pipes are not files of a folder).
 */
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** The identity of a file: two paths with the same one are the same file (a link, another spelling). */
function identity(s: Stats): string {
  return `${s.dev}:${s.ino}`;
}

/** Checks the metadata of a file about to be read: a regular file, at most `maxBytes`. */
function checkReadable(s: { isFile(): boolean; isDirectory(): boolean; size: number }, maxBytes: number): void {
  if (!s.isFile()) throw new UnreadableFileError('NOTFILE', s.isDirectory() ? 'a directory, not a file' : 'not a regular file');
  if (s.size > maxBytes) throw new UnreadableFileError('TOOLARGE', `${s.size} bytes, more than the ${maxBytes} read`);
}

/** The error of a write into what is not a regular file (code `NOTFILE`, as the reads). */
function notRegular(kind: EntryKind): UnreadableFileError {
  return new UnreadableFileError('NOTFILE', kind === 'directory' ? 'a directory, not a file' : 'not a regular file');
}

/** The file system of this machine. */
export class NodeHost implements Host {
  /** @param options `cwd`: the directory relative paths resolve against (default the process's; tests pass their own). */
  constructor(private readonly options: { cwd?: string } = {}) {}

  readBytes(path: string, maxBytes: number): Uint8Array {
    return this.readRegular(path, maxBytes, (fd) => readFileSync(fd)).content;
  }

  readFile(path: string, maxBytes: number): { text: string; mtimeMs: number } {
    const { content, mtimeMs } = this.readRegular(path, maxBytes, (fd) => readFileSync(fd, 'utf8'));
    return { text: content, mtimeMs };
  }

  /**
   * Stats `path`, refuses what is not a regular file of at most `maxBytes`, opens it without waiting,
   * checks the open descriptor again (the path may have changed in between), then reads it with `read`.
   */
  private readRegular<T>(path: string, maxBytes: number, read: (fd: number) => T): { content: T; mtimeMs: number } {
    let s;
    try {
      s = statSync(path);
    } catch (e) {
      const code = errnoCode(e);
      throw new UnreadableFileError(code, code === 'ENOENT' ? 'no such file' : code);
    }
    checkReadable(s, maxBytes);
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | NONBLOCK);
    } catch (e) {
      throw new UnreadableFileError(errnoCode(e), errnoCode(e));
    }
    try {
      const opened = fstatSync(fd);
      checkReadable(opened, maxBytes);
      try {
        return { content: read(fd), mtimeMs: opened.mtimeMs };
      } catch (e) {
        throw new UnreadableFileError(errnoCode(e), errnoCode(e));
      }
    } finally {
      closeSync(fd);
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
    let handle;
    try {
      handle = await open(path, constants.O_RDONLY | NONBLOCK);
    } catch (e) {
      throw new UnreadableFileError(errnoCode(e), errnoCode(e));
    }
    try {
      const opened = await handle.stat();
      checkReadable(opened, maxBytes);
      try {
        return { text: await handle.readFile('utf8'), mtimeMs: opened.mtimeMs };
      } catch (e) {
        throw new UnreadableFileError(errnoCode(e), errnoCode(e));
      }
    } finally {
      await handle.close();
    }
  }

  stat(path: string): FileStat | undefined {
    try {
      const s = statSync(path);
      return { kind: kindOf(s), size: s.size, mtimeMs: s.mtimeMs, id: identity(s) };
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const out: DirectoryEntry[] = [];
    for await (const e of await opendir(path)) out.push({ name: e.name, kind: kindOf(e) });
    return out;
  }

  readDirectorySync(path: string): DirectoryEntry[] {
    return readdirSync(path, { withFileTypes: true }).map((e) => ({ name: e.name, kind: kindOf(e) }));
  }

  /**
   * As the `Host` contract says; besides, it never writes into what is not a regular file: a named pipe
   * (which would wait for a reader forever), a device or a directory is refused with code `NOTFILE`.
   */
  writeFile(path: string, text: string, options: { atomic?: boolean } = {}): void {
    const existing = this.stat(path);
    if (existing && existing.kind !== 'file') throw notRegular(existing.kind);
    if (!options.atomic) {
      // In place (mode and links kept), opened without waiting and checked again once open.
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | NONBLOCK);
      try {
        const opened = fstatSync(fd);
        if (!opened.isFile()) throw notRegular(kindOf(opened));
        ftruncateSync(fd, 0);
        writeFileSync(fd, text);
      } finally {
        closeSync(fd);
      }
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
