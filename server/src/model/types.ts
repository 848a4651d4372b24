/**
 * The report model: what a DM monthly report says, independent of how its
 * Markdown happens to be laid out. Built once per document version by
 * `buildReport` (./build.ts) from the mdast that remark-parse produces.
 *
 * Every range is an LSP range: 0-based line, 0-based UTF-16 character,
 * end exclusive. Nothing in this file imports the LSP runtime; the range type
 * is the plain data shape of `vscode-languageserver-types`.
 */
import type { Range } from 'vscode-languageserver-types';
import type { Period } from './periods';
import type { TicketNumberProblem } from './ids';

export type { Range };

/** How a section's label is written, so that inserted siblings can copy it. */
export interface LabelStyle {
  /** `heading` for an ATX/setext heading, `paragraph` for a label on a line of its own. */
  form: 'heading' | 'paragraph';
  /** Heading depth 1–6 when `form` is `heading`. */
  depth?: number;
  /** The label is wrapped in `**…**`. */
  bold: boolean;
  /** The label ends with a colon (`Current accomplishments:`). */
  colon: boolean;
}

/**
 * Kinds of section, from the outside in:
 * - `report`: a report-level section of the template (High-level Summary, Risk Management, …);
 * - `group`: a heading that holds teams but no subsections of its own (LSST Program Office);
 * - `team`: an institution or team (University of Washington, SQuaRE, DM Subsystem Science);
 * - `subsection`: a team's standard subsection (Current accomplishments, …);
 * - `wbs`: a WBS element, nested by its code;
 * - `topic`: any other heading inside a team (NCSA's bold `**Batch Production Services**`).
 */
export type SectionKind = 'report' | 'group' | 'team' | 'subsection' | 'wbs' | 'topic';

/** One node of the logical section tree. */
export interface Section {
  kind: SectionKind;
  /** The text of the heading or label line as the author wrote it, without markup (`Current accomplishments:`). */
  title: string;
  /** Template id for `report` and `subsection` sections (`high-level-summary`, `planned-activities`); undefined otherwise. */
  templateId?: string;
  /**
   * For a combined heading (`Community Interactions, Meetings and Workshops`, see the
   * template's `combinedSections`): the ids of the other sections it stands for, after
   * `templateId`, in template order. Use `sectionIds` for all of them.
   */
  combinedIds?: string[];
  /**
   * For a team written at top level that the template's `groups` put in a group (a
   * 2015–2016 report's `## DM Subsystem Science` without `LSST Program Office` above it):
   * the group's name. Such a team counts as in a group (`teamsOf`).
   */
  memberOf?: string;
  /** The WBS element, for `wbs` sections. */
  wbs?: WbsMention;
  /** The heading or label line. */
  selectionRange: Range;
  /** From the start of the heading to the end of the section's last content. */
  range: Range;
  /** How the heading or label line is written. */
  style: LabelStyle;
  /** The sections inside it, in document order. */
  children: Section[];
  /** Content after a paragraph label on the same line (`Recruitment update: N/A` → `N/A`). */
  inlineContent?: string;
  /**
   * Nothing but whitespace and HTML comments (`<!-- write here -->`; an
   * unclosed `<!--` runs to the end) from the end of `selectionRange` to the
   * end of `range`: the section has no content (its children, and a label
   * paragraph's further lines, are content).
   */
  blank: boolean;
  /**
   * The run of `#` of an ATX heading (`##` in `  ## Team`; also of a
   * malformed heading, `####` in `####\u00a0Planned activities:`), on the first line
   * of `selectionRange`, after at most 3 spaces; undefined for setext
   * headings, label paragraphs, and headings that do not start their line
   * (`> ## …`, `- ## …`).
   */
  atxMarker?: Range;
  /**
   * For a team subsection: its label's words as written on the label line
   * (`Planned activities` in `#### **Planned activities:** (for May 2017)`), the
   * longest run of words from the line's first that reads as one of the
   * template entry's label or aliases (case, markup and punctuation aside);
   * undefined for other sections or when the line's words do not start with one.
   */
  labelRange?: Range;
}

/** A WBS code written in the report. */
export interface WbsMention {
  /** Normalised code without the `1.` prefix: `02C.03.01`. */
  code: string;
  /** The name written after the code, trimmed of separators and markup; '' when none. */
  name: string;
  /** Range of the code as written (including a `1.` prefix). */
  codeRange: Range;
  /** Range of the name; undefined when there is none. */
  nameRange?: Range;
  /** True when the mention starts a heading, label paragraph or bullet (a WBS element); false inside prose. */
  element: boolean;
  /** True when the element is a bullet (`- 02C.03.01 …`), whose first line may go on past the name. */
  inBullet?: boolean;
}

