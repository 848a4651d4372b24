/**
 * Reading the outline of a report model: its teams, and label lines written
 * in the style of the report (for insertions).
 */
import type { LabelStyle, ReportModel, Section } from './types';

/** Writes a label line in a given style: `#### **Planned activities:**`, `Planned activities:`. */
export function formatLabel(label: string, style: LabelStyle): string {
  const text = style.colon ? `${label}:` : label;
  const body = style.bold ? `**${text}**` : text;
  return style.form === 'heading' ? `${'#'.repeat(style.depth ?? 2)} ${body}` : body;
}

/** The template ids a section stands for: its `templateId`, then a combined heading's others; empty for none. */
export function sectionIds(section: Section): string[] {
  return section.templateId === undefined ? [] : [section.templateId, ...(section.combinedIds ?? [])];
}

/**
 * Every team of the model, with whether it is in a group: inside a group
 * heading, or at top level but one of a group's teams by the template
 * (`Section.memberOf`).
 */
export function teamsOf(model: ReportModel): { team: Section; inGroup: boolean }[] {
  const out: { team: Section; inGroup: boolean }[] = [];
  for (const section of model.sections) {
    for (const child of section.children) {
      if (child.kind === 'team') out.push({ team: child, inGroup: child.memberOf !== undefined });
      else if (child.kind === 'group') {
        for (const t of child.children) if (t.kind === 'team') out.push({ team: t, inGroup: true });
      }
    }
  }
  return out;
}


/**
 * The heading level (1–6) a team's subsections are expected at: the level most of its
 * subsection headings use below the team heading (ties: the shallower), or the team's level
 * plus one when none is below it; undefined when no subsection is an ATX or setext heading.
 * `heading-level` flags the subsections at another level; insertions copy this one.
 */
export function subsectionLevel(team: Section): number | undefined {
  const teamDepth = team.style.depth ?? 1;
  const depths = team.children.filter((c) => c.kind === 'subsection' && c.style.form === 'heading').map((c) => c.style.depth!);
  if (depths.length === 0) return undefined;
  const below = depths.filter((d) => d > teamDepth);
  if (below.length === 0) return Math.min(6, teamDepth + 1);
  const counts = new Map<number, number>();
  for (const d of below) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
}
