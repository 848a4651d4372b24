/**
 * The light scanner: reads a report's text line by line, without a syntax
 * tree, into what the workspace index keeps of it (`ReportIndexEntry`,
 * ./reportIndex.ts) — for the reports of the workspace that are not open,
 * which are never parsed by remark.
 *
 * It reads in two steps:
 * 1. `LightReader`: the blocks of the text, as CommonMark delimits them well
 *    enough for a report — front matter (`---` … `---`, as
 *    micromark-extension-frontmatter), ATX and setext headings, paragraphs,
 *    block quotes, list items with their content indentation and lazy lines,
 *    fenced and indented code, HTML blocks (comments, `<pre>`, `<details>`,
 *    complete tags; each kind with its end condition), thematic breaks, link
 *    reference definitions — and the identifiers of their inline text
 *    (`IdScanner`, with code spans, HTML, autolinks, images and link targets
 *    masked: ./lightInline.ts). Independent of the template; resumable
 *    (`advance` reads some lines at a time, so that a caller can yield to
 *    the event loop between slices).
 * 2. `lightOpening` and `indexEntry`: the section outline as the model's
 *    builder (./build.ts) reads the same blocks with a template — report
 *    sections, groups, teams, subsections, WBS elements, topics, the title and
 *    the period heading, malformed headings (`##Planned activities:`) — and
 *    the entry derived from it (`deriveEntry`, shared with the full model).
 *
 * It must agree with the full model (`indexOfModel`):
 * test/unit/lightScan.test.ts compares them on the reference report, the
 * corpus and a set of tricky shapes. Known differences, by design: a BOM
 * before front matter; headings inside list items and block quotes that
 * open a team (the builder reads them; so does this, but a list item's
 * setext heading is read as a paragraph); those of ./lightInline.ts.
 */
import type { Range } from 'vscode-languageserver-types';
import { BOLD_LINE, DEFINITION, frontMatterOf, WBS_LEAD } from './build';
import { malformedHeading, type StructureMatcher } from './blocks';
import { invalidTicketNumber, type IdScanner } from './ids';
import { readInline } from './lightInline';
import { firstLine, lineStartOffsets } from './lines';
import { findPeriodText, parsePeriodText, type Period } from './periods';
import {
  deriveEntry,
  oneLine,
  type IndexedDefinition,
  type IndexedDocument,
  type IndexedMention,
  type IndexedWbsCode,
  type OutlineNode,
  type ReportIndexEntry,
  type RootBlock,
} from './reportIndex';
import { groupOfTeam, LabelIndex, normalizeLabel, type CombinedSection, type ReportTemplate, type TemplateSection, type TemplateSubsection } from './template';
import type { FrontMatter, SectionKind, StructureMatch } from './types';
import type { ReportOpening } from './build';

/** One line's share of a paragraph: the UTF-16 range `[start, end)` of its content in document line `line`. */
export interface LightLine {
  line: number;
  start: number;
  end: number;
}

/** A paragraph, as CommonMark delimits it. */
export interface LightParagraph {
  type: 'paragraph';
  /** A child of the document itself (not in a list item or block quote). */
  topLevel: boolean;
  lines: LightLine[];
  /** The content of each line (container markers stripped), as written. */
  texts: string[];
  /** Plain text of the whole paragraph (`mdast-util-to-string`), soft line breaks as `\n`. */
  plain: string;
}

/** A heading: ATX, setext, or (a builder's reading) a malformed one. */
export interface LightHeading {
  type: 'heading';
  depth: number;
  /** 0-based lines of its first and last lines (a setext heading's underline is its last). */
  line: number;
  endLine: number;
  /** Its text without markup, on one line (white space collapsed). */
  text: string;
  /** The source of its first line from its first character (`#### 02C.05.00 ##`; a setext heading's first text line). */
  source: string;
  /** The UTF-16 character on `line` where `source` starts. */
  sourceStart: number;
  /** A child of the document itself. */
  topLevel: boolean;
}

/** A list item. */
export interface LightItem {
  type: 'item';
  line: number;
  /** 0-based line of its last content. */
  endLine: number;
  /** An item of a list that is a child of the document itself. */
  root: boolean;
  /** Its first block, when that is a paragraph. */
  first?: LightParagraph;
  /** Whether any block started in it yet (while reading). */
  started: boolean;
}

/** What the reader found, in document order: blocks, item boundaries, and the end of each child of the document. */
export type LightEvent =
  | LightParagraph
  | LightHeading
  | { type: 'item-start'; item: LightItem }
  | { type: 'item-end'; item: LightItem }
  /** A child of the document ends on this 0-based line (the builder extends the open sections to it). */
  | { type: 'end'; line: number };

/** What `LightReader` read of a whole text. */
export interface LightDocument {
  frontMatter?: FrontMatter;
  events: LightEvent[];
  /** Tickets and malformed tickets, in document order, `definition` false (`indexEntry` marks definitions). */
  mentions: IndexedMention[];
  documents: IndexedDocument[];
  wbsCodes: IndexedWbsCode[];
  lineCount: number;
}

