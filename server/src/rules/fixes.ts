/**
 * What every fix goes through after the rules made it (`runRules`), so that no
 * rule has to get it right on its own:
 *
 * - a fix with an edit that lands inside a code block or an HTML block (the
 *   model's `literalBlocks`), anywhere after the opening of the unclosed
 *   block, or before the front matter (which must start the file; edits of
 *   its values are the fixes of period-mismatch) — is dropped: its text would
 *   be code or hidden, and fix-all would write it again and again. Only the
 *   fix of `unclosed-block` writes inside its block: it closes it;
 * - a fix with an edit that lands inside a part the parser skipped
 *   (./parseSkipped.ts) is dropped, whatever its rule: what the light
 *   fallback read there is not enough to edit it safely;
 * - the line breaks a fix writes (`\n`) are the document's (`\r\n` or a bare
 *   `\r` when its first line ends so), in quick fixes and fix-all alike;
 * - no edit joins a bare CR and an LF into one line break (a CRLF) where its
 *   text meets the document: in a document of mixed line breaks, a fix keeps
 *   every line it does not write.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { AnalyzedDocument } from '../model/analysis';
import { lineBreakOf, withLineBreaks } from '../model/lines';
import type { Finding, Fix } from './registry';
import { skippedParts } from './parseSkipped';

/** A literal block as UTF-16 offsets of the document (`end` exclusive). */
interface Span {
  start: number;
  end: number;
  open: boolean;
  /** The front matter: nothing may be written before it (it must start the file); its values may be edited. */
  frontMatter: boolean;
}

/**
 * Whether an edit writes or deletes inside a literal block: one of its ends
 * lies strictly inside it (inside the unclosed block: anywhere after its
 * opening), or it inserts text that would join the block's first or last line;
 * for the front matter, whether it inserts text before it.
 */
function landsInside(edit: TextEdit, document: TextDocument, span: Span): boolean {
  const s = document.offsetAt(edit.range.start);
  const e = document.offsetAt(edit.range.end);
  const breakFirst = /^[\r\n]/.test(edit.newText);
  const breakLast = /[\r\n]$/.test(edit.newText);
  if (span.frontMatter) return s === span.start && edit.newText !== '';
  if (span.open) return s > span.start || e > span.start || (s === span.start && edit.newText !== '' && !breakLast);
  if ((s > span.start && s < span.end) || (e > span.start && e < span.end)) return true;
  if (edit.newText === '') return false;
  return (s === span.end && !breakFirst) || (s === span.start && !breakLast);
}

/** The literal blocks of an analysis as offsets of its document, to ask `landsInside` of many edits. */
class LiteralSpans {
  /** The unclosed block and the front matter: asked of every edit. */
  private readonly always: Span[] = [];
  /** The others, in document order when `ordered` (each ends at or before the next starts), else in any order. */
  private readonly spans: Span[] = [];
  private readonly ordered: boolean;

  constructor(analysis: AnalyzedDocument) {
    const { document, model } = analysis;
    for (const b of model.literalBlocks) {
      const span = { start: document.offsetAt(b.range.start), end: document.offsetAt(b.range.end), open: b.open, frontMatter: b.kind === 'front-matter' };
      (span.open || span.frontMatter ? this.always : this.spans).push(span);
    }
    this.ordered = this.spans.every((s, i) => s.start <= s.end && (i === 0 || this.spans[i - 1].end <= s.start));
  }

  /**
   * Whether `edit` lands inside one of the blocks (`landsInside`). A closed block can only
   * say so when it starts at or before the edit's end and ends at or after its start: in
   * document order, a binary search finds the first such block (a scan of every block per
   * edit made the rules quadratic in a long report).
   */
  hit(edit: TextEdit, document: TextDocument): boolean {
    if (this.always.some((span) => landsInside(edit, document, span))) return true;
    if (!this.ordered) return this.spans.some((span) => landsInside(edit, document, span));
    const a = document.offsetAt(edit.range.start);
    const b = document.offsetAt(edit.range.end);
    const from = Math.min(a, b);
    const to = Math.max(a, b);
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid].end < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.spans.length && this.spans[i].start <= to; i++) if (landsInside(edit, document, this.spans[i])) return true;
    return false;
  }
}

