/**
 * The few custom messages DM Report adds to LSP, shared by the server and the
 * VS Code client. Any LSP client can use them; none is needed for the
 * standard features (completion, hover, diagnostics, code actions, symbols).
 */
import type { Range } from 'vscode-languageserver-types';

/** Request `dmReport/structure`: the template view of one open report, for the Report Structure tree. */
export const StructureRequestMethod = 'dmReport/structure';

/** Params of `dmReport/structure`. */
export interface StructureParams {
  /** URI of an open document. */
  uri: string;
}

/** One expected section of the template, and whether the report has it. */
export interface StructureSlot {
  /** Template id, e.g. `planned-activities`. */
  id: string;
  /** The template's label, e.g. `Planned activities`. */
  label: string;
  present: boolean;
  /** Whether the template requires it here. */
  required: boolean;
  /** Where it is (its heading or label line), when present. 0-based LSP range. */
  range?: Range;
}

/** A team (or a group of teams) with its subsections. */
export interface StructureTeam {
  title: string;
  /** The team heading. 0-based LSP range. */
  range: Range;
  /** `group` holds teams (LSST Program Office); `team` holds subsections. */
  kind: 'group' | 'team';
  subsections: StructureSlot[];
  /** Teams inside a group. */
  teams: StructureTeam[];
}

/** Result of `dmReport/structure`; null when the document is not open. */
export interface ReportStructure {
  uri: string;
  /** The report-level sections of the template (period, High-level Summary, …). */
  sections: StructureSlot[];
  teams: StructureTeam[];
  /** How many required sections are missing, in the whole report. */
  missingCount: number;
}

/**
 * Server command `dmReport.server.insertMissingSections` (workspace/executeCommand),
 * arguments `[uri: string]`: the server inserts every missing required section
 * of that document through `workspace/applyEdit` and returns the number of
 * sections inserted. Any LSP client can run it. (The VS Code extension's own
 * command `dmReport.insertMissingSections` calls it; the ids differ because
 * vscode-languageclient registers every server command id as a VS Code command.)
 */
export const InsertMissingSectionsCommand = 'dmReport.server.insertMissingSections';

/**
 * Server command `dmReport.server.newMonth` (workspace/executeCommand),
 * arguments `[uri: string, period?: string]`: next month's report made from
 * the report at `uri` (an open document, else a `file:` URI read from disk)
 * and its template, for `period` (`YYYY-MM`; default: the month after the
 * report's period heading). Returns a `NewMonthResult`; the server writes
 * nothing (the client decides where the text goes). Errors (no such report,
 * a malformed period, no period to follow) come back as the request's error.
 */
export const NewMonthCommand = 'dmReport.server.newMonth';

/** Result of `dmReport.server.newMonth`. */
export interface NewMonthResult {
  /** The new report's Markdown (line breaks as in the previous report). */
  text: string;
  /** The new period, `YYYY-MM`. */
  period: string;
  /**
   * The suggested file name, relative to the previous report's folder: named like the previous
   * report when its path gives a period (`2017/September.md` → `October.md`; December →
   * `../2024/January.md`; `2017-04.md` → `2017-05.md`), else `YYYY-MM.md`; never the previous
   * report's own name (then `-new` before the extension: `2017-05-new.md`, with a `notes` entry).
   */
  fileName: string;
  /** Team headings written. */
  teams: number;
  /** Checklist items carried from last month's planned activities. */
  carried: number;
  /**
   * What the user should know, as the CLI notes it (`2017-05 is not after the previous report's
   * period (2017-05)`); absent when there is nothing to note.
   */
  notes?: string[];
}
