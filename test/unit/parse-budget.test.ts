/**
 * The parse budget (issue 14): the light fallback (server/src/model/fallback.ts), the
 * budgeted parse of a document (server/src/model/blockParser.ts), the engine's `prepare`
 * and background parse, the parse-skipped rule and what "structure checks skipped"
 * means (server/src/rules/parseSkipped.ts, fixes.ts), the worker pool
 * (server/src/parsing/pool.ts) on the pathological inputs of the issue, and the CLI's
 * `--parse-budget`. Every pathological input is bounded by a small budget, never by a
 * timer of the test.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Nodes, RootContent } from 'mdast';
import { describeCause, scanBlock } from '../../server/src/model/fallback.ts';
import { IN_PROCESS_PARSER, parseDocumentAsync, parseDocumentSync, type BlockParser, type BlockParse } from '../../server/src/model/blockParser.ts';
import { parseDocument, parseMarkdown } from '../../server/src/model/parse.ts';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import { Workspace } from '../../server/src/engine/workspace.ts';
import { getDiagnostics } from '../../server/src/features/diagnostics.ts';
import { fixAll } from '../../server/src/features/fixAll.ts';
import { ParsePool } from '../../server/src/parsing/pool.ts';
import { main } from '../../server/src/cli.ts';
import { deepList, manyQuotes, reportAround, tagSoup, unclosed } from '../support/pathological.ts';
import { memoryHost } from '../support/cli.ts';

/** Nodes as `type@line:column-line:column` (1-based, block-relative), with a text's value, depth first. */
function outline(nodes: readonly RootContent[]): string[] {
  const out: string[] = [];
  const walk = (node: Nodes, depth: number) => {
    const p = node.position!;
    const value = node.type === 'text' ? ` ${JSON.stringify(node.value)}` : node.type === 'heading' ? ` h${node.depth}` : '';
    out.push(`${'  '.repeat(depth)}${node.type}@${p.start.line}:${p.start.column}-${p.end.line}:${p.end.column}${value}`);
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child, depth + 1);
  };
  for (const node of nodes) walk(node, 0);
  return out;
}

// ---- the line scanner ---------------------------------------------------------------------------

test('scanBlock: headings, paragraphs of consecutive lines, list items, quotes; code fences and comments left out', () => {
  const text = [
    '## **High-level Summary** ##', // 1
    'DM-1234 was fixed', // 2
    'and LDM-151 written.', // 3
    '', // 4
    '- 02C.03.01 Alert Production', // 5
    '  continued DM-9656', // 6
    '12. numbered', // 7
    '> quoted DM-1', // 8
    '> > more', // 9
    '```', // 10
    'DM-5555 in code', // 11
    '```', // 12
    '<!-- DM-6666', // 13
    'still a comment -->', // 14
    '##High-level Summary', // 15
    'Planned activities:', // 16
    '   #', // 17
    '    indented DM-7', // 18
  ].join('\n');
  assert.deepEqual(outline(scanBlock(text)), [
    'heading@1:1-1:29 h2',
    '  text@1:6-1:24 "High-level Summary"',
    'paragraph@2:1-3:21',
    '  text@2:1-3:21 "DM-1234 was fixed\\nand LDM-151 written."',
    'list@5:1-6:20',
    '  listItem@5:1-6:20',
    '    paragraph@5:3-6:20',
    '      text@5:3-6:20 "02C.03.01 Alert Production\\n  continued DM-9656"',
    'list@7:1-7:13',
    '  listItem@7:1-7:13',
    '    paragraph@7:5-7:13',
    '      text@7:5-7:13 "numbered"',
    'blockquote@8:1-9:9',
    '  paragraph@8:3-9:9',
    '    text@8:3-9:9 "quoted DM-1\\n> > more"',
    // `##High-level Summary` is a paragraph of its own (the builder reads it as a malformed heading).
    'paragraph@15:1-15:21',
    '  text@15:1-15:21 "##High-level Summary"',
    // An ATX heading (empty here) interrupts a paragraph; an indented line after it is read as continued text.
    'paragraph@16:1-16:20',
    '  text@16:1-16:20 "Planned activities:"',
    'heading@17:4-17:5 h1',
    'blockquote@18:1-18:18',
    '  paragraph@18:5-18:18',
    '    text@18:5-18:18 "indented DM-7"',
  ]);
  // `   #` is an empty heading only where no paragraph continues.
  assert.deepEqual(outline(scanBlock('#\n   #   \nText #')), ['heading@1:1-1:2 h1', 'heading@2:4-2:8 h1', 'paragraph@3:1-3:7', '  text@3:1-3:7 "Text #"']);
});

