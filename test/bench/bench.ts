/**
 * `npm run bench`: how much our analysis costs next to the bare remark-parse
 * parse of the same text (the floor), on the reference report, in one process;
 * and the hover/completion round trip to the bundled server over stdio.
 * Prints medians in milliseconds and ratios. Not a test: nothing here fails
 * on a slow machine.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
import { ReportEngine } from '../../server/src/engine.ts';

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

void roundTripBench();
