/**
 * Rules and their fixes (server/src/rules/) on the reference report and on
 * variants of it made by editing its text here. Every fix is applied with
 * TextDocument.applyEdits and the result re-analysed: the fixed diagnostic is
 * gone and no other diagnostic appears. Line numbers in comments are 1-based;
 * ranges are 0-based LSP ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { RULE_CODES, type Finding, type Fix, type RuleCode } from '../../server/src/rules/registry.ts';
import { fixAll } from '../../server/src/features/fixAll.ts';
import { getDocumentLinks } from '../../server/src/features/documentLinks.ts';
import { getHover } from '../../server/src/features/hover.ts';
import { referenceDiagnostics } from '../support/reference.ts';
import { matchSnapshot } from '../support/snapshot.ts';

const REFERENCE = readFileSync(new URL('../../samples/dm-monthly-report-2017-04.md', import.meta.url), 'utf8');
const LINES = REFERENCE.split('\n');
const JIRA = 'https://rubinobs.atlassian.net/browse/';

const engine = new ReportEngine();
let variant = 0;
/** A fresh analysis (own URI, nothing re-used). */
function analyze(text: string): Analysis {
  return engine.analyze(`file:///variant-${variant++}.md`, text, 1);
}
/** An analysis that re-uses the unchanged blocks of the previous call (fast; same result, see model.test.ts). */
let sweepVersion = 0;
function reanalyze(text: string): Analysis {
  return engine.analyze('file:///sweep.md', text, ++sweepVersion);
}

const reference = analyze(REFERENCE);

/** Every code a rule may report, from the registry (server/src/model/codes.ts). */
const ALL_CODES: readonly RuleCode[] = RULE_CODES;

function counts(findings: Finding[]): Record<RuleCode, number> {
  const out = Object.fromEntries(ALL_CODES.map((c) => [c, 0])) as Record<RuleCode, number>;
  for (const f of findings) out[f.diagnostic.code]++;
  return out;
}

/** Diagnostics without positions, sorted: for comparing two versions whose lines moved. */
function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.diagnostic.code} ${f.diagnostic.severity} ${f.diagnostic.message}`).sort();
}

function applyFix(text: string, fix: Fix): string {
  return TextDocument.applyEdits(TextDocument.create('file:///fix.md', 'markdown', 1, text), fix.edits);
}

/** `text` with its 1-based lines `from`…`from + count - 1` removed, after checking what they are. */
function withoutLines(text: string, from: number, expected: string[]): string {
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(from - 1, from - 1 + expected.length), expected);
  lines.splice(from - 1, expected.length);
  return lines.join('\n');
}

/** `text` with the one occurrence of `from` replaced by `to`. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `"${from}" not found`);
  assert.equal(text.indexOf(from, at + 1), -1, `"${from}" occurs more than once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 0-based range of a whole (1-based) line of `text`. */
function lineRange(text: string, line: number, expected: string): Range {
  assert.equal(text.split('\n')[line - 1], expected);
  return { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: expected.length } };
}

