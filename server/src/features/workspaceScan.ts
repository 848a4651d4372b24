/**
 * The workspace scan, a use case of the server: every `*.md` file of the
 * workspace folders is read through the host, in the background, into the
 * workspace index (../tickets/sources.ts: each report's `ReportIndexEntry` —
 * period, teams, WBS elements, planned items, tickets and their definitions,
 * document handles), and kept up to date from the client's file events.
 *
 * Reports that are not open are read by the light scanner
 * (../model/lightScan.ts), never parsed into a syntax tree or a model; only
 * their entries are kept, not their texts.
 *
 * It never blocks: asynchronous host calls, and the reading of each text in
 * slices of at most `SLICE_MS` of work, after which it yields to the event
 * loop, so that requests are answered in between (a hover waits at most one
 * slice). A burst of requests (an editor's save writes `.dmreport.yaml` more
 * than once) costs at most two scans: the one running and one queued. A
 * document that is open is never read from disk — not by the scan, not on
 * save: its open text wins; its disk copy is read once it is closed. Files
 * over `MAX_SCANNED_BYTES` are skipped and counted. With a client that shows
 * work done progress (`window.workDoneProgress`), the scan reports it
 * (`ScanProgress`: "indexed 40/120 reports").
 */
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Host } from '../host/host';
import type { ReportEngine } from '../engine/engine';
import type { Workspace } from '../engine/workspace';
import { EntryBuilder, LightReader, lightOpening } from '../model/lightScan';
import type { ReportIndexEntry } from '../model/reportIndex';
import type { ReportTicketIndex } from '../tickets/sources';

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
  /** Markdown files read and indexed. */
  files: number;
  /** Files not read because they are open in the editor (their open text is indexed). */
  open: number;
  /** Files skipped for their size (absolute paths). */
  tooLarge: string[];
  /** True when the scan stopped at `maxFiles`. */
  truncated: boolean;
  /** Directories or files that could not be read. */
  unreadable: number;
  /** The longest stretch of work between two yields to the event loop, in ms. */
  longestSliceMs: number;
}

/** Files larger than this (bytes) are not read for the index. */
export const MAX_SCANNED_BYTES = 1024 * 1024;
/** At most this many Markdown files are read by one scan. */
export const MAX_SCANNED_FILES = 2000;
/** The scan yields to the event loop once it has worked this long (ms) since it last did. */
export const SLICE_MS = 8;
/** Lines the light reader reads, and outline events it walks, between two looks at the clock. */
const LINES_PER_STEP = 25;
const EVENTS_PER_STEP = 50;

