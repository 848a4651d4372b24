/**
 * Generated variants of a report and the properties fix-all must keep on
 * every one of them (test/unit/fixAll-properties.test.ts; the corpus of report
 * shapes under test/corpus/ can run the same check on its own texts):
 *
 *   fc.assert(fc.property(reportVariant(REFERENCE_TEXT), (v) => { checkFixAll(engine, v.text); }), { seed, numRuns });
 *
 * A variant is the base text with a few edits an author or a tool makes by
 * mistake — a heading or label line deleted, a code fence, `~~~` fence or
 * `<!--` inserted before a line, a ticket key broken (`DM10221`, `DM 1234`,
 * `dm-1234`), a line duplicated, a heading's space made a no-break space or
 * dropped — and its line breaks made CRLF or bare CR.
 *
 * The properties (`checkFixAll`):
 * 1. no author line is lost: every non-blank line of the input is still in
 *    the output, in order (only section moves may reorder: then as many times
 *    as before), compared as the safe fixes may change it (heading markers and
 *    the space after them, link destinations, the hyphen of a ticket key);
 * 2. no new kind of problem: every code left after fix-all was there before,
 *    or is one of the problems an unclosed block hid (`revealedCodes`: the
 *    text with its blocks closed by hand), or is `empty-section` on a line
 *    fix-all inserted (the empty skeleton of an inserted section), or
 *    `duplicate-section` between two lines the author wrote (an inserted label
 *    put a duplicated WBS heading inside one subsection, where it is found);
 * 3. fix-all converges in one run: its result is complete, no safe fix was
 *    left out as ineffective, and a second fix-all changes nothing.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, ReportEngine } from '../../server/src/engine/engine.ts';
import { fixAll, type FixAllResult } from '../../server/src/features/fixAll.ts';

/** One edit of a variant, on 0-based lines of the base text (taken modulo its line count). */
export type VariantEdit =
  | { kind: 'delete-heading'; index: number }
  | { kind: 'insert-fence'; line: number; fence: '```' | '~~~' | '<!--' }
  | { kind: 'break-ticket'; index: number; form: 'no-hyphen' | 'space' | 'lower-case' }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'malform-heading'; index: number; form: 'nbsp' | 'no-space' };

/** A generated variant: its edits, its line break, and the text they give. */
export interface ReportVariant {
  edits: VariantEdit[];
  eol: '\n' | '\r\n' | '\r';
  text: string;
}

