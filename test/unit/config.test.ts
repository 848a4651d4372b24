/**
 * `.dmreport.yaml`: parsing, schema validation (one diagnostic, defaults kept),
 * lookup by walking up, and the effective settings of the engines built from it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorObject } from 'ajv';
import { findConfigFile, parseConfig } from '../../server/src/catalog/config';
import { describeSchemaError } from '../../server/src/catalog/schemaErrors';
import { Workspace } from '../../server/src/engine/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/catalog/settings';
import { MemoryHost } from '../../server/src/host/memory';
import { getCompletions } from '../../server/src/features/completion';

const CONTRACT = `# .dmreport.yaml at the workspace root
tickets:
  keys: [DM, RFC, PREOPS, SITCOM]
  urlTemplate: https://rubinobs.atlassian.net/browse/{id}
  exportFile: tickets.json
  jira:
    baseUrl: https://rubinobs.atlassian.net
    timeoutMs: 1500
documents:
  extra: [{handle: LSE-299, title: Summit Computer Room Requirements, url: https://ls.st/LSE-299}]
wbs:
  extra: [{code: 02C.03.09, name: Example Element, lead: University of Washington}]
`;

test('the contract example of issue 4 is valid and read whole', () => {
  const loaded = parseConfig(CONTRACT, '/ws/.dmreport.yaml');
  assert.deepEqual(loaded.problems, []);
  assert.equal(loaded.dir, '/ws');
  assert.deepEqual(loaded.config, {
    tickets: {
      keys: ['DM', 'RFC', 'PREOPS', 'SITCOM'],
      urlTemplate: 'https://rubinobs.atlassian.net/browse/{id}',
      exportFile: 'tickets.json',
      jira: { baseUrl: 'https://rubinobs.atlassian.net', timeoutMs: 1500 },
    },
    documents: { extra: [{ handle: 'LSE-299', title: 'Summit Computer Room Requirements', url: 'https://ls.st/LSE-299' }] },
    wbs: { extra: [{ code: '02C.03.09', name: 'Example Element', lead: 'University of Washington' }] },
  });
});

test('an empty file or one with only comments is the empty configuration', () => {
  assert.deepEqual(parseConfig('', '/ws/.dmreport.yaml').config, {});
  assert.deepEqual(parseConfig('# nothing yet\n', '/ws/.dmreport.yaml').problems, []);
});

test('a schema violation: one error diagnostic on the offending value, the others counted, defaults kept', () => {
  const text = 'tickets:\n  keys: [dm]\n  jira:\n    timeoutMs: fast\n';
  const loaded = parseConfig(text, '/ws/.dmreport.yaml');
  assert.deepEqual(loaded.config, {});
  assert.equal(loaded.problems.length, 1);
  const [d] = loaded.problems;
  assert.equal(d.code, 'invalid-config');
  assert.equal(d.severity, 1);
  assert.equal(d.source, 'dm-report');
  assert.deepEqual(d.codeDescription, { href: 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md#invalid-config' });
  assert.deepEqual(d.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 11 } });
  assert.equal(
    d.message,
    'Invalid .dmreport.yaml: tickets.keys[0]: "dm" does not have the expected form (^[A-Z][A-Z0-9_]*$) ' +
      '(and 2 more: tickets.jira: "baseUrl" is required; tickets.jira.timeoutMs: must be a whole number, not "fast"). DM Report uses its defaults until this is fixed.',
  );
});

test('an unknown setting is pointed at by its key', () => {
  const loaded = parseConfig('tickets:\n  keyz: [DM]\n', '/ws/.dmreport.yaml');
  assert.equal(loaded.problems[0].message, 'Invalid .dmreport.yaml: tickets: unknown setting "keyz". DM Report uses its defaults until this is fixed.');
  assert.deepEqual(loaded.problems[0].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } });
});

test('broken YAML: one diagnostic at the parser error, defaults kept', () => {
  const loaded = parseConfig('tickets:\n  keys: [DM\n', '/ws/.dmreport.yaml');
  assert.deepEqual(loaded.config, {});
  assert.equal(loaded.problems.length, 1);
  assert.equal(
    loaded.problems[0].message,
    'Invalid .dmreport.yaml: Flow sequence in block collection must be sufficiently indented and end with a ]. DM Report uses its defaults until this is fixed.',
  );
  // The parser notices at the end of the text that the sequence never closed.
  assert.deepEqual(loaded.problems[0].range.start, { line: 2, character: 0 });
});

test('a template given as a name or as {path}; anything else is refused', () => {
  assert.deepEqual(parseConfig('template: dm-monthly-2017\n', '/ws/.dmreport.yaml').config, { template: 'dm-monthly-2017' });
  assert.deepEqual(parseConfig('template: {path: t/ours.yaml}\n', '/ws/.dmreport.yaml').config, { template: { path: 't/ours.yaml' } });
  assert.equal(
    parseConfig('template: 3\n', '/ws/.dmreport.yaml').problems[0].message,
    'Invalid .dmreport.yaml: template: must be a built-in template name or {path: FILE}. DM Report uses its defaults until this is fixed.',
  );
});

/** The message of the one problem of a configuration text, without the sentence around it. */
function problemOf(text: string): string {
  const { problems } = parseConfig(text, '/ws/.dmreport.yaml');
  assert.equal(problems.length, 1, text);
  return String(problems[0].message).replace(/^Invalid \.dmreport\.yaml: /, '').replace(/\. DM Report uses its defaults until this is fixed\.$/, '');
}

