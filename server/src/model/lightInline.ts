/**
 * Inline Markdown read without a syntax tree, for the light scanner
 * (./lightScan.ts): the text of a paragraph or heading as the identifier
 * scan of the full model sees it, and its plain text as
 * `mdast-util-to-string` gives it (what labels, team names and periods are
 * matched against).
 *
 * The full model (./build.ts) scans the source of each mdast `text` node and
 * skips inline code, HTML, images, autolinks and the targets of links (and
 * the text of `mailto:` links and of links whose text is their target). Here
 * those parts are found with CommonMark's precedence — code spans, autolinks
 * and raw HTML first, then links and images by their brackets, then `*` and
 * `_` emphasis by delimiter runs — and masked: replaced by U+0000 in a copy of
 * the same length, so that offsets stay and the identifier scanner sees a
 * boundary there, as it sees one at the edge of a text node.
 *
 * Known differences, by design (rare in reports): reference links and images
 * (`[text][label]`, `![alt][label]`) are read as text; emphasis delimiters
 * pair across link brackets; an HTML comment's rare forms (`<!-->`) follow
 * the simple rule `<!--` … `-->`.
 */
import { decodeString } from 'micromark-util-decode-string';

/** What `readInline` gives. */
export interface InlineReading {
  /** The source with everything that is not text for identifiers replaced by U+0000 (same length: offsets stay). */
  masked: string;
  /** The plain text: markup dropped, escapes and character references decoded, soft line breaks as `\n`, hard ones as nothing. */
  plain: string;
}

/** The mask character: a boundary for the identifier scanner (no letter, digit, `_`, dash, `/`, `.` or `@`). */
const MASK = '\u0000';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const UNICODE_PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/;

/** An autolink: a URI (scheme of 2–32 characters) or an e-mail address between `<` and `>` (CommonMark 6.5), matched at `lastIndex`. */
// eslint-disable-next-line no-control-regex -- CommonMark: no ASCII control character in an autolink
const AUTOLINK = /<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\u0000-\u001f]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y;
/** Raw inline HTML (CommonMark 6.6): an open or closing tag, a comment, a processing instruction, a declaration, CDATA; matched at `lastIndex`. */
const ATTRIBUTE = `\\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\\s*=\\s*(?:[^\\s"'=<>\`]+|'[^']*'|"[^"]*"))?`;
const INLINE_HTML = new RegExp(
  `<(?:[A-Za-z][A-Za-z0-9-]*(?:${ATTRIBUTE})*\\s*/?>|/[A-Za-z][A-Za-z0-9-]*\\s*>|!--[\\s\\S]*?-->|\\?[\\s\\S]*?\\?>|![A-Za-z][^>]*>|!\\[CDATA\\[[\\s\\S]*?\\]\\]>)`,
  'y',
);

/**
 * What a character of the source is: text (scanned, in the plain text), markup (dropped), code
 * (a code span), literal (raw HTML, an autolink, a link's text that is never scanned: in the
 * plain text, not scanned), alt (an image's description: likewise), hidden (dropped).
 */
const TEXT = 0;
const MARKUP = 1;
const CODE = 2;
const LITERAL = 3;
const ALT = 4;
const HIDDEN = 5;
type Roles = Uint8Array;

/** A delimiter run of `*` or `_` that may open or close emphasis. */
interface Delimiter {
  char: '*' | '_';
  /** Offset of the run's first character; `length` characters still unmatched, from `start` (openers use their end, closers their start). */
  start: number;
  length: number;
  /** The run's length as written (for the rule of 3). */
  original: number;
  canOpen: boolean;
  canClose: boolean;
  /** Characters matched on the left (closer) or right (opener) side so far. */
  used: number;
}

