/**
 * The registry of diagnostic codes (server/src/model/codes.ts) and what is
 * generated from it: docs/rules.md and the README's rules table are what
 * scripts/rules-docs.ts would write; every code the server uses is defined;
 * every definition is complete and links to its section of docs/rules.md;
 * what the rules report on the reference report agrees with the definitions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import {
  CODE_DEFINITIONS,
  RULES_DOC_URL,
  codeDefinition,
  codesReportedOn,
  diagnostic,
  isDiagnosticCode,
  type SeverityOf,
} from '../../server/src/model/codes.ts';
import { finding, RULE_CODES } from '../../server/src/rules/registry.ts';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import { generatedFiles, main, ROOT, renderRulesTable, updateReadme } from '../../scripts/rules-docs.ts';

const RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

test('docs/rules.md and the README rules table are what scripts/rules-docs.ts generates', () => {
  for (const f of generatedFiles()) {
    assert.ok(f.current !== undefined, `${f.path} is missing: run npm run docs:rules`);
    assert.equal(f.current, f.expected, `${f.path} is stale: run npm run docs:rules`);
  }
});

test('the README keeps its prose around the generated table', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What it checks'), readme.indexOf('\n## ', readme.indexOf('## What it checks') + 1));
  assert.ok(section.includes(`<!-- rules:start -->\n${renderRulesTable()}\n<!-- rules:end -->`), 'the table sits between the markers in ## What it checks');
  assert.ok(section.includes('Look-alikes are not identifiers'), 'the prose after the table is kept');
  // One row per code, its code linked to its section of docs/rules.md.
  for (const d of CODE_DEFINITIONS) assert.ok(section.includes(`| [\`${d.code}\`](docs/rules.md#${d.code}) |`), d.code);
  assert.throws(() => updateReadme('no markers'), /rules:start/);
});

test('docs/rules.md: one `## <code>` section per code, in the order of the definitions', () => {
  const doc = readFileSync(join(ROOT, 'docs/rules.md'), 'utf8');
  const headings = doc.split('\n').filter((l) => l.startsWith('## '));
  assert.deepEqual(headings, CODE_DEFINITIONS.map((d) => `## ${d.code}`));
  // GitHub's anchor of a heading: lower case, punctuation but `-` dropped, spaces to `-`; for a code, the code itself.
  const anchor = (heading: string) => heading.slice(3).trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
  assert.deepEqual(headings.map(anchor), CODE_DEFINITIONS.map((d) => d.code));
});

test("the documentation URL is package.json's repository + /blob/main/docs/rules.md", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository: { type: string; url: string } };
  assert.equal(pkg.repository.type, 'git');
  assert.equal(RULES_DOC_URL, `${pkg.repository.url}/blob/main/docs/rules.md`);
  assert.equal(RULES_DOC_URL, 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md');
});

test('every definition is complete: code, severities, one-line description, documentation, fixes, href ending in #code', () => {
  const codes = CODE_DEFINITIONS.map((d) => d.code);
  assert.equal(new Set(codes).size, codes.length, 'codes are unique');
  for (const d of CODE_DEFINITIONS) {
    assert.match(d.code, /^[a-z]+(-[a-z]+)*$/, 'a code is its own GitHub anchor');
    assert.ok([1, 2, 3, 4].includes(d.severity), d.code);
    assert.deepEqual(d.severities, [d.severity, ...d.otherSeverities.map((o) => o.severity)], d.code);
    assert.equal(new Set(d.severities).size, d.severities.length, `${d.code}: severities given once`);
    for (const o of d.otherSeverities) assert.ok(o.when.trim(), `${d.code}: when`);
    assert.ok(d.reportedOn.length > 0, d.code);
    assert.ok(d.description.trim() && !d.description.includes('\n') && !d.description.endsWith('.'), `${d.code}: description is one line, no final full stop`);
    assert.ok(d.documentation.trim().length > d.description.length / 2, `${d.code}: documentation`);
    assert.ok(d.fixes.summary.trim() && !d.fixes.summary.includes('\n'), `${d.code}: fixes summary`);
    assert.ok(d.fixes.available || !d.fixes.safe, `${d.code}: a safe fix is a fix`);
    if (!d.fixes.available) assert.equal(d.fixes.summary, '—', d.code);
    assert.ok(d.href.endsWith(`#${d.code}`), d.code);
    assert.equal(d.href, `${RULES_DOC_URL}#${d.code}`);
  }
  // The rules' codes are those reported on reports; the others come from the configuration and exports.
  assert.deepEqual(RULE_CODES, codesReportedOn('report'));
  assert.deepEqual(
    CODE_DEFINITIONS.filter((d) => !(d.reportedOn as readonly string[]).includes('report')).map((d) => d.code),
    ['invalid-config', 'invalid-ticket-export'],
  );
});

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('every code used in server/src is defined, and every definition is used', () => {
  const used = new Map<string, string[]>();
  const patterns = [/\b(?:finding|diagnostic)\(\s*'([^']+)'/g, /\bcode: '([^']+)'/g, /_CODE = '([^']+)'/g];
  const definitions = join(ROOT, 'server/src/model/codes.ts');
  for (const file of sources(join(ROOT, 'server/src'))) {
    if (file === definitions) continue;
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) used.set(m[1], [...(used.get(m[1]) ?? []), relative(ROOT, file)]);
    }
  }
  for (const [code, files] of used) assert.ok(isDiagnosticCode(code), `"${code}" (${files.join(', ')}) is not in the registry`);
  assert.deepEqual([...used.keys()].sort(), CODE_DEFINITIONS.map((d) => d.code).sort());
});

test('diagnostic and finding: source, the default severity, codeDescription; a severity the definition lacks throws', () => {
  assert.deepEqual(diagnostic('invalid-config', RANGE, 'Bad.'), {
    range: RANGE,
    severity: DiagnosticSeverity.Error,
    code: 'invalid-config',
    source: 'dm-report',
    message: 'Bad.',
    codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#invalid-config' },
  });
  assert.deepEqual(finding('unknown-wbs', RANGE, 'New leaf.', [], { x: 1 }, DiagnosticSeverity.Information), {
    diagnostic: {
      range: RANGE,
      severity: DiagnosticSeverity.Information,
      code: 'unknown-wbs',
      source: 'dm-report',
      message: 'New leaf.',
      codeDescription: { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#unknown-wbs' },
      data: { x: 1 },
    },
    fixes: [],
  });
  assert.equal(finding('unknown-wbs', RANGE, 'm').diagnostic.severity, DiagnosticSeverity.Warning);
  assert.equal('data' in finding('unknown-wbs', RANGE, 'm').diagnostic, false);
  // TypeScript refuses these; past it, they throw.
  assert.throws(() => finding('placeholder-link', RANGE, 'm', [], undefined, DiagnosticSeverity.Error as SeverityOf<'placeholder-link'>), /severity 1/);
  assert.throws(() => diagnostic('nope' as 'invalid-config', RANGE, 'm'), /unknown diagnostic code "nope"/);
});

test('the rules on the reference report agree with the definitions: severities, fixes, safe fixes', () => {
  const text = readFileSync(join(ROOT, 'samples/dm-monthly-report-2017-04.md'), 'utf8');
  const findings = new ReportEngine().analyze('file:///registry-reference.md', text, 1).findings();
  assert.ok(findings.length > 0);
  for (const f of findings) {
    const d = codeDefinition(f.diagnostic.code);
    assert.ok((d.severities as readonly number[]).includes(f.diagnostic.severity), `${d.code}: severity ${f.diagnostic.severity}`);
    assert.deepEqual(f.diagnostic.codeDescription, { href: d.href });
    if (f.fixes.length) assert.ok(d.fixes.available, `${d.code} has fixes`);
    if (f.fixes.some((x) => x.safe)) assert.ok(d.fixes.safe, `${d.code} has a safe fix`);
  }
});

test('scripts/rules-docs.ts --check exits 0 on the repository and rejects unknown arguments', () => {
  assert.equal(main(['--check']), 0);
  assert.equal(main(['--bogus']), 2);
});
