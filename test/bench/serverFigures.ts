/**
 * The server figures of `npm run bench`: the bundled server (`dist/server.js
 * --stdio`) driven by the protocol tests' client (test/protocol/lsp.ts), one
 * fresh server per figure, every wait capped. A server that passed a cap is
 * stuck in a computation: it is killed (SIGKILL) and the figures it had left
 * are "not measured". Memory is the server process's /proc VmRSS and VmHWM.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  CancellationTokenSource,
  CodeActionRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type PublishDiagnosticsParams,
  type ProtocolRequestType,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { OpenDocument, positionOf, TestClient } from '../protocol/lsp.ts';
import { REFERENCE_TEXT } from '../support/reference.ts';
import { binaryText, longLine, manyHeadings, quoteLine, repeatReport, unclosedTagLines } from '../support/workloads.ts';
import { FIX_ALL_KIND } from '../../server/src/features/codeActions.ts';
import { CAP_MS, capped, formatMb, formatMs, formatTiming, medianTiming, pastDeadline, processMemory, sleep, type Timing } from './measure.ts';

/** Where the keystrokes of the repeated reports are typed: a Princeton bullet of the middle copy. */
const TYPED_AT = 'The DRP team has continued to cooperate';

/** A bundled server for one figure: the test client, and whether it still answers within the caps. */
class BenchServer {
  healthy = true;
  /** The memory read just before the server was killed. */
  private lastMemory: { rssBytes: number; peakBytes: number } | undefined;
  private constructor(readonly client: TestClient) {}

  /**
   * Starts and initializes a server on the folder `root`, with `dmReport.diagnostics.debounceMs` 0
   * (given as `initializationOptions.settings`; the client declares no `workspace/configuration`).
   */
  static async start(root: string): Promise<BenchServer> {
    const client = new TestClient({ configuration: false, root, initializationOptions: { settings: { diagnostics: { debounceMs: 0 } } } });
    // A killed server's pipes may still be written to: ignore EPIPE.
    client.child.stdin?.on('error', () => {});
    const server = new BenchServer(client);
    const init = await capped(client.initialize());
    if (init.timing.capped) server.kill();
    return server;
  }

  get pid(): number | undefined {
    return this.client.child.pid;
  }

  /** The server's VmRSS and VmHWM now (bytes); once killed, as they were just before. */
  memory(): { rssBytes: number; peakBytes: number } | undefined {
    return processMemory(this.pid) ?? this.lastMemory;
  }

  /** The next publishDiagnostics of `uri` at `version`; never rejects (a cap bounds the wait). */
  published(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.client.nextDiagnostics(uri, (p) => p.version === version, CAP_MS + 60_000).catch(() => new Promise<never>(() => {}));
  }

  /** didOpen → the document's first publishDiagnostics, capped; a capped wait kills the server. */
  async open(doc: OpenDocument): Promise<{ timing?: Timing; params?: PublishDiagnosticsParams }> {
    if (!this.healthy) return {};
    const waiting = this.published(doc.uri, doc.version);
    const started = performance.now();
    await this.client.open(doc.uri, doc.text, doc.version);
    const r = await capped(waiting, CAP_MS, started);
    if (r.timing.capped) this.kill();
    return { timing: r.timing, params: r.value };
  }

  /** One didChange (`edits`) → publishDiagnostics of its version, capped; a capped wait kills the server. */
  async keystroke(doc: OpenDocument, edits: TextEdit[]): Promise<Timing | undefined> {
    if (!this.healthy) return undefined;
    const waiting = this.published(doc.uri, doc.version + 1);
    const started = performance.now();
    await doc.send(edits);
    const r = await capped(waiting, CAP_MS, started);
    if (r.timing.capped) this.kill();
    return r.timing;
  }

  /** A request's round trip, capped; at the cap it is cancelled and the server killed. */
  async request<P, R>(type: ProtocolRequestType<P, R, unknown, unknown, unknown>, params: P): Promise<{ timing?: Timing; value?: R }> {
    if (!this.healthy) return {};
    const source = new CancellationTokenSource();
    const r = await capped(this.client.connection.sendRequest(type, params as never, source.token) as Promise<R>);
    if (r.timing.capped) {
      source.cancel();
      this.kill();
    }
    return r;
  }

