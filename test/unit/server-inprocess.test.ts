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
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type MarkupContent,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createServer } from '../../server/src/server.ts';
import { MemoryHost } from '../../server/src/host/memory.ts';
import { parseTransport } from '../../server/src/lsp/transport.ts';

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