/** The 0-based range of the `nth` occurrence of `needle` on 1-based line `line` of the reference. */
function rangeOn(line: number, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = LINES[line - 1].indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not on line ${line}`);
  return { start: { line: line - 1, character: at }, end: { line: line - 1, character: at + needle.length } };
}

function only(findings: Finding[], code: RuleCode): Finding {
  const found = findings.filter((f) => f.diagnostic.code === code);
  assert.equal(found.length, 1, `${code}: ${found.map((f) => f.diagnostic.message).join(' | ')}`);
  return found[0];
}

/**
 * Applies `fix` of `finding` to the analysed text and re-analyses. Checks that
 * the finding's code has exactly one diagnostic fewer (or as many fewer as
 * findings share the very same fix: a team's `heading-level` diagnostics share
 * "Normalise the heading levels") and every other code as many as before,
 * plus `added` (an inserted section is empty until written: `empty-section`).
 * Returns the new text and analysis.
 */
function applyAndCheck(
  before: Analysis,
  finding: Finding,
  fix: Fix,
  analyzeWith = analyze,
  added: Partial<Record<RuleCode, number>> = {},
): { text: string; after: Analysis } {
  const text = applyFix(before.document.getText(), fix);
  const after = analyzeWith(text);
  const expected = counts(before.findings());
  const same = JSON.stringify([fix.title, fix.edits]);
  expected[finding.diagnostic.code] -= before.findings().filter((g) => g.fixes.some((x) => JSON.stringify([x.title, x.edits]) === same)).length;
  for (const [code, n] of Object.entries(added)) expected[code as RuleCode] += n;
  assert.deepEqual(counts(after.findings()), expected, `after "${fix.title}" on "${finding.diagnostic.message}"`);
  return { text, after };
}

// ---- the reference report ----------------------------------------------------

test('reference: exactly the diagnostics of the snapshot (what `dm-report check` reports)', () => {
  // Its heading levels really are mixed (DM Subsystem Science, DM System Engineering, IPAC, SLAC, NCSA, AURA);
  // no section is missing, out of order, duplicated or empty.
  assert.deepEqual(JSON.parse(JSON.stringify(reference.findings().map((f) => f.diagnostic))), referenceDiagnostics());
  const zero: RuleCode[] = ['missing-section', 'unknown-wbs', 'wbs-name-mismatch', 'invalid-template', 'invalid-front-matter', 'section-order', 'duplicate-section', 'empty-section', 'period-mismatch'];
  for (const code of zero) assert.equal(counts(reference.findings())[code], 0, code);
  assert.equal(reference.findings().every((f) => f.diagnostic.source === 'dm-report'), true);
  // Sorted by position.
  const starts = reference.findings().map((f) => f.diagnostic.range.start);
  assert.deepEqual(starts, [...starts].sort((a, b) => a.line - b.line || a.character - b.character));
});

test('reference: severities per code', () => {
  const bySeverity = (code: RuleCode) => reference.findings().filter((f) => f.diagnostic.code === code).map((f) => f.diagnostic.severity);
  assert.deepEqual(new Set(bySeverity('placeholder-link')), new Set([DiagnosticSeverity.Warning]));
  assert.deepEqual(bySeverity('malformed-ticket'), [DiagnosticSeverity.Error]);
  // Collection-5517 and Document-25798 (line 50): word series the catalog lacks these numbers of, no handles in prose.
  assert.deepEqual(bySeverity('unknown-document'), [
    DiagnosticSeverity.Warning, // SOR-019
    DiagnosticSeverity.Information, // LSE-299
    DiagnosticSeverity.Information, // LSE-299
  ]);
});

test('reference: the unknown-document diagnostics, exactly', () => {
  const docs = reference.findings().filter((f) => f.diagnostic.code === 'unknown-document');
  const info = (handle: string) => `${handle} is not in the document catalog (the catalog is incomplete; check that the handle is right).`;
  assert.deepEqual(
    docs.map((f) => [f.diagnostic.range, f.diagnostic.severity, f.diagnostic.message]),
    [
      [
        rangeOn(148, 'SOR-019'),
        DiagnosticSeverity.Warning,
        'Unknown document series "SOR" in SOR-019; did you mean SQR-019 (LSST Verification Framework API Demonstration)?',
      ],
      [rangeOn(812, 'LSE-299'), DiagnosticSeverity.Information, info('LSE-299')],
      [rangeOn(844, 'LSE-299'), DiagnosticSeverity.Information, info('LSE-299')],
    ],
  );
  assert.deepEqual(rangeOn(148, 'SOR-019'), { start: { line: 147, character: 148 }, end: { line: 147, character: 155 } });
  const sor = docs[0];
  assert.deepEqual(sor.diagnostic.data, { suggestion: 'SQR-019' });
  assert.deepEqual(sor.fixes, [
    { title: 'Change to SQR-019', edits: [{ range: rangeOn(148, 'SOR-019'), newText: 'SQR-019' }], isPreferred: true },
  ]);
  // Information diagnostics have no fix: there is nothing to change.
  assert.deepEqual(docs.filter((f) => f.diagnostic.severity === DiagnosticSeverity.Information).map((f) => f.fixes), [[], []]);
});

test('reference: the malformed ticket DM10221', () => {
  const f = only(reference.findings(), 'malformed-ticket');
  assert.deepEqual(f.diagnostic, {
    range: { start: { line: 296, character: 277 }, end: { line: 296, character: 284 } },
    severity: DiagnosticSeverity.Error,
    code: 'malformed-ticket',
    source: 'dm-report',
    codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#malformed-ticket' },
    message: 'Malformed ticket "DM10221": Jira keys are written DM-10221.',
    data: { corrected: 'DM-10221' },
  });
  assert.deepEqual(f.fixes, [
    { title: 'Change to DM-10221', edits: [{ range: f.diagnostic.range, newText: 'DM-10221' }], isPreferred: true, safe: true },
  ]);
});

test('reference: placeholder-link messages and fixes', () => {
  const links = reference.findings().filter((f) => f.diagnostic.code === 'placeholder-link');
  const at = (line: number, text: string) => {
    const range = rangeOn(line, `[${text}](#)`);
    const f = links.find((l) => l.diagnostic.range.start.line === range.start.line && l.diagnostic.range.start.character === range.start.character);
    assert.ok(f, `${text} on line ${line}`);
    assert.deepEqual(f.diagnostic.range, range);
    return f;
  };
  const dm9997 = at(317, 'DM-9997');
  assert.equal(dm9997.diagnostic.message, `Placeholder link "DM-9997" points nowhere ("#"); it could link to ${JIRA}DM-9997.`);
  assert.deepEqual(dm9997.diagnostic.data, { url: `${JIRA}DM-9997` });
  const url9997 = { start: { line: 316, character: 361 }, end: { line: 316, character: 362 } };
  assert.equal(LINES[316].slice(361, 362), '#');
  assert.deepEqual(dm9997.fixes, [
    { title: `Link to ${JIRA}DM-9997`, edits: [{ range: url9997, newText: `${JIRA}DM-9997` }], isPreferred: true, safe: true },
    {
      title: 'Remove the link, keep the text',
      edits: [
        { range: { start: { line: 316, character: 351 }, end: { line: 316, character: 352 } }, newText: '' },
        { range: { start: { line: 316, character: 359 }, end: { line: 316, character: 363 } }, newText: '' },
      ],
    },
  ]);
  const confluence = at(281, 'on Confluence');
  assert.equal(confluence.diagnostic.message, 'Placeholder link "on Confluence" points nowhere ("#").');
  assert.equal(confluence.diagnostic.data, undefined);
  assert.deepEqual(confluence.fixes.map((x) => x.title), ['Remove the link, keep the text']);
  assert.deepEqual(at(333, 'Developer Guide').fixes.map((x) => x.title), ['Remove the link, keep the text']);
  // An unknown series gets no URL; a malformed ticket links to its corrected key.
  assert.equal(at(148, 'SOR-019').diagnostic.message, 'Placeholder link "SOR-019" points nowhere ("#").');
  assert.equal(at(297, 'DM10221').diagnostic.message, `Placeholder link "DM10221" points nowhere ("#"); it could link to ${JIRA}DM-10221.`);
  assert.equal(at(268, 'DMTN-044').diagnostic.message, 'Placeholder link "DMTN-044" points nowhere ("#"); it could link to https://dmtn-044.lsst.io/.');
});

test('reference: every placeholder link proposes the URL of its ticket or document (from the catalog)', () => {
  const links = reference.findings().filter((f) => f.diagnostic.code === 'placeholder-link');
  const text = (f: Finding) => {
    const r = f.diagnostic.range;
    return LINES[r.start.line].slice(r.start.character + 1, r.end.character - 4);
  };
  const proposed = links.map((f) => [text(f), (f.diagnostic.data as { url: string } | undefined)?.url]);
  // URLs of the documents as the catalog (data/documents.json) gives them; DocuShare handles under ls.st.
  const documentUrls: Record<string, string | undefined> = {
    'LDM-523': 'https://ls.st/LDM-523',
    'Collection-5517': 'https://ls.st/Collection-5517',
    'Document-25798': 'https://ls.st/Document-25798',
    'SQR-018': 'https://sqr-018.lsst.io/',
    'SOR-019': undefined,
    'DMTN-044': 'https://dmtn-044.lsst.io/',
    'LDM-151': 'https://ldm-151.lsst.io/',
    'LDM-513': 'https://ls.st/LDM-513',
    'on Confluence': undefined,
    DM10221: `${JIRA}DM-10221`,
    'Developer Guide': undefined,
  };
  for (const [t, url] of proposed) {
    if (/^DM-\d+$/.test(t!)) assert.equal(url, `${JIRA}${t}`, t);
    else assert.equal(url, documentUrls[t!], t);
  }
  assert.equal(proposed.filter(([t]) => /^DM-\d+$/.test(t!)).length, 54);
  // Each proposal is also the preferred fix, and the only one besides "remove the link".
  for (const f of links) {
    const url = (f.diagnostic.data as { url: string } | undefined)?.url;
    assert.deepEqual(
      f.fixes.map((x) => [x.title, x.isPreferred ?? false]),
      url ? [[`Link to ${url}`, true], ['Remove the link, keep the text', false]] : [['Remove the link, keep the text', false]],
    );
  }
});

