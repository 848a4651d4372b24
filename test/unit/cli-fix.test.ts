/**
 * The CLI's `check --fix` and `new` in-process (test/support/cli.ts), on copies
 * of the reference report in memory; on the real file system where the bytes
 * written matter (a byte order mark, CRLF line breaks). The figures of the
 * reference come from the snapshots (test/snapshots/). A real `check --fix`
 * process writing a real file is in test/protocol/cli-e2e.test.ts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryHost, runCli, type CliRun } from '../support/cli.ts';
import { REFERENCE_TEXT as SAMPLE_TEXT, referenceFixed, summaryLine, textLine } from '../support/reference.ts';
import { matchSnapshot } from '../support/snapshot.ts';
import type { MemoryHost } from '../../server/src/host/memory.ts';

const JIRA = 'https://rubinobs.atlassian.net/browse/';

/** A real folder, for the byte-level test. */
let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'dm-report-cli-fix-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

/** A fresh in-memory folder `/ws` holding `files`. */
function folder(files: Record<string, string>): MemoryHost {
  return memoryHost(files, '/ws');
}

function run(host: MemoryHost, ...args: string[]): CliRun {
  return runCli(args, { host });
}

/** The severities of text-output diagnostic lines, as diagnostics (for the summary line they add up to). */
function severities(lines: string[]): { severity: number }[] {
  const names = ['', 'error', 'warning', 'info', 'hint'];
  return lines.map((l) => ({ severity: names.indexOf(l.split(' ')[1]) }));
}

