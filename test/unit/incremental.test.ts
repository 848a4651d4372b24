/**
 * Per-block re-analysis (server/src/model/blockModels.ts): the model and the
 * per-item rules are computed per top-level block and reused for the blocks an
 * edit did not touch. Here every analysis runs in the verify mode
 * (`verifyIncremental`: each incremental model and list of findings is compared
 * with a full build and a full run of the rules on the same parse, and a
 * difference throws), over seeded sequences of edits of the reference report
 * and of every corpus file — characters, line breaks, headings and labels that
 * open and close teams, subsections, WBS elements and report sections, fences,
 * comments, deleted and pasted lines — with fix-all every few edits. And the
 * cache does its job: an edit inside one block reads that block only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import { closeScratch, fixAll } from '../../server/src/features/fixAll.ts';
import { assertSameAnalysis, firstDifference } from '../../server/src/engine/verify.ts';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineStartOffsets } from '../../server/src/model/lines.ts';
import { ROOT } from '../support/cli.ts';

const SAMPLE = readFileSync(join(ROOT, 'samples/dm-monthly-report-2017-04.md'), 'utf8');
const CORPUS = join(ROOT, 'test/corpus');

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return corpusFiles(path);
    return name.endsWith('.md') && name !== 'README.md' ? [path] : [];
  });
}

/** A small seeded generator (mulberry32), so that every run makes the same edits. */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** Lines that change the structure where they land (sections, teams, labels, WBS elements, blocks that hide what follows). */
const LINES = [
  '## Detailed Project Progress and Status',
  '### High-level Summary/Status',
  '# Risk Management',
  '## May 2017',
  '### University of Washington',
  '### Princeton University',
  '#### DM Subsystem Science',
  '### LSST Program Office',
  '#### Current accomplishments',
  '#### Planned activities: (for May 2017)',
  '#### Recruitment update',
  'Current accomplishments:',
  'Recruitment update: N/A',
  '**High-level Summary:**',
  '#### 02C.03.01 Alert Detection',
  '### 02C.04.05',
  '02C.06.02.01 Data Access Client Framework',
  '- 02C.04.05 Bullet element',
  '- [DM-1234](#) and [DM10221](#) and SOR-019',
  '### **Batch Production Services**',
  '# Appendix: Acronyms',
  '```',
  '<!--',
  '-->',
  '####\u00a0Planned activities:',
  '##High-level Summary',
  '',
];

/** One random edit of `text`. */
function edit(text: string, rnd: (n: number) => number): string {
  const at = rnd(text.length + 1);
  const lineStart = (p: number) => text.lastIndexOf('\n', p - 1) + 1;
  const lineEnd = (p: number) => {
    const e = text.indexOf('\n', p);
    return e < 0 ? text.length : e + 1;
  };
  switch (rnd(8)) {
    case 0:
      return text.slice(0, at) + 'xyz#-:*'[rnd(7)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + rnd(20)));
    case 2:
      return text.slice(0, at) + ['\n', '\n\n', '\r\n', '\r'][rnd(4)] + text.slice(at);
    case 3:
    case 4: {
      const p = lineStart(at);
      return `${text.slice(0, p)}${LINES[rnd(LINES.length)]}\n\n${text.slice(p)}`;
    }
    case 5: {
      const p = lineStart(at);
      return text.slice(0, p) + text.slice(lineEnd(p));
    }
    case 6: {
      // Paste a few lines from elsewhere.
      const from = lineStart(rnd(text.length + 1));
      let to = from;
      for (let i = rnd(6); i >= 0; i--) to = lineEnd(to);
      const p = lineStart(at);
      return text.slice(0, p) + text.slice(from, to) + text.slice(p);
    }
    default: {
      // Delete a run of lines.
      const p = lineStart(at);
      let to = p;
      for (let i = rnd(8); i >= 0; i--) to = lineEnd(to);
      return text.slice(0, p) + text.slice(to);
    }
  }
}

/** Edits `text` `count` times in the verify mode; fix-all every `fixEvery` edits. */
function editSequence(uri: string, text: string, seed: number, count: number, fixEvery = 7): void {
  const engine = new ReportEngine({}, { verifyIncremental: true });
  const rnd = random(seed);
  let version = 1;
  engine.analyze(uri, text, version).findings();
  for (let i = 0; i < count; i++) {
    text = edit(text, rnd);
    const analysis = engine.analyze(uri, text, ++version);
    analysis.findings();
    if (i % fixEvery === fixEvery - 1) {
      fixAll(engine, analysis);
      closeScratch(engine, uri);
    }
  }
}

test('edit sequences of the reference report: every incremental analysis equals a full one', () => {
  for (const seed of [1, 2]) editSequence('file:///ws/dm-monthly-report-2017-04.md', SAMPLE, seed, 30, 10);
});

