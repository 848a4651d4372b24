/**
 * `npm run bench`: first how much our analysis costs next to the bare
 * remark-parse parse of the same text (the floor), on the reference report, in
 * one process; the hover/completion round trip to the bundled server over
 * stdio; the ticket hover with Jira, cold and warm cache. Then every figure of
 * the goals table of issue 14, measured in this one run (./cliFigures.ts,
 * ./serverFigures.ts): our CLI side by side with markdownlint-cli2 and rumdl
 * on 120 generated distinct reports, the keystroke and start-up scan latency,
 * the hostile inputs; each figure capped (`> 30 s (cap)`), the whole run
 * bounded (`BENCH_DEADLINE_MS`, default 8 min after the start: figures not
 * started by then are "not measured", loops within a figure stop). Ends with
 * the goals table in Markdown (figure | measured | goal). Not a test: nothing
 * here fails on a slow machine; the exit code is 1 only when the harness
 * itself broke (a figure threw).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
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
import { REFERENCE_TEXT } from '../support/reference.ts';
import { distinctReports } from '../support/workloads.ts';
import { CAP_MS, DEADLINE_MS, formatMb, formatMs, formatTiming, pastDeadline } from './measure.ts';
import { cliOnQuoteLine, sideBySide, sideRatio, type SideBySide } from './cliFigures.ts';
import { headings50k, hostileInputs, keystroke1MB, noHeadings1MB, pathologicalHover, scanFigure } from './serverFigures.ts';

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

/** One row of the goals table: the figure as issue 14 names it, what this run measured, the goal. */
interface Row {
  figure: string;
  measured: string;
  goal: string;
}

/** The commit measured (`git rev-parse --short HEAD`), or `?` outside a Git checkout. */
function commit(): string {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '?';
}

