/**
 * The bundled CLI's `check --fix` and `new`, run as a user runs them, on
 * copies of the reference report in a temporary folder. Build first (`node esbuild.mjs`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, SAMPLE_TEXT } from './lsp';

const JIRA = 'https://rubinobs.atlassian.net/browse/';
const LEFT = [
  '2017-04.md:50:238 warning placeholder-link Placeholder link "Collection-5517" points nowhere ("#"); it could link to https://ls.st/Collection-5517.',
  '2017-04.md:50:239 info unknown-document Collection-5517 is not in the document catalog (the catalog is incomplete; check that the handle is right).',
  '2017-04.md:50:263 warning placeholder-link Placeholder link "Document-25798" points nowhere ("#"); it could link to https://ls.st/Document-25798.',
  '2017-04.md:50:264 info unknown-document Document-25798 is not in the document catalog (the catalog is incomplete; check that the handle is right).',
  '2017-04.md:148:148 warning placeholder-link Placeholder link "SOR-019" points nowhere ("#").',
  '2017-04.md:148:149 warning unknown-document Unknown document series "SOR" in SOR-019; did you mean SQR-019 (LSST Verification Framework API Demonstration)?',
  '2017-04.md:281:242 warning placeholder-link Placeholder link "on Confluence" points nowhere ("#").',
  '2017-04.md:333:24 warning placeholder-link Placeholder link "Developer Guide" points nowhere ("#").',
  '2017-04.md:812:753 info unknown-document LSE-299 is not in the document catalog (the catalog is incomplete; check that the handle is right).',
  '2017-04.md:844:153 info unknown-document LSE-299 is not in the document catalog (the catalog is incomplete; check that the handle is right).',
  '10 problems (0 errors, 6 warnings, 4 info, 0 hints) in 1 file',
];
const FIXED_MESSAGE = 'dm-report: 2017-04.md: fixed 68 problems (61 placeholder-link, 6 heading-level, 1 malformed-ticket)\n';

let root: string;
let n = 0;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'dm-report-cli-fix-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder holding `files`. */
function folder(files: Record<string, string | Buffer>): string {
  const dir = join(root, `case-${n++}`);
  spawnSync('mkdir', ['-p', dir]);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.error, undefined);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('check --fix on the reference: rewrites it with the 68 safe fixes (62, and the heading levels of 6 teams), reports the 10 problems left, exit 0; a second run writes nothing', () => {
  const dir = folder({ '2017-04.md': SAMPLE_TEXT });
  const file = join(dir, '2017-04.md');
  assert.deepEqual(run(dir, 'check', '--fix', '2017-04.md'), { code: 0, out: LEFT.join('\n') + '\n', err: FIXED_MESSAGE });
  const fixed = readFileSync(file, 'utf8');
  assert.equal(fixed.split('](#)').length - 1, 5);
  assert.ok(fixed.includes(`[DM-10221](${JIRA}DM-10221)`));
  assert.ok(fixed.includes('[DMTN-044](https://dmtn-044.lsst.io/), a technical note'));
  // Undoing the fills (Jira URLs, five catalogued handles) and the hyphen gives back the original, but for
  // heading markers (heading-level: only `#`s changed, on 68 lines).
  const filled = /\]\((https:\/\/rubinobs\.atlassian\.net\/browse\/DM-\d+|https:\/\/ls\.st\/LDM-5[12]3|https:\/\/(?:sqr-018|dmtn-044|ldm-151)\.lsst\.io\/)\)/g;
  assert.equal(fixed.match(filled)!.length, 61);
  const unfilled = fixed.replace(filled, '](#)').replace('[DM-10221]', '[DM10221]');
  assert.equal(unfilled.replace(/^#+/gm, ''), SAMPLE_TEXT.replace(/^#+/gm, ''));
  assert.equal(unfilled.split('\n').filter((l, i) => l !== SAMPLE_TEXT.split('\n')[i]).length, 68);

  // Nothing left to fix: the file is not written (its modification time stays).
  const old = new Date('2020-01-01T00:00:00Z');
  utimesSync(file, old, old);
  assert.deepEqual(run(dir, 'check', '--fix', '2017-04.md'), { code: 0, out: LEFT.join('\n') + '\n', err: '' });
  assert.equal(statSync(file).mtime.getTime(), old.getTime());
  assert.equal(readFileSync(file, 'utf8'), fixed);
});

test('check --fix: a deleted subsection is inserted at the exact place; --format json gives `fixed`', () => {
  const text = SAMPLE_TEXT.replace('\n#### Planned activities:\n\n#### 02C.03.00', '\n#### 02C.03.00');
  const dir = folder({ '2017-04.md': text });
  const r = run(dir, 'check', '--fix', '--format', 'json', '2017-04.md');
  assert.equal(r.code, 0);
  assert.equal(r.err, 'dm-report: 2017-04.md: fixed 69 problems (61 placeholder-link, 6 heading-level, 1 malformed-ticket, 1 missing-section)\n');
  const json = JSON.parse(r.out) as { file: string; diagnostics: unknown[]; fixed: number }[];
  assert.deepEqual(json.map((e) => [e.file, e.diagnostics.length, e.fixed]), [['2017-04.md', 10, 69]]);
  const fixed = readFileSync(join(dir, '2017-04.md'), 'utf8');
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

test('check --fix keeps a byte order mark and CRLF line breaks', () => {
  const text = SAMPLE_TEXT.replace('\n#### Planned activities:\n\n#### 02C.03.00', '\n#### 02C.03.00').replace(/\n/g, '\r\n');
  const dir = folder({ '2017-04.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) });
  const r = run(dir, 'check', '--fix', '2017-04.md');
  assert.equal(r.code, 0);
  const bytes = readFileSync(join(dir, '2017-04.md'));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const fixed = bytes.subarray(3).toString('utf8');
  assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false);
  assert.ok(fixed.includes('\r\n\r\nPlanned activities:\r\n\r\n#### 02C.03.00'));
});

test('check --fix refuses standard input; leaves a file that is not a report alone', () => {
  const dir = folder({ 'README.md': '# Notes\n\nSee [DM-1234](#) and DM1234.\n' });
  assert.deepEqual(run(dir, 'check', '--fix', '-'), {
    code: 2,
    out: '',
    err: 'dm-report: --fix rewrites files in place; it cannot fix standard input (-). Save the text to a file and fix that.\n',
  });
  const r = run(dir, 'check', '--fix', 'README.md');
  assert.equal(r.err, 'dm-report: README.md: not fixed: it does not look like a DM report\n');
  assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), '# Notes\n\nSee [DM-1234](#) and DM1234.\n');
  assert.equal(r.code, 1);
});

test('new --from 2017-04.md --period 2017-05: stdout; -o writes it, refuses to overwrite without --force; the new report has no missing-section', () => {
  const dir = folder({ '2017-04.md': SAMPLE_TEXT });
  const out = run(dir, 'new', '--from', '2017-04.md', '--period', '2017-05');
  assert.equal(out.code, 0);
  assert.equal(out.err, '');
  const lines = out.out.split('\n');
  assert.deepEqual(lines.slice(0, 5), ['# Data Management Monthly Report', '', '## May 2017', '', '### High-level Summary/Status']);
  assert.equal(lines.filter((l) => l.startsWith('- [ ] ')).length, 115);
  // The default period is the month after the previous report's.
  assert.deepEqual(run(dir, 'new', '--from', '2017-04.md'), out);

  assert.deepEqual(run(dir, 'new', '--from', '2017-04.md', '--period', '2017-05', '-o', '2017-05.md'), {
    code: 0,
    out: "Wrote 2017-05.md: 2017-05, 10 teams, 115 planned items carried into this month's accomplishments\n",
    err: '',
  });
  assert.equal(readFileSync(join(dir, '2017-05.md'), 'utf8'), out.out);
  assert.deepEqual(run(dir, 'new', '--from', '2017-04.md', '-o', '2017-05.md'), {
    code: 2,
    out: '',
    err: 'dm-report: 2017-05.md exists; use --force to overwrite it\n',
  });
  assert.equal(run(dir, 'new', '--from', '2017-04.md', '--period=2017-06', '-o', '2017-05.md', '--force').code, 0);
  assert.equal(readFileSync(join(dir, '2017-05.md'), 'utf8').split('\n')[2], '## June 2017');
  run(dir, 'new', '--from', '2017-04.md', '-o', '2017-05.md', '--force');

  const check = run(dir, 'check', '2017-05.md');
  assert.deepEqual([check.code, check.err], [0, '']);
  const lines2 = check.out.trimEnd().split('\n');
  // Besides what was carried, only empty-section on the parts to write (45); last month's mixed heading levels
  // (7 heading-level warnings on 2017-04) are evened out in the new report.
  assert.deepEqual(
    lines2.filter((l) => !/ warning empty-section /.test(l)),
    [
      '2017-05.md:140:43 warning placeholder-link Placeholder link "LDM-151" points nowhere ("#"); it could link to https://ldm-151.lsst.io/.',
      '2017-05.md:405:157 info unknown-document LSE-299 is not in the document catalog (the catalog is incomplete; check that the handle is right).',
      '47 problems (0 errors, 46 warnings, 1 info, 0 hints) in 1 file',
    ],
  );
  assert.equal(lines2.filter((l) => l.includes(' empty-section ')).length, 45);
});

test('new: usage errors exit 2 with a clear message', () => {
  const dir = folder({ '2017-04.md': SAMPLE_TEXT, 'no-period.md': SAMPLE_TEXT.replace('## April 2017\n', '') });
  const usage = (r: { code: number | null; out: string; err: string }, first: string) => {
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.split('\n')[0], first);
  };
  usage(run(dir, 'new'), 'dm-report: new needs --from PREVIOUS.md');
  usage(run(dir, 'new', '--from'), 'dm-report: --from needs the previous report (a file, or - for standard input)');
  usage(run(dir, 'new', '--from', '2017-04.md', '--period', '2017-5'), 'dm-report: --period must be a month written YYYY-MM (e.g. 2017-05), not "2017-5"');
  usage(run(dir, 'new', '--from', '2017-04.md', '--period'), 'dm-report: --period needs a month, YYYY-MM (e.g. 2017-05)');
  usage(run(dir, 'new', '--from', '2017-04.md', '--bogus'), 'dm-report: unknown option "--bogus"');
  usage(run(dir, 'new', '2017-04.md'), 'dm-report: unexpected argument "2017-04.md" (the previous report goes after --from)');
  usage(run(dir, 'new', '--from', 'missing.md'), 'dm-report: missing.md: no such file');
  usage(run(dir, 'new', '--from', 'no-period.md'), 'dm-report: no-period.md has no period heading (e.g. "## April 2017"); give the new period with --period YYYY-MM');
  // A period before the previous one is allowed, with a note.
  const back = run(dir, 'new', '--from', '2017-04.md', '--period', '2017-03');
  assert.deepEqual([back.code, back.err], [0, "dm-report: note: 2017-03 is not after the previous report's period (2017-04)\n"]);
});
