/**
 * Fix all (server/src/features/fixAll.ts) and the source.fixAll.dmReport code
 * action (features/codeActions.ts) on the reference report and variants:
 * which fixes are safe, the exact fixed texts, rounds, the composed edits,
 * line breaks, and idempotence (fixing the result again changes nothing).
 * Line numbers in comments are 1-based.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { fixAll, safeFix, type FixAllResult } from '../../server/src/features/fixAll.ts';
import { FIX_ALL_KIND, getCodeActions } from '../../server/src/features/codeActions.ts';
import { onlyAddsHyphen } from '../../server/src/rules/tickets.ts';
import { finding, type Finding } from '../../server/src/rules/registry.ts';
import { referenceFixed } from '../support/reference.ts';
import { matchSnapshot } from '../support/snapshot.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const JIRA = 'https://rubinobs.atlassian.net/browse/';

const engine = new ReportEngine();
let n = 0;
function analyze(text: string): Analysis {
  return engine.analyze(`file:///fixall-${n++}.md`, text, 1);
}

/** Fixes `text`, checks that the composed edits of the original give the result, and that fixing again changes nothing. */
function fix(text: string, maxRounds?: number): FixAllResult {
  const before = analyze(text);
  const result = fixAll(engine, before, { maxRounds });
  assert.equal(TextDocument.applyEdits(before.document, result.edits), result.text, 'the composed edits give the fixed text');
  if (result.complete) {
    const again = fixAll(engine, analyze(result.text));
    assert.equal(again.changed, false, 'fixing the result again changes nothing');
    assert.deepEqual([again.applied, again.edits, again.rounds], [[], [], 0]);
  }
  return result;
}

function counts(findings: Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.diagnostic.code] = (out[f.diagnostic.code] ?? 0) + 1;
  return out;
}

/** The diagnostics of an analysis, as JSON (the form the CLI prints and the snapshots hold). */
function diagnostics(a: Analysis): unknown[] {
  return JSON.parse(JSON.stringify(a.findings().map((f) => f.diagnostic))) as unknown[];
}

/** `text` with the one occurrence of `from` replaced by `to`. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `"${from}" not found`);
  assert.equal(text.indexOf(from, at + 1), -1, `"${from}" occurs more than once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** `text` with its 1-based lines `from`… removed, after checking what they are. */
function withoutLines(text: string, from: number, expected: string[]): string {
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(from - 1, from - 1 + expected.length), expected);
  lines.splice(from - 1, expected.length);
  return lines.join('\n');
}

/**
 * The heading markers `heading-level`'s safe fixes set in the reference (1-based line, new
 * markers): in six teams (DM Subsystem Science, DM System Engineering, IPAC, SLAC, NCSA, AURA)
 * the subsections at one level, what is inside them shifted with them and kept below its parent.
 */