test('reference: the ticket URL template is a setting', () => {
  const jira = new ReportEngine({ ticketUrlTemplate: 'https://jira.lsstcorp.org/browse/{id}' });
  const f = jira.analyze('file:///old-jira.md', REFERENCE, 1).findings().find((x) => x.diagnostic.range.start.line === 316 && x.diagnostic.code === 'placeholder-link');
  assert.equal(f!.fixes[0].edits[0].newText, 'https://jira.lsstcorp.org/browse/DM-9997');
});

// ---- fixes on the reference ----------------------------------------------------

test('fix: DM10221 → DM-10221', () => {
  const f = only(reference.findings(), 'malformed-ticket');
  const { text, after } = applyAndCheck(reference, f, f.fixes[0]);
  assert.equal(text, replaceOnce(REFERENCE, '[DM10221](#)', '[DM-10221](#)'));
  assert.deepEqual(after.model.malformedTickets, []);
  // The placeholder around it stays, now with the corrected text.
  assert.deepEqual(
    summary(after.findings()),
    summary(reference.findings())
      .filter((s) => !s.startsWith('malformed-ticket'))
      .map((s) => s.replace('Placeholder link "DM10221"', 'Placeholder link "DM-10221"'))
      .sort(),
  );
});

test('fix: SOR-019 → SQR-019', () => {
  const f = reference.findings().find((x) => x.diagnostic.code === 'unknown-document' && x.diagnostic.severity === DiagnosticSeverity.Warning)!;
  const { text, after } = applyAndCheck(reference, f, f.fixes[0]);
  assert.equal(text, replaceOnce(REFERENCE, '[SOR-019](#)', '[SQR-019](#)'));
  assert.deepEqual(
    summary(after.findings()),
    summary(reference.findings())
      .filter((s) => !s.includes('SOR-019; did you mean'))
      .map((s) => (s.includes('"SOR-019"') ? 'placeholder-link 2 Placeholder link "SQR-019" points nowhere ("#"); it could link to https://sqr-019.lsst.io/.' : s))
      .sort(),
  );
});

test('fix: placeholder links filled with the ticket or document URL', () => {
  const cases: [line: number, linkText: string, url: string][] = [
    [317, 'DM-9997', `${JIRA}DM-9997`],
    [270, 'LDM-151', 'https://ldm-151.lsst.io/'],
    [341, 'LDM-151', 'https://ldm-151.lsst.io/'],
    [268, 'DMTN-044', 'https://dmtn-044.lsst.io/'],
    [297, 'DM10221', `${JIRA}DM-10221`],
    [50, 'Document-25798', 'https://ls.st/Document-25798'],
  ];
  for (const [line, linkText, url] of cases) {
    const range = rangeOn(line, `[${linkText}](#)`);
    const f = reference.findings().find((x) => x.diagnostic.code === 'placeholder-link' && x.diagnostic.range.start.line === range.start.line && x.diagnostic.range.start.character === range.start.character)!;
    assert.deepEqual(f.diagnostic.range, range, linkText);
    assert.equal(f.fixes[0].title, `Link to ${url}`);
    const { text, after } = applyAndCheck(reference, f, f.fixes[0]);
    const lines = REFERENCE.split('\n');
    const l = lines[line - 1];
    lines[line - 1] = l.slice(0, range.start.character) + `[${linkText}](${url})` + l.slice(range.end.character);
    assert.equal(text, lines.join('\n'), linkText);
    assert.equal(after.model.links.filter((k) => k.url === url).length, 1, linkText);
    // Nothing else changed: the other diagnostics are the reference's, message for message.
    assert.deepEqual(
      summary(after.findings()),
      summary(reference.findings().filter((x) => x !== f)),
      linkText,
    );
  }
});

test('fix: `[on Confluence](#)` and `[Developer Guide](#)` lose the link and keep their text', () => {
  for (const [line, linkText] of [[281, 'on Confluence'], [333, 'Developer Guide']] as const) {
    const range = rangeOn(line, `[${linkText}](#)`);
    const f = reference.findings().find((x) => x.diagnostic.code === 'placeholder-link' && x.diagnostic.range.start.line === range.start.line && x.diagnostic.range.start.character === range.start.character)!;
    assert.equal(f.fixes.length, 1);
    const { text, after } = applyAndCheck(reference, f, f.fixes[0]);
    assert.equal(text, replaceOnce(REFERENCE, `[${linkText}](#)`, linkText));
    assert.equal(text.split('\n')[line - 1].slice(range.start.character, range.start.character + linkText.length + 1), `${linkText}${line === 281 ? '.' : ' '}`);
    assert.deepEqual(summary(after.findings()), summary(reference.findings().filter((x) => x !== f)));
  }
});

test('fix sweep: every fix of every reference diagnostic removes it and adds nothing', () => {
  let applied = 0;
  for (const f of reference.findings()) {
    for (const fix of f.fixes) {
      const { text, after } = applyAndCheck(reference, f, fix, reanalyze);
      if (fix.title === 'Remove the link, keep the text') {
        // `[x](#)` → `x` at the same place, nothing else touched.
        const r = f.diagnostic.range;
        const l = LINES[r.start.line];
        const inner = l.slice(r.start.character + 1, r.end.character - 4);
        const lines = REFERENCE.split('\n');
        lines[r.start.line] = l.slice(0, r.start.character) + inner + l.slice(r.end.character);
        assert.equal(text, lines.join('\n'));
        // One placeholder fewer; the text keeps its other diagnostics (`DM10221` stays malformed, `SOR-019` stays unknown).
        assert.equal(after.model.links.filter((k) => k.placeholder).length, reference.model.links.filter((k) => k.placeholder).length - 1);
      }
      applied++;
    }
  }
  // Every fix of every finding was applied: placeholders with a URL have two fixes, those without one;
  // SOR-019, DM10221 and each mixed heading level one. Which fixes the findings offer: the snapshot.
  const offered = reference.findings().filter((f) => f.fixes.length > 0);
  matchSnapshot(
    'reference-fixes-offered',
    offered.map((f) => `${f.diagnostic.range.start.line + 1}:${f.diagnostic.range.start.character + 1} ${f.diagnostic.code}: ${f.fixes.map((x) => x.title).join(' | ')}`),
  );
  assert.equal(applied, offered.reduce((n, f) => n + f.fixes.length, 0));
  for (const f of offered) {
    const twice = f.diagnostic.code === 'placeholder-link' && (f.diagnostic.data as { url?: string } | undefined)?.url !== undefined;
    assert.equal(f.fixes.length, twice ? 2 : 1, String(f.diagnostic.message));
  }
});

