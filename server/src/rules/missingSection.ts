/**
 * `missing-section` (warning): a section the template requires is absent.
 * - the period heading (a front matter `period:`, or the file's path — `2023/March.md`,
 *   `2019-05.md` — also gives the period), reported on the title;
 * - a report-level section (High-level Summary, Risk Management, Detailed
 *   Project Progress and Status), reported on the title; a combined heading
 *   (`Community Interactions, Meetings and Workshops`) gives each section it stands for;
 * - a team's subsection (Current accomplishments, Planned activities; and
 *   Recruitment update for teams that are not in a group — inside its heading, or
 *   one of the template's `groups` at top level), reported on the team heading.
 * The fix inserts the section's label where the template puts it: before the
 * next present section that follows it in template order, else at the end of
 * the enclosing section, written in the style of a neighbouring sibling
 * (heading depth — a team subsection at the level of the team's subsections,
 * `subsectionLevel`, not a wrong-level neighbour's —, bold, colon; or a label paragraph). When the subsection
 * before it repeats a WBS element, the label goes before the repeat: that is
 * where the missing subsection's own WBS elements begin; a missing first
 * subsection goes before the WBS elements that sit directly in the team, or
 * else right under the team heading. A missing report-level section with no
 * section before it goes under the period heading (or the title; without either, before
 * the first section, below the front matter); the section that holds the
 * teams goes above the first team. The insertion is safe for fix-all (it only
 * inserts text).
 *
 * Not reported: a section whose label an unclosed block hides (the model's
 * `unclosedBlock`: `unclosed-block` explains, and closing the block brings the
 * section back) — a report-level section or the period heading anywhere in the
 * hidden text, a team's subsection when the team runs into the block. A
 * malformed heading (`##Planned activities`) is read as the heading it was
 * meant to be, so it is not missing either.
 *
 * A repeated subsection that stands where the missing one belongs ("Current
 * accomplishments" twice, no "Planned activities": see `subsectionRepeats` in
 * ./duplicateSection.ts) may be it: the relabel comes first (preferred, not
 * safe: it rewrites a label), the insertion second, and neither is safe, so
 * fix-all inserts no section that a relabel would provide.
 */
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LabelStyle, ReportModel, Section } from '../model/types';
import type { ReportTemplate } from '../model/template';
import { isRequiredIn, LabelIndex } from '../model/template';
import { teamsOf, formatLabel, sectionIds, subsectionLevel } from '../model/outline';
import { fileNamePeriod } from '../model/periods';
import { finding, type Finding, type Fix, type Rule } from './registry';
import { subsectionRepeats } from './duplicateSection';

/** One missing section and the edit that inserts it. */
export interface MissingSection {
  /** Template id (`planned-activities`), or `period`. */
  id: string;
  label: string;
  /** The team it belongs to; undefined for report-level sections. */
  team?: Section;
  /** Where the diagnostic goes: the team heading or the report title. */
  anchor: Range;
  /** The insertion; undefined when nothing sensible can be inserted (a missing period). */
  edit?: TextEdit;
  /**
   * A repeat of another subsection of the team that stands where this one belongs, and the
   * edit that relabels it to this one (then the insertion is not safe: the repeat may be it).
   */
  relabel?: { repeat: Section; edit: TextEdit };
}

/**
 * An edit that inserts `line` as a new block before the line of `before`.
 * When the line above is not blank (`- item` directly followed by a heading),
 * a blank line is added first: without it a label paragraph would continue
 * the paragraph or list item above instead of starting a block.
 */
function insertBefore(before: Position, line: string, document: TextDocument): TextEdit {
  // Below the last line of a text without a final line break (its front matter): at its end.
  const at = before.line < document.lineCount ? { line: before.line, character: 0 } : document.positionAt(document.getText().length);
  const above = before.line > 0 ? document.getText({ start: { line: before.line - 1, character: 0 }, end: at }) : '';
  const lead = above.trim() !== '' ? '\n' : '';
  return { range: { start: at, end: at }, newText: `${lead}${line}\n\n` };
}

/** An edit that inserts `line` as a new block after the end of `after` (works at the end of the file too). */
function insertAfter(after: Position, line: string): TextEdit {
  return { range: { start: after, end: after }, newText: `\n\n${line}` };
}

/**
 * The first WBS element of a subsection that repeats an earlier one of the
 * same subsection. Teams go through the same WBS elements in Current
 * accomplishments and in Planned activities, so when the label between them
 * is missing, the repeat is where the missing subsection began.
 */
function firstRepeatedWbs(subsection: Section): Section | undefined {
  const seen = new Set<string>();
  for (const child of subsection.children) {
    if (child.kind !== 'wbs' || !child.wbs) continue;
    if (seen.has(child.wbs.code)) return child;
    seen.add(child.wbs.code);
  }
  return undefined;
}

/**
 * The end of the last of the headings right below `end` (blank lines between them) that are no
 * section of the model — headings before the first section, which the model leaves out
 * (`## April 2017` written twice) — or `end` itself: a section inserted under the period heading
 * goes after them, so that it does not take them in as its topics.
 */
