/**
 * `empty-section` (warning): a heading or label with nothing under it — a
 * report-level section, a team, a team subsection, a WBS element written as a
 * heading or label line, or a topic heading — whose text runs into the next
 * heading (or the end of the file) with only blank lines or HTML comments
 * (`<!-- write here -->`) in between. A heading directly followed by a deeper
 * WBS or topic heading introduces it and is not empty (`### 02C.08.00 …` over `#### 02C.08.01 …`,
 * although WBS elements nest by code), and so does a topic heading directly followed by a deeper
 * subsection heading (a team the model could not tell from a topic). Any words count as content: "No
 * activity", "None", "N/A" (also on the label's line: `Recruitment update:
 * N/A`). A WBS element counts only as a heading: on a line of its own or in a
 * bullet it reads as an item (`02C.06.02.01 Data Access Client Framework -
 * continued work`), never as an empty section.
 *
 * Not reported either: a section that runs into a block hiding headings
 * (the model's `unclosedBlock`): its content is hidden, and `unclosed-block`
 * says so; nor any section after such a block when it hides a report-level
 * section (the teams that follow are misread until it is closed).
 *
 * Fix: "Write "No activity this period."" under the heading — it inserts
 * text, but a statement the author did not make, so it is offered as a quick
 * fix and not marked safe: fix-all never fills a section for the author.
 */
import type { Section } from '../model/types';
import { finding, type Finding, type Rule } from './registry';

/** What the quick fix writes under an empty heading. */
export const NO_ACTIVITY = 'No activity this period.';

export const emptySectionRule: Rule = ({ analysis }): Finding[] => {
  const { model } = analysis;
  const out: Finding[] = [];
  // Every section in document order, to find the heading that follows one.
  const all: Section[] = [];
  const collect = (sections: Section[]) => sections.forEach((s) => (all.push(s), collect(s.children)));
  collect(model.sections);
  all.sort((a, b) => a.selectionRange.start.line - b.selectionRange.start.line);
  const introduces = (s: Section): boolean => {
    if (s.style.form !== 'heading') return false;
    // The first section on a later line: `all` is sorted by line, so a binary search (a scan made the rule quadratic).
    const line = s.selectionRange.start.line;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid].selectionRange.start.line > line) hi = mid;
      else lo = mid + 1;
    }
    const next = all[lo] as Section | undefined;
    // A topic heading over deeper subsection headings introduces them too (`### Ohio State Institute` over
    // `#### Current accomplishments`: a team's heading the model could not tell from a topic).
    const introduced = next?.kind === 'wbs' || next?.kind === 'topic' || (next?.kind === 'subsection' && s.kind === 'topic');
    return introduced && next!.style.form === 'heading' && (next!.style.depth ?? 0) > (s.style.depth ?? 0);
  };
  // The lines where a block that hides headings opens, and where the block that runs to the end of the file opens.
  const block = model.unclosedBlock;
  const opens = block && block.hidden.length > 0 ? [block.range.start.line, ...(block.runsToEnd !== undefined ? [block.runsToEnd] : [])] : [];
  // A hidden report-level section (the one that holds the teams) leaves what follows misread: no emptiness is judged there.
  const misread = block?.hidden.some((h) => h.names?.kind === 'report') ? block.range.start.line : Infinity;
  const runsIntoBlock = (s: Section) =>
    s.selectionRange.start.line > misread || opens.some((line) => s.selectionRange.start.line < line && line <= s.range.end.line);
  const walk = (sections: Section[]) => {
    for (const s of sections) {
      walk(s.children);
      if (runsIntoBlock(s)) continue;
      // A WBS element on a line of its own (not a heading) reads as an item, often with a note after its name.
      if (s.children.length > 0 || s.inlineContent || (s.kind === 'wbs' && s.style.form !== 'heading')) continue;
      // Only blank lines and HTML comments up to the section's end (the model's `blank`).
      if (!s.blank || introduces(s)) continue;
      const what = s.kind === 'team' ? 'team section' : s.kind === 'wbs' ? 'WBS element' : 'section';
      const at = s.selectionRange.end;
      out.push(
        finding('empty-section', s.selectionRange, `The ${what} "${s.title}" is empty: write what happened, or "No activity".`, [
          { title: `Write "${NO_ACTIVITY}"`, edits: [{ range: { start: at, end: at }, newText: `\n\n${NO_ACTIVITY}` }] },
        ]),
      );
    }
  };
  walk(model.sections);
  return out;
};