/** Where an inline link's destination and title end, after the `]` at `close`; undefined when no `(…)` follows or it is not a valid one. */
function inlineLinkEnd(src: string, close: number): { end: number; destination: string } | undefined {
  let i = close + 1;
  if (src[i] !== '(') return undefined;
  i++;
  const skipSpace = () => {
    let breaks = 0;
    while (i < src.length && (src[i] === ' ' || src[i] === '\t' || src[i] === '\n')) {
      if (src[i] === '\n' && ++breaks > 1) return false;
      i++;
    }
    return true;
  };
  if (!skipSpace()) return undefined;
  let destination = '';
  if (src[i] === '<') {
    const from = ++i;
    while (i < src.length && src[i] !== '>' && src[i] !== '<' && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
    if (src[i] !== '>') return undefined;
    destination = src.slice(from, i);
    i++;
  } else {
    const from = i;
    let depth = 0;
    while (i < src.length) {
      const c = src[i];
      if (c === '\\' && i + 1 < src.length && ASCII_PUNCTUATION.test(src[i + 1])) {
        i += 2;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\n' || c.charCodeAt(0) < 0x20) break;
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
      i++;
    }
    if (depth !== 0) return undefined;
    destination = src.slice(from, i);
  }
  const beforeTitle = i;
  if (!skipSpace()) return undefined;
  const open = src[i];
  if ((open === '"' || open === "'" || open === '(') && i > beforeTitle) {
    const closer = open === '(' ? ')' : open;
    i++;
    while (i < src.length && src[i] !== closer) {
      if (open === '(' && src[i] === '(') return undefined;
      i += src[i] === '\\' ? 2 : 1;
    }
    if (src[i] !== closer) return undefined;
    i++;
    if (!skipSpace()) return undefined;
  }
  if (src[i] !== ')') return undefined;
  return { end: i + 1, destination: decodeString(destination) };
}

/** Whether the character before/after a delimiter run counts as white space or punctuation (the ends of the source are white space). */
function kindAt(src: string, i: number): 'space' | 'punct' | 'other' {
  if (i < 0 || i >= src.length) return 'space';
  const code = src.charCodeAt(i);
  // A character outside the BMP: both halves of its surrogate pair.
  const c =
    code >= 0xdc00 && code <= 0xdfff && i > 0 ? src.slice(i - 1, i + 1) : code >= 0xd800 && code <= 0xdbff ? src.slice(i, i + 2) : src[i];
  if (WHITESPACE.test(c)) return 'space';
  return UNICODE_PUNCTUATION.test(c) ? 'punct' : 'other';
}

/**
 * Reads the inline content of one paragraph or heading.
 * @param src the content: the paragraph's lines joined by `\n` (container markers and the
 *   indentation of continuation lines may stay: they are read as white space), or a heading's text.
 * @returns the masked source for the identifier scan and the plain text. Linear in `src`
 *   (each construct is looked for once from where it opens); never throws.
 */
export function readInline(src: string): InlineReading {
  const n = src.length;
  // Fast path: nothing that can be markup.
  if (!/[`<[!*_\\&\n]/.test(src)) return { masked: src, plain: src };
  const roles: Roles = new Uint8Array(n);
  const set = (from: number, to: number, role: number) => roles.fill(role, from, to);
  /** Code spans: content ranges, for the plain text. */
  const codes: { from: number; to: number }[] = [];
  const delimiters: Delimiter[] = [];
  /** Open brackets: `[` or `![`, with whether a link may still start there. */
  const brackets: { at: number; image: boolean; active: boolean; delimiters: number }[] = [];
  let i = 0;
  while (i < n) {
    const c = src[i];
    if (c === '\\' && i + 1 < n && ASCII_PUNCTUATION.test(src[i + 1])) {
      i += 2;
      continue;
    }
    if (c === '`') {
      let k = i;
      while (k < n && src[k] === '`') k++;
      const run = k - i;
      let j = k;
      let close = -1;
      while (j < n) {
        const at = src.indexOf('`', j);
        if (at < 0) break;
        let e = at;
        while (e < n && src[e] === '`') e++;
        if (e - at === run) {
          close = at;
          break;
        }
        j = e;
      }
      if (close < 0) {
        i = k;
        continue;
      }
      set(i, close + run, CODE);
      codes.push({ from: k, to: close });
      i = close + run;
      continue;
    }
    if (c === '<') {
      AUTOLINK.lastIndex = i;
      const auto = AUTOLINK.exec(src);
      if (auto) {
        set(i, i + auto[0].length, LITERAL);
        i += auto[0].length;
        continue;
      }
      INLINE_HTML.lastIndex = i;
      const html = INLINE_HTML.exec(src);
      if (html) {
        set(i, i + html[0].length, LITERAL);
        i += html[0].length;
        continue;
      }
      i++;
      continue;
    }
    if (c === '*' || c === '_') {
      let k = i;
      while (k < n && src[k] === c) k++;
      const before = kindAt(src, i - 1);
      const after = kindAt(src, k);
      const left = after !== 'space' && (after !== 'punct' || before !== 'other');
      const right = before !== 'space' && (before !== 'punct' || after !== 'other');
      const canOpen = c === '*' ? left : left && (!right || before === 'punct');
      const canClose = c === '*' ? right : right && (!left || after === 'punct');
      if (canOpen || canClose) delimiters.push({ char: c, start: i, length: k - i, original: k - i, canOpen, canClose, used: 0 });
      i = k;
      continue;
    }
    if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      const image = c === '!';
      brackets.push({ at: i, image, active: true, delimiters: delimiters.length });
      i += image ? 2 : 1;
      continue;
    }
    if (c === ']') {
      const opener = brackets.pop();
      if (opener && opener.active) {
        const link = inlineLinkEnd(src, i);
        if (link) {
          const textFrom = opener.at + (opener.image ? 2 : 1);
          if (opener.image) {
            // An image: its description is its plain text (`alt`), never scanned; the rest is dropped.
            set(opener.at, textFrom, HIDDEN);
            for (let k = textFrom; k < i; k++) if (roles[k] === TEXT) roles[k] = ALT;
            set(i, link.end, HIDDEN);
          } else {
            set(opener.at, textFrom, MARKUP);
            set(i, link.end, MARKUP);
            const text = plainOf(src.slice(textFrom, i));
            // An address or the target itself as the link's text is never scanned (`[DM1234](mailto:DM1234@lsst.org)`).
            if (/^mailto:/i.test(link.destination) || text === link.destination || `mailto:${text}` === link.destination) {
              for (let k = textFrom; k < i; k++) if (roles[k] === TEXT) roles[k] = LITERAL;
            }
            // Links do not nest: no earlier `[` opens one any more.
            for (const b of brackets) if (!b.image) b.active = false;
          }
          i = link.end;
          continue;
        }
      }
      i++;
      continue;
    }
    i++;
  }
  // Emphasis (CommonMark's "process emphasis"): each closer takes the nearest opener of its character.
  const emphasis = new Set<number>();
  for (let ci = 0; ci < delimiters.length; ci++) {
    const closer = delimiters[ci];
    if (!closer.canClose) continue;
    for (let oi = ci - 1; oi >= 0 && closer.length > 0; oi--) {
      const opener = delimiters[oi];
      if (!opener.canOpen || opener.char !== closer.char || opener.length === 0) continue;
      if ((opener.canClose || closer.canOpen) && (opener.original + closer.original) % 3 === 0 && !(opener.original % 3 === 0 && closer.original % 3 === 0)) continue;
      const take = opener.length >= 2 && closer.length >= 2 ? 2 : 1;
      for (let k = 0; k < take; k++) {
        emphasis.add(opener.start + opener.length - 1 - k);
        emphasis.add(closer.start + closer.used + k);
      }
      opener.length -= take;
      closer.length -= take;
      closer.used += take;
      // Delimiters between the two can no longer match anything.
      for (let k = oi + 1; k < ci; k++) delimiters[k].length = 0;
      oi++; // the same opener may match again
    }
  }
  for (const at of emphasis) roles[at] = MARKUP;
  // Runs of scanned text as written, the rest as as many mask characters (line breaks always stay).
  const parts: string[] = [];
  let k = 0;
  while (k < n) {
    const scanned = roles[k] === TEXT || src[k] === '\n';
    let e = k + 1;
    while (e < n && (roles[e] === TEXT || src[e] === '\n') === scanned) e++;
    parts.push(scanned ? src.slice(k, e) : MASK.repeat(e - k));
    k = e;
  }
  const masked = parts.join('');
  return { masked, plain: plainText(src, roles, codes) };
}

/** The plain text of a piece of inline source (a link's text), as `readInline` gives it. */
function plainOf(src: string): string {
  return readInline(src).plain;
}

/**
 * The plain text of `src` given the role of each character: text and literals (HTML, autolinks'
 * text) as written, escapes and references decoded; code spans' content with line breaks as
 * spaces and one space stripped from each side; markup and images dropped; a soft line break
 * as `\n` (the white space around it dropped), a hard one (two spaces or `\` before it) as nothing.
 */
function plainText(src: string, roles: Roles, codes: { from: number; to: number }[]): string {
  let out = '';
  let i = 0;
  let code = 0;
  const n = src.length;
  while (i < n) {
    const role = roles[i];
    if (role === MARKUP || role === HIDDEN) {
      i++;
      continue;
    }
    if (role === CODE) {
      // The code span this run of code starts (its opening backticks at `i`).
      while (code < codes.length && codes[code].to <= i) code++;
      const span = codes[code];
      if (span && i < span.to) {
        let content = src.slice(span.from, span.to).replace(/\n/g, ' ');
        if (/^ .* $/s.test(content) && content.trim() !== '') content = content.slice(1, -1);
        out += content;
        i = span.to;
      }
      while (i < n && roles[i] === CODE) i++;
      continue;
    }
    // A run of text or literal up to the next line break or other role.
    let j = i;
    while (j < n && roles[j] === role && src[j] !== '\n') j++;
    const piece = src.slice(i, j);
    out += role === TEXT || role === ALT ? decodeString(piece) : autolinkText(piece);
    i = j;
    if (src[i] === '\n') {
      // Soft or hard line break: white space before it dropped (two spaces or a `\`: hard), and after it.
      // (a `\` break keeps the white space before it; a soft or a two-space break drops it).
      if (out.endsWith('\\') && roles[i - 1] === TEXT) out = out.slice(0, -1);
      else {
        const trailing = /[ \t]*$/.exec(out)![0];
        out = out.slice(0, out.length - trailing.length) + (/ {2,}$/.test(trailing) ? '' : '\n');
      }
      i++;
      while (i < n && (src[i] === ' ' || src[i] === '\t')) i++;
    }
  }
  return out;
}

/** An autolink's text (the address without `<` `>`); other literals (raw HTML) as written. */
function autolinkText(piece: string): string {
  return AUTOLINK_WHOLE.test(piece) ? piece.slice(1, -1) : piece;
}

const AUTOLINK_WHOLE = new RegExp(`^${AUTOLINK.source}$`);
