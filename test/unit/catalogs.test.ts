/**
 * The document catalog (server/src/catalog/documents.ts) and the workspace's
 * `documents.extra`: URLs per series, every series scanned as a handle,
 * additions and overrides from a `.dmreport.yaml` (parsed by parseConfig, as
 * the server and the CLI do), and `unknown-document`'s choice among several
 * one-slip candidates by the text around the handle. Ranges are 0-based.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DiagnosticSeverity, type MarkupContent } from 'vscode-languageserver-types';
import { DocumentCatalog, defaultDocumentUrl, TECHNOTE_SERIES } from '../../server/src/catalog/documents.ts';
import { IdScanner } from '../../server/src/model/ids.ts';
import { parseConfig } from '../../server/src/catalog/config.ts';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import { getHover } from '../../server/src/features/hover.ts';
import { getCompletions } from '../../server/src/features/completion.ts';
import { getDocumentLinks } from '../../server/src/features/documentLinks.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const bundled = DocumentCatalog.bundled();

/** An engine configured by the text of a `.dmreport.yaml` at /ws. */
function engineWith(yaml: string): ReportEngine {
  const config = parseConfig(yaml, '/ws/.dmreport.yaml');
  assert.deepEqual(config.problems, []);
  return new ReportEngine({}, {}, config);
}

/** The 0-based position of the `nth` occurrence of `needle`, plus `offset` characters. */
function positionOf(text: string, needle: string, nth = 0, offset = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not found`);
  const before = text.slice(0, at + offset);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

test('URL of a handle the catalog lacks: technote series at {handle-lowercase}.lsst.io, all others at ls.st/{handle}', () => {
  assert.deepEqual([...TECHNOTE_SERIES].sort(), ['CTN', 'DMTN', 'ITTN', 'PSTN', 'RTN', 'SITCOMTN', 'SMTN', 'SQR', 'TSTN']);
  const expected: [string, string][] = [
    ['DMTN-9999', 'https://dmtn-9999.lsst.io/'],
    ['SQR-9999', 'https://sqr-9999.lsst.io/'],
    ['SMTN-9999', 'https://smtn-9999.lsst.io/'],
    ['SITCOMTN-9999', 'https://sitcomtn-9999.lsst.io/'],
    ['ITTN-9999', 'https://ittn-9999.lsst.io/'],
    ['PSTN-9999', 'https://pstn-9999.lsst.io/'],
    ['TSTN-9999', 'https://tstn-9999.lsst.io/'],
    ['RTN-9999', 'https://rtn-9999.lsst.io/'],
    ['CTN-9999', 'https://ctn-9999.lsst.io/'],
    ['LDM-9999', 'https://ls.st/LDM-9999'],
    ['LSE-299', 'https://ls.st/LSE-299'],
    ['LPM-9999', 'https://ls.st/LPM-9999'],
    ['DMTR-9999', 'https://ls.st/DMTR-9999'],
    ['Document-25798', 'https://ls.st/Document-25798'],
    ['Collection-5517', 'https://ls.st/Collection-5517'],
  ];
  for (const [handle, url] of expected) {
    assert.equal(bundled.get(handle), undefined, handle);
    assert.equal(bundled.url(handle), url, handle);
    assert.equal(defaultDocumentUrl(handle), url, handle);
  }
});

test('URL of a catalogued handle: the catalog\'s, in WHATWG form (lower-case host, "/" path)', () => {
  const expected: [string, string][] = [
    ['LDM-151', 'https://ldm-151.lsst.io/'], // a controlled document published as a technote: the catalog knows
    ['LSE-16', 'https://ls.st/LSE-16'],
    ['SQR-019', 'https://sqr-019.lsst.io/'],
    ['DMTN-44', 'https://dmtn-044.lsst.io/'], // DMTN-44 = DMTN-044
    ['PSTN-001', 'https://pstn-001.lsst.io/'], // the bibliography writes https://PSTN-001.lsst.io
    ['Document-14789', 'https://ls.st/document-14789'],
  ];
  for (const [handle, url] of expected) assert.equal(bundled.url(handle), url, handle);
  assert.equal(bundled.get('DMTN-44')?.handle, 'DMTN-044');
});

test('every catalog series is scanned as a document handle of a known series; a word series only with a catalogued number', () => {
  const series = bundled.series();
  assert.deepEqual(series, [
    'Agreement', 'CTN', 'Collection', 'DMTN', 'DMTR', 'Document', 'ITTN', 'LCA', 'LDM', 'LDO', 'LEP', 'LPM', 'LSE', 'LSO', 'LTS',
    'PSTN', 'PSTR', 'Publication', 'RDO', 'RSO', 'RTN', 'Report', 'SCTR', 'SITCOMTN', 'SMTN', 'SOTN', 'SQR', 'TESTTR', 'TSTN',
  ]);
  const scanner = new IdScanner(['DM', 'RFC', 'PREOPS', 'SITCOM'], bundled);
  // The series that are English words: handles only as catalogued (ids.ts).
  const words = ['Agreement', 'Collection', 'Document', 'Publication', 'Report'];
  assert.deepEqual(series.filter((s) => /[a-z]/.test(s)), words);
  const capitals = series.filter((s) => !words.includes(s));
  for (const s of series) {
    const text = `See ${s}-1234, then stop.`;
    const handle = { kind: 'document', text: `${s}-1234`, start: 4, end: 5 + s.length + 4, value: `${s}-1234`, series: s };
    assert.deepEqual(scanner.scan(text), words.includes(s) ? [] : [handle], s);
    assert.ok(bundled.isKnownSeries(s), s);
  }
  // Each word series with a number of its own in the catalog (Collection has none) is a handle.
  for (const handle of ['Agreement-51', 'Document-1386', 'Publication-141', 'Report-142']) {
    assert.deepEqual(scanner.scan(`See ${handle}.`).map((m) => [m.kind, m.value]), [['document', handle]], handle);
  }
  // In a report: each capital series is a known-series mention (an unknown number: information, never a warning).
  const engine = new ReportEngine();
  const text = `# Report\n\n## May 2017\n\n${series.map((s) => `- ${s}-99999`).join('\n')}\n`;
  const a = engine.analyze('file:///series.md', text, 1);
  assert.deepEqual(a.model.documents.map((d) => [d.handle, d.knownSeries]), capitals.map((s) => [`${s}-99999`, true]));
  const unknown = a.findings().filter((f) => f.diagnostic.code === 'unknown-document');
  assert.equal(unknown.length, capitals.length);
  assert.ok(unknown.every((f) => f.diagnostic.severity === DiagnosticSeverity.Information));
});