test('schema errors in words: each names the key path and says what is expected, never Ajv wording', () => {
  const cases: [string, string][] = [
    ['tickets:\n  keys: []\n', 'tickets.keys: list at least one key'],
    ['tickets:\n  keys: DM\n', 'tickets.keys: must be a list, not "DM"'],
    ['tickets:\n  keys: [DM, RFC, DM]\n', 'tickets.keys: "DM" is listed twice'],
    ['tickets:\n  jira: {baseUrl: "https://jira.example.org", timeoutMs: 5}\n', 'tickets.jira.timeoutMs: 5 is too small (the least is 100)'],
    ['tickets:\n  jira: {baseUrl: "https://jira.example.org", timeoutMs: 90000}\n', 'tickets.jira.timeoutMs: 90000 is too large (the most is 60000)'],
    ['tickets:\n  jira: {baseUrl: "https://jira.example.org", enabled: "no"}\n', 'tickets.jira.enabled: must be true or false, not "no"'],
    ['tickets:\n  jira:\n', 'tickets.jira: must be a mapping (key: value lines), not nothing'],
    ['templates:\n  - files: ""\n    template: personal-monthly\n', 'templates[0].files: must not be empty'],
    ['documents:\n  extra: [{handle: LSE-299, title: Summit, year: 2017.5}]\n', 'documents.extra[0].year: must be a whole number, not 2017.5'],
  ];
  for (const [text, message] of cases) assert.equal(problemOf(text), message, text);
});

test('describeSchemaError: every keyword in words (lists by their entries, the top level by its name)', () => {
  const error = (keyword: string, params: Record<string, unknown>, instancePath = '/tickets/keys', data?: unknown): ErrorObject => ({
    keyword,
    params,
    instancePath,
    schemaPath: `#/properties/x/${keyword}`,
    ...(data === undefined ? {} : { data }),
  });
  const words = { whole: 'the file', key: 'setting' };
  const cases: [ErrorObject, string][] = [
    [error('minItems', { limit: 2 }), 'tickets.keys: list at least 2 keys'],
    [error('maxItems', { limit: 1 }, '/sections/0/aliases'), 'sections[0].aliases: list at most one alias'],
    [error('minItems', { limit: 1 }, '/documents/extra'), 'documents.extra: list at least one entry'],
    [error('maxLength', { limit: 8 }, '/name'), 'name: must be at most 8 characters long'],
    [error('enum', { allowedValues: ['all', 'none'] }, '/requiredFor'), 'requiredFor: must be one of "all", "none"'],
    [error('required', { missingProperty: 'name' }, ''), 'the file: "name" is required'],
    [error('minProperties', { limit: 1 }, '/tickets'), 'tickets: must set at least one setting'],
    [error('exclusiveMinimum', { limit: 0, comparison: '>' }, '/n', 0), 'n: must be more than 0, not 0'],
    [error('not', {}, '/x'), 'x: is not allowed here'],
    [error('someFutureKeyword', {}, '/x'), 'x: is not valid here (schema rule "someFutureKeyword")'],
  ];
  for (const [e, message] of cases) assert.equal(describeSchemaError(e, words), message, e.keyword);
});

