/**
 * Finding identifiers in prose: Jira tickets (`DM-10441`), malformed tickets
 * (`DM10221`, `DM 1234`, `dm-1234`, `DM–1234`, `DM‐1234` with a word
 * processor's hyphen), ticket-shaped IDs whose number no Jira issue has
 * (`DM-0`, `DM-00001`, `DM-12345678`), document handles (`LDM-151`,
 * `Document-1386`, and unknown series such as `SOR-019`) and WBS codes
 * (`02C.03.01`, `1.02C.03.01`).
 *
 * Every ID matches as a whole word only: not preceded by a letter, digit, `_`
 * or hyphen, and not followed by a letter, digit, `_`, or a hyphen that
 * continues a longer ID. So `LDM-503-2` (a milestone), `DM-AP-14`,
 * `DMS-REQ-0347` and `S17b` are none of these.
 *
 * Nor is anything an ID inside a URL, host name or e-mail address: nothing
 * preceded by `/`, `.` or `@` (`https://example.com/DM10221/SOR-019`,
 * `lsst.dm-10221`, `user@dm-1234.org`), no ticket or handle followed by
 * `.` and a letter or digit (`dmtn-044.lsst.io`), and nothing in an e-mail
 * address, local part or domain (`DM1234@lsst.org`, `dm-12345@lsst.org`,
 * `LDM151@lsst.org`: `emailRanges`). The `1.` of `1.02C.03.01` is part of the WBS
 * match, not a `.` before it.
 *
 * `RFC` followed by digits without a hyphen (`RFC2119`, `RFC 8174`, `rfc2119`)
 * is an IETF RFC, not the Jira RFC project: nothing (`RFC-123` is a ticket).
 *
 * Ticket numbers: Jira numbers a project's issues from 1, without leading
 * zeros. `DM-0`, `DM-00001` and a number of more than `MAX_TICKET_DIGITS`
 * digits (`DM-12345678`) are `invalid-ticket`: no link, no look-up. Written
 * without a separator (`DM00001`, `DM123456789`) they are prose (a serial
 * number, a file name), not a ticket missing its hyphen.
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
 *
 * A series that is an English word (the DocuShare series `Document`,
 * `Collection`, `Report`, `Agreement`, `Publication`: any series the catalog
 * writes with a lower-case letter) is a handle only as the catalog writes it,
 * with a number the catalog knows (`Document-1386`, `Report-142`):
 * `Report-2`, `Document-12`, `DOCUMENT-1386` and `document-12` are prose.
 */


/**
 * What kind of identifier a match is: `invalid-ticket` is a ticket-shaped ID
 * whose number no Jira issue has (`invalidTicketNumber`).
 */
export type IdKind = 'ticket' | 'malformed-ticket' | 'invalid-ticket' | 'document' | 'wbs';

/** Why a ticket number is no Jira issue number (`invalidTicketNumber`). */
export type TicketNumberProblem = 'zero' | 'leading-zero' | 'too-long';

/** One identifier found in a piece of text. Offsets are UTF-16 indexes into that text. */
export interface IdMatch {
  kind: IdKind;
  /** The text as written. */
  text: string;
  /** Start offset in the scanned text. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /**
   * Tickets: the canonical ID (`DM-10221` for `DM10221`; `DM-00001` for an invalid ticket `dm-00001`).
   * WBS: the code without a `1.` prefix. Documents: the handle as written.
   */
  value: string;
  /** Invalid tickets: why the number is no Jira issue number. */
  problem?: TicketNumberProblem;
  /**
   * Documents: the series as written (`LDM`, `ldm` in `ldm-151`). A handle
   * written without its hyphen (`LDM151`) has no series part: this is the
   * whole token, which is no known series.
   */
  series?: string;
}

/**
 * The characters taken for a ticket's hyphen, as a regular-expression class body: the hyphen-minus and
 * what word processors put in its place: U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure
 * dash, U+2013 en dash, U+2014 em dash, U+2212 minus sign.
 */
