/**
 * Every mismatch the differential fuzzer (`npm run fuzz`, test/fuzz/fuzz.ts) found, kept as a
 * regression test with exact values: the first six are those of issue 14 (a fuzzer tried before
 * found them), the later ones those `npm run fuzz` found in this project. The contract is
 * model/parse.ts': the block-by-block parse, fresh or after an edit, equals one whole-text parse,
 * so an edited document and the same text opened fresh get the same answers.
 * Ranges are 0-based LSP ranges; line numbers in comments are 0-based too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Nodes, RootContent } from 'mdast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-types';
import { parseDocument, parseMarkdown, type ParsedDocument } from '../../server/src/model/parse.ts';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { getDocumentSymbols } from '../../server/src/features/documentSymbols.ts';
import { getDocumentLinks } from '../../server/src/features/documentLinks.ts';
import { getStructure } from '../../server/src/features/structure.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const LINES = REFERENCE.split('\n');

type Flat = [type: string, startLine: number, startColumn: number, endLine: number, endColumn: number, startOffset: number, endOffset: number];

/** Every mdast node under `nodes`, depth first, with its position moved by a block's start line and offset. */
function flatten(nodes: readonly RootContent[], lineShift = 0, offsetShift = 0): Flat[] {
  const out: Flat[] = [];
  const walk = (node: Nodes) => {
    const p = node.position!;
    out.push([node.type, p.start.line + lineShift, p.start.column, p.end.line + lineShift, p.end.column, p.start.offset! + offsetShift, p.end.offset! + offsetShift]);
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
  };
  for (const node of nodes) walk(node);
  return out;
}
const flattenDocument = (doc: ParsedDocument): Flat[] => doc.blocks.flatMap((b) => flatten(b.block.nodes, b.startLine, b.startOffset));
/** Asserts that the block parse of `text` (fresh, and after `previous` when given) equals one whole-text parse, node for node. */
function assertSameAsWhole(text: string, previous?: string): ParsedDocument {
  const whole = flatten(parseMarkdown(text).children);
  const doc = parseDocument(text);
  assert.deepEqual(flattenDocument(doc), whole, JSON.stringify(text));
  if (previous !== undefined) assert.deepEqual(flattenDocument(parseDocument(text, parseDocument(previous))), whole, JSON.stringify(text));
  return doc;
}

const engine = new ReportEngine();
let n = 0;
/** A fresh analysis of `text` as `file:///fuzz-<n>/<name>`. */
function analyze(text: string, name = '2017-04.md'): Analysis {
  return engine.analyze(`file:///fuzz-${n++}/${name}`, text, 1);
}
/** The symbols as `name range-start-end` lines, children indented. */
function symbols(a: Analysis): string[] {
  const r = (s: DocumentSymbol) => `${s.range.start.line}:${s.range.start.character}-${s.range.end.line}:${s.range.end.character}`;
  const sel = (s: DocumentSymbol) => `${s.selectionRange.start.line}:${s.selectionRange.start.character}-${s.selectionRange.end.line}:${s.selectionRange.end.character}`;
  const walk = (list: DocumentSymbol[], indent: string): string[] => list.flatMap((s) => [`${indent}${s.name} ${r(s)} ${sel(s)}`, ...walk(s.children ?? [], indent + '  ')]);
  return walk(getDocumentSymbols(engine, a.model), '');
}

const HEAD = '# Data Management Monthly Report\n\n## April 2017\n\n### High-level Summary\n\n';

// ---- 1. a bullet that opens a block as the last line before a heading ------------------------

