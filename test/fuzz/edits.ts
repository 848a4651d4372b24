/**
 * The differential fuzzer's random edits (test/fuzz/fuzz.ts): a seeded PRNG and the edits an
 * author, an editor or a paste makes — characters, whole lines (headings `#`…`######`, fences
 * ``` and ~~~ bare, indented or in a bullet, HTML comments and `<script>`/`<style>`/`<textarea>`
 * blocks, bullets, labels, tickets), line breaks turned CRLF / bare CR / LF, a BOM at the start,
 * front matter, astral characters (emoji: surrogate pairs), paste and delete of ranges.
 *
 * An edit is a UTF-16 offset range of the current text and its replacement. Offsets never split a
 * surrogate pair or a CRLF (an editor cannot place the cursor there); an edit may still join a CR
 * and an LF into one CRLF, or delete one half of a pair's neighbours.
 */

/** A seeded PRNG (mulberry32): the same seed gives the same sequence of numbers. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** One of `choices`, each with its weight. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    let r = this.next() * choices.reduce((s, [w]) => s + w, 0);
    for (const [w, v] of choices) if ((r -= w) < 0) return v;
    return choices[choices.length - 1][1];
  }
}

/** One replacement in the text: `length` UTF-16 units from `offset` become `text`. */
export interface Edit {
  offset: number;
  length: number;
  text: string;
  /** What kind of edit it was (for the report). */
  kind: string;
}

/** Applies `edit` to `text`. */
export function applyEdit(text: string, edit: Edit): string {
  return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.length);
}

/** `offset` moved back off the middle of a surrogate pair or of a CRLF. */
export function snap(text: string, offset: number): number {
  offset = Math.max(0, Math.min(offset, text.length));
  if (offset > 0 && offset < text.length) {
    const before = text.charCodeAt(offset - 1);
    const after = text.charCodeAt(offset);
    if ((before === 13 && after === 10) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff)) offset--;
  }
  return offset;
}

/** The offsets where the lines of `text` start (CR, LF and CRLF end a line, as in LSP). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

const WORDS = ['data', 'pipeline', 'DM-1234', 'DM10221', 'LDM-151', 'SQR-019', '02C.03.01', 'RFC-345', 'release', 'April 2017', 'N/A', '**bold**', '`code`', '[link](#)', '😀', 'é', '𝔸'];
const TITLES = [
  'High-level Summary',
  'Risk Management',
  'Detailed Project Progress and Status',
  'University of Washington',
  'LSST Program Office',
  'DM Project Management and Control',
  'SLAC / Stanford University',
  'NCSA / University of Illinois',
  'Current accomplishments:',
  'Planned activities:',
  'Recruitment update: N/A',
  '02C.03.01 Single Frame Processing Pipelines',
  '02C.07.04 Site Infrastructure',
  'April 2017',
  'May 2017',
  'Data Management Monthly Report',
  '**Batch Production Services**',
  'Technical Progress',
  'Accomplishments this period',
  'Notes 🎉',
  '',
];
const OPENERS = ['```', '~~~', '````', '```python', '~~~ text', '<!--', '<script>', '<style>', '<textarea>', '<pre>', '<div>', '<details>', '<?php', '<![CDATA[', '<!DOCTYPE html'];
const CLOSERS = ['```', '~~~', '````', '-->', '</script>', '</style>', '</textarea>', '</pre>', '</div>', '?>', ']]>', '>'];
const LINES = [
  () => '- A bullet with DM-12345 in it.',
  () => '* Another bullet',
  () => '1. A numbered item',
  () => '  - a nested bullet',
  () => '    indented code',
  () => '- [ ] a plan',
  () => '> a quote',
  () => 'Current accomplishments:',
  () => 'Planned activities: (for May 2017)',
  () => 'Recruitment update: N/A',
  () => '**Planned activities:**',
  () => 'DM-9656 Replanning of the pipelines',
  () => 'See [DM10221](#) and [SOR-019](#), LDM-503-2, DMS-REQ-0347.',
  () => '02C.03.01 - Single Frame Processing Pipelines',
  () => '---',
  () => '===',
  () => '',
  () => '<!-- a comment -->',
  () => 'Text with an emoji 😀 and 𝔸.',
  () => '####\u00a0Planned activities:',
  () => '##High-level Summary',
  () => '**Accomplishments this period**',
  () => '**High-level Summary:**',
];
const FRONT_MATTER = ['---\ntemplate: dm-monthly-2019\n---\n', '---\nperiod: 2017-05\n---\n', '---\ntemplate: personal-monthly\n# a comment\n---\n', '---\ntemplate: [\n---\n', '---\n'];

/**
 * A random edit of `text`; `seeds` are other texts to paste from. The text grows at most to
 * `maxLength` (beyond it, only deletions).
 */
