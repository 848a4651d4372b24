/**
 * Markdown parsing with remark-parse, split into blocks at top-level ATX
 * headings so that an edit re-parses only the block it touches.
 *
 * A line that starts (at column 0) with `#`…`######` followed by a space or
 * the end of the line always begins a new top-level block in CommonMark,
 * unless it sits inside a fenced code block or a multi-line HTML block
 * (including `<div>`-like blocks that run to the next blank line); we track
 * both. Parsing the blocks separately therefore yields the same tree as
 * parsing the whole text, with one documented exception: a reference-style
 * link (`[text][ref]`) whose definition is in another block stays plain text.
 * Reports do not use reference links; inline links are unaffected. Lines end
 * at CR, LF or CRLF, as in CommonMark (old Mac exports use a bare CR).
 *
 * YAML front matter (`---` on the first line, up to the next `---` line) is
 * parsed with remark-frontmatter into a `yaml` node of the first block; no
 * block starts inside it (a YAML comment `# …` is not a heading).
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root, RootContent } from 'mdast';
import { splitLines } from './lines';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();

/** One block of the document, parsed on its own. Positions in `nodes` are relative to the block. */
export interface ParsedBlock {
  /** The block's source text (lines joined with their original line breaks). */
  text: string;
  /** mdast children of the block's root; positions are relative to the block (line 1 = the block's first line). */
  nodes: RootContent[];
}

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
 * Splits Markdown text into blocks that can be parsed independently: a new
 * block starts at every column-0 ATX heading line that is not inside a fenced
 * code block or a multi-line HTML block (comment, `<pre>`, `<script>`, …),
 * and not inside front matter that opens on the first line (an unclosed one
 * keeps the whole text in one block, which parses the same).
 *
 * @param text the whole document.
 * @returns the blocks' texts with their 0-based start line and UTF-16 offset;
 *   concatenated, the texts give back `text` exactly.
 */
export function splitBlocks(text: string): { text: string; startLine: number; startOffset: number }[] {
  const result: { text: string; startLine: number; startOffset: number }[] = [];
  let fence: string | undefined; // the opening fence run while inside fenced code
  let htmlEnd: RegExp | undefined; // the end condition while inside a multi-line HTML block
  let frontMatter = FRONT_MATTER_FENCE.test(text.slice(0, lineEnd(text, 0).eol));
  let blockStart = 0;
  let blockLine = 0;
  let line = 0;
  let pos = 0;
  while (pos < text.length) {
    const { eol, next } = lineEnd(text, pos);
    const lineText = text.slice(pos, eol);
    if (frontMatter) {
      if (line > 0 && FRONT_MATTER_FENCE.test(lineText)) frontMatter = false;
    } else if (fence !== undefined) {
      const m = FENCE.exec(lineText);
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && lineText.slice(m[0].length).trim() === '') {
        fence = undefined;
      }
    } else if (htmlEnd !== undefined) {
      if (htmlEnd.test(lineText)) htmlEnd = undefined;
    } else {
      if (ATX.test(lineText) && pos > blockStart) {
        result.push({ text: text.slice(blockStart, pos), startLine: blockLine, startOffset: blockStart });
        blockStart = pos;
        blockLine = line;
      }
      const f = FENCE.exec(lineText);
      if (f) {
        fence = f[1];
      } else {
        const h = HTML_OPEN.exec(lineText);
        if (h) {
          if (h[6] !== undefined) {
            htmlEnd = BLANK; // ends at the next blank line, never on its opening line
          } else {
            const end = h[1] ? /-->/ : h[2] ? new RegExp(`</${h[2]}>`, 'i') : h[3] ? /\?>/ : h[4] ? /\]\]>/ : />/;
            // The end condition may be met on the opening line itself.
            if (!end.test(lineText.slice(h[0].length))) htmlEnd = end;
          }
        }
      }
    }
    pos = next;
    line++;
  }
  if (blockStart < text.length || result.length === 0) {
    result.push({ text: text.slice(blockStart), startLine: blockLine, startOffset: blockStart });
  }
  return result;
}

/**
 * Parses one piece of Markdown with remark-parse (CommonMark, plus YAML front
 * matter at its very start with remark-frontmatter).
 * Never throws on any input text.
 */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/**
 * Whether a block's parse ends inside a construct that the next block's first
 * line would continue: an unclosed fenced code block, or an HTML block not
 * followed by a blank line. `splitBlocks` cannot always tell (a fence opened
 * inside a list item is closed by the end of the item, so a later fence that
 * looks like its closing one actually opens a new block); the parse can.
 */
function endsOpen(block: ParsedBlock): boolean {
  const last = block.nodes[block.nodes.length - 1];
  if (!last || (last.type !== 'code' && last.type !== 'html')) return false;
  const { start, end } = last.position!;
  if (last.type === 'html') return !/^[ \t]*(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)/.test(block.text.slice(end.offset!));
  const lines = splitLines(block.text.slice(start.offset!, end.offset!));
  const open = FENCE.exec(lines[0]);
  if (!open) return false; // indented code: a heading ends it
  const close = lines.length > 1 ? FENCE.exec(lines[lines.length - 1]) : null;
  const closed =
    close !== null &&
    close[1][0] === open[1][0] &&
    close[1].length >= open[1].length &&
    lines[lines.length - 1].slice(close[0].length).trim() === '';
  return !closed;
}