  /** Stops the server: shutdown and exit when it answers, else SIGKILL. */
  async stop(): Promise<void> {
    if (this.healthy) {
      const r = await capped(this.client.shutdown(), 5000);
      if (!r.timing.capped) return;
    }
    this.kill();
  }

  /** SIGKILL: the server is stuck (or done with). */
  kill(): void {
    this.healthy = false;
    const c = this.client.child;
    this.lastMemory = processMemory(c.pid) ?? this.lastMemory;
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    this.client.connection.dispose();
  }
}

/** `count` typed characters in `doc` at `at` (an `X` inserted, then removed, and so on), after `warmUp` untimed ones. */
async function typing(server: BenchServer, doc: OpenDocument, at: { line: number; character: number }, count: number, warmUp: number): Promise<Timing[]> {
  const out: Timing[] = [];
  for (let i = 0; i < warmUp + count && server.healthy && !pastDeadline(); i++) {
    const insert = i % 2 === 0;
    const end = insert ? at : { line: at.line, character: at.character + 1 };
    const t = await server.keystroke(doc, [{ range: { start: at, end }, newText: insert ? 'X' : '' }]);
    if (t && (i >= warmUp || t.capped)) out.push(t);
  }
  return out;
}

const uriIn = (dir: string, name: string) => pathToFileURL(join(dir, name)).href;
const wholeDocument = (text: string) => ({ start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } });

/** The fix-all source action of `uri` (`source.fixAll.dmReport`), capped; how many edits it makes. */
async function fixAll(server: BenchServer, uri: string, text: string): Promise<{ timing?: Timing; edits?: number }> {
  const r = await server.request(CodeActionRequest.type, { textDocument: { uri }, range: wholeDocument(text), context: { diagnostics: [], only: [FIX_ALL_KIND] } });
  const action = (r.value ?? []).find((a): a is CodeAction => 'kind' in a && a.kind === FIX_ALL_KIND);
  const change = action?.edit?.documentChanges?.[0];
  const edits = change && 'edits' in change ? change.edits.length : action?.edit?.changes?.[uri]?.length;
  return { timing: r.timing, edits: r.value ? (edits ?? 0) : undefined };
}

