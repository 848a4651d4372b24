/**
 * `malformed-ticket`: `DM10221`, `dm-1234`, `DM–1234` (en dash): error; `DM 1234`
 * (a space for the hyphen): warning, since it may be prose (`the DM 1000 cores`).
 * The fix writes the canonical key. It is safe for fix-all only when it just
 * adds the missing hyphen (`DM10221` → `DM-10221`): the author's characters
 * stay as written. `DM 1234` (a space for the hyphen), `dm-1234` (case) and
 * `DM–1234` (a dash) are offered one by one as quick fixes and never applied
 * by fix-all: `DM 1234` can be prose (`the DM 1000 cores`), and the others
 * change what the author typed.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { finding, type Rule } from './registry';

/** Whether `corrected` is `text` with one hyphen inserted and nothing else changed (`DM10221` → `DM-10221`). */
export function onlyAddsHyphen(text: string, corrected: string): boolean {
  const at = corrected.indexOf('-');
  return at > 0 && corrected.length === text.length + 1 && corrected.slice(0, at) + corrected.slice(at + 1) === text;
}

export const malformedTicketRule: Rule = ({ analysis }) =>
  analysis.model.malformedTickets.map((t) =>
    finding(
      'malformed-ticket',
      t.range,
      `Malformed ticket "${t.text}": Jira keys are written ${t.corrected}.`,
      [{ title: `Change to ${t.corrected}`, edits: [{ range: t.range, newText: t.corrected }], isPreferred: true, ...(onlyAddsHyphen(t.text, t.corrected) ? { safe: true } : {}) }],
      { corrected: t.corrected },
      /\s/.test(t.text) ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    ),
  );