test('fault 1: a bullet opening a fence, an HTML comment, <script>, <style> or <textarea> right before a heading: the list ends on its own line', () => {
  for (const opener of ['```', '~~~', '<!--', '<script>', '<style>', '<textarea>']) {
    const text = `${HEAD}- see\n- ${opener}\n### Risk Management\n\nNone.\n`;
    assertSameAsWhole(text, text.replace(`- ${opener}\n`, ''));
    // Line 7 is the bullet (2 + opener.length characters): the summary ends there, not at {8, 0}.
    assert.deepEqual(symbols(analyze(text)), [
      'Data Management Monthly Report 0:0-0:32 0:0-0:32',
      '2017-04 2:0-2:13 2:0-2:13',
      `High-level Summary 4:0-7:${2 + opener.length} 4:0-4:22`,
      'Risk Management 8:0-10:5 8:0-8:19',
    ]);
  }
});

// ---- 2. a byte order mark --------------------------------------------------------------------

test('fault 2: a BOM (U+FEFF) at the start: the first block keeps its offsets; `See DM-1234` links DM-1234; the title starts after the BOM', () => {
  const text = `\uFEFF${HEAD}See DM-1234\n`;
  const a = analyze(text);
  assert.deepEqual(
    getDocumentLinks(engine, a).map((l) => [l.range, l.target]),
    [[{ start: { line: 6, character: 4 }, end: { line: 6, character: 11 } }, 'https://rubinobs.atlassian.net/browse/DM-1234']],
  );
  // The BOM is character 0 of line 0 for the client (LSP counts it); the heading starts at character 1.
  assert.deepEqual(symbols(a), ['Data Management Monthly Report 0:1-0:33 0:1-0:33', '2017-04 2:0-2:13 2:0-2:13', 'High-level Summary 4:0-6:11 4:0-4:22']);
  assert.equal(a.model.title?.text, 'Data Management Monthly Report');
  // A paragraph as the first block too: its last character is in the paragraph.
  const para = analyze('\uFEFFSee DM-1234');
  assert.deepEqual(getDocumentLinks(engine, para).map((l) => l.range), [{ start: { line: 0, character: 5 }, end: { line: 0, character: 12 } }]);
});

test('fault 2: a BOM before front matter: no block starts inside it (micromark reads front matter after a BOM)', () => {
  const text = '\uFEFF---\ntemplate: dm-monthly-2017\n# a YAML comment\n---\n# Title\n\n## April 2017\n';
  assertSameAsWhole(text);
  assert.equal(parseDocument(text).blocks[0].block.nodes[0].type, 'yaml');
  assert.deepEqual(analyze(text).model.frontMatter?.template?.value, 'dm-monthly-2017');
});

/** `diagnostics` with every character on line 0 moved by `by`. */
function shiftLine0(diagnostics: Diagnostic[], by: number): Diagnostic[] {
  return JSON.parse(JSON.stringify(diagnostics), (key, value: unknown) => {
    if (value && typeof value === 'object' && 'line' in value && 'character' in value) {
      const p = value as { line: number; character: number };
      return p.line === 0 ? { line: 0, character: p.character + by } : p;
    }
    return value;
  }) as Diagnostic[];
}

test('fault 2: the server on a report saved with a BOM finds what the CLI finds (it strips the BOM), one character later on line 0', () => {
  for (const file of ['2017-02-bom.md', '2017-02-bom-crlf.md']) {
    const text = readFileSync(new URL(`../corpus/line-breaks/${file}`, import.meta.url), 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff);
    const server = analyze(text, '2017-02.md').findings().map((f) => f.diagnostic);
    const cli = analyze(text.slice(1), '2017-02.md').findings().map((f) => f.diagnostic);
    assert.ok(server.length > 0);
    assert.deepEqual(JSON.parse(JSON.stringify(server)), shiftLine0(cli, 1), file);
  }
  // A first block with problems of its own (a placeholder link around a ticket without its hyphen): on line 0, one character later.
  const text = `\uFEFFDraft, see [DM10221](#).\n\n${HEAD}Summary.\n`;
  const server = analyze(text).findings().map((f) => f.diagnostic);
  assert.deepEqual(
    server.filter((d) => d.range.start.line === 0).map((d) => [d.code, d.range]),
    [
      ['placeholder-link', { start: { line: 0, character: 12 }, end: { line: 0, character: 24 } }],
      ['malformed-ticket', { start: { line: 0, character: 13 }, end: { line: 0, character: 20 } }],
    ],
  );
  assert.deepEqual(JSON.parse(JSON.stringify(server)), shiftLine0(analyze(text.slice(1)).findings().map((f) => f.diagnostic), 1));
});

