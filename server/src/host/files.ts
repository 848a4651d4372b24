/**
 * Reading files that a report or a `.dmreport.yaml` names (template files,
 * ticket exports): such a path may point anywhere, so only regular files of
 * bounded size are read — never a device (`/dev/zero`), a named pipe or a
 * directory, which would exhaust memory or block the server forever.
 */
import { readFileSync, statSync } from 'node:fs';

/** Why a named file was not read. */
export class UnreadableFileError extends Error {
  /** `ENOENT`, `EACCES`…, or `NOTFILE` (a directory, device or pipe), `TOOLARGE`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Reads a regular file as UTF-8.
 * @param path absolute path.
 * @param maxBytes the largest size read, in bytes.
 * @returns the text and the file's modification time (milliseconds since the epoch).
 * @throws UnreadableFileError with a short reason: missing or unreadable (the system's code,
 *   `no such file` for ENOENT), not a regular file, or larger than `maxBytes`.
 */
export function readRegularFile(path: string, maxBytes: number): { text: string; mtimeMs: number } {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    throw new UnreadableFileError(code, code === 'ENOENT' ? 'no such file' : code);
  }
  if (!stat.isFile()) throw new UnreadableFileError('NOTFILE', stat.isDirectory() ? 'a directory, not a file' : 'not a regular file');
  if (stat.size > maxBytes) throw new UnreadableFileError('TOOLARGE', `${stat.size} bytes, more than the ${maxBytes} read`);
  try {
    return { text: readFileSync(path, 'utf8'), mtimeMs: stat.mtimeMs };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    throw new UnreadableFileError(code, code);
  }
}