const HEADING_FIXES: [number, string][] = [
  [58, '#####'], // #### Planned activities:
  [67, '#####'], // #### Current accomplishments:
  [378, '####'], // ### Current accomplishments:
  [380, '#####'], // #### 02C.05.00
  [386, '#####'], // #### 02C.05.01 Basic Archive Access Tools
  [395, '#####'], // #### 02C.05.02 Data Analysis and Visualization Too
  [407, '#####'], // #### 02C.05.03 Alert/Notification Toolkit
  [411, '#####'], // #### 02C.05.05 User workspace
  [417, '#####'], // #### 02C.05.00
  [423, '#####'], // #### 02C.05.01 Basic Archive Access Tools
  [431, '#####'], // #### 02C.05.02 Data Analysis and Visualization Too
  [442, '#####'], // #### 02C.05.03 Alert/Notification Toolkit
  [446, '#####'], // #### 02C.05.05 User workspace
  [458, '####'], // ### Current accomplishments:
  [460, '#####'], // #### 02C.06.00 Science Data Archive and Applicatio
  [469, '#####'], // #### 02C.06.01.01 Catalogs, Alerts and Metadata
  [473, '#####'], // #### 02C.06.01.02 Image and File Archive
  [477, '#####'], // #### 02C.06.02.01 Data Access Client Framework
  [483, '#####'], // #### 02C.06.02.02 Web Services
  [489, '#####'], // #### 02C.06.02.03 Query Services
  [498, '#####'], // #### 02C.06.02.04 Image Services
  [502, '#####'], // #### 02C.06.02.05 Catalog Services
  [508, '#####'], // #### 02C.06.00 Science Data Archive and Applicatio
  [515, '#####'], // #### 02C.06.01.01 Catalogs, Alerts and Metadata
  [519, '#####'], // #### 02C.06.01.02 Image and File Archive
  [523, '#####'], // #### 02C.06.02.01 Data Access Client Framework
  [528, '#####'], // #### 02C.06.02.02 Web Services
  [532, '#####'], // #### 02C.06.02.03 Query Services
  [537, '#####'], // #### 02C.06.02.04 Image Services
  [541, '#####'], // #### 02C.06.02.05 Catalog Services
  [551, '###'], // #### Current accomplishments:
  [555, '#####'], // #### **Planning and Management**
  [568, '#####'], // ### **Service Management and Monitoring**
  [582, '#####'], // ### **Hardware acquisition and provisioning planni
  [594, '####'], // ### **02C.07.01 Processing Control**
  [596, '#####'], // #### **Batch Production Services**
  [614, '#####'], // ### **Level 1 Services**
  [628, '#####'], // ### **Common Middleware and Other Tasks**
  [636, '####'], // ### **02C.07.02 Infrastructure Services**
  [638, '#####'], // #### **Data Backbone**
  [648, '####'], // ### **02C.07.03 Environment and Tools**
  [650, '#####'], // #### **QA Environment**
  [692, '#####'], // ### **Planning and Management**
  [706, '#####'], // ### **Service Management and Monitoring**
  [716, '#####'], // ### **Hardware acquisition and provisioning planni
  [720, '####'], // ### **02C.07.01 Processing Control**
  [722, '#####'], // #### **Batch Production Services**
  [732, '#####'], // #### **Level 1 Services**
  [748, '#####'], // ### **Common Middleware and Other Tasks**
  [754, '####'], // ### **02C.07.02 Infrastructure Services**
  [756, '#####'], // #### **Data Backbone**
  [762, '####'], // ### **02C.07.03 Environment and Tools**
  [764, '#####'], // #### **QA Environment**
  [770, '####'], // ## 02C.07.04 Site Infrastructure
  [772, '#####'], // ### **Hardware Acquisition, Deployment and Provisi
  [786, '#####'], // ### **Service Management for LSST development reso
  [804, '###'], // ## Current accomplishments:
  [806, '####'], // ### 02C.08.00 International Communications and Bas
  [808, '#####'], // #### 02C.08.01 Base Center
  [816, '#####'], // #### 02C.08.02 Chilean Data Access Center
  [820, '#####'], // #### 02C.08.03 Long-Haul Networks
  [822, '######'], // ### 02C.08.03.01 Chile National WAN
  [829, '######'], // ### 02C.08.03.02 International Chile - US WAN
  [840, '###'], // #### Planned activities:
  [842, '####'], // ##### 02C.08.01 Base Center
  [847, '####'], // ##### 02C.08.03 Long-Haul Networks
  [849, '#####'], // ###### 02C.08.03.01 Chile National WAN
  [856, '#####'], // ### 02C.08.03.02 International Chile - US WAN
];

/**
 * The reference fixed by hand, as fix-all must fix it: every placeholder link
 * whose text is a ticket filled with its Jira URL (DM10221 with DM-10221's, and
 * the hyphen added), the catalogued handles with their catalog URLs; the
 * uncatalogued DocuShare handles, SOR-019 and the two prose links left alone;
 * the heading levels of six teams normalised (HEADING_FIXES).
 */