test('scanBlock: CRLF and bare CR end lines; offsets are UTF-16 offsets of the block', () => {
  const nodes = scanBlock('# A\r\nB DM-1\rC\r\n\r\n# 😀 D\n');
  assert.deepEqual(outline(nodes), ['heading@1:1-1:4 h1', '  text@1:3-1:4 "A"', 'paragraph@2:1-3:2', '  text@2:1-3:2 "B DM-1\\rC"', 'heading@5:1-5:7 h1', '  text@5:3-5:7 "😀 D"']);
  const heading = nodes[2] as Extract<RootContent, { type: 'heading' }>;
  assert.deepEqual([heading.position!.start.offset, heading.position!.end.offset], [17, 23]);
});

test('scanBlock: YAML front matter as remark-frontmatter reads it; a skipped first part keeps the template and period it names', async () => {
  for (const text of ['---\ntemplate: x\nperiod: 2017-04\n---\n# A\n', '---\r\ntemplate: x\r\n---  \r\n# A\n', '---\n---\n# A\n']) {
    assert.deepEqual(scanBlock(text)[0], parseMarkdown(text).children[0]);
  }
  const text = '---\ntemplate: personal-monthly\nperiod: 2023-03\n---\n\nSLOW\n\n# Accomplishments this period\n\nDM-1.\n';
  const engine = new ReportEngine({ parseBudgetMs: 300 }, { parser: markerParser() });
  await engine.prepare('file:///ws/notes.md', text, 1);
  const analysis = engine.analyze('file:///ws/notes.md', text, 1);
  assert.equal(analysis.parsed.blocks[0].block.skipped?.reason, 'budget');
  assert.deepEqual([analysis.template.name, analysis.templateChoice.source], ['personal-monthly', 'front matter']);
  assert.deepEqual(analysis.model.frontMatter?.period?.value, { year: 2023, month: 3 });
});

test('scanBlock: linear on the pathological inputs; a very long line is never a top-level paragraph', () => {
  assert.deepEqual(outline(scanBlock(manyQuotes().body)), []);
  assert.equal(scanBlock(deepList().body).length, 1000);
  assert.deepEqual(outline(scanBlock(`${'x'.repeat(5000)}\nnext`)).slice(0, 2), ['blockquote@1:1-1:5001', '  paragraph@1:1-1:5001']);
  assert.deepEqual(outline(scanBlock(tagSoup(90).body)), ['paragraph@1:1-10:9', `  text@1:1-10:9 ${JSON.stringify(Array(10).fill('<a <b <c').join('\n'))}`]);
});

test('describeCause: the likely cause of a slow parse, in words', () => {
  assert.equal(describeCause(reportAround(manyQuotes().body)), 'one line of 100,000 `>`');
  assert.equal(describeCause(reportAround(deepList().body)), 'a list nested 1,000 levels deep');
  assert.equal(describeCause(unclosed('<?').body), '8,192 unclosed `<?`');
  assert.equal(describeCause(unclosed('<![CDATA[').body), '4,370 unclosed `<![CDATA[`');
  assert.equal(describeCause('<!-- a -->\n<!-- b\ntext'), 'an unclosed `<!--`');
  assert.equal(describeCause(tagSoup().body), '116,509 lines, 1,024 KB');
  assert.equal(describeCause('`'.repeat(2000)), 'one line of 2,000 `` ` ``');
  assert.equal(describeCause(' '.repeat(2000) + 'x'), '1 line, 2,001 characters');
});

// ---- the budgeted parse of a document -------------------------------------------------------------

