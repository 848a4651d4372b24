/**
 * `section-order` (warning): a section out of the template's order.
 * - Report-level sections (High-level Summary, Risk Management, …) among
 *   themselves; a level-1 section carries the level-2 sections after it.
 * - Each team's standard subsections (Current accomplishments, Planned
 *   activities, Recruitment update) among themselves.
 * The sections kept in place are a longest run already in template order
 * (the earliest such run); each other section is reported on its heading or
 * label line. Only the first occurrence of a section counts (a repeat is
 * `duplicate-section`); sections outside the template (an appendix, WBS
 * elements, topics) only mark where a section's text ends.
 *
 * Fix (safe: it moves whole lines, rewrites nothing): move the section, from
 * its label to the next sibling section (for a report-level heading: or to a
 * heading of its level read under it, which stays), before the first kept section that
 * the template puts after it, or else after the last kept one that the
 * template puts before it (right after its own text: before a heading of its
 * level that is read under it, `# Training` after `# Accomplishments this period`).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Section } from '../model/types';
import type { ReportTemplate } from '../model/template';
import { sectionIds, teamsOf } from '../model/outline';
import { moveLines } from './sectionEdits';
import { finding, type Finding, type Rule } from './registry';

/** A section that takes part in the order check, with its template rank and the lines it spans. */
interface Ranked {
  section: Section;
  rank: number;
  /** First line (its label). */
  from: number;
  /** Line after its last line: the next sibling's label, or the end of its container. */
  to: number;
}

/**
 * Indexes of a longest non-decreasing subsequence of `ranks`, preferring the
 * earliest elements. O(n²); n is a handful of sections.
 */
export function keptInOrder(ranks: number[]): Set<number> {
  const best: number[] = [];
  const prev: number[] = [];
  for (let i = 0; i < ranks.length; i++) {
    best[i] = 1;
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      if (ranks[j] <= ranks[i] && best[j] + 1 > best[i]) {
        best[i] = best[j] + 1;
        prev[i] = j;
      }
    }
  }
  let end = -1;
  for (let i = 0; i < ranks.length; i++) if (end < 0 || best[i] > best[end]) end = i;
  const kept = new Set<number>();
  for (let i = end; i >= 0; i = prev[i]) kept.add(i);
  return kept;
}

/** Findings for one list of sibling sections already ranked, in document order. */
function check(ranked: Ranked[], template: ReportTemplate, document: TextDocument, where: string): Finding[] {
  const kept = keptInOrder(ranked.map((r) => r.rank));
  const keptList = ranked.filter((_, i) => kept.has(i));
  const out: Finding[] = [];
  ranked.forEach((r, i) => {
    if (kept.has(i)) return;
    const after = keptList.find((k) => k.rank > r.rank);
    const before = [...keptList].reverse().find((k) => k.rank <= r.rank);
    const target = after ?? before;
    if (!target) return;
    const relation = after ? 'before' : 'after';
    const title = r.section.title;
    const message = `"${title}" should come ${relation} "${target.section.title}"${where} (template ${template.name}).`;
    const edits = moveLines(document, r.from, ownEnd(r), after ? after.from : ownEnd(target));
    out.push(
      finding('section-order', r.section.selectionRange, message, [
        { title: `Move "${title}" ${relation} "${target.section.title}"`, edits, isPreferred: true, safe: true },
      ]),
    );
  });
  return out;
}

/**
 * Where a report-level section's own text ends, for moving it or a section after it: before its
 * first heading child no deeper than its own heading (`# Training` after `# Accomplishments this
 * period` is read under it, but in the Markdown outline it is a section of its own: it stays
 * where it is, and a section moved after Accomplishments goes right after it). A team's
 * subsection ends at its span's end (its label decides what is in it, not heading levels).
 */
function ownEnd(r: Ranked): number {
  const s = r.section;
  if (s.kind !== 'report' || s.style.form !== 'heading') return r.to;
  const depth = s.style.depth!;
  const next = s.children.find((c) => c.style.form === 'heading' && c.style.depth! <= depth && c.selectionRange.start.line < r.to);
  return next ? next.selectionRange.start.line : r.to;
}

/** The line after a section's text, given the sibling that follows it (or the end line of the container). */
function endLine(next: Section | undefined, containerEnd: number): number {
  return next ? next.selectionRange.start.line : containerEnd;
}

/** First occurrences of template sections among `siblings`, with their ranks and line spans. */
function rank(
  siblings: Section[],
  order: string[],
  containerEnd: number,
  owns: (s: Section, later: Section) => boolean = () => false,
): Ranked[] {
  const seen = new Set<string>();
  const out: Ranked[] = [];
  siblings.forEach((s, i) => {
    // A combined heading (`Community Interactions, Meetings and Workshops`) ranks as its first section and counts as each.
    const ids = sectionIds(s);
    if (ids.length === 0 || ids.some((id) => seen.has(id)) || !order.includes(ids[0])) return;
    for (const id of ids) seen.add(id);
    let j = i + 1;
    while (j < siblings.length && owns(s, siblings[j])) j++;
    out.push({ section: s, rank: order.indexOf(ids[0]), from: s.selectionRange.start.line, to: endLine(siblings[j], containerEnd) });
  });
  return out;
}

/** `section-order`'s findings on the report-level sections (its first). */
export const reportSectionOrderRule: Rule = ({ analysis }): Finding[] => {
  const { model, document, template } = analysis;
  const levels = new Map(template.sections.map((s) => [s.id, s.level ?? 1]));
  const levelOf = (s: Section) => (s.kind === 'report' && s.templateId ? (levels.get(s.templateId) ?? 1) : 1);
  // A level-1 section spans the level-2 sections after it: they move with it.
  const reportSections = model.sections.filter((s) => s.kind === 'report');
  const ranked = rank(
    reportSections,
    template.sections.map((s) => s.id),
    document.lineCount,
    (s, later) => levelOf(later) > levelOf(s),
  );
  return check(ranked, template, document, '');
};

/** `section-order`'s findings on the teams' subsections (after the report's). */
export const teamSectionOrderRule: Rule = ({ analysis }): Finding[] => {
  const { model, document, template } = analysis;
  const out: Finding[] = [];
  const order = template.teamSubsections.map((s) => s.id);
  for (const { team } of teamsOf(model)) {
    const subs = rank(team.children, order, team.range.end.line + 1);
    out.push(...check(subs, template, document, ` in "${team.title}"`));
  }
  return out;
};

export const sectionOrderRule: Rule = (ctx): Finding[] => [...reportSectionOrderRule(ctx), ...teamSectionOrderRule(ctx)];
