/**
 * Jira's REST API, version 2 (Jira Cloud and Jira Server/Data Center):
 * `GET {baseUrl}/rest/api/2/issue/{key}?fields=summary,status,issuetype,assignee,parent`
 * with Node's `fetch` and an `AbortSignal.timeout`.
 *
 * Safety rules, enforced here and nowhere else:
 * - only keys of the configured project keys (`DM-10441`, never `DM-AP-14`,
 *   `LDM-503-2`) are ever sent, and only to the configured base URL; a
 *   redirect is not followed (it could lead to another host);
 * - the token goes in the `Authorization` header only: `Bearer <token>`, or
 *   `Basic base64(email:apitoken)` when the token has the form `email:apitoken`
 *   (Jira Cloud). No message, error or reason built here contains it.
 *
 * Every failure (401, 500, malformed JSON, timeout, refused connection, …)
 * becomes a `JiraError` whose `reason` is a short sentence for a hover.
 */
import type { TicketRecord } from './types';
import { JIRA_PROJECT_KEY } from '../model/ids';

/** What Jira said about a key. */
export type JiraAnswer = { kind: 'found'; record: TicketRecord } | { kind: 'not-found' };

/** A request that gave no answer; `reason` is short, for a hover ("Jira refused the token (401)"). */
export class JiraError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'JiraError';
  }
}

/** How to reach Jira. */
export interface JiraClientOptions {
  /** `https://rubinobs.atlassian.net` (a trailing slash is ignored). */
  baseUrl: string;
  /** The token from SecretStorage or `DM_REPORT_JIRA_TOKEN`; undefined: no request is ever made. */
  token?: string;
  /** Request timeout in milliseconds. */
  timeoutMs: number;
  /** Project keys whose tickets may be sent (`['DM', 'RFC']`); a function is read at each request (settings change). */
  keys: readonly string[] | (() => readonly string[]);
  /** The fetch to use (tests); default the global `fetch`. */
  fetch?: typeof fetch;
}

/** The fields asked for, in the order of the request URL. */
export const JIRA_FIELDS = 'summary,status,issuetype,assignee,parent';

/**
 * The `Authorization` header value for a token: `Basic base64(token)` when
 * the token has the form `email:apitoken` (Jira Cloud API tokens are used
 * with the account's e-mail), else `Bearer <token>` (Jira Server/Data Center
 * personal access tokens).
 */
export function authorizationHeader(token: string): string {
  return /^[^\s:@]+@[^\s:]+:\S+$/.test(token) ? `Basic ${Buffer.from(token, 'utf8').toString('base64')}` : `Bearer ${token}`;
}

/** `https://host/path` without trailing slashes; the key of the disk cache. */
export function normalizeBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
}

/** A short reason for a failed fetch, from the error's code only (never its message, which could quote a URL or header). */
function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `Jira did not answer within ${timeoutMs} ms`;
  if (e?.name === 'AbortError') return 'the request to Jira was cancelled';
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'cannot reach Jira (connection refused)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'cannot reach Jira (host not found)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'cannot reach Jira (connection closed)';
  return `cannot reach Jira${code ? ` (${code})` : ''}`;
}

/** A trimmed non-empty string, or undefined. */
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The `name` of a Jira object field (`status`, `issuetype`), or undefined. */
function nameOf(v: unknown): string | undefined {
  return v && typeof v === 'object' ? str((v as { name?: unknown }).name) : undefined;
}

/**
 * The record in a Jira issue answer (`{key, fields: {summary, status: {name},
 * issuetype: {name}, assignee: {displayName} | null, parent?: {key, fields: {summary}}}}`).
 * @param key the key asked for (a moved issue answers with its new key; the record keeps the one cited).
 * @throws JiraError when the answer has no `fields` object.
 */
