/**
 * Text edits on whole sections, shared by the structure rules
 * (section-order, heading-level, period-mismatch). Lines are 0-based.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lineBreakOf } from '../model/lines';

/** The text of 0-based lines `from` (inclusive) to `to` (exclusive), with their line breaks. */
export function linesText(document: TextDocument, from: number, to: number): string {
  return document.getText({ start: { line: from, character: 0 }, end: { line: to, character: 0 } });
}

/** Whether a 0-based line is blank (or outside the document). */
export function blankLine(document: TextDocument, line: number): boolean {
  if (line < 0 || line >= document.lineCount) return true;
  return linesText(document, line, line + 1).trim() === '';
}

/** A text that ends with a line break (CRLF, LF or a bare CR). */
const ENDS_WITH_BREAK = /(?:\r\n|\r|\n)$/;
/** A text that ends with a blank line (a line break, blanks, a line break; the CR of a CRLF is no break of its own). */
const ENDS_WITH_BLANK_LINE = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)$/;
/** A text that starts the document or a line, then holds only blanks and a line break at its end. */
const ENDS_WITH_EMPTY_LINE = /(?:^|\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)$/;

/**
 * Edits that move whole lines `[from, to)` so that they start at line `at`
 * (`at` ≤ `from` or `at` ≥ `to`): a deletion and an insertion, nothing
 * rewritten. The moved text ends with a line break and a blank line; an
 * insertion right below a line of text goes after the blank line that
 * follows it, or else gets a blank line before it, so that it stays a block
 * of its own. The document keeps ending with its last line of text: lines
 * moved to the end get no blank line after them, and lines moved away from
 * the end take the blank lines before them along (white space only).
 */
export function moveLines(document: TextDocument, from: number, to: number, at: number): TextEdit[] {
  // The moved lines keep their line breaks (CRLF, LF or a bare CR). The ones added are LF, written in
  // the document's style by rules/fixes.ts, except after the moved lines: there the document's line
  // break, or a CR after a bare CR in a document of LF breaks (an LF would make one CRLF of them).
  let text = linesText(document, from, to);
  const eol = lineBreakOf(document.getText());
  const append = () => (text += eol === '\n' && text.endsWith('\r') ? '\r' : eol);
  if (!ENDS_WITH_BREAK.test(text)) append();
  if (!ENDS_WITH_BLANK_LINE.test(text)) append();
  // Right below a last line of text and its blank line: go after the blank line (outside the moved lines).
  if (at > 0 && !blankLine(document, at - 1) && at < document.lineCount && blankLine(document, at) && (at + 1 < from || at >= to)) at++;
  if (!blankLine(document, at - 1) && at > 0) text = '\n' + text;
  const length = document.getText().length;
  const atEnd = (line: number) => document.offsetAt({ line, character: 0 }) >= length;
  let insertAt = { line: at, character: 0 };
  if (atEnd(at)) {
    // At the end of the document: the moved lines end the file with one line break, no blank line
    // after them, and one blank line before them (a text without a final line break gets one first).
    const doc = document.getText();
    text = text.replace(/^(?:\r\n|\r|\n)/, '').replace(/(\r\n|\r(?!\n)|\n)(?:[ \t]*(?:\r\n|\r(?!\n)|\n))+$/, '$1');
    if (doc !== '') text = (!ENDS_WITH_BREAK.test(doc) ? '\n\n' : ENDS_WITH_EMPTY_LINE.test(doc) ? '' : '\n') + text;
    insertAt = document.positionAt(length);
  }
  // Lines moved away from the end of the document: the blank lines before them go too, so that
  // the file still ends with its last line of text (and its line break), not a blank line.
  let start = from;
  if (atEnd(to)) {
    while (start > 0 && start - 1 > at && blankLine(document, start - 1)) start--;
  }
  // A section that runs to the end of the document is deleted up to its end (never {line: lineCount}).
  const end = to < document.lineCount ? { line: to, character: 0 } : document.positionAt(length);
  return [
    { range: { start: { line: start, character: 0 }, end }, newText: '' },
    { range: { start: insertAt, end: insertAt }, newText: text },
  ];
}
