/**
 * The injection grammar syntaxes/dm-report.injection.tmLanguage.json, run by
 * the TextMate engine VS Code itself uses (vscode-textmate + vscode-oniguruma)
 * over VS Code's own Markdown grammar (the copy in the tm-grammars package),
 * injected the way package.json's `injectTo: ["text.html.markdown"]` does.
 * Lines come from the reference report; the look-alikes it lacks (milestones,
 * requirement IDs) are written in the same style and marked as such.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const requireFromHere = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

const INJECTION_SCOPE = 'text.dmreport.injection';
const INJECTION_PATH = path.join(root, 'syntaxes/dm-report.injection.tmLanguage.json');
const TICKET = 'constant.other.reference.ticket.dm-report';
const DOCUMENT = 'constant.other.reference.document.dm-report';
const WBS = 'constant.numeric.wbs.dm-report';
const OURS = [TICKET, DOCUMENT, WBS];

/** Host grammars by scope name; any other embedded language (fenced code) is left unloaded, as in a bare editor. */
const GRAMMAR_FILES: Record<string, string> = {
  'text.html.markdown': requireFromHere.resolve('tm-grammars/grammars/markdown.json'),
  'text.html.derivative': requireFromHere.resolve('tm-grammars/grammars/html-derivative.json'),
  'text.html.basic': requireFromHere.resolve('tm-grammars/grammars/html.json'),
  [INJECTION_SCOPE]: INJECTION_PATH,
};

interface Token {
  text: string;
  scopes: string[];
}

interface Line {
  text: string;
  tokens: Token[];
}

let markdown: vsctm.IGrammar;
const report = readFileSync(path.join(root, 'samples/dm-monthly-report-2017-04.md'), 'utf8');
let reportLines: Line[];

before(async () => {
  const wasm = readFileSync(requireFromHere.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = GRAMMAR_FILES[scopeName];
      return file ? vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName: string) => (scopeName === 'text.html.markdown' ? [INJECTION_SCOPE] : undefined),
  });
  const grammar = await registry.loadGrammar('text.html.markdown');
  assert.ok(grammar, 'the Markdown grammar loads');
  markdown = grammar;
  reportLines = tokenize(report);
});

/** Tokenizes a whole document line by line, carrying the rule stack as an editor does. */
function tokenize(text: string): Line[] {
  let stack = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = markdown.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return {
      text: line,
      tokens: result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })),
    };
  });
}

/** The lines of `lines` that contain `fragment`: exactly `count` of them (reports repeat lines between Current and Planned). */
function linesWith(lines: Line[], fragment: string, count: number): Line[] {
  const found = lines.filter((l) => l.text.includes(fragment));
  assert.equal(found.length, count, `${count} line(s) contain ${JSON.stringify(fragment)}`);
  return found;
}

/** The one line of `lines` that contains `fragment`. */
function lineWith(lines: Line[], fragment: string): Line {
  return linesWith(lines, fragment, 1)[0];
}

/**
 * The scopes of the single token whose text is exactly `tokenText`, on the
 * `count` lines containing `fragment` (the same on each of them).
 */
function scopesOf(lines: Line[], fragment: string, tokenText: string, count = 1): string[] {
  const perLine = linesWith(lines, fragment, count).map((line) => {
    const tokens = line.tokens.filter((t) => t.text === tokenText);
    assert.equal(tokens.length, 1, `one token ${JSON.stringify(tokenText)} on the line with ${JSON.stringify(fragment)}`);
    return tokens[0].scopes;
  });
  for (const scopes of perLine) assert.deepEqual(scopes, perLine[0]);
  return perLine[0];
}

/** Every token of `line` that carries one of our scopes, as [text, our scope]. */
function ourTokens(line: Line): [string, string][] {
  return line.tokens.flatMap((t): [string, string][] => {
    const ours = t.scopes.filter((s) => OURS.includes(s));
    return ours.map((s): [string, string] => [t.text, s]);
  });
}

