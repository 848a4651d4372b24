/**
 * `dm-report check --format sarif` and `--format github` (server/src/cli/formats.ts), in-process
 * on files in memory. The SARIF log is validated against the SARIF 2.1.0 JSON schema
 * (test/support/sarif-2.1.0-rtm.5.json, the schema `@microsoft/jest-sarif` 1.0.0-beta.0 ships —
 * MIT, from microsoft/sarif-js-sdk; no npm package ships the OASIS file `sarif-schema-2.1.0.json`
 * itself — a draft-04 schema, read with `ajv-draft-04`), and its values are compared with the
 * text output and the registry of codes. The GitHub workflow commands are checked line by line,
 * with GitHub's escapes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { CODE_DEFINITIONS } from '../../server/src/model/codes.ts';
import { escapeGithubData, escapeGithubProperty, githubCommand } from '../../server/src/cli/formats.ts';
import { memoryHost, runCli } from '../support/cli.ts';
import { REFERENCE_FILE, REFERENCE_TEXT } from '../support/reference.ts';
import { version } from '../../package.json';

const schema = JSON.parse(readFileSync(new URL('../support/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object;
// unicodeRegExp off: the schema's language pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is not a valid Unicode regular expression.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/\s/.test(s));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const validateSarif = ajv.compile(schema);

/** The reference, a report in a folder with a space, a bad configuration, and standard input. */
function host() {
  return memoryHost({
    [REFERENCE_FILE]: REFERENCE_TEXT,
    'Monthly Reports/2023/March.md': '# Accomplishments this period\n\nSee DM 1234.\n',
    'bad/.dmreport.yaml': 'tickets: [\n',
    'bad/r.md': '# Notes\n',
  });
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
}

