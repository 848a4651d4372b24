/**
 * Measures what the parse budget is for (issue 14), on the bundled server and CLI — a
 * one-off measurement printed for the record, not a test and not the benchmark
 * (test/bench): nothing here is asserted.
 *
 *   node --import tsx scripts/measure-parse-budget.ts            # dist/ of this checkout
 *   DM_REPORT_SERVER=/tmp/old/dist/server.js DM_REPORT_CLI=/tmp/old/dist/cli.js node --import tsx scripts/measure-parse-budget.ts
 *   STEPS=keystroke,hostile WAIT_MS=900000 node --import tsx scripts/measure-parse-budget.ts   # some steps, a longer wait
 *
 * Prints, in milliseconds and megabytes:
 * 1. `dm-report check` on a report with one line of 100,000 `>` (wall time, peak RSS);
 * 2. the server: that report opened, then the reference report opened and hovered at once —
 *    the time to the hover's answer, and to the pathological report's first diagnostics;
 * 3. 1 MB of `<a <b <c` lines (no heading): open → diagnostics, then one keystroke →
 *    diagnostics (debounce 0);
 * 4. the other hostile inputs opened in turn (1,000-deep list, 64 KB of unclosed `<?` and of
 *    `<![CDATA[`), then the server's peak RSS (VmHWM, every thread included).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { CLI, OpenDocument, positionOf, SAMPLE_TEXT, SAMPLE_URI, SERVER, TestClient } from '../test/protocol/lsp.ts';
import { deepList, manyQuotes, reportAround, tagSoup, unclosed } from '../test/support/pathological.ts';

const WAIT = Number(process.env.WAIT_MS ?? 900_000);
/** The steps to run (`STEPS=cli,hover,keystroke,hostile`, default all). */
const STEPS = new Set((process.env.STEPS ?? 'cli,hover,keystroke,hostile').split(','));
const dir = mkdtempSync(join(tmpdir(), 'dm-budget-'));
const ms = (from: number) => Math.round(performance.now() - from);

async function main(): Promise<void> {
  console.log(`server ${SERVER}\ncli    ${CLI}`);

  // 1. The CLI on one line of 100,000 `>`.
  const quotesFile = join(dir, 'quotes.md');
  writeFileSync(quotesFile, reportAround(manyQuotes().body));
  if (STEPS.has('cli')) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, 'check', quotesFile], { encoding: 'utf8' });
    const [seconds, kb] = r.stderr.trim().split('\n').pop()!.split(' ');
    const skipped = r.stdout.split('\n').filter((l) => l.includes('parse-skipped'));
    console.log(`cli 100,000 '>': ${Math.round(Number(seconds) * 1000)} ms, peak RSS ${Math.round(Number(kb) / 1024)} MB, exit ${r.status}`);
    console.log(`  ${skipped[0] ?? '(no parse-skipped diagnostic)'}`);
  }

  // The workspace folder holds no pathological file: the start-up scan (which parses every report of the
  // folder, synchronously) would block the server up to the budget per part of one (SCAN_PATHOLOGICAL=1 shows it).
  const root = process.env.SCAN_PATHOLOGICAL ? dir : mkdtempSync(join(tmpdir(), 'dm-budget-root-'));
  const client = new TestClient({ configuration: true, settings: { diagnostics: { debounceMs: 0 } }, root });
  await client.initialize();

  // 2. A hover on another document while the pathological one is being parsed.
  if (STEPS.has('hover')) {
    const uri = pathToFileURL(quotesFile).href;
    const start = performance.now();
    const first = client.nextDiagnostics(uri, () => true, WAIT).then(() => ms(start));
    await client.open(uri, readFileSync(quotesFile, 'utf8'));
    await client.open(SAMPLE_URI, SAMPLE_TEXT);
    // A document handle (a ticket's hover may wait for Jira).
    const asked = performance.now();
    const hovered = client.connection
      .sendRequest(HoverRequest.type, { textDocument: { uri: SAMPLE_URI }, position: positionOf(SAMPLE_TEXT, 'LDM-151', 0, 2) })
      .then(() => ms(asked));
    console.log(`hover on the reference (opened after it) while 100,000 '>' is open: answered after ${await hovered} ms; its first diagnostics after ${await first} ms`);
  }

  // 3. A keystroke in 1 MB of `<a <b <c` lines.
  if (STEPS.has('keystroke')) {
    const doc = new OpenDocument(client, pathToFileURL(join(dir, 'tags.md')).href, tagSoup().body);
    let start = performance.now();
    await doc.open(WAIT);
    console.log(`1 MB of '<a <b <c': open → diagnostics ${ms(start)} ms`);
    start = performance.now();
    await doc.edit([{ range: { start: { line: 500, character: 0 }, end: { line: 500, character: 0 } }, newText: 'x' }], WAIT);
    console.log(`  one keystroke → diagnostics ${ms(start)} ms`);
  }

  // 4. The other hostile inputs, then the peak RSS.
  for (const p of STEPS.has('hostile') ? [deepList(), unclosed('<?'), unclosed('<![CDATA[')] : []) {
    const doc = new OpenDocument(client, pathToFileURL(join(dir, `${p.name.replace(/\W+/g, '-')}.md`)).href, reportAround(p.body));
    const start = performance.now();
    await doc.open(WAIT);
    console.log(`${p.name}: open → diagnostics ${ms(start)} ms`);
  }
  const status = readFileSync(`/proc/${client.child.pid}/status`, 'utf8');
  const hwm = /VmHWM:\s+(\d+)/.exec(status)?.[1];
  const rss = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  console.log(`server peak RSS ${Math.round(Number(hwm) / 1024)} MB, now ${Math.round(Number(rss) / 1024)} MB`);
  await client.shutdown();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