/** The parts the parser skipped (./parseSkipped.ts) as spans: nothing is written inside one. */
function skippedSpans(analysis: AnalyzedDocument): Span[] {
  return skippedParts(analysis).map((p) => ({ start: p.start, end: p.end, open: false, frontMatter: false }));
}

/**
 * `edit` written so that it joins no bare CR and LF into one CRLF: the document's CR before it and
 * the LF its text starts with (then a CR), its text's final CR and the document's LF after it (then
 * a CRLF), or a deletion between the two (then an LF in its place). Other edits are returned as they are.
 */
function separateBreaks(edit: TextEdit, document: TextDocument, text: string): TextEdit {
  const crBefore = text[document.offsetAt(edit.range.start) - 1] === '\r';
  const lfAfter = text[document.offsetAt(edit.range.end)] === '\n';
  let newText = edit.newText;
  if (newText === '') newText = crBefore && lfAfter ? '\n' : '';
  else {
    if (crBefore && newText.startsWith('\n')) newText = '\r' + newText.slice(1);
    if (lfAfter && newText.endsWith('\r')) newText += '\n';
  }
  return newText === edit.newText ? edit : { ...edit, newText };
}

/** `edit` with its line breaks in the document's style (`eol`), joining no CR and LF of the document. */
function written(edit: TextEdit, document: TextDocument, text: string, eol: '\r\n' | '\r' | '\n'): TextEdit {
  return separateBreaks(eol === '\n' ? edit : { ...edit, newText: withLineBreaks(edit.newText, eol) }, document, text);
}

/**
 * Edits made outside the rules (the Insert Missing Sections command) held to the same
 * standard as fixes: those that would land inside a literal block dropped, line breaks in
 * the document's style.
 */
export function checkEdits(edits: TextEdit[], analysis: AnalyzedDocument): TextEdit[] {
  const spans = new LiteralSpans(analysis);
  const skipped = skippedSpans(analysis);
  const text = analysis.document.getText();
  const eol = lineBreakOf(text);
  return edits
    .filter((edit) => !spans.hit(edit, analysis.document) && !skipped.some((span) => landsInside(edit, analysis.document, span)))
    .map((e) => written(e, analysis.document, text, eol));
}

/**
 * The findings with every fix that would write inside a literal block
 * dropped, and the line breaks of the others in the document's style.
 * @returns new finding objects when something changed; the others as they were.
 */
export function checkFixes(findings: Finding[], analysis: AnalyzedDocument): Finding[] {
  const { document } = analysis;
  const spans = new LiteralSpans(analysis);
  const skipped = skippedSpans(analysis);
  const text = document.getText();
  const eol = lineBreakOf(text);
  const inSkipped = (fix: Fix) => fix.edits.some((edit) => skipped.some((span) => landsInside(edit, document, span)));
  const allowed = (finding: Finding, fix: Fix): boolean =>
    !inSkipped(fix) && (finding.diagnostic.code === 'unclosed-block' || !fix.edits.some((edit) => spans.hit(edit, document)));
  return findings.map((finding) => {
    if (finding.fixes.length === 0) return finding;
    const fixes = finding.fixes.filter((fix) => allowed(finding, fix)).map((fix) => {
      const edits = fix.edits.map((e) => written(e, document, text, eol));
      return edits.every((e, i) => e === fix.edits[i]) ? fix : { ...fix, edits };
    });
    return fixes.length === finding.fixes.length && fixes.every((f, i) => f === finding.fixes[i]) ? finding : { ...finding, fixes };
  });
}