const FIXED_REFERENCE = (() => {
  const lines = REFERENCE.split('\n');
  for (const [line, marks] of HEADING_FIXES) lines[line - 1] = lines[line - 1].replace(/^#+/, marks);
  let text = lines.join('\n').replace('[DM10221](#)', `[DM-10221](${JIRA}DM-10221)`);
  text = text.replace(/\[(DM-\d+)\]\(#\)/g, (_m, id: string) => `[${id}](${JIRA}${id})`);
  const documents: Record<string, string> = {
    'LDM-523': 'https://ls.st/LDM-523',
    'SQR-018': 'https://sqr-018.lsst.io/',
    'DMTN-044': 'https://dmtn-044.lsst.io/',
    'LDM-151': 'https://ldm-151.lsst.io/',
    'LDM-513': 'https://ls.st/LDM-513',
  };
  for (const [handle, url] of Object.entries(documents)) text = text.split(`[${handle}](#)`).join(`[${handle}](${url})`);
  return text;
})();

test('safe fixes of the reference: placeholder-link URL fills, DM10221 and heading-level normalisations; never SOR-019, unlinking or uncatalogued handles', () => {
  const a = analyze(REFERENCE);
  const safe = a.findings().filter((f) => safeFix(f));
  // Which findings have a safe fix, and which: the snapshot (one line per finding).
  matchSnapshot(
    'reference-safe-fixes',
    safe.map((f) => `${f.diagnostic.range.start.line + 1}:${f.diagnostic.range.start.character + 1} ${f.diagnostic.code}: ${safeFix(f)!.title}`),
  );
  assert.deepEqual(Object.keys(counts(safe)).sort(), ['heading-level', 'malformed-ticket', 'placeholder-link']);
  assert.equal(counts(safe)['malformed-ticket'], 1);
  // Every safe fix is the preferred one, and at most one fix of a finding is safe.
  for (const f of a.findings()) {
    assert.ok(f.fixes.filter((x) => x.safe).length <= 1);
    for (const x of f.fixes) if (x.safe) assert.equal(x.isPreferred, true);
    for (const x of f.fixes) if (x.title === 'Remove the link, keep the text') assert.equal(x.safe, undefined);
  }
  const unsafe = a.findings().filter((f) => !safeFix(f) && f.fixes.length > 0);
  assert.deepEqual(
    unsafe.map((f) => `${f.diagnostic.code}: ${f.fixes.map((x) => x.title).join(' | ')}`),
    [
      'placeholder-link: Link to https://ls.st/Collection-5517 | Remove the link, keep the text',
      'placeholder-link: Link to https://ls.st/Document-25798 | Remove the link, keep the text',
      'placeholder-link: Remove the link, keep the text',
      'unknown-document: Change to SQR-019',
      'placeholder-link: Remove the link, keep the text',
      'placeholder-link: Remove the link, keep the text',
    ],
  );
});

test('malformed tickets: only the missing hyphen is safe (DM10221); DM 10222, dm-10223, DM–10224 are offered, not applied', () => {
  assert.equal(onlyAddsHyphen('DM10221', 'DM-10221'), true);
  assert.equal(onlyAddsHyphen('DM 10221', 'DM-10221'), false);
  assert.equal(onlyAddsHyphen('dm-10221', 'DM-10221'), false);
  assert.equal(onlyAddsHyphen('dm10221', 'DM-10221'), false);
  assert.equal(onlyAddsHyphen('DM\u201310221', 'DM-10221'), false);
  const text = replaceOnce(
    REFERENCE,
    '- Morrison went to the DESC hack week at Fermilab.',
    '- Morrison went to the DESC hack week at Fermilab (DM10220, DM 10222, dm-10223, DM\u201310224).',
  );
  const r = fix(text);
  assert.equal(
    r.text,
    replaceOnce(
      FIXED_REFERENCE,
      '- Morrison went to the DESC hack week at Fermilab.',
      '- Morrison went to the DESC hack week at Fermilab (DM-10220, DM 10222, dm-10223, DM\u201310224).',
    ),
  );
  // Left: what the reference leaves, and the three malformed tickets that have no safe fix.
  assert.deepEqual(counts(r.analysis.findings())['malformed-ticket'], 3);
  assert.deepEqual(diagnostics(r.analysis).filter((d) => (d as { code: string }).code !== 'malformed-ticket'), referenceFixed().diagnostics);
  assert.deepEqual(
    r.analysis.findings().filter((f) => f.diagnostic.code === 'malformed-ticket').map((f) => f.diagnostic.message),
    [
      'Malformed ticket "DM 10222": Jira keys are written DM-10222.',
      'Malformed ticket "dm-10223": Jira keys are written DM-10223.',
      'Malformed ticket "DM\u201310224": Jira keys are written DM-10224.',
    ],
  );
});

test('reference: one round, the fixes of `check --fix` (links, DM10221, one heading-level per team: AURA\'s two diagnostics share it), the exact fixed text; what is left; fixing again changes nothing', () => {
  const r = fix(REFERENCE);
  assert.equal(r.text, FIXED_REFERENCE);
  // The fixes applied, in order: the snapshot.
  matchSnapshot('reference-fix-all-applied', r.applied);
  // As many as the CLI says it applies; one edit per link and ticket, and one per heading whose markers change.
  const links = r.applied.filter((a) => a.code !== 'heading-level').length;
  assert.deepEqual([r.changed, r.rounds, r.complete, r.applied.length, r.edits.length], [true, 1, true, referenceFixed().fixed, links + HEADING_FIXES.length]);
  // One heading-level fix per team whose levels are mixed: one fewer than its diagnostics (AURA has two).
  const headingFindings = analyze(REFERENCE).findings().filter((f) => f.diagnostic.code === 'heading-level').length;
  assert.equal(r.applied.filter((a) => a.code === 'heading-level').length, headingFindings - 1);
  assert.deepEqual(r.applied.slice(0, 3), [
    { code: 'placeholder-link', title: 'Link to https://ls.st/LDM-523', round: 1 },
    { code: 'heading-level', title: 'Normalise the heading levels of "DM Subsystem Science"', round: 1 },
    { code: 'heading-level', title: 'Normalise the heading levels of "DM System Engineering"', round: 1 },
  ]);
  // Left: what `check --fix` leaves (the snapshot reference-fixed); every `](#)` left is one of them.
  assert.deepEqual(diagnostics(r.analysis), referenceFixed().diagnostics);
  assert.deepEqual(
    r.analysis.findings().filter((f) => f.diagnostic.code === 'placeholder-link').map((f) => String(f.diagnostic.message).split('"')[1]),
    ['Collection-5517', 'Document-25798', 'SOR-019', 'on Confluence', 'Developer Guide'],
  );
  assert.equal(FIXED_REFERENCE.split('](#)').length - 1, counts(r.analysis.findings())['placeholder-link']);
  // The DM10221 line: the hyphen and the URL, two edits of the original, nothing else on the line.
  const line = FIXED_REFERENCE.split('\n')[296];
  assert.ok(line.endsWith(`[[DM-9990](${JIRA}DM-9990), [DM-10109](${JIRA}DM-10109), [DM-10221](${JIRA}DM-10221), [DM-10233](${JIRA}DM-10233)]`));
});

test('variant: University of Washington without "#### Planned activities:": the label goes back at the exact place', () => {
  const text = withoutLines(REFERENCE, 212, ['#### Planned activities:', '']);
  const r = fix(text);
  // Written like the subsection before it (the paragraph `Current accomplishments:`), before `#### 02C.03.00`.
  assert.equal(r.text, replaceOnce(FIXED_REFERENCE, '\n#### Planned activities:\n\n#### 02C.03.00', '\nPlanned activities:\n\n#### 02C.03.00'));
  // The reference's fixes and the insertion.
  assert.deepEqual([r.rounds, r.applied.length], [1, referenceFixed().fixed + 1]);
  assert.deepEqual(r.applied.find((a) => a.code === 'missing-section'), {
    code: 'missing-section',
    title: 'Insert "Planned activities" in "University of Washington"',
    round: 1,
  });
  assert.deepEqual(diagnostics(r.analysis), referenceFixed().diagnostics);
});

test('variant: two sections missing at the same point (SQuaRE without Planned activities and Recruitment update): two rounds, template order', () => {
  let text = withoutLines(REFERENCE, 158, ['Recruitment update:', '']);
  text = withoutLines(text, 151, ['#### Planned activities:', '']);
  const r = fix(text);
  assert.deepEqual([r.rounds, r.complete], [2, true]);
  assert.deepEqual(
    r.applied.filter((a) => a.code === 'missing-section'),
    [
      { code: 'missing-section', title: 'Insert "Planned activities" in "DM Science Quality and Reliability Engineering (SQuaRE)"', round: 1 },
      { code: 'missing-section', title: 'Insert "Recruitment update" in "DM Science Quality and Reliability Engineering (SQuaRE)"', round: 2 },
    ],
  );
  // Both at the end of the team, in the style of Current accomplishments (a label paragraph with a colon).
  const fixedVariant = replaceOnce(
    replaceOnce(replaceOnce(FIXED_REFERENCE, '#### Planned activities:\n\n- Add small', '- Add small'), 'Recruitment update:\n\n- None planned.\n', '- None planned.\n'),
    '- None planned.\n\n## University of Washington',
    '- None planned.\n\nPlanned activities:\n\nRecruitment update:\n\n## University of Washington',
  );
  assert.equal(r.text, fixedVariant);
  // With a bound of one round: the first insertion only, and the result says it is not complete.
  const bounded = fix(text, 1);
  assert.deepEqual([bounded.rounds, bounded.complete, bounded.applied.length], [1, false, referenceFixed().fixed + 1]);
  assert.deepEqual(counts(bounded.analysis.findings())['missing-section'], 1);
  const rest = fix(bounded.text);
  assert.equal(rest.text, fixedVariant);
});

test('CRLF line breaks: inserted lines get CRLF too; the result is the LF result with CRLF', () => {
  const text = withoutLines(REFERENCE, 212, ['#### Planned activities:', '']);
  const lf = fix(text);
  const crlf = fix(text.replace(/\n/g, '\r\n'));
  assert.equal(crlf.text, lf.text.replace(/\n/g, '\r\n'));
  assert.equal(crlf.text.replace(/\r\n/g, '').includes('\n'), false);
});

test('a safe fix whose finding comes back is left out: fix-all starts again without it, converges and says why (before: ten rounds of it)', () => {
  // An engine whose every analysis also has a finding that is always there, with a safe fix that appends a line:
  // applied, it would come back every round.
  const real = new ReportEngine();
  const withBogus = (a: Analysis): Analysis => {
    const end = a.document.positionAt(a.document.getText().length);
    const bogus = finding('missing-section', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'Always missing.', [
      { title: 'Append a line', edits: [{ range: { start: end, end }, newText: '\nappended' }], safe: true },
    ]);
    return { ...a, findings: () => [bogus, ...a.findings()] };
  };
  const bogusEngine = { analyze: (uri: string, text: string, version: number) => withBogus(real.analyze(uri, text, version)) } as unknown as ReportEngine;
  const result = fixAll(bogusEngine, bogusEngine.analyze('file:///fixall-bogus.md', REFERENCE, 1));
  // The text is the fixed reference: the ineffective fix left out, every other fix applied.
  assert.equal(result.text, referenceFixed().text);
  assert.deepEqual(
    [result.complete, result.reason, result.ineffective, result.rounds],
    [false, 'left out 1 safe fix that did not fix its problem (missing-section on line 1)', [{ code: 'missing-section', message: 'Always missing.', title: 'Append a line', line: 0 }], 1],
  );
  assert.equal(result.applied.some((x) => x.title === 'Append a line'), false);
});

test('nothing to fix: unchanged, no edits, no rounds', () => {
  const r = fix(FIXED_REFERENCE);
  assert.deepEqual([r.changed, r.text === FIXED_REFERENCE, r.edits, r.applied, r.rounds, r.complete], [false, true, [], [], 0, true]);
});

test('not a report (empty, a README): nothing inserted, notAReport', () => {
  for (const text of ['', '# Project\n\nSee [DM-1234](#) and DM1234.\n']) {
    const r = fix(text);
    assert.deepEqual([r.changed, r.text, r.notAReport, r.applied], [false, text, true, []]);
  }
  assert.equal(fix(REFERENCE).notAReport, false);
});

test('code action source.fixAll.dmReport: only when asked for by kind; one edit set for the whole document version', () => {
  const a = engine.analyze('file:///action.md', REFERENCE, 7);
  const everywhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (const only of [['source.fixAll'], ['source'], [FIX_ALL_KIND], ['quickfix', 'source.fixAll']]) {
    const actions = getCodeActions(engine, a, everywhere, only).filter((x) => x.kind === FIX_ALL_KIND);
    assert.equal(actions.length, 1, JSON.stringify(only));
    const [action] = actions;
    assert.equal(action.title, `Fix all safe DM Report problems (${referenceFixed().fixed} fixes)`);
    assert.equal(action.diagnostics, undefined);
    const change = action.edit!.documentChanges![0] as { textDocument: { uri: string; version: number }; edits: import('vscode-languageserver-types').TextEdit[] };
    assert.deepEqual(change.textDocument, { uri: 'file:///action.md', version: 7 });
    assert.equal(TextDocument.applyEdits(a.document, change.edits), FIXED_REFERENCE);
  }
  assert.equal(FIX_ALL_KIND, 'source.fixAll.dmReport');
  for (const only of [undefined, ['quickfix'], ['refactor'], ['source.organizeImports']]) {
    assert.equal(getCodeActions(engine, a, everywhere, only).filter((x) => x.kind === FIX_ALL_KIND).length, 0, JSON.stringify(only));
  }
  // The cached analysis of the document is still the one of its text (rounds ran under a scratch URI).
  assert.equal(engine.get('file:///action.md'), a);
  assert.equal(engine.get('file:///action.md#dm-report-fix-all'), undefined);
  // Nothing left to fix: no action.
  const fixed = engine.analyze('file:///action.md', FIXED_REFERENCE, 8);
  assert.deepEqual(getCodeActions(engine, fixed, everywhere, ['source.fixAll']), []);
});
