/**
 * The ticket catalog: everything known about a Jira ticket, merged field by
 * field from three sources, later over earlier:
 *
 * 1. the reports of the workspace (../tickets/sources.ts): the title of a
 *    definition line (`DM-9656 Replanning, …`) and every place it is cited;
 * 2. the export file `tickets.exportFile` (../tickets/exportFile.ts): summary,
 *    status, type, epic, assignee;
 * 3. Jira's REST API (../tickets/jira.ts, ../tickets/live.ts), through the disk
 *    cache (../tickets/cache.ts): the same fields, live.
 *
 * A Jira 404 keeps the offline data (and the hover says "not found in Jira").
 * Jira is used only when `.dmreport.yaml` has `tickets.jira.baseUrl`, it is not
 * disabled (`enabled: false`), the workspace is trusted, the process may use
 * the network (not the CLI) and a token is set; otherwise `jiraOff` says why.
 */
import { resolve } from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-types';
import { configValueRange, type LoadedConfig } from './config';
import type { Host } from '../host/host';
import { MemoryHost } from '../host/memory';
import type { ReportIndexEntry } from '../model/reportIndex';
import { JiraCache } from '../tickets/cache';
import { readTicketExport, type TicketExport } from '../tickets/exportFile';
import { JiraClient, normalizeBaseUrl } from '../tickets/jira';
import { JiraSource, type LiveState } from '../tickets/live';
import { ReportTicketIndex, type TicketCitation } from '../tickets/sources';
import type { TicketRecord, TicketSource } from '../tickets/types';

/** The fields a source can give. */
export type TicketField = 'title' | 'status' | 'type' | 'epic' | 'assignee';

/** What the catalog knows of one ticket. Only fields some source gives are present. */
export interface TicketInfo {
  id: string;
  /** Title: a report's definition line, the export's or Jira's summary. */
  title?: string;
  status?: string;
  type?: string;
  /** Epic or parent key. */
  epic?: string;
  epicSummary?: string;
  assignee?: string;
  /** URI of the most recent report with a definition line for it (its title may come from a later source). */
  definedIn?: string;
  /** The source of each field present. */
  sources: Partial<Record<TicketField, TicketSource>>;
  /** Recency of the most recent report citing or defining it (`year * 12 + month - 1`); -1 when none. */
  recency: number;
}

/** Default hover wait cap in milliseconds: a hover waits at most min(timeoutMs, HOVER_WAIT_MS) for Jira. */
export const HOVER_WAIT_MS = 1500;
/** Default Jira request timeout in milliseconds. */
export const DEFAULT_JIRA_TIMEOUT_MS = 1500;
/** Default disk-cache lifetime in minutes (one day). */
export const DEFAULT_CACHE_TTL_MINUTES = 1440;

/** Export problems by file. */
export interface TicketProblems {
  /** URI of the file the Diagnostics are about (the export file, or `.dmreport.yaml` when the export cannot be read). */
  uri: string;
  diagnostics: Diagnostic[];
}

/** The sources of one catalog. */
export interface TicketCatalogOptions {
  /** Reports of the workspace (shared by every engine of a server); default a new, empty index. */
  reports?: ReportTicketIndex;
  /** The parsed export file, if one is configured. */
  exported?: TicketExport;
  /** Live Jira data; undefined when Jira is not used. */
  jira?: JiraSource;
  /** Why Jira is not used although configured (shown in hovers); undefined when it is used or not configured. */
  jiraOff?: string;
  /** Problems of the export file. */
  problems?: TicketProblems[];
}

/** The merged view of every ticket source of one configuration. */
export class TicketCatalog {
  readonly reports: ReportTicketIndex;
  readonly exported?: TicketExport;
  readonly jira?: JiraSource;
  readonly jiraOff?: string;
  /** Problems of the export file, by file; empty when it is fine or not configured. */
  readonly problems: TicketProblems[];

  constructor(options: TicketCatalogOptions = {}) {
    this.reports = options.reports ?? new ReportTicketIndex();
    this.exported = options.exported;
    this.jira = options.jira;
    this.jiraOff = options.jiraOff;
    this.problems = options.problems ?? [];
  }

