/**
 * Completion:
 * - WBS codes after `02C.` / `02C.04.`: code and preferred name (the workspace's,
 *   else the report period's); inside a team, the subtrees it leads first; inserts `02C.04.05 - <name>` when the rest
 *   of the line is empty, the code alone otherwise;
 * - ticket IDs after `DM-` (any configured key): every known ticket of the
 *   key, most recent first; after `DM-` and letters (`DM-butler`), the tickets
 *   whose title contains them (see `ticketItems`);
 * - document handles after a known series (`LDM-`, `DMTN-`, `Document-`): catalog entries with titles;
 * - at the start of a line (blank, or after a heading's `#`s) inside a team:
 *   the document template's subsection labels, the next expected one first
 *   and preselected, in the style of the team's existing labels; a blank line
 *   after a team's last line (before the next heading) counts as inside that
 *   team, since a label typed there ends that team's section.
 * Nothing inside fenced, indented or inline code.
 * Reads only cached models, parses and catalogs.
 *
 * Items whose filter text is their label carry no `filterText`: Neovim's
 * built-in completion (`vim.lsp.omnifunc`, 0.7–0.9) starts the replaced text at
 * `textEdit.range.start` only for items without one, and otherwise at the start
 * of the keyword before the cursor (after `02C.04.` or `DM-`: nothing), which
 * doubles the typed prefix (`02C.04.02C.04.05 - …`) or filters every item out.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { Analysis, ReportEngine } from '../engine/engine';
import type { Nodes } from 'mdast';
import type { Section } from '../model/types';
import type { ReportTemplate } from '../model/template';
import { TeamDirectory } from '../catalog/teams';
import { sectionsAt } from '../model/lookup';
import { formatLabel } from '../model/outline';

const WBS_PREFIX = /(?<![\p{L}\p{N}_.])((?:1\.)?02C(?:\.\d{0,2})*)$/u;
const ID_PREFIX = /(?<![\p{L}\p{N}_-])([A-Za-z][A-Za-z0-9_]{0,11})-([\p{L}\p{N}]*)$/u;
const LINE_START = /^(\s{0,3}#{1,6}\s+|\s{0,3})((?:\*\*)?[\p{L} ]*)$/u;

/**
 * The WBS subtrees a team leads (`['02C.04']`): by the template's `teams` table
 * and the catalog's leads (`TeamDirectory`, `wbs.extra[].lead` included); for a
 * team the table does not know, the two-level code it writes most.
 * @param template the document's template (`Analysis.template`; default the engine's).
 */
export function teamSubtrees(engine: ReportEngine, team: Section, template: ReportTemplate = engine.template): string[] {
  const led = TeamDirectory.of(template, engine.wbs).ledSubtrees(team.title);
  if (led.length) return led;
  const counts = new Map<string, number>();
  const walk = (s: Section) => {
    if (s.wbs) {
      const top = s.wbs.code.split('.').slice(0, 2).join('.');
      counts.set(top, (counts.get(top) ?? 0) + 1);
    }
    s.children.forEach(walk);
  };
  walk(team);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return top ? [top] : [];
}

/**
 * Whether `position` is inside code (a fenced or indented `code` block, or
 * `inlineCode`), from the cached mdast of the block that holds it: a binary
 * search for the block, then only the nodes that contain the offset.
 */
export function inCode(analysis: Analysis, position: Position): boolean {
  const blocks = analysis.parsed.blocks;
  const offset = analysis.document.offsetAt(position);
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].startOffset <= offset) lo = mid;
    else hi = mid - 1;
  }
  const placed = blocks[lo];
  if (!placed) return false;
  const at = offset - placed.startOffset;
  let nodes: readonly Nodes[] = placed.block.nodes;
  for (;;) {
    // Inside inline code means between its backticks; a code block also holds the end of its last line
    // (an unclosed fence runs to the end of the text, where the cursor often is).
    const hit = nodes.find((n) => {
      const start = n.position?.start.offset;
      const end = n.position?.end.offset;
      if (start === undefined || end === undefined || at <= start) return false;
      return n.type === 'code' ? at <= end : at < end;
    });
    if (!hit) return false;
    if (hit.type === 'code' || hit.type === 'inlineCode') return true;
    if (!('children' in hit)) return false;
    nodes = hit.children;
  }
}

/**
 * The team whose section holds `position`. A blank line between a team's last
 * line and the next heading is outside every section range (a section ends at
 * its last content), yet text typed there ends that team: it belongs to the
 * team of the nearest non-blank line above, if any.
 */
