/**
 * Structure CommonMark hides, and the fixes around it (issue "Trust"): unclosed
 * code fences, comments and HTML blocks (`unclosed-block`), malformed headings
 * (`malformed-heading`), a repeated subsection whose relabel comes before any
 * insertion, bare CR line breaks, and the check every fix goes through
 * (rules/fixes.ts: nothing written inside a code or HTML block). Each variant is
 * the reference report (or a small report) with one change; the diagnostics are
 * compared exactly, the fixes applied and the results checked. Lines in comments
 * are 1-based; ranges are 0-based LSP ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ReportEngine, type Analysis } from '../../server/src/engine/engine.ts';
import { fixAll, type FixAllResult } from '../../server/src/features/fixAll.ts';
import { missingSectionEdits } from '../../server/src/features/insertMissingSections.ts';
import { checkFixes } from '../../server/src/rules/fixes.ts';
import { finding, type Finding } from '../../server/src/rules/registry.ts';
import { memoryHost, runCli } from '../support/cli.ts';
import { REFERENCE_TEXT as REFERENCE, checkDiagnostics, referenceDiagnostics, referenceFixed } from '../support/reference.ts';

const engine = new ReportEngine();
let n = 0;
function analyze(text: string): Analysis {
  return engine.analyze(`file:///tmp/blocks-${n++}/2017-04.md`, text, 1);
}

/** Fix-all of `text`; checks that its edits give its text and, when complete, that fixing again changes nothing. */
function fix(text: string): FixAllResult {
  const before = analyze(text);
  const result = fixAll(engine, before);
  assert.equal(TextDocument.applyEdits(before.document, result.edits), result.text, 'the composed edits give the fixed text');
  const again = fixAll(engine, analyze(result.text));
  assert.equal(again.changed, false, 'fixing the result again changes nothing');
  return result;
}

/** `text` with the one occurrence of `from` replaced by `to`. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `"${from}" not found`);
  assert.equal(text.indexOf(from, at + 1), -1, `"${from}" occurs more than once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** `line:code: message` of each diagnostic (0-based line). */
