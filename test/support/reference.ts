/**
 * The reference report (samples/dm-monthly-report-2017-04.md) and its golden
 * diagnostics. Tests that need "how many problems the reference has" take them
 * from here instead of copying a number: `referenceDiagnostics()` is checked
 * against test/snapshots/reference-diagnostics.json (see ./snapshot.ts), so a
 * change in behaviour updates that one file (`UPDATE_SNAPSHOTS=1 npm test`).
 *
 *   const expected = referenceDiagnostics();           // LSP Diagnostics, as `check --format json`
 *   assert.equal(lines.at(-1), summaryLine(expected, 1)); // "79 problems (1 error, …) in 1 file"
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { memoryHost, ROOT, runCli } from './cli.ts';
import { matchSnapshot } from './snapshot.ts';

/** The reference's path relative to the repository root, as the CLI tests name it. */
export const REFERENCE_FILE = 'samples/dm-monthly-report-2017-04.md';
/** The reference's absolute path. */
export const REFERENCE_PATH = resolve(ROOT, REFERENCE_FILE);
/** The reference's text. */
export const REFERENCE_TEXT = readFileSync(REFERENCE_PATH, 'utf8');

/**
 * The diagnostics `dm-report check --format json` gives for `text` saved as `file` in a folder without
 * `.dmreport.yaml` (in memory; nothing is read from disk).
 * @param file the file name (it matters: period-mismatch compares the period heading with it).
 */
export function checkDiagnostics(text: string, file = '2017-04.md'): Diagnostic[] {
  const r = runCli(['check', '--format', 'json', file], { host: memoryHost({ [file]: text }) });
  if (r.code === 2) throw new Error(`dm-report check ${file} failed: ${r.err}`);
  const [entry] = JSON.parse(r.out) as { file: string; diagnostics: Diagnostic[] }[];
  return entry.diagnostics;
}

let reference: Diagnostic[] | undefined;

/**
 * The diagnostics of the reference report, checked (once per process) against the snapshot
 * `reference-diagnostics`: code, severity, range, message, source, data and whatever else the
 * diagnostics carry, in the order the CLI prints them.
 */
export function referenceDiagnostics(): Diagnostic[] {
  reference ??= matchSnapshot('reference-diagnostics', checkDiagnostics(REFERENCE_TEXT, 'dm-monthly-report-2017-04.md'));
  return reference;
}

/** `3 problems`, `1 problem`. */
function plural(k: number, word: string): string {
  return `${k} ${word}${k === 1 ? '' : 's'}`;
}

/** How many of `diagnostics` have each severity (1 error … 4 hint). */
export function severityCounts(diagnostics: readonly { severity?: number }[]): { errors: number; warnings: number; info: number; hints: number } {
  const n = (s: number) => diagnostics.filter((d) => (d.severity ?? 1) === s).length;
  return { errors: n(1), warnings: n(2), info: n(3), hints: n(4) };
}

/**
 * The summary line `dm-report check` ends its text output with, for these diagnostics:
 * `79 problems (1 error, 74 warnings, 4 info, 0 hints) in 1 file`.
 * @param files how many entries (files) the run reported.
 */
export function summaryLine(diagnostics: readonly { severity?: number }[], files: number): string {
  const c = severityCounts(diagnostics);
  return (
    `${plural(diagnostics.length, 'problem')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ` +
    `${c.info} info, ${plural(c.hints, 'hint')}) in ${plural(files, 'file')}`
  );
}

/** How many of `diagnostics` have each code: `{ 'placeholder-link': 66, … }` (keys in order of first appearance). */
export function codeCounts(diagnostics: readonly Pick<Diagnostic, 'code'>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of diagnostics) out[String(d.code)] = (out[String(d.code)] ?? 0) + 1;
  return out;
}

/**
 * A diagnostic as one line of `dm-report check`'s text output (1-based line and column).
 * @param file the name the output gives the file.
 */
export function textLine(file: string, d: Diagnostic): string {
  const severity = ['', 'error', 'warning', 'info', 'hint'][d.severity ?? 1];
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severity} ${d.code} ${d.message}`;
}

/** What `dm-report check --fix` does to the reference saved as `2017-04.md`. */
export interface FixedReference {
  /** The file as `--fix` rewrote it. */
  text: string;
  /** The diagnostics left (`--format json`). */
  diagnostics: Diagnostic[];
  /** How many fixes were applied (`fixed` of the JSON entry). */
  fixed: number;
  /** What it said on standard error (`dm-report: 2017-04.md: fixed N problems (…)`). */
  err: string;
}

let fixedReference: FixedReference | undefined;

/**
 * The reference after `dm-report check --fix --format json 2017-04.md` (in memory), once per
 * process; the diagnostics left, the number of fixes and the message are checked against the
 * snapshot `reference-fixed` (the fixed text is not: tests build it independently).
 */
export function referenceFixed(): FixedReference {
  if (!fixedReference) {
    const host = memoryHost({ '2017-04.md': REFERENCE_TEXT });
    const r = runCli(['check', '--fix', '--format', 'json', '2017-04.md'], { host });
    if (r.code === 2) throw new Error(`dm-report check --fix failed: ${r.err}`);
    const [entry] = JSON.parse(r.out) as { diagnostics: Diagnostic[]; fixed: number }[];
    const checked = matchSnapshot('reference-fixed', { code: r.code, diagnostics: entry.diagnostics, fixed: entry.fixed, err: r.err });
    fixedReference = { text: host.get('/ws/2017-04.md')!, diagnostics: checked.diagnostics, fixed: checked.fixed, err: checked.err };
  }
  return fixedReference;
}