export function randomEdit(rng: Random, text: string, seeds: readonly string[], maxLength: number): Edit {
  const starts = lineStarts(text);
  const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
  const anyBreak = () => rng.weighted([[6, eol], [1, '\n'], [1, '\r\n'], [1, '\r']] as const);
  const at = () => snap(text, rng.int(text.length + 1));
  const lineStart = () => starts[rng.int(starts.length)];
  const insert = (offset: number, inserted: string, kind: string): Edit => ({ offset, length: 0, text: inserted, kind });
  const line = (body: string, kind: string): Edit => {
    const offset = lineStart();
    // At the end of a text without a final line break, the new line goes after a break.
    const last = offset === text.length && text.length > 0 && !/[\r\n]$/.test(text);
    return insert(offset, last ? anyBreak() + body : body + anyBreak(), kind);
  };
  const grow = text.length < maxLength;
  const op = rng.weighted<string>([
    [grow ? 14 : 0, 'char'],
    [grow ? 6 : 0, 'word'],
    [grow ? 8 : 0, 'heading'],
    [grow ? 8 : 0, 'opener'],
    [grow ? 5 : 0, 'closer'],
    [grow ? 5 : 0, 'bullet-opener'],
    [grow ? 8 : 0, 'line'],
    [6, 'line-break'],
    [2, 'all-line-breaks'],
    [2, 'bom'],
    [grow ? 1 : 0, 'front-matter'],
    [grow ? 3 : 0, 'astral'],
    [12, 'delete'],
    [6, 'delete-lines'],
    [grow ? 6 : 0, 'paste'],
    [4, 'replace-char'],
  ]);
  switch (op) {
    case 'char':
      return insert(at(), rng.pick(['#', ' ', '-', '*', '`', '~', '<', '>', '!', '[', ']', '(', ')', ':', '.', '\t', '\n', '\r', '\r\n', 'a', 'Z', '0', '9', '_', '=', '|', '\\', '\u00a0', 'é']), 'char');
    case 'word':
      return insert(at(), rng.pick(WORDS) + (rng.chance(0.5) ? ' ' : ''), 'word');
    case 'heading':
      return line(`${'#'.repeat(rng.range(1, 6))}${rng.chance(0.9) ? ' ' : ''}${rng.pick(TITLES)}`, 'heading');
    case 'opener':
      return line(`${rng.pick(['', '', '', ' ', '  ', '   ', '    '])}${rng.pick(OPENERS)}`, 'opener');
    case 'closer':
      return line(`${rng.pick(['', '', ' ', '  ', '    '])}${rng.pick(CLOSERS)}`, 'closer');
    case 'bullet-opener':
      return line(`${rng.pick(['- ', '* ', '1. ', '  - ', '> '])}${rng.pick(OPENERS)}`, 'bullet-opener');
    case 'line':
      return line(rng.pick(LINES)(), 'line');
    case 'line-break': {
      const breaks = [...text.matchAll(/\r\n|\r|\n/g)];
      if (breaks.length === 0) return insert(at(), anyBreak(), 'line-break');
      const b = rng.pick(breaks);
      return { offset: b.index, length: b[0].length, text: rng.pick(['\n', '\r\n', '\r', '\n\n', '\r\r']), kind: 'line-break' };
    }
    case 'all-line-breaks':
      return { offset: 0, length: text.length, text: text.replace(/\r\n|\r|\n/g, rng.pick(['\n', '\r\n', '\r'])), kind: 'all-line-breaks' };
    case 'bom':
      return text.startsWith('\uFEFF') ? { offset: 0, length: 1, text: '', kind: 'bom' } : insert(0, '\uFEFF', 'bom');
    case 'front-matter': {
      // Written with the text's line break, after a BOM if there is one.
      return insert(text.startsWith('\uFEFF') ? 1 : 0, rng.pick(FRONT_MATTER).replace(/\n/g, eol), 'front-matter');
    }
    case 'astral':
      return insert(at(), rng.pick(['😀', '🎉', '𝔸', '👩‍💻', '🇺🇸']), 'astral');
    case 'delete': {
      const from = at();
      const to = snap(text, from + Math.min(text.length - from, rng.weighted([[5, 1], [3, rng.range(2, 10)], [2, rng.range(10, 200)]] as const)));
      return { offset: from, length: Math.max(0, to - from), text: '', kind: 'delete' };
    }
    case 'delete-lines': {
      const i = rng.int(starts.length);
      const j = Math.min(starts.length, i + rng.range(1, 8));
      const end = j < starts.length ? starts[j] : text.length;
      return { offset: starts[i], length: end - starts[i], text: '', kind: 'delete-lines' };
    }
    case 'paste': {
      const source = rng.chance(0.7) ? text : rng.pick(seeds);
      const from = rng.chance(0.6) ? lineStarts(source)[rng.int(lineStarts(source).length)] : snap(source, rng.int(source.length + 1));
      const to = snap(source, from + rng.range(1, 400));
      return insert(rng.chance(0.6) ? lineStart() : at(), source.slice(from, to), 'paste');
    }
    default: {
      // replace-char: one character (or surrogate pair) replaced by another.
      if (text.length === 0) return insert(0, '#', 'replace-char');
      const from = snap(text, rng.int(text.length));
      const width = text.codePointAt(from)! > 0xffff || text.startsWith('\r\n', from) ? 2 : 1;
      return { offset: from, length: Math.min(width, text.length - from), text: rng.pick(['#', ' ', '`', '~', '-', '<', 'x', '\n', '😀']), kind: 'replace-char' };
    }
  }
}