/**
 * A parser that finds every text containing `SLOW` over budget, and parses the others with remark in
 * this thread; `asked` records every text it was given, in order. While `held`, `parse` answers only
 * when `release` is called.
 */
function markerParser(): BlockParser & { asked: string[]; held: boolean; release(): void } {
  const asked: string[] = [];
  const waiting: (() => void)[] = [];
  const one = (text: string): BlockParse => {
    asked.push(text);
    return text.includes('SLOW') ? { skipped: 'budget' } : { nodes: parseMarkdown(text).children };
  };
  const parser = {
    asked,
    held: false,
    release: () => waiting.splice(0).forEach((go) => go()),
    parse: (texts: readonly string[]) => {
      const answer = () => texts.map(one);
      return parser.held ? new Promise<BlockParse[]>((resolve) => waiting.push(() => resolve(answer()))) : Promise.resolve(answer());
    },
    parseSync: one,
  };
  return parser;
}

test('parseDocumentAsync: the blocks, joins and nodes of parseDocument, every text asked for at most once', async () => {
  // The list item's fence is closed by the end of the item; the later fence runs to the end: one block, joined.
  for (const text of ['# A\n\n- item\n\n  ```\n# x\n```\n# y\n\n## z\n', '# A\n\ntext\n\n# B\n\n- DM-1\n']) {
    const parser = markerParser();
    const parsed = await parseDocumentAsync(text, undefined, parser, 300);
    assert.deepEqual(parsed, parseDocument(text));
    assert.equal(new Set(parser.asked).size, parser.asked.length);
    assert.deepEqual(parseDocumentSync(text, undefined, parser, 300), parseDocument(text));
    assert.deepEqual(await parseDocumentAsync(text, undefined, IN_PROCESS_PARSER, 300), parseDocument(text));
  }
  // Unchanged blocks of the previous version are not parsed again.
  const parser = markerParser();
  const v1 = await parseDocumentAsync('# A\n\none\n\n# B\n\ntwo\n', undefined, parser, 300);
  parser.asked.length = 0;
  const v2 = await parseDocumentAsync('# A\n\none\n\n# B\n\ntwo!\n', v1, parser, 300);
  assert.deepEqual(parser.asked, ['# B\n\ntwo!\n']);
  assert.equal(v2.parsedBlocks, 1);
  assert.equal(v2.blocks[0].block, v1.blocks[0].block);
});

test('a block over budget: the fallback nodes and why; tried again only under a larger budget', async () => {
  const text = '# A\n\nfine\n\n# B SLOW\n\n- DM-1234\n\n# C\n';
  const parser = markerParser();
  const parsed = await parseDocumentAsync(text, undefined, parser, 300);
  assert.deepEqual(
    parsed.blocks.map((b) => b.block.skipped),
    [undefined, { reason: 'budget', budgetMs: 300, cause: '4 lines, 21 characters' }, undefined],
  );
  assert.deepEqual(parsed.blocks[1].block.nodes, scanBlock('# B SLOW\n\n- DM-1234\n\n'));
  assert.deepEqual(parseDocumentSync(text, undefined, parser, 300), parsed);
  parser.asked.length = 0;
  await parseDocumentAsync(text, parsed, parser, 300);
  assert.deepEqual(parser.asked, []);
  await parseDocumentAsync(text, parsed, parser, 250);
  assert.deepEqual(parser.asked, []);
  const larger = await parseDocumentAsync(text, parsed, parser, 1000);
  // A block another block follows is parsed with an empty heading line after it (model/parse.ts).
  assert.deepEqual(parser.asked, ['# B SLOW\n\n- DM-1234\n\n#']);
  assert.equal(larger.blocks[1].block.skipped?.budgetMs, 1000);
});

// ---- the engine, the rule, the fixes ---------------------------------------------------------------

