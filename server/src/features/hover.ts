/**
 * Hover: what a ticket, document handle or WBS code is.
 * - ticket: title (from a definition line in an open report), how many times
 *   this report cites it (malformed citations such as `DM10221` included) and on
 *   how many ticket lines it is listed, browse URL;
 * - document: title, year, URL (and the `.dmreport.yaml` that adds it); or that
 *   the catalog lacks it; or, for a slip (`LDM151`, `ldm-151`, `LMD-151`), the
 *   catalogued handle it stands for (the same choice as `unknown-document`);
 * - WBS code: its names, best first for the report's period (workspace names
 *   first), with their eras and sources, parent chain, lead institution;
 * Reads only the cached model and catalogs: no parsing, no network.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Analysis, ReportEngine } from '../engine';
import { ticketUrl } from '../catalog/tickets';
import { itemAt } from './lookup';
import { handleContext } from '../rules/documents';

export function getHover(engine: ReportEngine, analysis: Analysis, position: Position): Hover | null {
  const { model } = analysis;
  const hit = itemAt(model, position);
  if (!hit) return null;
  const lines: string[] = [];
  switch (hit.kind) {
    case 'ticket':
    case 'malformed-ticket': {
      const id = hit.kind === 'ticket' ? hit.item.id : hit.item.corrected;
      const info = engine.tickets.get(id);
      // A citation is any mention outside a definition line, well formed or not (`DM10221` cites DM-10221).
      const cited =
        model.tickets.filter((t) => t.id === id && !t.definition).length + model.malformedTickets.filter((t) => t.corrected === id).length;
      const defined = model.ticketDefinitions.filter((d) => d.id === id).length;
      lines.push(`**${id}**${info?.title ? ` — ${info.title}` : ''}`);
      if (hit.kind === 'malformed-ticket') lines.push('', `Written as \`${hit.item.text}\`: Jira keys are written ${id}.`);
      lines.push('', citations(cited, defined));
      if (!info?.title) lines.push('', 'No title known (no definition line in the open reports).');
      const url = ticketUrl(engine.settings.ticketUrlTemplate, id);
      lines.push('', `[${url}](${url})`);
      break;
    }
    case 'document': {
      const d = hit.item;
      // `ldm-151` finds LDM-151 in the catalog (series are looked up in any case) but is written wrong: say so below.
      const catalogued = engine.documents.get(d.handle);
      const entry = catalogued && (d.knownSeries || catalogued.handle === d.handle) ? catalogued : undefined;
      if (entry) {
        lines.push(`**${entry.handle}** — ${entry.title}${entry.year ? ` (${entry.year})` : ''}`, '', `[${entry.url}](${entry.url})`);
        if (entry.source) lines.push('', `From the workspace configuration (${entry.source}).`);
      } else if (d.knownSeries) {
        const url = engine.documents.url(d.handle);
        lines.push(`**${d.handle}**`, '', `Not in the document catalog (${d.series} series; the catalog is incomplete).`, '', `[${url}](${url})`);
      } else {
        // The same choice as the unknown-document rule: the text around the handle breaks ties.
        const suggestion = engine.documents.suggestion(d.handle, handleContext(analysis, d.range));
        if (!suggestion) {
          const candidates = engine.documents.candidates(d.handle);
          if (candidates.length < 2) return null;
          lines.push(`**${d.handle}**: unknown document series "${d.series}".`, '', 'Did you mean one of:');
          for (const c of candidates) {
            const e = engine.documents.get(c.handle)!;
            lines.push(`- **${e.handle}** — ${e.title}${e.year ? ` (${e.year})` : ''}`);
          }
          break;
        }
        const s = engine.documents.get(suggestion.handle)!;
        const what =
          suggestion.reason === 'missing-hyphen'
            ? 'a document handle without its hyphen.'
            : suggestion.reason === 'case'
              ? `the ${s.handle.split('-')[0]} series is written in capitals.`
              : `unknown document series "${d.series}".`;
        lines.push(`**${d.handle}**: ${what}`, '', `Did you mean **${s.handle}** — ${s.title}${s.year ? ` (${s.year})` : ''}?`);
        if (suggestion.among) lines.push('', `Also one slip away: ${suggestion.among.join(', ')}; the words around ${d.handle} match the title of ${s.handle}.`);
      }
      break;
    }
    case 'wbs': {
      const w = hit.item;
      const element = engine.wbs.get(w.code);
      if (!element) {
        lines.push(`**WBS ${w.code}**`, '', 'Not in the WBS catalog.');
      } else {
        const names = engine.wbs.namesByPreference(w.code, model.period);
        lines.push(`**WBS ${w.code}** — ${names[0]?.name ?? ''}`, '');
        for (const n of names) {
          const source = n.era === 'workspace' ? `workspace configuration ${n.source}` : describeSource(n.source);
          lines.push(`- ${n.name} — ${n.era}${n.date ? `, ${n.date}` : ''} (${source})`);
        }
      }
      const chain = engine.wbs.ancestors(w.code).map((a) => `${a.code} ${engine.wbs.preferredName(a.code, model.period) ?? ''}`.trim());
      if (chain.length) lines.push('', `Parent chain: ${chain.join(' › ')}`);
      const lead = engine.wbs.lead(w.code, model.period);
      if (lead) lines.push('', `Lead institution: ${lead}`);
      break;
    }
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: hit.range };
}

/** How often a ticket appears: citations (malformed ones included) and definition lines. */
function citations(cited: number, defined: number): string {
  const times = (n: number) => `${n} ${n === 1 ? 'time' : 'times'}`;
  const lines = (n: number) => `${n} ticket ${n === 1 ? 'line' : 'lines'}`;
  if (cited === 0 && defined > 0) return `Listed on ${lines(defined)} in this report; cited nowhere else.`;
  return `Cited ${times(cited)} in this report` + (defined ? `; listed on ${lines(defined)}.` : '.');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Where a WBS name comes from, for a reader. Names taken from a monthly report
 * have a source path under `shared/samples/` that exists where the catalog was
 * built, not in this repository: they read "as written in the April 2017 DM
 * monthly report". Other sources (`lsst/LDM-294:wbs/1.02C.tex`) are shown as they are.
 */
export function describeSource(source: string): string {
  if (!source.includes('shared/samples/')) return source;
  const report = /shared\/samples\/dm-monthly-report-(\d{4})-(\d{2})\.md/.exec(source);
  const month = report ? MONTHS[Number(report[2]) - 1] : undefined;
  if (report && month) return `as written in the ${month} ${report[1]} DM monthly report`;
  const what = source.replace(/\s*\(?\S*shared\/samples\/[^)\s]*\)?/, '').trim();
  return what ? `as written in the ${what}` : 'as written in a DM monthly report';
}