/** The opening and closing fence of front matter (as ./parse.ts and micromark-extension-frontmatter). */
const FRONT_MATTER_FENCE = /^---[ \t]*$/;
const ATX = /^(#{1,6})(?:[ \t]+|$)/;
const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
const THEMATIC = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const SETEXT = /^(=+|-+)[ \t]*$/;
const BULLET = /^([-+*])(?=[ \t]|$)/;
const ORDERED = /^(\d{1,9})([.)])(?=[ \t]|$)/;
/** CommonMark HTML block kinds 1–5 (end at a marker) by their opening, after at most 3 spaces. */
const HTML_WITH_END = /^<(?:(script|pre|style|textarea)(?=[\s>]|$)|(!--)|(\?)|(![A-Za-z])|(!\[CDATA\[))/i;
/** Kind 6: a block-level tag (ends at a blank line). */
const HTML_BLOCK_TAG = new RegExp(
  '^</?(?:' +
    'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul' +
    ')(?=[\\s>]|/>|$)',
  'i',
);
const ATTRIBUTE = `\\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\\s*=\\s*(?:[^\\s"'=<>\`]+|'[^']*'|"[^"]*"))?`;
/** Kind 7: a complete open or closing tag alone on its line (cannot interrupt a paragraph). */
const HTML_COMPLETE_TAG = new RegExp(`^(?:<[A-Za-z][A-Za-z0-9-]*(?:${ATTRIBUTE})*\\s*/?>|</[A-Za-z][A-Za-z0-9-]*\\s*>)\\s*$`);
/** A link reference definition on one line (`[label]: url "title"`): no text of the report. */
const LINK_DEFINITION = /^ {0,3}\[(?:[^\]\\]|\\.){1,999}\]:[ \t]*(?:<[^>\n]*>|\S+)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$/;

/** Indentation at `pos` from column `col`: the offset and column of the first other character. */
function indentAt(line: string, pos: number, col: number): { pos: number; col: number } {
  while (pos < line.length) {
    const c = line.charCodeAt(pos);
    if (c === 32) col++;
    else if (c === 9) col += 4 - (col % 4);
    else break;
    pos++;
  }
  return { pos, col };
}

/**
 * Past a block quote marker `>` at `marker` (its offset and column) and the one space or tab that
 * may follow it (a tab counts up to the next tab stop, as CommonMark reads it).
 */
function pastQuoteMarker(line: string, marker: { pos: number; col: number }): { pos: number; col: number } {
  let pos = marker.pos + 1;
  let col = marker.col + 1;
  if (line[pos] === ' ') {
    pos++;
    col++;
  } else if (line[pos] === '\t') {
    pos++;
    col += 4 - (col % 4);
  }
  return { pos, col };
}

function blankFrom(line: string, pos: number): boolean {
  for (let i = pos; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** An open container: a block quote or a list item (content from column `indent`). */
type Container = { kind: 'quote'; lastLine: number } | { kind: 'item'; indent: number; item: LightItem; marker: string; lastLine: number };

/** The open leaf block. */
type Leaf =
  | { kind: 'paragraph'; depth: number; paragraph: LightParagraph }
  | { kind: 'fence'; depth: number; char: string; length: number; indent: number }
  | { kind: 'html'; depth: number; end?: RegExp }
  | { kind: 'code'; depth: number }
  | undefined;

/**
 * Reads a text's blocks and identifiers a few lines at a time (`advance`), then gives the whole
 * (`document`). Linear in the text; never throws.
 */
export class LightReader {
  private readonly starts: number[];
  private readonly lineCount: number;
  private next = 0;
  private readonly containers: Container[] = [];
  private leaf: Leaf;
  private readonly events: LightEvent[] = [];
  private readonly mentions: IndexedMention[] = [];
  private readonly documents: IndexedDocument[] = [];
  private readonly wbsCodes: IndexedWbsCode[] = [];
  private frontMatter?: FrontMatter;
  /** A list at the top of the document whose last item closed: its end is sent once something else starts. */
  private pendingList?: { marker: string; line: number };
  /** The last line of the open leaf at the top of the document. */
  private rootLast = -1;

  /**
   * @param text the whole text.
   * @param scanner the engine's identifier scanner (ticket keys, document series).
   */
  constructor(
    private readonly text: string,
    private readonly scanner: IdScanner,
  ) {
    this.starts = lineStartOffsets(text);
    this.lineCount = this.starts.length;
    this.readFrontMatter();
  }

  /** The text of 0-based line `n`, without its line break. */
  private lineText(n: number): string {
    const from = this.starts[n];
    let to = n + 1 < this.starts.length ? this.starts[n + 1] : this.text.length;
    if (to > from && this.text.charCodeAt(to - 1) === 10) to--;
    if (to > from && this.text.charCodeAt(to - 1) === 13) to--;
    return this.text.slice(from, to);
  }

  private readFrontMatter(): void {
    if (!FRONT_MATTER_FENCE.test(this.lineText(0))) return;
    for (let n = 1; n < this.lineCount; n++) {
      const line = this.lineText(n);
      if (FRONT_MATTER_FENCE.test(line)) {
        this.frontMatter = frontMatterOf(this.text, 0, this.starts[n] + line.length, this.starts);
        this.next = n + 1;
        return;
      }
    }
  }

  /**
   * Reads up to `lines` more lines.
   * @returns true when the whole text is read.
   */
  advance(lines = Infinity): boolean {
    const stop = Math.min(this.lineCount, this.next + lines);
    while (this.next < stop) this.line(this.next++);
    if (this.next < this.lineCount) return false;
    this.closeContainers(0);
    this.closeLeaf();
    this.flushList();
    return true;
  }

  /** What was read; call once `advance` returned true. */
  document(): LightDocument {
    const doc: LightDocument = { events: this.events, mentions: this.mentions, documents: this.documents, wbsCodes: this.wbsCodes, lineCount: this.lineCount };
    if (this.frontMatter) doc.frontMatter = this.frontMatter;
    return doc;
  }

  // ---- events ----------------------------------------------------------------

  private emit(event: LightEvent): void {
    if (this.pendingList && !(event.type === 'item-start' && event.item.root)) this.flushList();
    this.events.push(event);
  }

  private flushList(): void {
    if (!this.pendingList) return;
    const line = this.pendingList.line;
    this.pendingList = undefined;
    this.events.push({ type: 'end', line });
  }

  /** Marks line `n` as content of every open container (and of the open leaf at the top). */
  private content(n: number): void {
    for (const c of this.containers) c.lastLine = n;
    if (this.containers.length === 0) this.rootLast = n;
  }

  /** A block starts inside the innermost container: an item's first block. */
  private started(): void {
    const c = this.containers[this.containers.length - 1];
    if (c?.kind === 'item') c.item.started = true;
  }

  // ---- leaves ----------------------------------------------------------------

  private closeLeaf(): void {
    const leaf = this.leaf;
    if (!leaf) return;
    this.leaf = undefined;
    if (leaf.kind === 'paragraph') this.closeParagraph(leaf.paragraph);
    if (leaf.depth === 0) this.emit({ type: 'end', line: this.rootLast });
  }

  /**
   * Drops the link reference definitions a paragraph starts with (no text of the report; each a
   * child of the document when the paragraph is one).
   * @returns false when nothing else is left.
   */
  private dropDefinitions(p: LightParagraph): boolean {
    let skip = 0;
    while (skip < p.texts.length && LINK_DEFINITION.test(p.texts[skip])) skip++;
    if (skip === 0) return true;
    if (p.topLevel) this.emit({ type: 'end', line: p.lines[skip - 1].line });
    p.lines = p.lines.slice(skip);
    p.texts = p.texts.slice(skip);
    if (p.lines.length === 0) return false;
    p.lines[0].start += p.texts[0].length - p.texts[0].trimStart().length;
    p.texts[0] = p.texts[0].trimStart();
    return true;
  }

  private closeParagraph(p: LightParagraph): void {
    if (!this.dropDefinitions(p)) return;
    const reading = readInline(p.texts.join('\n'));
    p.plain = reading.plain;
    this.scanIds(reading.masked, p.lines);
    this.emit(p);
  }

  /** Scans masked inline text (lines joined by `\n`) for identifiers, placing them on `lines`. */
  private scanIds(masked: string, lines: readonly LightLine[]): void {
    let from = 0;
    for (const at of lines) {
      let to = masked.indexOf('\n', from);
      if (to < 0) to = masked.length;
      const text = masked.slice(from, to);
      from = to + 1;
      if (text.length < 2) continue;
      for (const m of this.scanner.scan(text)) {
        const range: Range = { start: { line: at.line, character: at.start + m.start }, end: { line: at.line, character: at.start + m.end } };
        if (m.kind === 'ticket') this.mentions.push({ id: m.value, range, definition: false });
        else if (m.kind === 'malformed-ticket') this.mentions.push({ id: m.value, range, definition: false });
        else if (m.kind === 'document') this.documents.push({ handle: m.value, range });
        else if (m.kind === 'wbs') this.wbsCodes.push({ code: m.value, range });
      }
    }
  }

  /** An ATX heading on line `n`: `from` is where its `#` run starts. */
  private atx(n: number, line: string, from: number, marker: number, topLevel: boolean): void {
    let contentStart = from + marker;
    while (contentStart < line.length && (line[contentStart] === ' ' || line[contentStart] === '\t')) contentStart++;
    let content = line.slice(contentStart);
    // The closing sequence: a run of `#` after white space (or the whole content), then blanks.
    content = content.replace(/(?:^|[ \t]+)#+[ \t]*$/, '').replace(/[ \t]+$/, '');
    const reading = readInline(content);
    this.scanIds(reading.masked, [{ line: n, start: contentStart, end: contentStart + content.length }]);
    this.emit({ type: 'heading', depth: marker, line: n, endLine: n, text: oneLine(reading.plain), source: line.slice(from), sourceStart: from, topLevel });
  }

  // ---- containers ------------------------------------------------------------

  private closeContainers(keep: number): void {
    if (this.containers.length <= keep) return;
    if (this.leaf && this.leaf.depth > keep) this.closeLeaf();
    while (this.containers.length > keep) {
      const c = this.containers.pop()!;
      const parent = this.containers[this.containers.length - 1];
      if (parent) parent.lastLine = Math.max(parent.lastLine, c.lastLine);
      if (c.kind === 'item') {
        c.item.endLine = c.lastLine;
        this.emit({ type: 'item-end', item: c.item });
        if (this.containers.length === 0) this.pendingList = { marker: c.marker, line: c.lastLine };
      } else if (this.containers.length === 0) {
        this.emit({ type: 'end', line: c.lastLine });
      }
    }
  }

  /** Whether `rest` (after the matched containers and up to 3 spaces) starts a block that interrupts a paragraph. */
  private interrupts(rest: string): boolean {
    if (rest === '' || /^[ \t]*$/.test(rest)) return true;
    const c = rest[0];
    if (c === '#' && ATX.test(rest)) return true;
    if ((c === '`' || c === '~') && FENCE_OPEN.test(rest) && !(c === '`' && /`/.test(rest.replace(/^`+/, '')))) return true;
    if (c === '<' && (HTML_WITH_END.test(rest) || HTML_BLOCK_TAG.test(rest))) return true;
    if (c === '>') return true;
    if (THEMATIC.test(rest)) return true;
    const bullet = BULLET.exec(rest);
    if (bullet && !blankFrom(rest, 1)) return true;
    const ordered = ORDERED.exec(rest);
    if (ordered && ordered[1] === '1' && !blankFrom(rest, ordered[0].length)) return true;
    return false;
  }

  // ---- one line --------------------------------------------------------------

  private line(n: number): void {
    const line = this.lineText(n);
    let pos = 0;
    let col = 0;
    let matched = 0;
    // 1. The open containers this line continues.
    for (const c of this.containers) {
      if (c.kind === 'quote') {
        const ind = indentAt(line, pos, col);
        if (ind.col - col > 3 || line[ind.pos] !== '>') break;
        ({ pos, col } = pastQuoteMarker(line, ind));
      } else {
        if (blankFrom(line, pos)) {
          // A blank line continues an item, unless the item is still empty: one that begins with a blank line ends at the next.
          if (!c.item.started) break;
          matched++;
          continue;
        }
        const ind = indentAt(line, pos, col);
        if (ind.col < c.indent) break;
        // Consume the content indentation, no more.
        let p = pos;
        let k = col;
        while (k < c.indent && p < line.length) {
          k += line[p] === '\t' ? 4 - (k % 4) : 1;
          p++;
        }
        pos = p;
        col = k;
      }
      matched++;
    }
    const all = matched === this.containers.length;
    const leaf = this.leaf;
    let afterCode = false;
    /** A code fence or an HTML block with an end marker was left open by the containers this line does not continue. */
    let unclosed = false;
    // 2. Fenced code and HTML blocks go on while every container does.
    if (leaf?.kind === 'fence') {
      if (all) {
        const ind = indentAt(line, pos, col);
        const rest = line.slice(ind.pos);
        const close = ind.col - col <= 3 ? /^(`{3,}|~{3,})[ \t]*$/.exec(rest) : null;
        this.content(n);
        if (close && close[1][0] === leaf.char && close[1].length >= leaf.length) this.closeLeaf();
        return;
      }
      this.closeLeaf();
      unclosed = true;
    } else if (leaf?.kind === 'html') {
      if (all) {
        if (!leaf.end) {
          if (blankFrom(line, pos)) {
            this.closeLeaf();
            return;
          }
          this.content(n);
          return;
        }
        this.content(n);
        if (leaf.end.test(line.slice(pos))) this.closeLeaf();
        return;
      }
      this.closeLeaf();
      unclosed = leaf.end !== undefined;
    } else if (leaf?.kind === 'code') {
      // micromark: right after indented code, a list item must be able to interrupt a paragraph.
      afterCode = all;
      if (all) {
        if (blankFrom(line, pos)) return;
        const ind = indentAt(line, pos, col);
        if (ind.col - col >= 4) {
          this.content(n);
          return;
        }
      }
      this.closeLeaf();
    }
    // 3. New containers.
    let opened = false;
    const paragraph = this.leaf?.kind === 'paragraph' ? this.leaf : undefined;
    for (;;) {
      const ind = indentAt(line, pos, col);
      if (ind.col - col > 3) break;
      const rest = line.slice(ind.pos);
      if (rest[0] === '>') {
        this.openContainer(matched, opened);
        opened = true;
        this.started();
        this.containers.push({ kind: 'quote', lastLine: n });
        matched = this.containers.length;
        ({ pos, col } = pastQuoteMarker(line, ind));
        continue;
      }
      if (THEMATIC.test(rest)) break;
      const bullet = BULLET.exec(rest);
      const ordered = bullet ? null : ORDERED.exec(rest);
      const m = bullet ?? ordered;
      if (!m) break;
      const after = ind.pos + m[0].length;
      const empty = blankFrom(line, after);
      const continuing = (paragraph || afterCode) && all && !opened;
      if (continuing && (empty || (ordered && ordered[1] !== '1'))) break;
      // micromark: a block left open by the items that a new list item ends runs up to that item's line.
      if (unclosed && !opened) this.content(n);
      this.openContainer(matched, opened);
      opened = true;
      const markerCol = ind.col + m[0].length;
      let spaces = indentAt(line, after, markerCol);
      let indent = spaces.col;
      let contentPos = spaces.pos;
      if (empty || spaces.col - markerCol > 4 || spaces.col === markerCol) {
        // No content, or indented code after it: the content starts one column after the marker.
        indent = markerCol + 1;
        contentPos = Math.min(line.length, after + 1);
        spaces = { pos: contentPos, col: indent };
      }
      const root = this.containers.length === 0;
      const marker = bullet ? bullet[1] : ordered![2];
      if (root && this.pendingList && this.pendingList.marker !== marker) this.flushList();
      if (root && this.pendingList) this.pendingList = undefined;
      this.started();
      const item: LightItem = { type: 'item', line: n, endLine: n, root, started: false };
      this.containers.push({ kind: 'item', indent, item, marker, lastLine: n });
      this.emit({ type: 'item-start', item });
      matched = this.containers.length;
      pos = contentPos;
      col = spaces.col;
      if (empty) break;
    }
    // 4. The leaf.
    if (blankFrom(line, pos)) {
      if (!opened) this.closeContainers(matched);
      if (this.leaf?.kind === 'paragraph') this.closeLeaf();
      return;
    }
    if (!all && !opened) {
      // A lazy continuation line of a paragraph, or the end of the containers not continued.
      const lazy = indentAt(line, pos, col);
      if (paragraph && (lazy.col - col >= 4 || !this.interrupts(line.slice(lazy.pos)))) {
        if (lazy.col - col <= 3 && HTML_COMPLETE_TAG.test(line.slice(lazy.pos))) {
          // micromark: a complete tag on a lazy line is an HTML block in the open containers.
          this.closeLeaf();
          this.startLeaf({ kind: 'html', depth: this.containers.length }, n);
          return;
        }
        this.paragraphLine(paragraph, n, line, pos);
        return;
      }
      this.closeContainers(matched);
    }
    const depth = this.containers.length;
    const ind = indentAt(line, pos, col);
    const rest = line.slice(ind.pos);
    const open = this.leaf?.kind === 'paragraph' ? this.leaf : undefined;
    if (ind.col - col >= 4) {
      // Indented four columns or more: code, or the open paragraph's next line.
      if (open) this.paragraphLine(open, n, line, pos);
      else this.startLeaf({ kind: 'code', depth }, n);
      return;
    }
    const c = rest[0];
    const atx = c === '#' ? ATX.exec(rest) : null;
    if (atx) {
      this.closeLeaf();
      this.started();
      this.atx(n, line, ind.pos, atx[1].length, depth === 0);
      this.content(n);
      if (depth === 0) this.emit({ type: 'end', line: n });
      return;
    }
    const fence = c === '`' || c === '~' ? FENCE_OPEN.exec(rest) : null;
    if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
      this.closeLeaf();
      this.startLeaf({ kind: 'fence', depth, char: fence[1][0], length: fence[1].length, indent: ind.col - col }, n);
      return;
    }
    if (c === '<') {
      const withEnd = HTML_WITH_END.exec(rest);
      if (withEnd || HTML_BLOCK_TAG.test(rest) || (!open && HTML_COMPLETE_TAG.test(rest))) {
        this.closeLeaf();
        let end: RegExp | undefined;
        if (withEnd) {
          end = withEnd[1] ? new RegExp(`</(?:script|pre|style|textarea)>`, 'i') : withEnd[2] ? /-->/ : withEnd[3] ? /\?>/ : withEnd[4] ? />/ : /\]\]>/;
        }
        this.startLeaf({ kind: 'html', depth, end }, n);
        // The end condition may hold on the opening line itself (after the opening).
        // `<!-->` and `<!--->` are whole comments: the end is looked for right after `<!` (./blocks.ts).
        if (end && end.test(rest.slice(withEnd![2] ? withEnd![0].length - 2 : withEnd![0].length))) this.closeLeaf();
        return;
      }
    }
    // A setext underline needs text above it: under link reference definitions alone it is none.
    if (open && ind.col - col <= 3 && SETEXT.test(rest) && !open.paragraph.texts.every((t) => LINK_DEFINITION.test(t))) {
      this.setext(open, n, rest[0] === '=' ? 1 : 2);
      return;
    }
    if (THEMATIC.test(rest)) {
      this.closeLeaf();
      this.started();
      this.content(n);
      if (depth === 0) this.emit({ type: 'end', line: n });
      return;
    }
    if (open) {
      this.paragraphLine(open, n, line, pos);
      return;
    }
    const p: LightParagraph = { type: 'paragraph', topLevel: depth === 0, lines: [{ line: n, start: ind.pos, end: line.length }], texts: [rest], plain: '' };
    this.markFirst(p);
    this.leaf = { kind: 'paragraph', depth, paragraph: p };
    this.content(n);
  }

  /** An item whose first block this paragraph is. */
  private markFirst(p: LightParagraph): void {
    const c = this.containers[this.containers.length - 1];
    if (c?.kind === 'item' && !c.item.started) c.item.first = p;
    this.started();
  }

  private startLeaf(leaf: NonNullable<Leaf>, n: number): void {
    this.started();
    this.leaf = leaf;
    this.content(n);
  }

  private paragraphLine(open: Extract<Leaf, { kind: 'paragraph' }>, n: number, line: string, pos: number): void {
    open.paragraph.lines.push({ line: n, start: pos, end: line.length });
    open.paragraph.texts.push(line.slice(pos));
    this.content(n);
  }

  /** The open paragraph ends in a setext underline on line `n`: a heading of `depth`. */
  private setext(open: Extract<Leaf, { kind: 'paragraph' }>, n: number, depth: number): void {
    this.leaf = undefined;
    const p = open.paragraph;
    this.dropDefinitions(p);
    const startLine = p.lines[0].line;
    for (const c of this.containers) if (c.kind === 'item' && c.item.first === p) delete c.item.first;
    const reading = readInline(p.texts.join('\n'));
    this.scanIds(reading.masked, p.lines);
    this.content(n);
    this.rootLast = open.depth === 0 ? n : this.rootLast;
    this.emit({ type: 'heading', depth, line: startLine, endLine: n, text: oneLine(reading.plain), source: p.texts[0], sourceStart: p.lines[0].start, topLevel: open.depth === 0 });
    if (open.depth === 0) this.emit({ type: 'end', line: n });
  }

  /** New containers start on this line: the unmatched ones (and their leaf) end first, once. */
  private openContainer(matched: number, opened: boolean): void {
    if (opened) return;
    this.closeContainers(matched);
    this.closeLeaf();
  }
}

/**
 * Reads a whole text at once (see `LightReader`).
 * @param scanner the engine's identifier scanner.
 */
export function readLight(text: string, scanner: IdScanner): LightDocument {
  const reader = new LightReader(text, scanner);
  reader.advance();
  return reader.document();
}

// ---- the outline, as the builder reads it ------------------------------------

/** A section of the light outline (lines only: characters are 0). */
interface LightSection extends OutlineNode {
  /** Heading depth 1–6; undefined for a label line. */
  depth?: number;
  children: LightSection[];
}

const at = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: 0 } });