/** A well-formed ticket ID (`DM-10441`) in the text. */
export interface TicketMention {
  /** Canonical key as written: `DM-10441`. */
  id: string;
  range: Range;
  /** True when this mention is the start of a ticket definition line. */
  definition: boolean;
}

/** A line that gives a ticket's title: `DM-9656 Replanning, Commissioning, Operations Planning (S17b)`. */
export interface TicketDefinition {
  id: string;
  title: string;
  range: Range;
}

/** Something that looks like a ticket but is malformed (`DM10221`, `DM 1234`, `dm-1234`, `DM–1234`). */
export interface MalformedTicket {
  /** The text as written. */
  text: string;
  /** The corrected ID (`DM-10221`). */
  corrected: string;
  range: Range;
}

/**
 * A ticket-shaped ID whose number no Jira issue has: `DM-0`, `DM-00001`, a
 * number of more than `MAX_TICKET_DIGITS` digits (../model/ids.ts). Not a
 * ticket: no link, no look-up.
 */
export interface InvalidTicket {
  /** The text as written. */
  text: string;
  /** The ID with the key upper-cased and a hyphen (`DM-00001`). */
  id: string;
  problem: TicketNumberProblem;
  range: Range;
}

/** A token shaped like a document handle: `LDM-151`, `Document-1386` (a word series only as catalogued), or an unknown series such as `SOR-019`. */
export interface DocumentMention {
  /** The handle as written. */
  handle: string;
  /** The series part as written (`LDM`, `Document`). */
  series: string;
  /** True when the series is one of the catalog's (or Document/Collection). */
  knownSeries: boolean;
  range: Range;
}

/** A Markdown link (mdast `link`). Placeholder links have a target of `#` or nothing. */
export interface LinkMention {
  url: string;
  /** Plain text of the link's children. */
  text: string;
  /** Whole `[text](url)` range. */
  range: Range;
  /** Range of the destination inside the parentheses (empty range for `()`); undefined for autolinks. */
  urlRange?: Range;
  /** Range from the `]` that closes the text to the end of the link (`](#)`, `]( # "t")`); undefined for autolinks. */
  closeRange?: Range;
  placeholder: boolean;
}

/** The report period (month 1–12), from a heading such as `## April 2017`. */
export interface ReportPeriod extends Period {
  /** The whole heading that gives it. */
  range: Range;
}

/** Where the period heading's line writes the period, for edits that change it. */
export interface PeriodText {
  /** The period as written: `April 2017`, `April, 2017` or `2017-04`, on the heading's first line. */
  range: Range;
  /** `words` for a month name and a year, `iso` for `YYYY-MM`. */
  form: 'words' | 'iso';
}

/** A value of the front matter with the range of its text (0-based LSP range). */
export interface FrontMatterValue<T> {
  value: T;
  range: Range;
}

/**
 * The report's YAML front matter (`---` … `---` on the first lines), as far
 * as DM Report reads it. Other keys are kept by the author and ignored here.
 */
export interface FrontMatter {
  /** From the opening `---` to the end of the closing one. */
  range: Range;
  /** `template: personal-monthly` (a built-in name) or `template: {path: FILE}` (relative to the report). */
  template?: FrontMatterValue<string | { path: string }>;
  /** `period: 2017-05`: the month the report covers (see `parseYearMonth`). */
  period?: FrontMatterValue<Period>;
  /** What could not be read (invalid YAML, `period: May`, `template: 3`), each with where. */
  problems: { message: string; range: Range }[];
}

/** What part of a report's structure a heading's text or a label line names (see `StructureMatcher`, ./blocks.ts). */
export interface StructureMatch {
  /** A report-level section or team subsection of the template, a team of its `teams` table, a WBS element, or a period (`April 2017`). */
  kind: 'report' | 'subsection' | 'team' | 'wbs' | 'period';
  /** The template id of a report-level section or team subsection. */
  templateId?: string;
}

/** A heading or label line that an unclosed block hides (see `UnclosedBlock`). */
export interface HiddenStructure {
  /** 0-based line in the document. */
  line: number;
  /** `heading` for a heading, `label` for a label line (`Planned activities:`, a bold report label). */
  form: 'heading' | 'label';
  /** Its text without markup, on one line. */
  text: string;
  /** What part of the report it names; undefined for a heading that names none (a topic, a code comment). */
  names?: StructureMatch;
}

