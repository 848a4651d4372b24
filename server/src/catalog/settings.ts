/**
 * User settings of the engine: the client's (`dmReport.*` in VS Code), or defaults
 * for the CLI and bare servers; `.dmreport.yaml` overrides them (../engine/engine.ts).
 */

/** User settings (VS Code `dmReport.*`, or defaults for the CLI and bare servers). */
export interface EngineSettings {
  /** Browse URL of a ticket; `{id}` is replaced by the key (`DM-10441`). */
  ticketUrlTemplate: string;
  /** Jira project keys that count as tickets, upper case. */
  ticketKeys: string[];
  /**
   * How long remark-parse may take over one block of a report, in milliseconds, before the
   * block is read by the light fallback instead (VS Code `dmReport.parse.budgetMs`, the CLI's
   * `--parse-budget`). Kept only by a parser that can be interrupted (the worker pool).
   */
  parseBudgetMs: number;
}

/** Defaults for every setting. */
export const DEFAULT_SETTINGS: EngineSettings = {
  ticketUrlTemplate: 'https://rubinobs.atlassian.net/browse/{id}',
  ticketKeys: ['DM', 'RFC', 'PREOPS', 'SITCOM'],
  parseBudgetMs: 2000,
};

/**
 * The browse URL of a ticket.
 * @param template a URL with `{id}` (setting `dmReport.ticketUrlTemplate` or `tickets.urlTemplate`).
 */
export function ticketUrl(template: string, id: string): string {
  return template.split('{id}').join(id);
}