test('--format sarif: a SARIF 2.1.0 log valid against the schema, one result per diagnostic, rules from the registry', () => {
  const args = [REFERENCE_FILE, 'Monthly Reports/2023/March.md', 'bad/r.md', '-'];
  const r = runCli(['check', '--format', 'sarif', ...args], { host: host(), stdin: '# Notes\n\nDM10221\n' });
  assert.equal(r.code, 2); // the configuration is unusable
  assert.equal(r.err, '');
  const log = JSON.parse(r.out) as { version: string; $schema: string; runs: { tool: { driver: { name: string; version: string; rules: Record<string, unknown>[] } }; originalUriBaseIds: object; columnKind: string; results: SarifResult[] }[] };
  assert.equal(validateSarif(log), true, JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2));
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const [run] = log.runs;
  assert.equal(log.runs.length, 1);
  assert.equal(run.tool.driver.name, 'dm-report');
  assert.equal(run.tool.driver.version, version);
  assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///ws/' } });
  assert.equal(run.columnKind, 'utf16CodeUnits');

  // Every code of the registry is a rule, in the registry's order.
  assert.deepEqual(run.tool.driver.rules.map((rule) => rule.id), CODE_DEFINITIONS.map((d) => d.code));
  const malformed = CODE_DEFINITIONS.findIndex((d) => d.code === 'malformed-ticket');
  assert.deepEqual(run.tool.driver.rules[malformed], {
    id: 'malformed-ticket',
    name: 'malformed-ticket',
    shortDescription: { text: CODE_DEFINITIONS[malformed].description.replace(/`/g, ''), markdown: CODE_DEFINITIONS[malformed].description },
    helpUri: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#malformed-ticket',
    defaultConfiguration: { level: 'error' },
  });
  assert.deepEqual(
    run.tool.driver.rules.map((rule) => (rule.defaultConfiguration as { level: string }).level),
    CODE_DEFINITIONS.map((d) => ['', 'error', 'warning', 'note', 'note'][d.severity]),
  );

  // One result per diagnostic, in the order of the JSON output, with its rule, level and 1-based region.
  const json = JSON.parse(runCli(['check', '--format', 'json', ...args], { host: host(), stdin: '# Notes\n\nDM10221\n' }).out) as { file: string; diagnostics: { code: string; severity: number; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] }[];
  const expected = json.flatMap((entry) => entry.diagnostics.map((d) => ({ entry, d })));
  assert.equal(run.results.length, expected.length);
  run.results.forEach((result, i) => {
    const { d } = expected[i];
    assert.equal(result.ruleId, d.code);
    assert.equal(CODE_DEFINITIONS[result.ruleIndex].code, d.code);
    assert.equal(result.level, ['', 'error', 'warning', 'note', 'note'][d.severity]);
    assert.equal(result.message.text, d.message);
    assert.deepEqual(result.locations[0].physicalLocation.region, {
      startLine: d.range.start.line + 1,
      startColumn: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
    });
  });
  const dm10221 = run.results.find((x) => x.ruleId === 'malformed-ticket' && x.locations[0].physicalLocation.artifactLocation.uri === REFERENCE_FILE);
  assert.deepEqual(dm10221, {
    ruleId: 'malformed-ticket',
    ruleIndex: malformed,
    level: 'error',
    message: { text: 'Malformed ticket "DM10221": Jira keys are written DM-10221.' },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: 'samples/dm-monthly-report-2017-04.md', uriBaseId: '%SRCROOT%' },
          region: { startLine: 297, startColumn: 278, endLine: 297, endColumn: 285 },
        },
      },
    ],
  });
  // Artifacts relative to the current directory, percent-encoded; standard input as <stdin>.
  assert.deepEqual(
    [...new Set(run.results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri))],
    ['samples/dm-monthly-report-2017-04.md', 'Monthly%20Reports/2023/March.md', 'bad/.dmreport.yaml', 'bad/r.md', '%3Cstdin%3E'],
  );
});

test('--format sarif with no problem: a valid log with the rules and no result; a file outside the current directory is a file: URI', () => {
  const h = memoryHost({ '/elsewhere/r.md': '# Notes\n' });
  const r = runCli(['check', '--format', 'sarif', '/elsewhere/r.md'], { host: h });
  const log = JSON.parse(r.out) as { runs: { results: SarifResult[] }[] };
  assert.equal(validateSarif(log), true);
  assert.deepEqual(
    [...new Set(log.runs[0].results.map((x) => JSON.stringify(x.locations[0].physicalLocation.artifactLocation)))],
    ['{"uri":"file:///elsewhere/r.md"}'],
  );
  const clean = memoryHost({ 'empty.md': '' });
  const none = JSON.parse(runCli(['check', '--format', 'sarif', 'empty.md'], { host: clean }).out) as { runs: { results: SarifResult[]; tool: { driver: { rules: unknown[] } } }[] };
  assert.equal(validateSarif(none), true);
  assert.equal(none.runs[0].tool.driver.rules.length, CODE_DEFINITIONS.length);
});

test('--format github: one workflow command per diagnostic, error/warning/notice, 1-based positions, the code as title', () => {
  const r = runCli(['check', '--format', 'github', REFERENCE_FILE], { host: host() });
  assert.equal(r.code, 1);
  const lines = r.out.split('\n');
  assert.equal(lines.pop(), '');
  const text = runCli(['check', REFERENCE_FILE], { host: host() }).out.trimEnd().split('\n').slice(0, -1);
  assert.equal(lines.length, text.length);
  assert.ok(
    lines.includes(
      '::error file=samples/dm-monthly-report-2017-04.md,line=297,col=278,endLine=297,endColumn=285,title=dm-report malformed-ticket::Malformed ticket "DM10221": Jira keys are written DM-10221.',
    ),
  );
  const kinds = (ls: string[], re: RegExp) => ls.map((l) => re.exec(l)![1]);
  assert.deepEqual(
    kinds(lines, /^::(\w+) /),
    kinds(text, / (error|warning|info|hint) /).map((s) => ({ error: 'error', warning: 'warning', info: 'notice', hint: 'notice' })[s]),
  );
  // Every line is a workflow command; nothing else (no summary) is printed.
  assert.ok(lines.every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=dm-report [a-z-]+::./.test(l)));
});

test('GitHub escapes: % CR LF in the message; and : , in properties', () => {
  assert.equal(escapeGithubData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
  assert.equal(escapeGithubProperty('a:b,c%d\ne'), 'a%3Ab%2Cc%25d%0Ae');
  assert.equal(
    githubCommand('dir, with: odd%name.md', { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 4 } }, severity: 3, code: 'unknown-document', message: 'Two\nlines: 50%' }),
    '::notice file=dir%2C with%3A odd%25name.md,line=1,col=1,endLine=2,endColumn=5,title=dm-report unknown-document::Two%0Alines: 50%25\n',
  );
});
