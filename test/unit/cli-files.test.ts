/**
 * `dm-report check DIRECTORY` and `check "GLOB"` (server/src/cli/expand.ts), in-process through
 * `runCli` on a `MemoryHost` (the expansion goes through the host), and once on the real file
 * system (a symbolic link): which files, in which order, under which names; what `.gitignore`,
 * node_modules and dot-directories leave out; a directory or glob that yields nothing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryHost, runCli } from '../support/cli.ts';

/** A note that is no report (checked, it has the four missing-section warnings of a report without its parts). */
const NOTE = '# Notes\n\nNothing to report.\n';

/** A folder of reports with everything the expansion must skip or keep. */
function host() {
  return memoryHost({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'build/\n*.draft.md\n!keep.draft.md\n',
    'reports/2017-05.md': NOTE,
    'reports/2017-04.md': NOTE,
    'reports/2018/01.md': NOTE,
    'reports/2018/notes.txt': 'not Markdown\n',
    'reports/2018/UPPER.MD': NOTE,
    'reports/a.draft.md': NOTE,
    'reports/keep.draft.md': NOTE,
    'reports/build/out.md': NOTE,
    'reports/node_modules/pkg/README.md': NOTE,
    'reports/.github/template.md': NOTE,
    'reports/2019/.gitignore': '*\n!.gitignore\n!02.md\n',
    'reports/2019/01.md': NOTE,
    'reports/2019/02.md': NOTE,
    'top.md': NOTE,
  });
}

/** The files a run checked, as the JSON output names them, with its exit code and standard error. */
function checked(...args: string[]): { code: number; files: string[]; err: string } {
  const r = runCli(['check', '--format', 'json', ...args], { host: host() });
  return { code: r.code, files: (JSON.parse(r.out) as { file: string }[]).map((e) => e.file), err: r.err };
}

test('a directory is its Markdown files below it, in name order, depth first, named by the directory as given', () => {
  const expected = [
    'reports/2017-04.md',
    'reports/2017-05.md',
    'reports/2018/01.md',
    'reports/2018/UPPER.MD',
    'reports/2019/02.md',
    'reports/keep.draft.md',
  ];
  assert.deepEqual(checked('reports'), { code: 0, files: expected, err: '' });
  assert.deepEqual(checked('reports/'), { code: 0, files: expected, err: '' });
  assert.deepEqual(checked('./reports').files, expected);
  assert.deepEqual(checked('/ws/reports').files, expected.map((f) => `/ws/${f}`));
  // The current directory: its own files too, named relative to it.
  assert.deepEqual(checked('.').files, [...expected, 'top.md']);
});

test('.gitignore: ignored directories are not entered, negations and deeper files count; node_modules and dot-directories are skipped', () => {
  const files = checked('.').files;
  // build/ and *.draft.md of the root .gitignore; keep.draft.md re-included; 2019/.gitignore ignores 01.md but not 02.md.
  for (const left of ['reports/build/out.md', 'reports/a.draft.md', 'reports/2019/01.md', 'reports/node_modules/pkg/README.md', 'reports/.github/template.md']) {
    assert.ok(!files.includes(left), left);
  }
  assert.ok(files.includes('reports/keep.draft.md'));
  assert.ok(files.includes('reports/2019/02.md'));
});

test('an explicit file is checked as given, even one .gitignore ignores or in a dot-directory; given twice, checked twice', () => {
  assert.deepEqual(checked('reports/a.draft.md', 'reports/.github/template.md', 'top.md', 'top.md'), {
    code: 0,
    files: ['reports/a.draft.md', 'reports/.github/template.md', 'top.md', 'top.md'],
    err: '',
  });
});

test('a glob: the Markdown files it matches below its base, with the same skips; * and ** do not match dot names', () => {
  assert.deepEqual(checked('reports/**/*.md'), {
    code: 0,
    files: ['reports/2017-04.md', 'reports/2017-05.md', 'reports/2018/01.md', 'reports/2019/02.md', 'reports/keep.draft.md'],
    err: '',
  });
  assert.deepEqual(checked('reports/2017-*.md').files, ['reports/2017-04.md', 'reports/2017-05.md']);
  assert.deepEqual(checked('reports/{2018,2019}/0[12].md').files, ['reports/2018/01.md', 'reports/2019/02.md']);
  assert.deepEqual(checked('*.md').files, ['top.md']);
  // An absolute glob names absolute paths.
  assert.deepEqual(checked('/ws/reports/2017-0?.md').files, ['/ws/reports/2017-04.md', '/ws/reports/2017-05.md']);
});

test('a file found by several arguments is checked once, at its first place; explicit files keep their places', () => {
  assert.deepEqual(checked('reports/2018/01.md', 'reports/2018', 'reports/**/01.md', 'reports/2018/01.md').files, [
    'reports/2018/01.md',
    'reports/2018/UPPER.MD',
    'reports/2018/01.md',
  ]);
  // The glob found only files an earlier argument had: nothing new, said so.
  assert.deepEqual(checked('reports/2018', 'reports/2018/*.md').err, "dm-report: reports/2018/*.md: no file matches this glob that an earlier argument did not (node_modules, dot-directories and .gitignore'd files skipped)\n");
});

test('a directory or glob that yields no file: a message at its place, exit 2, the other files still checked', () => {
  const r = runCli(['check', 'reports/2018/notes.txt', 'reports/build', 'top.md', 'nothing/**/*.md', 'missing.md'], { host: host() });
  assert.equal(r.code, 2);
  assert.equal(
    r.err,
    "dm-report: reports/build: a directory with no Markdown file to check (*.md; node_modules, dot-directories and .gitignore'd files skipped)\n" +
      "dm-report: nothing/**/*.md: no file matches this glob (node_modules, dot-directories and .gitignore'd files skipped)\n" +
      'dm-report: missing.md: no such file\n',
  );
  // notes.txt, given by name, is checked as given; top.md too.
  assert.deepEqual(
    r.out.split('\n').filter((l) => l.includes(' period heading')).map((l) => l.split(':')[0]),
    ['reports/2018/notes.txt', 'top.md'],
  );
  assert.equal(r.out.split('\n').at(-2), '8 problems (0 errors, 8 warnings, 0 info, 0 hints) in 2 files');
});

test('outside a repository, .gitignore files count from the directory being expanded down', () => {
  const h = memoryHost({ 'r/.gitignore': 'old/\n', 'r/a.md': NOTE, 'r/old/b.md': NOTE, 'r/new/c.md': NOTE });
  const r = runCli(['check', '--format', 'json', 'r'], { host: h });
  assert.deepEqual((JSON.parse(r.out) as { file: string }[]).map((e) => e.file), ['r/a.md', 'r/new/c.md']);
});

let dir: string | undefined;
after(() => dir && rmSync(dir, { recursive: true, force: true }));

test('real file system: a symbolic link to a file is followed, to a directory not (no cycles)', () => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-cli-files-'));
  mkdirSync(join(dir, 'reports', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'reports', 'sub', 'a.md'), NOTE);
  symlinkSync(join(dir, 'reports', 'sub', 'a.md'), join(dir, 'reports', 'link.md'));
  symlinkSync(join(dir, 'reports'), join(dir, 'reports', 'sub', 'loop'));
  const r = runCli(['check', '--format', 'json', 'reports'], { cwd: dir });
  assert.equal(r.err, '');
  assert.deepEqual((JSON.parse(r.out) as { file: string }[]).map((e) => e.file), ['reports/link.md', 'reports/sub/a.md']);
});