export function teamAt(analysis: Analysis, position: Position): Section | undefined {
  const { model, document } = analysis;
  const team = (p: Position) => sectionsAt(model, p).find((s) => s.kind === 'team');
  const found = team(position);
  if (found) return found;
  const lineText = (line: number) => document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  if (lineText(position.line).trim() !== '') return undefined;
  let line = position.line - 1;
  while (line >= 0 && lineText(line).trim() === '') line--;
  return line >= 0 ? team({ line, character: 0 }) : undefined;
}

function wbsItems(engine: ReportEngine, analysis: Analysis, position: Position, token: string, restOfLine: string): CompletionItem[] {
  const typed = token.replace(/^1\./, '');
  const range: Range = { start: { line: position.line, character: position.character - token.length }, end: position };
  const team = teamAt(analysis, position);
  const own = team ? teamSubtrees(engine, team, analysis.template) : [];
  const period = analysis.model.period;
  const withName = restOfLine.trim() === '';
  return engine.wbs
    .all()
    .filter((e) => e.code.startsWith(typed) && e.code !== '02C')
    .map((e) => {
      const name = engine.wbs.preferredName(e.code, period) ?? '';
      const mine = own.some((root) => e.code === root || e.code.startsWith(root + '.'));
      return {
        label: e.code,
        labelDetails: { description: name },
        kind: CompletionItemKind.Module,
        detail: name,
        documentation: {
          kind: MarkupKind.Markdown,
          value: engine.wbs.namesByPreference(e.code, period).map((n) => `- ${n.name} (${n.era})`).join('\n'),
        },
        sortText: `${mine ? '0' : '1'}${e.code}`,
        textEdit: { range, newText: withName && name ? `${e.code} - ${name}` : e.code },
      };
    });
}

/**
 * How well a ticket's title matches a typed title query: 0 when a word of the
 * title starts with it, 1 when the title contains it elsewhere, undefined when
 * it does not contain it. Case-insensitive; the query is taken literally.
 */
export function titleMatch(title: string | undefined, query: string): number | undefined {
  if (!title) return undefined;
  const t = title.toLowerCase();
  const q = query.toLowerCase();
  const at = t.indexOf(q);
  if (at < 0) return undefined;
  for (let i = at; i >= 0; i = t.indexOf(q, i + 1)) if (i === 0 || !/[\p{L}\p{N}]/u.test(t[i - 1])) return 0;
  return 1;
}

/**
 * Ticket items after `KEY-`: every ticket of that key known to the catalog
 * (workspace reports, export file, cached Jira answers), most recent first
 * (the most recent report citing or defining it, then the number, descending).
 * After `KEY-` and letters (`DM-butler`), a title query: only tickets whose
 * title contains the letters, those with a title word starting with them first;
 * such items carry the typed text as `filterText` (the client would otherwise
 * drop labels that do not start with it) and the list is incomplete (asked again as the query grows).
 */
function ticketItems(engine: ReportEngine, analysis: Analysis, position: Position, key: string, typed: string): CompletionList {
  const range: Range = { start: { line: position.line, character: position.character - key.length - 1 - typed.length }, end: position };
  const query = /^\d*$/.test(typed) ? undefined : typed;
  // The ID being typed (`DM-96|`) is a citation of its own: not a known ticket unless something else knows it.
  const onlyTyped = (id: string) =>
    engine.tickets
      .citations(id)
      .every((c) => c.uri === analysis.uri && c.range.start.line === position.line && c.range.end.character === position.character);
  const known = engine.tickets
    .all()
    .filter((t) => t.id.startsWith(`${key}-`) && !(Object.keys(t.sources).length === 0 && onlyTyped(t.id)));
  const ranked = query === undefined
    ? known
    : known
        .map((t, i) => ({ t, i, score: titleMatch(t.title, query) }))
        .filter((x) => x.score !== undefined)
        .sort((a, b) => a.score! - b.score! || a.i - b.i)
        .map((x) => x.t);
  const items = ranked.map((t, i): CompletionItem => {
    const fields = [t.status, t.type, t.epic && `epic ${t.epic}`].filter(Boolean).join(' · ');
    return {
      label: t.id,
      labelDetails: t.title ? { description: t.title } : undefined,
      kind: CompletionItemKind.Reference,
      detail: t.title ?? 'cited in a report; no title known',
      ...(fields ? { documentation: { kind: MarkupKind.Markdown, value: fields } } : {}),
      sortText: String(i).padStart(5, '0'),
      ...(query === undefined ? {} : { filterText: `${key}-${typed}` }),
      textEdit: { range, newText: t.id },
    };
  });
  return { isIncomplete: query !== undefined, items };
}

