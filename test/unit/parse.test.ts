/**
 * Chunked parsing (server/src/model/parse.ts): splitting at top-level ATX
 * headings must give exactly the tree that one whole-text parse gives, and an
 * edit must re-parse only the block it touches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Nodes, RootContent } from 'mdast';
import { parseDocument, parseMarkdown, splitBlocks, type ParsedDocument } from '../../server/src/model/parse.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');

type Flat = [type: string, startLine: number, startColumn: number, endLine: number, endColumn: number, startOffset: number, endOffset: number];

/** Every mdast node under `nodes`, depth first, with its position moved by a block's start line and offset. */
function flatten(nodes: readonly RootContent[], lineShift = 0, offsetShift = 0): Flat[] {
  const out: Flat[] = [];
  const walk = (node: Nodes) => {
    const p = node.position!;
    out.push([
      node.type,
      p.start.line + lineShift,
      p.start.column,
      p.end.line + lineShift,
      p.end.column,
      p.start.offset! + offsetShift,
      p.end.offset! + offsetShift,
    ]);
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
  };
  for (const node of nodes) walk(node);
  return out;
}

function flattenDocument(doc: ParsedDocument): Flat[] {
  return doc.blocks.flatMap((b) => flatten(b.block.nodes, b.startLine, b.startOffset));
}

/** Asserts that the chunked parse of `text` equals one whole-text parse, node for node. */
function assertSameAsWhole(text: string): ParsedDocument {
  const doc = parseDocument(text);
  assert.deepEqual(flattenDocument(doc), flatten(parseMarkdown(text).children));
  return doc;
}

test('splitBlocks re-assembles the reference report exactly, with consistent start lines and offsets', () => {
  const blocks = splitBlocks(REFERENCE);
  assert.equal(blocks.map((b) => b.text).join(''), REFERENCE);
  let offset = 0;
  let line = 0;
  for (const b of blocks) {
    assert.equal(b.startOffset, offset);
    assert.equal(b.startLine, line);
    offset += b.text.length;
    line += b.text.split('\n').length - 1;
  }
});