test('edit sequences of the reference report repeated three times (blocks met in several places)', () => {
  const text = [SAMPLE, SAMPLE.replace('## April 2017', '## May 2017'), SAMPLE].join('\n');
  editSequence('file:///ws/three-reports.md', text, 7, 25, 12);
});

test('edit sequences of every corpus file: every incremental analysis equals a full one', () => {
  const files = corpusFiles(CORPUS);
  assert.ok(files.length >= 15, `${files.length} corpus files`);
  files.forEach((file, i) => editSequence(`file:///ws/${relative(CORPUS, file)}`, readFileSync(file, 'utf8'), 100 + i, 30));
});

/**
 * An engine that has analysed the reference report (119 blocks of 113 texts, each text parsed
 * once: `#### Planned activities:` three times, four more twice). Of the blocks of one text,
 * those met again in the same entry state are replayed even in the first build: it reads 116.
 */
function warmEngine(uri: string): ReportEngine {
  const engine = new ReportEngine({}, { verifyIncremental: true });
  engine.analyze(uri, SAMPLE, 1).findings();
  assert.deepEqual(engine.blockModels.last, { blocks: 119, read: 116 });
  return engine;
}

test('a one-character edit inside a paragraph reads that block only; the others are replayed', () => {
  const uri = 'file:///ws/report.md';
  const engine = warmEngine(uri);
  const at = SAMPLE.indexOf('The DRP team has continued to cooperate');
  const edited = engine.analyze(uri, SAMPLE.slice(0, at) + 'X' + SAMPLE.slice(at), 3);
  assert.deepEqual(engine.blockModels.last, { blocks: 119, read: 1 });
  assert.deepEqual(edited.findings(), engine.analyze('file:///ws/fresh.md', SAMPLE, 1).findings());
});

test('a line inserted at the top moves every later block: read once, the others replayed on their new lines', () => {
  const uri = 'file:///ws/report.md';
  const engine = warmEngine(uri);
  const moved = engine.analyze(uri, `\n${SAMPLE}`, 3);
  assert.deepEqual(engine.blockModels.last, { blocks: 119, read: 1 });
  const lines = moved.findings().map((f) => f.diagnostic.range.start.line);
  const before = new ReportEngine().analyze('file:///ws/report.md', SAMPLE, 1).findings().map((f) => f.diagnostic.range.start.line + 1);
  assert.deepEqual(lines, before);
});

test('renaming a team heading reads the blocks of that team again (their entry state names it), not the rest', () => {
  const uri = 'file:///ws/report.md';
  const engine = warmEngine(uri);
  const renamed = SAMPLE.replace('## University of Washington', '## Univ. of Washington');
  engine.analyze(uri, renamed, 3).findings();
  // The team heading's block, its 13 subsection and WBS heading blocks, and the next team's heading block (read
  // with UW open): 15. The other teams' blocks are replayed.
  assert.deepEqual(engine.blockModels.last, { blocks: 119, read: 15 });
});

test("an analysis's document takes its line offsets from the parse's blocks: the same as the text document computes", () => {
  const engine = new ReportEngine({}, { verifyIncremental: true });
  for (const [i, text] of [SAMPLE, SAMPLE.replace(/\n/g, '\r\n'), SAMPLE.replace(/\n/g, '\r'), '', '\n', '# a\r\n\r\n# b\r', '# a\n# b'].entries()) {
    const { document } = engine.analyze(`file:///ws/lines-${i}.md`, text, 1);
    assert.deepEqual((document as unknown as { _lineOffsets?: number[] })._lineOffsets, lineStartOffsets(text));
    const fresh = TextDocument.create('file:///fresh.md', 'markdown', 1, text);
    for (let offset = 0; offset <= text.length; offset += 7) assert.deepEqual(document.positionAt(offset), fresh.positionAt(offset));
    assert.equal(document.lineCount, fresh.lineCount);
  }
});

test('firstDifference names the first path where two values differ', () => {
  assert.equal(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, 'model'), undefined);
  assert.equal(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }, 'model'), 'model.a[1].b: 2 ≠ 3');
  assert.equal(firstDifference({ a: [1] }, { a: [1, 2] }, 'model'), 'model.a.length: 1 ≠ 2');
  assert.equal(firstDifference({ a: undefined }, {}, 'x'), 'x.a: undefined ≠ (no a)');
  assert.equal(firstDifference({ t: 'one' }, { t: 'two' }, 'x'), 'x.t: "one" ≠ "two"');
  assert.throws(
    () => assertSameAnalysis('file:///r.md', 3, 'model', { lineCount: 4 }, { lineCount: 5 }),
    { message: 'Incremental analysis of file:///r.md (version 3) differs from a full analysis: model.lineCount: 4 ≠ 5 (incremental ≠ full; DM_REPORT_VERIFY_INCREMENTAL)' },
  );
});