function documentItems(engine: ReportEngine, position: Position, series: string, digits: string): CompletionItem[] {
  const range: Range = { start: { line: position.line, character: position.character - series.length - 1 - digits.length }, end: position };
  return engine.documents.inSeries(series).map((d, i) => ({
    label: d.handle,
    labelDetails: { description: d.title },
    kind: CompletionItemKind.File,
    detail: d.title,
    documentation: { kind: MarkupKind.Markdown, value: `${d.title}${d.year ? ` (${d.year})` : ''}\n\n${d.url}` },
    sortText: String(i).padStart(5, '0'),
    textEdit: { range, newText: d.handle },
  }));
}

/**
 * Team subsection labels at a line start inside a team. The next expected
 * subsection comes first and is preselected: the first one after the
 * subsection above the cursor, in template order, that the team lacks (else
 * simply the one after it); then the other missing ones, then those present.
 * Labels copy the style of the subsection above the cursor (else the team's
 * first): bold, colon, and, on a line without `#`, its heading markers.
 * @param word the label text typed so far; `hashes` whether the line already starts with `#`.
 */
function labelItems(analysis: Analysis, position: Position, word: string, hashes: boolean): CompletionItem[] {
  const team = teamAt(analysis, position);
  if (!team) return [];
  const template = analysis.template;
  const range: Range = { start: { line: position.line, character: position.character - word.length }, end: position };
  const subs = team.children.filter((c) => c.kind === 'subsection' && c.templateId);
  const above = [...subs].reverse().find((c) => c.selectionRange.start.line < position.line);
  const sibling = above ?? subs[0];
  const style = sibling?.style ?? { form: 'heading' as const, bold: false, colon: true };
  const present = new Set(team.children.map((c) => c.templateId));
  const order = template.teamSubsections.map((e) => e.id);
  const rank = above ? order.indexOf(above.templateId!) : -1;
  const next =
    template.teamSubsections.find((e, i) => i > rank && !present.has(e.id)) ?? template.teamSubsections[rank + 1];
  return template.teamSubsections.map((entry, i) => {
    const text = formatLabel(entry.label, { ...style, form: !hashes && style.form === 'heading' ? 'heading' : 'paragraph' });
    const group = entry === next ? '0' : present.has(entry.id) ? '2' : '1';
    return {
      label: `${entry.label}:`,
      kind: CompletionItemKind.Keyword,
      detail: `${entry === next ? 'next expected; ' : ''}${present.has(entry.id) ? `already in ${team.title}` : `missing in ${team.title}`}`,
      ...(entry.description ? { documentation: { kind: MarkupKind.Markdown, value: `${entry.description}\n\nTemplate \`${template.name}\`.` } } : {}),
      // Only when it differs from the label (`**Planned activities:**`): see the note on Neovim above.
      ...(text === `${entry.label}:` || text.startsWith('#') ? {} : { filterText: text }),
      sortText: `${group}${i}`,
      ...(entry === next ? { preselect: true } : {}),
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range, newText: text },
    };
  });
}

/**
 * Completion items at a position.
 * @param position 0-based LSP position.
 */
export function getCompletions(engine: ReportEngine, analysis: Analysis, position: Position): CompletionList {
  if (inCode(analysis, position)) return { isIncomplete: false, items: [] };
  const doc = analysis.document;
  const line = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const before = line.slice(0, position.character);
  const after = line.slice(position.character);
  const wbs = WBS_PREFIX.exec(before);
  if (wbs) return { isIncomplete: false, items: wbsItems(engine, analysis, position, wbs[1], after) };
  const id = ID_PREFIX.exec(before);
  if (id) {
    const key = id[1].toUpperCase();
    if (engine.scanner.isTicketKey(key) && id[1] === key) return ticketItems(engine, analysis, position, key, id[2]);
    if (engine.documents.isKnownSeries(id[1]) && /^\d*$/.test(id[2])) return { isIncomplete: false, items: documentItems(engine, position, id[1], id[2]) };
  }
  const start = LINE_START.exec(before);
  if (start && after.trim() === '') return { isIncomplete: false, items: labelItems(analysis, position, start[2], start[1].includes('#')) };
  return { isIncomplete: false, items: [] };
}
