/**
 * Finding identifiers in prose: Jira tickets (`DM-10441`), malformed tickets
 * (`DM10221`, `DM 1234`, `dm-1234`, `DM–1234`), document handles (`LDM-151`,
 * `Document-25798`, and unknown series such as `SOR-019`) and WBS codes
 * (`02C.03.01`, `1.02C.03.01`).
 *
 * Every ID matches as a whole word only: not preceded by a letter, digit, `_`
 * or hyphen, and not followed by a letter, digit, `_`, or a hyphen that
 * continues a longer ID. So `LDM-503-2` (a milestone), `DM-AP-14`,
 * `DMS-REQ-0347` and `S17b` are none of these.
 *
 * Nor is anything an ID inside a URL, host name or e-mail address: nothing
 * preceded by `/`, `.` or `@` (`https://example.com/DM10221/SOR-019`,
 * `lsst.dm-10221`, `user@dm-1234.org`), and no ticket or handle followed by
 * `.` and a letter or digit (`dmtn-044.lsst.io`). The `1.` of `1.02C.03.01` is
 * part of the WBS match, not a `.` before it.
 *
 * Document handles also match in three mistaken forms, so that a rule can
 * suggest the catalogued handle; the scanner only finds them, the catalog
 * decides (`DocumentCatalog.suggestion`):
 * - a known series in the wrong case (`ldm-151`, `Dmtn-044`): the pattern
 *   `SERIES-NUMBER` with an upper-case first letter already covers `Dmtn-044`;
 *   a lower-case first letter is taken only for a known series;
 * - a series with two letters swapped (`LMD-151`): an ordinary unknown series;
 * - a known series written without its hyphen (`LDM151`, `DMTN044`): only for
 *   the series written in capitals (not `Document`, `Report`, which are words),
 *   in their exact case, followed by digits; `SQR`, `DMTN` alone or `LSE2` inside
 *   a longer word (`FALSE2`) are not handles.
 */


/** What kind of identifier a match is. */
export type IdKind = 'ticket' | 'malformed-ticket' | 'document' | 'wbs';

/** One identifier found in a piece of text. Offsets are UTF-16 indexes into that text. */
export interface IdMatch {
  kind: IdKind;
  /** The text as written. */
  text: string;
  /** Start offset in the scanned text. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /** Tickets: the canonical ID (`DM-10221` for `DM10221`). WBS: the code without a `1.` prefix. Documents: the handle as written. */
  value: string;
  /**
   * Documents: the series as written (`LDM`, `ldm` in `ldm-151`). A handle
   * written without its hyphen (`LDM151`) has no series part: this is the
   * whole token, which is no known series.
   */
  series?: string;
}

/** Not part of a longer word or ID, nor of a URL path, host name or e-mail address. */
const BEFORE = '(?<![\\p{L}\\p{N}_\\-\\u2013\\u2014/.@])';
/** Not continued by a word character, a hyphenated part (`LDM-503-2`) or a host name (`dmtn-044.lsst.io`). */
const AFTER = '(?![\\p{L}\\p{N}_]|[\\-\\u2013\\u2014.][\\p{L}\\p{N}])';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Four-digit numbers that read as years (`DM 2017 plan`) are not taken for a ticket written with a space. */
function looksLikeYear(digits: string): boolean {
  return digits.length === 4 && /^(19|20)\d\d$/.test(digits);
}

/**
 * Ticket keys for which a space-separated number (`KEY 1234`) is never taken
 * for a malformed ticket. The IETF's RFCs are cited as `RFC 2119`, `RFC 822`
 * in prose (as in DM documents), and that reads exactly like a mistyped
 * `RFC-2119` of the Jira RFC project; the far likelier reading is the IETF
 * document, so the space form is ignored for this key (`rfc-2119`, `RFC2119`
 * and `RFC–2119` are still malformed).
 */
const NO_SPACE_FORM = new Set(['RFC']);

/** Series written in capitals (`LDM`, `DMTN`), the only ones looked for without a hyphen or in another case. */
function acronyms(series: readonly string[]): string[] {
  return series.filter((s) => /^[A-Z]{2,12}$/.test(s));
}

/**
 * Scans text for identifiers. Build one per set of ticket keys and reuse it;
 * `scan` is called on every text node of every document version.
 */
export class IdScanner {
  private readonly pattern: RegExp;
  private readonly keys: Set<string>;
  /** Known series written in capitals: `ldm-151` (a known series in another case) is a handle to check. */
  private readonly capitalSeries: Set<string>;