test('withExtra: adds handles (URL by series when none is given), overrides field by field, makes new series known', () => {
  const c = bundled.withExtra(
    [
      { handle: 'LSE-299', title: 'Summit Computer Room Requirements' },
      { handle: 'DMTN-9998', title: 'A workspace technote', year: 2024 },
      { handle: 'LDM-151', title: 'Data Management Science Pipelines Design (workspace title)' },
      { handle: 'Document-25798', title: 'A DocuShare document', url: 'https://docushare.lsst.org/docushare/dsweb/Get/Document-25798' },
      { handle: 'XYZ-7', title: 'A new series' },
    ],
    '/ws/.dmreport.yaml',
  );
  assert.deepEqual(c.get('LSE-299'), { handle: 'LSE-299', series: 'LSE', title: 'Summit Computer Room Requirements', url: 'https://ls.st/LSE-299', source: '/ws/.dmreport.yaml' });
  assert.deepEqual(c.get('DMTN-9998'), { handle: 'DMTN-9998', series: 'DMTN', title: 'A workspace technote', year: 2024, url: 'https://dmtn-9998.lsst.io/', source: '/ws/.dmreport.yaml' });
  const ldm151 = bundled.get('LDM-151')!;
  assert.deepEqual(c.get('LDM-151'), { ...ldm151, title: 'Data Management Science Pipelines Design (workspace title)', source: '/ws/.dmreport.yaml' });
  assert.equal(c.url('Document-25798'), 'https://docushare.lsst.org/docushare/dsweb/Get/Document-25798');
  assert.ok(c.isKnownSeries('XYZ'));
  assert.equal(c.url('XYZ-7'), 'https://ls.st/XYZ-7');
  assert.deepEqual(c.inSeries('XYZ').map((d) => d.handle), ['XYZ-7']);
  // The bundled catalog is untouched.
  assert.equal(bundled.get('LSE-299'), undefined);
  assert.equal(bundled.isKnownSeries('XYZ'), false);
  assert.equal(bundled.withExtra([], '/ws/.dmreport.yaml'), bundled);
});

