/**
 * Front matter and template choice:
 * - `invalid-template` (error): the front matter's `template:` names no
 *   built-in template, or its file cannot be read or is not a valid template
 *   (schemas/template.schema.json). Reported on the value; the report is
 *   checked with the template it would have without it (`.dmreport.yaml`, else
 *   dm-monthly-2017), which the message names.
 * - `invalid-front-matter` (error): the front matter is not YAML, or its
 *   `template:` / `period:` has the wrong shape (`period: May 2017`).
 * No quick fixes: only the author knows which template or month was meant.
 */
import { finding, type Finding, type Rule } from './registry';

export const frontMatterRule: Rule = ({ analysis }): Finding[] => {
  const out: Finding[] = [];
  const { problem, template } = analysis.templateChoice;
  if (problem) {
    out.push(
      finding('invalid-template', problem.range, `Front matter template: ${problem.message}. Checked with ${template.name} instead.`),
    );
  }
  for (const p of analysis.model.frontMatter?.problems ?? []) {
    out.push(finding('invalid-front-matter', p.range, p.message));
  }
  return out;
};