function afterPreambleHeadings(model: ReportModel, document: TextDocument, end: Position): Position {
  const sections = new Set<number>();
  const walk = (list: Section[]) => list.forEach((s) => (sections.add(s.selectionRange.start.line), walk(s.children)));
  walk(model.sections);
  let last = end;
  for (let line = end.line + 1; line < document.lineCount && !sections.has(line); line++) {
    const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/[\r\n]+$/, '');
    if (text.trim() === '') continue;
    if (!/^ {0,3}#{1,6}(?:[ \t]|$)/.test(text)) break;
    last = { line, character: text.length };
  }
  return last;
}

/** Whether section `a` starts before section `b`. */
function before(a: Section, b: Section): boolean {
  const p = a.selectionRange.start;
  const q = b.selectionRange.start;
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}

/**
 * The template ids of the sections an unclosed block hides (report-level sections, team
 * subsections, `period`), and the 0-based line it opens on; none without one.
 */
function hiddenSections(model: ReportModel): { ids: Set<string>; from: number } {
  const block = model.unclosedBlock;
  const ids = new Set<string>();
  for (const h of block?.hidden ?? []) {
    if (h.names?.templateId) ids.add(h.names.templateId);
    else if (h.names?.kind === 'period') ids.add('period');
  }
  return { ids, from: block?.range.start.line ?? Infinity };
}

/** Missing subsections of one team, each with its insertion edit. */
function missingInTeam(
  template: ReportTemplate,
  team: Section,
  inGroup: boolean,
  document: TextDocument,
  hidden: { ids: Set<string>; from: number },
): MissingSection[] {
  const order = template.teamSubsections.map((s) => s.id);
  const present = team.children.filter((c) => c.kind === 'subsection' && c.templateId);
  const repeats = subsectionRepeats(team, template);
  const out: MissingSection[] = [];
  let headingTaken = false;
  for (const entry of template.teamSubsections.filter((s) => isRequiredIn(s, inGroup))) {
    if (present.some((p) => p.templateId === entry.id)) continue;
    // Hidden in the unclosed block the team runs into: closing the block brings it back.
    if (team.range.end.line >= hidden.from && hidden.ids.has(entry.id)) continue;
    const rank = order.indexOf(entry.id);
    const next = present.find((p) => order.indexOf(p.templateId!) > rank);
    const previous = [...present].reverse().find((p) => order.indexOf(p.templateId!) < rank);
    const model = previous ?? next;
    // A neighbour's heading at the wrong level (`##### Recruitment update` among `####` siblings) gives
    // its form, not its level: the inserted heading is at the level of the team's subsections.
    const style: LabelStyle = model
      ? model.style.form === 'heading'
        ? { ...model.style, depth: subsectionLevel(team) ?? model.style.depth }
        : model.style
      : { form: 'heading', depth: Math.min((team.style.depth ?? 2) + 1, 6), bold: false, colon: true };
    const line = formatLabel(entry.label, style);
    // Where the missing subsection's content begins, when the structure shows it:
    // the WBS element that repeats one of the previous subsection's, or, with no
    // previous subsection, the first WBS element that sits directly in the team,
    // else right under the team heading (the text there is what it introduced).
    const start = previous ? firstRepeatedWbs(previous) : team.children.find((c) => c.kind === 'wbs' && (!next || before(c, next)));
    let edit: TextEdit;
    if (start) edit = insertBefore(start.selectionRange.start, line, document);
    else if (!previous && !headingTaken) {
      edit = insertAfter(team.selectionRange.end, line);
      headingTaken = true;
    } else if (next) edit = insertBefore(next.selectionRange.start, line, document);
    else edit = insertAfter(team.range.end, line);
    const repeat = repeats.find((r) => r.relabel?.entry.id === entry.id);
    const missing: MissingSection = { id: entry.id, label: entry.label, team, anchor: team.selectionRange, edit };
    if (repeat?.relabel) missing.relabel = { repeat: repeat.repeat, edit: repeat.relabel.edit };
    out.push(missing);
  }
  return out;
}

/**
 * Every required section the report lacks, in document order of where it
 * would go, each with its insertion edit.
 *
 * @param document the analysed text; an insertion right below a non-blank
 *   line gets the blank line it needs to start a block of its own.
 * @param parts `report` for the period heading and the report-level sections only, `teams` for
 *   the teams' subsections only; default both (the report's first).
 */
export function findMissingSections(model: ReportModel, template: ReportTemplate, document: TextDocument, parts: 'report' | 'teams' | 'all' = 'all'): MissingSection[] {
  const hidden = hiddenSections(model);
  const out = parts === 'teams' ? [] : missingInReport(model, template, document, hidden);
  if (parts !== 'report') for (const { team, inGroup } of teamsOf(model)) out.push(...missingInTeam(template, team, inGroup, document, hidden));
  return out;
}