  /** How long a hover waits for Jira, in milliseconds: min(timeoutMs, 1500); 0 without Jira. */
  get hoverWaitMs(): number {
    return this.jira ? Math.min(this.jira.client.timeoutMs, HOVER_WAIT_MS) : 0;
  }

  /** An open document's index entry changed (its in-memory text wins over the disk). */
  update(uri: string, entry: ReportIndexEntry): void {
    this.reports.setOpen(uri, entry);
  }

  /** An open document was closed: its disk version (if any) applies again. */
  remove(uri: string): void {
    this.reports.removeOpen(uri);
  }

  /** Merges one source's record into `info`, field by field. */
  private static merge(info: TicketInfo, record: TicketRecord, source: TicketSource): void {
    const set = (field: TicketField, value: string | undefined) => {
      if (value === undefined) return;
      info[field] = value;
      info.sources[field] = source;
    };
    set('title', record.summary);
    set('status', record.status);
    set('type', record.type);
    if (record.epic) {
      set('epic', record.epic);
      info.epicSummary = record.epicSummary;
    }
    set('assignee', record.assignee);
  }

  /**
   * Everything known offline or cached of `id`: reports, then the export file,
   * then Jira's cached answer (fresh or expired). Undefined when no source knows it.
   */
  get(id: string): TicketInfo | undefined {
    const indexed = this.reports.get(id);
    const exported = this.exported?.records.get(id);
    const cached = this.jira?.cached(id);
    const live = cached?.answer.kind === 'found' ? cached.answer.record : undefined;
    if (!indexed && !exported && !live) return undefined;
    const info: TicketInfo = { id, sources: {}, recency: indexed?.recency ?? -1 };
    if (indexed?.title !== undefined) {
      info.title = indexed.title;
      info.definedIn = indexed.definedIn;
      info.sources.title = 'reports';
    }
    if (exported) TicketCatalog.merge(info, exported, 'export');
    if (live) TicketCatalog.merge(info, live, 'jira');
    return info;
  }

  /** Every place `id` is cited in the workspace's reports (open documents' current text, else disk). */
  citations(id: string): TicketCitation[] {
    return this.reports.get(id)?.citations ?? [];
  }

  /**
   * Every ticket any source knows (reports, export, cached Jira answers), most
   * recent first: by the recency of the reports that cite or define it, then by
   * number, descending; keys alphabetically between tickets of equal number.
   */
  all(): TicketInfo[] {
    const ids = new Set<string>();
    for (const t of this.reports.all()) ids.add(t.id);
    for (const id of this.exported?.records.keys() ?? []) ids.add(id);
    for (const r of this.jira?.cachedRecords() ?? []) ids.add(r.key);
    const number = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));
    return [...ids]
      .map((id) => this.get(id)!)
      .filter((t) => t !== undefined)
      .sort((a, b) => b.recency - a.recency || number(b.id) - number(a.id) || a.id.localeCompare(b.id));
  }

  /** What is known live of `id` without asking; undefined without Jira or when nothing is known yet. */
  peekLive(id: string): LiveState | undefined {
    return this.jira?.mayAsk(id) ? this.jira.peek(id) : undefined;
  }

  /**
   * Live data for `id`, waiting at most `hoverWaitMs`; a request still running
   * fills the cache in the background. Undefined without Jira or for an ID that may not be sent.
   */
  async live(id: string): Promise<LiveState | undefined> {
    if (!this.jira?.mayAsk(id)) return undefined;
    return this.jira.lookup(id, this.hoverWaitMs);
  }
}

