/**
 * Markdown parsing with remark-parse, split into blocks at top-level ATX
 * headings so that an edit re-parses only the block it touches.
 *
 * A line that starts (at column 0) with `#`…`######` followed by a space or
 * the end of the line always begins a new top-level block in CommonMark,
 * unless it sits inside a fenced code block or a multi-line HTML block
 * (including `<div>`-like blocks that run to the next blank line); we track
 * both. The splitter reads lines, not containers (a fence inside a list item
 * may look top-level to it), so the parse has the last word: each block but
 * the last is parsed followed by an empty heading line, which shows whether
 * something open (a fence, an HTML block) takes the next block's first line;
 * then the block runs on to where that construct closes. Parsing the blocks
 * separately therefore yields the same tree as parsing the whole text (the
 * contract `npm run fuzz` checks), with one documented exception: a
 * reference-style link (`[text][ref]`) whose definition is in another block
 * stays plain text. Reports do not use reference links; inline links are
 * unaffected. Lines end at CR, LF or CRLF, as in CommonMark (old Mac exports
 * use a bare CR). A BOM (U+FEFF) at the start is no content, as in micromark,
 * but positions count it (LSP does).
 *
 * YAML front matter (`---` on the first line, up to the next `---` line) is
 * parsed with remark-frontmatter into a `yaml` node of the first block; no
 * block starts inside it (a YAML comment `# …` is not a heading).
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { Nodes, Root, RootContent } from 'mdast';
import { firstLine } from './lines';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();

/**
 * Why a block was not parsed by remark-parse and was read by the light fallback
 * (../model/fallback.ts) instead: set by the budgeted parse (./blockParser.ts).
 */
export interface SkippedParse {
  /**
   * `budget`: the parse took longer than the budget and was abandoned (or an earlier version
   * of the block did, and it is being tried again in the background); `memory`: the parse ran
   * out of the memory it may use; `error`: the parser failed (a crash of its worker).
   */
  reason: 'budget' | 'memory' | 'error';
  /** The budget the parse was given, in milliseconds. */
  budgetMs: number;
  /** What in the block is the likely cause, in words (`one line of 100,000 \`>\``; see `describeCause`). */
  cause: string;
}

/** One block of the document, parsed on its own. Positions in `nodes` are relative to the block. */
export interface ParsedBlock {
  /** The block's source text (lines joined with their original line breaks). */
  text: string;
  /** mdast children of the block's root; positions are relative to the block (line 1 = the block's first line). */
  nodes: RootContent[];
  /**
   * Set when remark-parse could not parse the block within its budget: `nodes` are then the
   * light fallback's (headings, and a paragraph per line of text; ../model/fallback.ts), and
   * structure checks are skipped in the block (../rules/parseSkipped.ts).
   */
  skipped?: SkippedParse;
  /**
   * The text that was parsed for this block: `text`, or, for a block that another block follows,
   * `text` and an empty heading line (`NEXT_HEADING`, see `parseDocument`). The key by which a
   * parser's results are kept and found again (../model/blockParser.ts, the engine's caches).
   */
  input?: string;
}

/**
 * How `parseDocument` gets the parse of a text it does not reuse (`input`: the block's `text`, or
 * it followed by an empty heading line): the root children of exactly that text as a block
 * (`text: input`), possibly `skipped` (the light fallback's nodes); a block it made before for
 * the same input (`input` set), used as it is; or undefined when the parse is not at hand yet
 * (../model/blockParser.ts `parseDocumentAsync`: the block is then empty and closed).
 */
export type BlockInputParser = (input: string, text: string) => ParsedBlock | undefined;

/** A block placed in its document. */
export interface PlacedBlock {
  block: ParsedBlock;
  /** 0-based line of the block's first line in the document. */
  startLine: number;
  /** 0-based UTF-16 offset of the block's first character in the document. */
  startOffset: number;
}