/** The default directory filter: `node_modules` and dot-directories (`.git`, `.cache`, `.vscode-test`). */
export function skipByDefault(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** Whether a path lies in a directory the scan skips (`node_modules`, `.git`, other dot-directories). */
export function inSkippedDirectory(path: string): boolean {
  return path.split(/[\\/]/).slice(0, -1).some((segment) => segment !== '' && skipByDefault(segment));
}

/**
 * Reads one workspace Markdown file, as the scan and the file events both do.
 * @param path absolute path.
 * @param maxBytes the largest size read, in bytes.
 * @returns the UTF-8 text without a byte order mark (as the CLI reads reports), or undefined
 *   when the file is larger than `maxBytes`.
 * @throws UnreadableFileError when it cannot be read or is not a regular file (a named pipe called
 *   `x.md` would block a read forever).
 */
export async function readScannedFile(host: Host, path: string, maxBytes: number): Promise<string | undefined> {
  const s = host.stat(path);
  if (s?.kind === 'file' && s.size > maxBytes) return undefined;
  return (await host.readFileAsync(path, maxBytes)).text.replace(/^\uFEFF/, '');
}

/**
 * Work in slices: `pause` yields to the event loop once the current slice has lasted `budgetMs`;
 * `wait` ends the slice around an asynchronous call (host I/O). Records the longest slice.
 */
export class Slices {
  private started: number;
  /** The longest slice so far, in ms. */
  longest = 0;

  /**
   * @param budgetMs how long a slice may last before `pause` yields (ms).
   * @param now a clock in ms (default `performance.now`).
   */
  constructor(
    private readonly budgetMs = SLICE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  private end(): void {
    this.longest = Math.max(this.longest, this.now() - this.started);
  }

  /** Yields to the event loop when the slice has lasted its budget. */
  async pause(): Promise<void> {
    if (this.now() - this.started < this.budgetMs) return;
    this.end();
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = this.now();
  }

  /** Ends the slice while `promise` settles (it yields anyway), starts a new one after. */
  async wait<T>(promise: Promise<T>): Promise<T> {
    this.end();
    try {
      return await promise;
    } finally {
      this.started = this.now();
    }
  }
}

/**
 * The index entry of a report that is not open: its text read by the light scanner with the
 * engine's identifier scanner, and the template the engine would choose for it (front matter,
 * `.dmreport.yaml`, else by its opening or period, as for an open document), in slices.
 * @param uri the report's URI (its path may give the period and choose the template).
 * @param text its text (without a byte order mark).
 * @param slices where to yield; without one, it is read at once.
 */
export async function indexReport(engine: ReportEngine, uri: string, text: string, slices?: Slices): Promise<ReportIndexEntry> {
  const reader = new LightReader(text, engine.scanner);
  while (!reader.advance(slices ? LINES_PER_STEP : Infinity)) await slices?.pause();
  const doc = reader.document();
  const { template } = engine.chooseTemplate(uri, doc.frontMatter, (t) => lightOpening(doc, t));
  const builder = new EntryBuilder(doc, template, engine.scanner, uri);
  while (!builder.advance(slices ? EVENTS_PER_STEP : Infinity)) await slices?.pause();
  return builder.entry();
}

/** The Markdown files under the roots, and what could not be listed (see `listMarkdownFiles`). */
interface Listing {
  files: string[];
  truncated: boolean;
  unreadable: number;
}

/**
 * Lists every `*.md` file under `roots` through the host, breadth first, directories and files in
 * name order, at most `maxFiles`. Never throws: unreadable directories are counted and skipped.
 * @param roots absolute directories.
 */
export async function listMarkdownFiles(host: Host, roots: readonly string[], options: ScanOptions = {}): Promise<Listing> {
  const maxFiles = options.maxFiles ?? MAX_SCANNED_FILES;
  const skip = options.skipDirectory ?? skipByDefault;
  const out: Listing = { files: [], truncated: false, unreadable: 0 };
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
      out.unreadable++;
      continue;
    }
    for (const path of files.sort()) {
      if (out.files.length >= maxFiles) {
        out.truncated = true;
        return out;
      }
      out.files.push(path);
    }
    queue.push(...directories.sort());
  }
  return out;
}

/**
 * Work done progress of one scan, as the client shows it (`$/progress` begin, report, end);
 * percentages 0–100.
 */
export interface ScanProgress {
  begin(message: string, percentage: number): void;
  report(message: string, percentage: number): void;
  end(message: string): void;
}

/** A size bound in words: `1 MiB`, `512 KiB`, `200 bytes`. */
function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** The reports in `n` (`1 report`, `40 reports`). */
function reports(n: number): string {
  return `${n} report${n === 1 ? '' : 's'}`;
}

/** Keeps the workspace index in step with the workspace's files. */
export class WorkspaceScanner {
  /** The scan running now, if any; `rescan`: another was asked for meanwhile. */
  private scanning: Promise<void> | undefined;
  private rescan = false;

