/**
 * Per-block re-analysis of the model (see ARCHITECTURE.md, "Incremental
 * analysis"): what `buildReport` keeps of each top-level block (../model/parse.ts)
 * so that the next version of a document builds only the blocks that changed.
 *
 * A block's contribution to the model is
 * - its identifier lists (`BlockLists`: tickets, links, WBS mentions, … — each
 *   found inside the block, positions in the document), and
 * - the operations it made on the section tree (`TreeOp`: open a team, a
 *   subsection, a WBS element, extend the open sections, …), positions
 *   relative to the block's first line.
 * Both are a function of the block's text and of the state the blocks before
 * it leave (the open report section, group, team, subsection, WBS elements,
 * whether the title and period were read: `Builder.stateKey` in ./build.ts), for
 * one template, ID scanner and document catalog. The cache keeps them by block
 * (the parse shares a `ParsedBlock` between versions while its text is
 * unchanged) and entry state: a block met again with the same state replays its
 * tree operations instead of walking its mdast, and its lists are reused —
 * as they are on the same line, moved (`shiftLists`) when lines were inserted
 * or deleted above it.
 *
 * The invariant: a model built with the cache equals (deeply) the model built
 * without it; `ReportEngine`'s verify mode (`DM_REPORT_VERIFY_INCREMENTAL=1`)
 * checks it on every analysis.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import type { ParsedBlock } from './parse';
import type { Period } from './periods';
import type { ReportTemplate, TemplateSection, TemplateSubsection } from './template';
import type { LabelStyle, ReportModel, Section, WbsMention } from './types';

/** The names of the `BlockLists`, which are also the model's lists of the same names (concatenated over the blocks). */
export const BLOCK_LISTS = ['tickets', 'ticketDefinitions', 'malformedTickets', 'invalidTickets', 'documents', 'wbs', 'links', 'malformedHeadings', 'literalBlocks'] as const;

/** The identifier lists one block adds to the model, in document order (0-based LSP positions in the document): the model's lists of those names. */
export type BlockLists = Pick<ReportModel, (typeof BLOCK_LISTS)[number]>;

/** Empty lists for a block about to be read. */
export function emptyLists(): BlockLists {
  return { tickets: [], ticketDefinitions: [], malformedTickets: [], invalidTickets: [], documents: [], wbs: [], links: [], malformedHeadings: [], literalBlocks: [] };
}

/**
 * One block's lists placed at a line of one document version (what the rules
 * read per block: ../rules/index.ts caches the findings of its per-item rules by slice).
 * Immutable but for `movedFrom`.
 */
export interface ModelSlice {
  /** 0-based line of the block's first line. */
  readonly startLine: number;
  readonly lists: Readonly<BlockLists>;
  /**
   * The slice of the same block and entry state on another line that this one is a copy of,
   * moved by `lines` (its findings can be moved too). Only one step back: it is cleared on the
   * slice it names, so that moved slices do not hold every earlier version's.
   */
  movedFrom?: { slice: ModelSlice; lines: number };
}

/**
 * A change a block made to the section tree, as `Builder.exec` (./build.ts)
 * applies it; ranges and positions relative to the block (line 0 = its first
 * line); a WBS element names its mention by index in the block's `wbs` list.
 */
export type TreeOp =
  | readonly ['report', TemplateSection | undefined, string, Range, LabelStyle, string[]]
  | readonly ['subsection', TemplateSubsection, string, Range, LabelStyle, string]
  | readonly ['wbs', WbsMention | number, string, Range, LabelStyle, Range | undefined]
  | readonly ['team', string, Range, LabelStyle, number]
  | readonly ['topic', string, Range, LabelStyle]
  | readonly ['promote']
  | readonly ['extend', Position]
  | readonly ['popWbs']
  | readonly ['title', string, Range]
  | readonly ['period', Period, Range]
  | readonly ['titled']
  | readonly ['malformedLine', number | undefined];

