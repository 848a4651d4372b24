/**
 * The language server created in-process (`createServer(connection, host)`)
 * over a pair of in-memory streams, on an in-memory workspace: no process, no
 * temporary directory. Importing server.ts has no side effect; the shell reads
 * `.dmreport.yaml` through the host it is given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type MarkupContent,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createServer } from '../../server/src/server.ts';
import { MemoryHost } from '../../server/src/host/memory.ts';
import { parseTransport } from '../../server/src/lsp/transport.ts';
import { memoryHost, runCli } from '../support/cli.ts';

test('createServer over in-memory streams: the workspace configuration comes from the host; diagnostics and hover', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const host = new MemoryHost({ '/ws/.dmreport.yaml': 'tickets:\n  keys: [DM, LSSTTD]\n  urlTemplate: https://jira.example.org/browse/{id}\n' });
  const server = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  createServer(server, host, {});
  server.listen();
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  let resolve: () => void = () => undefined;
  const first = new Promise<void>((r) => (resolve = r));
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    if (p.uri === 'file:///ws/2017-04.md') resolve();
  });
  client.listen();
  try {
    await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: 'file:///ws', capabilities: {}, workspaceFolders: null });
    await client.sendNotification(InitializedNotification.type, {});
    const text = '# Data Management Monthly Report\n\n## April 2017\n\n### High-level Summary\n\nSee LSSTTD-1 and DM10221.\n';
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///ws/2017-04.md', languageId: 'markdown', version: 1, text } });
    await first;
    const report = published.find((p) => p.uri === 'file:///ws/2017-04.md')!;
    assert.deepEqual(
      report.diagnostics.map((d) => [d.range.start.line, d.code]),
      [
        [0, 'missing-section'],
        [0, 'missing-section'],
        [6, 'malformed-ticket'],
      ],
    );
    const hover = await client.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/2017-04.md' }, position: { line: 6, character: 6 } });
    assert.ok((hover!.contents as MarkupContent).value.includes('https://jira.example.org/browse/LSSTTD-1'), JSON.stringify(hover));
    assert.deepEqual(host.reads, ['/ws/.dmreport.yaml']);
    // A report whose front matter names an unusable template is told so (not silenced by the fallback template).
    const broken = new Promise<PublishDiagnosticsParams>((r) =>
      client.onNotification(PublishDiagnosticsNotification.type, (p) => {
        if (p.uri === 'file:///ws/w.md') r(p);
      }),
    );
    const weekly = '---\ntemplate: {path: nope.yaml}\n---\n# Week\n\n## Done\n\nx\n';
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///ws/w.md', languageId: 'markdown', version: 1, text: weekly } });
    const codes = (await broken).diagnostics.map((d) => d.code);
    assert.equal(codes[0], 'invalid-template');
  } finally {
    client.dispose();
    server.dispose();
  }
});

test('parseTransport: the transports vscode-languageserver reads, the first one winning; else a sentence', () => {
  assert.deepEqual(parseTransport(['--stdio']), { kind: 'stdio' });
  assert.deepEqual(parseTransport(['--node-ipc', '--clientProcessId=42']), { kind: 'node-ipc' });
  assert.deepEqual(parseTransport(['--clientProcessId=42', '--socket=5007']), { kind: 'socket', port: 5007 });
  assert.deepEqual(parseTransport(['--socket', '5007']), { kind: 'socket', port: 5007 });
  assert.deepEqual(parseTransport(['--pipe=/tmp/dm-report.sock']), { kind: 'pipe', name: '/tmp/dm-report.sock' });
  assert.deepEqual(parseTransport(['--pipe', '\\\\.\\pipe\\dm-report']), { kind: 'pipe', name: '\\\\.\\pipe\\dm-report' });
  assert.deepEqual(parseTransport(['--help', '--stdio']), { help: true });
  assert.deepEqual(parseTransport([]), { error: 'no transport given' });
  assert.deepEqual(parseTransport(['--clientProcessId=42']), { error: 'no transport given' });
  assert.deepEqual(parseTransport(['--socket=0']), { error: '--socket needs a port number from 1 to 65535, not "0"' });
  assert.deepEqual(parseTransport(['--socket=5x']), { error: '--socket needs a port number from 1 to 65535, not "5x"' });
  assert.deepEqual(parseTransport(['--socket']), { error: '--socket needs a port number from 1 to 65535, not nothing' });
  assert.deepEqual(parseTransport(['--pipe=']), { error: '--pipe needs the name of a pipe (--pipe=NAME)' });
});

/**
 * A server created in-process on an in-memory workspace `/ws` (`files` relative to it), diagnostics
 * published without debounce; `open`/`change`/`close` a document and get what is published for it next.
 */
