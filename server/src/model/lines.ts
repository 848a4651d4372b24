/**
 * Line breaks as CommonMark (micromark) and LSP (`TextDocument`) count them:
 * `\r\n`, a bare `\r` (old Mac exports) and `\n` each end a line. Every
 * line-based computation of the model goes through these helpers, so that a
 * report saved with CR, LF or CRLF line breaks gets the same 0-based lines.
 */

/** One line break: CRLF, a bare CR or LF (global: use with `lastIndex`, or through the helpers below). */
export const LINE_BREAK = /\r\n|\r|\n/g;

/** A line break at the end of a string (to strip it). */
const TRAILING_BREAK = /(?:\r\n|\r|\n)$/;

/**
 * The 0-based UTF-16 offsets where the lines of `text` start: `[0, …]`, one
 * more than the number of line breaks (a final line break starts an empty last line).
 */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) starts.push(i + 1);
    else if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * The 0-based line of a UTF-16 offset, by binary search in line starts (`lineStartOffsets`): the
 * last line starting at or before `offset` (0 for an offset before the first start).
 */
export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The lines of `text`, without their line breaks (`split` at every CR, LF or CRLF). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The first line of `text`, without its line break. */
export function firstLine(text: string): string {
  const m = /\r|\n/.exec(text);
  return m ? text.slice(0, m.index) : text;
}

/** `line` without the line break it ends with, if any. */
export function withoutLineBreak(line: string): string {
  return line.replace(TRAILING_BREAK, '');
}

/** Whether `text` holds a line break. */
export function hasLineBreak(text: string): boolean {
  return /[\r\n]/.test(text);
}

/**
 * The line break a document is written with: that of its first line
 * (`\r\n`, `\r` or `\n`; `\n` for a text of one line). Text inserted into the
 * document is written with it.
 */
export function lineBreakOf(text: string): '\r\n' | '\r' | '\n' {
  const m = /\r\n|\r|\n/.exec(text);
  return m ? (m[0] as '\r\n' | '\r' | '\n') : '\n';
}

/**
 * `text` with every LF that is not part of a CRLF written as `eol`: the line
 * breaks a fix adds, in the document's style. CR and CRLF breaks already in
 * `text` (moved lines of the document) are kept as they are.
 */
export function withLineBreaks(text: string, eol: '\r\n' | '\r' | '\n'): string {
  return eol === '\n' ? text : text.replace(/\r?\n/g, (m) => (m === '\n' ? eol : m));
}
