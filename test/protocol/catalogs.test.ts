/**
 * Workspace catalogs through the shells: `documents.extra` and `wbs.extra` of
 * a `.dmreport.yaml`, read by the CLI (in-process, the folder in memory) and by
 * a bare server whose workspace folder is a temporary directory holding it;
 * hover and completion show the workspace's entries. The same report without
 * the file is the control. Build first (`node esbuild.mjs`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
  type Hover,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { OpenDocument, positionOf, TestClient } from './lsp';
import { memoryHost, runCli } from '../support/cli';

const REPORT = `# Data Management Monthly Report

## November 2017

### High-level Summary

- The computer room requirements are in LSE-299; the replan is in Document-25798.
- The verification framework is described in SOR-019.

### Risk Management

No changes.

### Detailed Project Progress and Status

#### University of Washington

Current accomplishments:

02C.03.01 - Single Frame Processing Pipelines

- Coordinate transforms.

02C.03.09 - Example Element

- New work.

02C.04.05 - Detection & Deblending

- Deblender help.

Planned activities:

- More of the same.

Recruitment update: none.
`;

const CONFIG = `documents:
  extra:
    - {handle: LSE-299, title: Summit Computer Room Requirements, url: https://ls.st/LSE-299}
    - {handle: Document-25798, title: DM Replan 2017, year: 2017}
wbs:
  extra:
    - {code: 02C.03.09, name: Example Element, lead: University of Washington}
`;

/** In both directories: SOR-019 (as in the reference), the era hint (a 2017 name in November 2017), Princeton's element in UW. */
const COMMON = {
  sor: 'report.md:8:46 warning unknown-document Unknown document series "SOR" in SOR-019; did you mean SQR-019 (LSST Verification Framework API Demonstration)?',
  era: 'report.md:20:13 hint wbs-name-mismatch "Single Frame Processing Pipelines" is the 2017 name of WBS 02C.03.01; a report of November 2017 (LDM-294 FY18+ names) uses "Single Frame Processing".',
  misplaced: "report.md:28:1 info wbs-misplaced WBS 02C.04.05 is led by Princeton University, not by University of Washington: is it in the right team's section?",
};

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-catalogs-'));
  // The server's workspace folder (the CLI tests use the same files in memory).
  mkdirSync(join(dir, 'ws'));
  writeFileSync(join(dir, 'ws/.dmreport.yaml'), CONFIG);
  writeFileSync(join(dir, 'ws/report.md'), REPORT);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** `dm-report check ARGS… report.md` in-process, in the in-memory folder `/ws` (with the configuration) or `/plain` (without). */
function check(folder: 'ws' | 'plain', ...args: string[]) {
  const files: Record<string, string> = folder === 'ws' ? { '.dmreport.yaml': CONFIG, 'report.md': REPORT } : { 'report.md': REPORT };
  const r = runCli(['check', ...args, 'report.md'], { host: memoryHost(files, `/${folder}`) });
  return { status: r.code, stdout: r.out, stderr: r.err };
}

test('CLI in the workspace: its documents and WBS elements are known; era hint and misplaced element remain', () => {
  const r = check('ws');
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, [COMMON.sor, COMMON.era, COMMON.misplaced, '3 problems (0 errors, 1 warning, 1 info, 1 hint) in 1 file', ''].join('\n'));
  const json = JSON.parse(check('ws', '--format', 'json').stdout) as { file: string; diagnostics: { code: string; data?: unknown }[] }[];
  assert.deepEqual(
    json.map((e) => [e.file, e.diagnostics.map((d) => [d.code, d.data])]),
    [
      [
        'report.md',
        [
          ['unknown-document', { suggestion: 'SQR-019' }],
          ['wbs-name-mismatch', { expected: 'Single Frame Processing' }],
          ['wbs-misplaced', { team: 'University of Washington', lead: 'Princeton University' }],
        ],
      ],
    ],
  );
});

test('CLI without the file (control): LSE-299 and 02C.03.09 are unknown, Document-25798 is no handle', () => {
  const r = check('plain');
  assert.equal(r.status, 0);
  assert.equal(
    r.stdout,
    [
      'report.md:7:41 info unknown-document LSE-299 is not in the document catalog (the catalog is incomplete; check that the handle is right).',
      COMMON.sor,
      COMMON.era,
      'report.md:24:1 info unknown-wbs WBS element 02C.03.09 is not in the WBS catalog (its parent 02C.03 is).',
      COMMON.misplaced,
      '5 problems (0 errors, 1 warning, 3 info, 1 hint) in 1 file',
      '',
    ].join('\n'),
  );
});

test('server with the workspace folder: diagnostics, hover and completion follow .dmreport.yaml', async () => {
  const client = new TestClient({ configuration: false, root: join(dir, 'ws') });
  try {
    await client.initialize();
    const uri = pathToFileURL(join(dir, 'ws/report.md')).href;
    const opened = await new OpenDocument(client, uri, REPORT).open();
    assert.deepEqual(
      opened.diagnostics.map((d) => [d.range.start.line, d.code, d.severity]),
      [
        [7, 'unknown-document', 2],
        [19, 'wbs-name-mismatch', 4],
        [27, 'wbs-misplaced', 3],
      ],
    );
    const hover = async (p: Position) => ((await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: p })) as Hover).contents as MarkupContent;
    const configFile = join(dir, 'ws/.dmreport.yaml');
    assert.equal(
      (await hover(positionOf(REPORT, 'LSE-299', 0, 3))).value,
      `**LSE-299** — Summit Computer Room Requirements\n\n[https://ls.st/LSE-299](https://ls.st/LSE-299)\n\nFrom the workspace configuration (${configFile}).`,
    );
    assert.equal(
      (await hover(positionOf(REPORT, 'Document-25798', 0, 3))).value,
      `**Document-25798** — DM Replan 2017 (2017)\n\n[https://ls.st/Document-25798](https://ls.st/Document-25798)\n\nFrom the workspace configuration (${configFile}).`,
    );
    assert.equal(
      (await hover(positionOf(REPORT, '02C.03.09', 0, 3))).value,
      `**WBS 02C.03.09** — Example Element\n\n- Example Element — workspace (workspace configuration ${configFile})\n\n` +
        'Parent chain: 02C.03 Alert Production › 02C Data Management Construction\n\nLead institution: University of Washington',
    );

    // Completion: type `LSE-2` and `02C.03.0` on the line of "More of the same." (inside UW).
    const complete = async (typed: string, version: number): Promise<CompletionItem[]> => {
      const text = REPORT.replace('- More of the same.', typed);
      const changed = client.nextDiagnostics(uri, (p) => p.version === version);
      await client.change(uri, version, [{ text }]);
      await changed;
      // The typed line itself (`02C.03.0` also starts the line of 02C.03.01).
      const position = positionOf(text, `\n${typed}\n`, 0, typed.length + 1);
      const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionList;
      return list.items;
    };
    const docs = await complete('LSE-2', 2);
    const lse299 = docs.find((i) => i.label === 'LSE-299');
    assert.equal(lse299?.detail, 'Summit Computer Room Requirements');
    const wbs = await complete('02C.03.0', 3);
    const element = wbs.find((i) => i.label === '02C.03.09');
    assert.deepEqual(element && [element.detail, element.sortText, (element.textEdit as { newText: string }).newText], [
      'Example Element',
      '002C.03.09',
      '02C.03.09 - Example Element',
    ]);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.kill();
  }
});
