/**
 * Latency of the bundled server (`dist/server.js`) over stdio on large reports,
 * with `diagnostics.debounceMs` 0 — a measuring tool for per-section
 * re-analysis, not a test and not the benchmark (`npm run bench`): it prints,
 * it never fails on speed.
 *
 *   node --import tsx scripts/latency.ts [1mb|10mb|10mb-distinct|headings|teams ...] [--keys N] [--no-requests] [--cpu-prof DIR] [--server dist/server.js]
 *
 * Inputs (generated, never written to disk; the workspace folder is an empty
 * temporary directory so the start-up scan reads nothing):
 * - `1mb`: the reference report (samples/dm-monthly-report-2017-04.md) 16 times
 *   in one file, each copy with its own period heading (April 2017 onwards);
 * - `10mb`: the same, 165 copies; `10mb-distinct`: 162 copies, each heading followed by a line
 *   naming its copy, so that no two blocks have the same text;
 * - `headings`: a report opening, then 50,000 headings `### Topic N` each with a line of text;
 * - `teams`: a report opening, then 16,667 teams of three headings each
 *   (`### Team N`, `#### Current accomplishments`, `#### Planned activities`: 50,000
 *   headings; every team lacks its Recruitment update, a safe fix each).
 * For each: open → first diagnostics; `--keys` one-character edits in the middle
 * (insert, then delete) → publishDiagnostics of that version; then one of each
 * request: documentSymbol, documentLink, hover, codeAction (quick fixes at a
 * line), dmReport/structure, codeAction with only `source.fixAll` (fix-all).
 * Times in milliseconds.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { manyHeadings, manyTeams, repeatedReport } from './latencyInputs.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

function inputs(name: string): { text: string; needle: string } {
  switch (name) {
    case '1mb':
      return { text: repeatedReport(16), needle: 'The DRP team has continued to cooperate' };
    case '10mb':
      return { text: repeatedReport(165), needle: 'The DRP team has continued to cooperate' };
    case '10mb-distinct':
      return { text: repeatedReport(162, true), needle: 'The DRP team has continued to cooperate' };
    case 'headings':
      return { text: manyHeadings(50_000), needle: 'Some text about topic' };
    case 'teams':
      return { text: manyTeams(16_667), needle: '- Plan ' };
    default:
      throw new Error(`unknown input ${name} (1mb, 10mb, 10mb-distinct, headings, teams)`);
  }
}

/** 0-based position of the middle occurrence of `needle`. */
function middle(text: string, needle: string): { line: number; character: number; offset: number } {
  const all: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) all.push(at);
  const offset = all[Math.floor(all.length / 2)] + 3;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1), offset };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs: number[]) => Math.max(...xs);
/** The server measured: `--server PATH`, default this checkout's dist/server.js (`npm run build`). */
let SERVER = resolve(ROOT, 'dist/server.js');

/** A request that takes longer is given up (the server is killed): `DM_LATENCY_TIMEOUT_MS`, default 180 s. */
const TIMEOUT_MS = Number(process.env.DM_LATENCY_TIMEOUT_MS ?? 180_000);
const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * CPU time the server process has used, in milliseconds (user + system, from /proc: Linux only,
 * 10 ms ticks), undefined elsewhere. On a loaded machine the wall times grow; this does much less.
 */
function cpuOf(pid: number): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
const cpu = (a: number | undefined, b: number | undefined, n = 1) => (a === undefined || b === undefined ? '' : `, server CPU ${ms((b - a) / n)}`);