// ---- 3. CRLF: a label written as a paragraph ------------------------------------------------

test('fault 3 (already fixed by model/lines.ts): CRLF, a label paragraph over two lines: its selection range ends before the \\r', () => {
  const text = `${HEAD}Summary.\n\n### University of Washington\n\nPlanned activities\nto be written.\n`.replace(/\n/g, '\r\n');
  const a = analyze(text);
  // One paragraph over lines 10 and 11; `Planned activities` is 18 characters: character 18, not 19.
  assert.deepEqual(symbols(a), [
    'Data Management Monthly Report 0:0-0:32 0:0-0:32',
    '2017-04 2:0-2:13 2:0-2:13',
    'High-level Summary 4:0-11:14 4:0-4:22',
    '  University of Washington 8:0-11:14 8:0-8:28',
    '    Planned activities 10:0-11:14 10:0-10:18',
  ]);
  const planned = getStructure(engine, a).teams[0].subsections.find((s) => s.id === 'planned-activities');
  assert.deepEqual(planned?.range, { start: { line: 10, character: 0 }, end: { line: 10, character: 18 } });
});

// ---- 4. a lone CR line break -----------------------------------------------------------------

test('fault 4 (already fixed by model/lines.ts): bare CR line breaks: the model numbers lines as LSP does, the same as with LF', () => {
  const lf = `${HEAD}Summary.\n\n### University of Washington\n\nPlanned activities:\n\n- DM-1234 done.\n`;
  const cr = lf.replace(/\n/g, '\r');
  const expected = [
    'Data Management Monthly Report 0:0-0:32 0:0-0:32',
    '2017-04 2:0-2:13 2:0-2:13',
    'High-level Summary 4:0-12:15 4:0-4:22',
    '  University of Washington 8:0-12:15 8:0-8:28',
    '    Planned activities 10:0-12:15 10:0-10:19',
  ];
  assert.deepEqual(symbols(analyze(lf)), expected);
  assert.deepEqual(symbols(analyze(cr)), expected);
  // Two lone CRs in an LF text (ending lines 6 and 7): the later lines are LSP's.
  const mixed = lf.replace('Summary.\n\n', 'Summary.\r\r');
  assert.deepEqual(symbols(analyze(mixed)), expected);
  assert.deepEqual(getDocumentLinks(engine, analyze(cr)).map((l) => l.range.start), [{ line: 12, character: 2 }]);
});

// ---- 5. the section-order fix of the last section -------------------------------------------

test('fault 5: the section-order fix of the last section deletes up to the end of the document, not to {line: lineCount}', () => {
  const risk = LINES.slice(21, 25);
  assert.equal(risk[0], '# Risk Management');
  // With a final line break (867 lines, the last one empty) and without one (866 lines).
  for (const [text, end] of [
    [[...LINES.slice(0, 21), ...LINES.slice(25), ...risk].join('\n'), { line: 866, character: 0 }],
    [[...LINES.slice(0, 21), ...LINES.slice(25), ...risk.slice(0, 3)].join('\n'), { line: 865, character: LINES[23].length }],
  ] as const) {
    const a = analyze(text);
    const fix = a.findings().find((f) => f.diagnostic.code === 'section-order')!.fixes[0];
    assert.deepEqual(fix.edits[0].range, { start: { line: 863, character: 0 }, end });
    assert.ok(fix.edits[0].range.end.line < a.document.lineCount);
    assert.deepEqual(fix.edits[1].range, { start: { line: 21, character: 0 }, end: { line: 21, character: 0 } });
  }
});

