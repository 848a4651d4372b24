/**
 * The identifier scanner (server/src/model/ids.ts): tickets, malformed
 * tickets, document handles and WBS codes as whole words, and the
 * look-alikes that must stay plain prose.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdScanner, JIRA_PROJECT_KEY, MAX_TICKET_DIGITS, emailRanges, invalidTicketNumber, type IdMatch } from '../../server/src/model/ids.ts';
import { DocumentCatalog } from '../../server/src/catalog/documents.ts';
import { DEFAULT_SETTINGS } from '../../server/src/catalog/settings';

const scanner = new IdScanner(DEFAULT_SETTINGS.ticketKeys, DocumentCatalog.bundled());
const documents = DocumentCatalog.bundled();

function kinds(text: string): IdMatch['kind'][] {
  return scanner.scan(text).map((m) => m.kind);
}

test('the default ticket keys are DM, RFC, PREOPS, SITCOM', () => {
  assert.deepEqual(DEFAULT_SETTINGS.ticketKeys, ['DM', 'RFC', 'PREOPS', 'SITCOM']);
});

test('well-formed tickets: whole words, canonical value, exact offsets', () => {
  assert.deepEqual(scanner.scan('a bug of image cutouts misalignment (DM-10441).'), [
    { kind: 'ticket', text: 'DM-10441', start: 37, end: 45, value: 'DM-10441' },
  ]);
  assert.deepEqual(scanner.scan('[[DM-8066](#), [DM-9131](#)]').map((m) => [m.value, m.start, m.end]), [
    ['DM-8066', 2, 9],
    ['DM-9131', 16, 23],
  ]);
  assert.deepEqual(scanner.scan('RFC-12, SITCOM-3 and PREOPS-4512').map((m) => [m.kind, m.value]), [
    ['ticket', 'RFC-12'],
    ['ticket', 'SITCOM-3'],
    ['ticket', 'PREOPS-4512'],
  ]);
  // A sentence-final period or a closing bracket ends the ID.
  assert.deepEqual(scanner.scan('See DM-1234. [DM-9228, DM-9027]').map((m) => m.value), ['DM-1234', 'DM-9228', 'DM-9027']);
});

test('look-alikes produce no ticket, no malformed ticket and no known-series document', () => {
  for (const text of ['LDM-503-2', 'LDM-503-12a', 'DM-AP-14', 'DM-DRP-27', 'DLP-526', 'DMS-REQ-0347', 'LCR-2313', 'S17b', 'F17']) {
    for (const probe of [text, `milestone ${text} is due`, `(${text})`, `${text}.`]) {
      const found = scanner.scan(probe);
      assert.deepEqual(found.filter((m) => m.kind === 'ticket' || m.kind === 'malformed-ticket'), [], probe);
      assert.deepEqual(found.filter((m) => m.kind === 'document' && documents.isKnownSeries(m.series!)), [], probe);
      assert.deepEqual(found.filter((m) => m.kind === 'wbs'), [], probe);
    }
  }
  // The milestone and requirement look-alikes are not even handles: nothing at all is found.
  for (const text of ['LDM-503-2', 'LDM-503-12a', 'DM-AP-14', 'DM-DRP-27', 'DMS-REQ-0347', 'S17b', 'F17']) {
    assert.deepEqual(scanner.scan(text), [], text);
  }
  // DLP-526 and LCR-2313 have the shape SERIES-NUMBER but a series the catalog does not know.
  assert.deepEqual(scanner.scan('DLP-526 and LCR-2313'), [
    { kind: 'document', text: 'DLP-526', start: 0, end: 7, value: 'DLP-526', series: 'DLP' },
    { kind: 'document', text: 'LCR-2313', start: 12, end: 20, value: 'LCR-2313', series: 'LCR' },
  ]);
  assert.equal(documents.isKnownSeries('DLP'), false);
  assert.equal(documents.isKnownSeries('LCR'), false);
});

test('IDs never match inside a longer hyphenated ID or word', () => {
  assert.deepEqual(scanner.scan('see DM-1234-5, x-DM-1234, DM-123a, aDM-12, 4DM-12, DM-12_3'), []);
  assert.deepEqual(kinds('LDM-151-2 and 2LDM-151 and LDM-151x'), []);
});

test('malformed tickets DM10221, DM 1234, dm-1234 and DM–1234 (en dash), with the corrected key', () => {
  assert.deepEqual(scanner.scan('[DM10221](#)'), [
    { kind: 'malformed-ticket', text: 'DM10221', start: 1, end: 8, value: 'DM-10221' },
  ]);
  for (const text of ['DM 1234', 'dm-1234', 'DM\u20131234', 'Dm-1234', 'DM\u20141234']) {
    assert.deepEqual(scanner.scan(`fixed in ${text}.`), [
      { kind: 'malformed-ticket', text, start: 9, end: 16, value: 'DM-1234' },
    ], text);
  }
  assert.deepEqual(scanner.scan('rfc-12').map((m) => [m.kind, m.value]), [['malformed-ticket', 'RFC-12']]);
});

test('prose that merely resembles a malformed ticket is not flagged', () => {
  // A year after the key, a short number without a separator, a lower-case key with a space.
  assert.deepEqual(scanner.scan('The DM 2017 plan, DM12, DM 1999, dm 1234, DM 12.'), []);
});

test('document handles: catalog series, catalogued DocuShare handles, and unknown series', () => {
  assert.deepEqual(scanner.scan('LDM-151, DMTN-044; Document-1386 and Document-25798, SOR-019.'), [
    { kind: 'document', text: 'LDM-151', start: 0, end: 7, value: 'LDM-151', series: 'LDM' },
    { kind: 'document', text: 'DMTN-044', start: 9, end: 17, value: 'DMTN-044', series: 'DMTN' },
    { kind: 'document', text: 'Document-1386', start: 19, end: 32, value: 'Document-1386', series: 'Document' },
    // Document-25798 (a DocuShare number the catalog lacks) is no handle: see the word-series test.
    { kind: 'document', text: 'SOR-019', start: 53, end: 60, value: 'SOR-019', series: 'SOR' },
  ]);
  assert.equal(documents.isKnownSeries('LDM'), true);
  assert.equal(documents.isKnownSeries('Document'), true);
  assert.equal(documents.isKnownSeries('Collection'), true);
  assert.equal(documents.isKnownSeries('SOR'), false);
  // Series are case-sensitive: `ldm` is not the LDM series.
  assert.equal(documents.isKnownSeries('ldm'), false);
});

test('WBS codes: the 1. prefix is dropped from the code, a sentence-final period is not part of it', () => {
  assert.deepEqual(scanner.scan('1.02C.03.01'), [{ kind: 'wbs', text: '1.02C.03.01', start: 0, end: 11, value: '02C.03.01' }]);
  assert.deepEqual(scanner.scan('in WBS 02C.08.'), [{ kind: 'wbs', text: '02C.08', start: 7, end: 13, value: '02C.08' }]);
  assert.deepEqual(scanner.scan('02C.06.01.01 Catalogs'), [{ kind: 'wbs', text: '02C.06.01.01', start: 0, end: 12, value: '02C.06.01.01' }]);
  // Not a WBS code: a third digit, a letter run-on, a longer number.
  assert.deepEqual(scanner.scan('02C.031 02C.03a 102C.03'), []);
});

test('a scanner with other ticket keys finds only those keys', () => {
  const jira = new IdScanner(['LVV'], DocumentCatalog.bundled());
  assert.deepEqual(jira.scan('LVV-12 DM-10441').map((m) => [m.kind, m.value]), [
    ['ticket', 'LVV-12'],
    // DM is no longer a ticket key: DM-10441 has the shape of a document handle.
    ['document', 'DM-10441'],
  ]);
  assert.equal(jira.isTicketKey('LVV'), true);
  assert.equal(jira.isTicketKey('DM'), false);
});

// ---- identifier hygiene (issue "Trust": e-mail addresses, RFCs, hyphens, keys, word series, numbers) ----

test('e-mail addresses: neither the local part nor the domain is an ID; IDs beside an address still are', () => {
  for (const text of [
    'DM1234@lsst.org',
    'dm1234@example.org',
    'dm-12345@lsst.org',
    'LDM151@lsst.org',
    'ldm-151@lsst.org',
    'SOR-019@lsst.org',
    'DM-1234@lsst.org',
    'DM-1234+ops@lsst.org',
    'first.DM-1234@lsst.org',
    'x+RFC-12@lsst.org',
    'mailto:DM1234@lsst.org',
    '<dm1234@lsst.org>',
    'ops@DM-1234.lsst.org',
    'ops@02C.03.lsst.org',
  ]) {
    assert.deepEqual(scanner.scan(`Write to ${text} today.`), [], text);
  }
  assert.deepEqual(scanner.scan('DM-1234 (dm1234@lsst.org), then DM10221.').map((m) => [m.kind, m.text, m.start]), [
    ['ticket', 'DM-1234', 0],
    ['malformed-ticket', 'DM10221', 32],
  ]);
  // An `@` without a local part or a domain makes no address: `@DM-1234`, `DM-1234@ x`.
  assert.deepEqual(emailRanges('a @DM-1234 DM-1234@ x DM1234@lsst.org, x.y+z@a-b.c.d.'), [[22, 37], [39, 52]]);
  assert.deepEqual(scanner.scan('DM-1234@ x').map((m) => m.value), ['DM-1234']);
});

test('e-mail addresses are found in linear time: a long run of local-part characters does not hang', () => {
  const text = `x@y ${'a.'.repeat(100_000)} DM-1234@`;
  const t0 = performance.now();
  assert.deepEqual(scanner.scan(text).map((m) => m.value), ['DM-1234']);
  assert.ok(performance.now() - t0 < 2000, `${performance.now() - t0} ms`);
});

test('RFC followed by digits without a hyphen is an IETF RFC, never a ticket; RFC-123 is a ticket', () => {
  for (const text of ['RFC2119', 'RFC8174', 'rfc2119', 'Rfc8174', 'RFC 2119', 'RFC 8174', 'rfc 822']) {
    assert.deepEqual(scanner.scan(`Keywords as in ${text}.`), [], text);
  }
  assert.deepEqual(scanner.scan('RFC-123, rfc-123, RFC\u2013123, RFC\u2010123').map((m) => [m.kind, m.text, m.value]), [
    ['ticket', 'RFC-123', 'RFC-123'],
    ['malformed-ticket', 'rfc-123', 'RFC-123'],
    ['malformed-ticket', 'RFC\u2013123', 'RFC-123'],
    ['malformed-ticket', 'RFC\u2010123', 'RFC-123'],
  ]);
  // Only RFC: DM without a hyphen is still a ticket missing it.
  assert.deepEqual(scanner.scan('DM2119').map((m) => [m.kind, m.value]), [['malformed-ticket', 'DM-2119']]);
});

test('hyphens pasted from word processors (U+2010, U+2011, U+2012, U+2212) are malformed tickets, like en and em dashes', () => {
  for (const dash of ['\u2010', '\u2011', '\u2012', '\u2212', '\u2013', '\u2014']) {
    const text = `DM${dash}1234`;
    assert.deepEqual(scanner.scan(`fixed in ${text}.`), [{ kind: 'malformed-ticket', text, start: 9, end: 16, value: 'DM-1234' }], text);
    // Still whole words only: the look-alikes written with that dash are nothing.
    for (const lookAlike of [`LDM${dash}503${dash}2`, `DM${dash}AP${dash}14`, `DMS${dash}REQ${dash}0347`, `x${dash}DM${dash}1234`, `DM${dash}1234${dash}5`, `LDM-503${dash}2`]) {
      assert.deepEqual(scanner.scan(lookAlike), [], lookAlike);
    }
  }
});

test('a ticket key with an underscore (DM_OPS) is a key like any other', () => {
  const ops = new IdScanner(['DM', 'DM_OPS'], DocumentCatalog.bundled());
  assert.deepEqual(ops.scan('DM_OPS-12 and DM-3, dm_ops-12, DM_OPS 1234, DM_OPS4567, DM_OP-1').map((m) => [m.kind, m.text, m.value]), [
    ['ticket', 'DM_OPS-12', 'DM_OPS-12'],
    ['ticket', 'DM-3', 'DM-3'],
    ['malformed-ticket', 'dm_ops-12', 'DM_OPS-12'],
    ['malformed-ticket', 'DM_OPS 1234', 'DM_OPS-1234'],
    ['malformed-ticket', 'DM_OPS4567', 'DM_OPS-4567'],
  ]);
  assert.equal(ops.isTicketKey('DM_OPS'), true);
  assert.equal(JIRA_PROJECT_KEY.test('DM_OPS'), true);
  assert.deepEqual(['dm', '_DM', '1DM', 'DM-OPS', 'DM OPS'].filter((k) => JIRA_PROJECT_KEY.test(k)), []);
});

test('a document series that is an English word is a handle only as catalogued, with a number the catalog knows', () => {
  for (const text of ['Report-2', 'Document-12', 'document-12', 'DOCUMENT-1386', 'report-142', 'Collection-5517', 'Agreement-1', 'Publication-99', 'Document-25798']) {
    assert.deepEqual(scanner.scan(`See ${text} for details.`), [], text);
  }
  assert.deepEqual(scanner.scan('Report-142, Document-1386, Document-01386, Agreement-51, Publication-141').map((m) => [m.kind, m.value, m.series]), [
    ['document', 'Report-142', 'Report'],
    ['document', 'Document-1386', 'Document'],
    ['document', 'Document-01386', 'Document'],
    ['document', 'Agreement-51', 'Agreement'],
    ['document', 'Publication-141', 'Publication'],
  ]);
  // Series written in capitals keep every number (an unknown one is the rule's information), and unknown series stay.
  assert.deepEqual(scanner.scan('LDM-9999, DMTN-999, SQR-9999, SOR-019, ldm-151').map((m) => m.value), ['LDM-9999', 'DMTN-999', 'SQR-9999', 'SOR-019', 'ldm-151']);
  // The workspace's documents.extra makes a DocuShare handle one.
  const extra = new IdScanner(DEFAULT_SETTINGS.ticketKeys, documents.withExtra([{ handle: 'Document-25798', title: 'DM Replan 2017' }], '/ws/.dmreport.yaml'));
  assert.deepEqual(extra.scan('Document-25798 and Document-25799').map((m) => m.value), ['Document-25798']);
});

test('ticket numbers no Jira issue has: DM-0, leading zeros, more than six digits are invalid tickets; glued to the key, prose', () => {
  assert.equal(MAX_TICKET_DIGITS, 6);
  assert.deepEqual(
    scanner.scan('DM-0, DM-00001, DM-12345678, dm-0, DM\u20130001, DM-1000000, DM-999999, DM-1').map((m) => [m.kind, m.text, m.value, m.problem]),
    [
      ['invalid-ticket', 'DM-0', 'DM-0', 'zero'],
      ['invalid-ticket', 'DM-00001', 'DM-00001', 'leading-zero'],
      ['invalid-ticket', 'DM-12345678', 'DM-12345678', 'too-long'],
      ['invalid-ticket', 'dm-0', 'DM-0', 'zero'],
      ['invalid-ticket', 'DM\u20130001', 'DM-0001', 'leading-zero'],
      ['invalid-ticket', 'DM-1000000', 'DM-1000000', 'too-long'],
      ['ticket', 'DM-999999', 'DM-999999', undefined],
      ['ticket', 'DM-1', 'DM-1', undefined],
    ],
  );
  // Without a hyphen: a serial number or a file name, not a ticket missing its hyphen (`DM000` was fixed to `DM-000`).
  assert.deepEqual(scanner.scan('DM000, DM00001, DM 00001, DM123456789, DM 12345678'), []);
  assert.deepEqual(['0', '000', '01', '1', '10441', '999999', '1000000'].map(invalidTicketNumber), ['zero', 'zero', 'leading-zero', undefined, undefined, undefined, 'too-long']);
});
