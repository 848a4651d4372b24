/**
 * Generated workloads for `npm run bench` (test/bench/) and for tests that need
 * many reports or a hostile input: every generator is deterministic (a seeded
 * PRNG, no clock, no I/O), so a figure measured today and one measured after a
 * change are measured on the same bytes.
 *
 *   const reports = distinctReports(REFERENCE_TEXT);       // 120 reports, about 7 MB, 2015-01 … 2024-12
 *   const big = repeatReport(REFERENCE_TEXT, 164);         // the reference repeated to 10 MB
 *   const gt = quoteLine(100_000);                         // one line of 100,000 `>`
 */

/**
 * A PRNG (mulberry32): the same seed gives the same sequence on every machine.
 * @param seed any 32-bit integer.
 * @returns a function giving floats in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** One generated report: its file name (after its period) and its text. */
export interface GeneratedReport {
  /** `dm-monthly-report-YYYY-MM.md`, the period of its period heading. */
  name: string;
  /** The period: `year` and `month` (1–12). */
  period: { year: number; month: number };
  /** The report's text (LF line breaks, like the base). */
  text: string;
}

/** How `distinctReports` varies the base. */
export interface DistinctReportsOptions {
  /** How many reports (default 120: ten years of months). */
  count?: number;
  /** The PRNG seed (default 14, the issue the generator was written for). */
  seed?: number;
  /** The first report's period (default January 2015); each next report is the next month. */
  first?: { year: number; month: number };
}

