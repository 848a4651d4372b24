/**
 * The light fallback for a block that remark-parse could not parse within its
 * budget (./blockParser.ts): a line scanner, linear in the block's length on
 * every input, that gives the report builder (./build.ts) what it needs to
 * find the report's structure and identifiers in the block — and a few words
 * on what in the block is the likely cause (`describeCause`), for the
 * parse-skipped diagnostic.
 *
 * What the scanner reads, line by line (CR, LF and CRLF end a line):
 * - YAML front matter (`---` on the block's first line, up to the next `---` line; only the
 *   document's first block can start so) → a `yaml` node, as remark-frontmatter gives;
 * - an ATX heading (`#`…`######` after at most 3 spaces, then a space or the
 *   end of the line) → a `heading` node of its depth, its text (closing `#`
 *   run, and `**`/`__` around it, stripped) one `text` child;
 * - a line inside a fenced code block (the fences too) or an HTML comment →
 *   nothing (no identifier is read in code or comments, as in a real parse);
 * - a blank line → nothing; it ends a paragraph;
 * - other lines → paragraphs, each of the lines up to the next blank line,
 *   heading, fence or list marker (a paragraph's lines as CommonMark joins
 *   them), its text one `text` child: at the top level when its first line
 *   starts at column 0; in a `list` item when it starts with a bullet or number
 *   marker (`- `, `1. `); in a `blockquote` after `>` markers, when indented
 *   (a list item's continuation) or longer than `LONG_LINE`. A line that
 *   starts with `#` (`##High-level Summary`, read by the builder as a malformed
 *   heading) is a paragraph of its own.
 * Setext headings, tables, links and emphasis are not read: their text is in
 * the paragraphs, so identifiers are still found. No node is a `code` or
 * `html` block, so a fallback block never "ends open" (./parse.ts).
 */
import { lineAt } from './lines';
import type { Blockquote, Heading, List, Nodes, Paragraph, RootContent, Text, Yaml } from 'mdast';

type Position = NonNullable<Nodes['position']>;
type Point = Position['start'];

/** A line longer than this (UTF-16 code units) is never a top-level paragraph of the fallback. */
export const LONG_LINE = 4096;

