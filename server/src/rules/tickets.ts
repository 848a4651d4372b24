/**
 * `malformed-ticket`: `DM10221`, `dm-1234`, `DM–1234` (en dash), `DM‐1234`
 * (U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash, U+2212
 * minus sign): error; `DM 1234` (a space for the hyphen): warning, since it may
 * be prose (`the DM 1000 cores`). The fix writes the canonical key. It is safe
 * for fix-all only when it just adds the missing hyphen (`DM10221` →
 * `DM-10221`): the author's characters stay as written. `DM 1234` (a space for
 * the hyphen), `dm-1234` (case) and `DM–1234` (a dash) are offered one by one
 * as quick fixes and never applied by fix-all: `DM 1234` can be prose (`the DM
 * 1000 cores`), and the others change what the author typed.
 *
 * Also, as a warning without a fix, a ticket-shaped ID whose number no Jira
 * issue has (`model.invalidTickets`): `DM-0`, `DM-00001`, more than
 * `MAX_TICKET_DIGITS` digits (`DM-12345678`). No fix: the intended number is
 * unknown (`DM-0000` is often a template's placeholder).
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { MAX_TICKET_DIGITS, type TicketNumberProblem } from '../model/ids';
import type { InvalidTicket } from '../model/types';
import { finding, type Finding, type Rule } from './registry';

/** Whether `corrected` is `text` with one hyphen inserted and nothing else changed (`DM10221` → `DM-10221`). */
export function onlyAddsHyphen(text: string, corrected: string): boolean {
  const at = corrected.indexOf('-');
  return at > 0 && corrected.length === text.length + 1 && corrected.slice(0, at) + corrected.slice(at + 1) === text;
}

const WHY: Record<TicketNumberProblem, (digits: string) => string> = {
  zero: () => 'Jira numbers issues from 1',
  'leading-zero': () => 'Jira writes issue numbers without leading zeros',
  'too-long': (digits) => `its number has ${digits.length} digits, and Jira issue numbers here have at most ${MAX_TICKET_DIGITS} (DM reached about DM-50000 by 2025)`,
};

/** The warning on a ticket-shaped ID whose number no Jira issue has: `"DM-0" is no Jira ticket: Jira numbers issues from 1.` */
function invalidTicketFinding(t: InvalidTicket): Finding {
  const digits = t.id.slice(t.id.lastIndexOf('-') + 1);
  return finding('malformed-ticket', t.range, `"${t.text}" is no Jira ticket: ${WHY[t.problem](digits)}.`, [], undefined, DiagnosticSeverity.Warning);
}

export const malformedTicketRule: Rule = ({ analysis }) => [
  ...analysis.model.malformedTickets.map((t) =>
    finding(
      'malformed-ticket',
      t.range,
      `Malformed ticket "${t.text}": Jira keys are written ${t.corrected}.`,
      // Preferred only when the ID is surely a ticket: `DM 1000` (a space) may be prose ("the DM 1000 cores").
      [{ title: `Change to ${t.corrected}`, edits: [{ range: t.range, newText: t.corrected }], isPreferred: !/\s/.test(t.text), ...(onlyAddsHyphen(t.text, t.corrected) ? { safe: true } : {}) }],
      { corrected: t.corrected },
      /\s/.test(t.text) ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    ),
  ),
  ...analysis.model.invalidTickets.map(invalidTicketFinding),
];