/** The figures of issue 14's goals table, measured side by side in this run; prints them as a Markdown table. */
async function goals(): Promise<boolean> {
  const started = performance.now();
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  const loadAtStart = load();
  let broke = false;
  /** Runs one figure unless the run's deadline passed; a figure that throws is reported (the harness broke). */
  async function figure<T>(name: string, run: () => Promise<T>): Promise<T | 'skipped' | 'error'> {
    if (pastDeadline()) {
      console.log(`\n${name}: not measured (the bench's ${DEADLINE_MS / 60_000} min deadline passed)`);
      return 'skipped';
    }
    try {
      return await run();
    } catch (e) {
      broke = true;
      console.log(`\n${name}: the harness failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return 'error';
    }
  }
  const notMeasured = (r: 'skipped' | 'error') => (r === 'skipped' ? 'not measured (deadline)' : 'not measured (harness error)');

  const scratch = mkdtempSync(join(tmpdir(), 'dm-report-bench-goals-'));
  try {
    const reportsDir = join(scratch, 'reports');
    mkdirSync(reportsDir);
    const reports = distinctReports(REFERENCE_TEXT);
    for (const r of reports) writeFileSync(join(reportsDir, r.name), r.text);
    const bytes = reports.reduce((sum, r) => sum + Buffer.byteLength(r.text), 0);
    console.log(`\nissue 14 figures (${cpus().length} cores, Node ${process.version}, commit ${commit()}, load average ${loadAtStart}; cap ${CAP_MS / 1000} s per figure)`);

    const side = await figure('CLI side by side', () => sideBySide(reportsDir, reports.map((r) => join(reportsDir, r.name)), bytes, scratch));
    const quote = await figure("CLI on one line of 100,000 '>'", () => cliOnQuoteLine(scratch));
    const key1 = await figure('keystroke in a 1 MB report', () => keystroke1MB(scratch));
    const scan = await figure('120-report scan', () => scanFigure(reportsDir, reports[60]));
    const patho = await figure('hover while a pathological report is open', () => pathologicalHover(scratch));
    const hostile = await figure('10 MB report and hostile inputs', () => hostileInputs(scratch));
    const noHead = await figure("1 MB of '<a <b <c' lines", () => noHeadings1MB(scratch));
    const heads = await figure('50,000 headings', () => headings50k(scratch));

    const rows: Row[] = [];
    const t = side !== 'skipped' && side !== 'error' ? side.timings : undefined;
    const sideMeasured = (f: () => string) => (typeof side === 'string' ? notMeasured(side) : f());
    rows.push({ figure: 'cold CLI, 120 distinct reports ÷ markdownlint-cli2', measured: sideMeasured(() => sideRatio(side as SideBySide, 'ours-cold', 'markdownlint-cli2')), goal: '≤ 0.35' });
    rows.push({ figure: 'cold CLI ÷ rumdl `--no-cache`', measured: sideMeasured(() => sideRatio(side as SideBySide, 'ours-cold', 'rumdl-no-cache')), goal: '≤ 6' });
    rows.push({
      figure: 'warm CLI (`--cache`, nothing changed) ÷ rumdl `--no-cache`',
      measured: sideMeasured(() => (typeof side !== 'string' && side.cache ? sideRatio(side, 'ours-warm', 'rumdl-no-cache') : 'n/a (no --cache yet)')),
      goal: '≤ 1',
    });
    rows.push({
      figure: 'one keystroke in a 1 MB report → diagnostics (debounce 0)',
      measured: typeof key1 === 'string' ? notMeasured(key1) : key1.open?.capped ? `not reached: first diagnostics ${formatTiming(key1.open)}` : `${formatTiming(key1.timing)} (median of ${key1.count})`,
      goal: '≤ 40 ms',
    });
    rows.push({
      figure: 'worst request wait during a 120-report scan',
      measured:
        typeof scan === 'string'
          ? notMeasured(scan)
          : `${formatTiming(scan.worstWait)} (${scan.hovers} hovers; after the open report's first diagnostics ${formatTiming(scan.worstAfterOpen)}; ` +
            `${scan.scanEnded ? `scan ${formatMs(scan.scanMs ?? NaN)}` : 'scan end not seen'})`,
      goal: '≤ 250 ms',
    });
    rows.push({ figure: 'hover elsewhere while a pathological report is open', measured: typeof patho === 'string' ? notMeasured(patho) : formatTiming(patho), goal: '≤ 1 s' });
    rows.push({
      figure: 'CLI on one line of 100,000 `>`',
      measured: typeof quote === 'string' ? notMeasured(quote) : `${formatTiming(quote.timing)}${quote.timing.capped ? '' : quote.skippedNote ? ', a diagnostic says what was skipped' : ', no diagnostic says what was skipped'}`,
      goal: '≤ 10 s, with a diagnostic saying what was skipped',
    });
    rows.push({ figure: 'server RSS with 120 reports indexed', measured: typeof scan === 'string' ? notMeasured(scan) : `${formatMb(scan.rssBytes)}${scan.scanEnded ? '' : ' (scan unfinished)'}`, goal: '≤ 200 MB' });
    rows.push({
      figure: '10 MB report: first diagnostics / fix-all / keystroke',
      measured: typeof hostile === 'string' ? notMeasured(hostile) : [hostile.open, hostile.fixAll, hostile.keystroke].map(formatTiming).join(' / '),
      goal: '≤ 3 s / ≤ 5 s / ≤ 300 ms',
    });
    rows.push({
      figure: '1 MB without headings (`<a <b` lines): keystroke → diagnostics',
      measured: typeof noHead === 'string' ? notMeasured(noHead) : noHead.open?.capped ? `not reached: first diagnostics ${formatTiming(noHead.open)}` : formatTiming(noHead.keystroke),
      goal: '≤ 1 s (split large blocks; budget)',
    });
    rows.push({
      figure: '50,000 headings: every request, fix-all',
      measured:
        typeof heads === 'string'
          ? notMeasured(heads)
          : heads.open?.capped
            ? `not reached: first diagnostics ${formatTiming(heads.open)}`
            : `slowest ${heads.slowest ? `${formatTiming(heads.slowest.timing)} (${heads.slowest.name})` : 'not measured'}, fix-all ${formatTiming(heads.fixAll)}`,
      goal: 'each ≤ 2 s, fix-all ≤ 10 s',
    });
    rows.push({
      figure: 'peak RSS of a server after the hostile inputs above',
      measured: typeof hostile === 'string' ? notMeasured(hostile) : `${hostile.killed ? '≥ ' : ''}${formatMb(hostile.peakBytes)} (${hostile.killed ? 'killed at a cap after ' : 'after '}${hostile.took.join(', ')})`,
      goal: '≤ 400 MB',
    });

    if (typeof side !== 'string' && t?.['rumdl-warm']) console.log(`\nrumdl with its cache warm: ${formatTiming(t['rumdl-warm'])} (median); cold CLI ÷ rumdl warm: ${sideRatio(side, 'ours-cold', 'rumdl-warm')}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`\n## Issue 14 goals, measured by \`npm run bench\` (commit ${commit()}, ${cpus().length} cores, load average ${loadAtStart} at start, ${load()} at end, ${seconds} s)\n`);
    console.log('| figure | measured | goal |');
    console.log('|---|---|---|');
    for (const r of rows) console.log(`| ${r.figure} | ${r.measured} | ${r.goal} |`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return !broke;
}

void roundTripBench()
  .then(ticketHoverBench)
  .then(goals)
  .then(
    (ok) => process.exit(ok ? 0 : 1),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