// ---- variants: missing sections ------------------------------------------------

test('variant: University of Washington without "#### Planned activities:"', () => {
  const text = withoutLines(REFERENCE, 212, ['#### Planned activities:', '']);
  const a = analyze(text);
  assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'missing-section': 1 });
  const f = only(a.findings(), 'missing-section');
  assert.deepEqual(f.diagnostic, {
    range: lineRange(text, 162, '## University of Washington'),
    severity: DiagnosticSeverity.Warning,
    code: 'missing-section',
    source: 'dm-report',
    codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#missing-section' },
    message: '"University of Washington" has no "Planned activities" section.',
    data: { section: 'planned-activities' },
  });
  // The label goes where UW's planned WBS elements begin: before `#### 02C.03.00` (line 212 once the label
  // is gone), the first element that repeats one of Current accomplishments. It is written in the style of
  // the subsection before it, the paragraph `Current accomplishments:` (line 164).
  assert.equal(text.split('\n')[211], '#### 02C.03.00 - Alert Production Management Engineering and Integration');
  assert.deepEqual(f.fixes, [
    {
      title: 'Insert "Planned activities" in "University of Washington"',
      edits: [{ range: { start: { line: 211, character: 0 }, end: { line: 211, character: 0 } }, newText: 'Planned activities:\n\n' }],
      isPreferred: true,
      safe: true,
    },
  ]);
  const { text: fixed, after } = applyAndCheck(a, f, f.fixes[0]);
  // The reference again, but for the label's style.
  assert.equal(fixed, replaceOnce(REFERENCE, '\n#### Planned activities:\n\n#### 02C.03.00', '\nPlanned activities:\n\n#### 02C.03.00'));
  assert.deepEqual(after.findings().map((x) => x.diagnostic), reference.findings().map((x) => x.diagnostic));
  const uw = after.model.sections[2].children.find((s) => s.title === 'University of Washington')!;
  assert.deepEqual(uw.children.map((c) => [c.templateId, c.selectionRange.start.line + 1, c.children.length]), [
    ['current-accomplishments', 164, 9],
    ['planned-activities', 212, 9],
    ['recruitment-update', 252, 0],
  ]);
});

test('variant: the missing label goes below a list with no blank line between: the fix adds one', () => {
  // Without the blank lines around it, `#### 02C.03.00` (now line 211) follows the last bullet of line 210 directly;
  // a `Planned activities:` paragraph inserted right under the bullet would only continue it.
  const text = withoutLines(REFERENCE, 211, ['', '#### Planned activities:', '']);
  assert.deepEqual(text.split('\n').slice(209, 211), [
    '- Morrison implemented the improved matching algorithm and began validating it.',
    '#### 02C.03.00 - Alert Production Management Engineering and Integration',
  ]);
  const a = analyze(text);
  const f = only(a.findings(), 'missing-section');
  assert.deepEqual(f.fixes[0].edits, [
    { range: { start: { line: 210, character: 0 }, end: { line: 210, character: 0 } }, newText: '\nPlanned activities:\n\n' },
  ]);
  const { text: fixed, after } = applyAndCheck(a, f, f.fixes[0]);
  assert.equal(fixed, replaceOnce(REFERENCE, '\n#### Planned activities:\n\n#### 02C.03.00', '\nPlanned activities:\n\n#### 02C.03.00'));
  assert.deepEqual(after.findings().map((x) => x.diagnostic), reference.findings().map((x) => x.diagnostic));
});

test('variant: Princeton without its Recruitment update (paragraph style)', () => {
  const text = withoutLines(REFERENCE, 372, [
    'Recruitment update:',
    '',
    LINES[373],
    '',
  ]);
  assert.equal(LINES[373].startsWith('- John Swinbank'), true);
  const a = analyze(text);
  assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'missing-section': 1 });
  const f = only(a.findings(), 'missing-section');
  assert.deepEqual(f.diagnostic.range, lineRange(text, 254, '## **Princeton University and University of California, Davis**'));
  assert.equal(f.diagnostic.message, '"Princeton University and University of California, Davis" has no "Recruitment update" section.');
  // No subsection follows: appended after the team's last content (line 370), like its `Planned activities:` paragraph.
  const end = { line: 369, character: '- Complete implementation of the simulated source injection framework.'.length };
  assert.equal(text.split('\n')[369], '- Complete implementation of the simulated source injection framework.');
  assert.deepEqual(f.fixes[0].edits, [{ range: { start: end, end }, newText: '\n\nRecruitment update:' }]);
  const { text: fixed, after } = applyAndCheck(a, f, f.fixes[0], analyze, { 'empty-section': 1 });
  assert.deepEqual(fixed.split('\n').slice(369, 374), [
    '- Complete implementation of the simulated source injection framework.',
    '',
    'Recruitment update:',
    '',
    '## IPAC / California Institute of Technology',
  ]);
  // The inserted label is empty until the author writes it.
  const empty = only(after.findings(), 'empty-section');
  assert.deepEqual(empty.diagnostic.range, lineRange(fixed, 372, 'Recruitment update:'));
  assert.equal(empty.diagnostic.message, 'The section "Recruitment update:" is empty: write what happened, or "No activity".');
  assert.deepEqual(summary(after.findings().filter((x) => x !== empty)), summary(reference.findings()));
});

