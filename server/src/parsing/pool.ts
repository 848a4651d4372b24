/**
 * The parse pool: the shells' `BlockParser` (../model/blockParser.ts), remark-parse
 * in `worker_threads` workers (../bin/parseWorker.ts, bundled as
 * `dist/parseWorker.js`), each parse within a budget.
 *
 * - `parse` (the language server): texts are queued and handed to up to
 *   `workers` workers (2 by default), one text at a time each; a text's budget
 *   runs from when a worker takes it. A parse over budget is abandoned: its
 *   worker is terminated (the thread stops at once, whatever micromark is doing)
 *   and a fresh one is started for the next text. The main thread never waits.
 * - `parseSync` (the CLI; fix-all's rounds): one text on a worker of its own,
 *   the calling thread blocked in `Atomics.wait` until the worker's answer is
 *   posted or the budget has passed (then the worker is terminated likewise).
 *
 * Each worker's heap is capped (`maxHeapMb`, `resourceLimits`): a parse that
 * would grow past it ends the worker (`memory`) instead of taking the machine.
 * Workers do not keep the process alive while idle. When workers cannot start at
 * all (`broken`: the worker file is missing from an installation), the pool parses
 * in the calling thread, without a budget, rather than fail every parse.
 *
 * Shell code (beside ../host/): only the shells construct a pool and pass it to
 * the engines; the core sees the `BlockParser` interface.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import type { RootContent } from 'mdast';
import { IN_PROCESS_PARSER, type BlockParse, type BlockParser } from '../model/blockParser';

/** How a pool is set up. */
export interface ParsePoolOptions {
  /** How many workers `parse` uses at most (default 2). */
  workers?: number;
  /** The worker's entry file (default `defaultWorkerFile()`; relative: to the current directory); a `.ts` file is run through tsx. */
  workerFile?: string;
  /** The heap each worker may grow to, in megabytes (default 256): V8's old generation limit. */
  maxHeapMb?: number;
  /** How long a worker of `parseSync` may take to start before the pool counts as broken, in ms (default 10,000). */
  startTimeoutMs?: number;
}

/** A worker's answer to one text. */
type Reply = { id: number; nodes: RootContent[] } | { id: number; error: string };

/** One text waiting for, or being parsed by, a worker. */
interface Job {
  id: number;
  text: string;
  budgetMs: number;
  resolve: (parse: BlockParse) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  timer?: NodeJS.Timeout;
}

/** A worker of `parse`. */
interface AsyncWorker {
  worker: Worker;
  /** It has loaded and said so (`{ ready: true }`): it takes texts. */
  ready: boolean;
  job?: Job;
}

/**
 * The worker entry next to the running bundle (`dist/parseWorker.js`), else the source entry
 * (`server/src/bin/parseWorker.ts`, run through tsx: tests and scripts on the sources).
 */
export function defaultWorkerFile(): string {
  const bundled = join(__dirname, 'parseWorker.js');
  return existsSync(bundled) ? bundled : join(__dirname, '..', 'bin', 'parseWorker.ts');
}

/** remark-parse in worker threads, within a budget per text (see the module comment). */
/**
 * Blocks this thread while `flag[0]` is `value` (or, for `value` 1, still 0 or 1: not answered), at
 * most `timeoutMs` milliseconds in all, however often it is woken.
 * @returns false when the time ran out with the flag unchanged.
 */
function waitWhile(flag: Int32Array, value: 0 | 1, timeoutMs: number): boolean {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const now = Atomics.load(flag, 0);
    if (value === 0 ? now !== 0 : now === 2) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(flag, 0, now, left);
  }
}

export class ParsePool implements BlockParser {
  private readonly maxWorkers: number;
  private readonly workerFile: string;
  private readonly limits: ResourceLimits;
  private readonly startTimeoutMs: number;
  private readonly queue: Job[] = [];
  private readonly workers = new Set<AsyncWorker>();
  private sync?: { worker: Worker; port: MessagePort; flag: Int32Array };
  private seq = 0;
  /** Workers started so far (the first and every one that replaced an abandoned one), for tests and measurements. */
  started = 0;
  /** Workers that ended before they were ready, in a row. */
  private failedStarts = 0;
  /**
   * Set when workers cannot start (two in a row ended before they were ready, or the worker of
   * `parseSync` did not start within `startTimeoutMs`): from then on every text is parsed in the
   * calling thread, without a budget.
   */
  broken = false;

  constructor(options: ParsePoolOptions = {}) {
    this.maxWorkers = Math.max(1, options.workers ?? 2);
    this.workerFile = resolve(options.workerFile ?? defaultWorkerFile());
    this.limits = { maxOldGenerationSizeMb: options.maxHeapMb ?? 256, maxYoungGenerationSizeMb: 16 };
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
  }

