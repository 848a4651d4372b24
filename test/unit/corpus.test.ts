/**
 * The corpus (test/corpus/, described in its README.md): reports of every era
 * and shape, written for the tests, each checked as `dm-report check` checks
 * it (in-process, `main` of server/src/cli.ts on a MemoryHost holding the one
 * file at its corpus path under `/ws`, no `.dmreport.yaml`):
 *
 * - its diagnostics (1-based line, code, severity, message), what `--fix`
 *   said and the lines it changed, against the snapshot
 *   `test/snapshots/corpus/<path>.json`: a change of behaviour on any real
 *   shape shows as a diff to review;
 * - `check --fix` converges in one run: a second run changes nothing;
 * - `check --fix` keeps every author line (every non-blank line of the input
 *   is in the output, in order, changed only as a safe fix may change it: its
 *   heading markers, a `(#)` or `()` link target filled, a ticket typo the
 *   corpus README lists given its hyphen) and every fenced code block and
 *   HTML comment whole (nothing written into it);
 * - `check --fix` keeps the file's line breaks (LF, CRLF or CR) and byte
 *   order mark, and leaves no kind of problem it did not find (but the
 *   empty-section of each section it inserted: the author writes there);
 * - the line-break variants of line-breaks/2017-02.md are its bytes with other
 *   line breaks or a byte order mark, and give its diagnostics.
 *
 * A check that fails today on a corpus file is marked `todo` in `TODO` below
 * (node:test runs it and reports it, but it does not fail the run): each is a
 * false alarm or a harm of fix-all that issue 10 fixes. Remove the entry when
 * its test passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { memoryHost, ROOT, runCli } from '../support/cli.ts';
import { codeCounts } from '../support/reference.ts';
import { lineDiff, matchSnapshot } from '../support/snapshot.ts';

/** The corpus folder (absolute). */
const CORPUS = join(ROOT, 'test/corpus');

/** The corpus README: describes the files; not a report. */
const README = 'README.md';

/**
 * Ticket typos written on purpose (the corpus README lists them): the only tokens whose missing
 * hyphen `check --fix` may add (`DM10903` → `DM-10903`). Any other change of a word is a harm.
 */
const TICKET_TYPOS: Readonly<Record<string, readonly string[]>> = {
  '2017/2017-06.md': ['DM10903'],
};

/** The LF source of the line-break variants, and how each variant's bytes derive from it. */
const LINE_BREAK_SOURCE = 'line-breaks/2017-02.md';
const LINE_BREAK_VARIANTS: Readonly<Record<string, (lf: string) => string>> = {
  'line-breaks/2017-02-crlf.md': (lf) => lf.replace(/\n/g, '\r\n'),
  'line-breaks/2017-02-cr.md': (lf) => lf.replace(/\n/g, '\r'),
  'line-breaks/2017-02-bom.md': (lf) => `\uFEFF${lf}`,
  'line-breaks/2017-02-bom-crlf.md': (lf) => `\uFEFF${lf.replace(/\n/g, '\r\n')}`,
};

/** The checks of each corpus file (test names say what they check). */
type Check = 'converges' | 'keeps author lines' | 'keeps line breaks' | 'no new problem' | 'same diagnostics as LF';

/** The checks that fail today, by corpus file: why (a false alarm or a harm fixed by issue 10). */
const TODO: Readonly<Record<string, Partial<Record<Check, string>>>> = {
};