/** The WBS element a heading or paragraph's first line leads with (`wbsLead` of ./build.ts). */
function wbsLead(first: string, heading: boolean): { code: string; name: string } | undefined {
  const text = heading ? first.replace(/^\s*#{1,6}\s*/, '') : first;
  const m = WBS_LEAD.exec(text);
  if (!m) return undefined;
  const codeEnd = m.index + m[0].length;
  const after = text.slice(codeEnd);
  const lead = after.length - after.replace(/^[\s\-\u2013\u2014:.*_]+/, '').length;
  const body = after.slice(lead).replace(/[\s*_:#]+$/, '');
  return { code: m[1].replace(/^1\./, ''), name: body.replace(/\\(.)/g, '$1') };
}

/** Walks the light events as the builder walks the mdast (./build.ts `Builder`), keeping only lines. */
class OutlineWalker {
  readonly sections: LightSection[] = [];
  readonly definitions: IndexedDefinition[] = [];
  readonly leads: { code: string; line: number; character: number }[] = [];
  /** Lines read again on their own (between malformed headings), with what that reading found. */
  readonly reread: { from: number; to: number; doc: LightDocument }[] = [];
  title?: { text: string; line: number };
  period?: { period: Period; line: number };
  private readonly reportLabels: LabelIndex<TemplateSection>;
  private readonly combinedLabels: LabelIndex<CombinedSection>;
  private readonly subsectionLabels: LabelIndex<TemplateSubsection>;
  private readonly teamNames: Set<string>;
  private report?: LightSection;
  private teamsHost?: LightSection;
  private group?: LightSection;
  private team?: LightSection;
  private teamDepth = 0;
  private groupDepth = 0;
  private subsection?: LightSection;
  private wbsStack: LightSection[] = [];
  private topic?: LightSection;
  private seenReportSection = false;
  private titled = false;
  /** WBS bullets by item, popped when the item ends. */
  private readonly bullets = new Set<LightItem>();

  constructor(
    private readonly template: ReportTemplate,
    private readonly scanner: IdScanner,
  ) {
    this.reportLabels = new LabelIndex(template.sections);
    this.combinedLabels = new LabelIndex(template.combinedSections ?? []);
    this.subsectionLabels = new LabelIndex(template.teamSubsections);
    this.teamNames = new Set((template.teams ?? []).flatMap((t) => [t.name, ...(t.aliases ?? [])]).map(normalizeLabel));
  }

  /** What counts as structure (the builder's `structure`), for malformed headings. */
  private readonly structure: StructureMatcher = {
    heading: (text: string): StructureMatch | undefined => {
      const report = this.matchReport(text);
      if (report) return { kind: 'report', templateId: report.entry.id };
      const sub = this.subsectionLabels.matchLine(text, true);
      if (sub) return { kind: 'subsection', templateId: sub.entry.id };
      if (WBS_LEAD.test(text)) return { kind: 'wbs' };
      if (this.teamNames.has(normalizeLabel(text))) return { kind: 'team' };
      const plain = text.replace(/[*_]/g, '').trim();
      const period = findPeriodText(plain);
      if (period && period.form === 'words' && period.index === 0 && period.length === plain.length) return { kind: 'period' };
      return undefined;
    },
    labelLine: () => undefined,
  };

  walk(events: readonly LightEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'heading':
          this.heading(e.text, e.depth, e.line, e.endLine, e.source, e.sourceStart);
          break;
        case 'paragraph':
          if (e.topLevel) this.topParagraph(e);
          else this.paragraph(e, false);
          break;
        case 'item-start':
          this.itemStart(e.item);
          break;
        case 'item-end':
          if (this.bullets.delete(e.item)) this.wbsStack.pop();
          break;
        case 'end':
          this.extend(e.line);
          break;
      }
    }
  }

  // ---- sections (the builder's, by line) --------------------------------------

  private open(): LightSection[] {
    const out: LightSection[] = [];
    if (this.report) out.push(this.report);
    if (this.group) out.push(this.group);
    if (this.team) out.push(this.team);
    if (this.subsection) out.push(this.subsection);
    out.push(...this.wbsStack);
    if (this.topic) out.push(this.topic);
    return out;
  }

  private extend(line: number): void {
    for (const s of this.open()) s.range = { start: s.range.start, end: { line, character: 0 } };
  }

  private newSection(kind: SectionKind, title: string, line: number, endLine: number, depth?: number): LightSection {
    const section: LightSection = { kind, title, selectionRange: at(line), range: { start: at(line).start, end: { line: endLine, character: 0 } }, children: [] };
    if (depth !== undefined) section.depth = depth;
    return section;
  }

  private closeTeam(): void {
    this.team = undefined;
    this.subsection = undefined;
    this.wbsStack = [];
    this.topic = undefined;
  }

  private closeGroup(): void {
    this.closeTeam();
    this.group = undefined;
  }

  private container(): LightSection | undefined {
    return this.subsection ?? this.team ?? this.group ?? this.report;
  }

  private matchReport(text: string): { entry: TemplateSection; combinedIds: string[] } | undefined {
    const entry = this.reportLabels.match(text);
    if (entry) return { entry, combinedIds: [] };
    const combined = this.combinedLabels.match(text);
    const first = combined && this.template.sections.find((s) => s.id === combined.sections[0]);
    return first ? { entry: first, combinedIds: combined.sections.slice(1) } : undefined;
  }

  private addReportSection(entry: TemplateSection | undefined, title: string, line: number, endLine: number, depth: number | undefined, combinedIds: string[] = []): void {
    this.closeGroup();
    const section = this.newSection('report', title, line, endLine, depth);
    if (entry) section.templateId = entry.id;
    if (combinedIds.length > 0) section.combinedIds = combinedIds;
    this.sections.push(section);
    this.report = section;
    this.teamsHost = entry?.holdsTeams ? section : undefined;
    this.seenReportSection = true;
  }

  private markMember(team: LightSection): void {
    const group = groupOfTeam(this.template, team.title);
    if (group) team.memberOf = group.name;
    else delete team.memberOf;
  }

  private closesTeams(text: string, depth: number): boolean {
    if (depth < (this.teamsHost?.depth ?? 0)) return true;
    const words = normalizeLabel(text);
    return (this.template.afterTeams ?? []).some((w) => {
      const word = normalizeLabel(w);
      return words === word || words.startsWith(word + ' ');
    });
  }

  private startsAnotherTeam(text: string): boolean {
    const team = this.team;
    if (!team || !team.children.some((c) => c.kind === 'subsection')) return false;
    const name = normalizeLabel(text);
    return this.teamNames.has(name) && name !== normalizeLabel(team.title);
  }

  private promoteTopicToTeam(): boolean {
    if (this.team || this.group || this.subsection || !this.report) return false;
    const siblings = this.report.children;
    let i = siblings.length - 1;
    while (i >= 0 && siblings[i].kind === 'wbs') i--;
    const topic = siblings[i];
    if (!topic || topic.kind !== 'topic' || topic.depth === undefined) return false;
    if (this.subsectionLabels.matchLine(topic.title, true)) return false;
    const moved = siblings.splice(i + 1);
    topic.kind = 'team';
    this.markMember(topic);
    topic.children.push(...moved);
    if (moved.length > 0) topic.range = { start: topic.range.start, end: moved[moved.length - 1].range.end };
    this.topic = undefined;
    this.wbsStack = [];
    this.team = topic;
    this.teamDepth = topic.depth ?? 2;
    this.teamsHost = this.report;
    return true;
  }

  private addSubsection(entry: TemplateSubsection, title: string, line: number, endLine: number, depth: number | undefined): void {
    const owner = this.team ?? this.group;
    const section = this.newSection('subsection', title, line, endLine, depth);
    section.templateId = entry.id;
    this.wbsStack = [];
    this.topic = undefined;
    if (owner) owner.children.push(section);
    else (this.report?.children ?? this.sections).push(section);
    this.subsection = section;
  }

  private addWbs(mention: { code: string; name: string }, title: string, line: number, endLine: number, depth: number | undefined): LightSection {
    const section = this.newSection('wbs', title, line, endLine, depth);
    section.wbs = mention;
    this.topic = undefined;
    while (this.wbsStack.length > 0 && !mention.code.startsWith(this.wbsStack[this.wbsStack.length - 1].wbs!.code + '.')) this.wbsStack.pop();
    const parent = this.wbsStack[this.wbsStack.length - 1] ?? this.container();
    (parent?.children ?? this.sections).push(section);
    this.wbsStack.push(section);
    return section;
  }

  private addTeamHeading(title: string, line: number, endLine: number, depth: number): void {
    const team = this.team;
    if (team && depth > this.teamDepth && !this.group && team.children.length === 0) {
      team.kind = 'group';
      delete team.memberOf;
      this.group = team;
      this.groupDepth = this.teamDepth;
      this.closeTeam();
    } else if (this.group && depth <= this.groupDepth) {
      this.closeGroup();
    } else {
      this.closeTeam();
    }
    const section = this.newSection('team', title, line, endLine, depth);
    if (!this.group) this.markMember(section);
    (this.group ?? this.teamsHost)!.children.push(section);
    this.team = section;
    this.teamDepth = depth;
  }

  private addTopic(title: string, line: number, endLine: number, depth: number | undefined): void {
    const section = this.newSection('topic', title, line, endLine, depth);
    const parent = this.wbsStack[this.wbsStack.length - 1] ?? this.container();
    if (!parent) return;
    parent.children.push(section);
    this.topic = section;
  }

  private periodHeading(text: string, line: number): boolean {
    const period = parsePeriodText(text);
    if (!period) return false;
    this.period = { period, line };
    return true;
  }

  // ---- blocks ------------------------------------------------------------------

  private heading(text: string, depth: number, line: number, endLine: number, source: string, sourceStart: number): void {
    const report = this.matchReport(text);
    if (!this.titled) {
      this.titled = true;
      if (!report && !this.seenReportSection) {
        this.title = { text, line };
        this.periodHeading(text, line);
        return;
      }
    } else if (!this.period && !this.team && !this.seenReportSection && this.periodHeading(text, line)) {
      return;
    }
    if (report && (!this.teamsHost || !this.team || depth <= (this.teamsHost.depth ?? 6))) {
      this.addReportSection(report.entry, text, line, endLine, depth, report.combinedIds);
      return;
    }
    const wbs = wbsLead(source, true);
    if (wbs) {
      this.addWbs(wbs, text, line, endLine, depth);
      this.lead(wbs, line, source, sourceStart, true);
      return;
    }
    const sub = this.subsectionLabels.matchLine(text, true);
    if (sub && (this.team || this.group || this.teamsHost || this.promoteTopicToTeam())) {
      this.addSubsection(sub.entry, text, line, endLine, depth);
      return;
    }
    if (this.teamsHost && (!this.team || depth <= this.teamDepth) && this.closesTeams(text, depth)) {
      this.addReportSection(undefined, text, line, endLine, depth);
      return;
    }
    if (this.teamsHost && (!this.team || depth <= this.teamDepth || this.team.children.length === 0 || this.startsAnotherTeam(text))) {
      if (!this.team || depth <= this.teamDepth || !this.group || this.startsAnotherTeam(text)) {
        this.addTeamHeading(text, line, endLine, depth);
        return;
      }
    }
    this.addTopic(text, line, endLine, depth);
  }

  /** A WBS element's lead code, recorded as a WBS code of the text when the scan did not find it there (`scanWithLead`). */
  private lead(wbs: { code: string }, line: number, source: string, sourceStart: number, heading: boolean): void {
    const text = heading ? source.replace(/^\s*#{1,6}\s*/, '') : source;
    const m = WBS_LEAD.exec(text)!;
    const character = sourceStart + source.length - text.length + m.index + m[0].length - m[1].length;
    this.leads.push({ code: wbs.code, line, character });
  }

  /**
   * A paragraph at the top of the document: split at the lines that are malformed headings
   * (the builder's `malformedParagraph`), each part read on its own.
   */
  private topParagraph(p: LightParagraph): void {
    const found = p.texts.map((t) => malformedHeading(t, this.structure));
    if (!found.some((m) => m)) {
      this.paragraph(p, true);
      return;
    }
    let from = 0;
    const part = (to: number) => {
      // The lines between, read on their own (an indented line there is code), as the builder parses them again.
      const text = p.texts.slice(from, to).join('\n');
      if (text.trim() === '') return;
      const nested = readLight(text, this.scanner);
      const first = p.lines[from];
      shiftDocument(nested, first.line, first.start);
      this.reread.push({ from: first.line, to: p.lines[to - 1].line, doc: nested });
      this.walk(nested.events);
    };
    found.forEach((m, i) => {
      if (!m) return;
      part(i);
      const body = p.texts[i].slice(m.textStart, m.textEnd);
      const line = p.lines[i].line;
      this.heading(oneLine(readInline(body).plain), m.markerEnd - m.markerStart, line, line, p.texts[i].slice(m.markerStart), p.lines[i].start + m.markerStart);
      this.extend(line);
      from = i + 1;
    });
    part(p.texts.length);
  }

  private paragraph(p: LightParagraph, topLevel: boolean): void {
    const first = p.texts[0];
    const plain = firstLine(p.plain);
    const line = p.lines[0].line;
    if (topLevel && !this.team && !this.group && BOLD_LINE.test(first)) {
      const report = this.matchReport(plain);
      if (report) {
        this.addReportSection(report.entry, plain.trim(), line, line, undefined, report.combinedIds);
        return;
      }
    }
    const sub = topLevel ? this.subsectionLabels.matchLine(plain) : undefined;
    if (this.team || this.group || this.teamsHost || (sub && this.promoteTopicToTeam())) {
      const wbs = wbsLead(first, false);
      if (wbs && topLevel) {
        this.addWbs(wbs, plain.trim(), line, line, undefined);
        this.lead(wbs, line, first, p.lines[0].start, false);
        return;
      }
      if (sub) {
        this.addSubsection(sub.entry, plain.trim(), line, line, undefined);
        return;
      }
    }
    if (topLevel && p.lines.length === 1) this.definition(p);
  }

  private definition(p: LightParagraph): void {
    const src = p.texts[0];
    const m = DEFINITION.exec(src.trim());
    if (!m || !this.scanner.isTicketKey(m[1].split('-')[0]) || invalidTicketNumber(m[2])) return;
    const title = m[3].replace(/\s*\.$/, '').replace(/\\(.)/g, '$1');
    const at = p.lines[0];
    this.definitions.push({ id: m[1], title, range: { start: { line: at.line, character: at.start }, end: { line: at.line, character: at.end } } });
  }

  private itemStart(item: LightItem): void {
    const first = item.first;
    const wbs = first && (this.team || this.group) ? wbsLead(first.texts[0], false) : undefined;
    if (!wbs || !first) return;
    const section = this.addWbs(wbs, firstLine(first.plain).trim(), first.lines[0].line, first.lines[0].line, undefined);
    section.range = { start: at(item.line).start, end: { line: item.endLine, character: 0 } };
    this.lead(wbs, first.lines[0].line, first.texts[0], first.lines[0].start, false);
    this.bullets.add(item);
  }
}

/** Moves what a reader found in a piece of text to where the piece is: from 0-based line `line`, its first line from character `character`. */
function shiftDocument(doc: LightDocument, line: number, character: number): void {
  const range = (r: Range) => {
    for (const p of [r.start, r.end]) {
      if (p.line === 0) p.character += character;
      p.line += line;
    }
  };
  for (const m of [...doc.mentions, ...doc.documents, ...doc.wbsCodes]) range(m.range);
  for (const e of doc.events) {
    if (e.type === 'paragraph') {
      for (const l of e.lines) {
        if (l.line === 0) {
          l.start += character;
          l.end += character;
        }
        l.line += line;
      }
    } else if (e.type === 'heading') {
      if (e.line === 0) e.sourceStart += character;
      e.line += line;
      e.endLine += line;
    } else if (e.type === 'item-start') {
      e.item.line += line;
      e.item.endLine += line;
    } else if (e.type === 'end') e.line += line;
  }
}


/**
 * The opening of a report as `readOpening` (./build.ts) reads it with `template`: the period
 * heading's period, and the first report-level section when only the title and the period
 * heading come before it — for the engine's choice of a built-in template. Reads only the
 * headings and bold label lines at the top of the document. Never throws.
 */
export function lightOpening(doc: LightDocument, template: ReportTemplate): ReportOpening {
  const reports = new LabelIndex(template.sections);
  const combined = new LabelIndex(template.combinedSections ?? []);
  const matchReport = (text: string) => {
    const entry = reports.match(text);
    if (entry) return entry;
    const c = combined.match(text);
    return c && template.sections.find((s) => s.id === c.sections[0]);
  };
  const out: ReportOpening = {};
  let other = false;
  let titled = false;
  let period: Period | undefined;
  const done = (): ReportOpening => {
    if (period) out.period = period;
    return out;
  };
  for (const e of doc.events) {
    if (e.type === 'heading' && e.topLevel) {
      const report = matchReport(e.text);
      if (!titled) {
        titled = true;
        if (!report) {
          period = parsePeriodText(e.text);
          continue;
        }
      } else if (!period && (period = parsePeriodText(e.text))) continue;
      if (report) {
        if (!other) out.firstSection = report.id;
        return done();
      }
      other = true;
      if (period) return done();
    } else if (e.type === 'paragraph' && e.topLevel && BOLD_LINE.test(e.texts[0])) {
      const report = matchReport(firstLine(e.plain));
      if (report) {
        if (!other) out.firstSection = report.id;
        return done();
      }
    }
  }
  return done();
}

/**
 * Builds the index entry of a report read by the light scanner, a few events at a time
 * (`advance`), so that a caller can yield between slices; `indexEntry` does it at once.
 */
export class EntryBuilder {
  private readonly walker: OutlineWalker;
  private next = 0;

  /**
   * @param template the engine's choice for the report (see `lightOpening`).
   * @param uri the report's URI: its path may give the period.
   */
  constructor(
    private readonly doc: LightDocument,
    private readonly template: ReportTemplate,
    scanner: IdScanner,
    private readonly uri?: string,
  ) {
    this.walker = new OutlineWalker(template, scanner);
  }

  /**
   * Reads up to `events` more of the document's events into the outline.
   * @returns true when all are read (then `entry` may be called).
   */
  advance(events = Infinity): boolean {
    const all = this.doc.events;
    const stop = Math.min(all.length, this.next + events);
    this.walker.walk(all.slice(this.next, stop));
    this.next = stop;
    return this.next >= all.length;
  }

  /** The entry; call once `advance` returned true. */
  entry(): ReportIndexEntry {
    const { doc, walker } = this;
    const definitions = walker.definitions.sort((a, b) => a.range.start.line - b.range.start.line);
    // What was read again on its own replaces the first reading of those lines.
    const kept = <T extends { range: Range }>(list: readonly T[], nested: (d: LightDocument) => readonly T[]): T[] => {
      if (walker.reread.length === 0) return [...list];
      const out = list.filter((x) => !walker.reread.some((r) => x.range.start.line >= r.from && x.range.start.line <= r.to));
      for (const r of walker.reread) out.push(...nested(r.doc));
      return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    };
    const found = { mentions: kept(doc.mentions, (d) => d.mentions), documents: kept(doc.documents, (d) => d.documents), wbsCodes: kept(doc.wbsCodes, (d) => d.wbsCodes) };
    const defined = new Set(definitions.map((d) => `${d.id} ${d.range.start.line}`));
    const mentions = found.mentions.map((m) => ({ ...m, definition: defined.has(`${m.id} ${m.range.start.line}`) }));
    const wbsCodes = found.wbsCodes;
    const codeStarts = new Set(wbsCodes.map((w) => `${w.range.start.line} ${w.range.start.character}`));
    let added = false;
    for (const lead of walker.leads) {
      if (!codeStarts.has(`${lead.line} ${lead.character}`)) {
        wbsCodes.push({ code: lead.code, range: { start: { line: lead.line, character: lead.character }, end: { line: lead.line, character: lead.character + lead.code.length } } });
        added = true;
      }
    }
    if (added) wbsCodes.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    // The candidates for planned items; their text is read only for the few inside planned sections.
    const blocks: RootBlock[] = [];
    const block = (kind: RootBlock['kind'], line: number, endLine: number, p: LightParagraph | undefined): RootBlock => ({
      kind,
      line,
      endLine,
      get text() {
        return p ? oneLine(p.plain) : '';
      },
    });
    for (const e of doc.events) {
      if (e.type === 'paragraph' && e.topLevel) blocks.push(block('paragraph', e.lines[0].line, e.lines[e.lines.length - 1].line, e));
      else if (e.type === 'item-end' && e.item.root) blocks.push(block('item', e.item.line, e.item.endLine, e.item.first));
    }
    const fm = doc.frontMatter?.period;
    return detached(deriveEntry({
      template: this.template,
      uri: this.uri,
      sections: walker.sections,
      blocks,
      mentions,
      definitions,
      documents: found.documents,
      wbsCodes,
      ...(walker.title ? { title: walker.title } : {}),
      ...(fm ? { frontMatterPeriod: { period: fm.value, line: fm.range.start.line } } : {}),
      ...(walker.period ? { headingPeriod: walker.period } : {}),
      lineCount: doc.lineCount,
    }));
  }
}

/**
 * A string of its own: V8 keeps a substring of 13 characters or more as a view of the string it
 * was taken from (here, the whole report), which would keep the text alive as long as the index.
 */
function own(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** The entry with its longer texts (names, titles, item texts) copied out of the report's text. */
function detached(entry: ReportIndexEntry): ReportIndexEntry {
  if (entry.title) entry.title.text = own(entry.title.text);
  for (const d of entry.definitions) d.title = own(d.title);
  for (const t of entry.teams) {
    t.name = own(t.name);
    if (t.group !== undefined) t.group = own(t.group);
  }
  for (const w of entry.wbs) {
    w.name = own(w.name);
    if (w.team !== undefined) w.team = own(w.team);
  }
  for (const p of entry.planned) {
    if (p.team !== undefined) p.team = own(p.team);
    for (const item of p.items) item.text = own(item.text);
  }
  for (const d of entry.documents) d.handle = own(d.handle);
  return entry;
}

/**
 * The index entry of a report read by the light scanner, at once (see `EntryBuilder`).
 * @param template the engine's choice for the report (see `lightOpening`).
 * @param uri the report's URI: its path may give the period.
 */
export function indexEntry(doc: LightDocument, template: ReportTemplate, scanner: IdScanner, uri?: string): ReportIndexEntry {
  const builder = new EntryBuilder(doc, template, scanner, uri);
  builder.advance();
  return builder.entry();
}
