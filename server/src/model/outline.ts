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