/** The period heading and the report-level sections the report lacks. */
function missingInReport(model: ReportModel, template: ReportTemplate, document: TextDocument, hidden: { ids: Set<string>; from: number }): MissingSection[] {
  const titleRange: Range = model.title?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const out: MissingSection[] = [];
  if (template.period.required && !model.period && !model.frontMatter?.period && !fileNamePeriod(document.uri) && !hidden.ids.has('period')) {
    out.push({ id: 'period', label: 'Report period heading (e.g. "## April 2017")', anchor: titleRange });
  }
  const order = template.sections.map((s) => s.id);
  const present = model.sections.filter((s) => s.kind === 'report' && s.templateId);
  // A combined heading spans the ranks of the sections it stands for.
  const first = (s: Section) => order.indexOf(s.templateId!);
  const last = (s: Section) => Math.max(...sectionIds(s).map((id) => order.indexOf(id)));
  const subsectionLabels = new LabelIndex(template.teamSubsections);
  for (const entry of template.sections) {
    if (!entry.required || present.some((p) => sectionIds(p).includes(entry.id)) || hidden.ids.has(entry.id)) continue;
    const rank = order.indexOf(entry.id);
    const next = present.find((p) => first(p) > rank);
    const previous = [...present].reverse().find((p) => last(p) < rank);
    const neighbour = previous ?? next;
    const style: LabelStyle = neighbour?.style ?? { form: 'heading', depth: 2, bold: false, colon: false };
    // A level-2 section next to a level-1 one goes one heading level deeper (and the other way round).
    const shift = (entry.level ?? 1) - (template.sections.find((s) => s.id === neighbour?.templateId)?.level ?? 1);
    const depth = style.form === 'heading' ? Math.min(6, Math.max(1, (style.depth ?? 2) + shift)) : style.depth;
    const line = formatLabel(entry.label, { ...style, depth, colon: false, bold: false });
    // The section that holds the teams goes right above the first team (or the first team subsection
    // with no team around it: its team heading is gone too); a section with nothing before it in the
    // template right under the period heading (or the title).
    const firstTeam = model.sections
      .flatMap((s) => s.children)
      .find((c) => c.kind === 'team' || c.kind === 'group' || c.kind === 'subsection' || (c.kind === 'topic' && subsectionLabels.matchLine(c.title, true)));
    let edit: TextEdit;
    if (entry.holdsTeams && firstTeam && (!next || before(firstTeam, next))) {
      edit = insertBefore(firstTeam.selectionRange.start, line, document);
    } else if (!previous) {
      const heading = model.period?.range.end ?? model.title?.range.end;
      const after = heading && afterPreambleHeadings(model, document, heading);
      // Without a title, before the first section (`# Objectives for next period`), else below the front matter.
      const top = next?.selectionRange.start ?? { line: model.frontMatter ? model.frontMatter.range.end.line + 1 : 0, character: 0 };
      edit = after ? insertAfter(after, line) : insertBefore(top, line, document);
    } else if (next) edit = insertBefore(next.selectionRange.start, line, document);
    else edit = insertAfter(previous.range.end, line);
    out.push({ id: entry.id, label: entry.label, anchor: titleRange, edit });
  }
  return out;
}

/** The finding of one missing section. */
function missingFinding(m: MissingSection): Finding {
    const fixes: Fix[] = [];
    const repeat = m.relabel?.repeat;
    if (m.relabel && repeat) {
      // The repeat may be the missing subsection: relabelling it comes first; neither fix is safe.
      fixes.push({ title: `Change "${repeat.title.replace(/[:\s]+$/, '')}" on line ${repeat.selectionRange.start.line + 1} to "${m.label}"`, edits: [m.relabel.edit], isPreferred: true });
      if (m.edit) fixes.push({ title: `Insert "${m.label}" in "${m.team!.title}"`, edits: [m.edit] });
    } else if (m.edit) {
      // Safe for fix-all: it only inserts a label line where the template puts it.
      fixes.push({ title: `Insert "${m.label}"${m.team ? ` in "${m.team.title}"` : ''}`, edits: [m.edit], isPreferred: true, safe: true });
    }
    const message = m.team
      ? `"${m.team.title}" has no "${m.label}" section${repeat ? ` (the second "${repeat.title.replace(/[:\s]+$/, '')}" on line ${repeat.selectionRange.start.line + 1} may be it)` : ''}.`
      : m.id === 'period'
        ? 'The report has no period heading (e.g. "## April 2017").'
        : `The report has no "${m.label}" section.`;
    return finding('missing-section', m.anchor, message, fixes, { section: m.id });
}

export const missingSectionRule: Rule = ({ analysis }): Finding[] => findMissingSections(analysis.model, analysis.template, analysis.document).map(missingFinding);

/** `missing-section`'s findings on the period heading and the report-level sections (its first). */
export const missingReportSectionRule: Rule = ({ analysis }): Finding[] =>
  findMissingSections(analysis.model, analysis.template, analysis.document, 'report').map(missingFinding);

/** `missing-section`'s findings on the teams' subsections (after the report's). */
export const missingTeamSectionRule: Rule = ({ analysis }): Finding[] =>
  findMissingSections(analysis.model, analysis.template, analysis.document, 'teams').map(missingFinding);
