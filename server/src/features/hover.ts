/**
 * Hover: what a ticket, document handle or WBS code is.
 * - ticket: title, status, type, epic and assignee (merged from the workspace's
 *   reports, the export file and Jira: ../catalog/tickets.ts), how many times
 *   this report cites it (malformed citations such as `DM10221` included) and on
 *   how many ticket lines it is listed, links to those lines and to the
 *   citations in other reports of the workspace, the state of the live Jira
 *   data (when Jira is configured), browse URL;
 * - document: title, year, URL (and the `.dmreport.yaml` that adds it); or that
 *   the catalog lacks it; or, for a slip (`LDM151`, `ldm-151`, `LMD-151`), the
 *   catalogued handle it stands for (the same choice as `unknown-document`);
 * - WBS code: its names, best first for the report's period (workspace names
 *   first), with their eras and sources, parent chain, lead institution;
 * - a section heading or label line (elsewhere on it than an ID): the template
 *   rule it satisfies — template name and how it was chosen, the section's id
 *   and label, required or optional, its position in the template's order; on
 *   a team heading, the subsections the team needs and which it has; on the
 *   period heading, the period and what it is compared with.
 * `getHover` reads only the cached model and catalogs: no parsing, no network.
 * `getHoverLive` may wait for Jira first (bounded, see there).
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Analysis, ReportEngine } from '../engine/engine';
import { URI } from 'vscode-uri';
import { ticketUrl } from '../catalog/settings';
import type { LiveState } from '../tickets/live';
import { contains, itemAt, sectionsAt } from '../model/lookup';
import { handleContext } from '../rules/documents';
import { teamsOf } from '../model/outline';
import { fileNamePeriod, formatMonthYear, formatYearMonth, parseYearMonth } from '../model/periods';

/**
 * The hover at a position, from the cached model and catalogs only (no
 * parsing, no network): an identifier's, else a section heading's (null where
 * there is nothing to tell).
 * @param position 0-based LSP position.
 * @param live what Jira said of the ticket under the cursor, if the caller asked
 *   (`getHoverLive`); default what the ticket catalog already knows.
 */

/**
 * Text from outside the report (a Jira summary, an export file, a catalog title) as
 * Markdown that shows it verbatim: the characters that open HTML, links, code and
 * emphasis (`< > [ ] \` * _ ~ \\`) are escaped, and line breaks become spaces, so a
 * hover never renders links, HTML or emphasis it did not write itself.
 */
