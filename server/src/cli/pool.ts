/**
 * The worker threads of `dm-report check --jobs N`: each worker (`dist/cli-worker.js`, built
 * from ../bin/cliWorker.ts) has its own host and workspace and checks one file at a time with
 * `checkFile` (./checkFile.ts); the files go to whichever worker is free, in argument order, and
 * each outcome goes back to its place in the plan (./check.ts), so the output is in argument
 * order whatever finishes first.
 *
 * A worker that fails (an exception in the engine, a crash) fails only the file it was checking:
 * that file gets a message and the run exits with 2; a fresh worker takes its place while files
 * are left (at most as many replacements as workers).
 */
import { Worker } from 'node:worker_threads';
import { fail, settle, type CheckPlan } from './check';
import type { FileOutcome, FileTask } from './checkFile';

/** What a worker answers for one file. */
export type WorkerReply = { id: number; outcome: FileOutcome } | { id: number; error: string };

/**
 * Checks every pending file of the plan in `size` worker threads running `script`, then ends them.
 * @param script absolute path of the worker's bundle (`dist/cli-worker.js`).
 * @param size the number of workers (at least 1).
 */
export function checkInWorkers(plan: CheckPlan, script: string, size: number): Promise<void> {
  const queue: FileTask[] = [...plan.pending];
  let running = 0;
  let replacements = size;
  if (plan.progress && plan.done > 0) plan.progress(`\rchecked ${plan.done}/${plan.total} files`);
  return new Promise((resolveAll) => {
    const finishIfIdle = () => {
      if (running === 0) resolveAll();
    };
    const start = () => {
      // The worker parses within the run's parse budget (./bin/cliWorker.ts reads it).
      const worker = new Worker(script, { workerData: { parseBudgetMs: plan.request.parseBudgetMs } });
      let current: FileTask | undefined;
      let ended = false;
      running++;
      const next = () => {
        current = queue.shift();
        if (current) worker.postMessage(current);
        else void worker.terminate();
      };
      worker.on('message', (reply: WorkerReply) => {
        if ('outcome' in reply) settle(plan, reply.id, reply.outcome);
        else fail(plan, reply.id, reply.error);
        next();
      });
      const end = (reason: string) => {
        if (ended) return;
        ended = true;
        running--;
        if (current) fail(plan, current.id, reason);
        current = undefined;
        if (queue.length > 0) {
          if (replacements-- > 0) start();
          else if (running === 0) for (const task of queue.splice(0)) fail(plan, task.id, 'the workers failed');
        }
        finishIfIdle();
      };
      worker.on('error', (e) => end(`the worker failed: ${e.message}`));
      worker.on('exit', (code) => end(`the worker exited with code ${code}`));
      next();
    };
    const count = Math.max(1, Math.min(size, queue.length));
    if (queue.length === 0) return resolveAll();
    for (let i = 0; i < count; i++) start();
  });
}