/** The scopes of the token that covers the first occurrence of `needle` on `line`. */
function scopesAt(line: Line, needle: string): string[] {
  const at = line.text.indexOf(needle);
  assert.ok(at >= 0, `${JSON.stringify(needle)} is on the line`);
  let offset = 0;
  for (const token of line.tokens) {
    if (at >= offset && at + needle.length <= offset + token.text.length) return token.scopes;
    offset += token.text.length;
  }
  assert.fail(`${JSON.stringify(needle)} spans more than one token`);
}

test('a ticket in running text gets the ticket scope', () => {
  assert.deepEqual(scopesOf(reportLines, 'image cutouts misalignment (DM-10441)', 'DM-10441'), [
    'text.html.markdown',
    'meta.paragraph.markdown',
    TICKET,
  ]);
});

test('a ticket in link text gets the ticket scope inside the link', () => {
  assert.deepEqual(scopesOf(reportLines, 'during the Fall 2017 cycle was produced', 'DM-10104'), [
    'text.html.markdown',
    'meta.paragraph.markdown',
    'meta.link.inline.markdown',
    'string.other.link.title.markdown',
    TICKET,
  ]);
});

test('a bracketed ticket with no link, [DM-8665], is a ticket, not an unreachable reference link', () => {
  const line = lineWith(reportLines, 'name extraction. [DM-8665]');
  assert.deepEqual(scopesOf(reportLines, 'name extraction. [DM-8665]', 'DM-8665'), [
    'text.html.markdown',
    'markup.list.unnumbered.markdown',
    'meta.paragraph.markdown',
    TICKET,
  ]);
  assert.deepEqual(scopesAt(line, '['), ['text.html.markdown', 'markup.list.unnumbered.markdown', 'meta.paragraph.markdown']);
});

test('a line that starts with a ticket stays a Markdown paragraph', () => {
  for (const line of linesWith(reportLines, 'DM-9656 Replanning, Commissioning, Operations Planning (S17b)', 2)) {
    assert.deepEqual(line.tokens.map((t) => [t.text, t.scopes]), [
      ['DM-9656', ['text.html.markdown', 'meta.paragraph.markdown', TICKET]],
      [' Replanning, Commissioning, Operations Planning (S17b)', ['text.html.markdown', 'meta.paragraph.markdown']],
    ]);
  }
});

test('document handles get the document scope', () => {
  assert.deepEqual(scopesOf(reportLines, 'Deliver all outstanding sections of [LDM-151]', 'LDM-151'), [
    'text.html.markdown',
    'markup.list.unnumbered.markdown',
    'meta.paragraph.markdown',
    'meta.link.inline.markdown',
    'string.other.link.title.markdown',
    DOCUMENT,
  ]);
  assert.deepEqual(scopesOf(reportLines, 'Continued revision process for LSE-72.', 'LSE-72'), [
    'text.html.markdown',
    'markup.list.unnumbered.markdown',
    'meta.paragraph.markdown',
    DOCUMENT,
  ]);
  const edinburgh = lineWith(reportLines, '[Collection-5517](#) and [Document-25798](#)');
  assert.deepEqual(ourTokens(edinburgh), [
    ['Collection-5517', DOCUMENT],
    ['Document-25798', DOCUMENT],
  ]);
  assert.deepEqual(ourTokens(lineWith(reportLines, '- [DMTN-044](#), a technical note')), [['DMTN-044', DOCUMENT]]);
});

test('WBS codes get the WBS scope in headings and in paragraphs', () => {
  assert.deepEqual(scopesOf(reportLines, '#### 02C.03.06 - Moving Object Pipelines', '02C.03.06', 2), [
    'text.html.markdown',
    'markup.heading.markdown',
    'heading.4.markdown',
    'entity.name.section.markdown',
    WBS,
  ]);
  const paragraph = reportLines.find((l) => l.text === '02C.03.01 - Single Frame Processing Pipelines');
  assert.ok(paragraph);
  assert.deepEqual(paragraph.tokens.map((t) => [t.text, t.scopes]), [
    ['02C.03.01', ['text.html.markdown', 'meta.paragraph.markdown', WBS]],
    [' - Single Frame Processing Pipelines', ['text.html.markdown', 'meta.paragraph.markdown']],
  ]);
});

