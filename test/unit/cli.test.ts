/**
 * The CLI (`dm-report check`, `--help`, `--version`), in-process through
 * `runCli` (test/support/cli.ts): files in memory, except where the test is
 * about the real file system (a directory, bytes that are not UTF-8).
 * What only a real process shows (exit status, a real stdin pipe, EPIPE, the
 * `#!` banner) is in test/protocol/cli-e2e.test.ts.
 * The reference's figures come from the snapshots (test/snapshots/).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { memoryHost, ROOT, runCli, type CliRun } from '../support/cli.ts';
import { REFERENCE_FILE as SAMPLE, REFERENCE_TEXT as SAMPLE_TEXT, referenceDiagnostics, summaryLine, textLine } from '../support/reference.ts';
import { matchSnapshot } from '../support/snapshot.ts';

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
const WARNINGS = CLEAN.replace('(DM-10441)', '([DM-10441](#))');

/** The in-memory folder the CLI runs in: the reference (at its repository path), a clean report, one with a warning. */
const WS = '/ws';
function host() {
  return memoryHost({ [SAMPLE]: SAMPLE_TEXT, 'clean.md': CLEAN, 'warnings.md': WARNINGS, '-dash.md': CLEAN }, WS);
}

const runs = new Map<string, CliRun>();
/** Runs the CLI in the in-memory folder, once per argument list. */
function run(...args: string[]): CliRun {
  const key = JSON.stringify(args);
  if (!runs.has(key)) runs.set(key, runCli(args, { host: host() }));
  return runs.get(key)!;
}

/** Runs the CLI in the in-memory folder with `stdin` on standard input (not cached). */
function runWith(args: string[], stdin?: string | Uint8Array): CliRun {
  return runCli(args, { host: host(), stdin });
}