const SKIPPED_REPORT = [
  '# Data Management Monthly Report', // 0
  '',
  '## High-level Summary', // 2
  '',
  'DM-10441 was fixed, see LDM-151 and [SQR-019](#); DM10221 was not (SLOW).', // 4
  '',
  '## Risk Management', // 6
  '### Empty topic SLOW', // 7
  '## Risk Management', // 8
  '',
  'Text, SLOW.', // 10
  '',
  '## Detailed Project Progress and Status', // 12
  '',
  '#### University of Washington', // 14
  '',
  'Current accomplishments:', // 16
  '',
  '* [DM-9656](#) 02C.03.01 work', // 18
  '',
].join('\n');

/** `[code, 0-based line, fix titles]` of every finding of a report, with the parts holding `SLOW` skipped or not. */
function findingsOf(text: string, skip: boolean): [string, number, string[]][] {
  const one = (t: string): BlockParse => (skip && t.includes('SLOW') ? { skipped: 'budget' } : { nodes: parseMarkdown(t).children });
  const engine = new ReportEngine({ parseBudgetMs: 300 }, { parser: { parse: (ts) => Promise.resolve(ts.map(one)), parseSync: one } });
  return engine.analyze('file:///ws/2017-04.md', text, 1).findings().map((f) => [f.diagnostic.code, f.diagnostic.range.start.line, f.fixes.map((x) => x.title)]);
}

test('engine.prepare: the analysis of the prepared text parses nothing more; parse-skipped on each part, its headings and IDs still read', async () => {
  const parser = markerParser();
  const engine = new ReportEngine({ parseBudgetMs: 300 }, { parser });
  const uri = 'file:///ws/2017-04.md';
  await engine.prepare(uri, SKIPPED_REPORT, 1);
  const asked = parser.asked.length;
  const analysis = engine.analyze(uri, SKIPPED_REPORT, 1);
  assert.equal(parser.asked.length, asked);
  assert.deepEqual(
    analysis.parsed.blocks.map((b) => [b.startLine, b.block.skipped?.reason]),
    [[0, undefined], [2, 'budget'], [6, undefined], [7, 'budget'], [8, 'budget'], [12, undefined], [14, undefined]],
  );
  assert.deepEqual(
    analysis.model.sections.map((s) => [s.title, s.children.map((c) => c.title)]),
    [
      ['High-level Summary', []],
      ['Risk Management', ['Empty topic SLOW']],
      ['Risk Management', []],
      ['Detailed Project Progress and Status', ['University of Washington']],
    ],
  );
  assert.deepEqual(analysis.model.tickets.map((t) => t.id), ['DM-10441', 'DM-9656']);
  assert.deepEqual(analysis.model.documents.map((d) => d.handle), ['LDM-151', 'SQR-019']);
  const skipped = getDiagnostics(analysis).filter((d) => d.code === 'parse-skipped');
  assert.deepEqual(
    skipped.map((d) => [d.message, d.range, d.severity]),
    [
      ['This part (lines 3–5) could not be parsed within 300 ms (4 lines, 98 characters); structure checks skipped here.', { start: { line: 2, character: 0 }, end: { line: 2, character: 21 } }, 3],
      ['This part (line 8) could not be parsed within 300 ms (1 line, 21 characters); structure checks skipped here.', { start: { line: 7, character: 0 }, end: { line: 7, character: 20 } }, 3],
      ['This part (lines 9–11) could not be parsed within 300 ms (4 lines, 33 characters); structure checks skipped here.', { start: { line: 8, character: 0 }, end: { line: 8, character: 18 } }, 3],
    ],
  );
});

test('structure checks skipped here: no structure finding starts in a skipped part, no fix writes there; the others are kept', () => {
  const parsed = findingsOf(SKIPPED_REPORT, false);
  assert.deepEqual(parsed, [
    ['placeholder-link', 4, ['Link to https://sqr-019.lsst.io/', 'Remove the link, keep the text']],
    ['malformed-ticket', 4, ['Change to DM-10221']],
    ['empty-section', 7, ['Write "No activity this period."']],
    ['duplicate-section', 8, []],
    ['missing-section', 14, ['Insert "Planned activities" in "University of Washington"']],
    ['missing-section', 14, ['Insert "Recruitment update" in "University of Washington"']],
    ['placeholder-link', 18, ['Link to https://rubinobs.atlassian.net/browse/DM-9656', 'Remove the link, keep the text']],
  ]);
  assert.deepEqual(findingsOf(SKIPPED_REPORT, true), [
    ['parse-skipped', 2, []],
    // The ticket is still checked; its fix would write in the skipped part.
    ['malformed-ticket', 4, []],
    ['parse-skipped', 7, []],
    ['parse-skipped', 8, []],
    ['missing-section', 14, ['Insert "Planned activities" in "University of Washington"']],
    ['missing-section', 14, ['Insert "Recruitment update" in "University of Washington"']],
    ['placeholder-link', 18, ['Link to https://rubinobs.atlassian.net/browse/DM-9656', 'Remove the link, keep the text']],
  ]);
});