test('variant: no "# Risk Management"', () => {
  const text = withoutLines(REFERENCE, 22, ['# Risk Management', '', LINES[23], '']);
  const a = analyze(text);
  assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'missing-section': 1 });
  const f = only(a.findings(), 'missing-section');
  assert.deepEqual(f.diagnostic.range, lineRange(text, 3, '# Data Management Monthly Report'));
  assert.equal(f.diagnostic.message, 'The report has no "Risk Management" section.');
  assert.deepEqual(f.diagnostic.data, { section: 'risk-management' });
  // Before the next report section in template order (Detailed Project Progress, now line 22),
  // as a heading like the section before it (`### High-level Summary/Status`).
  assert.equal(text.split('\n')[21], '## Detailed Project Progress and Status');
  assert.deepEqual(f.fixes, [
    {
      title: 'Insert "Risk Management"',
      edits: [{ range: { start: { line: 21, character: 0 }, end: { line: 21, character: 0 } }, newText: '### Risk Management\n\n' }],
      isPreferred: true,
      safe: true,
    },
  ]);
  const { after } = applyAndCheck(a, f, f.fixes[0], analyze, { 'empty-section': 1 });
  assert.deepEqual(after.model.sections.map((s) => [s.templateId, s.selectionRange.start.line + 1]), [
    ['high-level-summary', 7],
    ['risk-management', 22],
    ['detailed-progress', 24],
  ]);
  const empty = only(after.findings(), 'empty-section');
  assert.equal(empty.diagnostic.message, 'The section "Risk Management" is empty: write what happened, or "No activity".');
  assert.deepEqual(summary(after.findings().filter((x) => x !== empty)), summary(reference.findings()));
});

test('variant: a Program Office team without Planned activities (no Recruitment update required there)', () => {
  const text = withoutLines(REFERENCE, 38, ['##### Planned activities:', '']);
  const a = analyze(text);
  assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'missing-section': 1 });
  const f = only(a.findings(), 'missing-section');
  assert.deepEqual(f.diagnostic.range, lineRange(text, 30, '#### DM Project Management and Control'));
  assert.equal(f.diagnostic.message, '"DM Project Management and Control" has no "Planned activities" section.');
  // Appended after the team's last paragraph (now line 40), as a heading like `##### Current accomplishments:`.
  const lastLine = text.split('\n')[39];
  assert.equal(lastLine.startsWith('Go to SLAC'), true);
  const end = { line: 39, character: lastLine.length };
  assert.deepEqual(f.fixes[0].edits, [{ range: { start: end, end }, newText: '\n\n##### Planned activities:' }]);
  const { text: fixed, after } = applyAndCheck(a, f, f.fixes[0], analyze, { 'empty-section': 1 });
  assert.deepEqual(fixed.split('\n').slice(39, 44), [lastLine, '', '##### Planned activities:', '', '#### DM Subsystem Science']);
  const empty = only(after.findings(), 'empty-section');
  assert.deepEqual(empty.diagnostic.range, lineRange(fixed, 42, '##### Planned activities:'));
  assert.deepEqual(after.findings().filter((x) => x !== empty).map((x) => x.diagnostic), reference.findings().map((x) => x.diagnostic));
});

test('variant: a team without Current accomplishments gets it right under the team heading, in its neighbour\'s style', () => {
  // SQuaRE's `Current accomplishments:` paragraph (line 115) removed: the team's first content is what it introduced,
  // so the label goes right under `## DM Science Quality…`, styled like the next subsection, `#### Planned activities:`.
  const text = withoutLines(REFERENCE, 115, ['Current accomplishments:', '']);
  const a = analyze(text);
  const f = only(a.findings(), 'missing-section');
  const heading = '## DM Science Quality and Reliability Engineering (SQuaRE)';
  assert.deepEqual(f.diagnostic.range, lineRange(text, 113, heading));
  assert.equal(text.split('\n')[112], heading);
  assert.deepEqual(f.fixes[0].edits, [
    { range: { start: { line: 112, character: heading.length }, end: { line: 112, character: heading.length } }, newText: '\n\n#### Current accomplishments:' },
  ]);
  const { text: fixed, after } = applyAndCheck(a, f, f.fixes[0]);
  assert.deepEqual(fixed.split('\n').slice(112, 117), [heading, '', '#### Current accomplishments:', '', text.split('\n')[114]]);
  assert.deepEqual(summary(after.findings()), summary(reference.findings()));
  const squares = after.model.sections[2].children.find((s) => s.title === 'DM Science Quality and Reliability Engineering (SQuaRE)')!;
  assert.deepEqual(squares.children.map((c) => c.templateId), ['current-accomplishments', 'planned-activities', 'recruitment-update']);
});

test('variant: NCSA without its `Planned activities:` paragraph: goes before the repeated 02C.07.00, styled like the subsection before', () => {
  // NCSA writes `#### Current accomplishments:` (line 551), `Planned activities:` (line 688), `### Recruitment update:` (line 796).
  const text = withoutLines(REFERENCE, 688, ['Planned activities:', '']);
  const a = analyze(text);
  assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'missing-section': 1 });
  const f = only(a.findings(), 'missing-section');
  assert.deepEqual(f.diagnostic.range, lineRange(text, 549, '## **NCSA / University of Illinois**'));
  // Inserted before `02C.07.00 …` (line 688 once the label is gone), the first WBS element that repeats one of
  // Current accomplishments, in the form of the subsection before it (`#### Current accomplishments:`: a heading
  // with a colon) but at the level of NCSA's subsections (3: `#### Current accomplishments:` and `### Recruitment
  // update:` tie, the shallower counts), not at the level of the odd one out.
  assert.equal(text.split('\n')[687], '02C.07.00 Processing Control and Site Infrastructure Management, Engineering and Integration');
  assert.deepEqual(f.fixes[0].edits, [
    { range: { start: { line: 687, character: 0 }, end: { line: 687, character: 0 } }, newText: '### Planned activities:\n\n' },
  ]);
  const { text: fixed, after } = applyAndCheck(a, f, f.fixes[0]);
  assert.equal(fixed.split('\n')[687], '### Planned activities:');
  // NCSA's heading levels are flagged as in the reference: `#### Current accomplishments:` is still the odd one.
  const ncsaLevels = (x: Analysis) => x.findings().filter((g) => g.diagnostic.code === 'heading-level' && String(g.diagnostic.message).includes('NCSA'));
  assert.deepEqual(ncsaLevels(after).map((g) => g.diagnostic.message), [
    '"Current accomplishments:" is a level-4 heading; the subsections of "NCSA / University of Illinois" are level 3.',
  ]);
  assert.deepEqual(
    summary(after.findings().filter((g) => !ncsaLevels(after).includes(g))),
    summary(reference.findings().filter((g) => !ncsaLevels(reference).includes(g))),
  );
  const ncsa = after.model.sections[2].children.find((s) => s.title === 'NCSA / University of Illinois')!;
  assert.deepEqual(ncsa.children.map((c) => [c.templateId, c.children.length]), [
    ['current-accomplishments', 5],
    ['planned-activities', 5],
    ['recruitment-update', 0],
  ]);
});

