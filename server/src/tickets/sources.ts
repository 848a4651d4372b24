/**
 * The index of the workspace's reports: for each report its index entry
 * (`ReportIndexEntry`, ../model/reportIndex.ts: period, template, teams, WBS
 * elements, planned items, tickets, definitions, document handles, WBS codes
 * with their places — never its text or model), and the ticket view on them:
 * definition lines (`DM-9656 Replanning, Commissioning, Operations Planning
 * (S17b)`) and every place each ticket is cited, with its URI and 0-based LSP range.
 *
 * Each report has two layers: what is on disk (from the start-up scan and
 * the file watcher, read by the light scanner) and, while it is open in the
 * editor, its in-memory text (from its analysis), which wins. Closing the
 * document falls back to the disk layer.
 *
 * The workspace scan that fills the disk layer is a feature
 * (../features/workspaceScan.ts); this module does no I/O.
 */
import type { Range } from 'vscode-languageserver-types';
import type { ReportModel } from '../model/types';
import type { ReportIndexEntry } from '../model/reportIndex';
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

/** What one report says about tickets: the part of its `ReportIndexEntry` the ticket view reads. */
export interface ReportTickets {
  /** Definition lines: ticket, title, 0-based range of the line's paragraph. */
  definitions: { id: string; title: string; range: Range }[];
  /** Every mention, well formed or malformed (by its corrected ID), in document order. */
  mentions: { id: string; range: Range; definition: boolean }[];
  /** The report period as `year * 12 + (month - 1)`; -1 when the report has none. Larger is more recent. */
  recency: number;
}

/** The ticket facts of a report model (its period heading's period as the recency). */
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

/**
 * The entries of every known report, with disk and open-document layers, and
 * the ticket definitions and citations they hold. Updated per document: a
 * change to one report recomputes only the tickets that report mentions
 * (before or after).
 * @typeParam E what is kept per report: a whole `ReportIndexEntry` in the server; the ticket part suffices for the ticket view.
 */
export class ReportTicketIndex<E extends ReportTickets = ReportIndexEntry> {
  private readonly disk = new Map<string, E>();
  private readonly open = new Map<string, E>();
  /** Order of first arrival of each URI in each layer (citations are listed open documents first, then by this order). */
  private readonly diskOrder = new Map<string, number>();
  private readonly openOrder = new Map<string, number>();
  private arrivals = 0;
  /** Ticket → the URIs whose effective layer mentions or defines it. */
  private readonly byTicket = new Map<string, Set<string>>();
  /** The per-ticket view, computed on demand and dropped when a report mentioning the ticket changes. */
  private readonly views = new Map<string, IndexedTicket>();

  /** What applies for `uri`: its open text, else its disk copy. */
  private effective(uri: string): E | undefined {
    return this.open.get(uri) ?? this.disk.get(uri);
  }

  /** Runs a change to one URI's layers, moving its tickets from what applied before to what applies after. */
  private change(uri: string, update: () => void): void {
    const before = this.effective(uri);
    update();
    const after = this.effective(uri);
    if (before === after) return;
    for (const id of ReportTicketIndex.ids(before)) {
      this.byTicket.get(id)?.delete(uri);
      if (this.byTicket.get(id)?.size === 0) this.byTicket.delete(id);
      this.views.delete(id);
    }
    for (const id of ReportTicketIndex.ids(after)) {
      let uris = this.byTicket.get(id);
      if (!uris) this.byTicket.set(id, (uris = new Set()));
      uris.add(uri);
      this.views.delete(id);
    }
  }

  private static ids(r: ReportTickets | undefined): Set<string> {
    return new Set(r ? [...r.mentions.map((m) => m.id), ...r.definitions.map((d) => d.id)] : []);
  }

  /** Replaces what the file `uri` says on disk. */
  setDisk(uri: string, tickets: E): void {
    this.change(uri, () => {
      this.disk.set(uri, tickets);
      if (!this.diskOrder.has(uri)) this.diskOrder.set(uri, this.arrivals++);
    });
  }

  /** Forgets the file `uri` on disk (deleted). */
  removeDisk(uri: string): void {
    this.change(uri, () => {
      this.disk.delete(uri);
      this.diskOrder.delete(uri);
    });
  }

  /** Replaces what the open document `uri` says (its in-memory text wins over the disk). */
  setOpen(uri: string, tickets: E): void {
    this.change(uri, () => {
      this.open.set(uri, tickets);
      if (!this.openOrder.has(uri)) this.openOrder.set(uri, this.arrivals++);
    });
  }

  /** The document `uri` was closed: its disk layer (if any) applies again. */
  removeOpen(uri: string): void {
    this.change(uri, () => {
      this.open.delete(uri);
      this.openOrder.delete(uri);
    });
  }

  /** What applies for the report `uri`: its open text's entry, else its disk copy's; undefined when unknown. */
  entry(uri: string): E | undefined {
    return this.effective(uri);
  }

  /** Every known report (open or on disk) with the entry that applies, open documents first, then in order of arrival. */
  *entries(): IterableIterator<[uri: string, entry: E]> {
    for (const uri of this.openOrder.keys()) yield [uri, this.open.get(uri)!];
    for (const uri of this.diskOrder.keys()) if (!this.open.has(uri)) yield [uri, this.disk.get(uri)!];
  }

  /** Whether `uri` is known from disk. */
  hasDisk(uri: string): boolean {
    return this.disk.has(uri);
  }

  /** Number of reports known (open or on disk). */
  get size(): number {
    return new Set([...this.disk.keys(), ...this.open.keys()]).size;
  }

  /** The view of one ticket from the reports that mention it, open documents first. */
  private view(id: string): IndexedTicket | undefined {
    const cached = this.views.get(id);
    if (cached) return cached;
    const uris = this.byTicket.get(id);
    if (!uris) return undefined;
    const rank = (uri: string): [number, number] => (this.open.has(uri) ? [0, this.openOrder.get(uri)!] : [1, this.diskOrder.get(uri)!]);
    const ordered = [...uris].sort((a, b) => {
      const [la, oa] = rank(a);
      const [lb, ob] = rank(b);
      return la - lb || oa - ob;
    });
    const t: IndexedTicket = { id, recency: -1, citations: [] };
    let definedRecency = -Infinity;
    for (const uri of ordered) {
      const r = this.effective(uri)!;
      for (const m of r.mentions) {
        if (m.id !== id) continue;
        t.citations.push({ uri, range: m.range, definition: m.definition });
        t.recency = Math.max(t.recency, r.recency);
      }
      for (const d of r.definitions) {
        if (d.id !== id) continue;
        t.recency = Math.max(t.recency, r.recency);
        // Open documents first, so that on equal recency their definitions win.
        if (r.recency > definedRecency) {
          t.title = d.title;
          t.definedIn = uri;
          definedRecency = r.recency;
        }
      }
    }
    this.views.set(id, t);
    return t;
  }

  /** What the reports say of `id`; undefined when no report mentions it. */
  get(id: string): IndexedTicket | undefined {
    return this.view(id);
  }

  /** Every ticket mentioned in a report, in the order tickets were first indexed. */
  *all(): IterableIterator<IndexedTicket> {
    for (const id of this.byTicket.keys()) yield this.view(id)!;
  }
}