/** A real folder for what needs the real file system: a directory, bytes that are not UTF-8. */
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-cli-'));
  // Latin-1 "é" (0xE9) is not valid UTF-8.
  writeFileSync(join(dir, 'latin1.md'), Buffer.concat([Buffer.from('# R\u00e9sum\u00e9 in Latin-1: '), Buffer.from([0xe9, 0x0a])]));
  mkdirSync(join(dir, 'folder.md'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('check on the reference report: one line per diagnostic of the snapshot, then the summary, exit 1', () => {
  const r = run('check', SAMPLE);
  assert.equal(r.code, 1);
  assert.equal(r.err, '');
  assert.ok(r.out.endsWith('\n'));
  const lines = r.out.trimEnd().split('\n');
  matchSnapshot('cli-check-reference', { code: r.code, err: r.err, out: lines });

  const expected = referenceDiagnostics();
  assert.equal(lines.at(-1), summaryLine(expected, 1));
  const diagnosticLines = lines.slice(0, -1);
  assert.deepEqual(diagnosticLines, expected.map((d) => textLine(SAMPLE, d)));
  const format = /^samples\/dm-monthly-report-2017-04\.md:(\d+):(\d+) (error|warning|info|hint) ([a-z-]+) (.+)$/;
  assert.ok(diagnosticLines.every((l) => format.test(l)), diagnosticLines.find((l) => !format.test(l)));
  // Every `](#)` of the text is a placeholder-link warning.
  assert.equal(diagnosticLines.filter((l) => / warning placeholder-link /.test(l)).length, SAMPLE_TEXT.split('](#)').length - 1);
  // The only error is DM10221; the warning unknown-document is SOR-019, the infos are
  // LSE-299 (twice), which the catalog lacks (Document-25798 and Collection-5517, DocuShare handles of
  // word series the catalog lacks, are not handles in prose).
  assert.deepEqual(diagnosticLines.filter((l) => / error /.test(l)), [DM10221]);
  assert.deepEqual(
    diagnosticLines.filter((l) => l.includes(' unknown-document ')).map((l) => l.split(' ').slice(1, 4).join(' ')),
    [
      'warning unknown-document Unknown',
      'info unknown-document LSE-299',
      'info unknown-document LSE-299',
    ],
  );

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
  assert.deepEqual(diagnostics, referenceDiagnostics());
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
  assert.ok(diagnostics.every((d) => d.source === 'dm-report'));

  // The same diagnostics as the text output, one line each.
  const names = ['', 'error', 'warning', 'info', 'hint'];
  const asText = diagnostics.map((d) => `${SAMPLE}:${d.range.start.line + 1}:${d.range.start.character + 1} ${names[d.severity!]} ${d.code} ${d.message}`);
  assert.deepEqual([...asText, summaryLine(diagnostics, 1)], run('check', SAMPLE).out.trimEnd().split('\n'));
});

test('a clean report exits 0; warnings alone exit 0 too; one summary over several files', () => {
  const clean = run('check', join(WS, 'clean.md'));
  assert.deepEqual(clean, { code: 0, out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 1 file\n', err: '' });
  const both = run('check', join(WS, 'clean.md'), join(WS, 'warnings.md'));
  // `[DM-10441](#)` starts at column 49 of line 7.
  assert.equal(WARNINGS.split('\n')[6].indexOf('[DM-10441') + 1, 49);
  assert.deepEqual(both, {
    code: 0,
    out:
      `${join(WS, 'warnings.md')}:7:49 warning placeholder-link Placeholder link "DM-10441" points nowhere ("#"); it could link to https://rubinobs.atlassian.net/browse/DM-10441.\n` +
      '1 problem (0 errors, 1 warning, 0 info, 0 hints) in 2 files\n',
    err: '',
  });
});

test('a missing file, a directory without Markdown files, a non-UTF-8 file (real file system): exit 2 with a message naming each, the other files still checked', () => {
  const missing = join(dir, 'missing.md');
  const folder = join(dir, 'folder.md');
  const latin1 = join(dir, 'latin1.md');
  const r = runCli(['check', missing, SAMPLE, folder, latin1], { cwd: ROOT });
  assert.equal(r.code, 2);
  assert.equal(
    r.err,
    `dm-report: ${missing}: no such file\n` +
      `dm-report: ${folder}: a directory with no Markdown file to check (*.md; node_modules, dot-directories and .gitignore'd files skipped)\n` +
      `dm-report: ${latin1}: not valid UTF-8 text\n`,
  );
  // The reference, read from the repository, is reported as when it is checked alone.
  assert.equal(r.out, run('check', SAMPLE).out);
  assert.ok(r.out.split('\n').includes(DM10221));

  // JSON output stays valid JSON; a file that cannot be read alone still exits 2.
  const json = runCli(['check', '--format=json', latin1], { cwd: ROOT });
  assert.deepEqual(json, { code: 2, out: '[]\n', err: `dm-report: ${latin1}: not valid UTF-8 text\n` });
  // In memory too: a path with files below it is a directory, checked as its Markdown files.
  assert.deepEqual(run('check', 'samples'), run('check', SAMPLE));
});

test('usage errors exit 2 with a message and print nothing on stdout', () => {
  const cases: [string[], RegExp][] = [
    [['check', '--bogus', SAMPLE], /^dm-report: unknown option "--bogus"\nUsage: dm-report check FILE/],
    [['check', '--format', 'xml', SAMPLE], /^dm-report: --format must be text, json, sarif or github, not "xml"\n$/],
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
  const h = host();
  h.set(join(WS, 'crlf.md'), SAMPLE_TEXT.replace(/\n/g, '\r\n'));
  h.set(join(WS, 'bom.md'), '\uFEFF' + SAMPLE_TEXT);
  const expected = referenceDiagnostics();
  const r = runCli(['check', 'crlf.md', 'bom.md'], { host: h });
  assert.equal(r.code, 1);
  assert.deepEqual(r.out.trimEnd().split('\n'), [
    ...expected.map((d) => textLine('crlf.md', d)),
    ...expected.map((d) => textLine('bom.md', d)),
    summaryLine([...expected, ...expected], 2),
  ]);
});

// ---- A newcomer's findings: --version, standard input, `--`, one line per diagnostic ----

test('--version prints the version of package.json', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version, '0.1.0');
  assert.deepEqual(run('--version'), { code: 0, out: '0.1.0\n', err: '' });
});

test('--help: the usage names -, --, --fix, new, --version and COMMAND --help', () => {
  assert.deepEqual(run('--help'), {
    code: 0,
    out:
      'Usage: dm-report check FILE|DIR|GLOB... [--format text|json|sarif|github] [--fix] [--cache] [--jobs N] [--parse-budget MS]\n' +
      '       dm-report new --from PREVIOUS.md [--period YYYY-MM] [-o OUT.md [--force]]\n' +
      '       dm-report --version\n' +
      '       dm-report --help | COMMAND --help\n' +
      '\n' +
      'check: checks DM monthly reports (Markdown) and prints their diagnostics.\n' +
      '  FILE            a report; - reads standard input (shown as <stdin>)\n' +
      '  DIR             its *.md files, recursively (node_modules, dot-directories\n' +
      "                  and .gitignore'd files skipped)\n" +
      '  GLOB            the Markdown files it matches ("reports/**/*.md": quote it)\n' +
      '  --format text   file:line:col severity code message, one line each (default)\n' +
      '  --format json   [{"file", "diagnostics": [LSP Diagnostic]}], 0-based ranges\n' +
      '  --format sarif  a SARIF 2.1.0 log (GitHub code scanning)\n' +
      '  --format github GitHub Actions annotations (::error file=…,line=…::message)\n' +
      '  --fix           first rewrites each FILE in place with every safe fix\n' +
      '                  (not for -), then reports what is left\n' +
      '  --cache         keeps results in .dmreport-cache: an unchanged file is not\n' +
      '                  checked again (--cache-location PATH: another file, or a\n' +
      '                  directory for it)\n' +
      '  -j, --jobs N    checks files in N worker threads (default: one per core\n' +
      '                  when there is much to check; 1: in this process)\n' +
      '  --parse-budget MS\n' +
      '                  the time the Markdown parser may take over one part of a\n' +
      '                  report (default 2000); a part that takes longer is read\n' +
      '                  line by line, with an info diagnostic (parse-skipped)\n' +
      '  --              ends the options: every later argument is a FILE\n' +
      "new: writes next month's report, made from the previous one and the template.\n" +
      '  --from FILE     the previous report (- for standard input)\n' +
      '  --period        the new month, YYYY-MM (default: the month after the previous)\n' +
      '  -o, --output    the file to write (default: standard output); not the --from file\n' +
      '  --force         with -o: overwrite an existing output file\n' +
      '  --version       prints the version\n' +
      "  -h, --help      prints this help (COMMAND --help: that command's)\n" +
      'Exit code: 0 no errors, 1 errors found, 2 usage, configuration or I/O error.\n',
    err: '',
  });
  assert.deepEqual(run('-h'), run('--help'));
  assert.deepEqual(run('help'), run('--help'));
});

test('COMMAND --help (or -h, or help COMMAND): the usage of that command on stdout, exit 0, whatever else is given', () => {
  const checkHelp =
    'Usage: dm-report check FILE|DIR|GLOB... [--format text|json|sarif|github] [--fix] [--cache] [--jobs N] [--parse-budget MS]\n' +
    '\n' +
    'check: checks DM monthly reports (Markdown) and prints their diagnostics.\n' +
    '  FILE            a report; - reads standard input (shown as <stdin>)\n' +
    '  DIR             its *.md files, recursively (node_modules, dot-directories\n' +
    "                  and .gitignore'd files skipped)\n" +
    '  GLOB            the Markdown files it matches ("reports/**/*.md": quote it)\n' +
    '  --format text   file:line:col severity code message, one line each (default)\n' +
    '  --format json   [{"file", "diagnostics": [LSP Diagnostic]}], 0-based ranges\n' +
    '  --format sarif  a SARIF 2.1.0 log (GitHub code scanning)\n' +
    '  --format github GitHub Actions annotations (::error file=…,line=…::message)\n' +
    '  --fix           first rewrites each FILE in place with every safe fix\n' +
    '                  (not for -), then reports what is left\n' +
    '  --cache         keeps results in .dmreport-cache: an unchanged file is not\n' +
    '                  checked again (--cache-location PATH: another file, or a\n' +
    '                  directory for it)\n' +
    '  -j, --jobs N    checks files in N worker threads (default: one per core\n' +
    '                  when there is much to check; 1: in this process)\n' +
    '  --parse-budget MS\n' +
    '                  the time the Markdown parser may take over one part of a\n' +
    '                  report (default 2000); a part that takes longer is read\n' +
    '                  line by line, with an info diagnostic (parse-skipped)\n' +
    '  --              ends the options: every later argument is a FILE\n' +
    '  -h, --help      prints this help\n' +
    'Exit code: 0 no errors, 1 errors found, 2 usage, configuration or I/O error.\n';
  const newHelp =
    'Usage: dm-report new --from PREVIOUS.md [--period YYYY-MM] [-o OUT.md [--force]]\n' +
    '\n' +
    "new: writes next month's report, made from the previous one and the template.\n" +
    '  --from FILE     the previous report (- for standard input)\n' +
    '  --period        the new month, YYYY-MM (default: the month after the previous)\n' +
    '  -o, --output    the file to write (default: standard output); not the --from file\n' +
    '  --force         with -o: overwrite an existing output file\n' +
    '  -h, --help      prints this help\n' +
    'Exit code: 0 the report was made, 2 usage or I/O error.\n';
  for (const args of [['check', '--help'], ['check', '-h'], ['help', 'check'], ['check', SAMPLE, '--fix', '--help'], ['check', '--bogus', '-h']]) {
    assert.deepEqual(run(...args), { code: 0, out: checkHelp, err: '' }, args.join(' '));
  }
  for (const args of [['new', '--help'], ['new', '-h'], ['help', 'new'], ['new', '--from', '2017-04.md', '-o', 'x.md', '--help']]) {
    assert.deepEqual(run(...args), { code: 0, out: newHelp, err: '' }, args.join(' '));
  }
  // After `--`, --help is a file name; a command's usage errors show that command's usage.
  assert.deepEqual(run('check', '--', '--help'), { code: 2, out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 0 files\n', err: 'dm-report: --help: no such file\n' });
  assert.equal(run('check', '--bogus').err, `dm-report: unknown option "--bogus"\n${checkHelp}`);
  assert.equal(run('new', '--bogus').err, `dm-report: unknown option "--bogus"\n${newHelp}`);
  assert.deepEqual(run('help', 'toString'), { code: 2, out: '', err: 'dm-report: help: unknown command "toString" (commands: check, new)\n' });
});

test('- reads standard input, reported as <stdin>; only once; not UTF-8 is an I/O error naming it', () => {
  const line =
    '<stdin>:7:49 warning placeholder-link Placeholder link "DM-10441" points nowhere ("#"); it could link to https://rubinobs.atlassian.net/browse/DM-10441.';
  assert.deepEqual(runWith(['check', '-'], WARNINGS), {
    code: 0,
    out: `${line}\n1 problem (0 errors, 1 warning, 0 info, 0 hints) in 1 file\n`,
    err: '',
  });
  // With files, in the order given; in JSON too.
  const clean = join(WS, 'clean.md');
  assert.deepEqual(runWith(['check', clean, '-'], WARNINGS).out, `${line}\n1 problem (0 errors, 1 warning, 0 info, 0 hints) in 2 files\n`);
  const json = JSON.parse(runWith(['check', '--format', 'json', '-', clean], WARNINGS).out) as { file: string; diagnostics: Diagnostic[] }[];
  assert.deepEqual(json.map((r) => [r.file, r.diagnostics.length]), [['<stdin>', 1], [clean, 0]]);
  // The reference on standard input: the same diagnostics as from the file.
  const fromFile = run('check', SAMPLE).out.replaceAll(`${SAMPLE}:`, '<stdin>:');
  assert.deepEqual(runWith(['check', '-'], SAMPLE_TEXT), { code: 1, out: fromFile, err: '' });

  assert.deepEqual(runWith(['check', '-', '-'], WARNINGS), {
    code: 2,
    out: '',
    err: 'dm-report: standard input (-) can be checked only once\n',
  });
  assert.deepEqual(runWith(['check', '-'], Buffer.from([0x23, 0x20, 0xe9, 0x0a])), {
    code: 2,
    out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 0 files\n',
    err: 'dm-report: <stdin>: not valid UTF-8 text\n',
  });
  // No standard input at all (a closed descriptor): an I/O error naming it.
  assert.deepEqual(runWith(['check', '-']), {
    code: 2,
    out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 0 files\n',
    err: 'dm-report: <stdin>: cannot read (EBADF)\n',
  });
});

test('-- ends the options: later arguments are files, even --format or a name starting with -', () => {
  const r = run('check', '--', '--format', SAMPLE);
  assert.equal(r.code, 2);
  assert.equal(r.err, 'dm-report: --format: no such file\n');
  // The reference is checked as when it is alone.
  assert.equal(r.out, run('check', SAMPLE).out);
  // A file whose name starts with a hyphen, in the current directory; `-` after `--` is still standard input.
  assert.deepEqual(runWith(['check', '--format=text', '--', '-dash.md', '-'], CLEAN), {
    code: 0,
    out: '0 problems (0 errors, 0 warnings, 0 info, 0 hints) in 2 files\n',
    err: '',
  });
  // Without `--` it is an unknown option.
  assert.match(runWith(['check', '-dash.md']).err, /^dm-report: unknown option "-dash\.md"\n/);
});

test('a link whose text spans two lines: its message is on one line, white space collapsed', () => {
  const text = CLEAN.replace('- More of the same.', '- More of the same, see [the plan\n  on   Confluence](#).');
  // `[the plan` starts at 1-based line 25, column 25.
  assert.equal(text.split('\n')[24].indexOf('[the plan') + 1, 25);
  const r = runWith(['check', '-'], text);
  assert.deepEqual(r, {
    code: 0,
    out:
      '<stdin>:25:25 warning placeholder-link Placeholder link "the plan on Confluence" points nowhere ("#").\n' +
      '1 problem (0 errors, 1 warning, 0 info, 0 hints) in 1 file\n',
    err: '',
  });
  const json = JSON.parse(runWith(['check', '--format', 'json', '-'], text).out) as { diagnostics: Diagnostic[] }[];
  assert.equal(json[0].diagnostics[0].message, 'Placeholder link "the plan on Confluence" points nowhere ("#").');
});
