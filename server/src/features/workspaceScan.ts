/**
 * The workspace scan, a use case of the server: every `*.md` file of the
 * workspace folders is read through the host, in the background, for the
 * ticket index (definition lines and citations of reports that are not open),
 * and kept up to date from the client's file events.
 *
 * It never blocks: asynchronous host calls and a yield to the event loop after
 * every file, so that requests are answered in between. A burst of requests
 * (an editor's save writes `.dmreport.yaml` more than once) costs at most two
 * scans: the one running and one queued. The disk copy of a document that is
 * open is not read on every save: its open text wins; it is read once when the
 * document is closed.
 */
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Host } from '../host/host';
import type { Workspace } from '../engine/workspace';
import { reportTickets, type ReportTicketIndex } from '../tickets/sources';

/** Limits of the scan. */
export interface ScanOptions {
  /** Stop after this many Markdown files (default 2000). */
  maxFiles?: number;
  /** Skip files larger than this many bytes (default 1 MiB). */
  maxBytes?: number;
  /** Directory names never entered (default `node_modules` and every name starting with `.`, such as `.git`). */
  skipDirectory?: (name: string) => boolean;
}

/** What a scan did, for the log. */
export interface ScanSummary {
  /** Markdown files read. */
  files: number;
  /** Files skipped for their size (absolute paths). */
  tooLarge: string[];
  /** True when the scan stopped at `maxFiles`. */
  truncated: boolean;
  /** Directories or files that could not be read. */
  unreadable: number;
}

/** Files larger than this (bytes) are not read for tickets. */
export const MAX_SCANNED_BYTES = 1024 * 1024;
/** At most this many Markdown files are read for tickets by one scan. */
export const MAX_SCANNED_FILES = 2000;

