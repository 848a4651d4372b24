/**
 * Shapes shared by the ticket sources (workspace reports, export file, Jira)
 * and the merged view in ../catalog/tickets.ts.
 */

/**
 * What one source says about one ticket. Every field but `key` is optional:
 * a source that does not know a field leaves it out, and the merged view
 * takes it from an earlier source (reports, then export file, then Jira).
 */
export interface TicketRecord {
  /** Jira key, upper case: `DM-10441`. */
  key: string;
  /** Summary (title) of the ticket. */
  summary?: string;
  /** Workflow status name as Jira writes it: `In Progress`, `Done`. */
  status?: string;
  /** Issue type name: `Story`, `Bug`, `Epic`. */
  type?: string;
  /** Key of the epic or parent issue: `DM-9000`. */
  epic?: string;
  /** Summary of the epic or parent issue, when the source gives it. */
  epicSummary?: string;
  /** Display name of the assignee. */
  assignee?: string;
}

/** Where a piece of ticket data came from, in increasing order of precedence. */
export type TicketSource = 'reports' | 'export' | 'jira';

/** Whether `text` has the shape of a Jira key (`DM-10441`, `SITCOM-7`, `DM_OPS-12`): project key (`JIRA_PROJECT_KEY`), hyphen, digits. */
export function isTicketKeyShape(text: string): boolean {
  return /^[A-Z][A-Z0-9_]*-\d+$/.test(text);
}