test('check --fix on the reference: rewrites it with the safe fixes (links, DM10221, the heading levels of six teams), reports what is left, exit 0; a second run writes nothing', () => {
  const host = folder({ '2017-04.md': SAMPLE_TEXT });
  const r = run(host, 'check', '--fix', '2017-04.md');
  const lines = r.out.trimEnd().split('\n');
  matchSnapshot('cli-fix-reference', { code: r.code, err: r.err, out: lines });
  // What is left, and what it says it fixed: as the JSON run (the snapshot reference-fixed) says.
  const left = referenceFixed();
  assert.deepEqual(r, { code: 0, out: [...left.diagnostics.map((d) => textLine('2017-04.md', d)), summaryLine(left.diagnostics, 1)].join('\n') + '\n', err: left.err });
  assert.match(r.err, /^dm-report: 2017-04\.md: fixed \d+ problems \(\d+ placeholder-link, \d+ heading-level, 1 malformed-ticket\)\n$/);
  // Left: what has no safe fix (uncatalogued handles, SOR-019, the prose links); no error.
  assert.deepEqual(
    left.diagnostics.filter((d) => d.code === 'placeholder-link').map((d) => String(d.message).split('"')[1]),
    ['Collection-5517', 'Document-25798', 'SOR-019', 'on Confluence', 'Developer Guide'],
  );
  assert.ok(left.diagnostics.every((d) => d.severity !== 1));

  const fixed = host.get('/ws/2017-04.md')!;
  assert.equal(fixed, left.text);
  // Every `](#)` left is a placeholder-link diagnostic left.
  assert.equal(fixed.split('](#)').length - 1, left.diagnostics.filter((d) => d.code === 'placeholder-link').length);
  assert.ok(fixed.includes(`[DM-10221](${JIRA}DM-10221)`));
  assert.ok(fixed.includes('[DMTN-044](https://dmtn-044.lsst.io/), a technical note'));
  // Undoing the fills (Jira URLs, five catalogued handles) and the hyphen gives back the original, but for
  // heading markers (heading-level: only `#`s changed, on heading lines only).
  const filled = /\]\((https:\/\/rubinobs\.atlassian\.net\/browse\/DM-\d+|https:\/\/ls\.st\/LDM-5[12]3|https:\/\/(?:sqr-018|dmtn-044|ldm-151)\.lsst\.io\/)\)/g;
  assert.equal(fixed.match(filled)!.length, SAMPLE_TEXT.split('](#)').length - fixed.split('](#)').length);
  const unfilled = fixed.replace(filled, '](#)').replace('[DM-10221]', '[DM10221]');
  assert.equal(unfilled.replace(/^#+/gm, ''), SAMPLE_TEXT.replace(/^#+/gm, ''));
  const original = SAMPLE_TEXT.split('\n');
  const changed = unfilled.split('\n').filter((l, i) => l !== original[i]);
  assert.ok(changed.length > 0);
  assert.ok(changed.every((l) => l.startsWith('#')), changed.find((l) => !l.startsWith('#')));

  // Nothing left to fix: the file is not written (its modification time stays).
  const mtime = host.stat('/ws/2017-04.md')!.mtimeMs;
  assert.deepEqual(run(host, 'check', '--fix', '2017-04.md'), { code: 0, out: r.out, err: '' });
  assert.equal(host.stat('/ws/2017-04.md')!.mtimeMs, mtime);
  assert.equal(host.get('/ws/2017-04.md'), fixed);
});

test('check --fix: a deleted subsection is inserted at the exact place; --format json gives `fixed`', () => {
  const text = SAMPLE_TEXT.replace('\n#### Planned activities:\n\n#### 02C.03.00', '\n#### 02C.03.00');
  const host = folder({ '2017-04.md': text });
  const r = run(host, 'check', '--fix', '--format', 'json', '2017-04.md');
  assert.equal(r.code, 0);
  // The reference's fixes and one more: the missing section.
  const reference = referenceFixed();
  const count = (err: string) => Number(/fixed (\d+) problems/.exec(err)![1]);
  assert.equal(count(r.err), count(reference.err) + 1);
  assert.equal(r.err, reference.err.replace(/fixed \d+ problems \((.*)\)/, `fixed ${count(reference.err) + 1} problems ($1, 1 missing-section)`));
  const json = JSON.parse(r.out) as { file: string; diagnostics: unknown[]; fixed: number }[];
  assert.deepEqual(json, [{ file: '2017-04.md', diagnostics: reference.diagnostics, fixed: reference.fixed + 1 }]);
  const fixed = host.get('/ws/2017-04.md')!;
  const lines = fixed.split('\n');
  assert.deepEqual(lines.slice(209, 215), [
    '- Morrison implemented the improved matching algorithm and began validating it.',
    '',
    'Planned activities:',
    '',
    '#### 02C.03.00 - Alert Production Management Engineering and Integration',
    '',
  ]);
  assert.equal(lines.length, SAMPLE_TEXT.split('\n').length);
});

test('check --fix keeps a byte order mark and CRLF line breaks (real file system)', () => {
  const text = SAMPLE_TEXT.replace('\n#### Planned activities:\n\n#### 02C.03.00', '\n#### 02C.03.00').replace(/\n/g, '\r\n');
  const dir = join(root, 'bom');
  mkdirSync(dir);
  writeFileSync(join(dir, '2017-04.md'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  const r = runCli(['check', '--fix', '2017-04.md'], { cwd: dir });
  assert.equal(r.code, 0);
  const bytes = readFileSync(join(dir, '2017-04.md'));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const fixed = bytes.subarray(3).toString('utf8');
  assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false);
  assert.ok(fixed.includes('\r\n\r\nPlanned activities:\r\n\r\n#### 02C.03.00'));
});

test('check --fix refuses standard input; leaves a file that is not a report alone', () => {
  const ws = folder({ 'README.md': '# Notes\n\nSee [DM-1234](#) and DM1234.\n' });
  assert.deepEqual(run(ws, 'check', '--fix', '-'), {
    code: 2,
    out: '',
    err: 'dm-report: --fix rewrites files in place; it cannot fix standard input (-). Save the text to a file and fix that.\n',
  });
  const r = run(ws, 'check', '--fix', 'README.md');
  assert.equal(r.err, 'dm-report: README.md: not fixed: it does not look like a DM report\n');
  assert.equal(ws.get('/ws/README.md')!, '# Notes\n\nSee [DM-1234](#) and DM1234.\n');
  assert.equal(r.code, 1);
});

test('new --from 2017-04.md --period 2017-05: stdout; -o writes it, refuses to overwrite without --force; the new report has no missing-section', () => {
  const ws = folder({ '2017-04.md': SAMPLE_TEXT });
  const out = run(ws, 'new', '--from', '2017-04.md', '--period', '2017-05');
  assert.equal(out.code, 0);
  assert.equal(out.err, '');
  const lines = out.out.split('\n');
  assert.deepEqual(lines.slice(0, 5), ['# Data Management Monthly Report', '', '## May 2017', '', '### High-level Summary/Status']);
  assert.equal(lines.filter((l) => l.startsWith('- [ ] ')).length, 115);
  // The default period is the month after the previous report's.
  assert.deepEqual(run(ws, 'new', '--from', '2017-04.md'), out);

  assert.deepEqual(run(ws, 'new', '--from', '2017-04.md', '--period', '2017-05', '-o', '2017-05.md'), {
    code: 0,
    out: "Wrote 2017-05.md: 2017-05, 10 teams, 115 planned items carried into this month's accomplishments\n",
    err: '',
  });
  assert.equal(ws.get('/ws/2017-05.md')!, out.out);
  assert.deepEqual(run(ws, 'new', '--from', '2017-04.md', '-o', '2017-05.md'), {
    code: 2,
    out: '',
    err: 'dm-report: 2017-05.md exists; use --force to overwrite it\n',
  });
  assert.equal(run(ws, 'new', '--from', '2017-04.md', '--period=2017-06', '-o', '2017-05.md', '--force').code, 0);
  assert.equal(ws.get('/ws/2017-05.md')!.split('\n')[2], '## June 2017');
  run(ws, 'new', '--from', '2017-04.md', '-o', '2017-05.md', '--force');

  const check = run(ws, 'check', '2017-05.md');
  assert.deepEqual([check.code, check.err], [0, '']);
  const lines2 = check.out.trimEnd().split('\n');
  matchSnapshot('cli-check-new-month-2017-05', { code: check.code, err: check.err, out: lines2 });
  // Besides what was carried, only empty-section on the parts to write; last month's mixed heading levels
  // (heading-level warnings on 2017-04) are evened out in the new report.
  const diagnosticLines = lines2.slice(0, -1);
  assert.deepEqual(
    diagnosticLines.filter((l) => !/ warning empty-section /.test(l)),
    [
      '2017-05.md:140:43 warning placeholder-link Placeholder link "LDM-151" points nowhere ("#"); it could link to https://ldm-151.lsst.io/.',
      '2017-05.md:405:157 info unknown-document LSE-299 is not in the document catalog (the catalog is incomplete; check that the handle is right).',
    ],
  );
  assert.ok(diagnosticLines.some((l) => / warning empty-section /.test(l)));
  assert.equal(lines2.at(-1), summaryLine(severities(diagnosticLines), 1));
});

test('new: usage errors exit 2 with a clear message', () => {
  const ws = folder({ '2017-04.md': SAMPLE_TEXT, 'no-period.md': SAMPLE_TEXT.replace('## April 2017\n', '') });
  const usage = (r: { code: number | null; out: string; err: string }, first: string) => {
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.split('\n')[0], first);
  };
  usage(run(ws, 'new'), 'dm-report: new needs --from PREVIOUS.md');
  usage(run(ws, 'new', '--from'), 'dm-report: --from needs the previous report (a file, or - for standard input)');
  usage(run(ws, 'new', '--from', '2017-04.md', '--period', '2017-5'), 'dm-report: --period must be a month written YYYY-MM (e.g. 2017-05), not "2017-5"');
  usage(run(ws, 'new', '--from', '2017-04.md', '--period'), 'dm-report: --period needs a month, YYYY-MM (e.g. 2017-05)');
  usage(run(ws, 'new', '--from', '2017-04.md', '--bogus'), 'dm-report: unknown option "--bogus"');
  usage(run(ws, 'new', '2017-04.md'), 'dm-report: unexpected argument "2017-04.md" (the previous report goes after --from)');
  usage(run(ws, 'new', '--from', 'missing.md'), 'dm-report: missing.md: no such file');
  usage(run(ws, 'new', '--from', 'no-period.md'), 'dm-report: no-period.md has no period heading (e.g. "## April 2017"); give the new period with --period YYYY-MM');
  // --force says to overwrite the -o file: without -o it is a usage error.
  usage(run(ws, 'new', '--from', '2017-04.md', '--force'), 'dm-report: --force overwrites the -o file; without -o the report goes to standard output');
  // A period before the previous one is allowed, with a note.
  const back = run(ws, 'new', '--from', '2017-04.md', '--period', '2017-03');
  assert.deepEqual([back.code, back.err], [0, "dm-report: note: 2017-03 is not after the previous report's period (2017-04)\n"]);
});

test('new -o naming the --from file is refused, even with --force: the previous report is never overwritten', () => {
  const ws = folder({ '2017-04.md': SAMPLE_TEXT, 'sub/x.md': '' });
  const refused = 'dm-report: 2017-04.md is the --from file: the new report would overwrite the previous one; give -o another file\n';
  assert.deepEqual(run(ws, 'new', '--from', '2017-04.md', '-o', '2017-04.md', '--force'), { code: 2, out: '', err: refused });
  assert.deepEqual(run(ws, 'new', '--from', '2017-04.md', '-o', '2017-04.md'), { code: 2, out: '', err: refused });
  // Another spelling of the same path.
  assert.deepEqual(run(ws, 'new', '--from', '/ws/2017-04.md', '--output=./sub/../2017-04.md', '--force'), {
    code: 2,
    out: '',
    err: 'dm-report: ./sub/../2017-04.md is the --from file: the new report would overwrite the previous one; give -o another file\n',
  });
  assert.equal(ws.get('/ws/2017-04.md'), SAMPLE_TEXT);
  // On the real file system: a symbolic link or a hard link to the previous report is the same file.
  const real = mkdtempSync(join(tmpdir(), 'dm-report-new-o-'));
  try {
    writeFileSync(join(real, '2017-04.md'), SAMPLE_TEXT);
    symlinkSync('2017-04.md', join(real, 'latest.md'));
    linkSync(join(real, '2017-04.md'), join(real, 'hard.md'));
    for (const from of ['latest.md', 'hard.md']) {
      assert.deepEqual(runCli(['new', '--from', from, '-o', '2017-04.md', '--force'], { cwd: real }), { code: 2, out: '', err: refused }, from);
    }
    assert.equal(readFileSync(join(real, '2017-04.md'), 'utf8'), SAMPLE_TEXT);
  } finally {
    rmSync(real, { recursive: true, force: true });
  }
  // A directory is not a file to write, --force or not.
  assert.deepEqual(run(ws, 'new', '--from', '2017-04.md', '-o', 'sub', '--force'), {
    code: 2,
    out: '',
    err: 'dm-report: sub: is a directory; -o writes a regular file (without -o the report goes to standard output)\n',
  });
});