/** The default directory filter: `node_modules` and dot-directories (`.git`, `.cache`, `.vscode-test`). */
export function skipByDefault(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** Whether a path lies in a directory the scan skips (`node_modules`, `.git`, other dot-directories). */
export function inSkippedDirectory(path: string): boolean {
  return path.split(/[\\/]/).slice(0, -1).some((segment) => segment !== '' && skipByDefault(segment));
}

/**
 * Reads one workspace Markdown file for tickets, as the scan and the file events both do.
 * @param path absolute path.
 * @param maxBytes the largest size read, in bytes.
 * @returns the UTF-8 text, or undefined when the file is larger than `maxBytes`.
 * @throws UnreadableFileError when it cannot be read or is not a regular file (a named pipe called
 *   `x.md` would block a read forever).
 */
export async function readScannedFile(host: Host, path: string, maxBytes: number): Promise<string | undefined> {
  const s = host.stat(path);
  if (s?.kind === 'file' && s.size > maxBytes) return undefined;
  return (await host.readFileAsync(path, maxBytes)).text;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads every `*.md` file under `roots` through the host, breadth first, directories
 * and files in name order, calling `onFile` for each. Never throws: unreadable
 * directories and files are counted and skipped.
 * @param roots absolute directories.
 * @param onFile called with the absolute path and the UTF-8 text; an exception from it is counted as unreadable.
 * @param isCancelled checked between files; true stops the scan.
 */
export async function scanMarkdownFiles(
  host: Host,
  roots: readonly string[],
  onFile: (path: string, text: string) => void,
  options: ScanOptions = {},
  isCancelled: () => boolean = () => false,
): Promise<ScanSummary> {
  const maxFiles = options.maxFiles ?? MAX_SCANNED_FILES;
  const maxBytes = options.maxBytes ?? MAX_SCANNED_BYTES;
  const skip = options.skipDirectory ?? skipByDefault;
  const summary: ScanSummary = { files: 0, tooLarge: [], truncated: false, unreadable: 0 };
  const queue = [...roots];
  while (queue.length) {
    const dir = queue.shift()!;
    const directories: string[] = [];
    const files: string[] = [];
    try {
      for (const e of await host.readDirectory(dir)) {
        if (e.kind === 'directory') {
          if (!skip(e.name)) directories.push(join(dir, e.name));
        } else if (e.kind === 'file' && e.name.toLowerCase().endsWith('.md')) files.push(join(dir, e.name));
      }
    } catch {
      summary.unreadable++;
      continue;
    }
    for (const path of files.sort()) {
      if (isCancelled()) return summary;
      if (summary.files >= maxFiles) {
        summary.truncated = true;
        return summary;
      }
      try {
        const text = await readScannedFile(host, path, maxBytes);
        if (text === undefined) {
          summary.tooLarge.push(path);
          continue;
        }
        summary.files++;
        onFile(path, text);
      } catch {
        summary.unreadable++;
      }
      await yieldToEventLoop();
    }
    queue.push(...directories.sort());
  }
  return summary;
}

/** Keeps the report ticket index in step with the workspace's files. */
export class WorkspaceScanner {
  /** The scan running now, if any; `rescan`: another was asked for meanwhile. */
  private scanning: Promise<void> | undefined;
  private rescan = false;

  /**
   * @param host where the files are read.
   * @param workspace the engines (each file is modelled by the engine of its configuration) and the folders.
   * @param reports the index the files go into (shared by every engine's ticket catalog).
   * @param log told what each scan read and skipped, and of failures.
   * @param isOpen whether a URI is open in the editor (its open text wins; its disk copy is read when it closes).
   */
  constructor(
    private readonly host: Host,
    private readonly workspace: Workspace,
    private readonly reports: () => ReportTicketIndex,
    private readonly log: { info(message: string): void; error(message: string): void },
    private readonly isOpen: (uri: string) => boolean = () => false,
  ) {}

  /** The running scan (or a resolved promise): tests and benchmarks wait for it. */
  idle(): Promise<void> {
    return this.scanning ?? Promise.resolve();
  }

  /** Reads a workspace report's text into the ticket index (its open text, if any, still wins). */
  private indexText(path: string, text: string): void {
    const uri = URI.file(path).toString();
    this.reports().setDisk(uri, reportTickets(this.workspace.engineFor(uri).modelOf(text)));
  }

  /** Starts a scan, or, when one is running, one more after it. */
  requestScan(): void {
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((e: unknown) => this.log.error(`DM Report: workspace scan failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.scanning = undefined;
        if (this.rescan) {
          this.rescan = false;
          this.requestScan();
        }
      });
  }

  /** Reads every Markdown file of the workspace folders; says in the log what it skipped. */
  private async scan(): Promise<void> {
    const roots = this.workspace.folders();
    if (roots.length === 0) return;
    const started = Date.now();
    const summary = await scanMarkdownFiles(this.host, roots, (path, text) => this.indexText(path, text));
    const notes = [
      summary.tooLarge.length ? `${summary.tooLarge.length} skipped for being larger than ${MAX_SCANNED_BYTES / 1024 / 1024} MiB` : '',
      summary.truncated ? `stopped at ${MAX_SCANNED_FILES} files` : '',
      summary.unreadable ? `${summary.unreadable} unreadable` : '',
    ].filter(Boolean);
    this.log.info(
      `DM Report: read ${summary.files} Markdown files of the workspace for tickets in ${Date.now() - started} ms${notes.length ? ` (${notes.join('; ')})` : ''}.`,
    );
  }

  /**
   * A Markdown file changed on disk (or was closed in the editor): read it again for tickets,
   * or forget it when deleted. A file that is open is not read (its open text wins). Never throws.
   * @param uri the file's URI; files outside the folders or in skipped directories are ignored.
   */
  async fileChanged(uri: string, deleted: boolean): Promise<void> {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file' || inSkippedDirectory(parsed.fsPath) || !this.workspace.rootOf(parsed.fsPath)) return;
    if (deleted) {
      this.reports().removeDisk(uri);
      return;
    }
    if (this.isOpen(uri)) return;
    try {
      const text = await readScannedFile(this.host, parsed.fsPath, MAX_SCANNED_BYTES);
      if (text !== undefined) this.indexText(parsed.fsPath, text);
    } catch {
      this.reports().removeDisk(uri);
    }
  }
}
