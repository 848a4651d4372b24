/**
 * Entry point of a parse worker (`dist/parseWorker.js`), run in a `worker_threads`
 * thread by the parse pool (../parsing/pool.ts): parses each text it is sent with
 * remark-parse (`parseMarkdown`, ../model/parse.ts) and sends back the root's children.
 *
 * Messages in: `{ id, text }`. Messages out: `{ ready: true }` once loaded and warmed up
 * (a small report parsed once, so that the first text's budget is not spent compiling
 * micromark; on the parent port), then `{ id, nodes }` or `{ id, error }` per text. Where they go: the parent port, or
 * for a synchronous pool (`workerData.port`, `workerData.flag`) that port, with the flag (an
 * `Int32Array` on shared memory) set to 1 when a parse starts and 2 when its answer has been
 * posted, each time with `Atomics.notify`, for the pool waiting with `Atomics.wait`.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { RootContent } from 'mdast';
import { parseMarkdown } from '../model/parse';

const data = workerData as { port?: MessagePort; flag?: Int32Array } | null;
const port = data?.port ?? parentPort;
const flag = data?.flag;

function signal(value: number): void {
  if (!flag) return;
  Atomics.store(flag, 0, value);
  Atomics.notify(flag, 0);
}

/** A little of everything a report holds, parsed once before the worker says it is ready. */
const WARM_UP = '# Report\n\n## April 2017\n\n### Team\n\nCurrent accomplishments:\n\n- [DM-1](#) **done**, `code`\n  1. LDM-151 <br>\n\n> quote\n\n```\nx\n```\n\n| a |\n| - |\n';

if (port && parentPort) {
  parseMarkdown(WARM_UP);
  port.on('message', ({ id, text }: { id: number; text: string }) => {
    signal(1);
    let reply: { id: number; nodes: RootContent[] } | { id: number; error: string };
    try {
      reply = { id, nodes: parseMarkdown(text).children };
    } catch (e) {
      reply = { id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
    signal(2);
  });
  parentPort.postMessage({ ready: true });
}
