/**
 * Builds the report model (./types.ts) from a parsed document (./parse.ts).
 *
 * Sections are recognised by label, not by heading depth:
 * - report-level sections by the template's labels (`High-level Summary/Status`, `# Risk Management`);
 * - team subsections by label, whether a heading (`#### Planned activities: (for May 2017)`)
 *   or a paragraph on its own line (`Current accomplishments:`, `Recruitment update: N/A`);
 * - WBS elements by a leading code, in headings, label paragraphs and bullets, nested by code;
 * - teams: inside the section that holds teams, a heading that is neither a label nor a WBS
 *   element starts a team when it is no deeper than the current team's heading; a deeper one
 *   is a topic, unless the current team has no subsection or WBS element yet, in which case
 *   the current team becomes a group (LSST Program Office) and the heading a team inside it,
 *   or it names another team of the template's `teams` after the current team's subsections
 *   (`### Princeton University` after UW's `### Recruitment update`: a team at any depth);
 *   a team at top level that the template's `groups` name counts as in its group (`memberOf`);
 * - the title: the first heading, unless a section came before it or it is a section itself
 *   (`# Accomplishments this period`, `# High-level Summary`: then the report has no title);
 * - the period: the title's, or that of a heading between the title and the first section.
 */
import type { Heading, List, Nodes, Paragraph, PhrasingContent, RootContent } from 'mdast';
import { isMap, isScalar, parseDocument as parseYamlDocument, type Node as YamlNode } from 'yaml';
import { toString } from 'mdast-util-to-string';
import type { Position, Range } from 'vscode-languageserver-types';
import { parsePiece, type ParsedDocument, type PieceParser, type PlacedBlock } from './parse';
import { malformedHeading, readUnclosedBlock, type StructureMatcher } from './blocks';
import { invalidTicketNumber, type IdScanner } from './ids';
import { groupOfTeam, LabelIndex, normalizeLabel, type CombinedSection, type ReportTemplate, type TemplateSection, type TemplateSubsection } from './template';
import type { FrontMatter, LabelStyle, ReportModel, ReportPeriod, Section, StructureMatch, TicketMention, WbsMention } from './types';
import { findPeriodText, parsePeriodText, parseYearMonth, samePeriod, type Period } from './periods';
import { firstLine, hasLineBreak, lineStartOffsets, splitLines, withoutLineBreak, lineAt } from './lines';
import { BLOCK_LISTS, emptyLists, shiftRange, type BlockLists, type BlockModelCache, type ModelChunk, type ModelSlice, type TreeOp } from './blockModels';

/** What the builder needs besides the parse. */
export interface BuildContext {
  /** The template whose labels name the report sections and team subsections. */
  template: ReportTemplate;
  /** Finds tickets, document handles and WBS codes in text. */
  scanner: IdScanner;
  /** Which document series are known (the document catalog, `DocumentCatalog`). */
  documents: { isKnownSeries(series: string): boolean };
  /** The front matter as `readFrontMatter` read it (the engine reads it first, to choose the template). */
  frontMatter?: FrontMatter;
  /**
   * How the builder parses a piece it reads again (the lines around a malformed heading, what an
   * unclosed block hides); default remark in this thread. The engine's keeps the parse budget.
   */
  parse?: PieceParser;
}

/** A WBS code that leads a heading, label line or bullet (`02C.03.01 …`, `**1.02C.03**`): a WBS element. */
export const WBS_LEAD = /^\s*(?:\*\*|__)?\s*((?:1\.)?02C(?:\.\d{2})*)(?![\p{L}\p{N}_]|\.\d)/u;
/** A ticket definition line: `DM-9656 Replanning, Commissioning, Operations Planning (S17b)` (the paragraph's trimmed text). */
export const DEFINITION = /^([A-Z][A-Z0-9_]*-(\d+))\s*[:\u2013\u2014-]?\s+(\S.{0,150})$/;
/** The `#` run that opens an ATX heading line, after at most 3 spaces. */
const ATX_MARKER = /^( {0,3})(#{1,6})(?=[ \t]|\r?$)/;
/** A paragraph whose first line is only bold text (`**High-level Summary:**`): it may be a report-level label. */
export const BOLD_LINE = /^\s*(\*\*|__)[^*_]+\1\s*$/;
/** The `#` run of a malformed heading line (`####\u00a0Planned activities:`, `##High-level Summary`). */
const MALFORMED_MARKER = /^( {0,3})(#{1,6})(?!#)/;
/** Deepest list/blockquote nesting whose content is read; deeper content is ignored. */
const MAX_NESTING = 1000;

/** A unist point (1-based line and column, 0-based offset). */
type Point = NonNullable<Nodes['position']>['start'];

/** Caches line starts per parsed block (blocks are shared across versions). */
const lineStartsCache = new WeakMap<object, number[]>();

function lineStarts(text: string, key: object): number[] {
  let starts = lineStartsCache.get(key);
  if (!starts) {
    starts = lineStartOffsets(text);
    lineStartsCache.set(key, starts);
  }
  return starts;
}

/**
 * Reads the YAML front matter of a parsed document (the `yaml` node that
 * remark-frontmatter puts first in the first block), with the `yaml` library.
 * Only `template` and `period` are read; other keys are ignored.
 *
 * @returns undefined when the document has no front matter; otherwise its
 *   range, the values read (with the 0-based ranges of their text) and what
 *   could not be read (invalid YAML, `period: May 2017`, `template: 3`).
 *   Never throws.
 */
export function readFrontMatter(parsed: ParsedDocument): FrontMatter | undefined {
  const first = parsed.blocks[0];
  const node = first?.block.nodes[0];
  if (!first || first.startOffset !== 0 || node?.type !== 'yaml') return undefined;
  return frontMatterOf(first.block.text, node.position!.start.offset!, node.position!.end.offset!, lineStarts(first.block.text, first.block));
}

/**
 * Reads the front matter that spans `text` from `nodeStart` (its opening `---`) to `nodeEnd`
 * (the end of its closing `---` line), as `readFrontMatter` does; for a reader that found the
 * fences itself (../model/lightScan.ts).
 * @param starts the line starts of `text` (`lineStartOffsets`).
 * @returns its range, values and problems (0-based LSP ranges in `text`). Never throws.
 */
export function frontMatterOf(text: string, nodeStart: number, nodeEnd: number, starts: readonly number[] = lineStartOffsets(text)): FrontMatter {
  const at = (offset: number): Position => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    return { line, character: offset - starts[line] };
  };
  // The lines between the opening and the closing `---` (line breaks: CR, LF or CRLF).
  const nodeLine = at(nodeStart).line;
  const lastLine = at(nodeEnd).line;
  const contentStart = starts[nodeLine + 1] ?? nodeEnd;
  const contentEnd = Math.max(contentStart, starts[lastLine]);
  // Without the line break before the closing `---`: an error at the end of the YAML is on its last line.
  const content = withoutLineBreak(text.slice(contentStart, contentEnd));
  // YAML's error positions may run past the content (into the line break): they end with it.
  const range = (from: number, to: number): Range => {
    const start = Math.min(from, content.length);
    return { start: at(contentStart + start), end: at(contentStart + Math.min(Math.max(start, to), content.length)) };
  };
  const front: FrontMatter = { range: { start: at(nodeStart), end: at(nodeEnd) }, problems: [] };
  // YAML knows no bare CR line break: read it as LF (same length, so the offsets stay).
  const doc = parseYamlDocument(content.replace(/\r(?!\n)/g, '\n'), { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    front.problems.push({ message: `The front matter is not valid YAML: ${e.message.split('\n')[0]}`, range: range(e.pos[0], e.pos[1]) });
    return front;
  }
  if (!isMap(doc.contents)) {
    if (doc.contents !== null) front.problems.push({ message: 'The front matter must be a YAML mapping (key: value lines).', range: front.range });
    return front;
  }
  const where = (n: YamlNode | null | undefined) => (n?.range ? range(n.range[0], n.range[1]) : front.range);
  const template = doc.get('template', true) as YamlNode | undefined;
  if (template !== undefined) {
    const path = isMap(template) ? (template.get('path', true) as YamlNode | undefined) : undefined;
    if (isScalar(template) && typeof template.value === 'string' && template.value.trim() !== '') {
      front.template = { value: template.value.trim(), range: where(template) };
    } else if (isMap(template) && template.items.length === 1 && isScalar(path) && typeof path.value === 'string' && path.value.trim() !== '') {
      front.template = { value: { path: path.value.trim() }, range: where(path) };
    } else {
      front.problems.push({ message: 'Front matter "template" must be a template name (dm-monthly-2017) or {path: FILE}.', range: where(template) });
    }
  }
  const period = doc.get('period', true) as YamlNode | undefined;
  if (period !== undefined) {
    const value = isScalar(period) ? parseYearMonth(String(period.value)) : undefined;
    if (value) front.period = { value, range: where(period) };
    else front.problems.push({ message: 'Front matter "period" must be a year and month, YYYY-MM (2017-05).', range: where(period) });
  }
  return front;
}

/**
 * The 0-based UTF-16 offsets where the lines of a parsed document start, as
 * `lineStartOffsets(parsed.text)` gives them (CR, LF and CRLF each end a line),
 * from the blocks' line starts (kept per block: a new version costs the number
 * of lines, not a scan of the text).
 */
export function documentLineStarts(parsed: ParsedDocument): number[] {
  const out: number[] = [];
  const blocks = parsed.blocks;
  if (blocks.length === 0) return lineStartOffsets(parsed.text);
  blocks.forEach((placed, i) => {
    const starts = lineStarts(placed.block.text, placed.block);
    // A block that ends with a line break ends with the next block's start: that one is the next block's first.
    const n = i < blocks.length - 1 && starts[starts.length - 1] === placed.block.text.length ? starts.length - 1 : starts.length;
    for (let k = 0; k < n; k++) out.push(placed.startOffset + starts[k]);
  });
  return out;
}

/**
 * The UTF-16 offset in the document of a position of the model (0-based line
 * and character, lines split at `\n`), through the blocks' cached line starts.
 */
function offsetAt(parsed: ParsedDocument, p: Position): number {
  const blocks = parsed.blocks;
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].startLine <= p.line) lo = mid;
    else hi = mid - 1;
  }
  const placed = blocks[lo];
  const starts = lineStarts(placed.block.text, placed.block);
  return placed.startOffset + starts[Math.min(p.line - placed.startLine, starts.length - 1)] + p.character;
}

