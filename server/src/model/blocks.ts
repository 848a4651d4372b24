/**
 * Structure that CommonMark hides from the reader, found where the author
 * meant it:
 *
 * - an unclosed block (`readUnclosedBlock`): a fenced code block without its
 *   closing fence, or an HTML block of the kinds that end at a marker (`<!--`
 *   without `-->`, `<pre>` / `<script>` / `<style>` / `<textarea>` without
 *   their closing tag, `<?` without `?>`, `<!X` without `>`, `<![CDATA[`
 *   without `]]>`), runs to the end of the file and swallows every heading
 *   after it. Only top-level blocks: one opened inside a list item or a block
 *   quote ends with its container;
 * - a malformed heading (`malformedHeading`): a line that reads as an ATX
 *   heading to the author but is a paragraph to CommonMark, because the `#`
 *   run is followed by a no-break space or by the text itself.
 *
 * What counts as "structure" (a section label, a team, a WBS element, a
 * period) is the report builder's knowledge; it is passed in as a
 * `StructureMatcher`.
 */
import type { Heading, Paragraph } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parsePiece, type ParsedDocument, type PieceParser } from './parse';
import { firstLine, lineStartOffsets, splitLines, lineAt } from './lines';
import type { HiddenStructure, StructureMatch, UnclosedBlock } from './types';