/** A label paragraph on a line of its own (`Current accomplishments:`): it stays where it is. */
const LABEL = /^(?:\*\*)?(?:Current accomplishments|Planned activities|Recruitment update)\b/;
const HEADING = /^ {0,3}#{1,6}(?:\s|$)/;
const FENCE = /^ {0,3}(?:```|~~~)/;

/** The blank-line separated paragraphs of a section body (a fenced block is one paragraph, blank lines and all). */
function paragraphs(lines: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let fenced = false;
  for (const line of lines) {
    if (FENCE.test(line)) fenced = !fenced;
    if (!fenced && line.trim() === '') {
      if (current.length) out.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) out.push(current);
  return out;
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** The top-level items of a bullet paragraph (`- ` lines and the indented lines under each), shuffled; other paragraphs as they are. */
function shuffleItems(paragraph: string[], random: () => number): string[] {
  if (!/^[-*] /.test(paragraph[0])) return paragraph;
  const items: string[][] = [];
  for (const line of paragraph) {
    if (/^[-*] /.test(line) || items.length === 0) items.push([line]);
    else items[items.length - 1].push(line);
  }
  return shuffle(items, random).flat();
}

/**
 * Varies one section body: between its label paragraphs (which stay in place), the paragraphs are
 * shuffled (half the time), the items of a bullet paragraph shuffled (half the time), a paragraph
 * repeated (6 %) or left out (6 %, never the last of a run).
 */
function varyBody(lines: readonly string[], random: () => number): string[] {
  const runs: string[][][] = [[]];
  const out: string[][] = [];
  for (const p of paragraphs(lines)) {
    if (LABEL.test(p[0])) runs.push([p], []);
    else runs[runs.length - 1].push(p);
  }
  for (const run of runs) {
    if (run.length === 1 && LABEL.test(run[0][0])) {
      out.push(run[0]);
      continue;
    }
    const varied = random() < 0.5 ? shuffle([...run], random) : [...run];
    for (let i = 0; i < varied.length; i++) {
      const p = random() < 0.5 ? shuffleItems(varied[i], random) : varied[i];
      const r = random();
      if (r < 0.06 && varied.length > 1) continue;
      out.push(p);
      if (r > 0.94) out.push(p);
    }
  }
  return out.flatMap((p, i) => (i === 0 ? p : ['', ...p]));
}

/**
 * `count` distinct reports made from `base` (the reference report, LF line breaks), as a workspace of
 * reports over ten years looks to the tools: report `i` has the period `first + i` months (its period
 * heading, the `(for Month YYYY)` of the planned activities and its file name say it), its ticket
 * numbers shifted (`DM-N` → `DM-(N + 97·(i + 1))`, the same shift for every mention in one report, so
 * that definitions and citations still match), and in every section the paragraphs between labels
 * reordered, bullets reordered, a few paragraphs repeated or left out. Headings are kept, in order.
 * Deterministic: the same base and options give the same reports.
 * @returns the reports in period order; from the reference, 120 reports of 7.5 MB in all (57–68 KB each).
 */
export function distinctReports(base: string, options: DistinctReportsOptions = {}): GeneratedReport[] {
  const count = options.count ?? 120;
  const random = seededRandom(options.seed ?? 14);
  const first = options.first ?? { year: 2015, month: 1 };
  const lines = base.split('\n');
  const headings = lines.flatMap((l, i) => (HEADING.test(l) ? [i] : []));
  const periodLine = lines.findIndex((l) => /^#{1,6} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\s*$/.test(l));
  const out: GeneratedReport[] = [];
  for (let i = 0; i < count; i++) {
    const index = first.year * 12 + (first.month - 1) + i;
    const period = { year: Math.floor(index / 12), month: (index % 12) + 1 };
    const next = { year: Math.floor((index + 1) / 12), month: ((index + 1) % 12) + 1 };
    const shift = 97 * (i + 1);
    const parts: string[] = [...lines.slice(0, headings[0] ?? lines.length)];
    headings.forEach((at, k) => {
      const end = headings[k + 1] ?? lines.length;
      const heading = at === periodLine ? lines[at].replace(/\S+ \d{4}\s*$/, `${MONTHS[period.month - 1]} ${period.year}`) : lines[at];
      const body = lines.slice(at + 1, end);
      // A heading, a blank line, the varied body, a blank line (as the reference writes them).
      const varied = varyBody(body, random);
      if (varied.length) parts.push(heading, '', ...varied, '');
      else parts.push(heading, ...body);
    });
    const text = parts
      .join('\n')
      .replace(/\(for (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\)/g, `(for ${MONTHS[next.month - 1]} ${next.year})`)
      .replace(/\bDM-(\d+)\b/g, (_, n: string) => `DM-${Number(n) + shift}`);
    const mm = String(period.month).padStart(2, '0');
    out.push({ name: `dm-monthly-report-${period.year}-${mm}.md`, period, text: text.endsWith('\n') ? text : `${text}\n` });
  }
  return out;
}

/**
 * `copies` copies of `base` in one file, joined by a blank line: the "1 MB report (16 reports in one
 * file)" of issue 14 is 16 copies of the reference (980 KB), the "10 MB report" 164 (10.05 MB).
 */
export function repeatReport(base: string, copies: number): string {
  return Array.from({ length: copies }, () => base).join('\n');
}

/** One line of `count` `>` and a line break: micromark is super-linear on it (100,000: about a minute). */
export function quoteLine(count: number): string {
  return `${'>'.repeat(count)}\n`;
}

/** Lines `<a <b <c` (9 bytes each) to at least `minBytes` bytes: no heading, so one block; about 40 s at 1 MB today. */
export function unclosedTagLines(minBytes: number): string {
  return '<a <b <c\n'.repeat(Math.ceil(minBytes / 9));
}

/**
 * A report of `count` headings: the title, the period heading (April 2017), the three report-level
 * sections, then `### Heading N` headings under "Detailed Project Progress and Status" (teams
 * without a subsection: three missing sections each, every one with a safe fix).
 */
export function manyHeadings(count: number): string {
  const lines = ['# Data Management Monthly Report', '## April 2017', '### High-level Summary/Status', '# Risk Management', '## Detailed Project Progress and Status'];
  for (let i = 1; lines.length < count; i++) lines.push(`### Heading ${i}`);
  return `${lines.slice(0, count).join('\n\n')}\n`;
}

/**
 * `bytes` seeded random bytes decoded as UTF-8 (as an editor shows a binary file: invalid sequences
 * become U+FFFD), for "1 MB of binary bytes".
 */
export function binaryText(bytes: number, seed = 14): string {
  const random = seededRandom(seed);
  const buffer = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buffer[i] = Math.floor(random() * 256);
  return buffer.toString('utf8');
}

/**
 * One line of exactly `chars` characters (and a line break) under a period heading: prose with a
 * ticket and a placeholder link every 40 characters (`Work on [DM-12345](#) went on. `), as a pasted
 * paragraph without line breaks looks.
 */
export function longLine(chars: number): string {
  let line = '';
  for (let n = 10000; line.length < chars; n++) line += `Work on [DM-${n}](#) went on. `;
  return `# Data Management Monthly Report\n\n## April 2017\n\n${line.slice(0, chars)}\n`;
}