const DASH_CLASS = '\\-\\u2010-\\u2014\\u2212';
/** The dashes other than the hyphen-minus (`DASH_CLASS`): a ticket written with one is malformed. */
const OTHER_DASHES = /^[\u2010-\u2014\u2212]$/;
/** Not part of a longer word or ID, nor of a URL path, host name or e-mail address. */
const BEFORE = `(?<![\\p{L}\\p{N}_${DASH_CLASS}/.@])`;
/** Not continued by a word character, a hyphenated part (`LDM-503-2`, `LDM‐503‐2`) or a host name (`dmtn-044.lsst.io`). */
const AFTER = `(?![\\p{L}\\p{N}_]|[${DASH_CLASS}.][\\p{L}\\p{N}])`;


/**
 * The most digits a ticket number may have. Jira's DM project reached
 * DM-10441 in April 2017 and about DM-50000 by 2025 (some 5,000 issues a
 * year; the other Rubin projects are smaller): six digits (up to DM-999999)
 * last well over a century; a longer number is a typo or no ticket.
 */
export const MAX_TICKET_DIGITS = 6;

/**
 * Why `digits` (the number of a ticket as written) is no Jira issue number:
 * `zero` (`DM-0`: Jira numbers issues from 1), `leading-zero` (`DM-00001`:
 * Jira never writes one), `too-long` (more than `MAX_TICKET_DIGITS`);
 * undefined for a plausible number.
 */
export function invalidTicketNumber(digits: string): TicketNumberProblem | undefined {
  if (/^0+$/.test(digits)) return 'zero';
  if (digits.startsWith('0')) return 'leading-zero';
  if (digits.length > MAX_TICKET_DIGITS) return 'too-long';
  return undefined;
}

/**
 * A Jira project key: an upper-case letter, then upper-case letters, digits or
 * underscores (`DM`, `SITCOM`, `DM_OPS`), as Jira's project key rule allows.
 */
export const JIRA_PROJECT_KEY = /^[A-Z][A-Z0-9_]*$/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Four-digit numbers that read as years (`DM 2017 plan`) are not taken for a ticket written with a space. */
function looksLikeYear(digits: string): boolean {
  return digits.length === 4 && /^(19|20)\d\d$/.test(digits);
}

/**
 * Ticket keys whose number without a hyphen (`KEY 1234`, `KEY1234`, any case)
 * is never taken for a ticket. The IETF's RFCs are cited as `RFC 2119`,
 * `RFC2119`, `RFC 822` (as in DM documents), which reads exactly like a
 * mistyped `RFC-2119` of the Jira RFC project; the far likelier reading is the
 * IETF document, so these forms are prose for this key (`RFC-2119` is a
 * ticket; `rfc-2119` and `RFC–2119` are still malformed).
 */
const IETF_KEYS = new Set(['RFC']);

/** What the scanner needs of the document catalog (`DocumentCatalog` has it). */
export interface DocumentSeriesSource {
  /** Known series as written in handles (`LDM`, `DMTN`, `Document`). */
  series(): readonly string[];
  /** The catalogued document of a handle (`DMTN-44` finds `DMTN-044`), if any, with its handle as catalogued. */
  get(handle: string): { handle: string } | undefined;
}

/** Series written in capitals (`LDM`, `DMTN`), the only ones looked for without a hyphen or in another case. */
function acronyms(series: readonly string[]): string[] {
  return series.filter((s) => /^[A-Z]{2,12}$/.test(s));
}

/**
 * Scans text for identifiers. Build one per set of ticket keys and document
 * catalog and reuse it; `scan` is called on every text node of every document version.
 */
export class IdScanner {
  private readonly pattern: RegExp;
  private readonly keys: Set<string>;
  /** Known series written in capitals: `ldm-151` (a known series in another case) is a handle to check. */
  private readonly capitalSeries: Set<string>;
  /** Series that are words (`Document`, `Report`), upper case: handles only as catalogued. */
  private readonly wordSeries: Set<string>;
  private readonly documents: DocumentSeriesSource;