function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line}:${d.code}: ${d.message}`);
}

/** The reference's diagnostics as `brief` gives them, with `by` lines added from 0-based line `from` on. */
function referenceShifted(from: number, by: number): string[] {
  return brief(referenceDiagnostics().map((d) => (d.range.start.line >= from ? { ...d, range: { start: { line: d.range.start.line + by, character: 0 }, end: d.range.end } } : d)));
}

/** A small clean report of the 2017 template (no diagnostics). */
const SMALL = [
  '# Data Management Monthly Report',
  '',
  '## April 2017',
  '',
  '### High-level Summary',
  '',
  '- Things happened.',
  '',
  '# Risk Management',
  '',
  'No new risks.',
  '',
  '## Detailed Project Progress and Status',
  '',
  '### SLAC',
  '',
  '#### Current accomplishments:',
  '',
  '- Work on DM-1234.',
  '',
  '#### Planned activities:',
  '',
  '- More work.',
  '',
  '#### Recruitment update:',
  '',
  '- None.',
  '',
].join('\n');

// ---- unclosed-block ----------------------------------------------------------------------------

test('unclosed-block: a ~~~ fence left open before "# Risk Management" is one error on its line, nothing is reported missing, and fix-all closes it in one run', () => {
  const text = replaceOnce(REFERENCE, '\n# Risk Management', '\n~~~\n\n# Risk Management');
  const a = analyze(text);
  // Everything after line 22 is code: the diagnostics of the lines before it, and the fence (before: two missing-section).
  assert.deepEqual(brief(checkDiagnostics(text)), [
    '21:unclosed-block: This code fence (~~~) is never closed: it hides 115 headings and 9 section labels to the end of the file, from line 24 ("Risk Management").',
  ]);
  const f = a.findings()[0];
  assert.deepEqual(f.diagnostic.range, { start: { line: 21, character: 0 }, end: { line: 21, character: 3 } });
  assert.deepEqual(f.diagnostic.data, { hidden: 124, closeBefore: 23 });
  // The closing fence goes after the fence's last line of text, before the blank line that leads to the heading.
  assert.deepEqual(f.fixes, [
    {
      title: 'Close the code fence before line 24 ("Risk Management")',
      edits: [{ range: { start: { line: 22, character: 0 }, end: { line: 22, character: 0 } }, newText: '~~~\n' }],
      isPreferred: true,
      safe: true,
    },
  ]);
  // Fix-all: the fence closed (an empty code block), then every fix of the reference — exactly the fixed reference with
  // the two fence lines. Before: ten "### Risk Management" inserted inside the fence, "stopped after 10 rounds".
  const result = fix(text);
  assert.equal(result.text, replaceOnce(referenceFixed().text, '\n# Risk Management', '\n~~~\n~~~\n\n# Risk Management'));
  assert.deepEqual([result.rounds, result.complete, result.reason, result.ineffective], [2, true, undefined, []]);
  assert.deepEqual(result.applied.filter((x) => x.code === 'unclosed-block' || x.code === 'missing-section'), [
    { code: 'unclosed-block', title: 'Close the code fence before line 24 ("Risk Management")', round: 1 },
  ]);
});

test('unclosed-block: a stray ``` before "# Risk Management" pairs with the reference\'s own fence; reported on the stray, not safe; check --fix inserts no heading and finishes', () => {
  // The reference's code block is lines 138–143; the stray fence (line 22) is closed by its opening fence (now 140),
  // and its closing fence (now 145) runs to the end of the file.
  const text = replaceOnce(REFERENCE, '\n# Risk Management', '\n```\n\n# Risk Management');
  const a = analyze(text);
  assert.deepEqual(brief(checkDiagnostics(text)), [
    '21:unclosed-block: This code fence (```) is closed only on line 140, by a fence that opens another code block: the fences pair up wrongly from here, the one on line 145 runs to the end of the file, and 115 headings and 9 section labels are hidden, from line 24 ("Risk Management").',
  ]);
  const f = a.findings()[0];
  // Which fence is the stray is a guess: offered, not safe.
  assert.deepEqual(f.fixes, [
    {
      title: 'Close the code fence before line 24 ("Risk Management")',
      edits: [{ range: { start: { line: 22, character: 0 }, end: { line: 22, character: 0 } }, newText: '```\n' }],
      isPreferred: true,
      safe: false,
    },
  ]);
  // The quick fix gives the reference back, three lines lower from line 22 on: every fence paired again.
  assert.deepEqual(brief(checkDiagnostics(TextDocument.applyEdits(a.document, f.fixes[0].edits))), referenceShifted(21, 3));
  // check --fix: the fixes of the visible text only; no heading inserted, no "stopped after 10 rounds"; a second run changes nothing.
  const host = memoryHost({ '2017-04.md': text });
  const r = runCli(['check', '--fix', '2017-04.md'], { host });
  assert.equal(r.err, '');
  assert.equal(host.get('/ws/2017-04.md'), text);
  assert.equal(runCli(['check', '--fix', '2017-04.md'], { host }).err, '');
});

test('unclosed-block: each HTML block that runs to an end marker, and a longer fence, reported with its closer; the quick fix gives a clean report; blocks that end otherwise are not reported', () => {
  const message = (what: string) => `8:unclosed-block: This ${what} is never closed: it hides 6 headings to the end of the file, from line 11 ("Risk Management").`;
  const cases: [string, string, string, boolean][] = [
    ['<!-- to do', 'HTML comment (<!--)', '-->', false],
    ['<pre>', 'HTML block (<pre>)', '</pre>', false],
    ['<script>', 'HTML block (<script>)', '</script>', false],
    ['<style>', 'HTML block (<style>)', '</style>', false],
    ['<textarea>', 'HTML block (<textarea>)', '</textarea>', false],
    ['<?php', 'HTML block (<?)', '?>', false],
    ['<!DOCTYPE html', 'HTML block (<!…)', '>', false],
    ['<![CDATA[', 'CDATA section (<![CDATA[)', ']]>', false],
    ['````text', 'code fence (````)', '````', true],
  ];
  for (const [opening, what, closer, safe] of cases) {
    const text = replaceOnce(SMALL, '# Risk Management', `${opening}\n\n# Risk Management`);
    assert.deepEqual(brief(checkDiagnostics(text)), [message(what)], opening);
    const [f] = analyze(text).findings();
    assert.deepEqual(
      f.fixes.map((x) => [x.edits, x.safe]),
      [[[{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, newText: `${closer}\n` }], safe]],
      opening,
    );
    assert.deepEqual(checkDiagnostics(TextDocument.applyEdits(analyze(text).document, f.fixes[0].edits)), [], opening);
  }
  // Not reported: a fence left open at the end that holds only a shell script (its `# comment` names nothing of the
  // report); a fence left open in a list item (the item ends at the heading); a closed fence; an HTML block that
  // ends at a blank line; a closed comment that comments out a section (the author's choice).
  const quiet = [
    `${SMALL}\n\`\`\`sh\n# install the stack\nmake\n`,
    replaceOnce(SMALL, '# Risk Management', '- note\n\n  ```\n  code\n\n# Risk Management'),
    replaceOnce(SMALL, '# Risk Management', '```\n## Planned activities:\n```\n\n# Risk Management'),
    replaceOnce(SMALL, '# Risk Management', '<div>\n\n# Risk Management'),
    replaceOnce(SMALL, '- None.', '- None.\n\n<!--\n### NCSA\n\n#### Current accomplishments:\n-->'),
  ];
  for (const text of quiet) assert.deepEqual(checkDiagnostics(text), [], text);
});

