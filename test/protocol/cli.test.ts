/**
 * The bundled CLI (`node dist/cli.js`), run as a user runs it, from the
 * repository root. Build first (`node esbuild.mjs`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { CLI, ROOT, SAMPLE_TEXT } from './lsp';

const SAMPLE = 'samples/dm-monthly-report-2017-04.md';
const SUMMARY = '72 problems (1 error, 67 warnings, 4 info, 0 hints) in 1 file';
const DM10221 = `${SAMPLE}:297:278 error malformed-ticket Malformed ticket "DM10221": Jira keys are written DM-10221.`;

/** A report that satisfies the template and cites only catalogued things. */
const CLEAN = `# Data Management Monthly Report

## May 2017

### High-level Summary/Status

- Released [LDM-151](https://ldm-151.lsst.io/) (DM-10441).

# Risk Management

No changes.

## Detailed Project Progress and Status

## University of Washington

Current accomplishments:

02C.03.01 - Single Frame Processing Pipelines

- Findeisen worked on coordinate transforms (DM-9599).

Planned activities:

- More of the same.

Recruitment update: N/A
`;

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-cli-'));
  writeFileSync(join(dir, 'clean.md'), CLEAN);
  writeFileSync(join(dir, 'warnings.md'), CLEAN.replace('(DM-10441)', '([DM-10441](#))'));
  // Latin-1 "é" (0xE9) is not valid UTF-8.
  writeFileSync(join(dir, 'latin1.md'), Buffer.concat([Buffer.from('# R\u00e9sum\u00e9 in Latin-1: '), Buffer.from([0xe9, 0x0a])]));
  mkdirSync(join(dir, 'folder.md'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

const runs = new Map<string, { code: number | null; out: string; err: string }>();
/** Runs the CLI once per argument list (each run costs a Node start-up). */
function run(...args: string[]) {
  const key = JSON.stringify(args);
  if (!runs.has(key)) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.error, undefined);
    runs.set(key, { code: r.status, out: r.stdout, err: r.stderr });
  }
  return runs.get(key)!;
}