test('candidates and suggestion: the words around the handle break a tie between one-slip candidates', () => {
  assert.deepEqual(bundled.candidates('ITN-001'), [
    { handle: 'CTN-001', reason: 'edit' },
    { handle: 'ITTN-001', reason: 'edit' },
    { handle: 'RTN-001', reason: 'edit' },
  ]);
  assert.equal(bundled.suggestion('ITN-001'), undefined);
  assert.equal(bundled.suggestion('ITN-001', 'see ITN-001 for details'), undefined);
  // CTN-001 is "LSSTCam and LSSTComCam Focal Plane Layouts": two title words on the line.
  assert.deepEqual(bundled.suggestion('ITN-001', '- The focal plane is described in ITN-001.'), {
    handle: 'CTN-001',
    reason: 'edit',
    among: ['ITTN-001', 'RTN-001'],
  });
  // RTN-001 is "Data Preview 0: Definition and planning.".
  assert.equal(bundled.suggest('ITN-001', 'Planning for the data preview (ITN-001)'), 'RTN-001');
  // A tie stays a tie: "focal" (CTN-001) against "planning" (RTN-001).
  assert.equal(bundled.suggestion('ITN-001', 'focal planning ITN-001'), undefined);
  // A single candidate needs no context; the context does not veto it.
  assert.deepEqual(bundled.suggestion('SOR-019'), { handle: 'SQR-019', reason: 'edit' });
  assert.deepEqual(bundled.suggestion('SOR-019', 'nothing in common'), { handle: 'SQR-019', reason: 'edit' });
  // Not handles of a catalogued document: none.
  assert.deepEqual(bundled.candidates('LCR-2313'), []);
  assert.deepEqual(bundled.candidates('LSE-299'), []);
});

test('unknown-document: several candidates the line does not tell apart: a warning listing them, a fix each, none preferred', () => {
  const engine = new ReportEngine();
  const text = '# Report\n\n## May 2017\n\n- See ITN-001 for details.\n- The focal plane layout is in ITN-001.\n';
  const a = engine.analyze('file:///itn.md', text, 1);
  const found = a.findings().filter((f) => f.diagnostic.code === 'unknown-document');
  const first = { start: { line: 4, character: 6 }, end: { line: 4, character: 13 } };
  const second = { start: { line: 5, character: 31 }, end: { line: 5, character: 38 } };
  assert.deepEqual(found, [
    {
      diagnostic: {
        range: first,
        severity: DiagnosticSeverity.Warning,
        code: 'unknown-document',
        source: 'dm-report',
        codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#unknown-document' },
        message: 'Unknown document series "ITN" in ITN-001; did you mean CTN-001, ITTN-001 or RTN-001?',
        data: { candidates: ['CTN-001', 'ITTN-001', 'RTN-001'] },
      },
      fixes: [
        { title: 'Change to CTN-001 (LSSTCam and LSSTComCam Focal Plane Layouts)', edits: [{ range: first, newText: 'CTN-001' }] },
        { title: 'Change to ITTN-001 (Redux Notes - Puppeton July, 2019)', edits: [{ range: first, newText: 'ITTN-001' }] },
        { title: 'Change to RTN-001 (Data Preview 0: Definition and planning.)', edits: [{ range: first, newText: 'RTN-001' }] },
      ],
    },
    {
      diagnostic: {
        range: second,
        severity: DiagnosticSeverity.Warning,
        code: 'unknown-document',
        source: 'dm-report',
        codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#unknown-document' },
        message:
          'Unknown document series "ITN" in ITN-001; did you mean CTN-001 (LSSTCam and LSSTComCam Focal Plane Layouts)? ' +
          "(CTN-001, ITTN-001 or RTN-001 are all one slip away; the words around it match CTN-001's title)",
        data: { suggestion: 'CTN-001' },
      },
      fixes: [{ title: 'Change to CTN-001', edits: [{ range: second, newText: 'CTN-001' }], isPreferred: true }],
    },
  ]);
  // The hover makes the same choice.
  const hover = (p: { line: number; character: number }) => (getHover(engine, a, p)!.contents as MarkupContent).value;
  assert.equal(
    hover({ line: 4, character: 8 }),
    '**ITN-001**: unknown document series "ITN".\n\nDid you mean one of:\n' +
      '- **CTN-001** — LSSTCam and LSSTComCam Focal Plane Layouts (2026)\n' +
      '- **ITTN-001** — Redux Notes - Puppeton July, 2019 (2019)\n' +
      '- **RTN-001** — Data Preview 0: Definition and planning. (2024)',
  );
  assert.equal(
    hover({ line: 5, character: 33 }),
    '**ITN-001**: unknown document series "ITN".\n\nDid you mean **CTN-001** — LSSTCam and LSSTComCam Focal Plane Layouts (2026)?\n\n' +
      'Also one slip away: ITTN-001, RTN-001; the words around ITN-001 match the title of CTN-001.',
  );
});

