/**
 * `duplicate-section` (warning):
 * - a report-level section of the template given twice;
 * - the same standard subsection twice in one team (two "Planned activities");
 * - the same WBS element twice in one subsection, as a heading or a label
 *   line (bullets that start with a code are items, not elements, and may
 *   repeat). The same element in Current accomplishments and in Planned
 *   activities is how reports are written and is not reported; nor are the
 *   repeats of a subsection whose next required subsection is missing (they
 *   are that subsection's elements: `missing-section` inserts its label
 *   before the first repeat).
 * Reported on the repeat, naming the 1-based line of the first.
 *
 * Fix: none that keeps every word. Merging would delete the repeated label,
 * and which copy is the right one is the author's call. When a repeated team
 * subsection stands where a subsection the team lacks belongs (the classic
 * copy-paste: "Current accomplishments" twice, no "Planned activities"), the
 * quick fix relabels it ("Change to "Planned activities""); it rewrites a
 * label, so it is not safe (fix-all leaves it). `missing-section` offers the
 * same relabel first (`subsectionRepeats`) and inserts nothing unasked there.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { Section } from '../model/types';
import type { ReportTemplate, TemplateSubsection } from '../model/template';
import { sectionIds, teamsOf } from '../model/outline';
import { finding, type Finding, type Fix, type Rule } from './registry';

/** The WBS elements written as headings or label lines inside a subsection, depth first, in document order. */
function wbsElements(section: Section): Section[] {
  const out: Section[] = [];
  const walk = (s: Section) => {
    for (const c of s.children) {
      if (c.kind === 'wbs' && c.wbs && !c.wbs.inBullet) out.push(c);
      walk(c);
    }
  };
  walk(section);
  return out;
}

/** A repeated team subsection, and the missing subsection it may have been meant to be. */
export interface SubsectionRepeat {
  /** The repeat (the second "Current accomplishments"). */
  repeat: Section;
  /** The first copy. */
  first: Section;
  /** The template entry of both. */
  entry: TemplateSubsection;
  /**
   * The subsection the team lacks that belongs where the repeat stands (after the first copy in
   * template order, before the next subsection present after the repeat), with the edit that
   * relabels the repeat's label words to it; undefined when there is none, or the label's words
   * cannot be located.
   */
  relabel?: { entry: TemplateSubsection; edit: TextEdit };
}

/**
 * The repeated standard subsections of one team, in document order, each with the relabel
 * that would turn it into the missing subsection that belongs there (the classic copy-paste:
 * "Current accomplishments" twice, no "Planned activities"). `missing-section` offers the same
 * relabel first and inserts nothing unasked where it applies.
 */
export function subsectionRepeats(team: Section, template: ReportTemplate): SubsectionRepeat[] {
  const out: SubsectionRepeat[] = [];
  const order = template.teamSubsections.map((s) => s.id);
  const subs = team.children.filter((c) => c.kind === 'subsection' && c.templateId);
  const present = new Set(subs.map((s) => s.templateId!));
  const firsts = new Map<string, Section>();
  for (const s of subs) {
    const first = firsts.get(s.templateId!);
    if (!first) {
      firsts.set(s.templateId!, s);
      continue;
    }
    const entry = template.teamSubsections.find((e) => e.id === s.templateId)!;
    // A missing subsection that belongs where the repeat stands: after the first copy in template order,
    // and before the next subsection present after the repeat.
    const next = subs.find((o) => o.selectionRange.start.line > s.selectionRange.start.line && o.templateId !== s.templateId);
    const rank = order.indexOf(s.templateId!);
    const candidate = template.teamSubsections.find(
      (e) => !present.has(e.id) && order.indexOf(e.id) > rank && (!next || order.indexOf(e.id) < order.indexOf(next.templateId!)),
    );
    const repeat: SubsectionRepeat = { repeat: s, first, entry };
    // The label's words as written (`Current accomplishments` in `#### **Current accomplishments:**`) become the missing one's.
    if (candidate && s.labelRange) {
      repeat.relabel = { entry: candidate, edit: { range: s.labelRange, newText: candidate.label } };
    }
    out.push(repeat);
  }
  return out;
}

function subsectionDuplicates(team: Section, template: ReportTemplate): Finding[] {
  const out: Finding[] = [];
  for (const { repeat: s, first, entry, relabel } of subsectionRepeats(team, template)) {
    const fixes: Fix[] = [];
    if (relabel) fixes.push({ title: `Change to "${relabel.entry.label}"`, edits: [relabel.edit], isPreferred: true });
    out.push(
      finding(
        'duplicate-section',
        s.selectionRange,
        `"${team.title}" has a second "${entry.label}" section (the first is on line ${first.selectionRange.start.line + 1}).`,
        fixes,
      ),
    );
  }
  return out;
}

function wbsDuplicates(team: Section, subsection: Section, template: ReportTemplate, inGroup: boolean): Finding[] {
  const out: Finding[] = [];
  // With the next subsection's label missing, the repeats are that subsection's elements:
  // `missing-section` reports it and inserts the label before the first repeat.
  const rank = template.teamSubsections.findIndex((e) => e.id === subsection.templateId);
  const next = template.teamSubsections[rank + 1];
  const nextRequired = next && (next.requiredFor === 'all' || (next.requiredFor === 'top-level' && !inGroup));
  if (nextRequired && !team.children.some((c) => c.kind === 'subsection' && c.templateId === next.id)) return out;
  const firsts = new Map<string, Section>();
  for (const w of wbsElements(subsection)) {
    const first = firsts.get(w.wbs!.code);
    if (!first) {
      firsts.set(w.wbs!.code, w);
      continue;
    }
    out.push(
      finding(
        'duplicate-section',
        w.selectionRange,
        `WBS ${w.wbs!.code} appears twice in "${subsection.title.replace(/[:\s]+$/, '')}" of "${team.title}" (first on line ${first.selectionRange.start.line + 1}).`,
      ),
    );
  }
  return out;
}

/** `duplicate-section`'s findings on the report-level sections (its first). */
export const duplicateReportSectionRule: Rule = ({ analysis }): Finding[] => {
  const { model, template } = analysis;
  const out: Finding[] = [];
  const firsts = new Map<string, Section>();
  for (const s of model.sections) {
    if (s.kind !== 'report') continue;
    // A combined heading (`Community Interactions, Meetings and Workshops`) is each of its sections.
    for (const id of sectionIds(s)) {
      const first = firsts.get(id);
      if (!first) {
        firsts.set(id, s);
        continue;
      }
      const entry = template.sections.find((e) => e.id === id);
      out.push(
        finding(
          'duplicate-section',
          s.selectionRange,
          `The report has a second "${entry?.label ?? s.title}" section (the first is on line ${first.selectionRange.start.line + 1}).`,
        ),
      );
    }
  }
  return out;
};

/** `duplicate-section`'s findings in the teams (after the report's). */
export const duplicateTeamSectionRule: Rule = ({ analysis }): Finding[] => {
  const { model, template } = analysis;
  const out: Finding[] = [];
  for (const { team, inGroup } of teamsOf(model)) {
    out.push(...subsectionDuplicates(team, template));
    for (const c of team.children) if (c.kind === 'subsection') out.push(...wbsDuplicates(team, c, template, inGroup));
  }
  return out;
};

export const duplicateSectionRule: Rule = (ctx): Finding[] => [...duplicateReportSectionRule(ctx), ...duplicateTeamSectionRule(ctx)];