/** A fresh empty folder under `scratch` for a server's workspace (the scan reads nothing). */
function emptyFolder(scratch: string, name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * One keystroke in a 1 MB report (16 copies of the reference in one file) → publishDiagnostics, debounce 0:
 * the median of `BENCH_KEYSTROKES` (default 20) after 3 untimed ones.
 */
export async function keystroke1MB(scratch: string): Promise<{ open?: Timing; timing?: Timing; count: number }> {
  const root = emptyFolder(scratch, 'keystroke-1mb');
  const text = repeatReport(REFERENCE_TEXT, 16);
  const server = await BenchServer.start(root);
  const doc = new OpenDocument(server.client, uriIn(root, 'dm-monthly-report-2017-04-x16.md'), text);
  const open = await server.open(doc);
  const count = Number(process.env.BENCH_KEYSTROKES ?? 20);
  const times = await typing(server, doc, positionOf(text, TYPED_AT, 8), count, 3);
  const timing = medianTiming(times);
  console.log(`\n1 MB report (16 copies of the reference, ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB), debounce 0:`);
  console.log(
    `  first diagnostics ${formatTiming(open.timing)}; keystroke → publishDiagnostics ` +
      (open.timing?.capped ? 'not reached' : `median ${formatTiming(timing)} of ${times.length}`) +
      (times.length && !timing?.capped ? `, max ${formatMs(Math.max(...times.map((t) => t.ms!)))}` : ''),
  );
  await server.stop();
  return { open: open.timing, timing, count: times.length };
}

/** The 120-report workspace scan: the worst hover wait while it ran, and the server's memory after. */
export interface ScanFigure {
  /** The worst wait of every hover sent during the scan (the first ones also wait for the open report's analysis). */
  worstWait?: Timing;
  /** The worst wait of the hovers sent after the open report's first diagnostics (the scan's own blocking). */
  worstAfterOpen?: Timing;
  hovers: number;
  /** didOpen → first publishDiagnostics of the open report, during the scan. */
  firstDiagnostics?: Timing;
  /** How long the scan took, as its log line says (ms). */
  scanMs?: number;
  /** Whether the scan's end (its `indexed N Markdown files` log line) came within the cap. */
  scanEnded: boolean;
  rssBytes?: number;
  peakBytes?: number;
}

/** The worse of two timings (a capped one is the worst). */
function worse(a: Timing | undefined, b: Timing): Timing {
  if (!a || b.capped) return b;
  return a.capped || a.ms >= b.ms ? a : b;
}

/**
 * Starts a server on `dir` (the 120 reports), opens one of them at once and hovers a ticket in it every
 * 20 ms (each hover waited for) until the start-up scan's log line `indexed N Markdown files` (or the cap);
 * then reads the server's VmRSS / VmHWM.
 */
export async function scanFigure(dir: string, open: { name: string; text: string }): Promise<ScanFigure> {
  const server = await BenchServer.start(dir);
  const started = performance.now();
  let scanLine: string | undefined;
  void server.client.logMessage((m) => /(?:read|indexed) \d+ Markdown files/.test(m), CAP_MS).then(
    (m) => (scanLine = m),
    () => undefined,
  );
  const uri = uriIn(dir, open.name);
  const doc = new OpenDocument(server.client, uri, open.text);
  let firstDiagnostics: Timing | undefined;
  void server.open(doc).then((r) => (firstDiagnostics = r.timing));
  const position = positionOf(open.text, 'DM-', 0, 3);
  const out: ScanFigure = { hovers: 0, scanEnded: false };
  while (scanLine === undefined && performance.now() - started < CAP_MS && server.healthy) {
    const sent = performance.now();
    const afterOpen = firstDiagnostics !== undefined;
    const r = await server.request(HoverRequest.type, { textDocument: { uri }, position });
    if (!r.timing) break;
    out.worstWait = worse(out.worstWait, r.timing);
    if (afterOpen) out.worstAfterOpen = worse(out.worstAfterOpen, r.timing);
    out.hovers++;
    await sleep(Math.max(0, 20 - (performance.now() - sent)));
  }
  const memory = server.memory();
  Object.assign(out, {
    firstDiagnostics,
    scanMs: scanLine ? Number(/in (\d+) ms/.exec(scanLine)?.[1] ?? NaN) : undefined,
    scanEnded: scanLine !== undefined,
    rssBytes: memory?.rssBytes,
    peakBytes: memory?.peakBytes,
  });
  console.log(`\nstart-up scan of the 120 reports (${dir}), ${open.name} open, a hover every 20 ms:`);
  console.log(`  ${scanLine ? `scan: "${scanLine}"` : `the scan's end was not seen within ${formatTiming({ capped: true, capMs: CAP_MS })}`}`);
  console.log(
    `  worst hover wait ${formatTiming(out.worstWait)} of ${out.hovers} hovers; after the open report's first diagnostics (${formatTiming(firstDiagnostics)}): ${formatTiming(out.worstAfterOpen)}`,
  );
  console.log(`  server memory after the scan: VmRSS ${formatMb(memory?.rssBytes)}, VmHWM ${formatMb(memory?.peakBytes)}`);
  await server.stop();
  return out;
}

/**
 * A hover on the reference (open, diagnostics published) 200 ms after a report of one line of 100,000 `>`
 * was opened next to it: the round trip, capped.
 */
export async function pathologicalHover(scratch: string): Promise<Timing | undefined> {
  const root = emptyFolder(scratch, 'pathological');
  const server = await BenchServer.start(root);
  const reference = new OpenDocument(server.client, uriIn(root, 'dm-monthly-report-2017-04.md'), REFERENCE_TEXT);
  await server.open(reference);
  const quote = new OpenDocument(server.client, uriIn(root, 'quote-line-100000.md'), quoteLine(100_000));
  const quoteOpened = performance.now();
  const quoteDiagnostics = server.published(quote.uri, 1).then(() => performance.now() - quoteOpened);
  await server.client.open(quote.uri, quote.text, 1);
  await sleep(200);
  const r = await server.request(HoverRequest.type, { textDocument: { uri: reference.uri }, position: positionOf(REFERENCE_TEXT, 'DM-10441', 0, 3) });
  const quoteMs = await Promise.race([quoteDiagnostics, sleep(0).then(() => undefined)]);
  const memory = server.memory();
  console.log(`\nhover on the reference while a report of one line of 100,000 '>' is open: ${formatTiming(r.timing)}`);
  console.log(`  the '>' report's first diagnostics: ${quoteMs === undefined ? 'not yet' : formatMs(quoteMs)}; server VmHWM ${formatMb(memory?.peakBytes)}`);
  await server.stop();
  return r.timing;
}

/** The 10 MB report's figures and the peak memory of the server after the hostile inputs in turn. */
export interface HostileFigure {
  open?: Timing;
  fixAll?: Timing;
  fixAllEdits?: number;
  keystroke?: Timing;
  /** VmHWM of the server after every input it took (bytes). */
  peakBytes?: number;
  /** The inputs it took (the last may have been cut at the cap). */
  took: string[];
  /** True when the server passed a cap and was killed: the peak is then a lower bound. */
  killed?: boolean;
}

/**
 * One server takes, in turn: the 10 MB report (164 copies of the reference; first diagnostics, the fix-all
 * code action, `BENCH_LARGE_KEYSTROKES` (default 3) keystrokes after one untimed, debounce 0), then
 * 1 MB of binary bytes and a 200,000-character line (each opened until its first diagnostics, then
 * closed); then its VmHWM.
 */
export async function hostileInputs(scratch: string): Promise<HostileFigure> {
  const root = emptyFolder(scratch, 'hostile');
  const server = await BenchServer.start(root);
  const out: HostileFigure = { took: [] };
  const big = repeatReport(REFERENCE_TEXT, 164);
  const doc = new OpenDocument(server.client, uriIn(root, 'dm-monthly-report-2017-04-x164.md'), big);
  console.log(`\n10 MB report (164 copies of the reference, ${(Buffer.byteLength(big) / 1e6).toFixed(2)} MB), then other hostile inputs, one server:`);
  out.took.push('10 MB report');
  out.open = (await server.open(doc)).timing;
  const fix = await fixAll(server, doc.uri, big);
  out.fixAll = fix.timing;
  out.fixAllEdits = fix.edits;
  const times = await typing(server, doc, positionOf(big, TYPED_AT, 82), Number(process.env.BENCH_LARGE_KEYSTROKES ?? 3), 1);
  out.keystroke = medianTiming(times);
  console.log(
    `  first diagnostics ${formatTiming(out.open)}; fix-all ${formatTiming(out.fixAll)}${fix.edits !== undefined ? ` (${fix.edits} edits)` : ''}; keystroke ${server.healthy || times.length ? `median ${formatTiming(out.keystroke)} of ${times.length}` : 'not reached'}`,
  );
  if (server.healthy) await server.client.close(doc.uri);
  const inputs: [string, string, string][] = [
    ['1 MB of binary bytes', 'binary-1mb.md', binaryText(1_000_000)],
    ['a 200,000-character line', 'long-line-200000.md', longLine(200_000)],
  ];
  for (const [what, name, text] of inputs) {
    if (!server.healthy) break;
    out.took.push(what);
    const input = new OpenDocument(server.client, uriIn(root, name), text);
    const r = await server.open(input);
    console.log(`  ${what}: first diagnostics ${formatTiming(r.timing)}${r.params ? ` (${r.params.diagnostics.length} diagnostics)` : ''}`);
    if (server.healthy) await server.client.close(input.uri);
  }
  const memory = server.memory();
  out.peakBytes = memory?.peakBytes;
  out.killed = !server.healthy;
  console.log(`  server after ${out.took.join(', ')}: VmRSS ${formatMb(memory?.rssBytes)}, VmHWM ${formatMb(memory?.peakBytes)}${server.healthy ? '' : ' (stuck at a cap, killed)'}`);
  await server.stop();
  return out;
}

/** 1 MB of `<a <b <c` lines (no heading: one block): first diagnostics, then the keystroke → diagnostics. */
export async function noHeadings1MB(scratch: string): Promise<{ open?: Timing; keystroke?: Timing }> {
  const root = emptyFolder(scratch, 'no-headings');
  const server = await BenchServer.start(root);
  const text = unclosedTagLines(1_000_000);
  const doc = new OpenDocument(server.client, uriIn(root, 'unclosed-tags-1mb.md'), text);
  const open = (await server.open(doc)).timing;
  const times = await typing(server, doc, { line: 55_555, character: 3 }, Number(process.env.BENCH_LARGE_KEYSTROKES ?? 3), 1);
  const keystroke = medianTiming(times);
  console.log(`\n1 MB of '<a <b <c' lines (no heading), debounce 0: first diagnostics ${formatTiming(open)}; keystroke median ${open?.capped ? 'not reached' : formatTiming(keystroke)}`);
  await server.stop();
  return { open, keystroke };
}

/** 50,000 headings: first diagnostics, each request's round trip, the slowest, and fix-all. */
export interface HeadingsFigure {
  open?: Timing;
  requests: { name: string; timing?: Timing }[];
  slowest?: { name: string; timing: Timing };
  fixAll?: Timing;
  fixAllEdits?: number;
}

/** A report of 50,000 headings (`manyHeadings`): hover, document symbols, a quick-fix code action, document links, then fix-all. */
export async function headings50k(scratch: string): Promise<HeadingsFigure> {
  const root = emptyFolder(scratch, 'headings');
  const server = await BenchServer.start(root);
  const text = manyHeadings(50_000);
  const uri = uriIn(root, 'headings-50000.md');
  const doc = new OpenDocument(server.client, uri, text);
  const open = await server.open(doc);
  const at = positionOf(text, '### Heading 25000', 0, 6);
  const onLine: Diagnostic[] = (open.params?.diagnostics ?? []).filter((d) => d.range.start.line === at.line);
  const out: HeadingsFigure = { open: open.timing, requests: [] };
  const line = { start: { line: at.line, character: 0 }, end: { line: at.line, character: '### Heading 25000'.length } };
  const requests: [string, () => Promise<{ timing?: Timing }>][] = [
    ['hover', () => server.request(HoverRequest.type, { textDocument: { uri }, position: at })],
    ['documentSymbol', () => server.request(DocumentSymbolRequest.type, { textDocument: { uri } })],
    ['codeAction', () => server.request(CodeActionRequest.type, { textDocument: { uri }, range: line, context: { diagnostics: onLine } })],
    ['documentLink', () => server.request(DocumentLinkRequest.type, { textDocument: { uri } })],
  ];
  for (const [name, send] of requests) {
    const timing = (await send()).timing;
    out.requests.push({ name, timing });
    if (timing && (!out.slowest || timing.capped || (!out.slowest.timing.capped && timing.ms > out.slowest.timing.ms!))) out.slowest = { name, timing };
  }
  const fix = await fixAll(server, uri, text);
  out.fixAll = fix.timing;
  out.fixAllEdits = fix.edits;
  const memory = server.memory();
  console.log(`\n50,000 headings (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB): first diagnostics ${formatTiming(open.timing)}${open.params ? ` (${open.params.diagnostics.length} diagnostics)` : ''}`);
  console.log(`  ${out.requests.map((r) => `${r.name} ${formatTiming(r.timing)}`).join(', ')}; fix-all ${formatTiming(out.fixAll)}${fix.edits !== undefined ? ` (${fix.edits} edits)` : ''}; server VmHWM ${formatMb(memory?.peakBytes)}`);
  await server.stop();
  return out;
}
