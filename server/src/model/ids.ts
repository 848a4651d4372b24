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
  /** Tickets: the canonical ID (`DM-10221` for `DM10221`). WBS: the code without a `1.` prefix. Documents: the handle. */
  value: string;
  /** Documents: the series as written (`LDM`). */
  series?: string;
}

const BEFORE = '(?<![\\p{L}\\p{N}_\\-\\u2013\\u2014])';
const AFTER = '(?![\\p{L}\\p{N}_]|[\\-\\u2013\\u2014][\\p{L}\\p{N}])';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Four-digit numbers that read as years (`DM 2017 plan`) are not taken for a ticket written with a space. */
function looksLikeYear(digits: string): boolean {
  return digits.length === 4 && /^(19|20)\d\d$/.test(digits);
}

/**
 * Scans text for identifiers. Build one per set of ticket keys and reuse it;
 * `scan` is called on every text node of every document version.
 */
export class IdScanner {
  private readonly pattern: RegExp;
  private readonly keys: Set<string>;

  /**
   * @param ticketKeys Jira project keys that count as tickets, upper case (`['DM', 'RFC']`).
   */
  constructor(ticketKeys: readonly string[]) {
    this.keys = new Set(ticketKeys.map((k) => k.toUpperCase()));
    // Keys match in any case (`dm-1234` is a malformed `DM-1234`); series names stay case-sensitive.
    const anyCase = (key: string) =>
      [...key].map((c) => (/[A-Z]/.test(c) ? `[${c}${c.toLowerCase()}]` : escapeRegExp(c))).join('');
    const keyAlt = [...this.keys].sort((a, b) => b.length - a.length).map(anyCase).join('|') || '(?!)';
    const source =
      // 1: ticket key, 2: separator, 3: digits (any case of the key)
      `${BEFORE}(?:(?<key>${keyAlt})(?<sep>[ \\-\\u2013\\u2014]?)(?<num>\\d+)${AFTER}` +
      // WBS code with optional `1.` prefix
      `|(?<wbs>(?:1\\.)?(?<code>02C(?:\\.\\d{2})*))(?![\\p{L}\\p{N}_]|\\.\\d)` +
      // document handle: SERIES-NUMBER
      `|(?<series>[A-Z][A-Za-z]{1,11})-(?<docnum>\\d{1,6})${AFTER})`;
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
          (sep === ' ' && key === upper && num.length >= 3 && !looksLikeYear(num))
        ) {
          out.push({ kind: 'malformed-ticket', text: m[0], start, end, value: canonical });
        }
        // Otherwise (`DM 2017`, `Dm 12`): ordinary prose.
      } else if (g.wbs !== undefined) {
        out.push({ kind: 'wbs', text: m[0], start, end, value: g.code });
      } else if (g.series !== undefined) {
        if (this.keys.has(g.series.toUpperCase())) continue; // handled as a ticket above when well formed
        out.push({ kind: 'document', text: m[0], start, end, value: m[0], series: g.series });
      }
    }
    return out;
  }
}