/**
 * A top-level block that hides the report's structure: one that is never
 * closed and so runs to the end of the file (CommonMark) — a fenced code
 * block without its closing fence, an HTML block of the kinds that end at a
 * marker (`<!--` without `-->`, `<pre>` without `</pre>`, and `<script`,
 * `<style`, `<textarea`, `<?`, `<!X`, `<![CDATA[`); an HTML block other than
 * a comment closed only after headings of the report (`closedOn`); or the
 * code fence that, closed by the wrong fence, makes the last one run to the
 * end of the file (`closedOn`, `runsToEnd`). See `readUnclosedBlock`.
 */
export interface UnclosedBlock {
  kind: 'fence' | 'comment' | 'html' | 'processing-instruction' | 'declaration' | 'cdata';
  /** The opening line, from its first character to its end (0-based). */
  range: Range;
  /** The text that closes it on a line of its own: the opening fence run (```` ``` ````, `~~~~`), `-->`, `</pre>`, `?>`, `>`, `]]>`. */
  closer: string;
  /**
   * The headings and label lines after the opening line, as the text after
   * it parses on its own (what the reader would see with the block closed
   * there), in document order.
   */
  hidden: HiddenStructure[];
  /**
   * Set when CommonMark does close the block, but only after the headings it
   * hides: the 0-based line of what closes it (a `>` in a later autolink for
   * `<!DOCTYPE`; for wrongly paired fences, the fence that was meant to open
   * the next code block).
   */
  closedOn?: number;
  /**
   * The 0-based opening line of the block that runs to the end of the file,
   * when one does: this block's own, or, for wrongly paired code fences, the
   * last fence's.
   */
  runsToEnd?: number;
}

/**
 * A line of a top-level paragraph that looks like an ATX heading but is not
 * one in CommonMark (see `malformedHeading` in ./blocks.ts for the rule). The
 * model reads it as the heading it was meant to be.
 */
export interface MalformedHeading {
  /** The whole line (0-based). */
  range: Range;
  /** `unicode-space`: the `#` run is followed by a Unicode space other than a space or tab (a no-break space); `no-space`: by the text itself. */
  problem: 'unicode-space' | 'no-space';
  /** The `#` run as written (`####`). */
  marker: string;
  /** For `unicode-space`: the code point of the first such space (`U+00A0`). */
  codePoint?: string;
  /** What makes it a heading: the white space after the `#` run (`unicode-space`) or the empty range after it (`no-space`), to be replaced by one space. */
  spaceRange: Range;
  /** The heading's text without markup (`Planned activities:`). */
  text: string;
}

/** A block whose text is literal, not Markdown: fenced or indented code, an HTML block, the front matter. */
export interface LiteralBlock {
  kind: 'code' | 'html' | 'front-matter';
  /** From its first character to its last (0-based, end exclusive). */
  range: Range;
  /** True for the `UnclosedBlock`, which runs to the end of the file. */
  open: boolean;
}

/** The whole model of one document version. */
export interface ReportModel {
  /** The document's version as given by the editor (0 for files read from disk). */
  version: number;
  /** The YAML front matter, when the document starts with one. */
  frontMatter?: FrontMatter;
  /**
   * The report's title: its first heading, when that comes before every section and
   * is not itself a section of the template (a personal report that starts with
   * `# Accomplishments this period` has no title).
   */
  title?: { text: string; range: Range };
  /** The period heading's period: the title's (`# DM Monthly Report: April 2017`) or the first heading's before any section. */
  period?: ReportPeriod;
  /**
   * Where the line that starts the period heading writes that period as
   * `findPeriodText` finds it; undefined without a period heading, or when
   * that line's first period (markup included) is not the heading's:
   * `## **April** 2017` reads as April 2017 only once the markup is gone.
   */
  periodText?: PeriodText;
  /** Top-level logical sections (report sections; teams sit under the section of the template that holds teams). */
  sections: Section[];
  tickets: TicketMention[];
  ticketDefinitions: TicketDefinition[];
  malformedTickets: MalformedTicket[];
  /** Ticket-shaped IDs whose number no Jira issue has (`DM-0`, `DM-00001`). */
  invalidTickets: InvalidTicket[];
  documents: DocumentMention[];
  wbs: WbsMention[];
  links: LinkMention[];
  /** The top-level block that is never closed, when there is one (it runs to the end of the file). */
  unclosedBlock?: UnclosedBlock;
  /** Lines that look like headings but are not (read as the headings they were meant to be), in document order. */
  malformedHeadings: MalformedHeading[];
  /** Every code block, HTML block and front matter, in document order: no fix may write inside a code or HTML block, nor before the front matter. */
  literalBlocks: LiteralBlock[];
  /** Number of lines in the document. */
  lineCount: number;
}