test('billion laughs: aliases of aliases are one invalid-config problem at the first alias, not a crash; defaults kept', () => {
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n') + '\n';
  const loaded = parseConfig(laughs, '/ws/.dmreport.yaml');
  assert.deepEqual(loaded.config, {});
  assert.deepEqual(
    loaded.problems.map((p) => [p.code, p.severity, p.range, p.message]),
    [
      [
        'invalid-config',
        1,
        { start: { line: 1, character: 7 }, end: { line: 1, character: 9 } },
        'Invalid .dmreport.yaml: YAML aliases (from *a on) expand to more than 100 values; write the values out instead of aliases of aliases. DM Report uses its defaults until this is fixed.',
      ],
    ],
  );
  // An alias without its anchor is one problem too, on that alias; a few plain aliases are fine.
  assert.equal(problemOf('tickets:\n  keys: [DM]\n  urlTemplate: *url\n'), 'Unresolved alias (the anchor must be set before the alias): url');
  assert.deepEqual(parseConfig('tickets:\n  keys: [DM]\n  urlTemplate: *url\n', '/ws/.dmreport.yaml').problems[0].range.start, { line: 2, character: 15 });
  assert.deepEqual(parseConfig('keys: &k [DM, RFC]\n', '/ws/.dmreport.yaml').problems.length, 1);
  assert.deepEqual(parseConfig('wbs:\n  extra:\n    - &e {code: 02C.99, name: X}\ndocuments:\n  extra: []\n', '/ws/.dmreport.yaml').problems, []);
});

// The files, in memory: /t/ws holds a valid configuration, /t a broken one.
const dir = '/t';
const host = new MemoryHost({
  '/t/ws/.dmreport.yaml': 'tickets:\n  keys: [DM, LSSTTD]\n  urlTemplate: https://jira.lsstcorp.org/browse/{id}\n',
  '/t/.dmreport.yaml': 'tickets: [broken\n',
  '/t/ws/2017/04.md': '',
  '/t/other/04.md': '',
});

test('findConfigFile walks up to the nearest file, and not above stopAt', () => {
  assert.equal(findConfigFile(host, join(dir, 'ws/2017')), join(dir, 'ws/.dmreport.yaml'));
  assert.equal(findConfigFile(host, join(dir, 'other')), join(dir, '.dmreport.yaml'));
  assert.equal(findConfigFile(host, join(dir, 'other'), join(dir, 'other')), undefined);
});

test('Workspace: one engine per configuration; the file overrides client settings; folders bound the search', () => {
  const workspace = new Workspace({ host, roots: [join(dir, 'ws'), join(dir, 'other')], settings: { ticketKeys: ['DM', 'RFC'] } });
  const a = workspace.engineFor(pathToFileURL(join(dir, 'ws/2017/04.md')).href);
  const b = workspace.engineFor(pathToFileURL(join(dir, 'ws/05.md')).href);
  assert.equal(a, b);
  assert.deepEqual(a.settings, { ticketKeys: ['DM', 'LSSTTD'], ticketUrlTemplate: 'https://jira.lsstcorp.org/browse/{id}', parseBudgetMs: 2000 });
  // `other` is a workspace folder: the broken file above it is not read.
  const c = workspace.engineFor(pathToFileURL(join(dir, 'other/04.md')).href);
  assert.notEqual(c, a);
  assert.equal(c.config.file, undefined);
  assert.deepEqual(c.settings, { ...DEFAULT_SETTINGS, ticketKeys: ['DM', 'RFC'] });
  assert.deepEqual(workspace.configs().map((x) => x.file), [join(dir, 'ws/.dmreport.yaml')]);
  // The analysis follows the configuration's keys: LSSTTD-1 is a ticket here.
  const model = a.analyze('file:///x.md', 'See LSSTTD-1 and RFC-2.\n', 1).model;
  assert.deepEqual(model.tickets.map((t) => t.id), ['LSSTTD-1']);
});

