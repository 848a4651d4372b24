/**
 * What the workspace index keeps of one report (`ReportIndexEntry`): its
 * period, template, teams, WBS elements, the items of each Planned activities
 * section, and every ticket, ticket definition, document handle and WBS code
 * with its place — enough for cross-report features (the ticket index, and the
 * series of months: references, definitions, planned-but-not-reported),
 * without the report's text or model.
 *
 * An entry comes from one of two readings that must agree:
 * - `indexOfModel`: an open document's analysis (the full model and its parse);
 * - the light scanner (./lightScan.ts, `indexEntry`): a report that is not
 *   open, read line by line without a syntax tree.
 * Both end in `deriveEntry`, which reads the same outline the same way.
 *
 * Units: every `line` is a 0-based LSP line; every range a 0-based LSP range
 * (UTF-16 characters); `endLine` is the line of the last character (inclusive).
 */
import type { Nodes, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Range } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parse';
import { fileNamePeriod, monthIndex, type Period } from './periods';
import type { ReportTemplate } from './template';
import type { ReportModel, SectionKind } from './types';

/** Where a report's period was read. */
export type PeriodSource = 'front matter' | 'heading' | 'path';

/** A report's period and where it comes from: the front matter's `period:`, else the period heading, else the file's path (as the engine's template choice reads it). */
export interface IndexedPeriod extends Period {
  source: PeriodSource;
  /** 0-based line of the front matter value or of the period heading; undefined for the path. */
  line?: number;
}

/** A ticket cited (well formed, or malformed by its corrected ID: `DM10221` is `DM-10221`). */
export interface IndexedMention {
  id: string;
  /** The ID as written (0-based LSP range, on one line). */
  range: Range;
  /** True at the start of a ticket definition line. */
  definition: boolean;
}

/** A ticket definition line (`DM-9656 Replanning, Commissioning, Operations Planning (S17b)`): a paragraph of one line. */
export interface IndexedDefinition {
  id: string;
  /** The title, a final `.` and backslash escapes removed. */
  title: string;
  /** The paragraph (0-based LSP range). */
  range: Range;
}

/** A document handle as written (`LDM-151`, `SOR-019`: unknown series too). */
export interface IndexedDocument {
  handle: string;
  range: Range;
}

/** A WBS code as written anywhere (an element's lead or in prose), without the `1.` prefix. */
export interface IndexedWbsCode {
  code: string;
  /** The code as written, `1.` included (0-based LSP range). */
  range: Range;
}

/** A team section (`## University of Washington`, `#### DM Subsystem Science`). */
export interface IndexedTeam {
  /** The heading's text without markup (`NCSA / University of Illinois`). */
  name: string;
  /** 0-based line of its heading. */
  line: number;
  /** 0-based line where the team's section ends (its last content). */
  endLine: number;
  /** Inside a group heading, or one of a group's teams by the template (`teamsOf`). */
  inGroup: boolean;
  /** The group's heading text, or the template group's name for a team written at top level. */
  group?: string;
}

/** A WBS element: a heading, label line or bullet that starts with a WBS code. */
export interface IndexedWbsElement {
  /** `02C.03.01` (no `1.` prefix). */
  code: string;
  /** The name written after the code ('' when none). */
  name: string;
  /** 0-based line of the code. */
  line: number;
  /** The team (or group) it is in; undefined outside every team. */
  team?: string;
}

/** One item of a Planned activities section: a top-level list item, or a paragraph of its own. */
export interface PlannedItem {
  /** The item's first paragraph as plain text on one line (white space collapsed). */
  text: string;
  /** 0-based first and last lines of the item. */
  line: number;
  endLine: number;
  /** The tickets it cites (corrected IDs of malformed ones too), once each, in order. */
  tickets: string[];
  /** The code of the innermost WBS element it is in (its own, for a bullet that leads with one). */
  wbs?: string;
}

/**
 * A section whose items next month's report takes up (a template section that another names in
 * `carriedFrom`: Planned activities, Plans, Objectives for next period).
 */