test('fault 5: a team subsection moved from the end of the document: the deletion ends at the end of its last line', () => {
  // Line 16 `Current accomplishments:` to line 18 `- Work.` (7 characters, no final line break), with the blank line 15.
  const text = `${HEAD}Summary.\n\n### University of Washington\n\nPlanned activities:\n\n- More.\n\nRecruitment update: N/A\n\nCurrent accomplishments:\n\n- Work.`;
  const a = analyze(text);
  assert.equal(a.document.lineCount, 19);
  const found = a.findings().filter((f) => f.diagnostic.code === 'section-order');
  assert.deepEqual(found.map((f) => f.diagnostic.message), ['"Current accomplishments:" should come before "Planned activities:" in "University of Washington" (template dm-monthly-2017).']);
  assert.deepEqual(found[0].fixes[0].edits, [
    { range: { start: { line: 15, character: 0 }, end: { line: 18, character: 7 } }, newText: '' },
    { range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, newText: 'Current accomplishments:\n\n- Work.\n\n' },
  ]);
  assert.equal(
    TextDocument.applyEdits(a.document, found[0].fixes[0].edits),
    `${HEAD}Summary.\n\n### University of Washington\n\nCurrent accomplishments:\n\n- Work.\n\nPlanned activities:\n\n- More.\n\nRecruitment update: N/A\n`,
  );
});

// ---- 6. a fence in a bullet closed by an unindented fence: quadratic re-parsing --------------

/** A report whose UW bullet holds a code block closed by an unindented fence (which opens a new one), then `count` sections. */
function strayFence(count: number): string {
  let text = `${HEAD}Summary.\n\n### University of Washington\n\n- A bullet with code:\n\n  \`\`\`\n  code\n\`\`\`\n\n`;
  for (let i = 0; i < count; i++) text += `### Team ${i}\n\nText ${i}.\n\n`;
  return text;
}

test('fault 6: a fence in a bullet closed by an unindented fence: two parses, whatever follows (was one per following block, joined again each time)', () => {
  for (const count of [10, 200]) {
    const text = strayFence(count);
    const doc = assertSameAsWhole(text);
    // The summary, the period, the title blocks, then the block from `### University of Washington` to the end
    // (the unindented fence opens a code block that runs to the end): its first piece and the joined text.
    assert.equal(doc.blocks.length, 4);
    assert.equal(doc.parsedBlocks, 5);
    assert.equal(doc.blocks[3].block.text, text.slice(text.indexOf('### University')));
    // One keystroke in the last section: the same two parses of the open block, nothing else.
    const edited = text.replace(`Text ${count - 1}.`, `Text ${count - 1}!`);
    const again = parseDocument(edited, doc);
    assert.equal(again.parsedBlocks, 2);
    assert.deepEqual(flattenDocument(again), flatten(parseMarkdown(edited).children));
  }
});

// ---- found by npm run fuzz ---------------------------------------------------------------------

test('fuzz (the line-break variant): a section moved in a text with bare CR line breaks gains no CRLF and no blank line', () => {
  const risk = LINES.slice(21, 25);
  const summary = LINES.slice(6, 21);
  // Risk Management above the summary (the fix moves the summary back), and Risk Management at the end.
  const top = [...LINES.slice(0, 6), ...risk, ...summary, ...LINES.slice(25)].join('\n');
  const end = [...LINES.slice(0, 21), ...LINES.slice(25), ...risk].join('\n');
  for (const eol of ['\n', '\r\n', '\r']) {
    const cases = [
      [top, REFERENCE, `testing.${eol}${eol}`],
      // Moved away from the end, the section ends with a blank line; the reference ended with its line break.
      [end, REFERENCE + '\n', `were made.${eol}${eol}`],
    ] as const;
    for (const [text, fixed, tail] of cases) {
      const a = analyze(text.replace(/\n/g, eol));
      const fix = a.findings().find((f) => f.diagnostic.code === 'section-order')!.fixes[0];
      assert.equal(fix.edits[1].newText.slice(-tail.length), tail, JSON.stringify(eol));
      assert.equal(TextDocument.applyEdits(a.document, fix.edits), fixed.replace(/\n/g, eol), JSON.stringify(eol));
    }
  }
});