/**
 * A run of blocks that starts with a report-level section heading (the first run: at the start
 * of the document) and ends before the next block that does: once the next report-level
 * section opens, nothing after it changes the sections of the run (they are closed), so a run
 * met again — the same blocks on the same lines, entered in the same state, followed again by a
 * block that opens a report-level section (or by nothing) — is reused whole, its section
 * subtrees included, and the rules' findings on it (../rules/index.ts). Immutable.
 */
export interface ModelChunk {
  /** Its blocks, and the line each starts on. */
  readonly blocks: readonly ParsedBlock[];
  readonly startLines: readonly number[];
  /** The entry state of its first block (`Builder.stateKey`). */
  readonly key: string;
  /** The sections it added to the model's top level, in order (report-level sections, and what stands outside them). */
  readonly sections: readonly Section[];
  /** Its blocks' slices, and their lists concatenated. */
  readonly slices: readonly ModelSlice[];
  readonly lists: Readonly<BlockLists>;
  /** The builder's state after it (`Builder.snapshot`), restored when it is reused. */
  readonly exit: unknown;
  /** The entry state of the block that followed it, whose first operation opened a report-level section; undefined when it ended the document. */
  readonly nextKey: string | undefined;
}

/** What the cache keeps of one block read in one entry state. */
export interface BlockEntry {
  /** The entry state (`Builder.stateKey`). */
  readonly key: string;
  /** The block's tree operations, block-relative. */
  readonly ops: readonly TreeOp[];
  /** Its lists by the line they are placed on, in this build and in the last one before it that used the entry (a block may stand on several lines). */
  slices: Map<number, ModelSlice>;
  previous: Map<number, ModelSlice>;
  /** The build that last used `slices`. */
  build: number;
}

/**
 * At most this many entry states are kept per block, the least recently used dropped first: an
 * edit above a block may change its state (going back reuses the old one), and one parse of a
 * text serves every block of that text (`#### Planned activities:` in each team, each in its state).
 */
const STATES_PER_BLOCK = 32;

/**
 * At most this many chunks are kept per first block, the oldest dropped first: one per line
 * and entry state it starts a chunk on (a report that repeats a section's text, `# Risk
 * Management` and its standard sentence in every month of a collection, has it on many lines).
 */
const CHUNKS_PER_BLOCK = 1024;

/**
 * A chunk no build used in this many builds is dropped when its first block gets a new one: a
 * chunk holds its sections, and lines inserted above would otherwise leave one copy per line
 * offset (builds of other documents and of fix-all's rounds come in between: a margin).
 */
const CHUNK_BUILDS = 3;

function shiftPosition(p: Position, lines: number): Position {
  return { line: p.line + lines, character: p.character };
}

/** `r` moved down by `lines` (up when negative). */
export function shiftRange(r: Range, lines: number): Range {
  return { start: shiftPosition(r.start, lines), end: shiftPosition(r.end, lines) };
}

function isRange(v: unknown): v is Range {
  return typeof v === 'object' && v !== null && 'start' in v && 'end' in v && typeof (v as Range).start.line === 'number';
}

/** A copy of a list item with every range moved by `lines` (the items' ranges are their own properties). */
function shiftItem<T extends object>(item: T, lines: number): T {
  const out = { ...item } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (isRange(v)) out[k] = shiftRange(v, lines);
  return out as T;
}

/** Copies of a block's lists moved by `lines`. */
export function shiftLists(lists: Readonly<BlockLists>, lines: number): BlockLists {
  const out = emptyLists();
  for (const k of BLOCK_LISTS) (out[k] as object[]) = (lists[k] as object[]).map((item) => shiftItem(item, lines));
  return out;
}

/**
 * The block results of one engine, for `buildReport`: entries by block and
 * entry state, for one template, scanner and document catalog (another one
 * empties the cache). Shared by every document of the engine (fix-all's
 * rounds reuse the blocks of the document they fix). Blocks no version uses
 * any more are dropped with their parse (a `WeakMap`).
 */
