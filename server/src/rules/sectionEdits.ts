/**
 * Text edits on whole sections, shared by the structure rules
 * (section-order, heading-level, period-mismatch). Lines are 0-based.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** The text of 0-based lines `from` (inclusive) to `to` (exclusive), with their line breaks. */
export function linesText(document: TextDocument, from: number, to: number): string {
  return document.getText({ start: { line: from, character: 0 }, end: { line: to, character: 0 } });
}

/** Whether a 0-based line is blank (or outside the document). */
export function blankLine(document: TextDocument, line: number): boolean {
  if (line < 0 || line >= document.lineCount) return true;
  return linesText(document, line, line + 1).trim() === '';
}

/**
 * Edits that move whole lines `[from, to)` so that they start at line `at`
 * (`at` ≤ `from` or `at` ≥ `to`): a deletion and an insertion, nothing
 * rewritten. The moved text ends with a line break and a blank line; an
 * insertion right below a line of text goes after the blank line that
 * follows it, or else gets a blank line before it, so that it stays a block
 * of its own.
 */
export function moveLines(document: TextDocument, from: number, to: number, at: number): TextEdit[] {
  let text = linesText(document, from, to);
  if (!text.endsWith('\n')) text += '\n';
  if (!/\n[ \t]*\r?\n$/.test(text)) text += '\n';
  // Right below a last line of text and its blank line: go after the blank line (outside the moved lines).
  if (at > 0 && !blankLine(document, at - 1) && at < document.lineCount && blankLine(document, at) && (at + 1 < from || at >= to)) at++;
  if (!blankLine(document, at - 1) && at > 0) text = '\n' + text;
  let insertAt = { line: at, character: 0 };
  if (at >= document.lineCount) {
    // After the last line of a text without a final line break.
    const end = document.positionAt(document.getText().length);
    insertAt = end;
    if (end.character > 0) text = '\n\n' + text.replace(/^\n/, '');
  }
  return [
    { range: { start: { line: from, character: 0 }, end: { line: to, character: 0 } }, newText: '' },
    { range: { start: insertAt, end: insertAt }, newText: text },
  ];
}