test('variant: no period heading', () => {
  const text = withoutLines(REFERENCE, 5, ['## April 2017', '']);
  const a = analyze(text);
  assert.equal(a.model.period, undefined);
  const f = only(a.findings(), 'missing-section');
  assert.deepEqual(f.diagnostic.range, lineRange(text, 3, '# Data Management Monthly Report'));
  assert.equal(f.diagnostic.message, 'The report has no period heading (e.g. "## April 2017").');
  assert.deepEqual(f.fixes, []);
});

// ---- variants: WBS -----------------------------------------------------------

test('variant: unknown WBS codes 02C.03.09 (parent known: information) and 02C.99.01 (warning)', () => {
  for (const [code, severity, message] of [
    ['02C.03.09', DiagnosticSeverity.Information, 'WBS element 02C.03.09 is not in the WBS catalog (its parent 02C.03 is).'],
    ['02C.99.01', DiagnosticSeverity.Warning, 'WBS element 02C.99.01 is not in the WBS catalog, nor is its parent 02C.99.'],
  ] as const) {
    const text = replaceOnce(REFERENCE, 'Recruitment update: N/A', `#### ${code} - Extra Pipelines\n\n- Nothing yet.\n\nRecruitment update: N/A`);
    const a = analyze(text);
    assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'unknown-wbs': 1 }, code);
    const f = only(a.findings(), 'unknown-wbs');
    assert.deepEqual(f.diagnostic.range, { start: { line: 251, character: 5 }, end: { line: 251, character: 14 } });
    assert.equal(text.split('\n')[251].slice(5, 14), code);
    assert.equal(f.diagnostic.severity, severity);
    assert.equal(f.diagnostic.message, message);
    assert.deepEqual(f.fixes, []);
    // The element nests in UW's planned activities after 02C.03.08.
    const planned = a.model.sections[2].children.find((s) => s.title === 'University of Washington')!.children[1];
    assert.deepEqual(planned.children.map((c) => c.wbs!.code).slice(-2), ['02C.03.08', code]);
  }
  // In prose too.
  const prose = analyze(replaceOnce(REFERENCE, 'No new risks were added', 'No new risks were added to 02C.03.09'));
  assert.equal(only(prose.findings(), 'unknown-wbs').diagnostic.severity, DiagnosticSeverity.Information);
});

test('variant: wrong WBS name `#### 02C.03.01 - Single Frame Stuff` and its fixes', () => {
  const text = replaceOnce(
    REFERENCE,
    '#### 02C.03.01 - Single Frame Processing Pipelines',
    '#### 02C.03.01 - Single Frame Stuff',
  );
  const a = analyze(text);
  assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'wbs-name-mismatch': 1 });
  const f = only(a.findings(), 'wbs-name-mismatch');
  const nameRange = { start: { line: 218, character: 17 }, end: { line: 218, character: 35 } };
  assert.equal(text.split('\n')[218].slice(17, 35), 'Single Frame Stuff');
  assert.deepEqual(f.diagnostic, {
    range: nameRange,
    severity: DiagnosticSeverity.Hint,
    code: 'wbs-name-mismatch',
    source: 'dm-report',
    codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#wbs-name-mismatch' },
    message:
      '"Single Frame Stuff" is not a known name of WBS 02C.03.01; known names: Single Frame Processing Pipelines (2017); ' +
      'Single Frame Processing Pipeline (pre-FY18); Single Frame Processing (FY18+).',
    data: { expected: 'Single Frame Processing Pipelines' },
  });
  // The preferred fix: the name of the report's era (April 2017), as the catalog gives it; only that era's names
  // are offered (the FY18+ name would raise an era hint in an April 2017 report).
  assert.deepEqual(f.fixes, [
    { title: 'Rename to "Single Frame Processing Pipelines" (2017)', edits: [{ range: nameRange, newText: 'Single Frame Processing Pipelines' }], isPreferred: false },
    { title: 'Rename to "Single Frame Processing Pipeline" (pre-FY18)', edits: [{ range: nameRange, newText: 'Single Frame Processing Pipeline' }], isPreferred: false },
  ]);
  const { text: fixed } = applyAndCheck(a, f, f.fixes[0]);
  assert.equal(fixed, REFERENCE);
  for (const fix of f.fixes.slice(1)) applyAndCheck(a, f, fix);
});

test('variant: WBS names that differ only in case, punctuation or &/and are not mismatches', () => {
  let text = replaceOnce(REFERENCE, '#### 02C.03.01 - Single Frame Processing Pipelines', '#### 02C.03.01 - single-frame processing pipelines');
  // The catalog spells 02C.08.03 `Long Haul Networks`; the report writes `Long-Haul Networks` (lines 820, 847).
  text = replaceOnce(text, '02C.07.00 Processing Control and Site Infrastructure Management, Engineering and Integration\n\n#### **Planning', '02C.07.00 Processing Control & Site Infrastructure Management, Engineering & Integration\n\n#### **Planning');
  const a = analyze(text);
  assert.deepEqual(counts(a.findings()), counts(reference.findings()));
  // A WBS code in prose is not an element: its words are not a name to check.
  const prose = analyze(replaceOnce(REFERENCE, 'No new risks were added', 'Under 02C.03.01 Single Frame Stuff no new risks were added'));
  assert.deepEqual(counts(prose.findings()), counts(reference.findings()));
});

// ---- variants: tickets and documents -------------------------------------------