/** What the process allows for tickets (the same for every configuration). */
export interface TicketEnvironment {
  /** False: never use the network (the CLI). */
  network: boolean;
  /** `initializationOptions.trusted !== false`. */
  trusted: boolean;
  /** The Jira token (`DM_REPORT_JIRA_TOKEN`), if any. Never logged. */
  token?: string;
  /** The disk cache directory (`cacheDirectory`). */
  cacheDir?: string;
  /** Where the export file and the Jira cache are read and written (default: an empty in-memory host). */
  host?: Host;
  /** Told of problems worth a log line (cache errors, export problems). Never given the token. */
  log?: (message: string) => void;
  /** The fetch to use (tests, benchmarks); default the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * Builds the ticket catalogs of a process: one shared report index, one Jira
 * source per base URL (so that requests in flight and the cache survive a
 * configuration reload).
 */
export class TicketServices {
  /** Tickets of every report of the workspace, shared by all catalogs. */
  readonly reports: ReportTicketIndex;
  private readonly sources = new Map<string, JiraSource>();
  private readonly host: Host;

  constructor(readonly env: TicketEnvironment = { network: false, trusted: true }, reports = new ReportTicketIndex()) {
    this.reports = reports;
    this.host = env.host ?? new MemoryHost();
  }

  /**
   * The catalog for a configuration.
   * @param loaded the `.dmreport.yaml` as loaded (its `tickets` section).
   * @param keys the project keys that may be sent to Jira, read at each request (the engine's current keys).
   */
  catalogFor(loaded: LoadedConfig, keys: () => readonly string[]): TicketCatalog {
    const tickets = loaded.config.tickets;
    const problems: TicketProblems[] = [];
    let exported: TicketExport | undefined;
    if (tickets?.exportFile) {
      exported = readTicketExport(this.host, resolve(loaded.dir, tickets.exportFile), tickets.exportFile);
      if (exported.problems.length) {
        // An unreadable file has no place of its own: its one problem goes on `.dmreport.yaml`, at the `exportFile` line.
        const onConfig = !exported.readable && loaded.file !== undefined;
        const uri = URI.file(onConfig ? loaded.file! : exported.file).toString();
        const diagnostics = onConfig ? exported.problems.map((d) => ({ ...d, range: configValueRange(loaded, ['tickets', 'exportFile'], { withKey: true }) })) : exported.problems;
        problems.push({ uri, diagnostics });
        for (const d of diagnostics) this.env.log?.(`DM Report: ${d.message}`);
      }
    }
    const jira = tickets?.jira;
    let source: JiraSource | undefined;
    let jiraOff: string | undefined;
    if (jira?.baseUrl) {
      if (jira.enabled === false) jiraOff = 'Jira is disabled (tickets.jira.enabled: false)';
      else if (!this.env.network) jiraOff = 'Jira is not used here';
      else if (!this.env.trusted) jiraOff = 'Jira is not contacted in an untrusted workspace';
      else if (!this.env.token) jiraOff = 'no Jira token (run "DM Report: Set Jira Token", or set DM_REPORT_JIRA_TOKEN)';
      else {
        try {
          source = this.jiraSource(jira.baseUrl, jira.timeoutMs ?? DEFAULT_JIRA_TIMEOUT_MS, jira.cacheTtlMinutes ?? DEFAULT_CACHE_TTL_MINUTES, keys);
        } catch {
          jiraOff = `invalid Jira base URL`;
        }
      }
    }
    return new TicketCatalog({ reports: this.reports, exported, jira: source, jiraOff, problems });
  }

  /** The Jira source for a base URL, timeout and cache lifetime, created once. */
  private jiraSource(baseUrl: string, timeoutMs: number, ttlMinutes: number, keys: () => readonly string[]): JiraSource {
    const normalized = normalizeBaseUrl(baseUrl);
    const id = `${normalized} ${timeoutMs} ${ttlMinutes}`;
    let source = this.sources.get(id);
    if (!source) {
      const client = new JiraClient({ baseUrl: normalized, token: this.env.token, timeoutMs, keys, fetch: this.env.fetch });
      const cache = new JiraCache(this.host, this.env.cacheDir ?? '.', normalized, ttlMinutes * 60_000, Date.now, (m) => this.env.log?.(`DM Report: ${m}`));
      source = new JiraSource(client, cache);
      this.sources.set(id, source);
    }
    return source;
  }
}
