/**
 * What the figures of `npm run bench` are measured with: caps (every wait is
 * bounded; a figure over its cap prints `> 30 s (cap)`), timed child processes
 * that are killed at the cap, the memory of a process from /proc, medians and
 * the formats the goals table prints. Nothing here fails on speed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The cap of one figure (ms): `BENCH_CAP_MS`, default 30 s. */
export const CAP_MS = Number(process.env.BENCH_CAP_MS ?? 30_000);
/** The cap of one run of a whole-workspace CLI (ours or a peer's) on the 120 reports (ms): `BENCH_CLI_CAP_MS`, default 60 s. */
export const CLI_CAP_MS = Number(process.env.BENCH_CLI_CAP_MS ?? 60_000);

/** The bench's deadline (ms after the process started): `BENCH_DEADLINE_MS`, default 8 min. */
export const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 8 * 60_000);

/**
 * Whether the bench's deadline passed: figures not started by then are "not measured", and a figure's
 * loops (rounds, keystrokes) stop early, so that the whole run ends within the deadline plus one cap.
 */
export function pastDeadline(): boolean {
  return performance.now() > DEADLINE_MS;
}

/** A measured wait: its milliseconds, or `capped` when it was still waiting at `capMs` (and was abandoned). */
export type Timing = { ms: number; capped?: undefined; capMs?: undefined } | { capped: true; capMs: number; ms?: undefined };

/**
 * Waits for `promise` at most `capMs` ms counted from `startedAt` (a `performance.now()`; default now).
 * @returns its value and the milliseconds it took, or `capped` (the promise is abandoned, not cancelled:
 *   the caller kills what it was waiting for).
 */
export async function capped<T>(promise: Promise<T>, capMs = CAP_MS, startedAt = performance.now()): Promise<{ timing: Timing; value?: T }> {
  const started = startedAt;
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<'cap'>((res) => (timer = setTimeout(() => res('cap'), Math.max(0, capMs - (performance.now() - started)))));
  try {
    const r = await Promise.race([promise.then((value) => ({ value })), cap]);
    if (r === 'cap') return { timing: { capped: true, capMs } };
    return { timing: { ms: performance.now() - started }, value: r.value };
  } finally {
    clearTimeout(timer);
  }
}

/** What one child process run gave. */
export interface ProcessRun {
  timing: Timing;
  /** Exit code (null when killed at the cap or by a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the child (bytes), from `/proc/PID/status` VmHWM, read just before it exits; undefined if not read. */
  peakRssBytes?: number;
}

/**
 * Runs `command args…` in `cwd`, timed from spawn to exit, killed (SIGKILL) at `capMs`.
 * Standard output and error are kept (the caller checks the tool did real work).
 */
export function runTimed(command: string, args: readonly string[], cwd: string, capMs = CLI_CAP_MS): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak: number | undefined;
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Sample the child's peak RSS now and then (VmHWM only grows, so the last sample is the closest).
    const sampler = setInterval(() => (peak = processMemory(child.pid)?.peakBytes ?? peak), 100);
    const timer = setTimeout(() => {
      killed = true;
      peak = processMemory(child.pid)?.peakBytes ?? peak;
      child.kill('SIGKILL');
    }, capMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      clearInterval(sampler);
      reject(e);
    });
    child.on('close', (code) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      clearInterval(sampler);
      resolve({ timing: killed ? { capped: true, capMs } : { ms }, code: killed ? null : code, stdout, stderr, peakRssBytes: peak });
    });
  });
}

/** Resident memory of a process (Linux `/proc/PID/status`): VmRSS now and VmHWM (its peak), in bytes; undefined elsewhere or once it exited. */
export function processMemory(pid: number | undefined): { rssBytes: number; peakBytes: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    const rssBytes = kb('VmRSS');
    const peakBytes = kb('VmHWM');
    return Number.isNaN(rssBytes) ? undefined : { rssBytes, peakBytes };
  } catch {
    return undefined;
  }
}

/** The median (the upper one of an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** `227 ms`, `3.70 s`, `> 30 s (cap)`. */
export function formatTiming(t: Timing | undefined): string {
  if (!t) return 'not measured';
  if (t.capped) return `> ${Math.round(t.capMs / 1000)} s (cap)`;
  return formatMs(t.ms);
}

/** Milliseconds as `0.47 ms`, `227 ms`, `3.70 s`, `58.1 s`. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Bytes as `312 MB` (10^6 bytes, as the issue writes them). */
export function formatMb(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : `${Math.round(bytes / 1e6)} MB`;
}

/** The median of timings: capped when any is capped (the figure is then over its cap). */
export function medianTiming(ts: readonly Timing[]): Timing | undefined {
  if (ts.length === 0) return undefined;
  const cap = ts.find((t) => t.capped);
  if (cap) return cap;
  return { ms: median(ts.map((t) => t.ms!)) };
}

/** `a ÷ b` as `0.53 (8.31 s ÷ 15.7 s)`; a capped side gives a bound (`≥ 1.9`, `≤ 0.2`) or n/a when both are capped. */
export function formatRatio(a: Timing | undefined, b: Timing | undefined): string {
  if (!a || !b) return 'not measured';
  const sides = `(${formatTiming(a)} ÷ ${formatTiming(b)})`;
  if (a.capped && b.capped) return `n/a ${sides}`;
  if (a.capped) return `≥ ${(a.capMs / b.ms!).toFixed(2)} ${sides}`;
  if (b.capped) return `≤ ${(a.ms / b.capMs).toFixed(2)} ${sides}`;
  return `${(a.ms / b.ms).toFixed(2)} ${sides}`;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));
