/**
 * `heading-level` (warning): a team subsection written as a heading deeper or
 * shallower than its sibling subsections, or not below its team's heading.
 * The expected level of a team's subsections is the level most of them use
 * below the team heading (ties: the shallower), or the team's level plus one
 * when none is below it. Subsections written as label lines
 * (`Planned activities:`) have no level and are not compared.
 *
 * Fix (safe: only `#` markers change): normalise the heading levels of the
 * whole team section — each subsection heading at the expected level, the
 * headings inside it shifted by as many levels as it moved (keeping the
 * author's nesting), then raised where needed to sit at least one level below
 * the section they belong to (WBS elements nest by code: `02C.08.03.01` under
 * `02C.08.03`), never deeper than 6. Setext headings (underlined) are left as
 * they are. After the fix the rule no longer fires for the team.
 * Not safe when the outline is ambiguous: when it would change the level of a
 * topic heading that is no deeper than the subsection heading it is read under
 * while subsections the team already has come after it (in Markdown it is not
 * inside that subsection, and may be another team's heading written one level
 * too deep, followed by that team's subsections): the fix would move it into
 * the subsection, and the other team's subsections into this team.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { Section } from '../model/types';
import { subsectionLevel, teamsOf } from '../model/outline';
import { finding, type Finding, type Rule } from './registry';

/**
 * Edits that normalise the team's headings: each subsection heading to
 * `level`; everything inside a subsection moves with it (by the same number
 * of levels), and is then kept at least one level below the section it
 * belongs to and at most 6. Other sections directly in the team stay, at
 * least one level below the team heading.
 */
function normalise(team: Section, teamDepth: number, level: number): { edits: TextEdit[]; ambiguous: boolean } {
  const edits: TextEdit[] = [];
  let ambiguous = false;
  const set = (s: Section, depth: number) => {
    // Only ATX headings that start their line have a `#` run to change (setext headings stay).
    if (s.style.form !== 'heading' || s.style.depth === depth || !s.atxMarker) return;
    edits.push({ range: s.atxMarker, newText: '#'.repeat(depth) });
  };
  // `parent`: the new level of the enclosing section (a label line counts as the level it stands at);
  // `holder`: the level the subsection holding them is written at (undefined: a label line, or none).
  const walk = (sections: Section[], parent: number, shift: number, holder: number | undefined) => {
    for (const s of sections) {
      const depth = s.style.form === 'heading' ? Math.min(6, Math.max(parent + 1, s.style.depth! + shift)) : parent + 1;
      // A topic heading no deeper than the subsection heading it is read under is, in the Markdown outline, not
      // inside it; when subsections the team already has follow it (`### Ohio State Institute` after `### Recruitment
      // update`, then `#### Current accomplishments` again) it may be the next team's heading, one level too deep.
      // Changing its level would move it into that subsection: the outline is ambiguous.
      if (repeated && s.kind === 'topic' && s.style.form === 'heading' && holder !== undefined && s.style.depth! <= holder && depth !== s.style.depth) ambiguous = true;
      set(s, depth);
      walk(s.children, Math.min(depth, 6), shift, holder);
    }
  };
  const subsections = team.children.filter((c) => c.kind === 'subsection');
  /** Whether a subsection after the `i`th repeats one of the first `i + 1` (the same template entry). */
  const repeatedAfter = (i: number) => {
    const seen = new Set(subsections.slice(0, i + 1).map((c) => c.templateId));
    return subsections.slice(i + 1).some((c) => seen.has(c.templateId));
  };
  let repeated = false;
  for (const s of team.children) {
    repeated = s.kind === 'subsection' && repeatedAfter(subsections.indexOf(s));
    if (s.kind === 'subsection') {
      const heading = s.style.form === 'heading';
      const shift = heading ? level - s.style.depth! : 0;
      set(s, level);
      walk(s.children, level, shift, heading ? s.style.depth : undefined);
    } else walk([s], teamDepth, 0, undefined);
  }
  return { edits, ambiguous };
}

export const headingLevelRule: Rule = ({ analysis }): Finding[] => {
  const { model } = analysis;
  const out: Finding[] = [];
  for (const { team } of teamsOf(model)) {
    const teamDepth = team.style.depth ?? 1;
    const subs = team.children.filter((c) => c.kind === 'subsection' && c.style.form === 'heading');
    if (subs.length === 0) continue;
    const expected = subsectionLevel(team)!;
    const wrong = subs.filter((s) => s.style.depth !== expected);
    if (wrong.length === 0) continue;
    const { edits, ambiguous } = normalise(team, teamDepth, expected);
    for (const s of wrong) {
      const depth = s.style.depth!;
      const message =
        depth <= teamDepth
          ? `"${s.title}" is a level-${depth} heading, not below its team "${team.title}" (level ${teamDepth}): the subsections of this team are level ${expected}.`
          : `"${s.title}" is a level-${depth} heading; the subsections of "${team.title}" are level ${expected}.`;
      out.push(
        finding('heading-level', s.selectionRange, message, [
          { title: `Normalise the heading levels of "${team.title}"`, edits, isPreferred: true, safe: !ambiguous },
        ]),
      );
    }
  }
  return out;
};
