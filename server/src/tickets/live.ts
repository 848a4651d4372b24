/**
 * Live ticket data: a JiraClient behind the disk cache, with one request in
 * flight per ticket at most and a short memory of failures.
 *
 * A hover calls `lookup(id, waitMs)`: a fresh cached answer is returned at
 * once; otherwise a request starts (or the running one is joined) and the
 * hover waits at most `waitMs` milliseconds. A request still running then
 * goes on in the background and fills the cache, so the next hover has it.
 * A failed request is not repeated for RETRY_AFTER_MS, so that hovering
 * over a ticket while Jira is down does not ask again at every move.
 */
import type { CacheEntry, JiraCache } from './cache';
import { JiraError, type JiraClient } from './jira';
import type { TicketRecord } from './types';

/** A failure is remembered this long (milliseconds) before the ticket is asked for again. */
export const RETRY_AFTER_MS = 30_000;

/** What is known live about one ticket. `stale`: an expired cached answer, shown while no newer one is known. */
export type LiveState =
  | { state: 'found'; record: TicketRecord; fetchedAt: number }
  | { state: 'not-found'; fetchedAt: number }
  | { state: 'pending'; waitedMs: number; stale?: CacheEntry }
  | { state: 'error'; reason: string; stale?: CacheEntry };

/** The state of a cached entry. */
function fromEntry(entry: CacheEntry): LiveState {
  return entry.answer.kind === 'found'
    ? { state: 'found', record: entry.answer.record, fetchedAt: entry.fetchedAt }
    : { state: 'not-found', fetchedAt: entry.fetchedAt };
}

/** Jira answers for one base URL: client + cache + requests in flight. */
export class JiraSource {
  private readonly inFlight = new Map<string, Promise<LiveState>>();
  private readonly failures = new Map<string, { reason: string; at: number }>();

  /**
   * @param client the HTTP client (holds the token, the allowed keys and the timeout).
   * @param cache the disk cache of the same base URL.
   * @param now the clock in milliseconds (tests pass their own).
   */
  constructor(
    readonly client: JiraClient,
    readonly cache: JiraCache,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `id` may be sent to this Jira (`JiraClient.mayAsk`). */
  mayAsk(id: string): boolean {
    return this.client.mayAsk(id);
  }

  /** The answer cached for `id` (fresh or expired), without asking. */
  cached(id: string): CacheEntry | undefined {
    return this.cache.get(id)?.entry;
  }

  /** Every cached record (for completion). */
  cachedRecords(): TicketRecord[] {
    const out: TicketRecord[] = [];
    for (const e of this.cache.all().values()) if (e.answer.kind === 'found') out.push(e.answer.record);
    return out;
  }

  /** What is known now, without asking: a fresh answer, a running request, a recent failure; undefined if nothing. */
  peek(id: string): LiveState | undefined {
    const cached = this.cache.get(id);
    if (cached?.fresh) return fromEntry(cached.entry);
    if (this.inFlight.has(id)) return { state: 'pending', waitedMs: 0, stale: cached?.entry };
    const failure = this.failures.get(id);
    if (failure && this.now() - failure.at < RETRY_AFTER_MS) return { state: 'error', reason: failure.reason, stale: cached?.entry };
    return undefined;
  }

  /**
   * Live data for `id`, waiting at most `waitMs` milliseconds.
   * Never rejects: every failure is an `error` state with a short reason.
   * @param id a ticket ID; one that may not be sent is an error state, and nothing is sent.
   * @param waitMs how long the caller waits; the request itself runs until the client's timeout.
   */
  async lookup(id: string, waitMs: number): Promise<LiveState> {
    if (!this.mayAsk(id)) return { state: 'error', reason: `${id} is not a ticket of the configured project keys` };
    const known = this.peek(id);
    if (known && known.state !== 'pending') return known;
    const request = this.inFlight.get(id) ?? this.start(id);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<LiveState>((resolve) => {
      timer = setTimeout(() => resolve({ state: 'pending', waitedMs: waitMs, stale: this.cache.get(id)?.entry }), waitMs);
    });
    try {
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts the request for `id`; its result lands in the cache (answers) or in `failures`. */
  private start(id: string): Promise<LiveState> {
    const request = this.client
      .fetchIssue(id)
      .then((answer): LiveState => {
        this.failures.delete(id);
        return fromEntry(this.cache.set(id, answer));
      })
      .catch((e: unknown): LiveState => {
        const reason = e instanceof JiraError ? e.reason : 'unexpected error while asking Jira';
        this.failures.set(id, { reason, at: this.now() });
        return { state: 'error', reason, stale: this.cache.get(id)?.entry };
      })
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, request);
    return request;
  }

  /** Resolves when every request in flight has settled (tests, benchmarks). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight.values()]);
  }
}
