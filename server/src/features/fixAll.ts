/**
 * Fix all: applies every safe fix (`Fix.safe`, see ../rules/index.ts) of a
 * document's findings, as `source.fixAll.dmReport` and `dm-report check --fix` do.
 *
 * Rounds: each round takes the safe fix of every finding, keeps the fixes
 * whose edits do not overlap (nor touch at the same point) an edit already
 * kept, applies them, and re-analyses the result with the engine; it stops
 * when no safe fix is left, or after `maxRounds` rounds (then the result says
 * so). Because the last analysis has no safe fix left, fixing the result again
 * changes nothing.
 *
 * The edits of all rounds are composed into edits of the original text (a
 * piece table tracks which characters of the original survive), so an editor
 * applies one WorkspaceEdit whose edits touch only what changed.
 *
 * Only documents that look like a report (`looksLikeReport`) are fixed: a
 * README given to `dm-report check --fix *.md` is left alone.
 *
 * Line breaks: in a document whose first line break is CRLF, every `\n` the
 * fixes insert is written as `\r\n`.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, ReportEngine } from '../engine/engine';
import type { Finding, Fix, RuleCode } from '../rules/registry';
import { looksLikeReport } from './diagnostics';

/** Default bound on the number of rounds. Real reports need 1–3 (insertions at one point go one per round). */
export const DEFAULT_MAX_ROUNDS = 10;

/** One applied fix. */
export interface AppliedFix {
  code: RuleCode;
  /** The fix's title (`Link to https://…`, `Insert "Planned activities" in "…"`). */
  title: string;
  /** 1-based round in which it was applied. */
  round: number;
}

/** What fix-all did to one text. */
export interface FixAllResult {
  /** The fixed text (the input text when nothing was safe to fix). */
  text: string;
  /** Whether `text` differs from the input. */
  changed: boolean;
  /**
   * Edits of the ORIGINAL text (0-based LSP positions of the input) that give
   * `text`, sorted and non-overlapping: one WorkspaceEdit for the whole document.
   */
  edits: TextEdit[];
  /** The fixes applied, in order of rounds and then position. */
  applied: AppliedFix[];
  /** Rounds that applied at least one fix. */
  rounds: number;
  /** False when `maxRounds` was reached with safe fixes still pending (or a round changed nothing): fixing again may do more. */
  complete: boolean;
  /** The analysis of `text` (its findings are what is left). Analysed under `roundUri` when `changed`. */
  analysis: Analysis;
  /** True when the text does not look like a report (`looksLikeReport`): nothing was fixed. */
  notAReport: boolean;
}

/** Options of `fixAll`. */
export interface FixAllOptions {
  /** Bound on the number of rounds (default `DEFAULT_MAX_ROUNDS`). */
  maxRounds?: number;
  /**
   * The URI under which the texts of later rounds are analysed. Default: the
   * document's URI with the fragment `#dm-report-fix-all`, so that the cached
   * analysis of the open document stays that of its current text (a one-shot
   * caller such as the CLI passes the document's own URI).
   */
  roundUri?: string;
  /** Only the safe fixes of findings with these codes (default: every code). */
  codes?: readonly RuleCode[];
}

/** The fix of a finding that fix-all applies: its safe one, if any. */
export function safeFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((f) => f.safe === true);
}

/** Whether any finding of the analysis has a safe fix. */
export function hasSafeFixes(analysis: Analysis): boolean {
  return analysis.findings().some((f) => safeFix(f) !== undefined);
}

/** The default `roundUri`: same path (rules that read the file name still see it), its own cache entry. */
export function scratchUri(uri: string): string {
  const hash = uri.indexOf('#');
  return `${hash < 0 ? uri : uri.slice(0, hash)}#dm-report-fix-all`;
}

/**
 * Applies every safe fix of `analysis`, round after round.
 *
 * @param engine the engine that analysed `analysis` (its rules and catalogs are used for every round).
 * @param analysis the document as it is. Later rounds are analysed under
 *   `options.roundUri`; that cache entry stays in the engine (the result's
 *   `analysis`): close it with `closeScratch` (default URI) or `engine.close`.
 * @returns the fixed text, the edits of the original text, and what was applied. Never throws on any text.
 */
