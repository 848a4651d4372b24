/**
 * The large reports of scripts/latency.ts (generated in memory): the reference
 * report repeated with a period of its own per copy, many headings, many teams.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const SAMPLE = readFileSync(resolve(ROOT, 'samples/dm-monthly-report-2017-04.md'), 'utf8');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The reference report `copies` times, each copy with its own period (April 2017, May 2017, …).
 * With `distinct`, every heading of copy N is followed by a line `Copy N.`, so that no block's
 * text is another's (the parse then reads every block: identical blocks are parsed once).
 */
export function repeatedReport(copies: number, distinct = false): string {
  const parts: string[] = [];
  for (let i = 0; i < copies; i++) {
    const m = (3 + i) % 12;
    const y = 2017 + Math.floor((3 + i) / 12);
    const copy = SAMPLE.replace('## April 2017', `## ${MONTHS[m]} ${y}`);
    parts.push(distinct ? copy.replace(/^(#{1,6} .*)$/gm, `$1\n\nCopy ${i}.`) : copy);
  }
  return parts.join('\n');
}

const OPENING = '# Data Management Monthly Report\n\n## April 2017\n\n### High-level Summary/Status\n\n- Summary.\n\n# Risk Management\n\nNone.\n\n## Detailed Project Progress and Status\n\n';

/** A report opening and `n` topic headings, each with a line of text. */
export function manyHeadings(n: number): string {
  const parts = [OPENING];
  for (let i = 0; i < n; i++) parts.push(`### Topic ${i}\n\nSome text about topic ${i}, see DM-${1000 + i}.\n\n`);
  return parts.join('');
}

/** A report opening and `n` teams of three headings, none with a Recruitment update. */
export function manyTeams(n: number): string {
  const parts = [OPENING];
  for (let i = 0; i < n; i++) {
    parts.push(`### Team ${i}\n\n#### Current accomplishments\n\n- Did [DM-${1000 + i}](#).\n\n#### Planned activities\n\n- Plan ${i}.\n\n`);
  }
  return parts.join('');
}

