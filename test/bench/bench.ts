/**
 * `npm run bench`: how much our analysis costs next to the bare remark-parse
 * parse of the same text (the floor), on the reference report, in one process;
 * and the hover/completion round trip to the bundled server over stdio; and
 * the ticket hover with Jira, cold and warm cache.
 * Prints medians in milliseconds and ratios. Not a test: nothing here fails
 * on a slow machine.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  HoverRequest,
  CompletionRequest,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
} from 'vscode-languageserver-protocol/node';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import { issueFields, MockJira } from '../support/jiraServer.ts';

const file = resolve('samples/dm-monthly-report-2017-04.md');
const text = readFileSync(file, 'utf8');
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}
function time(fn: () => void, runs = RUNS): number[] {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}
async function roundTrips(send: () => Promise<unknown>, count = 200): Promise<number[]> {
  for (let i = 0; i < 20; i++) await send();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await send();
    out.push(performance.now() - t);
  }
  return out;
}
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

const processor = unified().use(remarkParse).freeze();
const engine = new ReportEngine();
let n = 0;

const bare = time(() => processor.parse(text));
const full = time(() => {
  const a = engine.analyze(`bench://full/${n++}`, text, 1);
  a.findings();
  engine.close(a.uri);
});

// One-character edit in the middle of the report (inside a Princeton paragraph), alternating so each version differs.
const at = text.indexOf('The DRP team has continued to cooperate');
const edited = [text.slice(0, at) + 'X' + text.slice(at), text];
engine.analyze('bench://edit', text, 0).findings();
let v = 1;
const parsedBlocks: number[] = [];
const reedit = time(() => {
  const a = engine.analyze('bench://edit', edited[v % 2], v);
  a.findings();
  parsedBlocks.push(a.parsed.parsedBlocks);
  v++;
});

console.log(`reference report: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB, ${text.split('\n').length} lines, ${RUNS} runs each (median)`);
console.log(`bare remark-parse (floor)          ${fmt(median(bare))}`);
console.log(`full analysis (parse+model+rules)  ${fmt(median(full))}   ratio ${(median(full) / median(bare)).toFixed(2)} x bare parse`);
console.log(
  `re-analysis after a 1-char edit    ${fmt(median(reedit))}   ratio ${(median(reedit) / median(bare)).toFixed(2)} x bare parse` +
    ` (blocks re-parsed: ${median(parsedBlocks)} of ${engine.get('bench://edit')!.parsed.blocks.length})`,
);

// Round trips over stdio to the bundled server.
async function roundTripBench(): Promise<void> {
const child = spawn(process.execPath, [resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
conn.listen();
const uri = pathToFileURL(file).href;
const diagnostics = new Promise<void>((res) => conn.onNotification(PublishDiagnosticsNotification.type, () => res()));
await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
await conn.sendNotification(InitializedNotification.type, {});
await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
await diagnostics;

const lines = text.split('\n');
const hoverLine = lines.findIndex((l) => l.includes('(DM-10441)'));
const hoverPos = { line: hoverLine, character: lines[hoverLine].indexOf('DM-10441') + 3 };
const complLine = lines.findIndex((l) => l.includes('[[DM-9997](#)]'));
const complPos = { line: complLine, character: lines[complLine].indexOf('DM-9997') + 3 };

const hover = await roundTrips(() => conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverPos }));
const completion = await roundTrips(() => conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: complPos }));
console.log(`hover round trip over stdio        median ${fmt(median(hover))}, p95 ${fmt(p95(hover))} (200 requests)`);
console.log(`completion round trip over stdio   median ${fmt(median(completion))}, p95 ${fmt(p95(completion))} (200 requests, after "DM-")`);
await conn.sendRequest(ShutdownRequest.type);
await conn.sendNotification(ExitNotification.type);
conn.dispose();
}

/**
 * Ticket hover latency with Jira: a local Jira-like server answering after
 * BENCH_JIRA_DELAY_MS (default 100 ms, a plausible network round trip); for
 * each of 30 tickets, the first hover (cold: the request to Jira), the second
 * (warm: memory), then the first hover of a restarted server (disk cache).
 */
async function ticketHoverBench(): Promise<void> {
  const delayMs = Number(process.env.BENCH_JIRA_DELAY_MS ?? 100);
  const count = 30;
  const jira = await MockJira.start();
  const ids = Array.from({ length: count }, (_, i) => `DM-${8000 + i}`);
  for (const id of ids) jira.respond(id, { kind: 'issue', fields: issueFields({ summary: `Ticket ${id}`, status: 'Done', type: 'Story' }), delayMs });
  const tmp = mkdtempSync(join(tmpdir(), 'dm-report-bench-'));
  const ws = join(tmp, 'ws');
  mkdirSync(ws);
  writeFileSync(join(ws, '.dmreport.yaml'), `tickets:\n  jira:\n    baseUrl: ${jira.baseUrl}\n    timeoutMs: 1500\n`);
  const report = `# Data Management Monthly Report\n\n## April 2017\n\n${ids.map((id) => `- ${id}`).join('\n')}\n`;
  const reportUri = pathToFileURL(join(ws, 'report.md')).href;
  const env = { ...process.env, DM_REPORT_JIRA_TOKEN: 'bench-token', DM_REPORT_CACHE_DIR: join(tmp, 'cache') };
  const startServer = async () => {
    const child = spawn(process.execPath, [resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.listen();
    const published = new Promise<void>((res) => conn.onNotification(PublishDiagnosticsNotification.type, () => res()));
    await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(ws).href, capabilities: {}, workspaceFolders: null });
    await conn.sendNotification(InitializedNotification.type, {});
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: reportUri, languageId: 'markdown', version: 1, text: report } });
    await published;
    const hover = async (i: number) => {
      const t = performance.now();
      await conn.sendRequest(HoverRequest.type, { textDocument: { uri: reportUri }, position: { line: 4 + i, character: 4 } });
      return performance.now() - t;
    };
    const stop = async () => {
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
      conn.dispose();
    };
    return { hover, stop };
  };
  const first = await startServer();
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < count; i++) {
    cold.push(await first.hover(i));
    warm.push(await first.hover(i));
  }
  await first.stop();
  const second = await startServer();
  const disk: number[] = [];
  const askedBefore = jira.requests.length;
  for (let i = 0; i < count; i++) disk.push(await second.hover(i));
  await second.stop();
  await jira.close();
  rmSync(tmp, { recursive: true, force: true });
  console.log(`ticket hover, Jira answering in ${delayMs} ms (${count} tickets, median / p95):`);
  console.log(`  cold (asks Jira)                 ${fmt(median(cold))} / ${fmt(p95(cold))}`);
  console.log(`  warm (memory cache)              ${fmt(median(warm))} / ${fmt(p95(warm))}`);
  console.log(`  restarted server (disk cache)    ${fmt(median(disk))} / ${fmt(p95(disk))}   Jira requests: ${askedBefore} before the restart, ${jira.requests.length - askedBefore} after (${count} tickets)`);
}

void roundTripBench().then(ticketHoverBench);
