/**
 * Entry point of a worker thread of `dm-report check --jobs N` (`dist/cli-worker.js`, started by
 * ../cli/pool.ts): a Node host, a workspace and a parse pool of its own; for each file it is sent (a
 * `FileTask`), the outcome of `checkFile` (../cli/checkFile.ts), or the error that stopped it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, type FileTask } from '../cli/checkFile';
import type { WorkerReply } from '../cli/pool';
import { ReportEngine } from '../engine/engine';
import { Workspace } from '../engine/workspace';
import { NodeHost } from '../host/node';
import { ParsePool } from '../parsing/pool';

const port = parentPort;
if (!port) throw new Error('dist/cli-worker.js runs as a worker thread of dm-report check');
const host = new NodeHost();
// Each block parsed by one parse worker of its own, within the run's budget (`--parse-budget`).
const parser = new ParsePool({ workers: 1 });
const workspace = new Workspace({ host, createEngine: (config, settings) => new ReportEngine(settings, { host, parser }, config) });
const { parseBudgetMs } = (workerData ?? {}) as { parseBudgetMs?: number };
if (parseBudgetMs !== undefined) workspace.updateSettings({ ...workspace.clientSettings(), parseBudgetMs });
port.on('message', (task: FileTask) => {
  let reply: WorkerReply;
  try {
    reply = { id: task.id, outcome: checkFile(workspace, host, task) };
  } catch (e) {
    reply = { id: task.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