/** The corpus files (paths relative to test/corpus, `/`-separated, sorted): every `.md` but the README. */
function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(CORPUS, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md') && rel !== README) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** A corpus file's text as stored (a byte order mark stays as U+FEFF; line breaks as they are). */
function corpusText(rel: string): string {
  return readFileSync(join(CORPUS, rel), 'utf8');
}

/** One diagnostic as the snapshot holds it: 1-based line, code, severity name, message. */
interface CorpusDiagnostic {
  line: number;
  code: string;
  severity: string;
  message: string;
}

const SEVERITIES = ['', 'error', 'warning', 'information', 'hint'];

function brief(d: Diagnostic): CorpusDiagnostic {
  return { line: d.range.start.line + 1, code: String(d.code), severity: SEVERITIES[d.severity ?? 1], message: typeof d.message === 'string' ? d.message : d.message.value };
}

/** What the CLI does with one corpus file. */
interface Outcome {
  /** `check --format json`: the diagnostics. */
  diagnostics: Diagnostic[];
  /** The first `check --fix --format json`: the text it left, what it said, the diagnostics left. */
  fixed: { text: string; err: string; diagnostics: Diagnostic[] };
  /** A second `check --fix` on that text: the text it left and what it said. */
  again: { text: string; err: string };
}

const outcomes = new Map<string, Outcome>();

/** `dm-report check --format json FILE` on `text` saved as `/ws/<rel>`: the file's diagnostics. */
function check(rel: string, text: string): Diagnostic[] {
  const r = runCli(['check', '--format', 'json', rel], { host: memoryHost({ [rel]: text }) });
  assert.notEqual(r.code, 2, `dm-report check ${rel}: ${r.err}`);
  const [entry] = JSON.parse(r.out) as { diagnostics: Diagnostic[] }[];
  return entry.diagnostics;
}

/** The outcome of a corpus file (computed once). */
function outcome(rel: string): Outcome {
  let o = outcomes.get(rel);
  if (!o) {
    const host = memoryHost({ [rel]: corpusText(rel) });
    const path = posix.join('/ws', rel);
    const first = runCli(['check', '--fix', '--format', 'json', rel], { host });
    assert.notEqual(first.code, 2, `dm-report check --fix ${rel}: ${first.err}`);
    const fixedText = host.get(path)!;
    const second = runCli(['check', '--fix', '--format', 'json', rel], { host });
    assert.notEqual(second.code, 2, `dm-report check --fix ${rel} (second run): ${second.err}`);
    const [entry] = JSON.parse(first.out) as { diagnostics: Diagnostic[] }[];
    o = {
      diagnostics: check(rel, corpusText(rel)),
      fixed: { text: fixedText, err: first.err, diagnostics: entry.diagnostics },
      again: { text: host.get(path)!, err: second.err },
    };
    outcomes.set(rel, o);
  }
  return o;
}

/** A text's lines, whatever its line breaks (LF, CRLF, CR), without a byte order mark. */
function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What an author line may become under the safe fixes, as a regular expression of the whole line:
 * the same text, but for the `#` run of an ATX heading (heading-level), the space after the `#` run of a
 * malformed heading (`##Title`, `##` and a no-break space: malformed-heading writes a space), a `(#)`
 * or `()` link target (placeholder-link fills it), and the listed ticket typos (malformed-ticket adds
 * their hyphen).
 */
function fixedLinePattern(line: string, typos: readonly string[]): RegExp {
  const malformed = /^( {0,3})#{1,6}[\u00a0\u2000-\u200a\u202f\u205f\u3000]?(?=[^#\s])/.exec(line);
  const heading = /^( {0,3})#{1,6}(?=[ \t]|$)/.exec(line) ?? malformed;
  const rest = heading ? line.slice(heading[0].length) : line;
  const tokens = [String.raw`\]\(#?\)`, ...typos.map((t) => `\\b${escapeRegExp(t)}\\b`)];
  const any = new RegExp(tokens.join('|'), 'g');
  let pattern = '';
  let at = 0;
  for (const m of rest.matchAll(any)) {
    pattern += escapeRegExp(rest.slice(at, m.index));
    if (m[0].startsWith(']')) pattern += String.raw`\]\([^\s()]+\)`;
    else pattern += m[0].replace(/^([A-Za-z]+)(\d+)$/, '$1-?$2');
    at = m.index + m[0].length;
  }
  pattern += escapeRegExp(rest.slice(at));
  return new RegExp(`^${heading ? `${heading[1]}#{1,6}${heading === malformed ? '[ \\t]?' : ''}` : ''}${pattern}$`);
}

/**
 * The first author line of `input` (non-blank) that `output` lacks, in order, as `N: text`
 * (1-based line of the input); undefined when every one is kept.
 */
function firstLostLine(input: string, output: string, typos: readonly string[]): string | undefined {
  const out = linesOf(output);
  let j = 0;
  const lines = linesOf(input);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const pattern = fixedLinePattern(lines[i], typos);
    while (j < out.length && !pattern.test(out[j])) j++;
    if (j === out.length) return `${i + 1}: ${lines[i]}`;
    j++;
  }
  return undefined;
}

/**
 * The blocks of a text that are the author's verbatim (CommonMark): fenced code (``` or ~~~ after up to
 * 3 spaces, to the closing fence) and HTML comments (a line starting with `<!--`, to the line holding
 * `-->`); an unclosed one runs to the end of the text (`closed: false`). Each with its 1-based first
 * line and its lines.
 */
function verbatimBlocks(text: string): { line: number; lines: string[]; closed: boolean }[] {
  const lines = linesOf(text);
  const blocks: { line: number; lines: string[]; closed: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    let end: number;
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]);
    if (fence && !(fence[1][0] === '`' && lines[i].slice(fence[0].length).includes('`'))) {
      const close = new RegExp(`^ {0,3}${fence[1][0] === '`' ? '`' : '~'}{${fence[1].length},}[ \\t]*$`);
      end = i + 1;
      while (end < lines.length && !close.test(lines[end])) end++;
    } else if (/^ {0,3}<!--/.test(lines[i])) {
      end = i;
      while (end < lines.length && !lines[end].includes('-->', end === i ? lines[i].indexOf('<!--') + 4 : 0)) end++;
    } else continue;
    blocks.push({ line: i + 1, lines: lines.slice(i, end + 1), closed: end < lines.length });
    i = end;
  }
  return blocks;
}