test('variant: malformed tickets `dm-1234`, `DM–1234` are errors, `DM 1234` (maybe prose) a warning, each with a fix; `DM 2017` is not flagged', () => {
  for (const written of ['DM 1234', 'dm-1234', 'DM\u20131234']) {
    const sentence = `No new risks were added (see the DM 2017 review, ${written})`;
    const text = replaceOnce(REFERENCE, 'No new risks were added', sentence);
    const a = analyze(text);
    assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'malformed-ticket': 2 }, written);
    const f = a.findings().find((x) => x.diagnostic.code === 'malformed-ticket' && x.diagnostic.range.start.line === 23)!;
    const at = text.split('\n')[23].indexOf(written);
    assert.deepEqual(f.diagnostic.range, { start: { line: 23, character: at }, end: { line: 23, character: at + 7 } });
    assert.equal(f.diagnostic.message, `Malformed ticket "${written}": Jira keys are written DM-1234.`);
    assert.equal(f.diagnostic.severity, written === 'DM 1234' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error);
    // Preferred (applied by an editor's auto-fix) only when it is surely a ticket, not for `DM 1234`, which may be prose.
    assert.equal(f.fixes[0].isPreferred, written !== 'DM 1234', written);
    const { text: fixed, after } = applyAndCheck(a, f, f.fixes[0]);
    assert.equal(fixed, replaceOnce(REFERENCE, 'No new risks were added', 'No new risks were added (see the DM 2017 review, DM-1234)'));
    assert.equal(after.model.tickets.filter((t) => t.id === 'DM-1234').length, 1);
    assert.deepEqual(summary(after.findings()), summary(reference.findings()));
  }
});

test('variant: look-alikes in the text raise nothing and make no ticket', () => {
  const lookAlikes = 'Milestones LDM-503-2 and LDM-503-12a, DM-AP-14, DM-DRP-27, DLP-526; requirement DMS-REQ-0347; LCR-2313; cycles S17b and F17.';
  const text = replaceOnce(REFERENCE, 'No new risks were added', `${lookAlikes} No new risks were added`);
  const a = analyze(text);
  assert.deepEqual(summary(a.findings()), summary(reference.findings()));
  assert.equal(a.model.tickets.length, reference.model.tickets.length);
  assert.equal(a.model.malformedTickets.length, 1);
  assert.deepEqual(a.model.documents.filter((d) => d.range.start.line === 23).map((d) => [d.handle, d.knownSeries]), [
    ['DLP-526', false],
    ['LCR-2313', false],
  ]);
});

test('variant: an unknown series one edit away from a handle is a warning; far from any, nothing', () => {
  const near = analyze(replaceOnce(REFERENCE, 'No new risks were added', 'See DNTN-044. No new risks were added'));
  const f = near.findings().find((x) => x.diagnostic.code === 'unknown-document' && x.diagnostic.range.start.line === 23)!;
  assert.equal(f.diagnostic.severity, DiagnosticSeverity.Warning);
  assert.equal(f.diagnostic.message, 'Unknown document series "DNTN" in DNTN-044; did you mean DMTN-044 (LSST DM Software Release Considerations)?');
  const { after } = applyAndCheck(near, f, f.fixes[0]);
  assert.deepEqual(summary(after.findings()), summary(reference.findings()));
  const far = analyze(replaceOnce(REFERENCE, 'No new risks were added', 'See XYZQ-98765. No new risks were added'));
  assert.deepEqual(summary(far.findings()), summary(reference.findings()));
  // A known series with a number the catalog lacks: information, whatever is close to it.
  const unknownNumber = analyze(replaceOnce(REFERENCE, 'No new risks were added', 'See LDM-9999. No new risks were added'));
  const g = unknownNumber.findings().find((x) => x.diagnostic.code === 'unknown-document' && x.diagnostic.range.start.line === 23)!;
  assert.equal(g.diagnostic.severity, DiagnosticSeverity.Information);
});

// ---- variants: identifier hygiene (e-mail addresses, RFCs, pasted hyphens, invalid numbers, word series) ----

/** The reference with `sentence` put before "No new risks were added" (0-based line 23). */
function withSentence(sentence: string): string {
  return replaceOnce(REFERENCE, 'No new risks were added', `${sentence} No new risks were added`);
}

