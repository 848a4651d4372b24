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
 * Convergence: a safe fix whose finding is reported again after it was
 * applied (same code and message, at the same place once the round's edits
 * before it are accounted for) did not fix it,
 * and would be applied again every round; fix-all then starts again from the
 * original text without that fix, and says so (`ineffective`, `reason`). So a
 * run either reaches a text with no safe fix left, or says why not; fixing its
 * result again changes nothing.
 *
 * Line breaks: the fixes' edits already write the document's line breaks
 * (`\r\n` or `\r` when its first line ends so; see ../rules/fixes.ts).
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
  /**
   * False when `maxRounds` was reached with safe fixes still pending (fixing again may do more),
   * when a round changed nothing, or when safe fixes were left out because they did not fix
   * their findings (`ineffective`); `reason` says which.
   */
  complete: boolean;
  /** Why the result is not `complete`, as a sentence fragment for the user (`stopped after 10 rounds of fixes …`). */
  reason?: string;
  /**
   * Safe fixes left out because their finding came back after they were applied (a fix that
   * does not fix: applied again it would loop); the text is fixed without them. Empty normally.
   */
  ineffective: IneffectiveFix[];
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
    return { text, changed: false, edits: [], applied: [], rounds: 0, complete: true, analysis, notAReport: true, ineffective: [] };
  }
  // A safe fix whose finding comes back after it was applied would be applied again every round (ten
  // headings inserted inside a code block that hides them): the run starts again without it.
  const left: IneffectiveFix[] = [];
  for (;;) {
    const attempt = fixRounds(engine, analysis, options, new Set(left.map(keyOf)));
    if (!attempt.ineffective) {
      const { result } = attempt;
      if (left.length > 0) {
        result.ineffective = left;
        result.complete = false;
        const n = left.length;
        result.reason = `left out ${n} safe fix${n === 1 ? '' : 'es'} that did not fix ${n === 1 ? 'its problem' : 'their problems'} (${left
          .map((f) => `${f.code} on line ${f.line + 1}`)
          .join(', ')})`;
      }
      return result;
    }
    left.push(...attempt.ineffective);
    if (left.length > MAX_LEFT_OUT) {
      // Never reached by the rules as they are; a bound on the work, with nothing fixed.
      const text = analysis.document.getText();
      return {
        text,
        changed: false,
        edits: [],
        applied: [],
        rounds: 0,
        complete: false,
        analysis,
        notAReport: false,
        ineffective: left,
        reason: `gave up: more than ${MAX_LEFT_OUT} safe fixes did not fix their problems`,
      };
    }
  }
}

/** At most this many ineffective fixes are left out (each costs a run of rounds). */
const MAX_LEFT_OUT = 10;

/** A safe fix that did not fix its finding: the finding came back after it was applied. */
export interface IneffectiveFix {
  code: RuleCode;
  /** The finding's message. */
  message: string;
  /** The fix's title. */
  title: string;
  /** 0-based line of the finding in the text it was found in. */
  line: number;
}

/** A diagnostic's code and message (LSP 3.18 allows a MarkupContent message). */
type Keyed = { code: string; message: string | { value: string } };

/** A diagnostic's message as text. */
function messageOf(f: Keyed): string {
  return typeof f.message === 'string' ? f.message : f.message.value;
}

/** What identifies a finding from one round to the next (positions move): its code and message. */
function keyOf(f: Keyed): string {
  return `${f.code}\u0000${messageOf(f)}`;
}

/**
 * The rounds of fix-all, leaving out the findings whose keys are in `excluded`.
 * @returns the result, or, as soon as a round's fix did not fix its finding, those fixes (`ineffective`).
 */