test('four-level WBS codes and the bare 02C.08 of the AURA intro are WBS codes', () => {
  assert.deepEqual(ourTokens(lineWith(reportLines, 'activities in WBS 02C.08 International')), [['02C.08', WBS]]);
  const fourLevel = reportLines.filter((l) => l.text === '### 02C.08.03.02 International Chile - US WAN');
  assert.equal(fourLevel.length, 2);
  for (const line of fourLevel) assert.deepEqual(ourTokens(line), [['02C.08.03.02', WBS]]);
});

test('every ticket, document handle and WBS code in the reference report is scoped, and nothing else is', () => {
  const expected = (re: RegExp) => report.match(re) ?? [];
  const tickets = expected(/(?<![\w@-])(?:DM|RFC|PREOPS|SITCOM|LVV)-[1-9]\d{0,5}(?![\w@]|-\w)/g);
  const documents = expected(
    /(?<![\w@-])(?:(?:LDM|LSE|LPM|DMTN|SQR|DMTR|RTN|SITCOMTN|ITTN|PSTN|TSTN|SMTN|CTN)-\d+|(?:Document|Collection)-\d{4,})(?![\w@]|-\w)/g,
  );
  const wbs = expected(/(?<![\w.])(?:1\.)?02C(?:\.\d{2}){1,4}(?![\w]|\.\d)/g);
  const scoped = reportLines.flatMap(ourTokens);
  const of = (scope: string) => scoped.filter(([, s]) => s === scope).map(([t]) => t);
  assert.equal(tickets.length, 142);
  assert.equal(documents.length, 18);
  assert.equal(wbs.length, 79);
  assert.deepEqual(of(TICKET), tickets);
  assert.deepEqual(of(DOCUMENT), documents);
  assert.deepEqual(of(WBS), wbs);
  assert.equal(scoped.length, 142 + 18 + 79);
});

test('look-alikes in the reference report are not scoped: S17b, F17, the typo DM10221, the bad handle SOR-019', () => {
  for (const s17b of linesWith(reportLines, 'DM-9663 Emergent Middleware Work (S17b)', 2)) {
    assert.deepEqual(ourTokens(s17b), [['DM-9663', TICKET]]);
    assert.deepEqual(scopesAt(s17b, 'S17b'), ['text.html.markdown', 'meta.paragraph.markdown']);
  }
  const f17 = lineWith(reportLines, 'Mueller to work with team to complete F17 cycle planning.');
  assert.deepEqual(ourTokens(f17), []);
  const typo = lineWith(reportLines, '[DM10221](#)');
  assert.deepEqual(
    ourTokens(typo).map(([t]) => t),
    ['DM-9990', 'DM-10109', 'DM-10233'],
  );
  assert.deepEqual(scopesAt(typo, 'DM10221'), [
    'text.html.markdown',
    'markup.list.unnumbered.markdown',
    'markup.list.unnumbered.markdown',
    'meta.paragraph.markdown',
    'meta.link.inline.markdown',
    'string.other.link.title.markdown',
  ]);
  assert.deepEqual(ourTokens(lineWith(reportLines, 'see [SOR-019](#)')), []);
});