/** Position of `needle` on 0-based line 23 of `text`, `offset` characters into it. */
function on23(text: string, needle: string, offset = 0): { line: number; character: number } {
  const at = text.split('\n')[23].indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not on line 24`);
  return { line: 23, character: at + offset };
}

const REFERENCE_FIXED = fixAll(engine, reference).text;

test('variant: e-mail addresses and mailto: links raise nothing, make no ticket, link and hover nothing; fix-all leaves them as written', () => {
  const sentence =
    'Write to DM1234@lsst.org, dm1234@example.org, dm-12345@lsst.org or LDM151@lsst.org ' +
    '(<dm1234@lsst.org>, [the list](mailto:DM1234@lsst.org), [DM1234](mailto:DM1234@lsst.org)).';
  const text = withSentence(sentence);
  const a = analyze(text);
  assert.deepEqual(summary(a.findings()), summary(reference.findings()));
  assert.deepEqual(a.findings().filter((f) => f.diagnostic.range.start.line === 23), []);
  assert.deepEqual([a.model.tickets.length, a.model.malformedTickets.length, a.model.documents.length], [
    reference.model.tickets.length,
    reference.model.malformedTickets.length,
    reference.model.documents.length,
  ]);
  assert.deepEqual(getDocumentLinks(engine, a).filter((l) => l.range.start.line === 23), []);
  for (const needle of ['DM1234@', 'dm1234@example', 'dm-12345@', 'LDM151@', '[DM1234]']) {
    assert.equal(getHover(engine, a, on23(text, needle, needle.startsWith('[') ? 2 : 1)), null, needle);
  }
  // Fix-all: exactly the reference's fixes, the addresses untouched.
  assert.equal(fixAll(engine, a).text, replaceOnce(REFERENCE_FIXED, 'No new risks were added', `${sentence} No new risks were added`));
});

test('variant: RFC2119 and RFC8174 (IETF RFCs) are prose, never rewritten; RFC-123 is a ticket', () => {
  const sentence = 'The keywords are those of RFC2119 and RFC8174 (also rfc2119, RFC 2119), as decided in RFC-123.';
  const text = withSentence(sentence);
  const a = analyze(text);
  assert.deepEqual(summary(a.findings()), summary(reference.findings()));
  assert.deepEqual(a.model.tickets.filter((t) => t.range.start.line === 23).map((t) => [t.id, t.range]), [
    ['RFC-123', { start: on23(text, 'RFC-123'), end: on23(text, 'RFC-123', 7) }],
  ]);
  assert.deepEqual(getDocumentLinks(engine, a).filter((l) => l.range.start.line === 23).map((l) => l.target), [`${JIRA}RFC-123`]);
  assert.equal(fixAll(engine, a).text, replaceOnce(REFERENCE_FIXED, 'No new risks were added', `${sentence} No new risks were added`));
});

test('variant: DM‐1234 with a hyphen pasted from a word processor (U+2010, U+2011, U+2012, U+2212) is a malformed ticket with a fix, never applied by fix-all', () => {
  for (const dash of ['\u2010', '\u2011', '\u2012', '\u2212']) {
    const written = `DM${dash}1234`;
    const text = withSentence(`(see ${written})`);
    const a = analyze(text);
    assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'malformed-ticket': 2 }, written);
    const f = a.findings().find((x) => x.diagnostic.code === 'malformed-ticket' && x.diagnostic.range.start.line === 23)!;
    assert.deepEqual(f.diagnostic.range, { start: on23(text, written), end: on23(text, written, 7) });
    assert.equal(f.diagnostic.severity, DiagnosticSeverity.Error);
    assert.equal(f.diagnostic.message, `Malformed ticket "${written}": Jira keys are written DM-1234.`);
    assert.deepEqual(f.fixes, [{ title: 'Change to DM-1234', edits: [{ range: f.diagnostic.range, newText: 'DM-1234' }], isPreferred: true }]);
    const { text: fixed } = applyAndCheck(a, f, f.fixes[0]);
    assert.equal(fixed, withSentence('(see DM-1234)'));
    // Not safe: fix-all leaves the author's character alone.
    assert.equal(fixAll(engine, a).text, replaceOnce(REFERENCE_FIXED, 'No new risks were added', `(see ${written}) No new risks were added`));
  }
});

test('variant: DM-0, DM-00001 and DM-12345678 are warnings without a fix, not tickets: no link, no hover, no definition', () => {
  const text = `${withSentence('Placeholders DM-0, DM-00001 and DM-12345678 and [DM-0000](#) stay.')}\nDM-0000 A template placeholder\n`;
  const a = analyze(text);
  assert.deepEqual(counts(a.findings()), { ...counts(reference.findings()), 'malformed-ticket': 1 + 5, 'placeholder-link': 66 + 1 });
  const lines = text.split('\n');
  const defLine = lines.indexOf('DM-0000 A template placeholder');
  const invalid = a.findings().filter((f) => f.diagnostic.code === 'malformed-ticket' && f.diagnostic.severity === DiagnosticSeverity.Warning);
  /** The range of the ID `id` found as `needle` (unique on the line) on 0-based `line`. */
  const at = (line: number, needle: string, id = needle) => {
    const character = lines[line].indexOf(needle) + needle.indexOf(id);
    return { start: { line, character }, end: { line, character: character + id.length } };
  };
  assert.deepEqual(
    invalid.map((f) => [f.diagnostic.range, f.diagnostic.message, f.fixes, f.diagnostic.data]),
    [
      [at(23, 'DM-0,', 'DM-0'), '"DM-0" is no Jira ticket: Jira numbers issues from 1.', [], undefined],
      [at(23, 'DM-00001'), '"DM-00001" is no Jira ticket: Jira writes issue numbers without leading zeros.', [], undefined],
      [at(23, 'DM-12345678'), '"DM-12345678" is no Jira ticket: its number has 8 digits, and Jira issue numbers here have at most 6 (DM reached about DM-50000 by 2025).', [], undefined],
      [at(23, '[DM-0000]', 'DM-0000'), '"DM-0000" is no Jira ticket: Jira numbers issues from 1.', [], undefined],
      [at(defLine, 'DM-0000'), '"DM-0000" is no Jira ticket: Jira numbers issues from 1.', [], undefined],
    ],
  );
  assert.deepEqual(a.model.invalidTickets.map((t) => [t.id, t.problem]), [
    ['DM-0', 'zero'],
    ['DM-00001', 'leading-zero'],
    ['DM-12345678', 'too-long'],
    ['DM-0000', 'zero'],
    ['DM-0000', 'zero'],
  ]);
  // Not tickets: no mention, no definition, no document link, no hover (so no Jira look-up either).
  assert.equal(a.model.tickets.length, reference.model.tickets.length);
  assert.deepEqual(a.model.ticketDefinitions.filter((d) => d.id === 'DM-0000'), []);
  assert.deepEqual(getDocumentLinks(engine, a).filter((l) => l.range.start.line === 23 || l.range.start.line === defLine), []);
  for (const r of invalid.map((f) => f.diagnostic.range)) assert.equal(getHover(engine, a, { line: r.start.line, character: r.start.character + 1 }), null);
  // The placeholder `[DM-0000](#)` proposes no URL: only "remove the link".
  const placeholder = a.findings().find((f) => f.diagnostic.code === 'placeholder-link' && f.diagnostic.range.start.line === 23)!;
  assert.equal(placeholder.diagnostic.message, 'Placeholder link "DM-0000" points nowhere ("#").');
  assert.deepEqual(placeholder.fixes.map((x) => [x.title, x.safe]), [['Remove the link, keep the text', undefined]]);
});

test('variant: a word series in prose (Report-2, Document-12, document-12) is text: no unknown-document, no link; Report-142 is a handle', () => {
  const text = withSentence('See Report-2, Document-12 and document-12 of the plan, and Report-142.');
  const a = analyze(text);
  assert.deepEqual(summary(a.findings()), summary(reference.findings()));
  assert.deepEqual(a.model.documents.filter((d) => d.range.start.line === 23).map((d) => [d.handle, d.knownSeries]), [['Report-142', true]]);
  assert.deepEqual(getDocumentLinks(engine, a).filter((l) => l.range.start.line === 23).map((l) => [l.target, l.range]), [
    ['https://ls.st/Report-142', { start: on23(text, 'Report-142'), end: on23(text, 'Report-142', 10) }],
  ]);
  // Real series keep reporting unknown numbers and near misses.
  const real = analyze(withSentence('See LDM-9999 and SOR-019.'));
  assert.deepEqual(
    real.findings().filter((f) => f.diagnostic.range.start.line === 23).map((f) => [f.diagnostic.code, f.diagnostic.severity]),
    [
      ['unknown-document', DiagnosticSeverity.Information],
      ['unknown-document', DiagnosticSeverity.Warning],
    ],
  );
});