/** The parse of one document version. */
export interface ParsedDocument {
  text: string;
  blocks: PlacedBlock[];
  /** How many blocks were parsed for this version (the others were reused from the cache). */
  parsedBlocks: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// CommonMark HTML block starts: 1 `<script|pre|style|textarea`, 2 `<!--`, 3 `<?`, 5 `<![CDATA[`, 4 `<!X`;
// 6/7 any other open or closing tag, which runs to the next blank line. Kind 7 cannot interrupt a
// paragraph; treating it as a block anyway only means not splitting there, which is always safe.
const HTML_OPEN = /^ {0,3}<(?:(!--)|(script|pre|style|textarea)(?:\s|>|$)|(\?)|(!\[CDATA\[)|(![A-Za-z])|(\/?[A-Za-z][A-Za-z0-9-]*(?:\s|\/?>|$)))/i;
const BLANK = /^\s*$/;
const ATX = /^#{1,6}(?:[ \t]|$)/;
/** The opening and closing fence of YAML front matter (micromark-extension-frontmatter: `---`, trailing blanks allowed). */
const FRONT_MATTER_FENCE = /^---[ \t]*$/;

/** One line and its line break (CR, LF and CRLF each end a line), matched at `lastIndex`. */
const LINE = /[^\r\n]*(?:\r\n|\r|\n)?/y;

/** The end of the line that starts at `pos` (before its line break) and the start of the next one. */
function lineEnd(text: string, pos: number): { eol: number; next: number } {
  LINE.lastIndex = pos;
  const m = LINE.exec(text)!;
  const brk = m[0].length - m[0].replace(/[\r\n]+$/, '').length;
  const next = pos + m[0].length;
  return brk === 0 ? { eol: next, next: next + 1 } : { eol: next - brk, next };
}

/**
 * What the splitter knows at a line start: inside front matter, inside fenced code (its opening
 * fence run), inside a multi-line HTML block (its end condition), or none of these.
 */
interface SplitState {
  frontMatter: boolean;
  /** The opening fence run while inside fenced code. */
  fence?: string;
  /** The end condition while inside a multi-line HTML block. */
  htmlEnd?: RegExp;
}

/** A BOM (U+FEFF) at the start of a text: micromark skips it (and counts no offset for it). */
const BOM = '\uFEFF';

/** The state at the start of `text`: in front matter when its first line (after a BOM) is `---`. */
function initialState(text: string): SplitState {
  const first = text.slice(0, lineEnd(text, 0).eol);
  return { frontMatter: FRONT_MATTER_FENCE.test(first.startsWith(BOM) ? first.slice(1) : first) };
}

/**
 * The end condition of the HTML block that a line opens (CommonMark kinds 1–7), and whether it is
 * met on the opening line itself; undefined when the line opens none.
 */
function htmlEndOf(lineText: string): { end: RegExp; closed: boolean } | undefined {
  const h = HTML_OPEN.exec(lineText);
  if (!h) return undefined;
  // Kinds 6 and 7 end at the next blank line, never on their opening line.
  if (h[6] !== undefined) return { end: BLANK, closed: false };
  const end = h[1] ? /-->/ : h[2] ? new RegExp(`</${h[2]}>`, 'i') : h[3] ? /\?>/ : h[4] ? /\]\]>/ : />/;
  return { end, closed: end.test(lineText.slice(h[0].length)) };
}

/**
 * Scans the lines from `pos` (0-based line `line`) in `state`, which it updates, and stops at
 * the next column-0 ATX heading line outside fenced code, HTML blocks and front matter, except
 * one at `pos` itself (the first line of the block being scanned).
 * @returns the UTF-16 offset and 0-based line where the next block starts (`text.length` and
 *   the line count at the end of the text).
 */
function scanBlock(text: string, pos: number, line: number, state: SplitState): { pos: number; line: number } {
  const blockStart = pos;
  while (pos < text.length) {
    const { eol, next } = lineEnd(text, pos);
    const lineText = text.slice(pos, eol);
    if (state.frontMatter) {
      if (line > 0 && FRONT_MATTER_FENCE.test(lineText)) state.frontMatter = false;
    } else if (state.fence !== undefined) {
      const m = FENCE.exec(lineText);
      if (m && m[1][0] === state.fence[0] && m[1].length >= state.fence.length && lineText.slice(m[0].length).trim() === '') {
        state.fence = undefined;
      }
    } else if (state.htmlEnd !== undefined) {
      if (state.htmlEnd.test(lineText)) state.htmlEnd = undefined;
    } else {
      if (ATX.test(lineText) && pos > blockStart) return { pos, line };
      const f = FENCE.exec(lineText);
      if (f) {
        state.fence = f[1];
      } else {
        const html = htmlEndOf(lineText);
        if (html && !html.closed) state.htmlEnd = html.end;
      }
    }
    pos = next;
    line++;
  }
  return { pos, line };
}

/**
 * Splits Markdown text into blocks that can be parsed independently: a new
 * block starts at every column-0 ATX heading line that is not inside a fenced
 * code block or a multi-line HTML block (comment, `<pre>`, `<script>`, …),
 * and not inside front matter that opens on the first line (an unclosed one
 * keeps the whole text in one block, which parses the same).
 *
 * The splitter reads lines, not containers: a fence inside a list item may
 * look to it like a top-level one. `parseDocument` checks each block with the
 * parse and joins blocks where they disagree.
 *
 * @param text the whole document.
 * @returns the blocks' texts with their 0-based start line and UTF-16 offset;
 *   concatenated, the texts give back `text` exactly.
 */
export function splitBlocks(text: string): { text: string; startLine: number; startOffset: number }[] {
  const result: { text: string; startLine: number; startOffset: number }[] = [];
  const state = initialState(text);
  let at = { pos: 0, line: 0 };
  do {
    const next = scanBlock(text, at.pos, at.line, state);
    result.push({ text: text.slice(at.pos, next.pos), startLine: at.line, startOffset: at.pos });
    at = next;
  } while (at.pos < text.length);
  return result;
}

/** Moves every position under `node` one UTF-16 unit on, past a BOM that micromark did not count. */
function pastBom(node: Nodes): void {
  const p = node.position;
  // New points: a node's points may be shared with another node's.
  const moved = (point: NonNullable<Nodes['position']>['start']) => ({
    line: point.line,
    column: point.line === 1 ? point.column + 1 : point.column,
    ...(point.offset !== undefined ? { offset: point.offset + 1 } : {}),
  });
  if (p) node.position = { start: moved(p.start), end: moved(p.end) };
  if ('children' in node) for (const child of node.children as Nodes[]) pastBom(child);
}

/**
 * Parses one piece of Markdown with remark-parse (CommonMark, plus YAML front
 * matter at its very start with remark-frontmatter). Positions count every
 * UTF-16 unit of `text`, a BOM (U+FEFF) at its start too (micromark skips it
 * without counting it; the BOM is in no node).
 * Never throws on any input text.
 */
export function parseMarkdown(text: string): Root {
  const root = processor.parse(text);
  if (text.startsWith(BOM)) pastBom(root);
  return root;
}

/**
 * Parses a piece of a document that the model reads again on its own (what an unclosed block
 * hides, the text around a malformed heading): root children, positions relative to the piece.
 * The engine passes one that keeps the parse budget (../engine/engine.ts); `parsePiece` is the default.
 */
export type PieceParser = (text: string) => RootContent[];

/** remark-parse of a piece in this thread (`parseMarkdown`'s children). */
export const parsePiece: PieceParser = (text) => parseMarkdown(text).children;

/**
 * An empty ATX heading parsed after a block that another block follows: the
 * next block starts with a column-0 ATX heading line, which closes every
 * container and paragraph, so the block parses as it does in the whole text
 * (a list that ends the block ends on its own last line, not at the end of the
 * block's text). Where the heading is not read as one, something open took it:
 * a fenced code or HTML block, and the block runs on.
 */
const NEXT_HEADING = '#';

/** A block's parse, and how it ends when it is followed by a heading line. */
interface BlockParse {
  block: ParsedBlock;
  /**
   * Undefined when the block is closed (the next heading line is a heading); else where the
   * block runs on: the splitter's state inside the open fenced code or HTML block (from its
   * opening line), or `null` when the parse does not say (join the next block and see).
   */
  open?: SplitState | null;
}

/**
 * Whether a block's parse followed by `NEXT_HEADING` ends inside a construct that would take
 * the next block's first line, and in which state of the splitter.
 */
function openState(text: string, nodes: RootContent[]): SplitState | null | undefined {
  const last = nodes[nodes.length - 1];
  if (last?.type === 'heading' && last.position!.start.offset === text.length) return undefined;
  if (last && (last.type === 'code' || last.type === 'html')) {
    const opening = firstLine(text.slice(last.position!.start.offset!));
    if (last.type === 'code') {
      const fence = FENCE.exec(opening);
      if (fence) return { frontMatter: false, fence: fence[1] };
    } else {
      const html = htmlEndOf(opening);
      if (html) return { frontMatter: false, htmlEnd: html.end };
    }
  }
  return null;
}

/**
 * Parses a document, reusing the parse of every block whose text is unchanged
 * since the previous version (`previous`), or met earlier in this version (`#### Planned
 * activities:` in every team). Only blocks of a new text are handed
 * to remark-parse. Each block but the last is parsed as followed by a heading
 * line (`NEXT_HEADING`); a block whose parse ends inside an open fenced code or
 * HTML block runs on to where that block closes (the splitter goes on from
 * there in the state the parse says), so that the result is always the
 * whole-text parse, with one parse of the first piece and one of the joined
 * text (linear, however many headings the open block holds).
 *
 * @param text the document text.
 * @param previous the parse of an earlier version of the same document, if any.
 * @param parseBlock how a block that is not reused is parsed (default: remark-parse in this
 *   thread); the budgeted parse (./blockParser.ts) passes its own.
 */
export function parseDocument(text: string, previous?: ParsedDocument, parseBlock?: BlockInputParser): ParsedDocument {
  // Blocks followed by another block (parsed with NEXT_HEADING) and the last block, by text.
  const reusable = new Map<string, ParsedBlock>();
  const reusableLast = new Map<string, ParsedBlock>();
  if (previous) {
    previous.blocks.forEach((placed, i) => (i === previous.blocks.length - 1 ? reusableLast : reusable).set(placed.block.text, placed.block));
  }
  let parsedBlocks = 0;
  // The parses made in this version, by input and whether last (a text met twice is parsed once; not those not at hand yet).
  const met = new Map<string, BlockParse>();
  const parse = (blockText: string, last: boolean): BlockParse => {
    const block = (last ? reusableLast : reusable).get(blockText);
    if (block) return { block };
    const input = last ? blockText : blockText + NEXT_HEADING;
    const key = (last ? 'L' : 'N') + input;
    const again = met.get(key);
    if (again) return again;
    parsedBlocks++;
    const given = parseBlock ? parseBlock(input, blockText) : { text: input, nodes: parseMarkdown(input).children };
    // Not at hand yet: empty and closed (the asynchronous parse asks for it and runs again).
    if (!given) return { block: { text: blockText, nodes: [], input } };
    const result = parsedFrom(given, blockText, input, last);
    met.set(key, result);
    return result;
  };
  const parsedFrom = (given: ParsedBlock, blockText: string, input: string, last: boolean): BlockParse => {
    // Made before for this input: as it was.
    if (given.input === input && given.text === blockText) return { block: given };
    // Skipped (the fallback's nodes): closed where it is, without the nodes of the heading line.
    if (given.skipped) {
      const nodes = last ? given.nodes : given.nodes.filter((n) => n.position!.start.offset! < blockText.length);
      return { block: { text: blockText, nodes, skipped: given.skipped, input } };
    }
    if (last) return { block: { text: blockText, nodes: given.nodes, input } };
    const open = openState(blockText, given.nodes);
    return open === undefined ? { block: { text: blockText, nodes: given.nodes.slice(0, -1), input } } : { block: { text: blockText, nodes: given.nodes, input }, open };
  };
  const blocks: PlacedBlock[] = [];
  const state = initialState(text);
  let at = { pos: 0, line: 0 };
  do {
    let end = scanBlock(text, at.pos, at.line, state);
    let result = parse(text.slice(at.pos, end.pos), end.pos >= text.length);
    while (result.open !== undefined) {
      // Open: scan on from the next block's heading line in the state the parse gives (or join one block).
      end = scanBlock(text, end.pos, end.line, result.open ?? { frontMatter: false });
      result = parse(text.slice(at.pos, end.pos), end.pos >= text.length);
    }
    blocks.push({ block: result.block, startLine: at.line, startOffset: at.pos });
    at = end;
  } while (at.pos < text.length);
  return { text, blocks, parsedBlocks };
}