test('milestones, requirement IDs and change requests are not tickets or documents', () => {
  // Not in the April 2017 report: written in its style, with the look-alikes named in GUIDE.md.
  const lines = tokenize(
    [
      '- Completed milestone LDM-503-2 and started LDM-503-12a, tracked in DM-10441 under LDM-503.',
      '- Closed DM-AP-14 and DM-DRP-27 (DLP-526); verified DMS-REQ-0347 for LCR-2313 in S17b.',
      '- Full WBS form 1.02C.03.01 and short form 02C.03.01; not a code: 02C.03.01.5 or 102C.03.',
    ].join('\n'),
  );
  assert.deepEqual(ourTokens(lines[0]), [
    ['DM-10441', TICKET],
    ['LDM-503', DOCUMENT],
  ]);
  assert.deepEqual(scopesAt(lines[0], 'LDM-503-2'), [
    'text.html.markdown',
    'markup.list.unnumbered.markdown',
    'meta.paragraph.markdown',
  ]);
  assert.deepEqual(ourTokens(lines[1]), []);
  for (const lookalike of ['DM-AP-14', 'DM-DRP-27', 'DMS-REQ-0347', 'S17b']) {
    assert.deepEqual(scopesAt(lines[1], lookalike), [
      'text.html.markdown',
      'markup.list.unnumbered.markdown',
      'meta.paragraph.markdown',
    ]);
  }
  assert.deepEqual(ourTokens(lines[2]), [
    ['1.02C.03.01', WBS],
    ['02C.03.01', WBS],
  ]);
});

test('e-mail addresses, ticket numbers no Jira issue has and DocuShare words in prose are not scoped', () => {
  const lines = tokenize(
    [
      'Write to DM-1234@lsst.org or ops@DM-12.example.org about DM-10441.',
      'Not tickets: DM-0, DM-00001, DM-1234567; a ticket: DM-123456.',
      'Handles: Document-25798, Collection-5517; prose: see Document-12 and Collection-3.',
    ].join('\n'),
  );
  assert.deepEqual(ourTokens(lines[0]), [['DM-10441', TICKET]]);
  assert.deepEqual(ourTokens(lines[1]), [['DM-123456', TICKET]]);
  assert.deepEqual(ourTokens(lines[2]), [
    ['Document-25798', DOCUMENT],
    ['Collection-5517', DOCUMENT],
  ]);
});

test('nothing is scoped inside code: inline code, fenced blocks, indented blocks', () => {
  const lines = tokenize(
    [
      'Fixed in `DM-10441` per `LDM-151`, WBS `02C.03.01`; outside code DM-10441.',
      '',
      '```',
      'DM-10441 LDM-151 02C.03.01',
      '```',
      '',
      '```python',
      'ticket = "DM-10441"  # LDM-151 02C.03.01',
      '```',
      '',
      '    DM-10441 LDM-151 02C.03.01',
    ].join('\n'),
  );
  assert.deepEqual(ourTokens(lines[0]), [['DM-10441', TICKET]]);
  assert.deepEqual(scopesAt(lines[0], 'DM-10441'), [
    'text.html.markdown',
    'meta.paragraph.markdown',
    'markup.inline.raw.string.markdown',
  ]);
  assert.deepEqual(ourTokens(lines[3]), []);
  assert.ok(lines[3].tokens.every((t) => t.scopes.includes('markup.fenced_code.block.markdown')));
  assert.deepEqual(ourTokens(lines[7]), []);
  assert.deepEqual(ourTokens(lines[10]), []);
  assert.deepEqual(scopesAt(lines[10], 'DM-10441'), ['text.html.markdown', 'markup.raw.block.markdown']);
});

test('package.json injects this grammar into Markdown', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes?: { grammars?: { scopeName: string; path: string; injectTo?: string[] }[] };
  };
  const grammar = JSON.parse(readFileSync(INJECTION_PATH, 'utf8')) as { scopeName: string };
  assert.equal(grammar.scopeName, INJECTION_SCOPE);
  assert.deepEqual(pkg.contributes?.grammars, [
    {
      scopeName: INJECTION_SCOPE,
      path: './syntaxes/dm-report.injection.tmLanguage.json',
      injectTo: ['text.html.markdown'],
    },
  ]);
});