/** Tells which texts name a part of the report's structure (the builder's template, teams, WBS codes, periods). */
export interface StructureMatcher {
  /** What a heading's text names (markup such as `**` included, the `#` run excluded), if anything. */
  heading(text: string): StructureMatch | undefined;
  /** What a paragraph's first line names as a label line (`Planned activities:`, `**High-level Summary**`), if anything. */
  labelLine(line: string): StructureMatch | undefined;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** The HTML blocks that run to an end marker (CommonMark kinds 1–5), by their opening. */
const HTML_WITH_END = /^ {0,3}<(?:(!--)|(script|pre|style|textarea)(?=[\s>]|$)|(\?)|(!\[CDATA\[)|(![A-Za-z]))/i;

/** A top-level code or HTML block, in document coordinates. */
interface TopBlock {
  type: 'code' | 'html';
  /** UTF-16 offsets of its first and last character (end exclusive). */
  start: number;
  end: number;
  /** Its source lines. */
  lines: string[];
}

/** Every top-level code and HTML block of the document, in order. */
function topBlocks(parsed: ParsedDocument): TopBlock[] {
  const out: TopBlock[] = [];
  for (const placed of parsed.blocks) {
    for (const node of placed.block.nodes) {
      if (node.type !== 'code' && node.type !== 'html') continue;
      const start = placed.startOffset + node.position!.start.offset!;
      const end = placed.startOffset + node.position!.end.offset!;
      out.push({ type: node.type, start, end, lines: splitLines(parsed.text.slice(start, end)) });
    }
  }
  return out;
}

/** The opening fence run of a fenced code block, and whether its last line closes it; undefined for indented code. */
function fenceOf(block: TopBlock): { run: string; closed: boolean } | undefined {
  const open = FENCE.exec(block.lines[0]);
  if (!open) return undefined;
  const last = block.lines.length > 1 ? block.lines[block.lines.length - 1] : undefined;
  const close = last !== undefined ? FENCE.exec(last) : null;
  const closed = close !== null && close[1][0] === open[1][0] && close[1].length >= open[1].length && last!.slice(close[0].length).trim() === '';
  return { run: open[1], closed };
}

/** The kind and closer of an HTML block of kinds 1–5, and whether its end marker comes; undefined for kinds 6 and 7. */
function htmlOf(block: TopBlock): { kind: UnclosedBlock['kind']; closer: string; closed: boolean } | undefined {
  const m = HTML_WITH_END.exec(block.lines[0]);
  if (!m) return undefined; // kinds 6 and 7 end at a blank line
  const [end, kind, closer] = m[1]
    ? ['-->', 'comment', '-->']
    : m[2]
      ? [`</${m[2].toLowerCase()}>`, 'html', `</${m[2]}>`]
      : m[3]
        ? ['?>', 'processing-instruction', '?>']
        : m[4]
          ? [']]>', 'cdata', ']]>']
          : ['>', 'declaration', '>'];
  // `<!-->` and `<!--->` are whole comments: look for the end right after `<!`.
  const from = m[1] ? m[0].length - 2 : m[0].length;
  return { kind: kind as UnclosedBlock['kind'], closer, closed: block.lines.join('\n').toLowerCase().includes(end, from) };
}

/**
 * The block of `parsed` that hides the report's structure, if any:
 * - a top-level block that is never closed and so runs to the end of the
 *   file: the last node of the document is then a fenced code block whose
 *   last line is not its closing fence, or an HTML block of kinds 1–5 whose
 *   end marker never comes;
 * - an HTML block of kinds 1, 3, 4, 5 (not a comment: authors comment out
 *   parts of a report) that is closed only after headings that name parts of
 *   the report (`<!DOCTYPE` closed by the `>` of a later autolink): `closedOn`;
 * - when the file ends in an unclosed code fence, an earlier closed code
 *   fence whose content holds headings that name parts of the report: the
 *   fences pair up wrongly from it on (a stray fence, whose "closing" fence
 *   was meant to open the next code block): `closedOn`.
 * The earliest of the last two kinds wins over the first.
 *
 * @param matcher what counts as structure among the hidden headings and lines.
 * @param parse how the hidden text is parsed (default remark in this thread; the engine's keeps the budget).
 * @returns the block with its opening line (0-based range), its closer and the
 *   headings and label lines hidden from its opening line on (the text after
 *   that line parsed on its own; those of its headings and lines that are now
 *   inside a code or HTML block); undefined when nothing is hidden so. Never throws.
 */
export function readUnclosedBlock(parsed: ParsedDocument, matcher: StructureMatcher, parse: PieceParser = parsePiece): UnclosedBlock | undefined {
  const blocks = topBlocks(parsed);
  if (blocks.length === 0) return undefined;
  const last = parsed.blocks[parsed.blocks.length - 1];
  const node = last.block.nodes[last.block.nodes.length - 1];
  // The block that runs to the end of the file: the last node, unclosed.
  let open: { block: TopBlock; kind: UnclosedBlock['kind']; closer: string } | undefined;
  const final = blocks[blocks.length - 1];
  if ((node?.type === 'code' || node?.type === 'html') && last.block.text.slice(node.position!.end.offset!).trim() === '') {
    const fence = final.type === 'code' ? fenceOf(final) : undefined;
    const html = final.type === 'html' ? htmlOf(final) : undefined;
    if (fence && !fence.closed) open = { block: final, kind: 'fence', closer: fence.run };
    else if (html && !html.closed) open = { block: final, kind: html.kind, closer: html.closer };
  }
  // Line starts of the whole text only when some block may hide structure (most documents have none).
  let lazyStarts: number[] | undefined;
  const lineOf = (offset: number): number => lineAt((lazyStarts ??= lineStartOffsets(parsed.text)), offset);
  const namesStructure = (b: TopBlock, lines: string[]) => hiddenStructure(lines.join('\n'), lineOf(b.start) + 1, matcher, parse).some((h) => h.names);
  let culprit = open;
  let closedOn: number | undefined;
  for (const b of blocks) {
    if (b === open?.block || b.lines.length < 2) continue;
    const html = b.type === 'html' ? htmlOf(b) : undefined;
    if (html?.closed && html.kind !== 'comment' && namesStructure(b, b.lines.slice(1))) {
      culprit = { block: b, kind: html.kind, closer: html.closer };
      closedOn = lineOf(b.end);
      break;
    }
    const fence = open?.kind === 'fence' && b.type === 'code' ? fenceOf(b) : undefined;
    if (fence?.closed && namesStructure(b, b.lines.slice(1, -1))) {
      culprit = { block: b, kind: 'fence', closer: fence.run };
      closedOn = lineOf(b.end);
      break;
    }
  }
  if (!culprit) return undefined;
  const line = lineOf(culprit.block.start);
  const starts = lazyStarts!;
  const character = culprit.block.start - starts[line];
  const range = { start: { line, character }, end: { line, character: character + culprit.block.lines[0].length } };
  const spans = blocks.map((b) => [lineOf(b.start), lineOf(b.end)]);
  const hidden =
    line + 1 < starts.length
      ? hiddenStructure(parsed.text.slice(starts[line + 1]), line + 1, matcher, parse).filter((h) => spans.some(([a, b]) => a < h.line && h.line <= b))
      : [];
  const result: UnclosedBlock = { kind: culprit.kind, range, closer: culprit.closer, hidden };
  if (closedOn !== undefined) result.closedOn = closedOn;
  if (open) result.runsToEnd = lineOf(open.block.start);
  return result;
}

/**
 * The text `readUnclosedBlock` parses when the document ends in a block that is never closed
 * (the last node, a code fence or an HTML block of kinds 1–5 without its end): from the line
 * after that block's opening line to the end. The engine parses it ahead, within the budget.
 * @returns undefined when the document does not end so.
 */
export function hiddenTextOf(parsed: ParsedDocument): string | undefined {
  const last = parsed.blocks[parsed.blocks.length - 1];
  const node = last?.block.nodes[last.block.nodes.length - 1];
  if (!node || (node.type !== 'code' && node.type !== 'html') || last.block.text.slice(node.position!.end.offset!).trim() !== '') return undefined;
  const start = last.startOffset + node.position!.start.offset!;
  const end = last.startOffset + node.position!.end.offset!;
  const block: TopBlock = { type: node.type, start, end, lines: splitLines(parsed.text.slice(start, end)) };
  if ((node.type === 'code' ? fenceOf(block)?.closed : htmlOf(block)?.closed) !== false) return undefined;
  const eol = /\r\n|\r|\n/.exec(parsed.text.slice(start, end));
  return eol ? parsed.text.slice(start + eol.index + eol[0].length) : undefined;
}

/**
 * The top-level headings and label lines of `text` parsed on its own, on
 * document lines from `fromLine` (0-based); when that text ends in a block
 * left open in its turn (a second fence after the first), the ones hidden in
 * it too (at most `depth` blocks deep).
 */
function hiddenStructure(text: string, fromLine: number, matcher: StructureMatcher, parse: PieceParser, depth = 5): HiddenStructure[] {
  const out: HiddenStructure[] = [];
  const nodes = parse(text);
  for (const node of nodes) {
    const line = fromLine + node.position!.start.line - 1;
    if (node.type === 'heading') {
      const source = text.slice(node.position!.start.offset!, node.position!.end.offset!);
      const heading = firstLine(source).replace(/^\s*#{1,6}\s*/, '').replace(/\s+#+\s*$/, '');
      out.push({ line, form: 'heading', text: oneLine(toString(node as Heading)), names: matcher.heading(heading) });
    } else if (node.type === 'paragraph') {
      const first = firstLine(text.slice(node.position!.start.offset!, node.position!.end.offset!));
      // A malformed heading (`####Planned activities:`) hides as the heading it was meant to be.
      const malformed = malformedHeading(first, matcher);
      if (malformed) {
        const body = first.slice(malformed.textStart, malformed.textEnd);
        out.push({ line, form: 'heading', text: oneLine(body.replace(/[*_]/g, '')), names: matcher.heading(body) });
        continue;
      }
      const names = matcher.labelLine(first);
      if (names) out.push({ line, form: 'label', text: oneLine(firstLine(toString(node as Paragraph))), names });
    }
  }
  const last = nodes[nodes.length - 1];
  if (depth > 0 && last && (last.type === 'code' || last.type === 'html') && text.slice(last.position!.end.offset!).trim() === '') {
    const block: TopBlock = { type: last.type, start: last.position!.start.offset!, end: last.position!.end.offset!, lines: [] };
    block.lines = splitLines(text.slice(block.start, block.end));
    const open = last.type === 'code' ? fenceOf(block)?.closed === false : htmlOf(block)?.closed === false;
    const starts = lineStartOffsets(text);
    const next = starts[last.position!.start.line]; // the line after the opening one (unist lines are 1-based)
    if (open && next !== undefined) out.push(...hiddenStructure(text.slice(next), fromLine + last.position!.start.line, matcher, parse, depth - 1));
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What `malformedHeading` found on a line. */
export interface MalformedHeadingMatch {
  problem: 'unicode-space' | 'no-space';
  /** UTF-16 offsets in the line: the `#` run … */
  markerStart: number;
  markerEnd: number;
  /** … the white space after it to replace by one space (empty for `no-space`). */
  spaceEnd: number;
  /** Where the heading's text starts and ends (a closing `#` sequence and trailing blanks excluded). */
  textStart: number;
  textEnd: number;
  /** `U+00A0` for `unicode-space`. */
  codePoint?: string;
}

/** A Unicode space separator other than the space (U+00A0 no-break space, U+2000–U+200A, U+202F, U+205F, U+3000, U+1680). */
const UNICODE_SPACE = /[^\S\r\n\t\f\v \u2028\u2029\ufeff]/u;
const MALFORMED = /^( {0,3})(#{1,6})(?!#)(\s*)/u;

/**
 * Whether a line of a top-level paragraph is a heading to the author but not
 * to CommonMark. The rule:
 * - at most 3 spaces, 1–6 `#`, then white space that holds a Unicode space
 *   separator other than the space (a no-break space U+00A0, U+2000–U+200A,
 *   U+202F, U+205F, U+3000, U+1680) and then text: always (`####\u00A0Planned
 *   activities:`, pasted from a word processor);
 * - at most 3 spaces, 1–6 `#`, then the text with no space: only when the text
 *   (a closing `#` run aside) names a part of the report as a heading would
 *   (`matcher.heading`: a section or subsection label of the template, a team
 *   of its `teams` table, a WBS element, a period in words): `##High-level
 *   Summary`. `#hashtag`, `#1 priority`, `#123` stay prose.
 *
 * @param line the line without its line break.
 * @returns where the marker, the space and the text are; undefined for any other line.
 */
export function malformedHeading(line: string, matcher: StructureMatcher): MalformedHeadingMatch | undefined {
  const m = MALFORMED.exec(line);
  if (!m) return undefined;
  const markerStart = m[1].length;
  const markerEnd = markerStart + m[2].length;
  const spaceEnd = markerEnd + m[3].length;
  const body = line.slice(spaceEnd).replace(/(?:^|\s+)#+\s*$/, '').trimEnd();
  if (body === '') return undefined;
  const textEnd = spaceEnd + body.length;
  if (m[3] !== '') {
    // A space or a tab right after the run: a well-formed heading (CommonMark already reads it).
    const odd = UNICODE_SPACE.exec(m[3][0]);
    if (!odd) return undefined;
    const codePoint = `U+${odd[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return { problem: 'unicode-space', markerStart, markerEnd, spaceEnd, textStart: spaceEnd, textEnd, codePoint };
  }
  if (!matcher.heading(body)) return undefined;
  return { problem: 'no-space', markerStart, markerEnd, spaceEnd, textStart: spaceEnd, textEnd };
}
