/**
 * The CLI figures of `npm run bench`: our CLI (`dist/cli.js check`) side by
 * side with markdownlint-cli2 and rumdl (devDependencies) on the same 120
 * generated reports, in rounds that run every tool once (so that a change in
 * the machine's load hits all of them), and our CLI on one line of 100,000 `>`.
 * Every run is a real process, timed from spawn to exit, killed at its cap.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CLI, ROOT } from '../protocol/lsp.ts';
import { quoteLine } from '../support/workloads.ts';
import { CAP_MS, formatMb, formatRatio, formatTiming, median, medianTiming, pastDeadline, runTimed, type ProcessRun, type Timing } from './measure.ts';

/** How a tool is started: the command and the arguments before the files. */
interface Tool {
  name: string;
  command: string;
  args: string[];
}

/** rumdl's native binary (`@rumdl/cli-<platform>-<arch>`, the optional dependency `npm i -D rumdl` brings), else its Node wrapper. */
function rumdlCommand(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve(`@rumdl/cli-${process.platform}-${process.arch}/package.json`);
    const binary = join(pkg, '..', process.platform === 'win32' ? 'rumdl.exe' : 'rumdl');
    if (existsSync(binary)) return binary;
  } catch {
    // Not installed for this platform: the wrapper says why.
  }
  return resolve(ROOT, 'node_modules/.bin/rumdl');
}

/** What `dm-report check --help` offers: `--cache` (and `--cache-location`) once the CLI has them. */
export async function cliCacheOptions(): Promise<{ cache: boolean; cacheLocation: boolean }> {
  const help = await runTimed(process.execPath, [CLI, 'check', '--help'], ROOT, CAP_MS);
  const text = help.stdout + help.stderr;
  return { cache: /--cache\b(?!-)/.test(text), cacheLocation: /--cache-location\b/.test(text) };
}

/** The problems a run printed: lines that start with `file.md:LINE` (ours, rumdl and markdownlint-cli2 all print so). */
function problemLines(run: ProcessRun): number {
  return (run.stdout + run.stderr).split('\n').filter((l) => /^\S*\.md:\d+/.test(l)).length;
}

/** The kinds of run of the side-by-side rounds. */
export type RunKind = 'ours-cold' | 'markdownlint-cli2' | 'rumdl-no-cache' | 'rumdl-warm' | 'ours-warm';

/** The side-by-side figures: each tool's time on the 120 reports, per round and median. */
export interface SideBySide {
  files: number;
  bytes: number;
  /** Each round's time of each kind (a failed run is missing). */
  rounds: Partial<Record<RunKind, Timing>>[];
  /** Median of each run kind; `ours-warm` is missing without `--cache`. */
  timings: Partial<Record<RunKind, Timing>>;
  /** Whether our CLI has `--cache`. */
  cache: boolean;
}

/**
 * Runs every tool on `files` (absolute paths in `dir`) once per round: our CLI cold (no `--cache`),
 * markdownlint-cli2 (its defaults), rumdl `check --no-cache`, rumdl `check` with its cache warm, our CLI
 * `--cache` with its cache warm (when the CLI has `--cache`). The warm caches are filled by one untimed run
 * first. Rounds: `BENCH_CLI_ROUNDS` (default 3), fewer when a run hit its cap or the rounds took
 * `BENCH_CLI_BUDGET_MS` (default 150 s). Prints one line per run.
 */
