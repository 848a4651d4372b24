/**
 * The light scanner (server/src/model/lightScan.ts) against the full model: the index entry of a
 * report read line by line without a syntax tree (`indexReport`, as the workspace scan reads
 * files) must equal the entry of the same text's analysis (`indexOfModel`, as an open document
 * gives it) — tickets and their definitions, document handles, WBS codes, period, title,
 * template, teams, WBS elements, planned items, all of it, exactly:
 *
 * - on the reference report and every corpus file, against the engine's analysis;
 * - on 200 seeded random documents made of report lines and Markdown shapes (lists, lazy lines,
 *   quotes, fences open and closed, HTML blocks of every kind, code spans, links, images,
 *   emphasis, setext and malformed headings, definitions, CR/CRLF), against the model of the whole
 *   text parsed at once (the engine's parse per top-level block has faults of its own, issue 14's
 *   fuzzer list, fixed elsewhere);
 * - where the two differ by design, the test says so with both answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { MemoryHost } from '../../server/src/host/memory.ts';
import { Workspace } from '../../server/src/engine/workspace.ts';
import type { ReportEngine } from '../../server/src/engine/engine.ts';
import { indexReport } from '../../server/src/features/workspaceScan.ts';
import { buildReport, readFrontMatter } from '../../server/src/model/build.ts';
import { parseMarkdown, type ParsedDocument } from '../../server/src/model/parse.ts';
import { indexOfModel, type ReportIndexEntry } from '../../server/src/model/reportIndex.ts';
import { readInline } from '../../server/src/model/lightInline.ts';
import { ROOT } from '../support/cli.ts';
import { REFERENCE_TEXT } from '../support/reference.ts';

/** An engine for a file at `path` in a workspace `/ws` without `.dmreport.yaml` (as the corpus test and the CLI). */
function engineAt(path: string, text: string): { engine: ReportEngine; uri: string } {
  const host = new MemoryHost({ [path]: text });
  const uri = URI.file(path).toString();
  return { engine: new Workspace({ host, roots: ['/ws'] }).engineFor(uri), uri };
}

/** The entry of the whole text parsed at once (no split into blocks), with the template the engine chooses for that parse. */
function wholeTextEntry(engine: ReportEngine, uri: string, text: string): ReportIndexEntry {
  const parsed: ParsedDocument = { text, blocks: [{ block: { text, nodes: parseMarkdown(text).children }, startLine: 0, startOffset: 0 }], parsedBlocks: 1 };
  const frontMatter = readFrontMatter(parsed);
  const { template } = engine.chooseTemplate(uri, frontMatter, parsed);
  const model = buildReport(parsed, 0, { template, scanner: engine.scanner, documents: engine.documents, frontMatter });
  return indexOfModel(model, parsed, template, uri);
}

