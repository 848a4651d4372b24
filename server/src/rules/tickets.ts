/** `malformed-ticket`: `DM10221`, `DM 1234`, `dm-1234`, `DM–1234` (en dash). Error. */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { finding, type Rule } from './index';

export const malformedTicketRule: Rule = ({ analysis }) =>
  analysis.model.malformedTickets.map((t) =>
    finding(
      'malformed-ticket',
      DiagnosticSeverity.Error,
      t.range,
      `Malformed ticket "${t.text}": Jira keys are written ${t.corrected}.`,
      [{ title: `Change to ${t.corrected}`, edits: [{ range: t.range, newText: t.corrected }], isPreferred: true }],
      { corrected: t.corrected },
    ),
  );
