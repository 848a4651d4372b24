/**
 * The parse service: how the blocks of a document (./parse.ts) are parsed, each
 * within a time budget. remark-parse (micromark) is super-linear on some inputs
 * (one line of 100,000 `>`: 58 s), so the shells parse in worker threads that
 * are abandoned when a block takes longer than its budget
 * (../parsing/pool.ts); a block over budget is read by the light fallback
 * (./fallback.ts) and marked `skipped`, and the parse-skipped rule says so.
 *
 * The core only knows the `BlockParser` interface: it does no I/O and starts
 * no thread. `IN_PROCESS_PARSER`, remark-parse in the calling thread without a
 * budget (it cannot be interrupted), is the default of the engine, the tests
 * and library use.
 */
import type { RootContent } from 'mdast';
import { parseDocument, parseMarkdown, type ParsedBlock, type ParsedDocument, type SkippedParse } from './parse';
import { describeCause, scanBlock } from './fallback';

/** The parse of one block's text: its mdast root children, or why it was not parsed (`SkippedParse.reason`). */
export type BlockParse = { nodes: RootContent[] } | { skipped: SkippedParse['reason'] };

/** Parses block texts with remark-parse (CommonMark and YAML front matter, as `parseMarkdown`), each within a budget. */
export interface BlockParser {
  /**
   * Parses texts, in parallel where it can, without blocking the caller.
   * @param texts block texts (./parse.ts `splitBlocks`).
   * @param budgetMs the time each text's parse may take, in milliseconds, counted from when
   *   its parse starts (not while it waits for a free worker).
   * @param signal aborts the parses not finished yet (the promise then rejects with the
   *   signal's reason).
   * @returns one result per text, in order: root children (positions relative to the text),
   *   or `skipped` when over budget, out of memory or failed. Never rejects otherwise.
   */
  parse(texts: readonly string[], budgetMs: number, signal?: AbortSignal): Promise<BlockParse[]>;
  /**
   * Parses one text, blocking the calling thread until it is parsed or its budget has
   * passed (the CLI; fix-all's rounds): as `parse`.
   */
  parseSync(text: string, budgetMs: number): BlockParse;
}

/**
 * remark-parse in the calling thread. It cannot be interrupted: the budget is not kept
 * (every text is parsed however long it takes). The default where no worker pool is given.
 */
export const IN_PROCESS_PARSER: BlockParser = {
  parse: (texts) => Promise.resolve(texts.map((text) => ({ nodes: parseMarkdown(text).children }))),
  parseSync: (text) => ({ nodes: parseMarkdown(text).children }),
};

/**
 * The block of a text and its parse: the parse's nodes, or, when it was skipped, the
 * light fallback's nodes with `skipped` (the reason, the budget and `describeCause` of
 * `blockText`: the block's own text when `text` is it followed by a heading line).
 */
export function blockOf(text: string, parse: BlockParse, budgetMs: number, blockText = text): ParsedBlock {
  if ('nodes' in parse) return { text, nodes: parse.nodes };
  return { text, nodes: scanBlock(text), skipped: { reason: parse.skipped, budgetMs, cause: describeCause(blockText) } };
}

/** Whether a block was skipped for taking longer than a budget smaller than `budgetMs` (a larger budget tries it again). */
const overSmallerBudget = (block: ParsedBlock, budgetMs: number) => block.skipped?.reason === 'budget' && block.skipped.budgetMs < budgetMs;

/** Whether a parse has blocks that `budgetMs` would try again: skipped for taking longer than a smaller budget. */
export function hasSkippedUnder(parsed: ParsedDocument, budgetMs: number): boolean {
  return parsed.blocks.some((b) => overSmallerBudget(b.block, budgetMs));
}

/**
 * `previous` without the blocks that were skipped for taking longer than a budget smaller
 * than `budgetMs`: a larger budget tries them again. Blocks skipped under the same or a
 * larger budget are reused as they are (they would be skipped again).
 */