/** Every corpus report (paths under test/corpus, `/`-separated), the README aside. */
function corpus(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, 'test/corpus', dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.md') && rel !== 'README.md') out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

test('light scan = full model, exactly, on the reference report and every corpus file (the text as the scan reads it: without a BOM)', async () => {
  const files: [string, string][] = [
    ['/ws/dm-monthly-report-2017-04.md', REFERENCE_TEXT],
    ...corpus().map((rel): [string, string] => [`/ws/${rel}`, readFileSync(join(ROOT, 'test/corpus', rel), 'utf8')]),
  ];
  // The scan drops a byte order mark, as the CLI does (micromark drops it too, and with it one character of every position of the first block).
  const texts = files.map(([path, raw]): [string, string] => [path, raw.replace(/^\uFEFF/, '')]);
  const workspace = new Workspace({ host: new MemoryHost(Object.fromEntries(texts)), roots: ['/ws'] });
  for (const [path, text] of texts) {
    const uri = URI.file(path).toString();
    const engine = workspace.engineFor(uri);
    const full = indexOfModel(engine.analyze(uri, text, 0).model, engine.get(uri)!.parsed, engine.get(uri)!.template, uri);
    const light = await indexReport(engine, uri, text);
    assert.deepEqual(light, full, path);
  }
  // What the reference gives, for scale: every ticket of the report, its teams, its WBS elements, its planned items.
  const { engine, uri } = engineAt('/ws/dm-monthly-report-2017-04.md', REFERENCE_TEXT);
  const entry = await indexReport(engine, uri, REFERENCE_TEXT);
  assert.deepEqual(
    [entry.template, entry.title, entry.period, entry.sections, entry.looksLikeReport, entry.lineCount],
    ['dm-monthly-2017', { text: 'Data Management Monthly Report', line: 2 }, { year: 2017, month: 4, source: 'heading', line: 4 }, ['high-level-summary', 'risk-management', 'detailed-progress'], true, 867],
  );
  assert.deepEqual([entry.mentions.length, entry.definitions.length, entry.documents.length, entry.wbsCodes.length, entry.wbs.length], [143, 47, 17, 79, 78]);
  assert.deepEqual(entry.definitions[0], { id: 'DM-9656', title: 'Replanning, Commissioning, Operations Planning (S17b)', range: { start: { line: 565, character: 0 }, end: { line: 565, character: 61 } } });
  assert.deepEqual(
    entry.teams.map((t) => `${t.line} ${t.name}${t.group ? ` (${t.group})` : ''}`),
    [
      '29 DM Project Management and Control (LSST Program Office)',
      '43 DM Subsystem Science (LSST Program Office)',
      '64 DM System Engineering (LSST Program Office)',
      '112 DM Science Quality and Reliability Engineering (SQuaRE)',
      '161 University of Washington',
      '253 Princeton University and University of California, Davis',
      '375 IPAC / California Institute of Technology',
      '455 SLAC / Stanford University',
      '548 NCSA / University of Illinois',
      '799 AURA',
    ],
  );
  assert.deepEqual(entry.planned.map((p) => p.items.length), [2, 4, 13, 3, 11, 13, 11, 13, 38, 10]);
  const ipac = entry.planned.find((p) => p.team === 'IPAC / California Institute of Technology')!;
  assert.deepEqual(ipac.items[0], {
    text: 'Continue to work with IPAC IRSA group on collaboration in Firefly development, plan and schedule coordination.',
    line: 418,
    endLine: 418,
    tickets: [],
    wbs: '02C.05.00',
  });
});

/** Lines of reports and shapes of Markdown the random documents are made of. */
const FRAGMENTS = [
  '# Data Management Monthly Report', '## April 2017', '### High-level Summary/Status', '# Risk Management', '## Detailed Project Progress and Status',
  '### LSST Program Office', '#### DM Subsystem Science', '## University of Washington', '### Princeton University', '#### Current accomplishments:', 'Planned activities:',
  '#### Planned activities: (for May 2017)', 'Recruitment update: none', '#### 02C.03.01 - Single Frame Processing', '02C.04.05 Object Detection and Deblending',
  '- 02C.03.02 Association Pipelines', '- Did DM-1234 and DM10221.', '  - nested DM-2222 item', '    continued DM-3333', '1. first DM-4444', '2) second', '> quoted DM-5555',
  'lazy DM-6666 line', '', '', '', 'DM-7777 A ticket title.', 'DM-8888: Another title', '```', '```python', '~~~', '    indented DM-9999 code', '<!-- comment DM-1111', '-->',
  '<!-- whole DM-1212 comment -->', '<div>', '</div>', '<details>', 'See `DM-1313` and <span>DM-1414</span> and [DM-1515](#) and ![DM-1616](x.png).',
  'Mail [DM1717](mailto:DM1717@lsst.org) <DM-1818@lsst.org> <https://x/DM-1919>', 'Text _DM-2020_ and *DM-2121* and __DM-2222__ and snake_DM-2323_x.',
  'LDM-151 SQR-019 Document-1386 and 1.02C.06.01', 'Setext heading DM-2424', '===', '---', '***', '* * *', '##University of Washington', '####\u00a0Planned activities:', 'Foo  ', 'bar\\',
  '**High-level Summary:**', '#### **DM System Engineering**', '   ## indented heading DM-2626 ##', '- ## heading in item', '- ', '-', '  ', '\tTabbed DM-2727', '+ plus item',
  '* star item DM-2828', '10. ten', 'Current accomplishments:', '  - deeper', '      code in item?', '[link text DM-2929](https://a.b/c "title")', '[broken](not a url) DM-3030',
  '`unclosed code DM-3131', '<https://example.com>', '&amp; DM-3232 &copy;', 'a\\_DM-3333\\_ b', '---\nperiod: 2017-05\n---', '<pre>', '</pre>', '<?php DM-4040', '?>', '<!DOCTYPE html>',
  '<![CDATA[ DM-4141', ']]>', '<script>', '</script>', '> - quoted item DM-4242', '> > deep DM-4343', '- > item quote DM-4444', '  1. nested ordered DM-4545', '| DM-4646 | table |',
  '|---|---|', '### **Service Management and Monitoring**', '## **NCSA / University of Illinois**', '#### DM Project Management and Control', '## IPAC / California Institute of Technology',
  'RFC-345 and RFC2119 and DM\u201011234', 'mail dm-12345@lsst.org DM1234@lsst.org', '# Appendix: Acronyms', '### Community Interactions, Meetings and Workshops',
  'Accomplishments this period', '# Accomplishments this period', '## 2017-05', '# DM Monthly Report: June 2018', '- [x] done DM-4747', '**Recruitment update:** none',
  '- 02C.03.01 first', '  - 02C.04.01 nested other', '    - 02C.03.01.01 deep', '![img](a.png) DM-4848', '[![badge DM-4949](b.png)](https://x)', '`` code `with` DM-5050 ``',
  'trailing \\\\', '  indented para DM-5151', '   ```', '    ```', '- ```', '  ```',
];

/** A seeded generator (mulberry32): `rand(n)` in 0…n-1. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const FENCE_LINE = /^---[ \t]*$/;

test('light scan = full model of the whole text, exactly, on 200 seeded random documents of report lines and Markdown shapes', async () => {
  const rand = random(14);
  const { engine, uri } = engineAt('/ws/2017-04.md', '');
  let compared = 0;
  for (let run = 0; run < 200; run++) {
    const lines = Array.from({ length: 5 + rand(40) }, () => FRAGMENTS[rand(FRAGMENTS.length)]);
    // By design (see the next test): an opening `---` never closed.
    if (FENCE_LINE.test(lines[0]) && !lines.slice(1).some((l) => FENCE_LINE.test(l) || l.endsWith('\n---'))) continue;
    const eol = ['\n', '\n', '\r\n', '\r'][rand(4)];
    const text = lines.map((l) => l.replace(/\n/g, eol)).join(eol) + (rand(2) ? eol : '');
    assert.deepEqual(await indexReport(engine, uri, text), wholeTextEntry(engine, uri, text), `run ${run}: ${JSON.stringify(text)}`);
    compared++;
  }
  assert.ok(compared > 185, `${compared} compared`);
});

test('light scan and full model differ by design: an unclosed opening `---`, reference links, a BOM, the engine\'s per-block parse', async () => {
  // An opening `---` never closed: remark-frontmatter (micromark-extension-frontmatter) then reads
  // no list item anywhere in the document — a fault of the full parse; the light scan reads the list.
  const unclosed = '---\n# R\n\n## April 2017\n\n- DM-1 item\n';
  const a = engineAt('/ws/2017-04.md', unclosed);
  const entry = await indexReport(a.engine, a.uri, unclosed);
  assert.equal(entry.mentions[0].id, 'DM-1');
  assert.equal(parseMarkdown(unclosed).children.some((n) => n.type === 'list'), false);
  // Reference links (`[text][label]`) are read as text: the label's brackets stay in the plain text.
  const reference = '[ref]: https://example.com\n\nSee [ref] DM-2\n===\n';
  const b = engineAt('/ws/2017-04.md', reference);
  assert.equal((await indexReport(b.engine, b.uri, reference)).title?.text, 'See [ref] DM-2');
  assert.equal(wholeTextEntry(b.engine, b.uri, reference).title?.text, 'See ref DM-2');
  // A byte order mark: the scan drops it (as the CLI); micromark drops it and shifts the first block by one.
  const bom = '\uFEFF# R\n\n## April 2017\n';
  const c = engineAt('/ws/2017-04.md', bom);
  assert.deepEqual((await indexReport(c.engine, c.uri, bom.slice(1))).title, { text: 'R', line: 0 });
  // The engine parses per top-level block: a bullet that opens a fence before a heading ends the list
  // at the heading's line (issue 14's fault 1); the light scan, as the whole text, at the bullet's.
  const fence = '# R\n\n## April 2017\n\n## Detailed Project Progress and Status\n\n## University of Washington\n\n- ```\n## Princeton University\n';
  const d = engineAt('/ws/2017-04.md', fence);
  const light = await indexReport(d.engine, d.uri, fence);
  assert.equal(light.teams[0].endLine, 8);
  assert.deepEqual(light, wholeTextEntry(d.engine, d.uri, fence));
});

test('inline text: masked where the full model scans no text, plain as mdast-util-to-string', () => {
  const read = (s: string) => {
    const r = readInline(s);
    return { scanned: r.masked.replace(new RegExp(String.fromCharCode(0) + '+', 'g'), '|'), plain: r.plain };
  };
  assert.deepEqual(read('See `DM-1` and <b>DM-2</b>, [DM-3](#x "t"), ![DM-4](a.png), <https://x/DM-5>.'), {
    scanned: 'See | and |DM-2|, |DM-3|, |, |.',
    plain: 'See DM-1 and <b>DM-2</b>, DM-3, DM-4, https://x/DM-5.',
  });
  assert.deepEqual(read('[DM1234](mailto:DM1234@lsst.org) _DM-6_ snake_DM-7_x'), { scanned: '| |DM-6| snake_DM-7_x', plain: 'DM1234 DM-6 snake_DM-7_x' });
  assert.deepEqual(read('**High-level Summary:** &amp; \\*x\\*'), { scanned: '|High-level Summary:| &amp; \\*x\\*', plain: 'High-level Summary: & *x*' });
  assert.deepEqual(read('soft\nbreak  \nhard\\\nhard'), { scanned: 'soft\nbreak  \nhard\\\nhard', plain: 'soft\nbreakhardhard' });
  assert.deepEqual(read('`` a `b` ``'), { scanned: '|', plain: 'a `b`' });
});
