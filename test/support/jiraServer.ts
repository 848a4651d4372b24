/**
 * A Jira-like HTTP server on 127.0.0.1 for the tests: answers
 * `GET /rest/api/2/issue/{key}?fields=…` the way Jira's REST API v2 does, over
 * a real connection, and logs every request (method, path, Authorization
 * header) so that tests can assert exactly what was sent.
 *
 * Per key, a test chooses the answer (`respond`): an issue (200), 401, 404,
 * 500, malformed JSON, or any of these after a delay. Keys without an answer
 * get Jira's 404. `closedPort()` gives a port nothing listens on (refused).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface LoggedRequest {
  method: string;
  /** Path and query, as sent: `/rest/api/2/issue/DM-1?fields=…`. */
  url: string;
  /** The issue key in the path, or undefined for other paths. */
  key?: string;
  /** The Authorization header as received, or undefined. */
  authorization?: string;
}

/** What the server answers for one key. */
export type Answer =
  | { kind: 'issue'; fields: Record<string, unknown>; delayMs?: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'malformed'; delayMs?: number };

/** Jira's body for an unknown issue. */
export const NOT_FOUND_BODY = JSON.stringify({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });

/** The mock server. Start with `MockJira.start()`, stop with `close()`. */
export class MockJira {
  readonly requests: LoggedRequest[] = [];
  private readonly answers = new Map<string, Answer>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: Server) {}

  /** Listens on 127.0.0.1 on a free port. */
  static async start(): Promise<MockJira> {
    const handlers: ((req: IncomingMessage, res: ServerResponse) => void)[] = [];
    const server = createServer((req, res) => handlers[0](req, res));
    const mock = new MockJira(server);
    handlers.push((req, res) => mock.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return mock;
  }

  /** `http://127.0.0.1:PORT`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Sets the answer for `key`. */
  respond(key: string, answer: Answer): this {
    this.answers.set(key, answer);
    return this;
  }

  /** The keys asked for so far, in order. */
  keys(): string[] {
    return this.requests.map((r) => r.key ?? `(other: ${r.url})`);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    const match = /^\/rest\/api\/2\/issue\/([^/?]+)(?:\?|$)/.exec(url);
    const key = match ? decodeURIComponent(match[1]) : undefined;
    this.requests.push({ method: req.method ?? '', url, key, authorization: req.headers.authorization });
    const answer: Answer = (key && this.answers.get(key)) || { kind: 'status', status: 404, body: NOT_FOUND_BODY };
    const send = () => {
      if (res.destroyed) return;
      if (answer.kind === 'issue') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: '10001', key, self: `${this.baseUrl}/rest/api/2/issue/10001`, fields: answer.fields }));
      } else if (answer.kind === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"key": "DM-1", "fields": {"summary": "cut off');
      } else {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body ?? JSON.stringify({ errorMessages: [`status ${answer.status}`], errors: {} }));
      }
    };
    if (answer.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, answer.delayMs);
      this.timers.add(timer);
    } else send();
  }

  /** Stops listening, drops delayed answers and closes every connection. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago): connections are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Jira issue fields as Jira sends them. */
export function issueFields(f: { summary: string; status: string; type: string; assignee?: string; parent?: { key: string; summary: string } }): Record<string, unknown> {
  return {
    summary: f.summary,
    status: { self: 'x', name: f.status, id: '3', statusCategory: { key: 'indeterminate' } },
    issuetype: { self: 'x', id: '10001', name: f.type, subtask: false },
    assignee: f.assignee ? { displayName: f.assignee, active: true } : null,
    ...(f.parent ? { parent: { id: '10000', key: f.parent.key, fields: { summary: f.parent.summary, issuetype: { name: 'Epic' } } } } : {}),
  };
}