/** How many line breaks of each kind a text has. */
function lineBreaks(text: string): { crlf: number; cr: number; lf: number } {
  return {
    crlf: (text.match(/\r\n/g) ?? []).length,
    cr: (text.match(/\r(?!\n)/g) ?? []).length,
    lf: (text.match(/(?<!\r)\n/g) ?? []).length,
  };
}

/** The snapshot name of a corpus file: `corpus/<path without .md, other characters as ->`. */
function snapshotName(rel: string): string {
  return `corpus/${rel.replace(/\.md$/, '').replace(/[^\w.-]+/g, '-')}`;
}

/** The options of a check's test: `todo` with its reason when it is listed in TODO. */
function options(rel: string, check: Check): { todo?: string } {
  const reason = TODO[rel]?.[check];
  return reason ? { todo: reason } : {};
}

const FILES = corpusFiles();

test('the corpus: every report is described in test/corpus/README.md, every file it describes exists, the README is no report', () => {
  const readme = readFileSync(join(CORPUS, README), 'utf8');
  const described = [...readme.matchAll(/^\| `([^`]+\.md)` \|/gm)].map((m) => m[1]).sort();
  assert.deepEqual(described, FILES);
  assert.ok(!FILES.includes(README));
  // Every file this test names is in the corpus.
  const named = [...Object.keys(TICKET_TYPOS), ...Object.keys(TODO), LINE_BREAK_SOURCE, ...Object.keys(LINE_BREAK_VARIANTS)];
  assert.deepEqual(named.filter((rel) => !FILES.includes(rel)), []);
  // Every deliberate ticket typo is in its file, and the README says so.
  for (const [rel, typos] of Object.entries(TICKET_TYPOS)) {
    for (const typo of typos) {
      assert.ok(corpusText(rel).includes(typo), `${rel} does not contain ${typo}`);
      assert.ok(readme.includes(`\`${typo}\``), `test/corpus/README.md does not name the typo ${typo}`);
    }
  }
});