/**
 * Whether a UTF-16 code unit is white space as JavaScript's `\s` reads it (white space and line
 * terminators: tab, LF, VT, FF, CR, U+FEFF and the Unicode space separators, U+2028, U+2029),
 * without a regular expression per character.
 */
function isWhiteSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether `text` between two offsets (either order) holds only whitespace and
 * HTML comments; a `<!--` with no `-->` before the end runs to the end.
 */
function blankBetween(text: string, a: number, b: number): boolean {
  const to = Math.max(a, b);
  for (let i = Math.min(a, b); i < to; ) {
    if (isWhiteSpace(text.charCodeAt(i))) i++;
    else if (i + 4 <= to && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0 || close + 3 > to) return true;
      i = close + 3;
    } else return false;
  }
  return true;
}

/** Mutable state while walking one document. */
class Builder {
  readonly model: ReportModel;
  private readonly reportLabels: LabelIndex<TemplateSection>;
  private readonly combinedLabels: LabelIndex<CombinedSection>;
  private readonly subsectionLabels: LabelIndex<TemplateSubsection>;

  // Current block, for offset → position.
  private block!: PlacedBlock;
  private starts!: number[];

  // Open sections, outermost first.
  private report?: Section;
  private teamsHost?: Section;
  private group?: Section;
  private team?: Section;
  private teamDepth = 0;
  private groupDepth = 0;
  private subsection?: Section;
  private wbsStack: Section[] = [];
  private topic?: Section;
  private seenReportSection = false;
  /** Whether the first heading was read (it is the title unless it is a section). */
  private titled = false;
  /** Current list/blockquote nesting depth. */
  private nesting = 0;

  constructor(
    private readonly ctx: BuildContext,
    version: number,
    lineCount: number,
  ) {
    this.model = {
      version,
      sections: [],
      tickets: [],
      ticketDefinitions: [],
      malformedTickets: [],
      invalidTickets: [],
      documents: [],
      wbs: [],
      links: [],
      malformedHeadings: [],
      literalBlocks: [],
      lineCount,
    };
    if (ctx.frontMatter) this.model.frontMatter = ctx.frontMatter;
    this.reportLabels = new LabelIndex(ctx.template.sections);
    this.combinedLabels = new LabelIndex(ctx.template.combinedSections ?? []);
    this.subsectionLabels = new LabelIndex(ctx.template.teamSubsections);
    this.teamNames = new Set((ctx.template.teams ?? []).flatMap((t) => [t.name, ...(t.aliases ?? [])]).map(normalizeLabel));
  }

  /** The 0-based line of the malformed heading being read as a heading, if any (see `malformedParagraph`). */
  private malformedLine?: number;

  /** The template's teams (names and aliases, normalised), for `structure`. */
  private readonly teamNames: Set<string>;