/** Lines that are a heading, or a label on a line of its own (`Current accomplishments:`). */
const HEADING_OR_LABEL = /^(?:#{1,6}\s|(?:\*\*)?(?:Current accomplishments|Planned activities|Recruitment update)\b)/;
const TICKET = /\bDM-(\d+)\b/g;

/** Applies `edits` to the LF text `base`, in order, then gives it line break `eol`. */
export function applyVariant(base: string, edits: readonly VariantEdit[], eol: ReportVariant['eol']): string {
  let lines = base.split('\n');
  const pick = <T>(items: T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);
  for (const edit of edits) {
    switch (edit.kind) {
      case 'delete-heading': {
        const at = pick(lines.flatMap((l, i) => (HEADING_OR_LABEL.test(l) ? [i] : [])), edit.index);
        if (at !== undefined) lines = [...lines.slice(0, at), ...lines.slice(at + 1)];
        break;
      }
      case 'insert-fence': {
        const at = edit.line % lines.length;
        lines = [...lines.slice(0, at), edit.fence, '', ...lines.slice(at)];
        break;
      }
      case 'break-ticket': {
        const mentions = lines.flatMap((l, i) => [...l.matchAll(TICKET)].map((m) => ({ i, at: m.index, digits: m[1] })));
        const m = pick(mentions, edit.index);
        if (!m) break;
        const broken = edit.form === 'no-hyphen' ? `DM${m.digits}` : edit.form === 'space' ? `DM ${m.digits}` : `dm-${m.digits}`;
        const l = lines[m.i];
        lines[m.i] = l.slice(0, m.at) + broken + l.slice(m.at + 3 + m.digits.length);
        break;
      }
      case 'duplicate-line': {
        const at = edit.line % lines.length;
        lines = [...lines.slice(0, at + 1), lines[at], ...lines.slice(at + 1)];
        break;
      }
      case 'malform-heading': {
        const at = pick(lines.flatMap((l, i) => (/^#{1,6} \S/.test(l) ? [i] : [])), edit.index);
        if (at !== undefined) lines[at] = lines[at].replace(/^(#{1,6}) /, edit.form === 'nbsp' ? '$1\u00a0' : '$1');
        break;
      }
    }
  }
  return lines.join('\n').replace(/\n/g, eol);
}

/** The fast-check arbitrary of one variant edit. */
export const variantEdit: fc.Arbitrary<VariantEdit> = fc.oneof(
  fc.record({ kind: fc.constant('delete-heading' as const), index: fc.nat(400) }),
  fc.record({ kind: fc.constant('insert-fence' as const), line: fc.nat(2000), fence: fc.constantFrom('```' as const, '~~~' as const, '<!--' as const) }),
  fc.record({ kind: fc.constant('break-ticket' as const), index: fc.nat(400), form: fc.constantFrom('no-hyphen' as const, 'space' as const, 'lower-case' as const) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat(2000) }),
  fc.record({ kind: fc.constant('malform-heading' as const), index: fc.nat(400), form: fc.constantFrom('nbsp' as const, 'no-space' as const) }),
);

/**
 * Variants of `base` (an LF text): one to `maxEdits` edits, and a line break.
 * @param base the report to vary (the reference, or a corpus report).
 */
export function reportVariant(base: string, maxEdits = 3): fc.Arbitrary<ReportVariant> {
  return fc
    .record({ edits: fc.array(variantEdit, { minLength: 1, maxLength: maxEdits }), eol: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const) })
    .map(({ edits, eol }) => ({ edits, eol, text: applyVariant(base, edits, eol) }));
}

/**
 * A line as the safe fixes may change it: without its heading markers and
 * the space after them, with link destinations emptied and ticket keys
 * without their hyphen, white space collapsed.
 */
export function authorWords(line: string): string {
  return line
    .replace(/^\s{0,3}#{1,6}(?!#)\s*/u, '')
    .replace(/\]\([^)]*\)/g, ']()')
    .replace(/\b([A-Za-z]+)-(\d)/g, '$1$2')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The non-blank lines of `text` (any line break) as `authorWords` gives them. */
function words(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map(authorWords)
    .filter((l) => l !== '');
}

/** The 0-based lines of `result.text` that fix-all wrote (inserted text), from its edits of the original. */
export function insertedLines(original: string, result: FixAllResult): Set<number> {
  const inStarts = lineOffsets(original);
  const doc = { offsetAt: (p: { line: number; character: number }) => inStarts[p.line] + p.character };
  const outStarts = lineOffsets(result.text);
  const lineOf = (offset: number) => {
    let lo = 0;
    while (lo + 1 < outStarts.length && outStarts[lo + 1] <= offset) lo++;
    return lo;
  };
  const out = new Set<number>();
  let delta = 0;
  for (const e of result.edits) {
    const start = doc.offsetAt(e.range.start);
    const end = doc.offsetAt(e.range.end);
    if (e.newText.trim() !== '') {
      // Every line the inserted text writes on, but the ones it only ends (a leading line break).
      const from = lineOf(start + delta + (e.newText.length - e.newText.replace(/^[\r\n]+/, '').length));
      const to = lineOf(start + delta + e.newText.replace(/[\r\n]+$/, '').length);
      for (let l = from; l <= to; l++) out.add(l);
    }
    delta += e.newText.length - (end - start);
  }
  return out;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

/**
 * The codes of the problems an unclosed block hides: those of the text with
 * each `unclosed-block` closed by its fix (safe or not), one after the other,
 * as the author would (at most 10 blocks).
 */
export function revealedCodes(engine: ReportEngine, analysis: Analysis): Set<string> {
  const out = new Set<string>();
  let current = analysis;
  for (let i = 0; i < 10; i++) {
    const block = current.findings().find((f) => f.diagnostic.code === 'unclosed-block');
    if (!block || block.fixes.length === 0) break;
    const text = TextDocument.applyEdits(current.document, block.fixes[0].edits);
    current = engine.analyze(`${analysis.uri}#revealed-${i}`, text, 1);
    for (const f of current.findings()) out.add(f.diagnostic.code);
  }
  return out;
}

/** Options of `checkFixAll`. */
export interface CheckFixAllOptions {
  /**
   * The URI the text is analysed under (default `file:///variants/2017-04.md`). One URI for
   * every variant lets the engine re-parse only the blocks that differ from the last one.
   */
  uri?: string;
}

/**
 * Runs fix-all on `text` with `engine` and asserts the three properties
 * above (node:assert; the message names the property).
 * @returns the fix-all result, for further checks.
 */
export function checkFixAll(engine: ReportEngine, text: string, options: CheckFixAllOptions = {}): FixAllResult {
  const uri = options.uri ?? 'file:///variants/2017-04.md';
  const before = engine.analyze(uri, text, 1);
  const result = fixAll(engine, before, { roundUri: `${uri}#fixed` });
  // 3. Converges in one run, and a second run changes nothing.
  assert.equal(result.reason, undefined, `fix-all did not converge: ${result.reason}`);
  assert.equal(result.complete, true);
  const again = fixAll(engine, engine.analyze(`${uri}#again`, result.text, 1), { roundUri: `${uri}#again-fixed` });
  assert.equal(again.changed, false, `a second fix-all changed the text (${again.applied.map((a) => a.title).join('; ')})`);
  // 1. No author line lost: a subsequence, or (after a section move) a sub-multiset.
  const input = words(text);
  const output = words(result.text);
  if (result.applied.some((a) => a.code === 'section-order')) {
    const left = new Map<string, number>();
    for (const l of output) left.set(l, (left.get(l) ?? 0) + 1);
    for (const l of input) {
      assert.ok((left.get(l) ?? 0) > 0, `author line lost: ${JSON.stringify(l)}`);
      left.set(l, left.get(l)! - 1);
    }
  } else {
    let j = 0;
    for (const l of input) {
      while (j < output.length && output[j] !== l) j++;
      assert.ok(j < output.length, `author line lost or moved: ${JSON.stringify(l)}`);
      j++;
    }
  }
  // 2. No new kind of problem.
  const allowed = new Set<string>(before.findings().map((f) => f.diagnostic.code));
  for (const c of revealedCodes(engine, before)) allowed.add(c);
  const inserted = insertedLines(text, result);
  for (const f of result.analysis.findings()) {
    const { code, range, message } = f.diagnostic;
    if (allowed.has(code) || (code === 'empty-section' && inserted.has(range.start.line))) continue;
    // A repeat of the author's own lines that an inserted label put inside one subsection (a duplicated WBS heading).
    const first = /first (?:is )?on line (\d+)/.exec(typeof message === 'string' ? message : message.value);
    if (code === 'duplicate-section' && first && !inserted.has(range.start.line) && !inserted.has(Number(first[1]) - 1)) continue;
    assert.fail(`fix-all made a new kind of problem: ${code} on line ${range.start.line + 1}: ${message}`);
  }
  return result;
}