async function run(name: string, keys: number, cpuProf?: string, requests = true): Promise<void> {
  const { text, needle } = inputs(name);
  const workspace = mkdtempSync(join(tmpdir(), 'dm-report-latency-'));
  const uri = pathToFileURL(join(workspace, 'big-report.md')).href;
  const args = [...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`, `--cpu-prof-name=${name}.cpuprofile`] : []), SERVER, '--stdio'];
  const child = spawn(process.execPath, ['--max-old-space-size=4096', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: ((p: PublishDiagnosticsParams) => void)[] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri) for (const w of waiters.splice(0)) w(p);
  });
  conn.listen();
  const published = (version: number) =>
    new Promise<PublishDiagnosticsParams>((res) => {
      const wait = (p: PublishDiagnosticsParams) => (p.version === version ? res(p) : waiters.push(wait));
      waiters.push(wait);
    });
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
    initializationOptions: { settings: { diagnostics: { debounceMs: 0 } } },
    workspaceFolders: null,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  const lines = text.split('\n').length;
  console.log(`\n${name}: ${(text.length / 1e6).toFixed(2)} MB, ${lines} lines, ${(text.match(/^#{1,6} /gm) ?? []).length} headings`);

  let t = performance.now();
  let c0 = cpuOf(child.pid!);
  const first = published(1);
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const firstDiagnostics = await first;
  console.log(`  open → first diagnostics      ${ms(performance.now() - t)} (${firstDiagnostics.diagnostics.length} diagnostics${cpu(c0, cpuOf(child.pid!))})`);

  const at = middle(text, needle);
  const strokes: number[] = [];
  let version = 1;
  c0 = cpuOf(child.pid!);
  for (let i = 0; i < keys; i++) {
    version++;
    const insert = i % 2 === 0;
    const range = insert
      ? { start: { line: at.line, character: at.character }, end: { line: at.line, character: at.character } }
      : { start: { line: at.line, character: at.character }, end: { line: at.line, character: at.character + 1 } };
    const next = published(version);
    t = performance.now();
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? 'X' : '' }] });
    await next;
    strokes.push(performance.now() - t);
  }
  if (keys > 0) {
    console.log(`  keystroke → diagnostics       median ${ms(median(strokes))}, max ${ms(max(strokes))} (${keys} edits at line ${at.line + 1}${cpu(c0, cpuOf(child.pid!), keys)} per edit)`);
  }

  const late = requests && (await requestsOf(conn, uri, text, at, child.pid!).then(() => false, () => true));
  if (late) child.kill();
  else {
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    await new Promise((res) => child.on('exit', res));
  }
  conn.dispose();
  rmSync(workspace, { recursive: true, force: true });
}

/** One request of each kind, timed. */
async function requestsOf(conn: ProtocolConnection, uri: string, text: string, at: { line: number; character: number }, pid: number): Promise<void> {
  const request = async (label: string, send: () => Promise<unknown>) => {
    const t0 = performance.now();
    const c = cpuOf(pid);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((res) => (timer = setTimeout(() => res('late'), TIMEOUT_MS)));
    const result = await Promise.race([send(), late]);
    clearTimeout(timer);
    if (result === 'late') {
      console.log(`  ${label.padEnd(29)} > ${TIMEOUT_MS / 1000} s (gave up)`);
      throw new Error('late');
    }
    const size = Array.isArray(result) ? `${result.length} items` : result ? 'answer' : 'null';
    console.log(`  ${label.padEnd(29)} ${ms(performance.now() - t0)} (${size}${cpu(c, cpuOf(pid))})`);
  };
  const textDocument = { uri };
  const line = (l: number) => ({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } });
  await request('documentSymbol', () => conn.sendRequest(DocumentSymbolRequest.type, { textDocument }));
  await request('documentLink', () => conn.sendRequest(DocumentLinkRequest.type, { textDocument }));
  await request('hover (text)', () => conn.sendRequest(HoverRequest.type, { textDocument, position: at }));
  await request('hover (ticket)', () => conn.sendRequest(HoverRequest.type, { textDocument, position: middle(text, 'DM-1') }));
  await request('codeAction (quick fixes)', () => conn.sendRequest(CodeActionRequest.type, { textDocument, range: line(at.line), context: { diagnostics: [] } }));
  await request('dmReport/structure', () => conn.sendRequest('dmReport/structure', { uri }));
  await request('fix-all (source.fixAll)', () =>
    conn.sendRequest(CodeActionRequest.type, { textDocument, range: line(0), context: { diagnostics: [], only: ['source.fixAll'] } }),
  );
}

const argv = process.argv.slice(2);
const opt = (flag: string) => {
  const i = argv.indexOf(flag);
  if (i < 0) return undefined;
  const [, value] = argv.splice(i, 2);
  return value;
};
const keys = Number(opt('--keys') ?? 20);
const cpuProf = opt('--cpu-prof');
SERVER = resolve(opt('--server') ?? SERVER);
const requests = !argv.includes('--no-requests');
if (!requests) argv.splice(argv.indexOf('--no-requests'), 1);
void (async () => {
  for (const name of argv.length ? argv : ['1mb', '10mb', 'headings', 'teams']) await run(name, keys, cpuProf, requests);
})();
