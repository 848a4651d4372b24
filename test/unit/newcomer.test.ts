/**
 * What a newcomer's test found, fixed: identifiers inside URLs, host names and
 * e-mail addresses, `RFC 2119` and `DM 100` taken for malformed tickets;
 * mistyped document handles (`LDM151`, `ldm-151`, `LMD-151`) passing silently;
 * hovers that said "Cited 0 times" or showed a source path that is not in the
 * repository; completion inside code and on blank lines at the end of a team.
 * Line numbers in comments are 1-based; positions and ranges are 0-based LSP ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ReportEngine, DEFAULT_SETTINGS, type Analysis } from '../../server/src/engine.ts';
import { IdScanner } from '../../server/src/model/ids.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const scanner = new IdScanner(DEFAULT_SETTINGS.ticketKeys);
const engine = new ReportEngine();
let variant = 0;
function analyze(text: string): Analysis {
  return engine.analyze(`file:///newcomer-${variant++}.md`, text, 1);
}
const reference = analyze(REFERENCE);

/** A report that satisfies the template and cites only catalogued things; `{}` is where a test puts its sentence. */
const REPORT = `# Data Management Monthly Report

## May 2017

### High-level Summary/Status

- Released LDM-151 (DM-10441).

# Risk Management

No changes.

## Detailed Project Progress and Status

## University of Washington

Current accomplishments:

- {}

Planned activities:

- More of the same.

Recruitment update: N/A
`;

/** The findings of REPORT with `sentence` in it, as `line:col code severity message`. */
function findingsOf(sentence: string): string[] {
  return analyze(REPORT.replace('{}', sentence))
    .findings()
    .map((f) => `${f.diagnostic.range.start.line}:${f.diagnostic.range.start.character} ${f.diagnostic.code} ${f.diagnostic.severity} ${f.diagnostic.message}`);
}

// ---- 1. no malformed tickets in correct text -------------------------------------------------

test('RFC 2119, RFC 822 and DM 100 are prose, not malformed tickets', () => {
  assert.deepEqual(scanner.scan('- We follow RFC 2119 wording and RFC 822 dates; DM 100 hours.'), []);
  assert.deepEqual(findingsOf('We follow RFC 2119 wording and RFC 822 dates; DM 100 hours.'), []);
  // The space form needs four digits or more, is never a year, and never applies to RFC.
  assert.deepEqual(scanner.scan('DM 123, DM 2017, RFC 1234, RFC 12345'), []);
  assert.deepEqual(scanner.scan('DM 1234 and DM 10221').map((m) => [m.kind, m.text, m.value]), [
    ['malformed-ticket', 'DM 1234', 'DM-1234'],
    ['malformed-ticket', 'DM 10221', 'DM-10221'],
  ]);
  // The other malformed forms of RFC still are.
  assert.deepEqual(scanner.scan('rfc-2119 RFC2119 RFC\u20132119').map((m) => [m.kind, m.value]), [
    ['malformed-ticket', 'RFC-2119'],
    ['malformed-ticket', 'RFC-2119'],
    ['malformed-ticket', 'RFC-2119'],
  ]);
});

test('no identifier inside a URL path, a host name or an e-mail address', () => {
  for (const text of [
    'https://example.com/DM10221/SOR-019',
    'lsst.dm-10221',
    'user@dm-1234.org',
    'see https://jira.lsstcorp.org/browse/DM-10441 and https://ls.st/LDM-151',
    'docs at dmtn-044.lsst.io and sqr-019.lsst.io',
    'path/02C.03.01, v.02C.03, a@02C.03',
    'ldm.LDM151 x/LMD-151 y@ldm-151',
  ]) {
    assert.deepEqual(scanner.scan(text), [], text);
  }
  assert.deepEqual(findingsOf('See https://example.com/DM10221/SOR-019, lsst.dm-10221 and user@dm-1234.org.'), []);
  // The `1.` of a WBS code is part of the code, not a `.` before it.
  assert.deepEqual(scanner.scan('(1.02C.03.01)'), [{ kind: 'wbs', text: '1.02C.03.01', start: 1, end: 12, value: '02C.03.01' }]);
});

test('the malformed forms are still flagged, the look-alikes still silent', () => {
  assert.deepEqual(scanner.scan('DM10221, DM 1234, dm-1234, DM\u20131234, DM\u20141234.'), [
    { kind: 'malformed-ticket', text: 'DM10221', start: 0, end: 7, value: 'DM-10221' },
    { kind: 'malformed-ticket', text: 'DM 1234', start: 9, end: 16, value: 'DM-1234' },
    { kind: 'malformed-ticket', text: 'dm-1234', start: 18, end: 25, value: 'DM-1234' },
    { kind: 'malformed-ticket', text: 'DM\u20131234', start: 27, end: 34, value: 'DM-1234' },
    { kind: 'malformed-ticket', text: 'DM\u20141234', start: 36, end: 43, value: 'DM-1234' },
  ]);
  assert.deepEqual(scanner.scan('LDM-503-2 DM-AP-14 DMS-REQ-0347 S17b'), []);
  // LCR-2313 has the shape of a handle of an unknown series; no handle is close to it.
  assert.deepEqual(findingsOf('LDM-503-2, DM-AP-14, DMS-REQ-0347, LCR-2313, DLP-526, S17b.'), []);
});

test('the reference report keeps its 72 diagnostics: 1 error, 67 warnings, 4 info', () => {
  const bySeverity = new Map<number, number>();
  for (const f of reference.findings()) bySeverity.set(f.diagnostic.severity!, (bySeverity.get(f.diagnostic.severity!) ?? 0) + 1);
  assert.deepEqual([...bySeverity].sort(), [[1, 1], [2, 67], [3, 4]]);
  assert.deepEqual(
    reference
      .findings()
      .filter((f) => f.diagnostic.code !== 'placeholder-link')
      .map((f) => `${f.diagnostic.code} ${f.diagnostic.range.start.line}:${f.diagnostic.range.start.character} ${(f.diagnostic.data as { suggestion?: string } | undefined)?.suggestion ?? ''}`.trim()),
    [
      'unknown-document 49:238',
      'unknown-document 49:263',
      'unknown-document 147:148 SQR-019',
      'malformed-ticket 296:277',
      'unknown-document 811:752',
      'unknown-document 843:152',
    ],
  );
});