test('Workspace without folders (the CLI): the broken file above is read and reported; defaults apply', () => {
  const workspace = new Workspace({ host });
  const engine = workspace.engineFor(pathToFileURL(join(dir, 'other/04.md')).href);
  assert.equal(engine.config.file, join(dir, '.dmreport.yaml'));
  assert.equal(engine.config.problems.length, 1);
  assert.deepEqual(engine.settings, DEFAULT_SETTINGS);
});

test('a ticket key with an underscore (DM_OPS) is valid in tickets.keys, as in dmReport.ticketKeys; DM_OPS-12 is then a ticket', () => {
  const yaml = 'tickets:\n  keys: [DM, DM_OPS]\n  urlTemplate: https://rubinobs.atlassian.net/browse/{id}\n';
  const loaded = parseConfig(yaml, '/ops/.dmreport.yaml');
  assert.deepEqual([loaded.problems, loaded.config], [[], { tickets: { keys: ['DM', 'DM_OPS'], urlTemplate: 'https://rubinobs.atlassian.net/browse/{id}' } }]);
  // Still refused: a lower-case letter, a leading underscore or digit, a hyphen.
  for (const key of ['Dm_ops', '_DM', '1DM', 'DM-OPS']) {
    assert.equal(parseConfig(`tickets:\n  keys: [${key}]\n`, '/ops/.dmreport.yaml').problems.length, 1, key);
  }
  // Through the workspace, from the file in memory.
  const opsHost = new MemoryHost({ '/ops/.dmreport.yaml': yaml, '/ops/2024/03.md': '' });
  const engine = new Workspace({ host: opsHost, roots: ['/ops'] }).engineFor(pathToFileURL('/ops/2024/03.md').href);
  assert.deepEqual([engine.configProblems, engine.settings.ticketKeys], [[], ['DM', 'DM_OPS']]);
  const a = engine.analyze(pathToFileURL('/ops/2024/03.md').href, 'DM_OPS-12 Rota for March\n\nSee DM_OPS-12, dm_ops-13 and DM-3.\n', 1);
  assert.deepEqual(a.model.tickets.map((t) => [t.id, t.range.start.line, t.range.start.character, t.definition]), [
    ['DM_OPS-12', 0, 0, true],
    ['DM_OPS-12', 2, 4, false],
    ['DM-3', 2, 29, false],
  ]);
  assert.deepEqual(a.model.ticketDefinitions.map((d) => [d.id, d.title]), [['DM_OPS-12', 'Rota for March']]);
  assert.deepEqual(a.model.malformedTickets.map((t) => [t.text, t.corrected]), [['dm_ops-13', 'DM_OPS-13']]);
  // Completion after DM_OPS- offers the workspace's DM_OPS tickets (not the OPS of DM_OPS).
  const typing = engine.analyze(pathToFileURL('/ops/2024/03.md').href, 'DM_OPS-12 Rota for March\n\nSee DM_OPS-\n', 2);
  assert.deepEqual(getCompletions(engine, typing, { line: 2, character: 11 }).items.map((i) => i.label), ['DM_OPS-12']);
  // The editor setting takes the same key (no configuration file).
  const fromSettings = new Workspace({ host: new MemoryHost(), settings: { ticketKeys: ['DM_OPS'] } }).engineFor('file:///x/y.md');
  assert.deepEqual(fromSettings.analyze('file:///x/y.md', 'See DM_OPS-12.\n', 1).model.tickets.map((t) => t.id), ['DM_OPS-12']);
});
