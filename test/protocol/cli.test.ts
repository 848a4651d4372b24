/**
 * The bundled CLI (`node dist/cli.js`), run as a user runs it, from the
 * repository root. Build first (`node esbuild.mjs`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { CLI, ROOT, SAMPLE_TEXT } from './lsp';

const SAMPLE = 'samples/dm-monthly-report-2017-04.md';
const SUMMARY = '79 problems (1 error, 74 warnings, 4 info, 0 hints) in 1 file';
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

test('check on the reference report: 79 diagnostic lines (72, and 7 heading-level for its mixed levels) and the summary, exit 1', () => {
  const r = run('check', SAMPLE);
  assert.equal(r.code, 1);
  assert.equal(r.err, '');
  assert.ok(r.out.endsWith('\n'));
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines.length, 80);
  assert.equal(lines[79], SUMMARY);
  const diagnosticLines = lines.slice(0, 79);
  const format = /^samples\/dm-monthly-report-2017-04\.md:(\d+):(\d+) (error|warning|info|hint) ([a-z-]+) (.+)$/;
  assert.ok(diagnosticLines.every((l) => format.test(l)), diagnosticLines.find((l) => !format.test(l)));
  const count = (re: RegExp) => diagnosticLines.filter((l) => re.test(l)).length;
  assert.equal(count(/ error malformed-ticket /), 1);
  assert.equal(count(/ warning placeholder-link /), 66);
  assert.equal(count(/ warning unknown-document /), 1);
  assert.equal(count(/ info unknown-document /), 4);
  assert.equal(count(/ warning heading-level /), 7);
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
  assert.equal(diagnostics.length, 79);
  const malformed = diagnostics.find((d) => d.code === 'malformed-ticket');
  assert.deepEqual(malformed, {
    range: { start: { line: 296, character: 277 }, end: { line: 296, character: 284 } },
    severity: 1,
    code: 'malformed-ticket',
    source: 'dm-report',
    codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#malformed-ticket' },
    message: 'Malformed ticket "DM10221": Jira keys are written DM-10221.',
    data: { corrected: 'DM-10221' },
  });
  const bySeverity = new Map<number, number>();
  for (const d of diagnostics) bySeverity.set(d.severity!, (bySeverity.get(d.severity!) ?? 0) + 1);
  assert.deepEqual([...bySeverity].sort(), [[1, 1], [2, 74], [3, 4]]);
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
  assert.equal(lines.length, 80);
  assert.ok(lines.includes(DM10221));
  assert.equal(lines[79], SUMMARY);

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
  const expected = run('check', SAMPLE).out.trimEnd().split('\n').slice(0, 79);
  const r = run('check', crlf, bom);
  assert.equal(r.code, 1);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines[158], '158 problems (2 errors, 148 warnings, 8 info, 0 hints) in 2 files');
  assert.deepEqual(lines.slice(0, 79), expected.map((l) => l.replace(SAMPLE, crlf)));
  assert.deepEqual(lines.slice(79, 158), expected.map((l) => l.replace(SAMPLE, bom)));
});

// ---- A newcomer's findings: closed pipes, --version, standard input, `--`, one line per diagnostic ----

/** Runs the CLI with `input` on standard input and in `cwd` (not cached). */
function runWith(args: string[], options: { input?: string | Buffer; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, input: options.input, encoding: 'utf8' });
  assert.equal(r.error, undefined);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a reader that closes the pipe early (`| head -1`): no EPIPE stack trace, the exit code of the check', async () => {
  // 20 copies of the reference: 1440 diagnostic lines, far more than a pipe buffer holds.
  const big = join(dir, 'big.md');
  writeFileSync(big, SAMPLE_TEXT.repeat(20));
  const child = spawn(process.execPath, [CLI, 'check', big], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  assert.equal(err, '');
  assert.equal(code, 1);
});

test('--version prints the version of package.json', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version, '0.1.0');
  assert.deepEqual(run('--version'), { code: 0, out: '0.1.0\n', err: '' });
});