test('an edited skipped part gets the fallback at once and is parsed again in the background; the real parse replaces it when it keeps the budget', async () => {
  const parser = markerParser();
  const reparsed: string[] = [];
  let wake: () => void = () => undefined;
  const engine = new ReportEngine({ parseBudgetMs: 300 }, { parser, onReparsed: (uri) => (reparsed.push(uri), wake()) });
  const uri = 'file:///ws/2017-04.md';
  const v1 = '# A\n\n## High-level Summary\n\nDM-1 SLOW\n\n## Risk Management\n\nNone.\n';
  await engine.prepare(uri, v1, 1);
  assert.equal(engine.analyze(uri, v1, 1).parsed.blocks[1].block.skipped?.reason, 'budget');

  // Still slow: the fallback at once, the background parse is skipped again, nothing is re-published.
  const v2 = v1.replace('DM-1 SLOW', 'DM-12 SLOW');
  parser.asked.length = 0;
  await engine.prepare(uri, v2, 2);
  assert.deepEqual(parser.asked, ['## High-level Summary\n\nDM-12 SLOW\n\n#']);
  assert.equal(engine.analyze(uri, v2, 2).parsed.blocks[1].block.skipped?.reason, 'budget');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(reparsed, []);

  // The slow text is gone, the part's first line is the same: still the fallback at once (not the budget again)…
  const v3 = v2.replace('DM-12 SLOW', 'DM-123 fast');
  const done = new Promise<void>((resolve) => (wake = resolve));
  parser.held = true;
  await engine.prepare(uri, v3, 3);
  const first = engine.analyze(uri, v3, 3);
  assert.equal(first.parsed.blocks[1].block.skipped?.reason, 'budget');
  assert.equal(getDiagnostics(first).filter((d) => d.code === 'parse-skipped').length, 1);
  // …then the background parse kept the budget: the analysis was dropped and the engine said so.
  parser.held = false;
  parser.release();
  await done;
  assert.deepEqual(reparsed, [uri]);
  await engine.prepare(uri, v3, 3);
  const second = engine.analyze(uri, v3, 3);
  assert.notEqual(second, first);
  assert.equal(second.parsed.blocks[1].block.skipped, undefined);
  assert.equal(getDiagnostics(second).filter((d) => d.code === 'parse-skipped').length, 0);
  assert.deepEqual(second.model.tickets.map((t) => t.id), ['DM-123']);
});

test('a version edited while the previous one is being parsed waits for it and builds on it: a slow part is not parsed twice at once', async () => {
  const parser = markerParser();
  const engine = new ReportEngine({ parseBudgetMs: 300 }, { parser });
  const uri = 'file:///ws/2017-04.md';
  const v1 = '# A\n\n## High-level Summary\n\nDM-1 SLOW\n';
  const v2 = v1.replace('DM-1', 'DM-12');
  parser.held = true;
  const first = engine.prepare(uri, v1, 1);
  const second = engine.prepare(uri, v2, 2);
  parser.held = false;
  parser.release();
  await Promise.all([first, second]);
  await new Promise((resolve) => setImmediate(resolve));
  // The unchanged title block once; v1's part by its parse; v2's (the same first line) by the fallback at once,
  // then once in the background.
  assert.deepEqual(parser.asked.filter((t) => t === '# A\n\n#'), ['# A\n\n#']);
  assert.deepEqual(parser.asked.filter((t) => t.includes('SLOW')), ['## High-level Summary\n\nDM-1 SLOW\n', '## High-level Summary\n\nDM-12 SLOW\n']);
  assert.deepEqual(engine.analyze(uri, v2, 2).model.tickets.map((t) => t.id), ['DM-12']);
});

