/**
 * The host boundary and what depends on it, with the in-memory host: what the
 * engine reads and when (a template file once, again only after `invalidate`),
 * the workspace's reaction to changed files, the workspace scanner (an open
 * report's disk copy is not read on save, but when it closes), and the ticket
 * index updated per document (the same answers as a full rebuild).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import { MemoryHost } from '../../server/src/host/memory.ts';
import { UnreadableFileError } from '../../server/src/host/host.ts';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import { Workspace } from '../../server/src/engine/workspace.ts';
import { WorkspaceScanner } from '../../server/src/features/workspaceScan.ts';
import { ReportTicketIndex, type IndexedTicket, type ReportTickets } from '../../server/src/tickets/sources.ts';
import { TicketServices } from '../../server/src/catalog/tickets.ts';

const WEEKLY = 'name: weekly\nperiod: {required: false}\nsections:\n  - {id: done, label: Done}\n';
const REPORT = '---\ntemplate: {path: weekly.yaml}\n---\n# Week\n\n## Done\n\nx\n';

test('MemoryHost: files, directories, sizes, and the errors of the Host contract', async () => {
  const host = new MemoryHost({ '/ws/a.md': 'é', '/ws/sub/b.md': 'b' }, { cwd: '/ws' });
  assert.deepEqual(host.readFile('/ws/a.md', 10), { text: 'é', mtimeMs: 1 });
  assert.deepEqual(host.stat('/ws/a.md'), { kind: 'file', size: 2, mtimeMs: 1, id: '/ws/a.md' });
  assert.deepEqual(host.stat('/ws/sub'), { kind: 'directory', size: 0, mtimeMs: 0 });
  assert.equal(host.stat('/nowhere'), undefined);
  assert.deepEqual((await host.readDirectory('/ws')).sort((a, b) => a.name.localeCompare(b.name)), [
    { name: 'a.md', kind: 'file' },
    { name: 'sub', kind: 'directory' },
  ]);
  const code = (f: () => unknown) => {
    try {
      f();
      return 'read';
    } catch (e) {
      return e instanceof UnreadableFileError ? `${e.code}: ${e.message}` : String(e);
    }
  };
  assert.equal(code(() => host.readFile('/ws/none.md', 10)), 'ENOENT: no such file');
  assert.equal(code(() => host.readFile('/ws/sub', 10)), 'NOTFILE: a directory, not a file');
  assert.equal(code(() => host.readFile('/ws/a.md', 1)), 'TOOLARGE: 2 bytes, more than the 1 read');
  host.writeFile('/ws/a.md', 'new');
  assert.deepEqual(host.readFile('/ws/a.md', 10), { text: 'new', mtimeMs: 3 });
  assert.equal(code(() => host.writeFile('/ws/sub', 'x')), 'NOTFILE: a directory, not a file');
  assert.equal(host.cwd(), '/ws');
});

test('engine: a front matter template file is read once, not at every version; invalidate reads it again and names the analyses dropped', () => {
  const host = new MemoryHost({ '/ws/weekly.yaml': WEEKLY });
  const engine = new ReportEngine({}, { host });
  const a1 = engine.analyze('file:///ws/w1.md', REPORT, 1);
  assert.equal(a1.template.name, 'weekly');
  assert.deepEqual(a1.dependencies, ['/ws/weekly.yaml']);
  engine.analyze('file:///ws/w1.md', REPORT + '\nmore\n', 2);
  engine.analyze('file:///ws/w2.md', REPORT, 1);
  engine.analyze('file:///ws/plain.md', '# Plain\n', 1);
  assert.deepEqual(host.reads, ['/ws/weekly.yaml']);
  host.set('/ws/weekly.yaml', WEEKLY.replace('name: weekly', 'name: weekly-2'));
  // Nothing is looked at until the change is reported.
  assert.equal(engine.analyze('file:///ws/w2.md', REPORT, 1).template.name, 'weekly');
  assert.deepEqual(engine.invalidate(['/ws/other.yaml']), []);
  assert.deepEqual(engine.invalidate(['/ws/weekly.yaml']).sort(), ['file:///ws/w1.md', 'file:///ws/w2.md']);
  assert.equal(engine.analyze('file:///ws/w2.md', REPORT, 1).template.name, 'weekly-2');
  assert.deepEqual(host.reads, ['/ws/weekly.yaml', '/ws/weekly.yaml']);
});

test('engine: a missing front matter template is a dependency too (creating the file fixes the report)', () => {
  const host = new MemoryHost();
  const engine = new ReportEngine({}, { host });
  const missing = engine.analyze('file:///ws/w.md', REPORT, 1);
  assert.equal(missing.template.name, 'dm-monthly-2017');
  assert.deepEqual(missing.dependencies, ['/ws/weekly.yaml']);
  host.set('/ws/weekly.yaml', WEEKLY);
  assert.deepEqual(engine.invalidate(['/ws/weekly.yaml']), ['file:///ws/w.md']);
  assert.equal(engine.analyze('file:///ws/w.md', REPORT, 1).template.name, 'weekly');
});

test('workspace.filesChanged: a configuration, its export or its template rebuilds the engines; other files drop only the analyses that read them', () => {
  const host = new MemoryHost({
    '/ws/.dmreport.yaml': 'template: {path: t/default.yaml}\ntickets:\n  exportFile: tickets.csv\n',
    '/ws/t/default.yaml': WEEKLY,
    '/ws/weekly.yaml': WEEKLY,
    '/ws/tickets.csv': 'Issue key,Summary\nDM-1,One\n',
  });
  const workspace = new Workspace({ host, roots: ['/ws'] });
  const engine = workspace.engineFor('file:///ws/a.md');
  assert.deepEqual(engine.dependencies(), ['/ws/.dmreport.yaml', '/ws/tickets.csv', '/ws/t/default.yaml']);
  engine.analyze('file:///ws/a.md', REPORT, 1);
  assert.deepEqual(workspace.filesChanged(['/ws/notes.yaml']), { reload: false, uris: [] });
  assert.equal(workspace.engineFor('file:///ws/a.md'), engine);
  assert.deepEqual(workspace.filesChanged(['/ws/weekly.yaml']), { reload: false, uris: ['file:///ws/a.md'] });
  for (const input of ['/ws/tickets.csv', '/ws/t/default.yaml', '/ws/sub/.dmreport.yaml']) {
    const before = workspace.engineFor('file:///ws/a.md');
    assert.deepEqual(workspace.filesChanged([input]), { reload: true, uris: [] }, input);
    assert.notEqual(workspace.engineFor('file:///ws/a.md'), before, input);
  }
});

test('workspace scanner: the scan reads every report; an open report is not read again on save, but when it closes; a deleted one is forgotten', async () => {
  const host = new MemoryHost({
    '/ws/2017-04.md': '# R\n\n## April 2017\n\nDM-1 One\n',
    '/ws/2017-05.md': '# R\n\n## May 2017\n\nSee DM-1.\n',
    '/ws/node_modules/x/readme.md': 'DM-2',
  });
  const workspace = new Workspace({ host, roots: ['/ws'] });
  const services = new TicketServices({ network: false, trusted: true, host });
  const logs: string[] = [];
  const open = new Set<string>();
  const scanner = new WorkspaceScanner(host, workspace, () => services.reports, { info: (m) => logs.push(m), error: (m) => logs.push(m) }, (u) => open.has(u));
  scanner.requestScan();
  await scanner.idle();
  assert.deepEqual(host.reads, ['/ws/2017-04.md', '/ws/2017-05.md']);
  assert.match(logs[0], /^DM Report: indexed 2 Markdown files of the workspace in \d+ ms, longest slice \d+ ms\.$/);
  assert.deepEqual(services.reports.get('DM-1')?.citations.map((c) => c.uri), [URI.file('/ws/2017-04.md').toString(), URI.file('/ws/2017-05.md').toString()]);
  const may = URI.file('/ws/2017-05.md').toString();
  open.add(may);
  host.set('/ws/2017-05.md', '# R\n\n## May 2017\n\nSee DM-1 and DM-3.\n');
  await scanner.fileChanged(may, false);
  assert.equal(host.reads.length, 2);
  open.delete(may);
  await scanner.fileChanged(may, false);
  assert.deepEqual(host.reads.slice(2), ['/ws/2017-05.md']);
  assert.deepEqual(services.reports.get('DM-3')?.citations.map((c) => c.uri), [may]);
  await scanner.fileChanged(may, true);
  assert.equal(services.reports.get('DM-3'), undefined);
  // Outside the folders, or in a skipped directory: ignored.
  await scanner.fileChanged(URI.file('/ws/node_modules/x/readme.md').toString(), false);
  await scanner.fileChanged(URI.file('/elsewhere/a.md').toString(), false);
  assert.equal(host.reads.length, 3);
});

test('workspace scanner: an open report is not read by the scan either; a file over the bound is skipped and counted; progress begins, reports every twentieth, ends', async () => {
  const files: Record<string, string> = { '/ws/big.md': `# R\n\n${'x'.repeat(300)}\n` };
  for (let i = 1; i <= 9; i++) files[`/ws/2017-0${i}.md`] = `# R\n\n## ${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September'][i - 1]} 2017\n\nDM-${i} Title ${i}\n`;
  const host = new MemoryHost(files);
  const workspace = new Workspace({ host, roots: ['/ws'] });
  const services = new TicketServices({ network: false, trusted: true, host });
  const logs: string[] = [];
  const open = URI.file('/ws/2017-05.md').toString();
  const seen: string[] = [];
  const progress = async () => ({
    begin: (m: string, p: number) => seen.push(`begin ${p}% ${m}`),
    report: (m: string, p: number) => seen.push(`report ${p}% ${m}`),
    end: (m: string) => seen.push(`end ${m}`),
  });
  const log = { info: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  const scanner = new WorkspaceScanner(host, workspace, () => services.reports, log, (u) => u === open, progress, { maxBytes: 200 });
  scanner.requestScan();
  await scanner.idle();
  assert.equal(host.reads.includes('/ws/2017-05.md'), false);
  assert.equal(host.reads.includes('/ws/big.md'), false);
  assert.deepEqual(host.reads.length, 8);
  assert.deepEqual(seen, [
    'begin 0% indexed 0/10 reports',
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `report ${n * 10}% indexed ${n}/10 reports`),
    'end indexed 8 reports (1 open in the editor, not read; 1 skipped for being larger than 200 bytes)',
  ]);
  assert.match(logs[0], /^DM Report: indexed 8 Markdown files of the workspace in \d+ ms, longest slice \d+ ms \(1 open in the editor, not read; 1 skipped/);
  // What the index holds of each: period, definitions, recency; nothing of the open one.
  const april = services.reports.entry(URI.file('/ws/2017-04.md').toString())!;
  assert.deepEqual([april.period, april.definitions.map((d) => `${d.id} ${d.title}`), april.recency], [{ year: 2017, month: 4, source: 'heading', line: 2 }, ['DM-4 Title 4'], 2017 * 12 + 3]);
  assert.equal(services.reports.entry(open), undefined);
  // A client that shows no progress (or fails to start it): the scan goes on.
  const quiet = new WorkspaceScanner(host, workspace, () => services.reports, log, () => false, () => Promise.reject(new Error('refused')));
  quiet.requestScan();
  await quiet.idle();
  assert.match(logs[1], /^DM Report: indexed 10 Markdown files/);
});

/** The index as it was computed before it was made incremental: everything rebuilt from both layers. */
function rebuilt(disk: Map<string, ReportTickets>, open: Map<string, ReportTickets>): Map<string, IndexedTicket> {
  const out = new Map<string, IndexedTicket & { definedRecency: number }>();
  const entry = (id: string) => {
    let t = out.get(id);
    if (!t) out.set(id, (t = { id, recency: -1, citations: [], definedRecency: -Infinity }));
    return t;
  };
  for (const [uri, r] of [...open, ...[...disk].filter(([u]) => !open.has(u))]) {
    for (const m of r.mentions) {
      const t = entry(m.id);
      t.citations.push({ uri, range: m.range, definition: m.definition });
      t.recency = Math.max(t.recency, r.recency);
    }
    for (const d of r.definitions) {
      const t = entry(d.id);
      t.recency = Math.max(t.recency, r.recency);
      if (r.recency > t.definedRecency) Object.assign(t, { title: d.title, definedIn: uri, definedRecency: r.recency });
    }
  }
  return new Map([...out].map(([id, { definedRecency: _unused, ...t }]) => [id, t]));
}