function fixRounds(
  engine: ReportEngine,
  analysis: Analysis,
  options: FixAllOptions,
  excluded: Set<string>,
): { result: FixAllResult; ineffective?: undefined } | { ineffective: IneffectiveFix[] } {
  const maxRounds = Math.max(1, options.maxRounds ?? DEFAULT_MAX_ROUNDS);
  const original = analysis.document.getText();
  const pieces = new PieceTable(original.length);
  const applied: AppliedFix[] = [];
  const scratch = options.roundUri ?? scratchUri(analysis.uri);
  let current = analysis;
  let text = original;
  let rounds = 0;
  let complete = true;
  let reason: string | undefined;
  const pending = (a: Analysis) =>
    a.findings().filter((f) => (!options.codes || options.codes.includes(f.diagnostic.code)) && !excluded.has(keyOf(f.diagnostic)));
  for (;;) {
    const findings = pending(current);
    const chosen = chooseFixes(findings);
    if (chosen.length === 0) break;
    if (rounds === maxRounds) {
      complete = false;
      reason = `stopped after ${rounds} rounds of fixes with safe fixes left; run --fix again`;
      break;
    }
    rounds++;
    const doc = current.document;
    // Line breaks are already the document's (../rules/fixes.ts).
    const edits = chosen
      .flatMap(({ fix }) => fix.edits)
      .map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), newText: e.newText }))
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
      reason = `the safe fixes of round ${rounds} changed nothing; stopped`;
      break;
    }
    text = next;
    // The previous round's parse and blocks are reused for what the round did not change.
    current = engine.analyze(scratch, text, analysis.document.version + rounds, current);
    // Each applied fix must have fixed its finding: the same finding (code and message) where it was, its
    // position moved by the round's edits before it, means it came back (a finding of the same words elsewhere,
    // such as a text revealed by closing a block, does not).
    const moved = shiftOf(edits);
    const now = new Set(pending(current).filter((f) => safeFix(f)).map((f) => `${keyOf(f.diagnostic)}\u0000${current.document.offsetAt(f.diagnostic.range.start)}`));
    const back = chosen.filter(({ finding }) => now.has(`${keyOf(finding.diagnostic)}\u0000${moved(doc.offsetAt(finding.diagnostic.range.start))}`));
    if (back.length > 0) {
      const ineffective = back.map(({ finding, fix }) => ({
        code: finding.diagnostic.code,
        message: messageOf(finding.diagnostic),
        title: fix.title,
        line: finding.diagnostic.range.start.line,
      }));
      return { ineffective };
    }
  }
  const result: FixAllResult = {
    text,
    changed: text !== original,
    edits: pieces.editsOf(analysis.document),
    applied,
    rounds,
    complete,
    analysis: current,
    notAReport: false,
    ineffective: [],
  };
  if (reason) result.reason = reason;
  return { result };
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
  const taken = new TakenEdits();
  for (const c of candidates) {
    if (c.fix.edits.some((e) => taken.conflicts(e))) continue;
    kept.push(c);
    for (const e of c.fix.edits) taken.add(e);
  }
  return kept;
}

/**
 * Where an offset of a round's text is in the next text: `offset` plus what
 * the edits that end at or before it (an insertion at the offset itself
 * aside) add or remove. By a binary search in the edits' ends (a sum over
 * every edit per finding made fix-all quadratic).
 * @param edits UTF-16 offsets of the round's text with their new text.
 */
function shiftOf(edits: readonly { start: number; end: number; newText: string }[]): (offset: number) => number {
  const byEnd = [...edits].sort((a, b) => a.end - b.end);
  const sums = [0];
  for (const e of byEnd) sums.push(sums[sums.length - 1] + e.newText.length - (e.end - e.start));
  /** What the insertions at each offset add: they are not before a finding at that offset. */
  const insertions = new Map<number, number>();
  for (const e of edits) if (e.start === e.end) insertions.set(e.start, (insertions.get(e.start) ?? 0) + e.newText.length);
  return (offset) => {
    let lo = 0;
    let hi = byEnd.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byEnd[mid].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return offset + sums[lo] - (insertions.get(offset) ?? 0);
  };
}

/**
 * The edits fix-all has taken in a round, for `conflict` queries: kept sorted
 * by start; while no two of them overlap (edits of different fixes never do),
 * the ones that may conflict with an edit are found by a binary search (a scan
 * of every taken edit per edit made fix-all quadratic: a report with 50,000
 * headings has as many safe fixes). Edits of one fix that overlap each other
 * make it fall back to the scan.
 */
class TakenEdits {
  private readonly edits: TextEdit[] = [];
  private ordered = true;

  /** Whether `edit` conflicts with an edit taken (`conflict`). */
  conflicts(edit: TextEdit): boolean {
    if (!this.ordered) return this.edits.some((t) => conflict(edit, t));
    const from = cmp(edit.range.start, edit.range.end) <= 0 ? edit.range.start : edit.range.end;
    const to = from === edit.range.start ? edit.range.end : edit.range.start;
    // Sorted and not overlapping, the taken edits' ends do not decrease: those that end before `from` cannot conflict.
    for (let i = this.firstEndingFrom(from); i < this.edits.length && cmp(this.edits[i].range.start, to) <= 0; i++) {
      if (conflict(edit, this.edits[i])) return true;
    }
    return false;
  }

  add(edit: TextEdit): void {
    const list = this.edits;
    let i = list.length;
    if (i > 0 && cmp(list[i - 1].range.start, edit.range.start) > 0) {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(list[mid].range.start, edit.range.start) <= 0) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    list.splice(i, 0, edit);
    const prev = list[i - 1];
    const next = list[i + 1];
    if (cmp(edit.range.start, edit.range.end) > 0 || (prev && cmp(prev.range.end, edit.range.start) > 0) || (next && cmp(edit.range.end, next.range.start) > 0)) {
      this.ordered = false;
    }
  }

  /** The index of the first taken edit that ends at or after `p`. */
  private firstEndingFrom(p: { line: number; character: number }): number {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(this.edits[mid].range.end, p) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
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