test('a larger budget (a settings change) parses the skipped parts again', async () => {
  // Over budget below 1 s only.
  const one = (text: string, budgetMs: number): BlockParse => (text.includes('SLOW') && budgetMs < 1000 ? { skipped: 'budget' } : { nodes: parseMarkdown(text).children });
  const parser: BlockParser = { parse: (texts, budgetMs) => Promise.resolve(texts.map((t) => one(t, budgetMs))), parseSync: one };
  const engine = new ReportEngine({ parseBudgetMs: 300 }, { parser });
  const uri = 'file:///ws/2017-04.md';
  const text = '# A\n\n## High-level Summary\n\nSLOW\n';
  const skipped = () => getDiagnostics(engine.analyze(uri, text, 1)).filter((d) => d.code === 'parse-skipped').length;
  await engine.prepare(uri, text, 1);
  assert.equal(skipped(), 1);
  engine.updateSettings({ parseBudgetMs: 2000 });
  await engine.prepare(uri, text, 1);
  assert.equal(skipped(), 0);
});

test('the model of a text that is not open (the workspace scan) keeps a budget of 250 ms at most per part; the line scanner finds its tickets', () => {
  const budgets: number[] = [];
  const one = (text: string, budgetMs: number): BlockParse => (budgets.push(budgetMs), text.includes('SLOW') ? { skipped: 'budget' } : { nodes: parseMarkdown(text).children });
  const engine = new ReportEngine({ parseBudgetMs: 2000 }, { parser: { parse: (texts, b) => Promise.resolve(texts.map((t) => one(t, b))), parseSync: one } });
  const model = engine.modelOf('# A\n\n## High-level Summary\n\nSLOW\n\nDM-9656 Replanning\n\nSee DM-1234.\n');
  assert.deepEqual(budgets, [250, 250]);
  assert.deepEqual(model.tickets.map((t) => [t.id, t.definition]), [['DM-9656', true], ['DM-1234', false]]);
});

test('fix-all leaves a skipped part as it is, converges, and parses no skipped part again in its rounds', () => {
  const parser = markerParser();
  const engine = new ReportEngine({ parseBudgetMs: 300 }, { parser });
  const analysis = engine.analyze('file:///ws/2017-04.md', SKIPPED_REPORT, 1);
  const asked = parser.asked.length;
  const fixed = fixAll(engine, analysis);
  // The rounds (under a scratch URI) reuse the blocks parsed lately: only the blocks the fixes changed are parsed.
  const rounds = parser.asked.slice(asked);
  assert.ok(rounds.length > 0);
  assert.deepEqual(rounds.filter((t) => !t.startsWith('#### University of Washington\n')), []);
  assert.equal(fixed.complete, true);
  const part = (text: string) => text.slice(text.indexOf('## High-level Summary'), text.indexOf('## Detailed Project'));
  assert.equal(part(fixed.text), part(SKIPPED_REPORT));
  assert.ok(fixed.text.includes('* [DM-9656](https://rubinobs.atlassian.net/browse/DM-9656) 02C.03.01 work'));
});

// ---- the worker pool on the pathological inputs of issue 14 ------------------------------------------

// The bundled worker when built (`npm test` builds first; it starts faster than the source entry through tsx).
const BUILT = fileURLToPath(new URL('../../dist/parseWorker.js', import.meta.url));
const workerFile = existsSync(BUILT) ? BUILT : undefined;
const pool = new ParsePool({ workers: 2, workerFile });
after(() => pool.close());

/** The cause each pathological input is reported with, and its part's lines, in `reportAround`. */
const PATHOLOGICAL = [
  { input: manyQuotes(), lines: 'lines 5–9', cause: 'one line of 100,000 `>`' },
  { input: deepList(), lines: 'lines 5–1008', cause: 'a list nested 1,000 levels deep' },
  { input: unclosed('<?'), lines: 'lines 5–8200', cause: '8,192 unclosed `<?`' },
  { input: unclosed('<![CDATA['), lines: 'lines 5–4378', cause: '4,370 unclosed `<![CDATA[`' },
];