  /**
   * @param ticketKeys Jira project keys that count as tickets (`['DM', 'RFC']`), upper-cased here.
   * @param documents the document catalog (`DocumentCatalog`): its series find mistyped handles
   *   (`ldm-151`, `LDM151`); its handles decide which word-series handles (`Document-1386`) are handles.
   */
  constructor(ticketKeys: readonly string[], documents: DocumentSeriesSource) {
    this.documents = documents;
    const documentSeries = documents.series();
    this.wordSeries = new Set(documentSeries.filter((s) => /\p{Ll}/u.test(s)).map((s) => s.toUpperCase()));
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
      `${BEFORE}(?:(?<key>${keyAlt})(?<sep>[ ${DASH_CLASS}]?)(?<num>\\d+)${AFTER}` +
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
    const emails = emailRanges(text);
    const inEmail = (start: number, end: number) => emails.some(([s, e]) => start < e && end > s);
    this.pattern.lastIndex = 0;
    for (let m = this.pattern.exec(text); m; m = this.pattern.exec(text)) {
      const g = m.groups!;
      const start = m.index;
      const end = start + m[0].length;
      if (emails.length > 0 && inEmail(start, end)) continue; // `DM1234@lsst.org`: an address, not an ID
      if (g.key !== undefined) {
        const key = g.key;
        const upper = key.toUpperCase();
        const sep = g.sep;
        const num = g.num;
        const canonical = `${upper}-${num}`;
        const hyphenated = sep === '-' || OTHER_DASHES.test(sep);
        // `RFC2119`, `RFC 8174`: an IETF RFC.
        if (IETF_KEYS.has(upper) && !hyphenated) continue;
        const problem = invalidTicketNumber(num);
        if (problem) {
          // `DM-0`, `dm-00001`, `DM‐12345678`; without a separator (`DM00001`) it is no ticket at all.
          if (hyphenated) out.push({ kind: 'invalid-ticket', text: m[0], start, end, value: canonical, problem });
        } else if (key === upper && sep === '-') {
          out.push({ kind: 'ticket', text: m[0], start, end, value: canonical });
        } else if (
          hyphenated ||
          (sep === '' && num.length >= 3) ||
          // `DM 1234`: four digits or more (`DM 100 hours` is prose), not a year.
          (sep === ' ' && key === upper && num.length >= 4 && !looksLikeYear(num))
        ) {
          out.push({ kind: 'malformed-ticket', text: m[0], start, end, value: canonical });
        }
        // Otherwise (`DM 2017`, `DM 100`, `Dm 12`): ordinary prose.
      } else if (g.wbs !== undefined) {
        out.push({ kind: 'wbs', text: m[0], start, end, value: g.code });
      } else if (g.series !== undefined) {
        const series = g.series;
        const upper = series.toUpperCase();
        if (this.keys.has(upper)) continue; // handled as a ticket above when well formed
        // `step-2`, `python-3`: a lower-case word is a handle only when it is a known series in another case.
        if (series[0] !== series[0].toUpperCase() && !this.capitalSeries.has(upper)) continue;
        // `Report-2`, `Document-12`: a word series only as catalogued (`Report-142`).
        if (this.wordSeries.has(upper)) {
          const catalogued = this.documents.get(m[0])?.handle;
          if (catalogued === undefined || catalogued.slice(0, catalogued.indexOf('-')) !== series) continue;
        }
        out.push({ kind: 'document', text: m[0], start, end, value: m[0], series });
      } else if (g.bare !== undefined) {
        out.push({ kind: 'document', text: m[0], start, end, value: m[0], series: m[0] });
      }
    }
    return out;
  }
}

/**
 * E-mail addresses are the WHATWG HTML standard's "valid e-mail address"
 * (https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address):
 * one or more local-part characters, `@`, a domain of dot-separated labels.
 * Their local part and their domain are never IDs.
 */
/** Characters of an e-mail address's local part. */
const LOCAL_PART = /[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]/;
/** The domain of an e-mail address, matched where it starts (sticky). */
const DOMAIN = /[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*/y;

/**
 * The e-mail addresses in `text`, as `[start, end)` UTF-16 offsets
 * in order. Found from each `@` outwards, so a long text is read in linear
 * time (a regular expression tried at every position would be quadratic on a
 * long run of local-part characters).
 */
export function emailRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && LOCAL_PART.test(text[start - 1])) start--;
    if (start === at) continue;
    DOMAIN.lastIndex = at + 1;
    const domain = DOMAIN.exec(text);
    if (!domain) continue;
    out.push([start, DOMAIN.lastIndex]);
    at = DOMAIN.lastIndex - 1;
  }
  return out;
}
