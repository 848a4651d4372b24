/**
 * The workspace index under load, measured (printed, never asserted): 120 distinct copies of the
 * reference report (each its own period, file name and ticket numbers) in a temporary workspace
 * folder; the bundled server started over stdio on it; a report outside the folder opened, and
 * hovers sent one after another for as long as the start-up scan runs. Prints the scan's duration
 * (initialized → the scan's log line), the worst and median hover round trip during the scan, and
 * the server's resident memory once the scan is done (`VmRSS` and its peak `VmHWM` of
 * /proc/PID/status).
 *
 *   node --import tsx test/bench/scanIndex.ts [SERVER_JS] [COUNT]
 *
 * SERVER_JS defaults to dist/server.js (another build compares a before and an after);
 * COUNT defaults to 120.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { reportCopy } from '../support/series.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** `VmRSS` and `VmHWM` of a process, in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

async function main(): Promise<void> {
  const server = resolve(process.argv[2] ?? 'dist/server.js');
  const count = Number(process.argv[3] ?? 120);
  const reference = readFileSync(resolve('samples/dm-monthly-report-2017-04.md'), 'utf8');
  const ws = mkdtempSync(join(tmpdir(), 'dm-report-scan-'));
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const { name, text } = reportCopy(reference, i);
    writeFileSync(join(ws, name), text);
    bytes += Buffer.byteLength(text);
  }
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onRequest(WorkDoneProgressCreateRequest.type, (): void => {});
  let scanned: (message: string) => void = () => {};
  const scanDone = new Promise<string>((res) => (scanned = res));
  conn.onNotification(LogMessageNotification.type, (p) => {
    if (/Markdown files of the workspace|reports of the workspace/.test(p.message)) scanned(p.message);
  });
  conn.listen();
  const uri = pathToFileURL(join(tmpdir(), 'dm-report-open.md')).href;
  const published = new Promise<void>((res) => conn.onNotification(PublishDiagnosticsNotification.type, () => res()));
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(ws).href,
    capabilities: { window: { workDoneProgress: true } },
    workspaceFolders: null,
  });
  const lines = reference.split('\n');
  const line = lines.findIndex((l) => l.includes('(DM-10441)'));
  const position = { line, character: lines[line].indexOf('DM-10441') + 3 };
  const started = performance.now();
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: reference } });
  await published;
  let done = false;
  let log = '';
  void scanDone.then((m) => {
    done = true;
    log = m;
  });
  const hovers: number[] = [];
  let scanMs = NaN;
  while (!done) {
    const t = performance.now();
    await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    hovers.push(performance.now() - t);
  }
  scanMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 500));
  const memory = memoryOf(child.pid!);
  console.log(`server: ${server}`);
  console.log(`workspace: ${count} reports, ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  console.log(`scan: ${scanMs.toFixed(0)} ms from initialized to the scan's log line (${log})`);
  console.log(`hover during the scan: ${hovers.length} requests, worst ${Math.max(...hovers).toFixed(1)} ms, median ${median(hovers).toFixed(1)} ms`);
  console.log(`server memory after the scan: VmRSS ${memory.rss.toFixed(0)} MiB, peak VmHWM ${memory.peak.toFixed(0)} MiB`);
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  conn.dispose();
  rmSync(ws, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) void main();