test('the worker pool on each pathological input of issue 14: abandoned after the budget, parse-skipped, the report\'s headings and IDs read', async () => {
  // All at once, each with an engine of its own, on two workers (a part's budget runs from when a worker takes it).
  const many = new ParsePool({ workers: 2, workerFile });
  try {
    await Promise.all(
      PATHOLOGICAL.map(async ({ input, lines, cause }) => {
        const engine = new ReportEngine({ parseBudgetMs: 200 }, { parser: many });
        const uri = 'file:///ws/2017-04.md';
        const text = reportAround(input.body);
        await engine.prepare(uri, text, 1);
        const analysis = engine.analyze(uri, text, 1);
        assert.deepEqual(
          getDiagnostics(analysis).map((d) => [d.code, d.range.start.line, d.message]),
          [
            ['missing-section', 0, 'The report has no "Risk Management" section.'],
            ['missing-section', 0, 'The report has no "Detailed Project Progress and Status" section.'],
            ['parse-skipped', 4, `This part (${lines}) could not be parsed within 200 ms (${cause}); structure checks skipped here.`],
          ],
          input.name,
        );
        assert.deepEqual(analysis.model.sections.map((s) => s.title), ['High-level Summary'], input.name);
        assert.deepEqual(
          [analysis.model.title?.text, analysis.model.period && [analysis.model.period.year, analysis.model.period.month]],
          ['Data Management Monthly Report', [2017, 4]],
          input.name,
        );
        assert.deepEqual(analysis.model.tickets.map((t) => t.id), ['DM-10441', 'DM-9656'], input.name);
        assert.deepEqual(analysis.model.documents.map((d) => d.handle), ['LDM-151'], input.name);
        assert.deepEqual(analysis.model.wbs.map((w) => w.code), ['02C.03.01'], input.name);
      }),
    );
  } finally {
    await many.close();
  }
});

test('the worker pool on 1 MB of <a <b <c lines (no heading: one part), then a keystroke: the fallback at once', async () => {
  const engine = new ReportEngine({ parseBudgetMs: 200 }, { parser: pool });
  const uri = 'file:///ws/2017-04.md';
  const text = tagSoup().body;
  await engine.prepare(uri, text, 1);
  const expected = [
    ['parse-skipped', 0, 'This part (lines 1–116509) could not be parsed within 200 ms (116,509 lines, 1,024 KB); structure checks skipped here.'],
    ['missing-section', 0, 'The report has no "High-level Summary" section.'],
    ['missing-section', 0, 'The report has no "Risk Management" section.'],
    ['missing-section', 0, 'The report has no "Detailed Project Progress and Status" section.'],
  ];
  assert.deepEqual(getDiagnostics(engine.analyze(uri, text, 1)).map((d) => [d.code, d.range.start.line, d.message]), expected);
  const started = pool.started;
  const edited = text.replace('<a <b <c', '<a <b <cx');
  await engine.prepare(uri, edited, 2);
  assert.deepEqual(getDiagnostics(engine.analyze(uri, edited, 2)).map((d) => [d.code, d.range.start.line, d.message]), expected);
  engine.close(uri); // aborts the background parse
  assert.ok(pool.started >= started);
});