test('unclosed-block: an HTML declaration closed only by a later autolink\'s ">" hides the sections up to it; nothing reported missing or empty, nothing inserted', () => {
  // `<!DOCTYPE x` ends at the first `>`: the one of `<http://ls.st/bgt>` (now line 83).
  const text = replaceOnce(REFERENCE, '\n# Risk Management', '\n<!DOCTYPE x\n\n# Risk Management');
  const structure = brief(checkDiagnostics(text)).filter((d) => !/placeholder-link|unknown-document|malformed-ticket|heading-level/.test(d));
  // Before: two missing-section and four empty-section, and fix-all looped inserting "### Risk Management".
  assert.deepEqual(structure, ['21:unclosed-block: This HTML block (<!…) is closed only on line 83 (by ">" there): it hides 11 headings, from line 24 ("Risk Management").']);
  const result = fix(text);
  assert.equal(result.complete, true);
  assert.equal(result.text.split('\n').filter((l) => /^#+ Risk Management$/.test(l)).length, 1);
  assert.deepEqual(new Set(result.applied.map((x) => x.code)), new Set(['placeholder-link', 'malformed-ticket']));
});

test('no fix writes inside an unclosed comment: a missing section that would go at its end gets no fix, and fix-all converges', () => {
  // AURA (the last team) without its Recruitment update, and a comment left open after it that hides a heading.
  const at = REFERENCE.indexOf('### Recruitment update:\n\n- The Chile IT');
  assert.ok(at > 0);
  const text = `${REFERENCE.slice(0, at)}Notes below.\n\n<!-- draft\n## Notes\n\nTBD\n`;
  const a = analyze(text);
  const missing = a.findings().filter((f) => f.diagnostic.code === 'missing-section');
  assert.deepEqual(
    missing.map((f) => [f.diagnostic.message, f.fixes]),
    [['"AURA" has no "Recruitment update" section.', []]],
  );
  assert.deepEqual(missingSectionEdits(a), []);
  const comment = a.findings().find((f) => f.diagnostic.code === 'unclosed-block')!;
  assert.equal(comment.diagnostic.message, 'This HTML comment (<!--) is never closed: it hides 1 heading to the end of the file, from line 866 ("Notes").');
  assert.equal(comment.fixes[0].safe, false);
  // Fix-all fixes the rest; the text from the comment on is as written (before: "### Recruitment update:" appended inside it, ten rounds).
  const result = fix(text);
  assert.equal(result.complete, true);
  assert.equal(result.text.slice(result.text.indexOf('Notes below.')), 'Notes below.\n\n<!-- draft\n## Notes\n\nTBD\n');
  assert.equal(result.applied.some((x) => x.code === 'missing-section'), false);
});

test('checkFixes: a fix inside a code block, joining its first or last line, after an unclosed opening or before the front matter is dropped; edits of front matter values and around blocks are kept; line breaks follow the document', () => {
  const text = '---\nperiod: 2017-04\n---\n# Report\n\n```\ncode\n```\n\ntext\n\n<!--\nopen\n';
  const a = analyze(text);
  const at = (line: number, character: number, newText: string, endLine = line, endCharacter = character) => ({
    range: { start: { line, character }, end: { line: endLine, character: endCharacter } },
    newText,
  });
  const cases: [string, ReturnType<typeof at>, boolean][] = [
    ['inside the fence', at(6, 0, 'x\n'), false],
    ['at the end of the closing fence, no line break', at(7, 3, 'x'), false],
    ['at the end of the closing fence, on a line of its own', at(7, 3, '\n\nx'), true],
    ['before the opening fence, on a line of its own', at(5, 0, 'x\n\n'), true],
    ['joining the opening fence', at(5, 0, 'x'), false],
    ['deleting the whole block', at(5, 0, '', 8, 0), true],
    ['deleting into the block', at(4, 0, '', 6, 2), false],
    ['before the front matter', at(0, 0, '# x\n\n'), false],
    ['a front matter value', at(1, 8, '2017-05', 1, 15), true],
    ['after the unclosed comment opens', at(12, 4, '\n\n## x'), false],
    ['before the unclosed comment', at(10, 0, '## x\n\n'), true],
  ];
  const findings: Finding[] = cases.map(([title, edit]) => finding('missing-section', at(3, 0, '').range, title, [{ title, edits: [edit], safe: true }]));
  const kept = checkFixes(findings, a).map((f) => f.fixes.length === 1);
  assert.deepEqual(
    cases.map(([title]) => title).filter((_, i) => kept[i]),
    cases.filter(([, , keep]) => keep).map(([title]) => title),
  );
  // The fix of unclosed-block writes inside its block: it closes it.
  const close = finding('unclosed-block', at(11, 0, '').range, 'open', [{ title: 'close', edits: [at(12, 0, '-->\n')] }]);
  assert.equal(checkFixes([close], a)[0].fixes.length, 1);
  // CRLF and CR documents get their own line breaks in what fixes write; moved CRLF text stays as it is.
  for (const eol of ['\r\n', '\r']) {
    const b = analyze(`# Report${eol}${eol}text${eol}`);
    const f = finding('missing-section', at(0, 0, '').range, 'x', [{ title: 'x', edits: [at(2, 0, '## A\n\nb\r\n')] }]);
    assert.equal(checkFixes([f], b)[0].fixes[0].edits[0].newText, `## A${eol}${eol}b\r\n`);
  }
});

// ---- a repeated subsection ---------------------------------------------------------------------

test('relabel before insert: "Current accomplishments" twice in DM Subsystem Science, no Planned activities: fix-all inserts nothing there, and the relabel stays offered on both diagnostics', () => {
  // Line 58, `#### Planned activities:` of DM Subsystem Science, written as a second Current accomplishments.
  const text = replaceOnce(REFERENCE, '#### Planned activities:\n\n- Continue PDAC', '#### Current accomplishments:\n\n- Continue PDAC');
  // The label's words on line 58, after `#### ` (after `##### ` once fix-all has normalised the team's heading levels).
  const relabel = (at: number) => ({ range: { start: { line: 57, character: at }, end: { line: 57, character: at + 23 } }, newText: 'Planned activities' });
  const offers = (a: Analysis) =>
    a
      .findings()
      .filter((f) => f.diagnostic.code === 'missing-section' || f.diagnostic.code === 'duplicate-section')
      .map((f) => [f.diagnostic.message, f.fixes.map((x) => [x.title, x.edits, x.safe ?? false])]);
  const expected = (marker: string) => [
    [
      '"DM Subsystem Science" has no "Planned activities" section (the second "Current accomplishments" on line 58 may be it).',
      [
        ['Change "Current accomplishments" on line 58 to "Planned activities"', [relabel(marker.length + 1)], false],
        // At the end of the team (line 63), in the style of the subsection before it, at the level of the team's
        // subsections (5), not at the wrong level of that subsection (`#### Current accomplishments:`).
        ['Insert "Planned activities" in "DM Subsystem Science"', [{ range: { start: { line: 62, character: 51 }, end: { line: 62, character: 51 } }, newText: '\n\n##### Planned activities:' }], false],
      ],
    ],
    ['"DM Subsystem Science" has a second "Current accomplishments" section (the first is on line 46).', [['Change to "Planned activities"', [relabel(marker.length + 1)], false]]],
  ];
  assert.deepEqual(offers(analyze(text)), expected('####'));
  // Before: fix-all inserted "##### Planned activities:" at the end of the team, and the relabel was gone.
  const result = fix(text);
  assert.equal(result.applied.some((x) => x.code === 'missing-section'), false);
  assert.deepEqual(offers(result.analysis), expected('#####'));
  // The relabel, applied by hand, gives the reference.
  assert.equal(TextDocument.applyEdits(analyze(text).document, [relabel(5)]), REFERENCE);
});

// ---- malformed-heading -------------------------------------------------------------------------

test('malformed-heading: "####" and a no-break space, or "###High-level Summary/Status": one warning, no section missing, a safe fix that gives the reference back', () => {
  const cases: [string, string, number, string, { start: number; end: number }][] = [
    ['#### Planned activities:\n\n- Continue PDAC', '####\u00a0Planned activities:\n\n- Continue PDAC', 57, 'This line looks like a heading but is not one: "####" is followed by a no-break space (U+00A0), not a space.', { start: 4, end: 5 }],
    ['### High-level Summary/Status', '###High-level Summary/Status', 6, 'This line looks like a heading but is not one: no space after "###".', { start: 3, end: 3 }],
  ];
  for (const [from, to, line, message, space] of cases) {
    const text = replaceOnce(REFERENCE, from, to);
    // The reference's diagnostics and this one, in order (before: missing-section for the label it carries).
    assert.deepEqual(brief(checkDiagnostics(text)).sort(), [...brief(referenceDiagnostics()), `${line}:malformed-heading: ${message}`].sort());
    const f = analyze(text).findings().find((x) => x.diagnostic.code === 'malformed-heading')!;
    const marker = to.split(/[\u00a0H]/)[0];
    assert.deepEqual(f.fixes, [
      {
        title: `Write a space after "${marker}"`,
        edits: [{ range: { start: { line, character: space.start }, end: { line, character: space.end } }, newText: ' ' }],
        isPreferred: true,
        safe: true,
      },
    ]);
    assert.equal(TextDocument.applyEdits(analyze(text).document, f.fixes[0].edits), REFERENCE);
    // Fix-all repairs it, then normalises the team's heading levels with it: the fixed reference, exactly.
    assert.equal(fix(text).text, referenceFixed().text);
  }
});

test('malformed-heading: inside a paragraph, with another Unicode space; never #hashtag, #1 priority, #123, seven #, nor in a list item', () => {
  // `####Planned activities:` right under a line of text: CommonMark would start a heading there once it has its space.
  const mid = replaceOnce(SMALL, '- Work on DM-1234.\n\n#### Planned activities:', 'Worked on DM-1234.\n####Planned activities:');
  assert.deepEqual(brief(checkDiagnostics(mid)), ['19:malformed-heading: This line looks like a heading but is not one: no space after "####".']);
  const [f] = analyze(mid).findings();
  assert.deepEqual(checkDiagnostics(TextDocument.applyEdits(analyze(mid).document, f.fixes[0].edits)), []);
  const em = replaceOnce(SMALL, '#### Planned activities:', '####\u2003Planned activities:');
  assert.deepEqual(brief(checkDiagnostics(em)), ['20:malformed-heading: This line looks like a heading but is not one: "####" is followed by a Unicode space (U+2003), not a space.']);
  // Prose that starts with `#`: nothing (and the report stays clean).
  const prose = replaceOnce(
    SMALL,
    '- More work.',
    '- More work.\n\n#hashtag of the month\n\n#1 priority: the review.\n\n#123 was closed.\n\nSee\n#2 below.\n\n#######Planned activities:\n\n- ##Planned activities:',
  );
  assert.deepEqual(checkDiagnostics(prose), []);
});

// ---- line breaks -------------------------------------------------------------------------------

test('CR and CRLF line breaks: the reference gives the same diagnostics at the same lines as with LF', () => {
  const lf = checkDiagnostics(REFERENCE, 'dm-monthly-report-2017-04.md');
  assert.deepEqual(lf, referenceDiagnostics());
  // The reference itself hides nothing: no unclosed block, no malformed heading; one closed code block (lines 138–143).
  const model = analyze(REFERENCE).model;
  assert.deepEqual([model.unclosedBlock, model.malformedHeadings, model.literalBlocks.map((b) => [b.kind, b.range.start.line, b.range.end.line, b.open])], [
    undefined,
    [],
    [['code', 137, 142, false]],
  ]);
  // Before: with bare CR every position was on line 1, and an empty-section appeared.
  assert.deepEqual(checkDiagnostics(REFERENCE.replace(/\n/g, '\r'), 'dm-monthly-report-2017-04.md'), lf);
  assert.deepEqual(checkDiagnostics(REFERENCE.replace(/\n/g, '\r\n'), 'dm-monthly-report-2017-04.md'), lf);
});

test('CR and CRLF line breaks: check --fix gives the LF result in the file\'s own line breaks, inserted sections included', () => {
  // The reference, and the reference without its "# Risk Management" heading (fix-all inserts one).
  const without = replaceOnce(REFERENCE, '# Risk Management\n\n', '');
  for (const text of [REFERENCE, without]) {
    const run = (eol: string) => {
      const host = memoryHost({ '2017-04.md': text.replace(/\n/g, eol) });
      const r = runCli(['check', '--fix', '--format', 'json', '2017-04.md'], { host });
      return { text: host.get('/ws/2017-04.md')!, out: JSON.parse(r.out) as { diagnostics: Diagnostic[]; fixed: number }[] };
    };
    const lf = run('\n');
    for (const eol of ['\r', '\r\n']) {
      const other = run(eol);
      assert.equal(other.text, lf.text.replace(/\n/g, eol));
      assert.deepEqual(other.out, lf.out);
    }
  }
  assert.equal(fix(without).text.includes('# Risk Management'), true);
});