export async function sideBySide(dir: string, files: readonly string[], bytes: number, scratch: string): Promise<SideBySide> {
  const names = files.map((f) => f.slice(dir.length + 1));
  const { cache, cacheLocation } = await cliCacheOptions();
  const cacheArgs = cache ? ['--cache', ...(cacheLocation ? ['--cache-location', join(scratch, 'dm-report-cache')] : [])] : [];
  const rumdl = rumdlCommand();
  const tools: Record<RunKind, Tool> = {
    'ours-cold': { name: 'dm-report check', command: process.execPath, args: [CLI, 'check'] },
    'markdownlint-cli2': { name: 'markdownlint-cli2', command: process.execPath, args: [resolve(ROOT, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs')] },
    'rumdl-no-cache': { name: 'rumdl check --no-cache', command: rumdl, args: ['check', '--no-cache'] },
    'rumdl-warm': { name: 'rumdl check (cache warm)', command: rumdl, args: ['check'] },
    'ours-warm': { name: `dm-report check ${cacheArgs.join(' ')} (cache warm)`, command: process.execPath, args: [CLI, 'check', ...cacheArgs] },
  };
  const kinds = (Object.keys(tools) as RunKind[]).filter((k) => k !== 'ours-warm' || cache);
  console.log(`\n120 distinct reports side by side: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB, in ${dir}`);
  console.log(`  rumdl: ${rumdl}`);
  if (!cache) console.log('  dm-report check --help lists no --cache: warm CLI not measured');
  // Fill the warm caches (untimed).
  await runTimed(tools['rumdl-warm'].command, [...tools['rumdl-warm'].args, ...names], dir);
  if (cache) await runTimed(tools['ours-warm'].command, [...tools['ours-warm'].args, ...names], dir);

  const maxRounds = Number(process.env.BENCH_CLI_ROUNDS ?? 3);
  const budgetMs = Number(process.env.BENCH_CLI_BUDGET_MS ?? 150_000);
  const rounds: SideBySide['rounds'] = [];
  const started = performance.now();
  let stop = false;
  while (rounds.length < maxRounds && !stop) {
    const round: SideBySide['rounds'][number] = {};
    rounds.push(round);
    for (const kind of kinds) {
      const tool = tools[kind];
      const run = await runTimed(tool.command, [...tool.args, ...names], dir);
      const failed = run.code !== null && run.code > 1;
      console.log(
        `  round ${rounds.length}  ${tool.name.padEnd(44)} ${formatTiming(run.timing).padStart(12)}  exit ${run.code ?? 'killed'}, ${problemLines(run)} problem lines, peak RSS ${formatMb(run.peakRssBytes)}` +
          (failed ? `\n    failed: ${(run.stderr || run.stdout).trim().split('\n').slice(0, 3).join(' / ')}` : ''),
      );
      if (!failed) round[kind] = run.timing;
      if (run.timing.capped) stop = true;
    }
    if (performance.now() - started > budgetMs || pastDeadline()) stop = true;
  }
  const timings: SideBySide['timings'] = {};
  for (const kind of kinds) timings[kind] = medianTiming(rounds.flatMap((r) => (r[kind] ? [r[kind]] : [])));
  return { files: files.length, bytes, rounds, timings, cache };
}

/**
 * `a ÷ b` side by side: the median of the rounds' ratios (each round ran both under the same load),
 * with the median times; when a run was capped, the bound the medians give (`formatRatio`).
 */
export function sideRatio(side: SideBySide, a: RunKind, b: RunKind): string {
  const both = side.rounds.filter((r) => r[a] && r[b]);
  if (both.length === 0 || both.some((r) => r[a]!.capped || r[b]!.capped)) return formatRatio(side.timings[a], side.timings[b]);
  const ratio = median(both.map((r) => r[a]!.ms! / r[b]!.ms!));
  return `${ratio.toFixed(2)} (median of ${both.length} rounds; ${formatTiming(side.timings[a])} ÷ ${formatTiming(side.timings[b])})`;
}

/** Our CLI on one line of 100,000 `>`: its time, and whether a diagnostic says what was skipped. */
export interface QuoteLineRun {
  timing: Timing;
  /** The message of an information diagnostic that says a part was skipped (not parsed), if any. */
  skippedNote?: string;
  diagnostics?: number;
  peakRssBytes?: number;
}

/** `dm-report check --format json` on a file of one line of 100,000 `>` (written in `scratch`), killed at the cap. */
export async function cliOnQuoteLine(scratch: string): Promise<QuoteLineRun> {
  const file = join(scratch, 'quote-line-100000.md');
  writeFileSync(file, quoteLine(100_000));
  const run = await runTimed(process.execPath, [CLI, 'check', '--format', 'json', file], scratch, CAP_MS);
  const out: QuoteLineRun = { timing: run.timing, peakRssBytes: run.peakRssBytes };
  if (!run.timing.capped) {
    try {
      const [entry] = JSON.parse(run.stdout) as { diagnostics: { severity?: number; message: string | { value: string } }[] }[];
      out.diagnostics = entry.diagnostics.length;
      const note = entry.diagnostics.find((d) => d.severity === 3 && /skip|could not be parsed|budget/i.test(typeof d.message === 'string' ? d.message : d.message.value));
      if (note) out.skippedNote = typeof note.message === 'string' ? note.message : note.message.value;
    } catch {
      out.diagnostics = undefined;
    }
  }
  console.log(
    `\nCLI on one line of 100,000 '>': ${formatTiming(run.timing)}, exit ${run.code ?? 'killed'}, peak RSS ${formatMb(run.peakRssBytes)}` +
      (out.diagnostics !== undefined ? `, ${out.diagnostics} diagnostics, ${out.skippedNote ? `skipped part: "${out.skippedNote}"` : 'none says what was skipped'}` : ''),
  );
  return out;
}