export interface PlannedSection {
  /** The template id (`planned-activities`). */
  id: string;
  /** The team (or group) it belongs to; undefined for a report-level section. */
  team?: string;
  /** 0-based line of its label. */
  line: number;
  items: PlannedItem[];
}

/**
 * What the workspace index keeps of one report version. The first three fields are what the
 * ticket index reads (`ReportTickets` in ../tickets/sources.ts).
 */
export interface ReportIndexEntry {
  /** Ticket definition lines, in document order. */
  definitions: IndexedDefinition[];
  /** Every ticket cited, well formed or malformed, in document order. */
  mentions: IndexedMention[];
  /** `monthIndex(period)`; -1 when the report has no period. Larger is more recent. */
  recency: number;
  /** The name of the template the report was read with (`dm-monthly-2017`). */
  template: string;
  /** The report's title (its first heading, unless that is a section). */
  title?: { text: string; line: number };
  period?: IndexedPeriod;
  /** Whether it looks like a report (`looksLikeReport` of ../features/diagnostics.ts: a period heading, template sections, teams with subsections). */
  looksLikeReport: boolean;
  /** The template ids of its report-level sections, in document order (a combined heading gives all of its ids). */
  sections: string[];
  teams: IndexedTeam[];
  wbs: IndexedWbsElement[];
  planned: PlannedSection[];
  documents: IndexedDocument[];
  wbsCodes: IndexedWbsCode[];
  /** Number of lines of the text. */
  lineCount: number;
}

/** What `outlineLooksLikeReport` reads of a section tree node. */
export interface OutlineShape {
  kind: SectionKind;
  templateId?: string;
  children: readonly OutlineShape[];
}

/** The part of a section that `deriveEntry` reads: the model's `Section` is one; the light scanner builds its own. */
export interface OutlineNode {
  kind: SectionKind;
  title: string;
  templateId?: string;
  combinedIds?: string[];
  memberOf?: string;
  wbs?: { code: string; name: string };
  /** Only the lines are read (0-based). */
  selectionRange: Range;
  range: Range;
  children: OutlineNode[];
}

/** A block at the top of the document: a paragraph, or one item of a list (the candidates for planned items). */
export interface RootBlock {
  kind: 'paragraph' | 'item';
  /** 0-based first and last lines. */
  line: number;
  endLine: number;
  /** Plain text of the paragraph (of an item: of its first block, when that is a paragraph; else ''), white space collapsed. */
  text: string;
}

/** What `deriveEntry` reads, from either reading of a report. */
export interface EntryInput {
  template: ReportTemplate;
  uri?: string;
  sections: readonly OutlineNode[];
  blocks: readonly RootBlock[];
  mentions: IndexedMention[];
  definitions: IndexedDefinition[];
  documents: IndexedDocument[];
  wbsCodes: IndexedWbsCode[];
  title?: { text: string; line: number };
  /** The front matter's `period:` and its line. */
  frontMatterPeriod?: { period: Period; line: number };
  /** The period heading's period and line. */
  headingPeriod?: { period: Period; line: number };
  lineCount: number;
}

/** The template ids whose items another section takes up next month (`carriedFrom` of any section or subsection). */
function plannedIds(template: ReportTemplate): Set<string> {
  return new Set([...template.sections, ...template.teamSubsections].map((s) => s.carriedFrom).filter((id): id is string => id !== undefined));
}

/**
 * The index entry of a report from its outline and identifiers (see `EntryInput`): the period
 * (front matter, else heading, else path), teams and WBS elements with the team they are in,
 * and the items of each planned section. Pure; never throws.
 */