  /**
   * @param ticketKeys Jira project keys that count as tickets, upper case (`['DM', 'RFC']`).
   * @param documentSeries known document series as written (`LDM`, `DMTN`, `Document`), from the
   *   document catalog (`DocumentCatalog.series()`). Only used to find mistyped handles (`ldm-151`, `LDM151`).
   */
  constructor(ticketKeys: readonly string[], documentSeries: readonly string[]) {
    this.keys = new Set(ticketKeys.map((k) => k.toUpperCase()));
    const capitals = acronyms(documentSeries).filter((s) => !this.keys.has(s));
    this.capitalSeries = new Set(capitals);
    // Keys match in any case (`dm-1234` is a malformed `DM-1234`); series names stay case-sensitive.
    const anyCase = (key: string) =>
      [...key].map((c) => (/[A-Z]/.test(c) ? `[${c}${c.toLowerCase()}]` : escapeRegExp(c))).join('');
    const longestFirst = (list: Iterable<string>, f: (s: string) => string) =>
      [...list].sort((a, b) => b.length - a.length).map(f).join('|') || '(?!)';
    const keyAlt = longestFirst(this.keys, anyCase);
    const bareAlt = longestFirst(capitals, escapeRegExp);
    const source =
      // 1: ticket key, 2: separator, 3: digits (any case of the key)
      `${BEFORE}(?:(?<key>${keyAlt})(?<sep>[ \\-\\u2013\\u2014]?)(?<num>\\d+)${AFTER}` +
      // WBS code with optional `1.` prefix
      `|(?<wbs>(?:1\\.)?(?<code>02C(?:\\.\\d{2})*))(?![\\p{L}\\p{N}_]|\\.\\d)` +
      // document handle: SERIES-NUMBER (a lower-case first letter only for a known series, checked in `scan`)
      `|(?<series>[A-Za-z][A-Za-z]{1,11})-(?<docnum>\\d{1,6})${AFTER}` +
      // a known series in capitals without its hyphen: LDM151
      `|(?<bare>(?:${bareAlt})\\d{1,6})${AFTER})`;
    this.pattern = new RegExp(source, 'gu');
  }

  /** Whether `key` (upper case) is a ticket key. */
  isTicketKey(key: string): boolean {
    return this.keys.has(key);
  }

  /**
   * All identifiers in `text`, in order of position.
   * @param text any prose; offsets of the result index into it.
   */
  scan(text: string): IdMatch[] {
    const out: IdMatch[] = [];
    this.pattern.lastIndex = 0;
    for (let m = this.pattern.exec(text); m; m = this.pattern.exec(text)) {
      const g = m.groups!;
      const start = m.index;
      const end = start + m[0].length;
      if (g.key !== undefined) {
        const key = g.key;
        const upper = key.toUpperCase();
        const sep = g.sep;
        const num = g.num;
        const canonical = `${upper}-${num}`;
        if (key === upper && sep === '-') {
          out.push({ kind: 'ticket', text: m[0], start, end, value: canonical });
        } else if (
          (sep === '-' || sep === '\u2013' || sep === '\u2014') ||
          (sep === '' && num.length >= 3) ||
          // `DM 1234`: four digits or more (`DM 100 hours` is prose), not a year, not an IETF `RFC 2119`.
          (sep === ' ' && key === upper && num.length >= 4 && !looksLikeYear(num) && !NO_SPACE_FORM.has(upper))
        ) {
          out.push({ kind: 'malformed-ticket', text: m[0], start, end, value: canonical });
        }
        // Otherwise (`DM 2017`, `DM 100`, `RFC 2119`, `Dm 12`): ordinary prose.
      } else if (g.wbs !== undefined) {
        out.push({ kind: 'wbs', text: m[0], start, end, value: g.code });
      } else if (g.series !== undefined) {
        const series = g.series;
        if (this.keys.has(series.toUpperCase())) continue; // handled as a ticket above when well formed
        // `step-2`, `python-3`: a lower-case word is a handle only when it is a known series in another case.
        if (series[0] !== series[0].toUpperCase() && !this.capitalSeries.has(series.toUpperCase())) continue;
        out.push({ kind: 'document', text: m[0], start, end, value: m[0], series });
      } else if (g.bare !== undefined) {
        out.push({ kind: 'document', text: m[0], start, end, value: m[0], series: m[0] });
      }
    }
    return out;
  }
}
