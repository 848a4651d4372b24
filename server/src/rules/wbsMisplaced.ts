/**
 * `wbs-misplaced`: a WBS element (a heading, label line or bullet that starts
 * with a code, not a code cited in prose) in the section of a team that does
 * not lead it: `02C.04.05` inside University of Washington, whose elements are
 * `02C.03.*`. Information: teams do report on work they share. The message
 * names the team (its heading) and the lead institution (the catalog's name
 * for the report's era); `data: {team, lead}`; no fix (where the text belongs
 * is the author's call).
 *
 * Who leads what: `TeamDirectory` (the template's `teams` table, the WBS
 * catalog's leads and `wbs.extra[].lead`). Nothing is raised for a team the
 * table does not know, a team that leads nothing known, or a code without a
 * known lead. An element outside every team (or in a group without teams) is
 * checked against the group heading, if any.
 */
import { TeamDirectory } from '../catalog/teams';
import { sectionsAt } from '../model/lookup';
import { finding, type Finding, type Rule } from './registry';

export const wbsMisplacedRule: Rule = ({ engine, analysis }) => {
  const out: Finding[] = [];
  const { model } = analysis;
  const directory = TeamDirectory.of(analysis.template, engine.wbs);
  for (const w of model.wbs) {
    if (!w.element) continue;
    const chain = sectionsAt(model, w.codeRange.start);
    const team = [...chain].reverse().find((s) => s.kind === 'team') ?? [...chain].reverse().find((s) => s.kind === 'group');
    if (!team) continue;
    const check = directory.check(team.title, w.code, model.period);
    if (check.kind !== 'misplaced') continue;
    out.push(
      finding(
        'wbs-misplaced',
        w.codeRange,
        `WBS ${w.code} is led by ${check.lead}, not by ${team.title}: is it in the right team's section?`,
        [],
        { team: team.title, lead: check.lead },
      ),
    );
  }
  return out;
};