export class BlockModelCache {
  private entries = new WeakMap<ParsedBlock, Map<string, BlockEntry>>();
  private context?: { template: ReportTemplate; scanner: object; documents: object };
  /** Numbers the builds, for keeping the slices of the last two. */
  private builds = 0;
  /** Chunks by their first block; a few per block (lines, entry states). */
  private chunks = new WeakMap<ParsedBlock, Map<string, { chunk: ModelChunk; used: number }>>();
  /** The chunks of the models built with this cache, for the rules. */
  private readonly chunksOf = new WeakMap<object, readonly ModelChunk[]>();
  /** Of the last build: how many blocks the document has, and how many of them were read (the others were replayed). */
  readonly last = { blocks: 0, read: 0 };

  /** Starts a build for a context; forgets everything when the context changed. @returns the build's number. */
  begin(template: ReportTemplate, scanner: object, documents: object): number {
    const c = this.context;
    if (!c || c.template !== template || c.scanner !== scanner || c.documents !== documents) {
      this.entries = new WeakMap();
      this.chunks = new WeakMap();
      this.context = { template, scanner, documents };
    }
    return ++this.builds;
  }

  /** The entry of `block` read in state `key`, if kept. */
  find(block: ParsedBlock, key: string): BlockEntry | undefined {
    return this.entries.get(block)?.get(key);
  }

  /** Keeps what reading `block` in state `key` gave (its lists placed at `startLine`). */
  store(block: ParsedBlock, key: string, ops: readonly TreeOp[], slice: ModelSlice, build: number): void {
    let states = this.entries.get(block);
    if (!states) this.entries.set(block, (states = new Map()));
    if (states.size >= STATES_PER_BLOCK) {
      let oldest: BlockEntry | undefined;
      for (const e of states.values()) if (!oldest || e.build < oldest.build) oldest = e;
      states.delete(oldest!.key);
    }
    states.set(key, { key, ops, slices: new Map([[slice.startLine, slice]]), previous: new Map(), build });
  }

  /** The entry's lists placed at `startLine` in build `build`: kept, or moved from another line. */
  slice(entry: BlockEntry, startLine: number, build: number): ModelSlice {
    if (entry.build !== build) {
      // The slices of the last build that used the entry (the ones before are dropped: lines inserted above would pile them up).
      if (entry.slices.size > 0) entry.previous = entry.slices;
      entry.slices = new Map();
      entry.build = build;
    }
    let slice = entry.slices.get(startLine) ?? entry.previous.get(startLine);
    if (!slice) {
      const from = entry.previous.values().next().value ?? entry.slices.values().next().value!;
      const lines = startLine - from.startLine;
      slice = { startLine, lists: shiftLists(from.lists, lines), movedFrom: { slice: from, lines } };
      delete from.movedFrom;
    }
    entry.slices.set(startLine, slice);
    return slice;
  }

  /** The chunk of an earlier build that starts with `block` on `startLine` in state `key`, if kept. */
  findChunk(block: ParsedBlock, startLine: number, key: string): ModelChunk | undefined {
    const kept = this.chunks.get(block)?.get(`${startLine}\u0000${key}`);
    if (kept) kept.used = this.builds;
    return kept?.chunk;
  }

  /** Keeps a chunk (replacing the one with the same first block, line and state; dropping that block's unused ones). */
  storeChunk(chunk: ModelChunk): void {
    const first = chunk.blocks[0];
    let byStart = this.chunks.get(first);
    if (!byStart) this.chunks.set(first, (byStart = new Map()));
    const key = `${chunk.startLines[0]}\u0000${chunk.key}`;
    byStart.delete(key);
    for (const [k, kept] of byStart) if (kept.used < this.builds - CHUNK_BUILDS) byStart.delete(k);
    // A Map iterates in insertion order: the first key is the oldest.
    if (byStart.size >= CHUNKS_PER_BLOCK) byStart.delete(byStart.keys().next().value!);
    byStart.set(key, { chunk, used: this.builds });
  }

  /** Records the chunks a model was built from, and how many of its blocks there are and were read. */
  finish(model: object, chunks: readonly ModelChunk[], blocks: number, read: number): void {
    this.chunksOf.set(model, chunks);
    this.last.blocks = blocks;
    this.last.read = read;
  }

  /** The chunks of a model built with this cache, in document order; undefined for another model. */
  chunksOfModel(model: object): readonly ModelChunk[] | undefined {
    return this.chunksOf.get(model);
  }
}
