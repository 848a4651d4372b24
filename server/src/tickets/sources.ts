/**
 * Tickets learned from the reports of the workspace: their definition lines
 * (`DM-9656 Replanning, Commissioning, Operations Planning (S17b)`) and every
 * place each ticket is cited, with its URI and 0-based LSP range.
 *
 * Each report has two layers: what is on disk (from the start-up scan and
 * the file watcher) and, while it is open in the editor, its in-memory text,
 * which wins. Closing the document falls back to the disk layer.
 *
 * `scanMarkdownFiles` walks the workspace folders for `*.md` files, without
 * blocking: asynchronous file-system calls, and a yield to the event loop
 * after every file so that requests are answered in between.
 */
import { opendir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Range } from 'vscode-languageserver-types';
import type { ReportModel } from '../model/types';
import { monthIndex } from '../model/periods';

/** A place a ticket appears. */
export interface TicketCitation {
  /** Document URI (`file:///…/2017-05.md`). */
  uri: string;
  /** 0-based LSP range of the ID as written (a malformed `DM10221` included). */
  range: Range;
  /** True when this is the start of a definition line. */
  definition: boolean;
}

/** What one report says about tickets. */
export interface ReportTickets {
  /** Definition lines: ticket, title, 0-based range of the line's paragraph. */
  definitions: { id: string; title: string; range: Range }[];
  /** Every mention, well formed or malformed (by its corrected ID), in document order. */
  mentions: { id: string; range: Range; definition: boolean }[];
  /** The report period as `year * 12 + (month - 1)`; -1 when the report has none. Larger is more recent. */
  recency: number;
}

/** The ticket facts of a report model. */
export function reportTickets(model: ReportModel): ReportTickets {
  const mentions = [
    ...model.tickets.map((t) => ({ id: t.id, range: t.range, definition: t.definition })),
    ...model.malformedTickets.map((t) => ({ id: t.corrected, range: t.range, definition: false })),
  ].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return {
    definitions: model.ticketDefinitions.map((d) => ({ id: d.id, title: d.title, range: d.range })),
    mentions,
    recency: model.period ? monthIndex(model.period) : -1,
  };
}

/** What the index knows of one ticket. */
export interface IndexedTicket {
  id: string;
  /** Title from the definition in the most recent report that defines it (open documents first on a tie). */
  title?: string;
  /** URI of that report. */
  definedIn?: string;
  /** The largest recency of the reports that cite or define it (-1: none has a period). */
  recency: number;
  citations: TicketCitation[];
}

/** Ticket definitions and citations of every known report, with disk and open-document layers. */
export class ReportTicketIndex {
  private readonly disk = new Map<string, ReportTickets>();
  private readonly open = new Map<string, ReportTickets>();
  private byId: Map<string, IndexedTicket> | undefined;

  /** Replaces what the file `uri` says on disk. */
  setDisk(uri: string, tickets: ReportTickets): void {
    this.disk.set(uri, tickets);
    this.byId = undefined;
  }

  /** Forgets the file `uri` on disk (deleted). */
  removeDisk(uri: string): void {
    if (this.disk.delete(uri)) this.byId = undefined;
  }

  /** Replaces what the open document `uri` says (its in-memory text wins over the disk). */
  setOpen(uri: string, tickets: ReportTickets): void {
    this.open.set(uri, tickets);
    this.byId = undefined;
  }

  /** The document `uri` was closed: its disk layer (if any) applies again. */
  removeOpen(uri: string): void {
    if (this.open.delete(uri)) this.byId = undefined;
  }

  /** Whether `uri` is known from disk. */
  hasDisk(uri: string): boolean {
    return this.disk.has(uri);
  }

  /** Number of reports known (open or on disk). */
  get size(): number {
    return new Set([...this.disk.keys(), ...this.open.keys()]).size;
  }

