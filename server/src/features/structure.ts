/**
 * The template view of a report (`dmReport/structure`): each report-level
 * section and each team's standard subsections, present or missing. Feeds
 * the Report Structure tree in VS Code; any client may use it.
 */
import type { Analysis, ReportEngine } from '../engine/engine';
import type { ReportStructure, StructureSlot, StructureTeam } from '../protocol';
import type { Section } from '../model/types';
import { sectionIds } from '../model/outline';
import { fileNamePeriod } from '../model/periods';

export function getStructure(engine: ReportEngine, analysis: Analysis): ReportStructure {
  const { model } = analysis;
  const template = analysis.template;
  const sections: StructureSlot[] = [];
  if (template.period.required || model.period) {
    // The period is there when a heading, the front matter or the file's path gives it (as `missing-section` reads it).
    const present = !!model.period || !!model.frontMatter?.period || fileNamePeriod(analysis.uri) !== undefined;
    sections.push({ id: 'period', label: 'Report period', present, required: template.period.required, range: model.period?.range });
  }
  for (const entry of template.sections) {
    const found = model.sections.find((s) => s.kind === 'report' && sectionIds(s).includes(entry.id));
    sections.push({ id: entry.id, label: entry.label, present: !!found, required: entry.required, range: found?.selectionRange });
  }
  const teamOf = (team: Section, inGroup: boolean): StructureTeam => ({
    title: team.title,
    range: team.selectionRange,
    kind: 'team',
    teams: [],
    subsections: template.teamSubsections.map((entry) => {
      const found = team.children.find((c) => c.kind === 'subsection' && c.templateId === entry.id);
      const required = entry.requiredFor === 'all' || (entry.requiredFor === 'top-level' && !inGroup);
      return { id: entry.id, label: entry.label, present: !!found, required, range: found?.selectionRange };
    }),
  });
  const teams: StructureTeam[] = [];
  for (const section of model.sections) {
    for (const child of section.children) {
      if (child.kind === 'team') teams.push(teamOf(child, child.memberOf !== undefined));
      else if (child.kind === 'group') {
        teams.push({
          title: child.title,
          range: child.selectionRange,
          kind: 'group',
          subsections: [],
          teams: child.children.filter((t) => t.kind === 'team').map((t) => teamOf(t, true)),
        });
      }
    }
  }
  // The missing-section rule already ran for this version (findings are cached with the analysis).
  const missingCount = analysis.findings().filter((f) => f.diagnostic.code === 'missing-section').length;
  return { uri: analysis.uri, sections, teams, missingCount };
}