async function inProcessServer(files: Record<string, string>) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  createServer(server, memoryHost(files), {});
  server.listen();
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  /** The last diagnostics published for each URI. */
  const last = new Map<string, Diagnostic[]>();
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    last.set(p.uri, p.diagnostics);
    waiting.get(p.uri)?.(p);
  });
  client.listen();
  await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: 'file:///ws',
    capabilities: {},
    workspaceFolders: null,
    initializationOptions: { settings: { diagnostics: { debounceMs: 0 } } },
  });
  await client.sendNotification(InitializedNotification.type, {});
  /** The next diagnostics published for `uri` after `send` (fails after 5 s instead of waiting forever). */
  const next = async (uri: string, send: () => Promise<void>): Promise<Diagnostic[]> => {
    const published = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nothing published for ${uri}`)), 5000);
      waiting.set(uri, (p) => {
        clearTimeout(timer);
        waiting.delete(uri);
        resolve(p);
      });
    });
    await send();
    return (await published).diagnostics;
  };
  const versions = new Map<string, number>();
  return {
    open: (path: string, text: string) => {
      const uri = `file:///ws/${path}`;
      versions.set(uri, 1);
      return next(uri, () => client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } }));
    },
    change: (path: string, text: string) => {
      const uri = `file:///ws/${path}`;
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      return next(uri, () => client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] }));
    },
    close: (path: string) => {
      const uri = `file:///ws/${path}`;
      return next(uri, () => client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } }));
    },
    /** The last diagnostics published for a file of `/ws` (undefined: none were). */
    published: (path: string) => last.get(`file:///ws/${path}`),
    dispose: () => {
      client.dispose();
      server.dispose();
    },
  };
}

/** What `dm-report check --format json PATH` reports on the same in-memory workspace (the file's own entry). */
function cliDiagnostics(files: Record<string, string>, path: string): Diagnostic[] {
  const entries = JSON.parse(runCli(['check', '--format', 'json', path], { host: memoryHost(files) }).out) as { file: string; diagnostics: Diagnostic[] }[];
  return entries.find((e) => e.file === path)!.diagnostics;
}

/** A workspace whose `.dmreport.yaml` gives `personal/` the personal template, and files that are reports only by declaration. */
const DECLARED = {
  '.dmreport.yaml': 'templates:\n  - files: "personal/**/*.md"\n    template: personal-monthly\n  - files: "weekly/*.md"\n    template: {path: weekly.yaml}\n',
  'personal/2017-05.md': '# Notes\n\nDid things.\n',
  'weekly/w1.md': '# Notes\n\nDid things.\n',
  'fm.md': '---\ntemplate: personal-monthly\n---\n# Notes\n\nDid things.\n',
  'not-yaml.md': '---\ntemplate: personal-monthly\nbad: [\n---\n# Notes\n',
  'bad-period.md': '---\nperiod: May 2017\n---\n# Notes\n',
  'jekyll.md': '---\nlayout: post\n---\n# Notes\n\nSee [DM-1234](#).\n',
  'jekyll-not-yaml.md': '---\nlayout: [post\n---\n# Notes\n',
};

