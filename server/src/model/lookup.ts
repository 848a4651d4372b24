/**
 * Finding what sits at a position of the model: the identifier under the
 * cursor, the enclosing sections. Positions are 0-based LSP positions.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import type { DocumentMention, MalformedTicket, ReportModel, Section, TicketMention, WbsMention } from './types';

/** The identifier under a position. */
export type ItemAtPosition =
  | { kind: 'ticket'; item: TicketMention; range: Range }
  | { kind: 'malformed-ticket'; item: MalformedTicket; range: Range }
  | { kind: 'document'; item: DocumentMention; range: Range }
  | { kind: 'wbs'; item: WbsMention; range: Range };

/** Whether `p` lies in `r` (start inclusive, end inclusive so that a cursor right after an ID still finds it). */
export function contains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

/** Whether two ranges overlap or touch. */
export function intersects(a: Range, b: Range): boolean {
  return contains(a, b.start) || contains(a, b.end) || contains(b, a.start);
}

/** Binary search in a list sorted by range start: the entry whose range contains `p`. */
function find<T>(list: readonly T[], range: (t: T) => Range, p: Position): T | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = range(list[mid]);
    if (r.end.line < p.line || (r.end.line === p.line && r.end.character < p.character)) lo = mid + 1;
    else if (r.start.line > p.line || (r.start.line === p.line && r.start.character > p.character)) hi = mid - 1;
    else return list[mid];
  }
  return undefined;
}

/** The ticket, malformed ticket, document handle or WBS code at `p`, if any. */
export function itemAt(model: ReportModel, p: Position): ItemAtPosition | undefined {
  const ticket = find(model.tickets, (t) => t.range, p);
  if (ticket) return { kind: 'ticket', item: ticket, range: ticket.range };
  const malformed = find(model.malformedTickets, (t) => t.range, p);
  if (malformed) return { kind: 'malformed-ticket', item: malformed, range: malformed.range };
  const doc = find(model.documents, (d) => d.range, p);
  if (doc) return { kind: 'document', item: doc, range: doc.range };
  const wbs = find(model.wbs, (w) => w.codeRange, p);
  if (wbs) return { kind: 'wbs', item: wbs, range: wbs.codeRange };
  return undefined;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Lists found in document order (see `firstContaining`), with the length they had when checked. */
const ordered = new WeakMap<readonly unknown[], { length: number; ordered: boolean }>();

/**
 * The first entry of `list` whose range contains `p` (as `contains` says), as
 * `list.find((t) => contains(range(t), p))` would return it, in O(log n) when
 * the ranges are in document order (each one's end at or before the next
 * one's start: the siblings of a section, links, literal blocks), else by a scan.
 * Whether a list is in order is checked once per list (and length).
 */
export function firstContaining<T>(list: readonly T[], range: (t: T) => Range, p: Position): T | undefined {
  let known = ordered.get(list);
  if (!known || known.length !== list.length) {
    let inOrder = true;
    for (let i = 0; i < list.length && inOrder; i++) {
      const r = range(list[i]);
      if (before(r.end, r.start) || (i + 1 < list.length && before(range(list[i + 1]).start, r.end))) inOrder = false;
    }
    known = { length: list.length, ordered: inOrder };
    ordered.set(list, known);
  }
  if (!known.ordered) return list.find((t) => contains(range(t), p));
  // In order, the ends are non-decreasing: the first range that ends at or after `p` is the only first candidate.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(range(list[mid]).end, p)) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && contains(range(list[lo]), p) ? list[lo] : undefined;
}

/** The chain of sections containing `p`, outermost first. */
export function sectionsAt(model: ReportModel, p: Position): Section[] {
  const out: Section[] = [];
  let level: Section[] = model.sections;
  for (;;) {
    const hit = firstContaining(level, (s) => s.range, p);
    if (!hit) return out;
    out.push(hit);
    level = hit.children;
  }
}