  /** Builds the per-ticket view once per change. */
  private index(): Map<string, IndexedTicket> {
    if (this.byId) return this.byId;
    const out = new Map<string, IndexedTicket & { definedRecency: number }>();
    const entry = (id: string) => {
      let t = out.get(id);
      if (!t) out.set(id, (t = { id, recency: -1, citations: [], definedRecency: -Infinity }));
      return t;
    };
    // Open documents first, so that on equal recency their definitions win.
    const reports: [string, ReportTickets][] = [...this.open, ...[...this.disk].filter(([uri]) => !this.open.has(uri))];
    for (const [uri, r] of reports) {
      for (const m of r.mentions) {
        const t = entry(m.id);
        t.citations.push({ uri, range: m.range, definition: m.definition });
        t.recency = Math.max(t.recency, r.recency);
      }
      for (const d of r.definitions) {
        const t = entry(d.id);
        t.recency = Math.max(t.recency, r.recency);
        if (r.recency > t.definedRecency) {
          t.title = d.title;
          t.definedIn = uri;
          t.definedRecency = r.recency;
        }
      }
    }
    this.byId = new Map([...out].map(([id, { definedRecency: _unused, ...t }]) => [id, t]));
    return this.byId;
  }

  /** What the reports say of `id`; undefined when no report mentions it. */
  get(id: string): IndexedTicket | undefined {
    return this.index().get(id);
  }

  /** Every ticket mentioned in a report. */
  all(): IterableIterator<IndexedTicket> {
    return this.index().values();
  }
}

/** Limits of the start-up scan. */
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
  /** Files skipped for their size. */
  tooLarge: string[];
  /** True when the scan stopped at `maxFiles`. */
  truncated: boolean;
  /** Directories or files that could not be read. */
  unreadable: number;
}

/** The default directory filter: `node_modules` and dot-directories (`.git`, `.cache`, `.vscode-test`). */
export function skipByDefault(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/**
 * Reads one workspace Markdown file for tickets, as the scan and the file watcher both do.
 * @param path absolute path.
 * @param maxBytes the largest size read, in bytes.
 * @returns the UTF-8 text, or undefined when the file is larger than `maxBytes`.
 * @throws the file system's error when it cannot be read, or an Error when it is not a
 *   regular file (a named pipe called `x.md` would block a read forever).
 */
export async function readScannedFile(path: string, maxBytes: number): Promise<string | undefined> {
  const s = await stat(path);
  if (!s.isFile()) throw new Error(`${path} is not a regular file`);
  if (s.size > maxBytes) return undefined;
  return readFile(path, 'utf8');
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads every `*.md` file under `roots`, breadth first, calling `onFile` for
 * each (the caller turns the text into a model). Never throws: unreadable
 * directories and files are counted and skipped.
 * @param roots absolute directories.
 * @param onFile called with the absolute path and the UTF-8 text; an exception from it is counted as unreadable.
 * @param isCancelled checked between files; true stops the scan.
 */
export async function scanMarkdownFiles(
  roots: readonly string[],
  onFile: (path: string, text: string) => void,
  options: ScanOptions = {},
  isCancelled: () => boolean = () => false,
): Promise<ScanSummary> {
  const maxFiles = options.maxFiles ?? 2000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const skip = options.skipDirectory ?? skipByDefault;
  const summary: ScanSummary = { files: 0, tooLarge: [], truncated: false, unreadable: 0 };
  const queue = [...roots];
  while (queue.length) {
    const dir = queue.shift()!;
    let entries: string[] = [];
    const files: string[] = [];
    try {
      const handle = await opendir(dir);
      for await (const e of handle) {
        if (e.isDirectory()) {
          if (!skip(e.name)) entries.push(join(dir, e.name));
        } else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) files.push(join(dir, e.name));
      }
    } catch {
      summary.unreadable++;
      continue;
    }
    entries = entries.sort();
    for (const path of files.sort()) {
      if (isCancelled()) return summary;
      if (summary.files >= maxFiles) {
        summary.truncated = true;
        return summary;
      }
      try {
        const text = await readScannedFile(path, maxBytes);
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
    queue.push(...entries);
  }
  return summary;
}