test('what an unclosed block hides is parsed ahead by prepare, within the budget: analyze parses nothing on the main thread', async () => {
  let sync = 0;
  const counting: BlockParser = { parse: (texts, budgetMs, signal) => pool.parse(texts, budgetMs, signal), parseSync: (text, budgetMs) => (sync++, pool.parseSync(text, budgetMs)) };
  const engine = new ReportEngine({ parseBudgetMs: 1000 }, { parser: counting });
  const uri = 'file:///ws/2017-04.md';
  // An HTML block (`<?`) never closed runs to the end (a quick parse); the text after its opening line, 16 KB
  // of unclosed `<?` (seconds) and a heading, is parsed on its own: over the budget, the line scanner reads it.
  const text = reportAround(`<?\n${unclosed('<?', 16 * 1024).body}`);
  await engine.prepare(uri, text, 1);
  const analysis = engine.analyze(uri, text, 1);
  assert.equal(sync, 0);
  assert.equal(analysis.parsed.blocks.some((b) => b.block.skipped), false);
  assert.deepEqual(analysis.model.unclosedBlock?.hidden.map((h) => [h.line, h.form, h.text]), [[2058, 'heading', 'Progress against the plan']]);
  assert.deepEqual(
    getDiagnostics(analysis).map((d) => d.code),
    ['missing-section', 'missing-section', 'unclosed-block'],
  );
});

test('ParsePool: parseSync and parse keep the budget, a fresh worker after an abandoned one; abort; a heap limit ends a huge parse', async () => {
  assert.deepEqual(pool.parseSync(manyQuotes().body, 200), { skipped: 'budget' });
  assert.deepEqual(pool.parseSync('# A', 200), { nodes: parseMarkdown('# A').children });
  assert.deepEqual(await pool.parse(['# A', manyQuotes().body, 'DM-1'], 200), [
    { nodes: parseMarkdown('# A').children },
    { skipped: 'budget' },
    { nodes: parseMarkdown('DM-1').children },
  ]);
  const controller = new AbortController();
  const aborted = pool.parse([manyQuotes().body], 60_000, controller.signal);
  controller.abort(new Error('edited'));
  await assert.rejects(aborted, /edited/);
  const small = new ParsePool({ workers: 1, maxHeapMb: 16, workerFile });
  try {
    assert.deepEqual(await small.parse(['a\n\n'.repeat(100_000)], 60_000), [{ skipped: 'memory' }]);
    assert.deepEqual(await small.parse(['# A'], 60_000), [{ nodes: parseMarkdown('# A').children }]);
  } finally {
    await small.close();
  }
});

test('ParsePool: when its workers cannot start (a worker file missing from an installation), it parses in this thread', async () => {
  const missing = fileURLToPath(new URL('../../dist/no-such-worker.js', import.meta.url));
  const async = new ParsePool({ workerFile: missing });
  assert.deepEqual(await async.parse(['# A', 'DM-1'], 200), [{ nodes: parseMarkdown('# A').children }, { nodes: parseMarkdown('DM-1').children }]);
  assert.equal(async.broken, true);
  await async.close();
  const sync = new ParsePool({ workerFile: missing, startTimeoutMs: 300 });
  assert.deepEqual(sync.parseSync('# A', 200), { nodes: parseMarkdown('# A').children });
  assert.equal(sync.broken, true);
  await sync.close();
});

// ---- the CLI -------------------------------------------------------------------------------------------

test('dm-report check --parse-budget MS: a part over it is reported and read line by line; a bad value is a usage error', () => {
  const host = memoryHost({ '2017-04.md': reportAround(manyQuotes().body) });
  const workspace = new Workspace({ host, createEngine: (config, settings) => new ReportEngine(settings, { host, parser: pool }, config) });
  const r = main(['check', '--parse-budget', '200', '2017-04.md'], { host, workspace });
  assert.equal(r.err, '');
  assert.equal(r.code, 0);
  assert.deepEqual(r.out.split('\n'), [
    '2017-04.md:1:1 warning missing-section The report has no "Risk Management" section.',
    '2017-04.md:1:1 warning missing-section The report has no "Detailed Project Progress and Status" section.',
    '2017-04.md:5:1 info parse-skipped This part (lines 5–9) could not be parsed within 200 ms (one line of 100,000 `>`); structure checks skipped here.',
    '3 problems (0 errors, 2 warnings, 1 info, 0 hints) in 1 file',
    '',
  ]);
  for (const bad of ['0', '-5', 'soon', '']) {
    const usage = main(['check', `--parse-budget=${bad}`, '2017-04.md'], { host });
    assert.deepEqual(usage, { code: 2, out: '', err: `dm-report: --parse-budget must be a number of milliseconds (e.g. 2000), not "${bad}"\n` });
  }
});