export function deriveEntry(input: EntryInput): ReportIndexEntry {
  const teams: IndexedTeam[] = [];
  const wbs: IndexedWbsElement[] = [];
  const planned: PlannedSection[] = [];
  const sections: string[] = [];
  const planIds = plannedIds(input.template);
  /** Lines of section labels: a paragraph there is a label or a WBS line, no item. */
  const labelLines = new Set<number>();
  const walkLabels = (nodes: readonly OutlineNode[]) => {
    for (const n of nodes) {
      labelLines.add(n.selectionRange.start.line);
      walkLabels(n.children);
    }
  };
  walkLabels(input.sections);
  // Blocks and mentions by line (both in document order), for the planned sections' ranges.
  const blocks = [...input.blocks].sort((a, b) => a.line - b.line);
  const firstAt = <T>(list: readonly T[], line: number, lineOf: (x: T) => number): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lineOf(list[mid]) < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const itemsOf = (section: OutlineNode): PlannedItem[] => {
    const from = section.selectionRange.start.line;
    const to = section.range.end.line;
    const elements: OutlineNode[] = [];
    const collect = (nodes: readonly OutlineNode[]) => {
      for (const n of nodes) {
        if (n.kind === 'wbs') elements.push(n);
        collect(n.children);
      }
    };
    collect(section.children);
    const inside: RootBlock[] = [];
    for (let i = firstAt(blocks, from + 1, (b) => b.line); i < blocks.length && blocks[i].line <= to; i++) {
      if (!(blocks[i].kind === 'paragraph' && labelLines.has(blocks[i].line))) inside.push(blocks[i]);
    }
    return inside.map((b) => {
        const item: PlannedItem = { text: b.text, line: b.line, endLine: b.endLine, tickets: [] };
        const seen = new Set<string>();
        for (let i = firstAt(input.mentions, b.line, (m) => m.range.start.line); i < input.mentions.length; i++) {
          const m = input.mentions[i];
          if (m.range.start.line > b.endLine) break;
          if (!seen.has(m.id)) {
            seen.add(m.id);
            item.tickets.push(m.id);
          }
        }
        let inner: OutlineNode | undefined;
        for (const e of elements) {
          if (e.selectionRange.start.line <= b.line && b.line <= e.range.end.line && (!inner || e.selectionRange.start.line >= inner.selectionRange.start.line)) inner = e;
        }
        if (inner?.wbs) item.wbs = inner.wbs.code;
        return item;
      });
  };
  const walk = (nodes: readonly OutlineNode[], owner: OutlineNode | undefined, group: OutlineNode | undefined, top: boolean) => {
    for (const n of nodes) {
      if (top && n.kind === 'report' && n.templateId) sections.push(n.templateId, ...(n.combinedIds ?? []));
      if (n.kind === 'team') {
        const inGroup = group !== undefined || n.memberOf !== undefined;
        const team: IndexedTeam = { name: n.title, line: n.selectionRange.start.line, endLine: n.range.end.line, inGroup };
        const groupName = group?.title ?? n.memberOf;
        if (groupName !== undefined) team.group = groupName;
        teams.push(team);
      }
      if (n.kind === 'wbs' && n.wbs) {
        const element: IndexedWbsElement = { code: n.wbs.code, name: n.wbs.name, line: n.selectionRange.start.line };
        if (owner) element.team = owner.title;
        wbs.push(element);
      }
      if (n.templateId && planIds.has(n.templateId) && (n.kind === 'subsection' || n.kind === 'report')) {
        const section: PlannedSection = { id: n.templateId, line: n.selectionRange.start.line, items: itemsOf(n) };
        if (owner && n.kind === 'subsection') section.team = owner.title;
        planned.push(section);
      }
      const isOwner = n.kind === 'team' || n.kind === 'group';
      walk(n.children, isOwner ? n : owner, n.kind === 'group' ? n : group, false);
    }
  };
  walk(input.sections, undefined, undefined, true);
  const period: IndexedPeriod | undefined = input.frontMatterPeriod
    ? { ...input.frontMatterPeriod.period, source: 'front matter', line: input.frontMatterPeriod.line }
    : input.headingPeriod
      ? { ...input.headingPeriod.period, source: 'heading', line: input.headingPeriod.line }
      : pathPeriod(input.uri);
  const entry: ReportIndexEntry = {
    definitions: input.definitions,
    mentions: input.mentions,
    recency: period ? monthIndex(period) : -1,
    template: input.template.name,
    looksLikeReport: outlineLooksLikeReport(input.sections, input.headingPeriod !== undefined),
    sections,
    teams,
    wbs,
    planned,
    documents: input.documents,
    wbsCodes: input.wbsCodes,
    lineCount: input.lineCount,
  };
  if (input.title) entry.title = input.title;
  if (period) entry.period = period;
  return entry;
}

