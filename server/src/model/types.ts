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
   * The run of `#` of an ATX heading (`##` in `  ## Team`), on the first line
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
  /** Number of lines in the document. */
  lineCount: number;
}