test('ticket index: updated per document, it answers as a full rebuild would, over 400 random changes', () => {
  let seed = 42;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 7 } });
  const tickets = (): ReportTickets => {
    const ids = Array.from({ length: random(4) }, () => `DM-${random(6)}`);
    return {
      definitions: ids.filter(() => random(3) === 0).map((id, i) => ({ id, title: `T${random(100)}`, range: range(i) })),
      mentions: ids.map((id, i) => ({ id, range: range(i), definition: false })),
      recency: random(5) - 1,
    };
  };
  const index = new ReportTicketIndex<ReportTickets>();
  const disk = new Map<string, ReportTickets>();
  const open = new Map<string, ReportTickets>();
  for (let step = 0; step < 400; step++) {
    const uri = `file:///ws/${random(5)}.md`;
    const op = random(4);
    if (op === 0) {
      disk.set(uri, tickets());
      index.setDisk(uri, disk.get(uri)!);
    } else if (op === 1) {
      open.set(uri, tickets());
      index.setOpen(uri, open.get(uri)!);
    } else if (op === 2) {
      disk.delete(uri);
      index.removeDisk(uri);
    } else {
      open.delete(uri);
      index.removeOpen(uri);
    }
    const expected = rebuilt(disk, open);
    for (let n = 0; n < 6; n++) assert.deepEqual(index.get(`DM-${n}`), expected.get(`DM-${n}`), `step ${step}, DM-${n}`);
    assert.deepEqual(new Set([...index.all()].map((t) => t.id)), new Set(expected.keys()), `step ${step}`);
  }
});
