/**
 * Entry point of a worker thread of `dm-report check --jobs N` (`dist/cli-worker.js`, started by
 * ../cli/pool.ts): a Node host and a workspace of its own; for each file it is sent (a
 * `FileTask`), the outcome of `checkFile` (../cli/checkFile.ts), or the error that stopped it.
 */
import { parentPort } from 'node:worker_threads';
import { checkFile, type FileTask } from '../cli/checkFile';
import type { WorkerReply } from '../cli/pool';
import { Workspace } from '../engine/workspace';
import { NodeHost } from '../host/node';

const port = parentPort;
if (!port) throw new Error('dist/cli-worker.js runs as a worker thread of dm-report check');
const host = new NodeHost();
const workspace = new Workspace({ host });
port.on('message', (task: FileTask) => {
  let reply: WorkerReply;
  try {
    reply = { id: task.id, outcome: checkFile(workspace, host, task) };
  } catch (e) {
    reply = { id: task.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