test('reference: SOR-019 (one candidate, and its line speaks of the verification framework) is still SQR-019', () => {
  const a = new ReportEngine().analyze('file:///ref.md', REFERENCE, 1);
  const sor = a.findings().filter((f) => f.diagnostic.code === 'unknown-document' && f.diagnostic.severity === DiagnosticSeverity.Warning);
  assert.deepEqual(
    sor.map((f) => [f.diagnostic.range.start.line, f.diagnostic.message, f.diagnostic.data]),
    [[147, 'Unknown document series "SOR" in SOR-019; did you mean SQR-019 (LSST Verification Framework API Demonstration)?', { suggestion: 'SQR-019' }]],
  );
});

test('documents.extra of .dmreport.yaml: diagnostics, hover, completion and links follow the workspace entries', () => {
  const engine = engineWith(
    'documents:\n  extra:\n' +
      '    - {handle: LSE-299, title: Summit Computer Room Requirements, url: https://ls.st/LSE-299, year: 2017}\n' +
      '    - {handle: Document-25798, title: DM Replan 2017}\n' +
      '    - {handle: SOR-019, title: Not a typo after all}\n',
  );
  const a = engine.analyze('file:///ws/ref.md', REFERENCE, 1);
  // LSE-299 ×2 and Document-25798 are now catalogued (so Document-25798 is a handle); SOR-019 is a document of
  // the new series SOR; Collection-5517, a word series' number the catalog lacks, is no handle in prose.
  assert.deepEqual(
    a.findings().filter((f) => f.diagnostic.code === 'unknown-document').map((f) => [f.diagnostic.range.start.line, f.diagnostic.severity, f.diagnostic.message]),
    [],
  );
  assert.deepEqual(a.model.documents.filter((d) => d.range.start.line === 49).map((d) => [d.handle, d.knownSeries]), [['Document-25798', true]]);
  const at = positionOf(REFERENCE, 'LSE-299', 0, 2);
  assert.equal(
    (getHover(engine, a, at)!.contents as MarkupContent).value,
    '**LSE-299** — Summit Computer Room Requirements (2017)\n\n[https://ls.st/LSE-299](https://ls.st/LSE-299)\n\nFrom the workspace configuration (/ws/.dmreport.yaml).',
  );
  // Completion after `LSE-2` (typed in a copy) lists LSE-299 with its title.
  const typed = REFERENCE.replace('No new risks were added', 'See LSE-2');
  const b = engine.analyze('file:///ws/typed.md', typed, 1);
  const start = positionOf(typed, 'See LSE-2', 0, 4);
  const end = { line: start.line, character: start.character + 5 };
  const items = getCompletions(engine, b, end).items;
  const lse299 = items.find((i) => i.label === 'LSE-299');
  assert.deepEqual(lse299 && [lse299.detail, lse299.textEdit], ['Summit Computer Room Requirements', { range: { start, end }, newText: 'LSE-299' }]);
  // Without the configuration, LSE-299 is not offered.
  const plain = new ReportEngine();
  assert.equal(getCompletions(plain, plain.analyze('file:///typed.md', typed, 1), end).items.find((i) => i.label === 'LSE-299'), undefined);
  // Links: the workspace's URL for Document-25798 (by series: ls.st) and for SOR-019.
  const links = getDocumentLinks(engine, a);
  const target = (handle: string) => links.find((l) => l.tooltip === `Open ${handle}`)?.target;
  assert.equal(target('Document-25798'), 'https://ls.st/Document-25798');
  assert.equal(target('SOR-019'), 'https://ls.st/SOR-019');
  // The placeholder link around SOR-019 now proposes that URL.
  const placeholder = a.findings().find((f) => f.diagnostic.code === 'placeholder-link' && String(f.diagnostic.message).includes('SOR-019'));
  assert.equal(placeholder?.diagnostic.message, 'Placeholder link "SOR-019" points nowhere ("#"); it could link to https://ls.st/SOR-019.');
});
