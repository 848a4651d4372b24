/**
 * Invalidation by dependency over the protocol (`node dist/server.js --stdio`):
 * an open report is checked again when a file it was checked with changes on
 * disk and the client says so (`workspace/didChangeWatchedFiles`) — a template
 * file named by its front matter (only the reports using it are re-checked), or
 * one named by `.dmreport.yaml` (the engines are rebuilt) — and not otherwise.
 * Build first.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TestClient } from './lsp';

/** A weekly template: the sections a report needs, `period` not required. */
const template = (name: string, sections: string[]) =>
  `name: ${name}\nperiod: {required: false}\nsections:\n${sections.map((s) => `  - {id: ${s.toLowerCase()}, label: ${s}}`).join('\n')}\n`;
const WEEK = '# Week 12\n\n## Done\n\nMerged DM-10441.\n\n## Next\n\nReview LDM-151.\n';

let dir: string;
let client: TestClient;
const uri = (p: string) => pathToFileURL(join(dir, p)).href;
const messages = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${String(d.code)}: ${typeof d.message === 'string' ? d.message : d.message.value}`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-invalidation-'));
  mkdirSync(join(dir, 'templates'));
  mkdirSync(join(dir, 'team'));
  writeFileSync(join(dir, 'templates', 'fm.yaml'), template('fm-weekly', ['Done', 'Next']));
  writeFileSync(join(dir, 'templates', 'team.yaml'), template('team-weekly', ['Done', 'Next']));
  writeFileSync(join(dir, '.dmreport.yaml'), 'templates:\n  - files: "team/*.md"\n    template: {path: templates/team.yaml}\n');
  client = new TestClient({ configuration: false, root: dir, watchFiles: true });
  await client.initialize();
});
after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function changed(...paths: string[]): Promise<void> {
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: paths.map((p) => ({ uri: uri(p), type: FileChangeType.Changed as FileChangeType })),
  });
}

test('editing a front matter template file re-publishes the open reports that use it, and only those', async () => {
  const fm = `---\ntemplate: {path: templates/fm.yaml}\n---\n${WEEK}`;
  const first = client.nextDiagnostics(uri('a.md'));
  await client.open(uri('a.md'), fm);
  assert.deepEqual(messages(await first), []);
  const other = client.nextDiagnostics(uri('b.md'));
  await client.open(uri('b.md'), fm.replace('templates/fm.yaml', 'templates/team.yaml'));
  assert.deepEqual(messages(await other), []);

  // The template now requires a Risks section: a.md is checked again without being edited.
  writeFileSync(join(dir, 'templates', 'fm.yaml'), template('fm-weekly', ['Done', 'Next', 'Risks']));
  const before = client.diagnostics.length;
  const again = client.nextDiagnostics(uri('a.md'));
  await changed('templates/fm.yaml');
  assert.deepEqual(messages(await again), ['missing-section: The report has no "Risks" section.']);
  // b.md uses another template: not published again.
  assert.deepEqual(client.diagnostics.slice(before).map((p) => p.uri), [uri('a.md')]);

  // An event for a file nobody read re-publishes nothing; a.md keeps its findings.
  writeFileSync(join(dir, 'templates', 'unused.yaml'), template('unused', ['Done']));
  await changed('templates/unused.yaml');
  const settled = client.nextDiagnostics(uri('a.md'));
  await client.change(uri('a.md'), 2, [{ text: `${fm}\n## Risks\n\nNone.\n` }]);
  assert.deepEqual(messages(await settled), []);
  assert.deepEqual(client.diagnostics.slice(before).map((p) => p.uri), [uri('a.md'), uri('a.md')]);
});

test('editing a template file that .dmreport.yaml names rebuilds the engines and re-publishes every open report', async () => {
  const first = client.nextDiagnostics(uri('team/w12.md'));
  await client.open(uri('team/w12.md'), WEEK);
  assert.deepEqual(messages(await first), []);
  writeFileSync(join(dir, 'templates', 'team.yaml'), template('team-weekly', ['Done', 'Next', 'Blockers']));
  const again = client.nextDiagnostics(uri('team/w12.md'), (p) => p.diagnostics.length > 0);
  await changed('templates/team.yaml');
  assert.deepEqual(messages(await again), ['missing-section: The report has no "Blockers" section.']);
});