function pathPeriod(uri: string | undefined): IndexedPeriod | undefined {
  const p = uri === undefined ? undefined : fileNamePeriod(uri);
  return p ? { year: p.year, month: p.month, source: 'path' } : undefined;
}

/**
 * Whether an outline looks like a report: two signs among a period heading, template sections and
 * teams with subsections (the full model's sections or the light scanner's outline; used by
 * `looksLikeReport` of ../features/diagnostics.ts too).
 */
export function outlineLooksLikeReport(sections: readonly OutlineShape[], period: boolean): boolean {
  let signs = period ? 1 : 0;
  for (const section of sections) {
    if (section.templateId) signs++;
    for (const child of section.children) {
      const teams = child.kind === 'group' ? child.children : [child];
      if (teams.some((t) => t.kind === 'team' && t.children.some((c) => c.kind === 'subsection'))) signs++;
    }
    if (signs >= 2) return true;
  }
  return signs >= 2;
}

/** White space collapsed and trimmed, as every one-line text of the model. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The top-level paragraphs and list items of a parse, with 0-based document lines; their text is read only when asked for. */
function rootBlocks(parsed: ParsedDocument): RootBlock[] {
  const out: RootBlock[] = [];
  const block = (kind: RootBlock['kind'], node: Nodes, text: Nodes | undefined, startLine: number): RootBlock => ({
    kind,
    line: startLine + node.position!.start.line - 1,
    endLine: startLine + node.position!.end.line - 1,
    get text() {
      return text ? oneLine(toString(text)) : '';
    },
  });
  for (const placed of parsed.blocks) {
    for (const node of placed.block.nodes as RootContent[]) {
      if (node.type === 'paragraph') out.push(block('paragraph', node, node, placed.startLine));
      else if (node.type === 'list') {
        for (const item of node.children) {
          const first = item.children[0];
          out.push(block('item', item, first?.type === 'paragraph' ? first : undefined, placed.startLine));
        }
      }
    }
  }
  return out;
}

/**
 * The index entry of an analysed document (an open report): from its model, and from its parse
 * for the items of planned sections.
 * @param template the template the model was built with.
 * @param uri the document's URI (its path may give the period).
 */
export function indexOfModel(model: ReportModel, parsed: ParsedDocument, template: ReportTemplate, uri?: string): ReportIndexEntry {
  const mentions = [
    ...model.tickets.map((t) => ({ id: t.id, range: t.range, definition: t.definition })),
    ...model.malformedTickets.map((t) => ({ id: t.corrected, range: t.range, definition: false })),
  ].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const fm = model.frontMatter?.period;
  return deriveEntry({
    template,
    uri,
    sections: model.sections,
    blocks: rootBlocks(parsed),
    mentions,
    definitions: model.ticketDefinitions.map((d) => ({ id: d.id, title: d.title, range: d.range })),
    documents: model.documents.map((d) => ({ handle: d.handle, range: d.range })),
    wbsCodes: model.wbs.map((w) => ({ code: w.code, range: w.codeRange })),
    ...(model.title ? { title: { text: model.title.text, line: model.title.range.start.line } } : {}),
    ...(fm ? { frontMatterPeriod: { period: fm.value, line: fm.range.start.line } } : {}),
    ...(model.period ? { headingPeriod: { period: { year: model.period.year, month: model.period.month }, line: model.period.range.start.line } } : {}),
    lineCount: model.lineCount,
  });
}
