/**
 * Document links: every ticket and every handle of a known series links to
 * its browse URL, except where the author already wrote a real link around it.
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import type { Analysis, ReportEngine } from '../engine/engine';
import { ticketUrl } from '../catalog/settings';
import { firstContaining } from '../model/lookup';

export function getDocumentLinks(engine: ReportEngine, analysis: Analysis): DocumentLink[] {
  const { model } = analysis;
  const realLinks = model.links.filter((l) => !l.placeholder);
  // Links are in document order: a binary search per ID (a scan per ID was quadratic in a long report).
  const insideRealLink = (r: DocumentLink['range']) => firstContaining(realLinks, (l) => l.range, r.start) !== undefined;
  const out: DocumentLink[] = [];
  for (const t of model.tickets) {
    if (insideRealLink(t.range)) continue;
    out.push({ range: t.range, target: ticketUrl(engine.settings.ticketUrlTemplate, t.id), tooltip: `Open ${t.id} in Jira` });
  }
  for (const d of model.documents) {
    if (!d.knownSeries || insideRealLink(d.range)) continue;
    out.push({ range: d.range, target: engine.documents.url(d.handle), tooltip: `Open ${d.handle}` });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