test('splitBlocks starts a block at every column-0 ATX heading of the reference report, and nowhere else', () => {
  // The reference has no heading-like line inside its one fenced code block (lines 138–143),
  // so every `#`…`######` line starts a block; the two blank lines before the title make the first block.
  const headingLines = REFERENCE.split('\n').flatMap((l, i) => (/^#{1,6} /.test(l) ? [i] : []));
  assert.equal(headingLines[0], 2);
  assert.equal(headingLines.includes(769), true); // `## 02C.07.04 Site Infrastructure` (line 770, 1-based)
  assert.deepEqual(
    splitBlocks(REFERENCE).map((b) => b.startLine),
    [0, ...headingLines],
  );
  assert.equal(splitBlocks(REFERENCE)[0].text, '\n\n');
});

test('splitBlocks does not split inside a fenced code block that contains a `# comment` line', () => {
  const text = '# One\n\n```sh\n# comment\necho hi\n```\n\n## Two\ntext\n';
  assert.deepEqual(splitBlocks(text), [
    { text: '# One\n\n```sh\n# comment\necho hi\n```\n\n', startLine: 0, startOffset: 0 },
    { text: '## Two\ntext\n', startLine: 7, startOffset: 36 },
  ]);
  const doc = assertSameAsWhole(text);
  assert.deepEqual(
    doc.blocks[0].block.nodes.map((n) => n.type),
    ['heading', 'code'],
  );
});

test('splitBlocks: a tilde fence is closed only by a tilde fence at least as long', () => {
  const text = '# A\n~~~~\n# x\n~~~\n```\n# y\n~~~~\n# B\n';
  assert.deepEqual(
    splitBlocks(text).map((b) => b.text),
    ['# A\n~~~~\n# x\n~~~\n```\n# y\n~~~~\n', '# B\n'],
  );
  assertSameAsWhole(text);
});

test('splitBlocks: an unclosed fence runs to the end of the document', () => {
  const text = '# A\n\n```\n# not a heading\n\n## nor this\n';
  assert.deepEqual(splitBlocks(text).map((b) => b.text), [text]);
  assertSameAsWhole(text);
});

test('splitBlocks does not split inside a multi-line HTML comment, and does split after one closed on its line', () => {
  const text = '# One\n\n<!--\n# hidden\n## hidden too\n-->\n\n<!-- one line -->\n# Two\n';
  assert.deepEqual(splitBlocks(text), [
    { text: '# One\n\n<!--\n# hidden\n## hidden too\n-->\n\n<!-- one line -->\n', startLine: 0, startOffset: 0 },
    { text: '# Two\n', startLine: 8, startOffset: 58 },
  ]);
  assertSameAsWhole(text);
});

test('splitBlocks does not split inside <pre> … </pre>', () => {
  const text = '# A\n<pre>\n# inside\n</pre>\n# B\n';
  assert.deepEqual(splitBlocks(text).map((b) => b.text), ['# A\n<pre>\n# inside\n</pre>\n', '# B\n']);
  assertSameAsWhole(text);
});

test('splitBlocks does not split inside an HTML block that ends at a blank line (<div>, <details>, a lone <img>)', () => {
  // CommonMark HTML blocks of kinds 6 and 7 run to the next blank line: a `#` line inside is raw HTML.
  for (const text of [
    '# A\n\n<div>\n# x\n</div>\n\n# B\n',
    '# A\n\n<details>\n<summary>More</summary>\n# x\n</details>\n\n# B\n',
    '# A\n\n<img src="architecture.png">\n# Caption\n\n# B\n',
    '# A\n\n</div>\n# x\n\n# B\n',
  ]) {
    const blocks = splitBlocks(text);
    assert.equal(blocks.length, 2, JSON.stringify(text));
    assert.equal(blocks[1].text, '# B\n');
    assertSameAsWhole(text);
  }
});

test('splitBlocks does not split inside <?…?>, <!DECL…> and CDATA HTML blocks', () => {
  for (const text of [
    '# A\n\n<?php\n# x\n?>\n# B\n',
    '# A\n\n<!DOCTYPE html\n# x\n>\n# B\n',
    '# A\n\n<![CDATA[\n# x\n]]>\n# B\n',
  ]) {
    const blocks = splitBlocks(text);
    assert.equal(blocks.length, 2, JSON.stringify(text));
    assert.equal(blocks[1].text, '# B\n');
    assertSameAsWhole(text);
  }
});

test('parseDocument equals a whole parse when a fence inside a list item is left open', () => {
  // The list item's fence is closed by the end of the item (`# x` is a heading), so the later
  // top-level fence opens a code block that runs to the end: `# y` and `## z` are code, not headings.
  const text = '# A\n\n- item\n\n  ```\n# x\n```\n# y\n\n## z\n';
  const doc = assertSameAsWhole(text);
  assert.deepEqual(parseMarkdown(text).children.map((n) => n.type), ['heading', 'list', 'heading', 'code']);
  assert.deepEqual(doc.blocks.map((b) => b.startLine), [0]);
});

test('parseDocument equals a whole parse when a <div> block runs into a heading', () => {
  const text = '# A\n\n- item\n\n  <div>\n# x\n\n# y\n';
  assertSameAsWhole(text);
});

test('splitBlocks on edge inputs: empty text, no trailing newline, heading-only lines', () => {
  assert.deepEqual(splitBlocks(''), [{ text: '', startLine: 0, startOffset: 0 }]);
  assert.deepEqual(splitBlocks('# A\n#\n# B'), [
    { text: '# A\n', startLine: 0, startOffset: 0 },
    { text: '#\n', startLine: 1, startOffset: 4 },
    { text: '# B', startLine: 2, startOffset: 6 },
  ]);
  // `#hashtag` and `####### seven` are not headings.
  assert.deepEqual(splitBlocks('# A\n#hashtag\n####### seven\n').length, 1);
  assertSameAsWhole('# A\n#hashtag\n####### seven\n');
});

test('parseDocument on the reference gives the same nodes and positions as one whole-text parse', () => {
  const doc = assertSameAsWhole(REFERENCE);
  // 119 blocks of 113 texts: `#### Planned activities:` three times, four more twice; each text is parsed once.
  assert.deepEqual([doc.parsedBlocks, doc.blocks.length, new Set(doc.blocks.map((b) => b.block.text)).size], [113, 119, 113]);
  assert.equal(doc.text, REFERENCE);
});

test('parseDocument on the reference with CRLF line endings gives the same nodes as one whole-text parse', () => {
  assertSameAsWhole(REFERENCE.replace(/\n/g, '\r\n'));
});

test('splitBlocks and parseDocument with bare CR line breaks (old Mac exports): the same blocks, lines and nodes as with LF', () => {
  const cr = REFERENCE.replace(/\n/g, '\r');
  const lf = splitBlocks(REFERENCE);
  const blocks = splitBlocks(cr);
  // Before: one block of one line (CR was no line break to the splitter).
  assert.deepEqual(
    blocks.map((b) => [b.startLine, b.startOffset]),
    lf.map((b) => [b.startLine, b.startOffset]),
  );
  assert.equal(blocks.map((b) => b.text).join(''), cr);
  const doc = assertSameAsWhole(cr);
  assert.equal(doc.blocks.length, lf.length);
  // Front matter closed by a CR-terminated `---` line (`# x` in it is YAML, no block starts there).
  assert.equal(splitBlocks('---\r# x: 1\r---\r# A\r\r# B\r').map((b) => b.startLine).join(','), '0,3,5');
  assertSameAsWhole('---\r# x: 1\r---\r# A\r\r# B\r');
});

test('parseDocument re-parses only the edited block after a one-character edit in one paragraph', () => {
  const first = parseDocument(REFERENCE);
  const unchanged = parseDocument(REFERENCE, first);
  assert.equal(unchanged.parsedBlocks, 0);

  const at = REFERENCE.indexOf('The DM Risk Register was reviewed');
  assert.equal(at > 0, true);
  const edited = REFERENCE.slice(0, at) + 'T' + REFERENCE.slice(at + 1).replace(/^he/, 'ha');
  // Exactly one character differs: "The" → "Tha".
  assert.equal(edited.length, REFERENCE.length);
  assert.equal([...edited].filter((c, i) => c !== REFERENCE[i]).length, 1);

  const second = parseDocument(edited, first);
  assert.equal(second.parsedBlocks, 1);
  // Every other block is an object of the previous parse (blocks with equal texts share one object).
  const old = new Set(first.blocks.map((b) => b.block));
  assert.equal(second.blocks.length, first.blocks.length);
  assert.equal(second.blocks.filter((b) => old.has(b.block)).length, first.blocks.length - 1);
  const fresh = second.blocks.filter((b) => !old.has(b.block));
  assert.equal(fresh[0].block.text, '# Risk Management\n\nTha DM Risk Register was reviewed in the monthly process. No new risks were added and no significant changes to existing risk exposure were made.\n\n');
  assert.deepEqual(flattenDocument(second), flatten(parseMarkdown(edited).children));
});

test('parseDocument after inserting a line re-parses one block and shifts the later blocks correctly', () => {
  const first = parseDocument(REFERENCE);
  const at = REFERENCE.indexOf('- No activity this month.');
  const edited = REFERENCE.slice(0, at) + '- A new bullet.\n' + REFERENCE.slice(at);
  const second = parseDocument(edited, first);
  assert.equal(second.parsedBlocks, 1);
  assert.deepEqual(flattenDocument(second), flatten(parseMarkdown(edited).children));
});