test('line breaks (found reading the code the line-break variant points at): a bold label paragraph over two lines opens a personal report with CR line breaks too', () => {
  const lf = '**Accomplishments this period**\nDid things with DM-1234.\n\n# Objectives for next period\n\n- More.\n';
  for (const eol of ['\n', '\r\n', '\r']) {
    const a = analyze(lf.replace(/\n/g, eol), 'Monthly Reports/2023/March.md');
    assert.equal(a.template.name, 'personal-monthly');
    assert.equal(a.templateChoice.source, 'first section "Accomplishments this period"', JSON.stringify(eol));
  }
});

test('fuzz (the line-break variant): a section moved whose last line ends with a bare CR in a document of LF breaks keeps its blank line', () => {
  // `~` ends with a bare CR, the other lines with LF: the moved section gets a blank line after it, as with LF only.
  const mixed = '# Objectives for next period\n#Accomplishments this period\n~\r';
  for (const text of [mixed, mixed.replace('\r', '\n')]) {
    const a = analyze(text, 'Monthly Reports/2023/March.md');
    const fix = a.findings().find((f) => f.diagnostic.code === 'section-order')!.fixes[0];
    const moved = TextDocument.applyEdits(a.document, fix.edits);
    assert.equal(moved.replace(/\r\n|\r/g, '\n'), '#Accomplishments this period\n~\n\n# Objectives for next period\n', JSON.stringify(text));
    assert.equal(moved.split(/\r\n|\r|\n/).length, 5);
  }
});

test('fuzz (ranges): a section inserted below front matter that ends the text (no final line break) is inserted at its end, not on a line past it', () => {
  const text = '---\ntemplate:\n---';
  const a = analyze(text);
  const inserts = a.findings().filter((f) => f.diagnostic.code === 'missing-section').map((f) => f.fixes[0].edits);
  assert.equal(inserts.length, 3);
  for (const edits of inserts) {
    assert.deepEqual(edits[0].range, { start: { line: 2, character: 3 }, end: { line: 2, character: 3 } });
    assert.ok(edits[0].newText.startsWith('\n## '), edits[0].newText);
  }
  assert.equal(TextDocument.applyEdits(a.document, inserts[0]), '---\ntemplate:\n---\n## High-level Summary\n\n');
});

test('fuzz (ranges, line breaks): a YAML error at the end of a front matter line is on that line, with LF and CRLF alike', () => {
  // `template: [` is 11 characters; the error used to end on the next line (LF) or inside the CRLF (character 12).
  for (const eol of ['\n', '\r\n', '\r']) {
    const a = analyze(`---${eol}template: [${eol}---${eol}# Title${eol}`);
    const d = a.findings().find((f) => f.diagnostic.code === 'invalid-front-matter')!.diagnostic;
    assert.deepEqual(d.range, { start: { line: 1, character: 11 }, end: { line: 1, character: 11 } }, JSON.stringify(eol));
  }
});

test('line breaks (mixed): no fix joins a bare CR and an LF into one CRLF where its text meets the document', () => {
  // CR line breaks, but `code` ends with CRLF and the blank line after it with LF: closing the fence there
  // writes `` ```\r `` — before that LF it would make one CRLF of them, and the blank line would go.
  const text = `${HEAD.replace(/\n/g, '\r')}\`\`\`\rcode\r\n\n### Risk Management\r\rNone.\r`;
  assert.equal(text.split(/\r\n|\r|\n/).length, 13);
  const a = analyze(text);
  const fix = a.findings().find((f) => f.diagnostic.code === 'unclosed-block')!.fixes[0];
  assert.deepEqual(fix.edits, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, newText: '```\r\n' }]);
  const fixed = TextDocument.applyEdits(a.document, fix.edits);
  assert.equal(fixed.replace(/\r\n|\r/g, '\n'), `${HEAD}\`\`\`\ncode\n\`\`\`\n\n### Risk Management\n\nNone.\n`);
});
