/**
 * The ticket catalog: what is known about Jira tickets without asking Jira.
 * Today its only source is the ticket definitions in the reports the engine
 * has seen (`DM-9656 Replanning, Commissioning, Operations Planning (S17b)`).
 */
import type { TicketDefinition } from '../model/types';

/** What the catalog knows of one ticket. */
export interface TicketInfo {
  id: string;
  /** Title from a definition line; undefined when the ticket is only cited. */
  title?: string;
  /** URI of the document whose definition gave the title. */
  definedIn?: string;
}

/** Ticket titles gathered from the definitions of every known document, keyed by document URI. */
export class TicketCatalog {
  private readonly byDocument = new Map<string, TicketDefinition[]>();

  /** Replaces what document `uri` defines. */
  update(uri: string, definitions: readonly TicketDefinition[]): void {
    this.byDocument.set(uri, [...definitions]);
  }

  /** Forgets document `uri`. */
  remove(uri: string): void {
    this.byDocument.delete(uri);
  }

  /** The ticket's title from the first document (in insertion order) that defines it. */
  get(id: string): TicketInfo | undefined {
    for (const [uri, defs] of this.byDocument) {
      const def = defs.find((d) => d.id === id);
      if (def) return { id, title: def.title, definedIn: uri };
    }
    return undefined;
  }

  /** Every defined ticket once, with its title, sorted by key then number descending (newest first). */
  all(): TicketInfo[] {
    const seen = new Map<string, TicketInfo>();
    for (const [uri, defs] of this.byDocument) {
      for (const d of defs) if (!seen.has(d.id)) seen.set(d.id, { id: d.id, title: d.title, definedIn: uri });
    }
    return [...seen.values()].sort((a, b) => {
      const [ka, na] = a.id.split('-');
      const [kb, nb] = b.id.split('-');
      return ka === kb ? Number(nb) - Number(na) : ka.localeCompare(kb);
    });
  }
}

/**
 * The browse URL of a ticket.
 * @param template a URL with `{id}` (setting `dmReport.ticketUrlTemplate`).
 */
export function ticketUrl(template: string, id: string): string {
  return template.split('{id}').join(id);
}