/** One line and its line break, matched at `lastIndex`. */
const LINE = /[^\r\n]*(?:\r\n|\r|\n)?/y;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const LIST_MARKER = /^([-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
const COMMENT_OPEN = /^ {0,3}<!--/;
/** The opening and closing fence of YAML front matter (as ./parse.ts). */
const FRONT_MATTER_FENCE = /^---[ \t]*$/;

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** A run of lines read as one paragraph, or a heading line: where it starts, where its text starts and ends (block offsets). */
interface Run {
  kind: 'paragraph' | 'item' | 'quote' | 'heading';
  /** The offset where its node starts: the line's start (quote), the list marker (item), the `#` run (heading), its text (paragraph). */
  from: number;
  /** Where its node ends (the heading's line end; else `textEnd`). */
  to: number;
  /** The `start` of a numbered list item, null for a bullet; a heading's depth. */
  number: number | null;
  textStart: number;
  textEnd: number;
}

/**
 * The fallback's mdast nodes of a block: headings, and paragraphs of the lines of
 * text between them (see the module comment). Positions are relative to the block,
 * as remark's: 1-based line and column, 0-based UTF-16 offset.
 * @param text the block's text.
 * @returns root children, in order. Never throws; linear time.
 */
export function scanBlock(text: string): RootContent[] {
  const nodes: RootContent[] = [];
  // Line starts, for the points of the nodes (binary search: nodes are few, lines many).
  const starts: number[] = [];
  const point = (offset: number): Point => {
    const lo = lineAt(starts, offset);
    return { line: lo + 1, column: offset - starts[lo] + 1, offset };
  };
  const span = (from: number, to: number): Position => ({ start: point(from), end: point(to) });
  const pending: Run[] = [];
  let run: Run | undefined;
  const end = () => {
    if (run) pending.push(run);
    run = undefined;
  };
  let fence: string | undefined;
  let comment = false;
  let offset = 0;
  // Front matter: `---` on the first line, up to the next `---` line (unclosed, it is none).
  if (FRONT_MATTER_FENCE.test(text.slice(0, lineLength(text, 0)))) {
    const lines: number[] = [];
    for (let at = 0; at < text.length; ) {
      lines.push(at);
      LINE.lastIndex = at;
      const next = at + LINE.exec(text)![0].length;
      if (at > 0 && FRONT_MATTER_FENCE.test(text.slice(at, at + lineLength(text, at)))) {
        starts.push(...lines);
        const second = lines[1];
        const valueEnd = second === at ? second : at - (text[at - 1] === '\n' && text[at - 2] === '\r' ? 2 : 1);
        const yaml: Yaml = { type: 'yaml', value: text.slice(second, valueEnd), position: span(0, at + lineLength(text, at)) };
        nodes.push(yaml);
        offset = next;
        break;
      }
      at = next;
    }
  }
  while (offset < text.length) {
    starts.push(offset);
    LINE.lastIndex = offset;
    const raw = LINE.exec(text)![0];
    let length = raw.length;
    while (length > 0 && (raw[length - 1] === '\n' || raw[length - 1] === '\r')) length--;
    const content = length === raw.length ? raw : raw.slice(0, length);
    const base = offset;
    offset += raw.length;
    if (fence !== undefined) {
      const close = FENCE.exec(content);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length && content.slice(close[0].length).trim() === '') fence = undefined;
      continue;
    }
    if (comment) {
      if (content.includes('-->')) comment = false;
      continue;
    }
    const open = FENCE.exec(content);
    if (open) {
      end();
      fence = open[1];
      continue;
    }
    if (COMMENT_OPEN.test(content)) {
      end();
      comment = !content.includes('-->', content.indexOf('<!--') + 2);
      continue;
    }
    const heading = ATX.exec(content);
    if (heading) {
      end();
      pending.push(headingRun(content, heading, base));
      continue;
    }
    let start = 0;
    while (isBlank(content[start])) start++;
    if (start === content.length) {
      end(); // a blank line
      continue;
    }
    let stop = length;
    while (isBlank(content[stop - 1])) stop--;
    // `>` markers (each after at most 3 spaces, with one optional space after it).
    let quoted = false;
    for (let i = start; ; ) {
      let j = i;
      while (j < i + 3 && content[j] === ' ') j++;
      if (content[j] !== '>') break;
      quoted = true;
      start = j + 1;
      if (isBlank(content[start])) start++;
      i = start;
    }
    if (quoted) while (isBlank(content[start])) start++;
    const marker = quoted ? null : LIST_MARKER.exec(content.slice(start, start + 11));
    const markerStart = start;
    if (marker) {
      start += marker[1].length;
      while (isBlank(content[start])) start++;
    }
    if (start >= stop) {
      end(); // only markers
      continue;
    }
    // A line that may be read as a heading (`##High-level Summary`) is a paragraph of its own, as in a real parse
    // of the lines around it; a very long one is never read so (the builder would parse its text again).
    const hashed = !quoted && !marker && content[markerStart] === '#';
    if (hashed || marker || (quoted && run?.kind !== 'quote') || !run || stop - start > LONG_LINE) {
      end();
      const kind = marker ? 'item' : quoted || markerStart > 0 || stop - start > LONG_LINE ? 'quote' : 'paragraph';
      const number = marker && marker[1].length > 1 ? Number(marker[1].slice(0, -1)) : null;
      run = { kind, from: base + (kind === 'quote' ? 0 : kind === 'item' ? markerStart : start), to: base + stop, number, textStart: base + start, textEnd: base + stop };
      if (hashed || stop - start > LONG_LINE) end();
    } else {
      run.textEnd = run.to = base + stop; // a continuation line
    }
  }
  end();
  for (const p of pending) {
    const child: Text = { type: 'text', value: text.slice(p.textStart, p.textEnd), position: span(p.textStart, p.textEnd) };
    if (p.kind === 'heading') {
      const depth = p.number as Heading['depth'];
      nodes.push({ type: 'heading', depth, children: p.textStart < p.textEnd ? [child] : [], position: span(p.from, p.to) } satisfies Heading);
      continue;
    }
    const paragraph: Paragraph = { type: 'paragraph', children: [child], position: span(p.textStart, p.textEnd) };
    if (p.kind === 'paragraph') nodes.push(paragraph);
    else if (p.kind === 'quote') nodes.push({ type: 'blockquote', children: [paragraph], position: span(p.from, p.to) } satisfies Blockquote);
    else {
      const item = span(p.from, p.to);
      nodes.push({
        type: 'list',
        ordered: p.number !== null,
        start: p.number,
        spread: false,
        children: [{ type: 'listItem', spread: false, checked: null, children: [paragraph], position: item }],
        position: span(p.from, p.to),
      } satisfies List);
    }
  }
  return nodes;
}

/** The length of the line that starts at `at`, without its line break. */
function lineLength(text: string, at: number): number {
  LINE.lastIndex = at;
  const raw = LINE.exec(text)![0];
  let length = raw.length;
  while (length > 0 && (raw[length - 1] === '\n' || raw[length - 1] === '\r')) length--;
  return length;
}

/** The run of an ATX heading line (`heading`: its `ATX` match) that starts at block offset `base`. */
function headingRun(content: string, heading: RegExpExecArray, base: number): Run {
  const markerStart = heading[0].length - heading[1].length;
  let start = heading[0].length;
  while (isBlank(content[start])) start++;
  let end = content.length;
  while (end > start && isBlank(content[end - 1])) end--;
  // The closing `#` run: all `#`, or after a space.
  let j = end;
  while (j > start && content[j - 1] === '#') j--;
  if (j < end && (j === start || isBlank(content[j - 1]))) {
    end = j;
    while (end > start && isBlank(content[end - 1])) end--;
  }
  // `**Team**` → `Team` (the builder reads bold from the line itself).
  while (start < end && (content[start] === '*' || content[start] === '_')) start++;
  while (end > start && (content[end - 1] === '*' || content[end - 1] === '_')) end--;
  return { kind: 'heading', from: base + markerStart, to: base + content.length, number: heading[1].length, textStart: base + start, textEnd: base + end };
}

/** A count in words: `100,000`. */
const count = (n: number) => n.toLocaleString('en-US');

/** The Markdown code span of a piece of text (backquotes around it; longer ones when it holds some). */
function code(text: string): string {
  const ticks = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return /^`|`$/.test(text) ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

/** HTML constructs that micromark scans to their end marker from every opening, by opening. */
const UNCLOSED = [
  ['<?', '?>'],
  ['<![CDATA[', ']]>'],
  ['<!--', '-->'],
] as const;

/**
 * What in a block is the likely reason remark-parse is slow on it, in a few words of
 * Markdown for the parse-skipped diagnostic — the first of:
 * - a list nested 32 levels or more by indentation: `a list nested 1,000 levels deep`;
 * - a line of at least 1,000 characters, nine tenths one character (not a space):
 *   `one line of 100,000 \`>\``;
 * - openings of `<?`, `<![CDATA[` or `<!--` with no end marker after them:
 *   `3,641 unclosed \`<?\`` (one: `an unclosed \`<?\``);
 * - else its size: `116,509 lines, 1,024 KB` (below 10 KB in characters: `4 lines, 87 characters`).
 * Linear time.
 */
export function describeCause(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  // Nesting by indentation: the depth of the stack of increasing list-item indents.
  const stack: number[] = [];
  let deepest = 0;
  for (const l of lines) {
    const m = /^([ \t]*)(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/.exec(l);
    if (!m) continue;
    const indent = m[1].replace(/\t/g, '    ').length;
    while (stack.length > 0 && stack[stack.length - 1] >= indent) stack.pop();
    stack.push(indent);
    deepest = Math.max(deepest, stack.length);
  }
  if (deepest >= 32) return `a list nested ${count(deepest)} levels deep`;
  // One long line, mostly one character.
  let longest = '';
  for (const l of lines) if (l.length > longest.length) longest = l;
  if (longest.length >= 1000) {
    const freq = new Map<string, number>();
    for (const c of longest) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [c, n] = [...freq].sort((a, b) => b[1] - a[1])[0];
    if (n >= longest.length * 0.9 && c.trim() !== '') return `one line of ${count(n)} ${code(c)}`;
  }
  // Openings whose end marker never comes after them.
  for (const [open, close] of UNCLOSED) {
    const lastClose = text.lastIndexOf(close);
    let n = 0;
    for (let at = text.indexOf(open, lastClose < 0 ? 0 : lastClose + close.length); at >= 0; at = text.indexOf(open, at + open.length)) n++;
    if (n === 1) return `an unclosed ${code(open)}`;
    if (n > 1) return `${count(n)} unclosed ${code(open)}`;
  }
  const size = text.length < 10 * 1024 ? `${count(text.length)} characters` : `${count(Math.round(text.length / 1024))} KB`;
  return `${count(lines.length)} ${lines.length === 1 ? 'line' : 'lines'}, ${size}`;
}
