/**
 * The host: every access the engine makes to the world outside the documents
 * it is given — files, directories, the user's home and the current directory.
 * The core (model, catalogs, rules, engine, features) receives a `Host` and
 * never imports `node:fs`; the shells construct one (`NodeHost`, ./node.ts)
 * and tests use `MemoryHost` (./memory.ts). This is the boundary
 * vscode-markdown-languageservice draws with its injected workspace.
 *
 * Paths are absolute, in the platform's form (`/ws/2017-04.md`); URIs are the
 * callers' business (vscode-uri).
 */

/** What kind of entry a path names. */
export type EntryKind = 'file' | 'directory' | 'other';

/** The metadata of one path. */
export interface FileStat {
  kind: EntryKind;
  /** Size in bytes. */
  size: number;
  /** Modification time, milliseconds since the epoch. */
  mtimeMs: number;
  /**
   * The file's identity where the host knows it (the Node host: device and inode): two paths with
   * the same `id` are one file (a link, or another spelling on a case-insensitive disk).
   */
  id?: string;
}

/** One entry of a directory listing. */
export interface DirectoryEntry {
  /** The name inside the directory (no path). */
  name: string;
  kind: EntryKind;
}

/** Why a named file was not read. */
export class UnreadableFileError extends Error {
  /** `ENOENT`, `EACCES`…, or `NOTFILE` (a directory, device or pipe), `TOOLARGE`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** File-system services of the engine. Implementations never block on a pipe or a device. */
export interface Host {
  /**
   * Reads a regular file as UTF-8 (a byte order mark is kept; callers strip it).
   * @param path absolute path.
   * @param maxBytes the largest size read, in bytes.
   * @returns the text and the file's modification time (ms since the epoch).
   * @throws UnreadableFileError: missing (`ENOENT`, message `no such file`) or unreadable
   *   (the system's code), not a regular file (`NOTFILE`), or larger than `maxBytes` (`TOOLARGE`).
   */
  readFile(path: string, maxBytes: number): { text: string; mtimeMs: number };
  /** As `readFile`, without blocking the event loop (the workspace scan). */
  readFileAsync(path: string, maxBytes: number): Promise<{ text: string; mtimeMs: number }>;
  /**
   * Reads a file's bytes (a report checked by the CLI: its encoding is checked by the caller).
   * @throws UnreadableFileError as `readFile`.
   */
  readBytes(path: string, maxBytes: number): Uint8Array;
  /** The metadata of a path (symbolic links followed), or undefined when nothing is there or it cannot be read. */
  stat(path: string): FileStat | undefined;
  /**
   * The entries of a directory, in no particular order.
   * @throws Error when the directory cannot be read.
   */
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  /**
   * As `readDirectory`, synchronously (the CLI expanding a directory or a glob argument). A
   * symbolic link is listed as `other` (the caller stats it if it follows links).
   * @throws Error when the directory cannot be read.
   */
  readDirectorySync(path: string): DirectoryEntry[];
  /**
   * Writes a regular file as UTF-8, creating missing parent directories when `atomic`. With `atomic`, a
   * temporary file is written and renamed over the old one (readers never see half
   * a file; the Jira cache); without, the file is rewritten in place (its mode and
   * links kept; a report rewritten by `--fix`).
   * @throws Error (the system's, with its `code`) when it cannot be written; `UnreadableFileError`
   *   `NOTFILE` when the path is not a regular file (a directory, a named pipe, a device).
   */
  writeFile(path: string, text: string, options?: { atomic?: boolean }): void;
  /** The current directory (absolute): relative CLI arguments and reports without a folder resolve against it. */
  cwd(): string;
  /** The user's home directory (absolute): the default Jira cache lives under it. */
  homeDir(): string;
}
