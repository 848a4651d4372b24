/**
 * Hover: what a ticket, document handle or WBS code is.
 * - ticket: title (from a definition line in an open report), how many times
 *   this report cites it, browse URL;
 * - document: title, year, URL; or that the catalog lacks it; or, for a slip
 *   (`LDM151`, `ldm-151`, `LMD-151`), the catalogued handle it stands for;
 * - WBS code: its names over time, parent chain, lead institution.
 * Reads only the cached model and catalogs: no parsing, no network.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Analysis, ReportEngine } from '../engine';
import { ticketUrl } from '../catalog/tickets';
import { itemAt } from './lookup';

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
      const cited = model.tickets.filter((t) => t.id === id && !t.definition).length;
      const defined = model.ticketDefinitions.filter((d) => d.id === id).length;
      lines.push(`**${id}**${info?.title ? ` — ${info.title}` : ''}`);
      if (hit.kind === 'malformed-ticket') lines.push('', `Written as \`${hit.item.text}\`: Jira keys are written ${id}.`);
      lines.push(
        '',
        `Cited ${cited} ${cited === 1 ? 'time' : 'times'} in this report` +
          (defined ? `; listed on ${defined} ticket ${defined === 1 ? 'line' : 'lines'}.` : '.'),
      );
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
      } else if (d.knownSeries) {
        const url = engine.documents.url(d.handle);
        lines.push(`**${d.handle}**`, '', `Not in the document catalog (${d.series} series; the catalog is incomplete).`, '', `[${url}](${url})`);
      } else {
        const suggestion = engine.documents.suggestion(d.handle);
        if (!suggestion) return null;
        const s = engine.documents.get(suggestion.handle)!;
        const what =
          suggestion.reason === 'missing-hyphen'
            ? 'a document handle without its hyphen.'
            : suggestion.reason === 'case'
              ? `the ${s.handle.split('-')[0]} series is written in capitals.`
              : `unknown document series "${d.series}".`;
        lines.push(`**${d.handle}**: ${what}`, '', `Did you mean **${s.handle}** — ${s.title}${s.year ? ` (${s.year})` : ''}?`);
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
        for (const n of names) lines.push(`- ${n.name} — ${n.era}${n.date ? `, ${n.date}` : ''} (${n.source})`);
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
