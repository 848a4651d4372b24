/**
 * `placeholder-link`: a link whose target is `#` or empty (`[DM-9997](#)`).
 * Warning. Fixes: fill the target with the ticket's or document's URL when
 * the link text is one (a malformed ticket links to its corrected key; an
 * unknown series gets no URL), and "remove the link, keep the text".
 * Filling the URL is safe for fix-all when the link text is a ticket (well
 * formed or malformed: the text is left as written) or a handle in the
 * document catalog; an uncatalogued handle (`LSE-299`, `Document-25798`) may
 * be mistyped, so its URL is only offered. A handle of a word series the
 * catalog lacks (`[Collection-5517](#)`: no handle in prose) still gets its
 * URL offered here: its author made it a link. Removing the link is never safe.
 */
import { splitHandle } from '../catalog/documents';
import { ticketUrl } from '../catalog/settings';
import { finding, type Finding, type Fix, type Rule, type RuleEnvironment } from './registry';

export const placeholderLinkRule: Rule = ({ engine, analysis }) => {
  const out: Finding[] = [];
  const { model } = analysis;
  for (const link of model.links) {
    if (!link.placeholder) continue;
    const fixes: Fix[] = [];
    const target = resolveTarget(link.text.trim(), engine);
    if (target && link.urlRange) {
      fixes.push({
        title: `Link to ${target.url}`,
        edits: [{ range: link.urlRange, newText: target.url }],
        isPreferred: true,
        ...(target.known ? { safe: true } : {}),
      });
    }
    if (link.closeRange) {
      // `[text](#)` → `text`: delete `[` and `](#)`, leaving the author's text as written.
      const open = { start: link.range.start, end: { line: link.range.start.line, character: link.range.start.character + 1 } };
      fixes.push({
        title: 'Remove the link, keep the text',
        edits: [
          { range: open, newText: '' },
          { range: link.closeRange, newText: '' },
        ],
      });
    }
    out.push(
      finding(
        'placeholder-link',
        link.range,
        `Placeholder link "${link.text.replace(/\s+/g, ' ')}" points nowhere ("${link.url || '()'}")${target ? `; it could link to ${target.url}` : ''}.`,
        fixes,
        target ? { url: target.url } : undefined,
      ),
    );
  }
  return out;
};

/**
 * The URL a link text stands for: a ticket (well formed or malformed) or a
 * document of a known series (a word series' handle the catalog lacks, which
 * the scanner leaves as prose, included); `known` when it is a ticket or a catalogued handle.
 */
function resolveTarget(text: string, engine: RuleEnvironment): { url: string; known: boolean } | undefined {
  // Scan the link text alone; it must be exactly one identifier.
  const ids = engine.scanner.scan(text);
  const series = splitHandle(text)?.[0];
  if (ids.length === 0 && series !== undefined && engine.documents.isKnownSeries(series)) return { url: engine.documents.url(text), known: false };
  if (ids.length !== 1 || ids[0].start !== 0 || ids[0].end !== text.length) return undefined;
  const id = ids[0];
  if (id.kind === 'ticket' || id.kind === 'malformed-ticket') return { url: ticketUrl(engine.settings.ticketUrlTemplate, id.value), known: true };
  if (id.kind === 'document' && id.series && engine.documents.isKnownSeries(id.series)) {
    return { url: engine.documents.url(id.value), known: engine.documents.get(id.value) !== undefined };
  }
  return undefined;
}
