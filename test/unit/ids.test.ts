/**
 * The identifier scanner (server/src/model/ids.ts): tickets, malformed
 * tickets, document handles and WBS codes as whole words, and the
 * look-alikes that must stay plain prose.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdScanner, type IdMatch } from '../../server/src/model/ids.ts';
import { DocumentCatalog } from '../../server/src/catalog/documents.ts';
import { DEFAULT_SETTINGS } from '../../server/src/catalog/settings';

const scanner = new IdScanner(DEFAULT_SETTINGS.ticketKeys, DocumentCatalog.bundled().series());
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

test('document handles: catalog series, DocuShare series, and unknown series', () => {
  assert.deepEqual(scanner.scan('LDM-151, DMTN-044; Document-25798 and Collection-5517, SOR-019.'), [
    { kind: 'document', text: 'LDM-151', start: 0, end: 7, value: 'LDM-151', series: 'LDM' },
    { kind: 'document', text: 'DMTN-044', start: 9, end: 17, value: 'DMTN-044', series: 'DMTN' },
    { kind: 'document', text: 'Document-25798', start: 19, end: 33, value: 'Document-25798', series: 'Document' },
    { kind: 'document', text: 'Collection-5517', start: 38, end: 53, value: 'Collection-5517', series: 'Collection' },
    { kind: 'document', text: 'SOR-019', start: 55, end: 62, value: 'SOR-019', series: 'SOR' },
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
  const jira = new IdScanner(['LVV'], DocumentCatalog.bundled().series());
  assert.deepEqual(jira.scan('LVV-12 DM-10441').map((m) => [m.kind, m.value]), [
    ['ticket', 'LVV-12'],
    // DM is no longer a ticket key: DM-10441 has the shape of a document handle.
    ['document', 'DM-10441'],
  ]);
  assert.equal(jira.isTicketKey('LVV'), true);
  assert.equal(jira.isTicketKey('DM'), false);
});