  /**
   * What counts as structure in a heading's text or a label line (for malformed headings and
   * the headings an unclosed block hides): the template's section and subsection labels, its
   * teams, WBS elements, and a heading that is just a period in words (`April 2017`).
   */
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
    labelLine: (line: string): StructureMatch | undefined => {
      if (BOLD_LINE.test(line)) {
        const report = this.matchReport(line);
        if (report) return { kind: 'report', templateId: report.entry.id };
      }
      const sub = this.subsectionLabels.matchLine(line.replace(/^\s*(\*\*|__)(.*?)\1/, '$2'));
      return sub ? { kind: 'subsection', templateId: sub.entry.id } : undefined;
    },
  };

  // ---- positions -----------------------------------------------------------

  /** Document position of a block-relative UTF-16 offset. */
  private pos(offset: number): Position {
    const starts = this.starts;
    const lo = lineAt(starts, offset);
    return { line: this.block.startLine + lo, character: offset - starts[lo] };
  }

  private nodeRange(node: Nodes): Range {
    const p = node.position!;
    return { start: this.pos(p.start.offset!), end: this.pos(p.end.offset!) };
  }

  /** The text of a 0-based document line of the current block, with its line break (none on the last line). */
  private lineText(line: number): string {
    const i = line - this.block.startLine;
    const text = this.block.block.text;
    return text.slice(this.starts[i], this.starts[i + 1] ?? text.length);
  }

  /**
   * The range of a subsection label's words on its line (see `Section.labelRange`):
   * the longest run of words from the line's first that normalises to one of the entry's labels.
   */
  private labelWords(line: number, entry: TemplateSubsection): Range | undefined {
    const text = withoutLineBreak(this.lineText(line));
    const words = /[\p{L}\p{N}][\p{L}\p{N}'’/-]*/gu;
    const starts: { index: number; end: number }[] = [];
    for (let m = words.exec(text); m; m = words.exec(text)) starts.push({ index: m.index, end: m.index + m[0].length });
    const wanted = new Set([entry.label, ...entry.aliases].map(normalizeLabel));
    const labels = [...wanted];
    for (let n = starts.length; n >= 1; n--) {
      const first = starts[0];
      const last = starts[n - 1];
      // A run normalises to a text that ends with its last word, lowercased (normalising never reaches into a
      // word at the end): only runs that end with a label's last word are normalised whole (a long line stays linear).
      const tail = normalizeLabel(text.slice(last.index, last.end));
      if (!labels.some((l) => l.endsWith(tail))) continue;
      if (wanted.has(normalizeLabel(text.slice(first.index, last.end)))) {
        return { start: { line, character: first.index }, end: { line, character: last.end } };
      }
    }
    return undefined;
  }

  private source(node: Nodes): string {
    const p = node.position!;
    return this.block.block.text.slice(p.start.offset!, p.end.offset!);
  }

  // ---- section tree --------------------------------------------------------

  /** Every open section, innermost last. */
  private open(): Section[] {
    const out: Section[] = [];
    if (this.report) out.push(this.report);
    if (this.group) out.push(this.group);
    if (this.team) out.push(this.team);
    if (this.subsection) out.push(this.subsection);
    out.push(...this.wbsStack);
    if (this.topic) out.push(this.topic);
    return out;
  }

  /** Extends every open section to `end`. */
  private extend(end: Position): void {
    for (const s of this.open()) s.range = { start: s.range.start, end };
  }

  private newSection(kind: Section['kind'], title: string, range: Range, style: LabelStyle): Section {
    const section: Section = { kind, title, selectionRange: range, range: { start: range.start, end: range.end }, style, children: [], blank: true };
    if (style.form === 'heading') {
      const line = range.start.line;
      // A malformed heading's `#` run is its marker too (heading-level moves it like any other).
      const m = (line === this.malformedLine ? MALFORMED_MARKER : ATX_MARKER).exec(this.lineText(line));
      if (m) section.atxMarker = { start: { line, character: m[1].length }, end: { line, character: m[1].length + m[2].length } };
    }
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

  /** The innermost open container for a WBS element or topic. */
  private container(): Section | undefined {
    return this.subsection ?? this.team ?? this.group ?? this.report;
  }

  /**
   * Opens a report-level section: one of the template's (`entry`), or, with
   * no entry, a section outside the template that ends the teams (an appendix).
   */
  private addReportSection(entry: TemplateSection | undefined, title: string, range: Range, style: LabelStyle, combinedIds: string[] = []): void {
    this.closeGroup();
    const section = this.newSection('report', title, range, style);
    if (entry) section.templateId = entry.id;
    if (combinedIds.length > 0) section.combinedIds = combinedIds;
    this.model.sections.push(section);
    this.report = section;
    this.teamsHost = entry?.holdsTeams ? section : undefined;
    this.seenReportSection = true;
  }

  /**
   * The report-level section a label names: one of the template's sections by its label
   * or an alias, or a combined heading (`Community Interactions, Meetings and Workshops`)
   * as its first section with the ids of the others.
   */
  private matchReport(text: string): { entry: TemplateSection; combinedIds: string[] } | undefined {
    const entry = this.reportLabels.match(text);
    if (entry) return { entry, combinedIds: [] };
    const combined = this.combinedLabels.match(text);
    const first = combined && this.ctx.template.sections.find((s) => s.id === combined.sections[0]);
    return first ? { entry: first, combinedIds: combined.sections.slice(1) } : undefined;
  }

  /** The group of a team heading at top level, by the template's `groups`: recorded on the team (`memberOf`). */
  private markMember(team: Section): void {
    const group = groupOfTeam(this.ctx.template, team.title);
    if (group) team.memberOf = group.name;
    else delete team.memberOf;
  }

  /**
   * Whether a non-label heading at team level ends the teams: it is shallower
   * than the section that holds them, or its title starts with one of the
   * template's words for what follows the teams (`Appendix`, `Acronyms`, …).
   */
  private closesTeams(text: string, depth: number): boolean {
    if (depth < (this.teamsHost?.style.depth ?? 0)) return true;
    const words = normalizeLabel(text);
    return (this.ctx.template.afterTeams ?? []).some((w) => {
      const word = normalizeLabel(w);
      return words === word || words.startsWith(word + ' ');
    });
  }

  /**
   * Whether a heading deeper than the current team's heading is nevertheless the next team:
   * its text names a team of the template (`teams`: a name or an alias) other than the
   * current team's title, and the current team already has a subsection — `### Princeton
   * University` one level too deep after University of Washington's `### Recruitment update`
   * starts Princeton's section, it is no topic of UW's.
   */
  private startsAnotherTeam(text: string): boolean {
    const team = this.team;
    if (!team || !team.children.some((c) => c.kind === 'subsection')) return false;
    const name = normalizeLabel(text);
    return this.teamNames.has(name) && name !== normalizeLabel(team.title);
  }

  /**
   * A subsection label with no team around it: the heading it sits under (the
   * open topic) is a team whose host section is missing or mislabelled
   * (`## Detailed Project Progress and Status` deleted). Promotes that topic
   * to a team, and its report section to the host of the teams that follow.
   * @returns whether there now is a team.
   */
  private promoteTopicToTeam(): boolean {
    if (!this.promotable()) return false;
    this.op(['promote']);
    return true;
  }

  /** The index of the topic `promoteTopicToTeam` would promote in the report section's children; -1 for none. */
  private promotableIndex(): number {
    if (this.team || this.group || this.subsection || !this.report) return -1;
    // The last heading topic of the report section, possibly followed by WBS elements (which are not topics' children).
    const siblings = this.report.children;
    let i = siblings.length - 1;
    while (i >= 0 && siblings[i].kind === 'wbs') i--;
    const topic = siblings[i];
    if (!topic || topic.kind !== 'topic' || topic.style.form !== 'heading') return -1;
    // A subsection label is no team, even with no team around it (the team heading deleted).
    if (this.subsectionLabels.matchLine(topic.title, true)) return -1;
    return i;
  }

  private promotable(): boolean {
    return this.promotableIndex() >= 0;
  }

  /** Promotes the topic `promotableIndex` names to a team (see `promoteTopicToTeam`). */
  private promote(): void {
    const siblings = this.report!.children;
    const i = this.promotableIndex();
    const topic = siblings[i];
    const moved = siblings.splice(i + 1);
    topic.kind = 'team';
    this.markMember(topic);
    topic.children.push(...moved);
    if (moved.length > 0) topic.range = { start: topic.range.start, end: moved[moved.length - 1].range.end };
    this.topic = undefined;
    this.wbsStack = [];
    this.team = topic;
    this.teamDepth = topic.style.depth ?? 2;
    this.teamsHost = this.report;
  }


  private addSubsection(entry: TemplateSubsection, title: string, range: Range, style: LabelStyle, rest: string): void {
    const owner = this.team ?? this.group;
    const section = this.newSection('subsection', title, range, style);
    section.templateId = entry.id;
    const labelRange = this.labelWords(range.start.line, entry);
    if (labelRange) section.labelRange = labelRange;
    if (rest) section.inlineContent = rest;
    this.wbsStack = [];
    this.topic = undefined;
    if (owner) {
      owner.children.push(section);
      this.subsection = section;
    } else {
      // A subsection label with no team around it: keep it in the outline under its report section.
      (this.report?.children ?? this.model.sections).push(section);
      this.subsection = section;
    }
  }

  private addWbs(mention: WbsMention, title: string, range: Range, style: LabelStyle): Section {
    const section = this.newSection('wbs', title, range, style);
    section.wbs = mention;
    this.topic = undefined;
    while (this.wbsStack.length > 0 && !mention.code.startsWith(this.wbsStack[this.wbsStack.length - 1].wbs!.code + '.')) {
      this.wbsStack.pop();
    }
    const parent = this.wbsStack[this.wbsStack.length - 1] ?? this.container();
    (parent?.children ?? this.model.sections).push(section);
    this.wbsStack.push(section);
    return section;
  }

  private addTeamHeading(title: string, range: Range, style: LabelStyle, depth: number): void {
    const team = this.team;
    if (team && depth > this.teamDepth && !this.group && team.children.length === 0) {
      // The current "team" holds teams, not subsections: it is a group.
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
    const section = this.newSection('team', title, range, style);
    if (!this.group) this.markMember(section);
    (this.group ?? this.teamsHost)!.children.push(section);
    this.team = section;
    this.teamDepth = depth;
  }

  private addTopic(title: string, range: Range, style: LabelStyle): void {
    const section = this.newSection('topic', title, range, style);
    const parent = this.wbsStack[this.wbsStack.length - 1] ?? this.container();
    if (!parent) return; // preamble heading before any section: not part of the structure
    parent.children.push(section);
    this.topic = section;
  }

  // ---- identifiers -----------------------------------------------------------

  /** Scans a piece of source (block-relative offset `base`) for identifiers. */
  private scanText(text: string, base: number): void {
    for (const m of this.ctx.scanner.scan(text)) {
      const range = { start: this.pos(base + m.start), end: this.pos(base + m.end) };
      switch (m.kind) {
        case 'ticket':
          this.flat.tickets.push({ id: m.value, range, definition: false });
          break;
        case 'malformed-ticket':
          this.flat.malformedTickets.push({ text: m.text, corrected: m.value, range });
          break;
        case 'invalid-ticket':
          this.flat.invalidTickets.push({ text: m.text, id: m.value, problem: m.problem!, range });
          break;
        case 'document':
          this.flat.documents.push({
            handle: m.value,
            series: m.series!,
            knownSeries: this.ctx.documents.isKnownSeries(m.series!),
            range,
          });
          break;
        case 'wbs':
          this.flat.wbs.push({ code: m.value, name: '', codeRange: range, element: false });
          break;
      }
    }
  }

  /** Walks inline content, scanning text and recording links; skips code, HTML and images. */
  private inline(node: Nodes): void {
    switch (node.type) {
      case 'text': {
        this.scanText(this.source(node), node.position!.start.offset!);
        return;
      }
      case 'inlineCode':
      case 'code':
      case 'html':
      case 'image':
      case 'imageReference':
      case 'definition':
        return;
      case 'link': {
        const text = toString(node);
        const src = this.source(node);
        const autolink = src.startsWith('<') || text === node.url || `mailto:${text}` === node.url;
        const range = this.nodeRange(node);
        let urlRange: Range | undefined;
        let closeRange: Range | undefined;
        if (!autolink) {
          // `[text](url "title")`: the destination starts after the `](` that closes the text.
          const lastChild = node.children[node.children.length - 1];
          const textEnd = lastChild ? lastChild.position!.end.offset! - node.position!.start.offset! : 1;
          const open = src.indexOf('](', textEnd);
          if (open >= 0) {
            const from = open + 2;
            const rest = src.slice(from, src.length - 1);
            const lead = rest.length - rest.trimStart().length;
            const dest = rest.trim().split(/\s+/)[0] ?? '';
            const destStart = node.position!.start.offset! + from + lead;
            urlRange = { start: this.pos(destStart), end: this.pos(destStart + dest.length) };
            closeRange = { start: this.pos(node.position!.start.offset! + open), end: range.end };
          }
        }
        const placeholder = !autolink && (node.url === '#' || node.url === '');
        this.flat.links.push({ url: node.url, text, range, urlRange, closeRange, placeholder });
        // A `mailto:` link's text is an address or a name (`[DM1234](mailto:DM1234@lsst.org)`), never an ID.
        if (!autolink && !/^mailto:/i.test(node.url)) for (const child of node.children) this.inline(child);
        return;
      }
      default:
        if ('children' in node) for (const child of node.children as Nodes[]) this.inline(child);
    }
  }

  // ---- blocks ----------------------------------------------------------------

  private style(node: Heading | Paragraph, line: string): LabelStyle {
    const bold = /^\s*(?:#{1,6}\s*)?(\*\*|__)/.test(line);
    const colon = line.includes(':');
    return node.type === 'heading'
      ? { form: 'heading', depth: node.depth, bold, colon }
      : { form: 'paragraph', bold, colon };
  }

  /** A WBS element at the start of a heading, paragraph or bullet, with its name. */
  private wbsLead(node: Heading | Paragraph): WbsMention | undefined {
    const src = this.source(node);
    const nodeStart = node.position!.start.offset!;
    const first = firstLine(src);
    const text = node.type === 'heading' ? first.replace(/^\s*#{1,6}\s*/, '') : first;
    const skip = first.length - text.length;
    const m = WBS_LEAD.exec(text);
    if (!m) return undefined;
    const codeStart = skip + m.index + m[0].length - m[1].length;
    const codeEnd = codeStart + m[1].length;
    const after = first.slice(codeEnd);
    const lead = after.length - after.replace(/^[\s\-\u2013\u2014:.*_]+/, '').length;
    const body = after.slice(lead).replace(/[\s*_:#]+$/, '');
    const codeRange = { start: this.pos(nodeStart + codeStart), end: this.pos(nodeStart + codeEnd) };
    const mention: WbsMention = {
      code: m[1].replace(/^1\./, ''),
      name: body.replace(/\\(.)/g, '$1'),
      codeRange,
      element: true,
    };
    if (body) {
      const nameStart = nodeStart + codeEnd + lead;
      mention.nameRange = { start: this.pos(nameStart), end: this.pos(nameStart + body.length) };
    }
    return mention;
  }

  /** Scans a node's inline content, replacing the generic mention of a leading WBS code by `lead`. */
  private scanWithLead(node: Nodes, lead: WbsMention | undefined): void {
    const before = this.flat.wbs.length;
    this.inline(node);
    if (!lead) return;
    // Only the mentions this node added (from `before` on): a scan from 0 would make the model quadratic in WBS elements.
    const wbs = this.flat.wbs;
    let i = before;
    while (i < wbs.length && !(wbs[i].codeRange.start.line === lead.codeRange.start.line && wbs[i].codeRange.start.character === lead.codeRange.start.character)) i++;
    if (i < wbs.length) wbs[i] = lead;
    else wbs.push(lead);
  }

  /**
   * Makes a heading the period heading when its text (markup stripped) names
   * a period; records where its first line writes that period.
   * @returns whether it named one.
   */
  private periodHeading(text: string, range: Range): boolean {
    const period = parsePeriodText(text);
    if (!period) return false;
    this.op(['period', period, range]);
    return true;
  }

  /** Makes the heading at `range` the period heading of `period` (see `periodHeading`). */
  private setPeriod(period: Period, range: Range): void {
    this.model.period = { ...period, range } satisfies ReportPeriod;
    const line = range.start.line;
    const found = findPeriodText(this.lineText(line));
    if (found && samePeriod(found, period)) {
      this.model.periodText = {
        range: { start: { line, character: found.index }, end: { line, character: found.index + found.length } },
        form: found.form,
      };
    }
  }

  private heading(node: Heading): void {
    const range = this.nodeRange(node);
    const src = this.source(node);
    // A setext heading may span lines: titles are one line in messages and the outline.
    const text = toString(node).replace(/\s+/g, ' ').trim();
    const style = this.style(node, firstLine(src));

    const report = this.matchReport(text);
    if (!this.titled) {
      this.op(['titled']);
      // The first heading is the title, unless it is a section (a personal report's `# Accomplishments this period`).
      if (!report && !this.seenReportSection) {
        this.op(['title', text, range]);
        // `## April 2017` or `# DM Monthly Report: April 2017` as the first heading is also the period.
        this.periodHeading(text, range);
        this.inline(node);
        return;
      }
    } else if (!this.model.period && !this.team && !this.seenReportSection && this.periodHeading(text, range)) {
      this.inline(node);
      return;
    }

    if (report && (!this.teamsHost || !this.team || node.depth <= (this.teamsHost.style.depth ?? 6))) {
      this.op(['report', report.entry, text, range, style, report.combinedIds]);
      this.inline(node);
      return;
    }

    const wbs = this.wbsLead(node);
    if (wbs) {
      this.op(['wbs', wbs, text, range, style, undefined]);
      this.scanWithLead(node, wbs);
      return;
    }

    const sub = this.subsectionLabels.matchLine(text, true);
    if (sub && (this.team || this.group || this.teamsHost || this.promoteTopicToTeam())) {
      this.op(['subsection', sub.entry, text, range, style, sub.rest]);
      this.inline(node);
      return;
    }

    if (this.teamsHost && (!this.team || node.depth <= this.teamDepth) && this.closesTeams(text, node.depth)) {
      // `# Appendix: Acronyms` after the last team: a report-level section outside the template.
      this.op(['report', undefined, text, range, style, []]);
      this.inline(node);
      return;
    }

    if (this.teamsHost && (!this.team || node.depth <= this.teamDepth || this.team.children.length === 0 || this.startsAnotherTeam(text))) {
      if (!this.team || node.depth <= this.teamDepth || !this.group || this.startsAnotherTeam(text)) {
        this.op(['team', text, range, style, node.depth]);
        this.inline(node);
        return;
      }
    }
    this.op(['topic', text, range, style]);
    this.inline(node);
  }

  /**
   * A top-level paragraph with lines that look like headings but are not
   * (`malformedHeading`): recorded in the model, and read as the blocks the
   * paragraph becomes once they are repaired — the lines between them parsed
   * on their own, each malformed line a heading of its `#` run's depth.
   * @returns false, having done nothing, when no line of the paragraph is one.
   */
  private malformedParagraph(node: Paragraph): boolean {
    const src = this.source(node);
    const lines = splitLines(src);
    const found = lines.map((line) => malformedHeading(line, this.structure));
    if (!found.some((m) => m)) return false;
    const base = node.position!.start.offset!;
    const starts = lineStartOffsets(src);
    const read = (from: number, to: number) => {
      const text = src.slice(from, to);
      if (text.trim() === '') return;
      for (const child of (this.ctx.parse ?? parsePiece)(text)) {
        this.shift(child, base + from);
        this.block_(child, true);
        this.op(['extend', this.pos(child.position!.end.offset!)]);
      }
    };
    let from = 0;
    found.forEach((m, i) => {
      if (!m) return;
      read(from, starts[i]);
      const at = base + starts[i];
      const body = lines[i].slice(m.textStart, m.textEnd);
      const parsed = (this.ctx.parse ?? parsePiece)(body);
      let children: PhrasingContent[];
      if (parsed.length === 1 && parsed[0].type === 'paragraph') {
        children = parsed[0].children;
        for (const c of children) this.shift(c, at + m.textStart);
      } else {
        children = [{ type: 'text', value: body, position: { start: this.point(at + m.textStart), end: this.point(at + m.textEnd) } }];
      }
      const heading: Heading = {
        type: 'heading',
        depth: (m.markerEnd - m.markerStart) as Heading['depth'],
        children,
        position: { start: this.point(at + m.markerStart), end: this.point(at + lines[i].length) },
      };
      const line = this.pos(at).line;
      this.flat.malformedHeadings.push({
        range: { start: { line, character: 0 }, end: this.pos(at + lines[i].length) },
        problem: m.problem,
        marker: lines[i].slice(m.markerStart, m.markerEnd),
        ...(m.codePoint ? { codePoint: m.codePoint } : {}),
        spaceRange: { start: this.pos(at + m.markerEnd), end: this.pos(at + m.spaceEnd) },
        text: toString(heading).replace(/\s+/g, ' ').trim(),
      });
      this.op(['malformedLine', line]);
      this.heading(heading);
      this.op(['malformedLine', undefined]);
      this.op(['extend', this.pos(at + lines[i].length)]);
      from = starts[i + 1] ?? src.length;
    });
    read(from, src.length);
    return true;
  }

  /** A unist point of a block-relative UTF-16 offset (1-based line and column in the block). */
  private point(offset: number): Point {
    const p = this.pos(offset);
    return { line: p.line - this.block.startLine + 1, column: p.character + 1, offset };
  }

  /** Moves the positions of a node parsed on its own from a piece of the block that starts at block offset `by`. */
  private shift(node: Nodes, by: number): void {
    if (node.position) {
      node.position = { start: this.point(node.position.start.offset! + by), end: this.point(node.position.end.offset! + by) };
    }
    if ('children' in node) for (const child of node.children as Nodes[]) this.shift(child, by);
  }

  private paragraph(node: Paragraph, topLevel: boolean): void {
    if (topLevel && this.malformedParagraph(node)) return;
    const src = this.source(node);
    const first = firstLine(src);
    const range = this.nodeRange(node);
    const plain = firstLine(toString(node));
    if (topLevel && !this.team && !this.group && BOLD_LINE.test(first)) {
      // A bold line of its own (`**High-level Summary:**`) can be a report-level label.
      const report = this.matchReport(plain);
      if (report) {
        this.op(['report', report.entry, plain.trim(), range, this.style(node, first), report.combinedIds]);
        this.inline(node);
        return;
      }
    }
    const sub = topLevel ? this.subsectionLabels.matchLine(plain) : undefined;
    if (this.team || this.group || this.teamsHost || (sub && this.promoteTopicToTeam())) {
      const wbs = this.wbsLead(node);
      if (wbs && topLevel) {
        const lineRange = { start: range.start, end: this.pos(node.position!.start.offset! + first.length) };
        this.op(['wbs', wbs, firstLine(toString(node)).trim(), lineRange, this.style(node, first), undefined]);
        this.scanWithLead(node, wbs);
        return;
      }
      if (sub) {
        const lineRange = { start: range.start, end: this.pos(node.position!.start.offset! + first.length) };
        this.op(['subsection', sub.entry, plain.trim(), lineRange, this.style(node, first), sub.rest]);
        this.inline(node);
        return;
      }
    }
    if (topLevel) this.definition(node, src);
    this.inline(node);
  }

  /** A ticket definition line: a paragraph that is just `DM-9656 Title`. */
  private definition(node: Paragraph, src: string): void {
    if (hasLineBreak(src)) return;
    const m = DEFINITION.exec(src.trim());
    // `DM-0000 Title` (a template's placeholder) defines no ticket: no Jira issue has that number.
    if (!m || !this.ctx.scanner.isTicketKey(m[1].split('-')[0]) || invalidTicketNumber(m[2])) return;
    const title = m[3].replace(/\s*\.$/, '').replace(/\\(.)/g, '$1');
    this.flat.ticketDefinitions.push({ id: m[1], title, range: this.nodeRange(node) });
  }

  private list(node: List): void {
    for (const item of node.children) {
      const first = item.children[0];
      const wbs = first?.type === 'paragraph' && (this.team || this.group) ? this.wbsLead(first) : undefined;
      if (wbs && first?.type === 'paragraph') {
        wbs.inBullet = true;
        const line = firstLine(this.source(first));
        const start = this.pos(first.position!.start.offset!);
        const lineRange = { start, end: this.pos(first.position!.start.offset! + line.length) };
        // The element's range is the bullet's.
        this.op(['wbs', wbs, firstLine(toString(first)).trim(), lineRange, this.style(first, line), this.nodeRange(item)]);
        this.scanWithLead(first, wbs);
        for (const child of item.children.slice(1)) this.block_(child, false);
        this.op(['popWbs']); // a bullet holds only itself
        continue;
      }
      for (const child of item.children) this.block_(child, false);
    }
  }

  private block_(node: RootContent, topLevel: boolean): void {
    switch (node.type) {
      case 'heading':
        this.heading(node);
        break;
      case 'paragraph':
        this.paragraph(node, topLevel);
        break;
      case 'list':
      case 'blockquote':
        // Containers nest by recursion; past MAX_NESTING (never reached by a real report) their
        // content is skipped rather than overflowing the stack (`>` × 9000 did).
        if (this.nesting >= MAX_NESTING) break;
        this.nesting++;
        try {
          if (node.type === 'list') this.list(node);
          else for (const child of node.children) this.block_(child, false);
        } finally {
          this.nesting--;
        }
        break;
      case 'table':
        this.inline(node);
        break;
      case 'code':
      case 'html':
      case 'yaml':
        // Literal text, no identifiers; no fix may write inside code or HTML (../rules/fixes.ts).
        this.flat.literalBlocks.push({ kind: node.type === 'yaml' ? 'front-matter' : node.type, range: this.nodeRange(node), open: false });
        break;
      default:
        break; // thematic breaks, definitions: no identifiers
    }
  }

  /**
   * Reads only the opening of a document, as `run` reads it: the period heading's period,
   * and the first report-level section when no other heading comes between it and the
   * title and period heading.
   */
  opening(parsed: ParsedDocument): ReportOpening {
    const out: ReportOpening = {};
    /** A heading that is neither the title, the period heading nor a section was read. */
    let other = false;
    const section = (id: string): ReportOpening => {
      if (!other) out.firstSection = id;
      return this.withPeriod(out);
    };
    for (const placed of parsed.blocks) {
      this.block = placed;
      this.starts = lineStarts(placed.block.text, placed.block);
      for (const node of placed.block.nodes) {
        if (node.type === 'heading') {
          const text = toString(node).replace(/\s+/g, ' ').trim();
          const range = this.nodeRange(node);
          const report = this.matchReport(text);
          if (!this.titled) {
            this.titled = true;
            if (!report) {
              this.periodHeading(text, range);
              continue;
            }
          } else if (!this.model.period && this.periodHeading(text, range)) continue;
          if (report) return section(report.entry.id);
          other = true;
          if (this.model.period) return this.withPeriod(out);
        } else if (node.type === 'paragraph' && BOLD_LINE.test(firstLine(this.source(node)))) {
          const report = this.matchReport(firstLine(toString(node)));
          if (report) return section(report.entry.id);
        }
      }
    }
    return this.withPeriod(out);
  }

  /** `opening` with the period read so far. */
  private withPeriod(out: ReportOpening): ReportOpening {
    if (this.model.period) out.period = { year: this.model.period.year, month: this.model.period.month };
    return out;
  }

  // ---- per-block re-analysis (./blockModels.ts) -------------------------------

  /** The current block's tree operations (block-relative) while it is read for the cache; undefined otherwise. */
  private log?: TreeOp[];
  /** The identifier lists of the block being read. */
  private flat: BlockLists = emptyLists();
  /** `normalizeLabel` of team titles, for `stateKey`. */
  private readonly normalizedTitles = new Map<string, string>();

  /** Applies a change of the section tree (document positions); records it, block-relative, while a block is recorded. */
  private op(op: TreeOp): void {
    if (this.log) {
      const rel = moveOp(op, -this.block.startLine);
      // Extending the open sections twice with nothing between: the second extension is all that counts.
      if (rel[0] === 'extend' && this.log[this.log.length - 1]?.[0] === 'extend') this.log[this.log.length - 1] = rel;
      else this.log.push(rel);
    }
    this.exec(op);
  }

  /** Applies one tree operation (document positions; a WBS element with its mention). */
  private exec(op: TreeOp): void {
    switch (op[0]) {
      case 'report':
        return this.addReportSection(op[1], op[2], op[3], op[4], op[5]);
      case 'subsection':
        return this.addSubsection(op[1], op[2], op[3], op[4], op[5]);
      case 'wbs': {
        const section = this.addWbs(op[1] as WbsMention, op[2], op[3], op[4]);
        if (op[5]) section.range = op[5];
        return;
      }
      case 'team':
        return this.addTeamHeading(op[1], op[2], op[3], op[4]);
      case 'topic':
        return this.addTopic(op[1], op[2], op[3]);
      case 'promote':
        return this.promote();
      case 'extend':
        return this.extend(op[1]);
      case 'popWbs':
        this.wbsStack.pop();
        return;
      case 'title':
        this.model.title = { text: op[1], range: op[2] };
        return;
      case 'period':
        return this.setPeriod(op[1], op[2]);
      case 'titled':
        this.titled = true;
        return;
      case 'malformedLine':
        this.malformedLine = op[1];
        return;
    }
  }

  /**
   * What the reading of a block depends on besides its text: the state the blocks before it
   * leave — what is open (report section, the host of the teams and its depth, group, team
   * and its depth, subsection, WBS elements by code, topic), what the team already holds and
   * its name, whether the title and the period were read, whether a topic could become a team.
   * Two blocks read in the same state make the same changes (`TreeOp`) and find the same
   * identifiers; every state the decisions of `heading`, `paragraph`, `list` and the tree
   * operations read is in it.
   */
  private stateKey(): string {
    const team = this.team;
    let teamKey = '-';
    if (team) {
      let name = this.normalizedTitles.get(team.title);
      if (name === undefined) this.normalizedTitles.set(team.title, (name = normalizeLabel(team.title)));
      teamKey = `${team.children.length > 0 ? 1 : 0}${team.children.some((c) => c.kind === 'subsection') ? 1 : 0}${name}`;
    }
    return [
      this.titled ? 1 : 0,
      this.seenReportSection ? 1 : 0,
      this.model.period ? 1 : 0,
      this.report ? 1 : 0,
      this.teamsHost ? `${this.teamsHost === this.report ? 1 : 0}${this.teamsHost.style.depth}` : '-',
      this.group ? 1 : 0,
      this.groupDepth,
      this.teamDepth,
      this.subsection ? 1 : 0,
      this.topic ? 1 : 0,
      this.wbsStack.map((w) => w.wbs!.code).join(','),
      this.promotable() ? 1 : 0,
      teamKey,
    ].join('|');
  }

  /** The builder's state between two blocks (what `stateKey` sums up), kept with a chunk (`ModelChunk.exit`). */
  private snapshot(): BuilderState {
    return {
      report: this.report,
      teamsHost: this.teamsHost,
      group: this.group,
      team: this.team,
      teamDepth: this.teamDepth,
      groupDepth: this.groupDepth,
      subsection: this.subsection,
      wbsStack: [...this.wbsStack],
      topic: this.topic,
      seenReportSection: this.seenReportSection,
      titled: this.titled,
      title: this.model.title,
      period: this.model.period,
      periodText: this.model.periodText,
    };
  }

  /**
   * Puts the builder in a state `snapshot` took (after a reused chunk). The title and the period
   * are read before the first report-level section only, so only the first chunk sets them.
   */
  private restore(state: BuilderState, first: boolean): void {
    ({
      report: this.report,
      teamsHost: this.teamsHost,
      group: this.group,
      team: this.team,
      teamDepth: this.teamDepth,
      groupDepth: this.groupDepth,
      subsection: this.subsection,
      topic: this.topic,
      seenReportSection: this.seenReportSection,
      titled: this.titled,
    } = state);
    this.wbsStack = [...state.wbsStack];
    if (!first) return;
    // As a full build would leave them: set, or absent.
    for (const k of ['title', 'period', 'periodText'] as const) {
      if (state[k] === undefined) delete this.model[k];
      else (this.model[k] as unknown) = state[k];
    }
  }

  /**
   * The chunk of an earlier build that can stand for the blocks from `i` on (entered in state
   * `key`): the same blocks on the same lines, followed as before by a block whose first
   * operation opens a report-level section (known from its kept entry), or by nothing.
   */
  private reusableChunk(cache: BlockModelCache, blocks: readonly PlacedBlock[], i: number, key: string): ModelChunk | undefined {
    const chunk = cache.findChunk(blocks[i].block, blocks[i].startLine, key);
    if (!chunk) return undefined;
    const end = i + chunk.blocks.length;
    if (end > blocks.length) return undefined;
    for (let k = 1; k < chunk.blocks.length; k++) {
      if (blocks[i + k].block !== chunk.blocks[k] || blocks[i + k].startLine !== chunk.startLines[k]) return undefined;
    }
    if (chunk.nextKey === undefined || end === blocks.length) return chunk.nextKey === undefined && end === blocks.length ? chunk : undefined;
    return cache.find(blocks[end].block, chunk.nextKey)?.ops[0]?.[0] === 'report' ? chunk : undefined;
  }

  /**
   * Builds the model, block after block. With a cache, a block met again in the same entry
   * state (`stateKey`) replays its tree operations and reuses its lists; the others are read
   * and kept; and a whole chunk (`ModelChunk`: from a report-level section to the next) met
   * again is reused with its sections. Either way the model is the same (the verify mode of
   * ../engine/engine.ts checks it).
   */
  run(parsed: ParsedDocument, cache?: BlockModelCache): ReportModel {
    const build = cache?.begin(this.ctx.template, this.ctx.scanner, this.ctx.documents) ?? 0;
    const blocks = parsed.blocks;
    /** Every block's slice without a cache; the chunks' with one. */
    const slices: ModelSlice[] = [];
    const chunks: ModelChunk[] = [];
    /** The top-level sections of the reused chunks: marked (`blank`) when they were built. */
    const reusedSections = new Set<Section>();
    let read = 0;
    /** The chunk being built: from block `from`, entered in state `key`, its sections from `sectionsFrom` of the model's. */
    let open: { from: number; key: string; sectionsFrom: number; slices: ModelSlice[] } | undefined;
    const close = (end: number, nextKey: string | undefined, exit: BuilderState, sectionsEnd: number) => {
      if (!open) return;
      const chunk: ModelChunk = {
        blocks: blocks.slice(open.from, end).map((b) => b.block),
        startLines: blocks.slice(open.from, end).map((b) => b.startLine),
        key: open.key,
        sections: this.model.sections.slice(open.sectionsFrom, sectionsEnd),
        slices: open.slices,
        lists: concatLists(open.slices),
        exit,
        nextKey,
      };
      chunks.push(chunk);
      cache!.storeChunk(chunk);
      open = undefined;
    };
    for (let i = 0; i < blocks.length; i++) {
      const placed = blocks[i];
      this.block = placed;
      this.starts = lineStarts(placed.block.text, placed.block);
      const key = cache ? this.stateKey() : '';
      const before = cache && this.snapshot();
      const sectionsAt = this.model.sections.length;
      const reusable = cache && this.reusableChunk(cache, blocks, i, key);
      if (reusable) {
        close(i, key, before!, sectionsAt);
        for (const section of reusable.sections) {
          this.model.sections.push(section);
          reusedSections.add(section);
        }
        this.restore(reusable.exit as BuilderState, i === 0);
        chunks.push(reusable);
        i += reusable.blocks.length - 1;
        continue;
      }
      const entry = cache?.find(placed.block, key);
      let slice: ModelSlice;
      let first: TreeOp[0] | undefined;
      if (entry) {
        slice = cache!.slice(entry, placed.startLine, build);
        for (const op of entry.ops) {
          const moved = moveOp(op, placed.startLine);
          this.exec(moved[0] === 'wbs' ? ['wbs', slice.lists.wbs[moved[1] as number], moved[2], moved[3], moved[4], moved[5]] : moved);
        }
        first = entry.ops[0]?.[0];
      } else {
        read++;
        this.flat = emptyLists();
        this.log = cache ? [] : undefined;
        for (const node of placed.block.nodes) {
          this.block_(node, true);
          this.op(['extend', this.pos(node.position!.end.offset!)]);
        }
        markDefinitions(this.flat);
        slice = { startLine: placed.startLine, lists: this.flat };
        first = this.log?.[0]?.[0];
        const ops = this.log && indexWbs(this.log, this.flat.wbs);
        if (cache && ops) cache.store(placed.block, key, ops, slice, build);
        this.log = undefined;
      }
      if (!cache) {
        slices.push(slice);
        continue;
      }
      // A block that opens a report-level section starts a chunk (the first block starts one anyway).
      if (open && first === 'report') close(i, key, before!, sectionsAt);
      open ??= { from: i, key, sectionsFrom: sectionsAt, slices: [] };
      open.slices.push(slice);
    }
    if (cache) close(blocks.length, undefined, this.snapshot(), this.model.sections.length);
    const lists = cache ? chunks.map((c) => c.lists) : slices.map((s) => s.lists);
    for (const k of BLOCK_LISTS) {
      const all: object[] = [];
      for (const l of lists) for (const item of l[k]) all.push(item);
      (this.model[k] as object[]) = all;
    }
    const mark = (sections: Section[]) => {
      for (const s of sections) {
        s.blank = blankBetween(parsed.text, offsetAt(parsed, s.selectionRange.end), offsetAt(parsed, s.range.end));
        mark(s.children);
      }
    };
    mark(reusedSections.size === 0 ? this.model.sections : this.model.sections.filter((s) => !reusedSections.has(s)));
    const unclosed = readUnclosedBlock(parsed, this.structure, this.ctx.parse);
    if (unclosed) this.model.unclosedBlock = unclosed;
    const literal = this.model.literalBlocks;
    if (unclosed?.runsToEnd !== undefined && literal.length > 0) {
      // The block that runs to the end of the file is the last node of the document, so the last literal block
      // (a copy: the block's own list is kept for the next version).
      literal[literal.length - 1] = { ...literal[literal.length - 1], open: true };
    }
    cache?.finish(this.model, chunks, blocks.length, read);
    return this.model;
  }
}

/** The builder's state between two blocks (see `Builder.snapshot`). */
interface BuilderState {
  report?: Section;
  teamsHost?: Section;
  group?: Section;
  team?: Section;
  teamDepth: number;
  groupDepth: number;
  subsection?: Section;
  wbsStack: Section[];
  topic?: Section;
  seenReportSection: boolean;
  titled: boolean;
  title?: ReportModel['title'];
  period?: ReportModel['period'];
  periodText?: ReportModel['periodText'];
}

/** The lists of consecutive slices, concatenated. */
function concatLists(slices: readonly ModelSlice[]): BlockLists {
  const out = emptyLists();
  for (const k of BLOCK_LISTS) {
    const all = out[k] as object[];
    for (const slice of slices) for (const item of slice.lists[k]) all.push(item);
  }
  return out;
}

/** A tree operation moved by `lines` (block-relative ↔ document positions). */
function moveOp(op: TreeOp, lines: number): TreeOp {
  switch (op[0]) {
    case 'report':
    case 'subsection':
      return [op[0], op[1], op[2], shiftRange(op[3], lines), op[4], op[5]] as TreeOp;
    case 'wbs':
      return ['wbs', op[1], op[2], shiftRange(op[3], lines), op[4], op[5] && shiftRange(op[5], lines)];
    case 'team':
      return ['team', op[1], shiftRange(op[2], lines), op[3], op[4]];
    case 'topic':
      return ['topic', op[1], shiftRange(op[2], lines), op[3]];
    case 'extend':
      return ['extend', { line: op[1].line + lines, character: op[1].character }];
    case 'title':
    case 'period':
      return [op[0], op[1], shiftRange(op[2], lines)] as TreeOp;
    case 'malformedLine':
      return ['malformedLine', op[1] === undefined ? undefined : op[1] + lines];
    default:
      return op;
  }
}

/** A block's recorded operations with each WBS element's mention as its index in the block's `wbs` list; undefined if one is not in it. */
function indexWbs(ops: readonly TreeOp[], wbs: readonly WbsMention[]): TreeOp[] | undefined {
  const index = new Map(wbs.map((w, i) => [w, i]));
  const out: TreeOp[] = [];
  for (const op of ops) {
    if (op[0] !== 'wbs') {
      out.push(op);
      continue;
    }
    const i = index.get(op[1] as WbsMention);
    if (i === undefined) return undefined;
    out.push(['wbs', i, op[2], op[3], op[4], op[5]]);
  }
  return out;
}

/**
 * Marks the mention that starts each ticket definition line (`definition`): the first mention
 * of its ticket on its line. A line is in one block: done per block, by id and line (linear).
 */
function markDefinitions(lists: BlockLists): void {
  if (lists.ticketDefinitions.length === 0) return;
  const firstOnLine = new Map<string, TicketMention>();
  for (const m of lists.tickets) {
    const key = `${m.id}\u0000${m.range.start.line}`;
    if (!firstOnLine.has(key)) firstOnLine.set(key, m);
  }
  for (const t of lists.ticketDefinitions) {
    const mention = firstOnLine.get(`${t.id}\u0000${t.range.start.line}`);
    if (mention) mention.definition = true;
  }
}

/** The opening of a report: what `readOpening` reads before the template is chosen. */
export interface ReportOpening {
  /** The period of the period heading (the title's, or a heading's before the first section). */
  period?: Period;
  /**
   * The template id of the first report-level section, when only the title and the period
   * heading come before it (`accomplishments` for `# Accomplishments this period`).
   */
  firstSection?: string;
}

/**
 * Reads the opening of a document as `buildReport` would with `ctx`'s template: the period
 * heading's period, the first report-level section if it opens the report — for the engine
 * to choose a template by them. Cheaper than a build: no identifier is scanned.
 * Never throws.
 */
export function readOpening(parsed: ParsedDocument, ctx: BuildContext): ReportOpening {
  return new Builder(ctx, 0, 0).opening(parsed);
}

/**
 * Builds the report model of one document version.
 *
 * @param parsed the parse of the version (see `parseDocument`).
 * @param version the editor's version number (0 for a file read from disk).
 * @param ctx template, ID scanner, document catalog, and the front matter if
 *   already read (else it is read here).
 * @param cache the block results of earlier builds (./blockModels.ts): blocks read before in the
 *   same state are not read again. The model is the same with or without it.
 * @returns the model; never throws on any Markdown.
 */
export function buildReport(parsed: ParsedDocument, version: number, ctx: BuildContext, cache?: BlockModelCache): ReportModel {
  const last = parsed.blocks[parsed.blocks.length - 1];
  const lineCount = last ? last.startLine + lineStarts(last.block.text, last.block).length : 1;
  const frontMatter = ctx.frontMatter ?? readFrontMatter(parsed);
  return new Builder({ ...ctx, frontMatter }, version, lineCount).run(parsed, cache);
}