export function recordFromIssue(key: string, issue: unknown): TicketRecord {
  const fields = issue && typeof issue === 'object' ? (issue as { fields?: unknown }).fields : undefined;
  if (!fields || typeof fields !== 'object') throw new JiraError('Jira sent an answer without issue fields');
  const f = fields as Record<string, unknown>;
  const record: TicketRecord = { key };
  const summary = str(f.summary);
  if (summary) record.summary = summary;
  const status = nameOf(f.status);
  if (status) record.status = status;
  const type = nameOf(f.issuetype);
  if (type) record.type = type;
  const assignee = f.assignee && typeof f.assignee === 'object' ? str((f.assignee as { displayName?: unknown }).displayName) : undefined;
  if (assignee) record.assignee = assignee;
  const parent = f.parent && typeof f.parent === 'object' ? (f.parent as { key?: unknown; fields?: { summary?: unknown } }) : undefined;
  const parentKey = str(parent?.key);
  if (parentKey) {
    record.epic = parentKey;
    const parentSummary = str(parent?.fields?.summary);
    if (parentSummary) record.epicSummary = parentSummary;
  }
  return record;
}

/** A client for one Jira instance. Stateless apart from its options. */
export class JiraClient {
  /** The normalised base URL (the cache key). */
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private pattern: { keys: readonly string[]; re: RegExp } | undefined;

  /** @throws TypeError when `baseUrl` is not an absolute http(s) URL. */
  constructor(private readonly options: JiraClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    if (!/^https?:/.test(this.baseUrl)) throw new TypeError(`Jira base URL must be http(s): ${options.baseUrl}`);
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Whether a token is set (without one, nothing is ever sent). */
  get hasToken(): boolean {
    return !!this.options.token;
  }

  /** Request timeout in milliseconds. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Whether `id` may be sent: a ticket of a configured project key, exactly `KEY-NUMBER`. */
  mayAsk(id: string): boolean {
    const keys = typeof this.options.keys === 'function' ? this.options.keys() : this.options.keys;
    if (this.pattern?.keys !== keys) {
      const valid = keys.filter((k) => JIRA_PROJECT_KEY.test(k));
      this.pattern = { keys, re: valid.length ? new RegExp(`^(?:${valid.join('|')})-[1-9]\\d{0,9}$`) : /(?!)/ };
    }
    return this.pattern.re.test(id);
  }

  /** The request URL for `id` (no credentials in it). */
  issueUrl(id: string): string {
    return `${this.baseUrl}/rest/api/2/issue/${encodeURIComponent(id)}?fields=${JIRA_FIELDS}`;
  }

  /**
   * Asks Jira about one ticket.
   * @param id `DM-10441`; must pass `mayAsk`.
   * @returns the record (found) or not-found (Jira answered 404).
   * @throws JiraError (never anything else) on a refused key, a missing token, any HTTP status
   *   other than 200/404, a redirect, malformed JSON, a timeout or a network failure.
   */
  async fetchIssue(id: string): Promise<JiraAnswer> {
    if (!this.mayAsk(id)) throw new JiraError(`${id} is not a ticket of the configured project keys; not sent to Jira`);
    if (!this.options.token) throw new JiraError('no Jira token');
    let response: Response;
    try {
      response = await this.fetchImpl(this.issueUrl(id), {
        headers: { Authorization: authorizationHeader(this.options.token), Accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (e) {
      throw new JiraError(networkReason(e, this.options.timeoutMs));
    }
    let body: string;
    try {
      body = await response.text();
    } catch (e) {
      throw new JiraError(networkReason(e, this.options.timeoutMs));
    }
    const status = response.status;
    if (status === 404) return { kind: 'not-found' };
    if (status === 401) throw new JiraError('Jira refused the token (401 Unauthorized)');
    if (status === 403) throw new JiraError('Jira denied access (403 Forbidden)');
    if (status >= 300 && status < 400) throw new JiraError(`Jira redirected (${status}); check tickets.jira.baseUrl`);
    if (status !== 200) throw new JiraError(`Jira answered ${status}${response.statusText ? ` ${response.statusText}` : ''}`);
    let issue: unknown;
    try {
      issue = JSON.parse(body);
    } catch {
      throw new JiraError('Jira sent malformed JSON');
    }
    return { kind: 'found', record: recordFromIssue(id, issue) };
  }
}