export function plain(text: string): string {
  return text.replace(/[\\`*_[\]<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

export function getHover(engine: ReportEngine, analysis: Analysis, position: Position, live?: LiveState): Hover | null {
  const { model } = analysis;
  const hit = itemAt(model, position);
  if (!hit) return sectionHover(analysis, position);
  const lines: string[] = [];
  switch (hit.kind) {
    case 'ticket':
    case 'malformed-ticket': {
      const id = hit.kind === 'ticket' ? hit.item.id : hit.item.corrected;
      lines.push(...ticketHover(engine, analysis, id, hit.kind === 'malformed-ticket' ? hit.item.text : undefined, live ?? engine.tickets.peekLive(id)));
      break;
    }
    case 'document': {
      const d = hit.item;
      // `ldm-151` finds LDM-151 in the catalog (series are looked up in any case) but is written wrong: say so below.
      const catalogued = engine.documents.get(d.handle);
      const entry = catalogued && (d.knownSeries || catalogued.handle === d.handle) ? catalogued : undefined;
      if (entry) {
        lines.push(`**${entry.handle}** — ${plain(entry.title)}${entry.year ? ` (${entry.year})` : ''}`, '', `[${entry.url}](${entry.url})`);
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
            lines.push(`- **${e.handle}** — ${plain(e.title)}${e.year ? ` (${e.year})` : ''}`);
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
        lines.push(`**${d.handle}**: ${what}`, '', `Did you mean **${s.handle}** — ${plain(s.title)}${s.year ? ` (${s.year})` : ''}?`);
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

/**
 * The hover at a position, asking Jira first when the cursor is on a ticket
 * and Jira is in use: waits at most `engine.tickets.hoverWaitMs` milliseconds
 * (min(timeoutMs, 1500)), then answers with what is known; a request still
 * running fills the cache in the background. Never rejects.
 * @param position 0-based LSP position.
 */
export async function getHoverLive(engine: ReportEngine, analysis: Analysis, position: Position): Promise<Hover | null> {
  const hit = itemAt(analysis.model, position);
  if (hit?.kind === 'ticket' || hit?.kind === 'malformed-ticket') {
    const id = hit.kind === 'ticket' ? hit.item.id : hit.item.corrected;
    const live = await engine.tickets.live(id).catch(() => undefined);
    return getHover(engine, analysis, position, live);
  }
  return getHover(engine, analysis, position);
}

/** At most this many citation links per list in a ticket hover. */
const MAX_CITATION_LINKS = 10;

/** `2024-05-01 12:03 UTC` for milliseconds since the epoch. */
export function formatFetchedAt(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A Markdown link to a 0-based line of a document: `[label](file:///…#L12)` (1-based in the fragment). */
function lineLink(label: string, uri: string, line: number): string {
  return `[${label}](${uri}#L${line + 1})`;
}

/** The last path segment of a URI (`2017-05.md`). */
function fileName(uri: string): string {
  const path = URI.parse(uri).path;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || uri;
}

/** Links, comma separated, at most MAX_CITATION_LINKS, then "and N more". */
function linkList(links: string[]): string {
  const shown = links.slice(0, MAX_CITATION_LINKS).join(', ');
  return links.length > MAX_CITATION_LINKS ? `${shown} and ${links.length - MAX_CITATION_LINKS} more` : shown;
}

/** What the Jira part of a ticket hover says; undefined when Jira is not configured. */
function liveLine(engine: ReportEngine, live: LiveState | undefined): string | undefined {
  const { tickets } = engine;
  if (tickets.jiraOff) return `Live data off: ${tickets.jiraOff}.`;
  if (!tickets.jira) return undefined;
  const stale = (s: LiveState & { stale?: { fetchedAt: number } }) =>
    s.stale ? ` Cached Jira data from ${formatFetchedAt(s.stale.fetchedAt)} shown.` : '';
  switch (live?.state) {
    case 'found':
      return `Live from Jira (fetched ${formatFetchedAt(live.fetchedAt)}).`;
    case 'not-found':
      return `Not found in Jira (checked ${formatFetchedAt(live.fetchedAt)}); offline data shown.`;
    case 'pending':
      return `Live data pending: Jira has not answered within ${live.waitedMs || tickets.hoverWaitMs} ms; offline data shown, hover again in a moment.${stale(live)}`;
    case 'error':
      return `Live data unavailable: ${live.reason}; offline data shown.${stale(live)}`;
    default:
      return 'Live data not asked for yet.';
  }
}

/**
 * The lines of a ticket hover: title, fields, citations in this report and in
 * other reports of the workspace (with links), the state of the live data, the browse URL.
 * @param writtenAs the malformed text under the cursor (`DM10221`), if any.
 */
function ticketHover(engine: ReportEngine, analysis: Analysis, id: string, writtenAs: string | undefined, live: LiveState | undefined): string[] {
  const { model } = analysis;
  const info = engine.tickets.get(id);
  const lines: string[] = [];
  // A citation is any mention outside a definition line, well formed or not (`DM10221` cites DM-10221).
  const here = [
    ...model.tickets.filter((t) => t.id === id).map((t) => t.range),
    ...model.malformedTickets.filter((t) => t.corrected === id).map((t) => t.range),
  ].sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
  const cited =
    model.tickets.filter((t) => t.id === id && !t.definition).length + model.malformedTickets.filter((t) => t.corrected === id).length;
  const defined = model.ticketDefinitions.filter((d) => d.id === id).length;
  lines.push(`**${id}**${info?.title ? ` — ${plain(info.title)}` : ''}`);
  if (writtenAs) lines.push('', `Written as \`${writtenAs}\`: Jira keys are written ${id}.`);
  const fields = [
    info?.status && `Status: ${plain(info.status)}`,
    info?.type && `Type: ${plain(info.type)}`,
    info?.epic && `Epic: ${plain(info.epic)}${info.epicSummary ? ` (${plain(info.epicSummary)})` : ''}`,
    info?.assignee && `Assignee: ${plain(info.assignee)}`,
  ].filter(Boolean);
  if (fields.length) lines.push('', fields.join(' · '));
  lines.push('', citations(cited, defined));
  const lineNumbers = [...new Set(here.map((r) => r.start.line))];
  if (lineNumbers.length) lines.push('', `In this report: ${linkList(lineNumbers.map((l) => lineLink(`line ${l + 1}`, analysis.uri, l)))}.`);
  const elsewhere = engine.tickets.citations(id).filter((c) => c.uri !== analysis.uri);
  if (elsewhere.length) {
    const seen = new Set<string>();
    const links = elsewhere.flatMap((c) => {
      const key = `${c.uri}#${c.range.start.line}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [lineLink(`${fileName(c.uri)}:${c.range.start.line + 1}`, c.uri, c.range.start.line)];
    });
    const reports = new Set(elsewhere.map((c) => c.uri)).size;
    lines.push('', `Also in ${reports} other ${reports === 1 ? 'report' : 'reports'}: ${linkList(links)}.`);
  }
  if (!info?.title) {
    const where = ['no definition line in the workspace\'s reports'];
    if (engine.tickets.exported) where.push('not in the export file');
    lines.push('', `No title known (${where.join(', ')}).`);
  }
  const state = liveLine(engine, live);
  if (state) lines.push('', state);
  const url = ticketUrl(engine.settings.ticketUrlTemplate, id);
  lines.push('', `[${url}](${url})`);
  return lines;
}

const ORDINAL = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

/**
 * The template rule a heading or label line satisfies: report section, team
 * subsection, team, or the period heading. Null elsewhere.
 */
export function sectionHover(analysis: Analysis, position: Position): Hover | null {
  const { model, template, templateChoice } = analysis;
  const from = `Template \`${template.name}\` (${templateChoice.source}).`;
  const period = model.period;
  if (period && contains(period.range, position)) {
    const name = formatMonthYear(period);
    const front = model.frontMatter?.period?.value;
    const file = front ? undefined : fileNamePeriod(analysis.uri);
    const against = front
      ? `Compared with the front matter's period: ${formatYearMonth(front)}.`
      : file
        ? `Compared with the ${file.name.includes('/') ? 'path' : 'file name'} ${file.name}.`
        : 'Nothing to compare it with (no front matter period, no period in the file name or path).';
    const lines = [`**Report period: ${name}**`, '', `${template.period.required ? 'Required' : 'Optional'}. ${against}`, '', from];
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: period.range };
  }
  const section = sectionsAt(model, position)
    .reverse()
    .find((s) => contains(s.selectionRange, position));
  if (!section) return null;
  const lines: string[] = [];
  if (section.kind === 'report' && section.templateId) {
    const index = template.sections.findIndex((e) => e.id === section.templateId);
    const entry = template.sections[index];
    lines.push(
      `**${entry.label}** — report section \`${entry.id}\``,
      '',
      `${entry.required ? 'Required' : 'Optional'}; ${ORDINAL(index + 1)} of ${template.sections.length} report sections` +
        `${(entry.level ?? 1) > 1 ? `, level ${entry.level}` : ''}${entry.holdsTeams ? '; holds the team sections' : ''}.`,
      `Order: ${template.sections.map((e) => (e === entry ? `**${e.label}**` : e.label)).join(' → ')}.`,
    );
    // A combined heading (`Community Interactions, Meetings and Workshops`) is the others too.
    const others = (section.combinedIds ?? []).map((id) => template.sections.find((e) => e.id === id)?.label ?? id);
    if (others.length > 0) lines.push('', `This heading also stands for ${others.map((l) => `**${l}**`).join(', ')}.`);
    if (entry.description) lines.push('', entry.description);
  } else if (section.kind === 'subsection' && section.templateId) {
    const index = template.teamSubsections.findIndex((e) => e.id === section.templateId);
    const entry = template.teamSubsections[index];
    const required = { all: 'Required in every team', 'top-level': 'Required in teams that are not in a group', none: 'Optional' }[entry.requiredFor];
    lines.push(
      `**${entry.label}** — team subsection \`${entry.id}\``,
      '',
      `${required}; ${ORDINAL(index + 1)} of ${template.teamSubsections.length} in each team.`,
      `Order: ${template.teamSubsections.map((e) => (e === entry ? `**${e.label}**` : e.label)).join(' → ')}.`,
    );
    if (entry.description) lines.push('', entry.description);
  } else if (section.kind === 'team') {
    const inGroup = teamsOf(model).find((t) => t.team === section)?.inGroup ?? false;
    lines.push(`**${section.title}** — team section${inGroup ? ' (in a group)' : ''}`, '');
    for (const e of template.teamSubsections) {
      const has = section.children.some((c) => c.kind === 'subsection' && c.templateId === e.id);
      const required = e.requiredFor === 'all' || (e.requiredFor === 'top-level' && !inGroup);
      lines.push(`- ${e.label}: ${has ? 'present' : 'missing'}${required ? '' : ' (optional here)'}`);
    }
    if (template.teamSubsections.length === 0) lines.push('The template expects no subsections in a team.');
  } else return null;
  lines.push('', from);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: section.selectionRange };
}

/** How often a ticket appears: citations (malformed ones included) and definition lines. */
function citations(cited: number, defined: number): string {
  const times = (n: number) => `${n} ${n === 1 ? 'time' : 'times'}`;
  const lines = (n: number) => `${n} ticket ${n === 1 ? 'line' : 'lines'}`;
  if (cited === 0 && defined > 0) return `Listed on ${lines(defined)} in this report; not cited elsewhere in it.`;
  return `Cited ${times(cited)} in this report` + (defined ? `; listed on ${lines(defined)}.` : '.');
}

/**
 * Where a WBS name comes from, for a reader. Names taken from a monthly report
 * have a source path under `shared/samples/` that exists where the catalog was
 * built, not in this repository: they read "as written in the April 2017 DM
 * monthly report". Other sources (`lsst/LDM-294:wbs/1.02C.tex`) are shown as they are.
 */
export function describeSource(source: string): string {
  if (!source.includes('shared/samples/')) return source;
  const report = /shared\/samples\/dm-monthly-report-(\d{4}-\d{2})\.md/.exec(source);
  const period = report ? parseYearMonth(report[1]) : undefined;
  if (period) return `as written in the ${formatMonthYear(period)} DM monthly report`;
  const what = source.replace(/\s*\(?\S*shared\/samples\/[^)\s]*\)?/, '').trim();
  return what ? `as written in the ${what}` : 'as written in a DM monthly report';
}