test('--help: the usage names -, --, --fix, new and --version', () => {
  assert.deepEqual(run('--help'), {
    code: 0,
    out:
      'Usage: dm-report check FILE... [--format text|json] [--fix]\n' +
      '       dm-report new --from PREVIOUS.md [--period YYYY-MM] [-o OUT.md [--force]]\n' +
      '       dm-report --version\n' +
      '       dm-report --help\n' +
      '\n' +
      'check: checks DM monthly reports (Markdown) and prints their diagnostics.\n' +
      '  FILE            a report; - reads standard input (shown as <stdin>)\n' +
      '  --format text   file:line:col severity code message, one line each (default)\n' +
      '  --format json   [{"file", "diagnostics": [LSP Diagnostic]}], 0-based ranges\n' +
      '  --fix           first rewrites each FILE in place with every safe fix\n' +
      '                  (not for -), then reports what is left\n' +
      '  --              ends the options: every later argument is a FILE\n' +
      "new: writes next month's report, made from the previous one and the template.\n" +
      '  --from FILE     the previous report (- for standard input)\n' +
      '  --period        the new month, YYYY-MM (default: the month after the previous)\n' +
      '  -o, --output    the file to write (default: standard output)\n' +
      '  --force         overwrite an existing output file\n' +
      '  --version       prints the version\n' +
      'Exit code: 0 no errors, 1 errors found, 2 usage or I/O error.\n',
    err: '',
  });
});

test('- reads standard input, reported as <stdin>; only once; not UTF-8 is an I/O error naming it', () => {
  const warnings = CLEAN.replace('(DM-10441)', '([DM-10441](#))');
  const line =
    '<stdin>:7:49 warning placeholder-link Placeholder link "DM-10441" points nowhere ("#"); it could link to https://rubinobs.atlassian.net/browse/DM-10441.';
  assert.deepEqual(runWith(['check', '-'], { input: warnings }), {
    code: 0,
    out: `${line}\n1 problem (0 errors, 1 warning, 0 info, 0 hints) in 1 file\n`,
    err: '',
  });
  // With files, in the order given; in JSON too.
  const clean = join(dir, 'clean.md');
  assert.deepEqual(runWith(['check', clean, '-'], { input: warnings }).out, `${line}\n1 problem (0 errors, 1 warning, 0 info, 0 hints) in 2 files\n`);
  const json = JSON.parse(runWith(['check', '--format', 'json', '-', clean], { input: warnings }).out) as { file: string; diagnostics: Diagnostic[] }[];
  assert.deepEqual(json.map((r) => [r.file, r.diagnostics.length]), [['<stdin>', 1], [clean, 0]]);
  // The reference on standard input: the same diagnostics as from the file.
  const fromFile = run('check', SAMPLE).out.replaceAll(`${SAMPLE}:`, '<stdin>:');
  assert.deepEqual(runWith(['check', '-'], { input: SAMPLE_TEXT }), { code: 1, out: fromFile, err: '' });

  assert.deepEqual(runWith(['check', '-', '-'], { input: warnings }), {
    code: 2,
    out: '',
    err: 'dm-report: standard input (-) can be checked only once\n',
  });
  assert.deepEqual(runWith(['check', '-'], { input: Buffer.from([0x23, 0x20, 0xe9, 0x0a]) }), {
    code: 2,
    out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 0 files\n',
    err: 'dm-report: <stdin>: not valid UTF-8 text\n',
  });
});

test('-- ends the options: later arguments are files, even --format or a name starting with -', () => {
  const r = run('check', '--', '--format', SAMPLE);
  assert.equal(r.code, 2);
  assert.equal(r.err, 'dm-report: --format: no such file\n');
  assert.equal(r.out.trimEnd().split('\n')[79], SUMMARY);
  // A file whose name starts with a hyphen, in the current directory; `-` after `--` is still standard input.
  writeFileSync(join(dir, '-dash.md'), CLEAN);
  assert.deepEqual(runWith(['check', '--format=text', '--', '-dash.md', '-'], { cwd: dir, input: CLEAN }), {
    code: 0,
    out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 2 files\n',
    err: '',
  });
  // Without `--` it is an unknown option.
  assert.match(runWith(['check', '-dash.md'], { cwd: dir }).err, /^dm-report: unknown option "-dash\.md"\n/);
});

test('a link whose text spans two lines: its message is on one line, white space collapsed', () => {
  const text = CLEAN.replace('- More of the same.', '- More of the same, see [the plan\n  on   Confluence](#).');
  // `[the plan` starts at 1-based line 25, column 25.
  assert.equal(text.split('\n')[24].indexOf('[the plan') + 1, 25);
  const r = runWith(['check', '-'], { input: text });
  assert.deepEqual(r, {
    code: 0,
    out:
      '<stdin>:25:25 warning placeholder-link Placeholder link "the plan on Confluence" points nowhere ("#").\n' +
      '1 problem (0 errors, 1 warning, 0 info, 0 hints) in 1 file\n',
    err: '',
  });
  const json = JSON.parse(runWith(['check', '--format', 'json', '-'], { input: text }).out) as { diagnostics: Diagnostic[] }[];
  assert.equal(json[0].diagnostics[0].message, 'Placeholder link "the plan on Confluence" points nowhere ("#").');
});