export function fixAll(engine: ReportEngine, analysis: Analysis, options: FixAllOptions = {}): FixAllResult {
  if (!looksLikeReport(analysis.model)) {
    // A README or meeting notes would get the template's sections inserted: leave them alone.
    const text = analysis.document.getText();
    return { text, changed: false, edits: [], applied: [], rounds: 0, complete: true, analysis, notAReport: true };
  }
  const maxRounds = Math.max(1, options.maxRounds ?? DEFAULT_MAX_ROUNDS);
  const original = analysis.document.getText();
  const crlf = /\r\n/.test(original.slice(0, original.indexOf('\n') + 1));
  const pieces = new PieceTable(original.length);
  const applied: AppliedFix[] = [];
  const scratch = options.roundUri ?? scratchUri(analysis.uri);
  let current = analysis;
  let text = original;
  let rounds = 0;
  let complete = true;
  for (;;) {
    const chosen = chooseFixes(current.findings().filter((f) => !options.codes || options.codes.includes(f.diagnostic.code)));
    if (chosen.length === 0) break;
    if (rounds === maxRounds) {
      complete = false;
      break;
    }
    rounds++;
    const doc = current.document;
    const edits = chosen
      .flatMap(({ fix }) => fix.edits)
      .map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), newText: crlf ? toCrlf(e.newText) : e.newText }))
      .sort((a, b) => a.start - b.start || a.end - b.end);
    // One pass over the text and one over the pieces per round: linear in the text and the number of edits.
    const parts: string[] = [];
    let kept = 0;
    for (const e of edits) {
      parts.push(text.slice(kept, e.start), e.newText);
      kept = e.end;
    }
    parts.push(text.slice(kept));
    const next = parts.join('');
    pieces.replaceAll(edits);
    for (const { finding, fix } of chosen) applied.push({ code: finding.diagnostic.code, title: fix.title, round: rounds });
    if (next === text) {
      // Safe fixes that change nothing would be offered forever: stop.
      complete = false;
      break;
    }
    text = next;
    current = engine.analyze(scratch, text, analysis.document.version + rounds);
  }
  return {
    text,
    changed: text !== original,
    edits: pieces.editsOf(analysis.document),
    applied,
    rounds,
    complete,
    analysis: current,
    notAReport: false,
  };
}

/** Forgets the scratch analysis `fixAll` left in the engine's cache for `uri` (its ticket definitions too). */
export function closeScratch(engine: ReportEngine, uri: string): void {
  engine.close(scratchUri(uri));
}

/**
 * The safe fixes of one round: in order of position, each kept when none of
 * its edits overlaps an edit already kept. Two edits conflict when their
 * ranges overlap, or when one is an insertion at a point the other touches
 * (their order would be arbitrary; the next round decides it).
 */
function chooseFixes(findings: Finding[]): { finding: Finding; fix: Fix }[] {
  const candidates: { finding: Finding; fix: Fix }[] = [];
  for (const finding of findings) {
    const fix = safeFix(finding);
    if (fix && fix.edits.length > 0) candidates.push({ finding, fix });
  }
  const kept: { finding: Finding; fix: Fix }[] = [];
  const taken: TextEdit[] = [];
  for (const c of candidates) {
    if (c.fix.edits.some((e) => taken.some((t) => conflict(e, t)))) continue;
    kept.push(c);
    taken.push(...c.fix.edits);
  }
  return kept;
}

function cmp(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}

function conflict(a: TextEdit, b: TextEdit): boolean {
  const empty = cmp(a.range.start, a.range.end) === 0 || cmp(b.range.start, b.range.end) === 0;
  return empty
    ? cmp(a.range.start, b.range.end) <= 0 && cmp(b.range.start, a.range.end) <= 0
    : cmp(a.range.start, b.range.end) < 0 && cmp(b.range.start, a.range.end) < 0;
}

/** `\n` not preceded by `\r` → `\r\n`. */
function toCrlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

/**
 * The current text as pieces: spans of the original text (UTF-16 offsets,
 * end exclusive) and inserted strings. Original spans stay in increasing
 * order, so the changes can be read back as edits of the original.
 */
class PieceTable {
  private pieces: ({ start: number; end: number } | { text: string })[];

  constructor(private readonly originalLength: number) {
    this.pieces = originalLength > 0 ? [{ start: 0, end: originalLength }] : [];
  }

  /**
   * Replaces ranges of the current text, in one pass over the pieces.
   * @param edits `[start, end)` UTF-16 offsets of the current text with their new text,
   *   sorted by start and non-overlapping (insertions at one offset: at most one).
   */
  replaceAll(edits: readonly { start: number; end: number; newText: string }[]): void {
    const out: typeof this.pieces = [];
    let index = 0;
    let pos = 0; // offset in the current text where pieces[index] starts
    const copy = (from: number, to: number) => {
      while (index < this.pieces.length && from < to) {
        const p = this.pieces[index];
        const pEnd = pos + ('text' in p ? p.text.length : p.end - p.start);
        if (pEnd > from) {
          const a = Math.max(from, pos) - pos;
          const b = Math.min(to, pEnd) - pos;
          if (b > a) out.push(slice(p, a, b));
          if (pEnd > to) return; // the piece goes on past `to`: the next copy starts in it
        }
        pos = pEnd;
        index++;
      }
    };
    let kept = 0;
    for (const e of edits) {
      copy(kept, e.start);
      if (e.newText) out.push({ text: e.newText });
      kept = e.end;
    }
    copy(kept, Infinity);
    this.pieces = out;
  }

  /** Edits of the original document that give the current text; sorted, non-overlapping. */
  editsOf(document: TextDocument): TextEdit[] {
    const edits: TextEdit[] = [];
    let cursor = 0;
    let pending = '';
    const flush = (upTo: number) => {
      if (upTo > cursor || pending) {
        edits.push({ range: { start: document.positionAt(cursor), end: document.positionAt(upTo) }, newText: pending });
      }
      pending = '';
    };
    for (const p of this.pieces) {
      if ('text' in p) {
        pending += p.text;
        continue;
      }
      flush(p.start);
      cursor = p.end;
    }
    flush(this.originalLength);
    return edits;
  }
}

function slice(p: { start: number; end: number } | { text: string }, from: number, to: number) {
  return 'text' in p ? { text: p.text.slice(from, to) } : { start: p.start + from, end: p.start + to };
}