function reusableUnder(previous: ParsedDocument | undefined, budgetMs: number): ParsedDocument | undefined {
  if (!previous || !hasSkippedUnder(previous, budgetMs)) return previous;
  return { ...previous, blocks: previous.blocks.filter((b) => !overSmallerBudget(b.block, budgetMs)) };
}

/**
 * `parseDocument` with the blocks that are not reused parsed by `parser` within
 * `budgetMs` each, without blocking the caller: the same blocks, joined the same way
 * (a block that ends open is joined with the next and parsed again), as `parseDocument`
 * decides them.
 *
 * @param text the document text.
 * @param previous the parse of an earlier version, whose unchanged blocks are reused.
 * @param known a block already at hand for a text, if any (the engine's background
 *   parses; see `ReportEngine.prepare`): used instead of parsing it.
 * @returns the parse; a block over budget holds the fallback's nodes and `skipped`.
 */
export async function parseDocumentAsync(
  text: string,
  previous: ParsedDocument | undefined,
  parser: BlockParser,
  budgetMs: number,
  known?: (input: string, blockText: string) => ParsedBlock | undefined,
): Promise<ParsedDocument> {
  const prior = reusableUnder(previous, budgetMs);
  const done = new Map<string, ParsedBlock>();
  // Each round runs parseDocument's own loop; the inputs it asks for that are not parsed yet
  // are parsed together, and the loop runs again. An unparsed block is empty and closed; a
  // joined text is asked for in the next round. Inputs and `known`'s keys are what
  // parseDocument parses (`ParsedBlock.input`: a block's text, or it and a heading line).
  for (;;) {
    const missing = new Map<string, string>();
    const parsed = parseDocument(text, prior, (input, blockText) => {
      const block = done.get(input) ?? known?.(input, blockText);
      if (block) return block;
      missing.set(input, blockText);
      return undefined;
    });
    if (missing.size === 0) return parsed;
    const texts = [...missing.keys()];
    const results = await parser.parse(texts, budgetMs);
    texts.forEach((t, i) => done.set(t, blockOf(t, results[i], budgetMs, missing.get(t))));
  }
}

/**
 * `parseDocument` with the blocks that are not reused parsed by `parser.parseSync` within
 * `budgetMs` each (`known`: as for `parseDocumentAsync`).
 */
export function parseDocumentSync(
  text: string,
  previous: ParsedDocument | undefined,
  parser: BlockParser,
  budgetMs: number,
  known?: (input: string, blockText: string) => ParsedBlock | undefined,
): ParsedDocument {
  return parseDocument(
    text,
    reusableUnder(previous, budgetMs),
    (input, blockText) => known?.(input, blockText) ?? blockOf(input, parser.parseSync(input, budgetMs), budgetMs, blockText),
  );
}

/**
 * Recently parsed blocks by text, for a parse that has no previous version to reuse (fix-all's
 * rounds under a scratch URI, a document opened again): the least recently used are forgotten
 * once their texts hold more than `maxChars` UTF-16 code units together.
 */
export class BlockCache {
  private readonly blocks = new Map<string, ParsedBlock>();
  private chars = 0;

  /** @param maxChars the total length of the texts kept (default 2 M: two 1 MB reports' blocks). */
  constructor(private readonly maxChars = 2 * 1024 * 1024) {}

  /** The block parsed from `text` (a `ParsedBlock.input`), unless it was skipped under a budget smaller than `budgetMs`. */
  get(text: string, budgetMs: number): ParsedBlock | undefined {
    const block = this.blocks.get(text);
    if (!block || overSmallerBudget(block, budgetMs)) return undefined;
    this.blocks.delete(text);
    this.blocks.set(text, block);
    return block;
  }

  /** Keeps the blocks of a parse. */
  add(parsed: ParsedDocument): void {
    for (const { block } of parsed.blocks) {
      const key = block.input ?? block.text;
      if (key.length > this.maxChars) continue;
      if (this.blocks.delete(key)) this.chars -= key.length;
      this.blocks.set(key, block);
      this.chars += key.length;
    }
    for (const [text] of this.blocks) {
      if (this.chars <= this.maxChars) break;
      this.blocks.delete(text);
      this.chars -= text.length;
    }
  }
}