for (const rel of FILES) {
  const typos = TICKET_TYPOS[rel] ?? [];

  test(`${rel}: diagnostics, what check --fix says and the lines it changes, as the snapshot`, () => {
    const o = outcome(rel);
    // What --fix changed, as a diff of lines: `@@ line N @@` (1-based line of the input: the first one changed, or the one
    // the added lines go before), `-` a line removed or rewritten, `+` a line added or its new text.
    const changes = lineDiff(linesOf(corpusText(rel)).join('\n'), linesOf(o.fixed.text).join('\n'), 0, 200);
    matchSnapshot(snapshotName(rel), {
      file: rel,
      diagnostics: o.diagnostics.map(brief),
      fix: o.fixed.err.split('\n').filter((l) => l !== ''),
      fixChanges: changes === '' ? [] : changes.split('\n').map((l) => l.replace(/^@@ snapshot line (\d+) @@$/, '@@ line $1 @@')),
    });
  });

  test(`${rel}: check --fix converges in one run (a second run changes nothing)`, options(rel, 'converges'), () => {
    const o = outcome(rel);
    assert.doesNotMatch(o.fixed.err, /stopped after/);
    assert.doesNotMatch(o.again.err, /: fixed \d+ problem/);
    assert.ok(o.again.text === o.fixed.text, `the second run changed the text:\n${o.again.err}`);
  });

  test(`${rel}: check --fix keeps every author line, in order, and every fenced code block and HTML comment whole`, options(rel, 'keeps author lines'), () => {
    const input = corpusText(rel);
    const { text } = outcome(rel).fixed;
    assert.equal(firstLostLine(input, text, typos), undefined, 'a line of the author was lost or rewritten');
    // Each code block or comment of the input is one of the output, line for line: nothing was written into
    // it (an unclosed one runs to the end of the file: an insertion after it lands inside it). An unclosed
    // one may come out closed (the unclosed-block fix): then its lines are the input's first lines, in order,
    // and only the closing line is new.
    const output = verbatimBlocks(text);
    const blocks = new Set(output.map((b) => b.lines.join('\n')));
    for (const block of verbatimBlocks(input)) {
      if (blocks.has(block.lines.join('\n'))) continue;
      const closedNow = !block.closed && output.some((b) => {
        const body = b.lines.slice(0, -1);
        return b.closed && body.length >= 1 && body.every((l, k) => l === block.lines[k]);
      });
      assert.ok(closedNow, `the fenced code block or HTML comment of line ${block.line} was changed`);
    }
  });

  test(`${rel}: check --fix keeps its line breaks and byte order mark`, options(rel, 'keeps line breaks'), () => {
    const input = corpusText(rel);
    const { text } = outcome(rel).fixed;
    assert.equal(text.startsWith('\uFEFF'), input.startsWith('\uFEFF'), 'byte order mark');
    const before = lineBreaks(input);
    const after = lineBreaks(text);
    for (const kind of ['crlf', 'cr', 'lf'] as const) {
      if (before[kind] === 0) assert.equal(after[kind], 0, `check --fix wrote ${after[kind]} ${kind} line breaks into a file that had none`);
    }
  });

  test(`${rel}: check --fix leaves no kind of problem it did not find`, options(rel, 'no new problem'), () => {
    const o = outcome(rel);
    const before = codeCounts(o.diagnostics);
    const after = codeCounts(o.fixed.diagnostics);
    // A section fix-all inserts is a label for the author to write under: empty by construction.
    const inserted = Number(/(\d+) missing-section/.exec(o.fixed.err)?.[1] ?? 0);
    const allowed = (code: string) => (before[code] ?? 0) + (code === 'empty-section' ? inserted : 0);
    const grown = Object.entries(after).filter(([code, n]) => n > allowed(code));
    assert.deepEqual(grown, [], `more problems after the fix than before (before: ${JSON.stringify(before)}, ${inserted} sections inserted)`);
  });
}

for (const [rel, derive] of Object.entries(LINE_BREAK_VARIANTS)) {
  test(`${rel}: its bytes are ${LINE_BREAK_SOURCE}'s with other line breaks or a byte order mark (git keeps them: test/corpus/.gitattributes)`, () => {
    const source = corpusText(LINE_BREAK_SOURCE);
    assert.doesNotMatch(source, /\r|^\uFEFF/);
    assert.ok(corpusText(rel) === derive(source), `${rel} is not derived from ${LINE_BREAK_SOURCE}: rewrite it from the source`);
  });

  test(`${rel}: the same diagnostics as ${LINE_BREAK_SOURCE} (ranges, codes, messages, severities)`, options(rel, 'same diagnostics as LF'), () => {
    const pick = (d: Diagnostic) => ({ range: d.range, code: d.code, message: d.message, severity: d.severity });
    assert.deepEqual(outcome(rel).diagnostics.map(pick), outcome(LINE_BREAK_SOURCE).diagnostics.map(pick));
  });
}