test('the server speaks where the CLI speaks: a report by glob or front matter gets what dm-report check reports, even one that looks like no report', async () => {
  const s = await inProcessServer(DECLARED);
  try {
    const codes = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line}:${x.code}`);
    // A personal report that personal/** names, not yet written: the CLI's two missing sections (its period is in the path).
    const personal = await s.open('personal/2017-05.md', DECLARED['personal/2017-05.md']);
    assert.deepEqual(codes(personal), ['0:missing-section', '0:missing-section']);
    assert.deepEqual(personal, cliDiagnostics(DECLARED, 'personal/2017-05.md'));
    // A glob whose template file is missing: still a report (checked with the default template, the problem on the configuration).
    const weekly = await s.open('weekly/w1.md', DECLARED['weekly/w1.md']);
    assert.equal(weekly.length, 4);
    assert.deepEqual(weekly, cliDiagnostics(DECLARED, 'weekly/w1.md'));
    // Front matter naming a template; front matter that is not YAML but names one; a period that is no month.
    assert.deepEqual(await s.open('fm.md', DECLARED['fm.md']), cliDiagnostics(DECLARED, 'fm.md'));
    const notYaml = await s.open('not-yaml.md', DECLARED['not-yaml.md']);
    assert.deepEqual(codes(notYaml).slice(0, 1), ['2:invalid-front-matter']);
    assert.deepEqual(notYaml, cliDiagnostics(DECLARED, 'not-yaml.md'));
    const badPeriod = await s.open('bad-period.md', DECLARED['bad-period.md']);
    assert.deepEqual(
      badPeriod.slice(0, 1).map((d) => [d.range.start.line, d.code, d.message]),
      [[1, 'invalid-front-matter', 'Front matter "period" must be a year and month, YYYY-MM (2017-05).']],
    );
    assert.deepEqual(badPeriod, cliDiagnostics(DECLARED, 'bad-period.md'));
    // Front matter of other tools (valid or not) does not make a README a report.
    assert.deepEqual(await s.open('jekyll.md', DECLARED['jekyll.md']), []);
    assert.deepEqual(await s.open('jekyll-not-yaml.md', DECLARED['jekyll-not-yaml.md']), []);
  } finally {
    s.dispose();
  }
});

test('a report stays one while it is open: select all, delete, type again, the diagnostics keep coming; closed and reopened empty, it is not one', async () => {
  const text = '# Data Management Monthly Report\n\n## April 2017\n\n### High-level Summary\n\nSee DM10221.\n';
  const s = await inProcessServer({});
  try {
    const codes = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line}:${x.code}`);
    assert.deepEqual(codes(await s.open('2017-04.md', text)), ['0:missing-section', '0:missing-section', '6:malformed-ticket']);
    // Everything deleted: the empty report misses its sections (as `dm-report check` says; its period is in the path), not silence.
    const empty = await s.change('2017-04.md', '');
    assert.deepEqual(empty, cliDiagnostics({ '2017-04.md': '' }, '2017-04.md'));
    assert.deepEqual(codes(empty), ['0:missing-section', '0:missing-section', '0:missing-section']);
    assert.deepEqual(codes(await s.change('2017-04.md', 'DM10221\n')), ['0:missing-section', '0:missing-section', '0:missing-section', '0:malformed-ticket']);
    assert.deepEqual(codes(await s.change('2017-04.md', text)), ['0:missing-section', '0:missing-section', '6:malformed-ticket']);
    // Closed: cleared; opened again as an empty file, it is no report (nothing says it is one).
    assert.deepEqual(await s.close('2017-04.md'), []);
    assert.deepEqual(await s.open('2017-04.md', ''), []);
  } finally {
    s.dispose();
  }
});

test('billion laughs: the server publishes one invalid-config problem on .dmreport.yaml and keeps checking reports with the defaults', async () => {
  const laughs = 'a: &a [x, x, x, x, x, x, x, x, x]\n' + 'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]\n`).join('');
  const s = await inProcessServer({ '.dmreport.yaml': laughs });
  try {
    const text = '# Data Management Monthly Report\n\n## April 2017\n\n### High-level Summary\n\nSee DM10221.\n';
    const report = await s.open('2017-04.md', text);
    assert.deepEqual(
      report.map((d) => `${d.range.start.line}:${d.code}`),
      ['0:missing-section', '0:missing-section', '6:malformed-ticket'],
    );
    assert.deepEqual(report, cliDiagnostics({ '2017-04.md': text }, '2017-04.md'));
    assert.deepEqual(
      s.published('.dmreport.yaml')?.map((d) => [d.range.start, d.code, d.message]),
      [
        [
          { line: 1, character: 7 },
          'invalid-config',
          'Invalid .dmreport.yaml: YAML aliases (from *a on) expand to more than 100 values; write the values out instead of aliases of aliases. DM Report uses its defaults until this is fixed.',
        ],
      ],
    );
    assert.deepEqual(await s.change('2017-04.md', text.replace('DM10221', 'DM-10221')), report.slice(0, 2));
  } finally {
    s.dispose();
  }
});