  /**
   * @param host where the files are read.
   * @param workspace the engines (each file is read with the engine of its configuration) and the folders.
   * @param reports the index the files go into (shared by every engine's ticket catalog).
   * @param log told what each scan read and skipped, and of failures.
   * @param isOpen whether a URI is open in the editor (its open text wins; its disk copy is read when it closes).
   * @param progress starts the progress of one scan; undefined (or a failure) when the client shows none.
   * @param options limits (tests).
   */
  constructor(
    private readonly host: Host,
    private readonly workspace: Workspace,
    private readonly reports: () => ReportTicketIndex,
    private readonly log: { info(message: string): void; error(message: string): void },
    private readonly isOpen: (uri: string) => boolean = () => false,
    private readonly progress: () => Promise<ScanProgress | undefined> = async () => undefined,
    private readonly options: ScanOptions = {},
  ) {}

  /** The running scan (or a resolved promise): tests and benchmarks wait for it. */
  idle(): Promise<void> {
    return this.scanning ?? Promise.resolve();
  }

  /** Indexes a workspace report's text (its open text, if any, still wins). */
  private async indexText(path: string, text: string, slices: Slices): Promise<void> {
    const uri = URI.file(path).toString();
    this.reports().setDisk(uri, await indexReport(this.workspace.engineFor(uri), uri, text, slices));
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

  /** Reads every Markdown file of the workspace folders that is not open; reports progress; says in the log what it skipped. */
  private async scan(): Promise<void> {
    const roots = this.workspace.folders();
    if (roots.length === 0) return;
    const started = Date.now();
    const maxBytes = this.options.maxBytes ?? MAX_SCANNED_BYTES;
    const slices = new Slices();
    const listing = await slices.wait(listMarkdownFiles(this.host, roots, this.options));
    const summary: ScanSummary = { files: 0, open: 0, tooLarge: [], truncated: listing.truncated, unreadable: listing.unreadable, longestSliceMs: 0 };
    const total = listing.files.length;
    const progress = total > 0 ? await slices.wait(this.progress().catch(() => undefined)) : undefined;
    progress?.begin(`indexed 0/${total} reports`, 0);
    const step = Math.max(1, Math.ceil(total / 20));
    let done = 0;
    for (const path of listing.files) {
      if (this.isOpen(URI.file(path).toString())) summary.open++;
      else {
        try {
          const text = await slices.wait(readScannedFile(this.host, path, maxBytes));
          if (text === undefined) summary.tooLarge.push(path);
          else {
            await this.indexText(path, text, slices);
            summary.files++;
          }
        } catch {
          summary.unreadable++;
        }
      }
      done++;
      if (done % step === 0 && done < total) progress?.report(`indexed ${done}/${total} reports`, Math.floor((done * 100) / total));
      await slices.pause();
    }
    summary.longestSliceMs = Math.round(slices.longest);
    const notes = [
      summary.open ? `${summary.open} open in the editor, not read` : '',
      summary.tooLarge.length ? `${summary.tooLarge.length} skipped for being larger than ${formatBytes(maxBytes)}` : '',
      summary.truncated ? `stopped at ${this.options.maxFiles ?? MAX_SCANNED_FILES} files` : '',
      summary.unreadable ? `${summary.unreadable} unreadable` : '',
    ].filter(Boolean);
    progress?.end(`indexed ${reports(summary.files)}${notes.length ? ` (${notes.join('; ')})` : ''}`);
    this.log.info(
      `DM Report: indexed ${summary.files} Markdown files of the workspace in ${Date.now() - started} ms, longest slice ${summary.longestSliceMs} ms${notes.length ? ` (${notes.join('; ')})` : ''}.`,
    );
  }

  /**
   * A Markdown file changed on disk (or was closed in the editor): index it again, or forget it
   * when deleted. A file that is open is not read (its open text wins). Never throws.
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
      const slices = new Slices();
      const text = await slices.wait(readScannedFile(this.host, parsed.fsPath, this.options.maxBytes ?? MAX_SCANNED_BYTES));
      if (text !== undefined) await this.indexText(parsed.fsPath, text, slices);
    } catch {
      this.reports().removeDisk(uri);
    }
  }
}