  parse(texts: readonly string[], budgetMs: number, signal?: AbortSignal): Promise<BlockParse[]> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.broken) return IN_PROCESS_PARSER.parse(texts, budgetMs);
    const parses = texts.map(
      (text) =>
        new Promise<BlockParse>((resolve, reject) => {
          const job: Job = { id: ++this.seq, text, budgetMs, resolve, reject, signal };
          this.queue.push(job);
          signal?.addEventListener('abort', () => this.abort(job), { once: true });
        }),
    );
    this.pump();
    return Promise.all(parses);
  }

  parseSync(text: string, budgetMs: number): BlockParse {
    if (this.broken) return IN_PROCESS_PARSER.parseSync(text, budgetMs);
    const s = (this.sync ??= this.startSync());
    const id = ++this.seq;
    Atomics.store(s.flag, 0, 0);
    s.port.postMessage({ id, text });
    // 0 → 1 when the worker starts the parse (it may still be loading), 1 → 2 once it has answered.
    // The flag is read again after every wake: a wake may be late news (the notify of the previous
    // parse's 2, sent after its answer was read, can wake this wait while the flag is still 0).
    if (!waitWhile(s.flag, 0, this.startTimeoutMs)) {
      this.dropSync('error');
      this.broken = true;
      return IN_PROCESS_PARSER.parseSync(text, budgetMs);
    }
    if (!waitWhile(s.flag, 1, budgetMs)) return this.dropSync('budget');
    const reply = receiveMessageOnPort(s.port)?.message as Reply | undefined;
    if (!reply || reply.id !== id || 'error' in reply) return this.dropSync('error');
    return { nodes: reply.nodes };
  }

  /** Terminates every worker; queued and running parses reject. The pool starts new workers if used again. */
  async close(): Promise<void> {
    const error = new Error('parse pool closed');
    for (const job of this.queue.splice(0)) job.reject(error);
    const all = [...this.workers].map((w) => {
      if (w.job) this.finish(w, undefined, error);
      return w.worker.terminate();
    });
    this.workers.clear();
    if (this.sync) all.push(this.sync.worker.terminate());
    this.sync = undefined;
    await Promise.all(all);
  }

  /** Starts a worker thread with the heap limit (through tsx for a `.ts` entry). */
  private spawn(extra: { workerData?: unknown; transferList?: MessagePort[] } = {}): Worker {
    this.started++;
    const options = { resourceLimits: this.limits, ...extra };
    const file = this.workerFile;
    const worker = file.endsWith('.ts')
      ? new Worker(`const r = require('node:module').createRequire(${JSON.stringify(file)}); r('tsx/cjs'); r(${JSON.stringify(file)});`, { ...options, eval: true })
      : new Worker(file, options);
    return worker;
  }

  /** Hands queued texts to idle workers, and starts workers (up to the limit) for the texts left. */
  private pump(): void {
    for (const w of this.workers) {
      if (this.queue.length === 0) break;
      if (!w.ready || w.job) continue;
      const job = this.queue.shift()!;
      w.job = job;
      w.worker.ref();
      job.timer = setTimeout(() => this.finish(w, { skipped: 'budget' }), job.budgetMs);
      w.worker.postMessage({ id: job.id, text: job.text });
    }
    const starting = [...this.workers].filter((w) => !w.ready).length;
    for (let n = Math.min(this.queue.length - starting, this.maxWorkers - this.workers.size); n > 0; n--) this.startAsync();
    // A worker still loading keeps the process alive while texts wait for it.
    for (const w of this.workers) {
      if (w.ready) continue;
      if (this.queue.length > 0) w.worker.ref();
      else w.worker.unref();
    }
  }

  private startAsync(): void {
    const w: AsyncWorker = { worker: this.spawn(), ready: false };
    this.workers.add(w);
    w.worker.on('message', (m: { ready: true } | Reply) => {
      if ('ready' in m) {
        w.ready = true;
        this.failedStarts = 0;
        w.worker.unref();
        this.pump();
      } else if (w.job?.id === m.id) {
        this.finish(w, 'error' in m ? { skipped: 'error' } : { nodes: m.nodes }, undefined, false);
      }
    });
    const ended = (parse: BlockParse) => {
      if (!w.ready && this.workers.has(w) && ++this.failedStarts >= 2) this.breakDown();
      this.finish(w, parse);
    };
    w.worker.on('error', (e: Error & { code?: string }) => ended({ skipped: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'error' }));
    w.worker.on('exit', () => ended({ skipped: 'error' }));
  }

  /** Workers cannot start: the texts waiting are parsed in this thread, and every later one (`broken`). */
  private breakDown(): void {
    this.broken = true;
    for (const job of this.queue.splice(0)) {
      IN_PROCESS_PARSER.parse([job.text], job.budgetMs).then(([parse]) => job.resolve(parse), job.reject);
    }
  }

  /**
   * Ends a worker's current text with `parse` (or rejects it with `error`); a worker that
   * did not answer (over budget, aborted, failed) is terminated and forgotten. Then the
   * next texts are handed out.
   */
  private finish(w: AsyncWorker, parse: BlockParse | undefined, error?: unknown, abandon = true): void {
    const job = w.job;
    w.job = undefined;
    if (job) {
      clearTimeout(job.timer);
      if (parse) job.resolve(parse);
      else job.reject(error);
    }
    if (abandon) {
      if (this.workers.delete(w)) void w.worker.terminate();
    } else {
      w.worker.unref();
    }
    this.pump();
  }

  /** An aborted text: dropped from the queue, or its worker abandoned. */
  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.reject(job.signal?.reason);
      return;
    }
    const w = [...this.workers].find((x) => x.job === job);
    if (w) this.finish(w, undefined, job.signal?.reason);
  }

  private startSync(): { worker: Worker; port: MessagePort; flag: Int32Array } {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = this.spawn({ workerData: { port: port2, flag }, transferList: [port2] });
    worker.on('error', () => undefined); // an out-of-memory end shows as a missed budget
    worker.unref();
    return { worker, port: port1, flag };
  }

  /** Abandons the synchronous worker (terminated; a fresh one on the next parse) and returns `reason` as the parse. */
  private dropSync(reason: 'budget' | 'error'): BlockParse {
    if (this.sync) {
      void this.sync.worker.terminate();
      this.sync.port.close();
    }
    this.sync = undefined;
    return { skipped: reason };
  }
}
