/**
 * Protocol tests: clients that do not take dynamic registrations. The server registers
 * `workspace/didChangeConfiguration` and file watchers only when the client declares
 * `dynamicRegistration` for them, and a registration the client rejects (an error answer to
 * `client/registerCapability`, as some clients give) is no reason to stop: the server goes on,
 * without that notification.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentSymbolRequest } from 'vscode-languageserver-protocol/node';
import { OpenDocument, SAMPLE_TEXT, SAMPLE_URI, TestClient } from './lsp';
import { referenceDiagnostics } from '../support/reference';

test('a client with workspace/configuration but no dynamic registration of didChangeConfiguration is asked no registration', async () => {
  const client = new TestClient({ configuration: true, configurationRegistration: false });
  try {
    await client.initialize();
    const published = await new OpenDocument(client, SAMPLE_URI, SAMPLE_TEXT).open();
    assert.equal(published.diagnostics.length, referenceDiagnostics().length);
    assert.deepEqual(client.registrations, []);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.kill();
  }
});

test('registrations the client rejects: the server keeps answering and exits cleanly', async () => {
  const client = new TestClient({ configuration: true, watchFiles: true, rejectRegistrations: true });
  try {
    await client.initialize();
    const published = await new OpenDocument(client, SAMPLE_URI, SAMPLE_TEXT).open();
    assert.equal(published.diagnostics.length, referenceDiagnostics().length);
    // Both were asked (the client declared them) and both were refused.
    assert.deepEqual(
      client.registrations.flatMap((r) => r.registrations.map((g) => g.method)).sort(),
      ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles'],
    );
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: SAMPLE_URI } });
    assert.equal(symbols?.[0]?.name, 'Data Management Monthly Report');
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.kill();
  }
});