/**
 * Parses a document, reusing the parse of every block whose text is unchanged
 * since the previous version (`previous`), or met earlier in this one. Only
 * blocks of a new text are handed to remark-parse (a block's parse depends on
 * its text only: its positions are relative to it). A block whose parse ends inside an open fenced code or HTML
 * block is joined with the next one and parsed again, so that the result is
 * always the whole-text parse.
 *
 * @param text the document text.
 * @param previous the parse of an earlier version of the same document, if any.
 */
export function parseDocument(text: string, previous?: ParsedDocument): ParsedDocument {
  const reusable = new Map<string, ParsedBlock>();
  if (previous) for (const placed of previous.blocks) reusable.set(placed.block.text, placed.block);
  let parsedBlocks = 0;
  const parse = (blockText: string): ParsedBlock => {
    let block = reusable.get(blockText);
    if (!block) {
      block = { text: blockText, nodes: parseMarkdown(blockText).children };
      parsedBlocks++;
      // A text met again in this version (`#### Planned activities:` in every team) is not parsed again either.
      reusable.set(blockText, block);
    }
    return block;
  };
  const pieces = splitBlocks(text);
  const blocks: PlacedBlock[] = [];
  for (let i = 0; i < pieces.length; ) {
    const { startLine, startOffset } = pieces[i];
    let blockText = pieces[i++].text;
    let block = parse(blockText);
    while (i < pieces.length && endsOpen(block)) {
      blockText += pieces[i++].text;
      block = parse(blockText);
    }
    blocks.push({ block, startLine, startOffset });
  }
  return { text, blocks, parsedBlocks };
}

/** The length of the longest common prefix of two strings (compared 4096 characters at a time first). */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + 4096 <= n && a.slice(i, i + 4096) === b.slice(i, i + 4096)) i += 4096;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the longest common suffix of two strings, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + 4096 <= max && a.slice(a.length - i - 4096, a.length - i) === b.slice(b.length - i - 4096, b.length - i)) i += 4096;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * The parse of `text` from the parse of an earlier version that differs from it in one place
 * (an edit: a keystroke, a paste, a deletion), as `parseDocument(text, previous)` gives it, at
 * the cost of the blocks around the change rather than of the whole text: the blocks before
 * the change are kept as they are, those after it moved (new lines and offsets, the same
 * parsed blocks), and only the text from the last block whose first line the change leaves
 * whole to the first kept block after it is split and parsed again. A kept block after the
 * change is one whose start the new split reaches in the state the old one did (its heading
 * line starts a block again); else the rest of the text is split again.
 * @returns undefined when the blocks around the change end inside a code fence or HTML block
 *   that the next block would continue (`parseDocument` joins them): then use `parseDocument`.
 */
export function parseAroundChange(text: string, previous: ParsedDocument): ParsedDocument | undefined {
  const old = previous.text;
  const blocks = previous.blocks;
  if (blocks.length === 0) return undefined;
  const prefix = commonPrefix(old, text);
  if (prefix === old.length && prefix === text.length) return { text, blocks, parsedBlocks: 0 };
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  // From the last block whose first line (and its line break) is before the change: its start is a block start again.
  let a = 0;
  for (let lo = 0, hi = blocks.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].startOffset < prefix) {
      a = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  while (a > 0 && lineEnd(old, blocks[a].startOffset).next > prefix) a--;
  // To the first block that starts in the unchanged end with the line break before it unchanged too.
  const oldEnd = old.length - suffix;
  let b = blocks.length;
  for (let lo = a + 1, hi = blocks.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].startOffset >= oldEnd + 1) {
      b = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  const from = blocks[a].startOffset;
  const shift = text.length - old.length;
  let pieces: ReturnType<typeof splitBlocks>;
  let lines = 0;
  if (b < blocks.length) {
    // The region and the heading line of block b: that line must start the last piece.
    const to = blocks[b].startOffset + shift;
    const split = splitBlocks(text.slice(from, lineEnd(text, to).next));
    const last = split[split.length - 1];
    if (split.length > 1 && last.startOffset === to - from) {
      pieces = split.slice(0, -1);
      lines = blocks[a].startLine + last.startLine - blocks[b].startLine;
    } else {
      b = blocks.length;
      pieces = splitBlocks(text.slice(from));
    }
  } else pieces = splitBlocks(text.slice(from));
  const reusable = new Map<string, ParsedBlock>();
  for (let i = a; i < b; i++) reusable.set(blocks[i].block.text, blocks[i].block);
  let parsedBlocks = 0;
  const parse = (blockText: string): ParsedBlock => {
    let block = reusable.get(blockText);
    if (!block) {
      block = { text: blockText, nodes: parseMarkdown(blockText).children };
      parsedBlocks++;
      reusable.set(blockText, block);
    }
    return block;
  };
  const placed: PlacedBlock[] = blocks.slice(0, a);
  for (let i = 0; i < pieces.length; ) {
    const { startLine, startOffset } = pieces[i];
    let blockText = pieces[i++].text;
    let block = parse(blockText);
    while (i < pieces.length && endsOpen(block)) {
      blockText += pieces[i++].text;
      block = parse(blockText);
    }
    // The last block of the region would be joined with the next kept block: not a change of one place.
    if (i === pieces.length && b < blocks.length && endsOpen(block)) return undefined;
    placed.push({ block, startLine: blocks[a].startLine + startLine, startOffset: from + startOffset });
  }
  for (let i = b; i < blocks.length; i++) {
    const kept = blocks[i];
    placed.push(shift === 0 && lines === 0 ? kept : { block: kept.block, startLine: kept.startLine + lines, startOffset: kept.startOffset + shift });
  }
  return { text, blocks: placed, parsedBlocks };
}