test('check on the reference report: 72 diagnostic lines and the summary, exit 1', () => {
  const r = run('check', SAMPLE);
  assert.equal(r.code, 1);
  assert.equal(r.err, '');
  assert.ok(r.out.endsWith('\n'));
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines.length, 73);
  assert.equal(lines[72], SUMMARY);
  const diagnosticLines = lines.slice(0, 72);
  const format = /^samples\/dm-monthly-report-2017-04\.md:(\d+):(\d+) (error|warning|info|hint) ([a-z-]+) (.+)$/;
  assert.ok(diagnosticLines.every((l) => format.test(l)), diagnosticLines.find((l) => !format.test(l)));
  const count = (re: RegExp) => diagnosticLines.filter((l) => re.test(l)).length;
  assert.equal(count(/ error malformed-ticket /), 1);
  assert.equal(count(/ warning placeholder-link /), 66);
  assert.equal(count(/ warning unknown-document /), 1);
  assert.equal(count(/ info unknown-document /), 4);
  // 66 = the `](#)` of the text; the warning unknown-document is SOR-019, the four infos are
  // LSE-299 (twice), Document-25798 and Collection-5517, which the catalog lacks.
  assert.equal(SAMPLE_TEXT.split('](#)').length - 1, 66);
  assert.deepEqual(
    diagnosticLines.filter((l) => l.includes(' unknown-document ')).map((l) => l.split(' ').slice(1, 4).join(' ')),
    [
      'info unknown-document Collection-5517',
      'info unknown-document Document-25798',
      'warning unknown-document Unknown',
      'info unknown-document LSE-299',
      'info unknown-document LSE-299',
    ],
  );

  assert.ok(diagnosticLines.includes(DM10221));
  // 1-based line and UTF-16 column of `DM10221` in the text.
  const textLines = SAMPLE_TEXT.split('\n');
  const line = textLines.findIndex((l) => l.includes('DM10221'));
  assert.equal(`${line + 1}:${textLines[line].indexOf('DM10221') + 1}`, '297:278');

  // Sorted by position.
  const keys = diagnosticLines.map((l) => format.exec(l)!.slice(1, 3).map(Number));
  assert.deepEqual(keys, [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
});

test('--format json: LSP diagnostics with 0-based ranges and numeric severities, same as the text output', () => {
  const r = run('check', '--format', 'json', SAMPLE);
  assert.equal(r.code, 1);
  assert.equal(r.err, '');
  const results = JSON.parse(r.out) as { file: string; diagnostics: Diagnostic[] }[];
  assert.equal(results.length, 1);
  assert.equal(results[0].file, SAMPLE);
  const diagnostics = results[0].diagnostics;
  assert.equal(diagnostics.length, 72);
  const malformed = diagnostics.find((d) => d.code === 'malformed-ticket');
  assert.deepEqual(malformed, {
    range: { start: { line: 296, character: 277 }, end: { line: 296, character: 284 } },
    severity: 1,
    code: 'malformed-ticket',
    source: 'dm-report',
    message: 'Malformed ticket "DM10221": Jira keys are written DM-10221.',
    data: { corrected: 'DM-10221' },
  });
  const bySeverity = new Map<number, number>();
  for (const d of diagnostics) bySeverity.set(d.severity!, (bySeverity.get(d.severity!) ?? 0) + 1);
  assert.deepEqual([...bySeverity].sort(), [[1, 1], [2, 67], [3, 4]]);
  assert.ok(diagnostics.every((d) => d.source === 'dm-report'));

  // The same diagnostics as the text output, one line each.
  const names = ['', 'error', 'warning', 'info', 'hint'];
  const asText = diagnostics.map((d) => `${SAMPLE}:${d.range.start.line + 1}:${d.range.start.character + 1} ${names[d.severity!]} ${d.code} ${d.message}`);
  assert.deepEqual([...asText, SUMMARY], run('check', SAMPLE).out.trimEnd().split('\n'));
});

test('a clean report exits 0; warnings alone exit 0 too; one summary over several files', () => {
  const clean = run('check', join(dir, 'clean.md'));
  assert.deepEqual(clean, { code: 0, out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 1 file\n', err: '' });
  const both = run('check', join(dir, 'clean.md'), join(dir, 'warnings.md'));
  // `[DM-10441](#)` starts at column 49 of line 7.
  assert.equal(CLEAN.replace('(DM-10441)', '([DM-10441](#))').split('\n')[6].indexOf('[DM-10441') + 1, 49);
  assert.deepEqual(both, {
    code: 0,
    out:
      `${join(dir, 'warnings.md')}:7:49 warning placeholder-link Placeholder link "DM-10441" points nowhere ("#"); it could link to https://rubinobs.atlassian.net/browse/DM-10441.\n` +
      '1 problem (0 errors, 1 warning, 0 info, 0 hints) in 2 files\n',
    err: '',
  });
});

test('a missing file, a directory, a non-UTF-8 file: exit 2 with a message naming each, the other files still checked', () => {
  const missing = join(dir, 'missing.md');
  const folder = join(dir, 'folder.md');
  const latin1 = join(dir, 'latin1.md');
  const r = run('check', missing, SAMPLE, folder, latin1);
  assert.equal(r.code, 2);
  assert.equal(
    r.err,
    `dm-report: ${missing}: no such file\n` +
      `dm-report: ${folder}: is a directory, not a Markdown file\n` +
      `dm-report: ${latin1}: not valid UTF-8 text\n`,
  );
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines.length, 73);
  assert.ok(lines.includes(DM10221));
  assert.equal(lines[72], SUMMARY);

  // JSON output stays valid JSON; a file that cannot be read alone still exits 2.
  const json = run('check', '--format=json', latin1);
  assert.deepEqual(json, { code: 2, out: '[]\n', err: `dm-report: ${latin1}: not valid UTF-8 text\n` });
});

test('usage errors exit 2 with a message and print nothing on stdout', () => {
  const cases: [string[], RegExp][] = [
    [['check', '--bogus', SAMPLE], /^dm-report: unknown option "--bogus"\nUsage: dm-report check FILE/],
    [['check', '--format', 'xml', SAMPLE], /^dm-report: --format must be text or json, not "xml"\n$/],
    [['check'], /^dm-report: no files to check\nUsage:/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.out, '', args.join(' '));
    assert.match(r.err, message);
  }
});

test('CRLF line endings and a UTF-8 byte order mark give the same diagnostics at the same places', () => {
  const crlf = join(dir, 'crlf.md');
  const bom = join(dir, 'bom.md');
  writeFileSync(crlf, SAMPLE_TEXT.replace(/\n/g, '\r\n'));
  writeFileSync(bom, '\uFEFF' + SAMPLE_TEXT);
  const expected = run('check', SAMPLE).out.trimEnd().split('\n').slice(0, 72);
  const r = run('check', crlf, bom);
  assert.equal(r.code, 1);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines[144], '144 problems (2 errors, 134 warnings, 8 info, 0 hints) in 2 files');
  assert.deepEqual(lines.slice(0, 72), expected.map((l) => l.replace(SAMPLE, crlf)));
  assert.deepEqual(lines.slice(72, 144), expected.map((l) => l.replace(SAMPLE, bom)));
});
