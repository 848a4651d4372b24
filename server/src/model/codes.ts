/**
 * The diagnostic codes of DM Report, one definition each (in the style of
 * markdownlint's rule objects): default severity and the other severities a
 * code may take, a one-line description, longer Markdown documentation, its
 * fixes, where it is reported and the URL of its documentation. Every
 * diagnostic of the server and the CLI — rules, `.dmreport.yaml`, ticket
 * exports, configured templates — is built here (`diagnostic`) or on top of
 * it (`finding` in ../rules/registry.ts), so each carries `source:
 * 'dm-report'`, its code and `codeDescription: {href}`.
 *
 * A leaf of the model layer: it imports no other module of the server, so the
 * catalog layer (config.ts, tickets/exportFile.ts) and the rules can both use
 * it. `scripts/rules-docs.ts` generates docs/rules.md and the README's rules
 * table from `CODE_DEFINITIONS`; test/unit/registry.test.ts checks that they
 * are up to date. Codes are stable: other tools and the CLI's JSON output rely
 * on them.
 */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';

/** The `source` of every diagnostic. */
export const SOURCE = 'dm-report';

/**
 * Where the documentation of the codes lives: docs/rules.md of the
 * repository (package.json `repository.url` + `/blob/main/docs/rules.md`; a
 * test checks the two agree). A code's section has the code as its anchor.
 */
export const RULES_DOC_URL = 'https://github.com/dm-report/dm-report/blob/main/docs/rules.md';

/** An LSP severity: 1 error, 2 warning, 3 information, 4 hint. */
export type Severity = DiagnosticSeverity;

/** What a diagnostic of a code is reported on. */
export type Place =
  /** A report (a Markdown file): the rules. */
  | 'report'
  /** The workspace configuration `.dmreport.yaml`. */
  | 'configuration'
  /** The ticket export file named by `tickets.exportFile`. */
  | 'ticket-export';

/** A severity a code takes in some cases instead of its default one. */
export interface SeverityCase<S extends Severity = Severity> {
  severity: S;
  /** When (Markdown, a sentence fragment: "a space for the hyphen (`DM 1234`)…"). */
  when: string;
}

/** What the fixes of a code are. */
export interface CodeFixes {
  /** Whether some of its diagnostics come with quick fixes. */
  available: boolean;
  /**
   * Whether some of its fixes are safe: applied unasked by fix-all
   * (`source.fixAll.dmReport`, `dm-report check --fix`); see `Fix.safe`.
   */
  safe: boolean;
  /** What the fixes do, one line of Markdown ("—" when there are none): the README table's "quick fix" column. */
  summary: string;
}

/**
 * The definition of one diagnostic code.
 * @typeParam C the code.
 * @typeParam S every severity it may have (its default and those of `otherSeverities`).
 * @typeParam P the places it is reported on.
 */
export interface CodeDefinition<C extends string = string, S extends Severity = Severity, P extends Place = Place> {
  code: C;
  /** The severity its diagnostics have unless the definition's `otherSeverities` say otherwise. */
  severity: S;
  /** Other severities it takes, and when; empty for most codes. */
  otherSeverities: readonly SeverityCase<S>[];
  /** Every severity it may have: the default first, then `otherSeverities` in order. */
  severities: readonly S[];
  /** What it is reported on; a code reported on reports comes from a rule (`finding`). */
  reportedOn: readonly P[];
  /** One line of Markdown, a sentence fragment without a final full stop: what it flags. */
  description: string;
  /** Markdown paragraphs: what it flags exactly, what it never flags, where it is reported, its `data`. */
  documentation: string;
  fixes: CodeFixes;
  /** Its documentation: `RULES_DOC_URL#<code>`. */
  href: string;
}

/** A definition as written below; `severities` and `href` are derived. */
interface DefinitionInput<C extends string, D extends Severity, O extends Severity, P extends Place> {
  code: C;
  severity: D;
  otherSeverities?: readonly SeverityCase<O>[];
  reportedOn: readonly P[];
  description: string;
  documentation: string;
  fixes: CodeFixes;
}

/** Completes a definition, keeping its code, severities and places as literal types. */
function define<const C extends string, const D extends Severity, const P extends Place, const O extends Severity = never>(
  input: DefinitionInput<C, D, O, P>,
): CodeDefinition<C, D | O, P> {
  const otherSeverities = input.otherSeverities ?? [];
  return {
    ...input,
    otherSeverities,
    severities: [input.severity, ...otherSeverities.map((o) => o.severity)],
    href: `${RULES_DOC_URL}#${input.code}`,
  };
}

const NONE: CodeFixes = { available: false, safe: false, summary: '—' };

/** Every diagnostic code, in the order of the documentation: the rules in report order, then configuration and exports. */
export const CODE_DEFINITIONS = [
  define({
    code: 'parse-skipped',
    severity: DiagnosticSeverity.Information,
    reportedOn: ['report'],
    description:
      'a part of the report that the Markdown parser could not parse within its time budget (`dmReport.parse.budgetMs`, `--parse-budget`; 2 s by default): it is read line by line, and structure checks are skipped there',
    documentation: `remark-parse (micromark), the Markdown parser, takes super-linear time on some inputs: one line of 100,000 \`>\` takes about a minute, a list nested 1,000 levels by indentation half a minute, lines of unclosed \`<?\` or \`<![CDATA[\` or of \`<a <b <c\` seconds per few kilobytes. Each part of a report (the text from one top-level \`#\` heading to the next) is parsed on its own, off the editor's way, within a time budget — the setting \`dmReport.parse.budgetMs\` in VS Code, \`--parse-budget MS\` for \`dm-report check\`, 2000 ms by default. A part that takes longer is abandoned and read by a line scanner instead: its front matter and ATX headings (so the template, sections, teams, subsections and the period are still found), and its lines of text as paragraphs (so label lines, tickets, document handles and WBS codes are still checked); lines in code fences and HTML comments are left out. A part whose parse would need more memory than the parser may use (256 MB) is treated the same way.

Reported on the part's first line, naming its lines, the budget and what in it is the likely cause — "This part (lines 5–9) could not be parsed within 2 s (one line of 100,000 \`>\`); structure checks skipped here." The cause is the first of: a list nested 32 levels or more, a line of 1,000 characters or more that is nine tenths one character, openings of \`<?\`, \`<![CDATA[\` or \`<!--\` never closed, else the part's size in lines and kilobytes.

Inside the part, the structure checks are skipped — \`unclosed-block\`, \`malformed-heading\`, \`section-order\`, \`duplicate-section\`, \`empty-section\`, \`heading-level\`, \`wbs-misplaced\` and \`placeholder-link\` report nothing that starts there (lists, links and blocks are not read) — and no fix of any rule writes there. What the line scanner reads is still checked: \`missing-section\` (from the headings and label lines it reads), the identifier rules (\`malformed-ticket\`, \`unknown-document\`, \`unknown-wbs\`, \`wbs-name-mismatch\`) and \`period-mismatch\`. In the editor, a part that was skipped is, once edited, read by the line scanner at once and parsed again in the background: when that parse keeps the budget (the pathological text is gone), the diagnostics are updated.

No fix: shorten or split the part (a heading starts a new part), or raise the budget.`,
    fixes: NONE,
  }),
  define({
    code: 'unclosed-block',
    severity: DiagnosticSeverity.Error,
    reportedOn: ['report'],
    description:
      'a code fence (```` ``` ````, `~~~`) or an HTML block (`<!--`, `<pre>`, `<script>`, `<style>`, `<textarea>`, `<?`, `<!X`, `<![CDATA[`) that is never closed and hides the headings after it to the end of the file',
    documentation: `A top-level code fence, or an HTML block of the kinds that end at a marker (\`<!--\` … \`-->\`, \`<pre>\` / \`<script>\` / \`<style>\` / \`<textarea>\` … their closing tag, \`<?\` … \`?>\`, \`<!X\` … \`>\`, \`<![CDATA[\` … \`]]>\`), that is never closed: CommonMark runs it to the end of the file, so every heading after it is code or hidden. Reported on its opening line, with how many headings and section label lines it hides and the first of them. Also reported:

- an HTML block other than a comment that CommonMark closes only after headings of the report (\`<!DOCTYPE\` closed by the \`>\` of a later \`<https://…>\` autolink): the message names the line that closes it;
- when the file ends in an unclosed code fence, the first earlier code fence whose content holds headings of the report: a stray fence, from which the fences pair up wrongly (its "closing" fence was meant to open the next code block). Reported on the stray fence, naming the fence that closes it and the one that runs to the end of the file.

Reported only when it hides structure: a code fence, when a hidden heading or label line names a part of the report (a section or subsection label of the template, a team of its \`teams\` table, a WBS element, a period such as \`April 2017\`) — a shell script's \`# comment\` lines do not count; an HTML block, which hides its text altogether, when it hides any heading or label line. Never flagged: a block opened inside a list item or a block quote (it ends with its container), an HTML block that ends at a blank line (\`<div>\`), a fence that only holds code up to the end of the file.

While a block is unclosed, the sections and labels it hides are not reported as missing (\`missing-section\`), the section it sits in is not reported as empty, and no other fix writes inside it (a fix whose edit would land inside a code block, an HTML block or the front matter is never offered).

\`data: {hidden, closeBefore}\`: how many headings and label lines it hides, and the 0-based line the fix closes it before.

Fix: "Close the code fence before line N" writes the closer (the opening fence run, \`-->\`, \`</pre>\`, \`?>\`, \`>\`, \`]]>\`) on a line of its own before the first hidden heading that names a part of the report (for an HTML block that hides none, before the first hidden heading), after the block's last line of text and before the blank lines that lead to the heading. Safe for a code fence that runs to the end of the file: it only inserts a line, the text before it stays code, and a report does not show its own headings as code. Not safe for wrongly paired fences (which one is the stray is a guess), nor for an HTML comment or block: authors comment out parts of a report, and only they know where the comment was meant to end.`,
    fixes: { available: true, safe: true, summary: 'closes the block before the first hidden heading of the report (safe for a code fence left open to the end; not for an HTML comment or block, nor wrongly paired fences)' },
  }),
  define({
    code: 'malformed-heading',
    severity: DiagnosticSeverity.Warning,
    reportedOn: ['report'],
    description:
      'a line that looks like a heading but is not one in CommonMark: `####` and a no-break space, or `##High-level Summary` with no space (only when the text is a section, team, WBS element or period)',
    documentation: `A line of a top-level paragraph that is a heading to the author but a paragraph to CommonMark, which wants a space or a tab after the \`#\` run. The rule:

- at most 3 spaces, 1–6 \`#\`, then a Unicode space separator other than the space (a no-break space U+00A0 — pasted from a word processor —, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000) and text: always;
- at most 3 spaces, 1–6 \`#\`, then the text with no space: only when the text (markup and a closing \`#\` run aside) names a part of the report as a heading would — a section or subsection label of the template (\`##High-level Summary\`, \`####Planned activities:\`), a team of its \`teams\` table, a WBS element (\`###02C.03.01 …\`), or a period in words (\`##April 2017\`).

Never flagged: \`#hashtag\`, \`#1 priority\`, \`#123\` and any other \`#\` followed by text that names no part of the report; seven \`#\` or more; a line inside a list item, a block quote or a code block.

The model reads the line as the heading it was meant to be, so the section it names is not reported missing.

Fix (safe: white space only): "Write a space after \`####\`" replaces the Unicode spaces after the \`#\` run by one space, or inserts the missing one.`,
    fixes: { available: true, safe: true, summary: 'writes a space after the `#` run (safe)' },
  }),
  define({
    code: 'missing-section',
    severity: DiagnosticSeverity.Warning,
    reportedOn: ['report'],
    description:
      'a section the template requires is absent (with `dm-monthly-2017`: the period heading (or a front matter `period:`, or the file\'s path), High-level Summary, Risk Management, Detailed Project Progress and Status; a team\'s Current accomplishments or Planned activities; the Recruitment update of a top-level team (not of the three LSST Program Office teams, with or without their group heading))',
    documentation: `Which sections are required comes from the report's template (see [Templates](../README.md#templates)). With \`dm-monthly-2017\`:

- the period heading (\`## April 2017\`); a front matter \`period:\` or the file's path (\`2017-04.md\`, \`Monthly Reports/2023/March.md\`, \`March 2023.md\`) also gives the period. Reported on the report title (on the first line when the report has none);
- a report-level section: High-level Summary (\`Project Status\` in 2015–2016), Risk Management, Detailed Project Progress and Status. Reported on the report title;
- a team's subsection: Current accomplishments and Planned activities, and Recruitment update for teams that are not in a group (not for the three LSST Program Office teams, inside \`LSST Program Office\` or, as in 2015–2016, at top level: the template's \`groups\`). Reported on the team heading.

Never flagged: a section the template does not require (Recruitment update of a team in a group); a section a combined heading stands for (\`Community Interactions, Meetings and Workshops\` in \`dm-monthly-2019\`); a section whose label a block that is never closed hides (\`unclosed-block\` says so: a report-level section or the period heading anywhere in the hidden text, a team's subsection when the team runs into the block); a section a malformed heading carries (\`##Planned activities:\`: \`malformed-heading\`).

\`data: {section}\`: the template id of the missing section (\`planned-activities\`), or \`period\`.

Fix (safe): insert the section's label where the template puts it — before the next present section that follows it in template order, else at the end of the enclosing section — written in the style of a neighbouring sibling (heading depth — for a team subsection the level of the team's subsections, the one heading-level expects, not a wrong-level neighbour's —, bold, colon; or a label paragraph: \`#### Planned activities:\` or a \`Planned activities:\` line). When the subsection before it repeats a WBS element, the label goes before the repeat: that is where the missing subsection's own WBS elements begin. A missing first subsection goes before the WBS elements that sit directly in the team, or else right under the team heading. A missing report-level section with no section before it goes under the period heading (or the title; in a report without either, before its first section, below the front matter); the section that holds the teams goes above the first team. It only inserts text, so fix-all applies it — except where a repeated subsection stands where the missing one belongs ("Current accomplishments" twice, no "Planned activities"): the repeat may be it, so the first fix relabels it (\`Change "Current accomplishments" on line 58 to "Planned activities"\`, preferred) and the insertion comes second, neither safe: fix-all inserts no section that a relabel would provide. No fix is offered that would land inside a code block or an HTML block. A missing period heading has no fix.`,
    fixes: {
      available: true,
      safe: true,
      summary: 'inserts the section label in template order, in the style of its neighbours (`#### Planned activities:` or a `Planned activities:` line)',
    },
  }),
  define({
    code: 'malformed-ticket',
    severity: DiagnosticSeverity.Error,
    otherSeverities: [
      {
        severity: DiagnosticSeverity.Warning,
        when: 'the hyphen is written as a space (`DM 1234`): it may be prose (`the DM 1000 cores`); or the number is no Jira issue number (`DM-0`, `DM-00001`, more than six digits)',
      },
    ],
    reportedOn: ['report'],
    description:
      'error: `DM10221`, `dm-1234`, `DM–1234` (a dash or a word processor\'s hyphen for the hyphen); warning: `DM 1234` (four digits or more; may be prose, "the DM 1000 cores"), and a number no Jira issue has (`DM-0`, `DM-00001`, more than six digits)',
    documentation: `A Jira ticket of one of the ticket keys (\`dmReport.ticketKeys\`, \`tickets.keys\`) written in a form other than \`KEY-123\`:

- error: no hyphen (\`DM10221\`, three digits or more), the key in another case (\`dm-1234\`), another dash for the hyphen: an en or em dash (\`DM–1234\`), or what word processors put in its place — U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash, U+2212 minus sign (\`DM‐1234\`);
- warning: a space for the hyphen (\`DM 1234\`), since it may be prose (\`the DM 1000 cores\`);
- warning, no fix: a ticket with a hyphen (or one of those dashes) whose number no Jira issue has: \`DM-0\` (Jira numbers issues from 1), \`DM-00001\` (Jira writes no leading zeros; \`DM-0000\` is often a template's placeholder), more than six digits (\`DM-12345678\`: DM reached DM-10441 in 2017 and about DM-50000 by 2025, some 5,000 a year, so six digits last over a century). It is not a ticket: no link, no hover, no Jira look-up, no ticket definition.

Never flagged: a space form with fewer than four digits (\`DM 100 hours\`) or a year (\`DM 2017 plan\`); \`RFC\` and digits without a hyphen (\`RFC2119\`, \`RFC 8174\`, \`rfc2119\`): an IETF RFC (\`RFC-123\` is a ticket; \`rfc-123\` and \`RFC–123\` are malformed); such numbers without a separator (\`DM00001\`, \`DM123456789\`), which are no ticket at all; look-alikes such as \`DM-AP-14\`; anything inside a URL, host name, e-mail address (local part and domain: \`DM1234@lsst.org\`) or the text of a \`mailto:\` link.

\`data: {corrected}\`: the canonical key (none for a number no Jira issue has).

Fix: "Change to" the canonical key (\`DM-10221\`). It is safe for fix-all only when it just adds the missing hyphen (\`DM10221\` → \`DM-10221\`): the author's characters stay as written. \`DM 1234\`, \`dm-1234\`, \`DM–1234\` and \`DM‐1234\` are offered one by one as quick fixes and never applied by fix-all: \`DM 1234\` can be prose (so its fix is not even preferred: an editor's auto-fix leaves it), and the others change what the author typed. A number no Jira issue has gets no fix: the intended number is unknown.`,
    fixes: { available: true, safe: true, summary: '`DM-10221` (safe only when it just adds the hyphen)' },
  }),
  define({
    code: 'unknown-document',
    severity: DiagnosticSeverity.Warning,
    otherSeverities: [
      { severity: DiagnosticSeverity.Information, when: 'the series is known but the catalog lacks the number (`LSE-299`): catalogs are incomplete' },
    ],
    reportedOn: ['report'],
    description:
      'warning: an unknown series one edit away from a real handle (`SOR-019`), or a mistyped handle: no hyphen (`LDM151`), wrong case (`ldm-151`), swapped letters (`LMD-151`, `DTMN-044`); information: a known series with a number the catalog lacks (`LSE-299`: catalogs are incomplete)',
    documentation: `A document handle (\`LDM-151\`, \`DMTN-044\`) that is not in the document catalog:

- information: a known series with a number the catalog lacks (\`LSE-299\`): catalogs are incomplete; check that the handle is right;
- warning: an unknown series, or a known one miswritten, that is a slip of catalogued handles: one edit away in an unknown series (\`SOR-019\` → \`SQR-019\`), two letters of the series swapped (\`LMD-151\` → \`LDM-151\`), a known series in the wrong case (\`ldm-151\` → \`LDM-151\`) or without its hyphen (\`LDM151\` → \`LDM-151\`).

When there are several candidates (\`ITN-001\`: \`CTN-001\`, \`ITTN-001\`, \`RTN-001\`), the one whose title has the most words on the handle's line is suggested; when the line does not decide, all of them are.

Never flagged: a series that is an English word (the DocuShare series \`Document\`, \`Collection\`, \`Report\`, \`Agreement\`, \`Publication\`) with a number the catalog lacks or in another case: it is a handle only as the catalog writes it, with a number it knows (\`Document-1386\`), so \`Report-2\`, \`Document-12\`, \`document-12\` and the uncatalogued \`Document-25798\` are prose (no diagnostic, no link; as the text of a placeholder link its ls.st URL is still offered); \`documents.extra\` in \`.dmreport.yaml\` makes such a handle known. Anything else, which is probably not a handle (\`LCR-2313\`, \`DLP-526\`); look-alikes such as milestones (\`LDM-503-2\`) and requirement IDs (\`DMS-REQ-0347\`); anything inside a URL, host name or e-mail address.

\`data: {suggestion}\` for one suggestion, \`data: {candidates}\` for several.

Fixes: one suggestion: a preferred "Change to" fix (\`SQR-019\`, \`LDM-151\`, \`DMTN-044\`); several: one "Change to" fix per candidate, none preferred. None is safe for fix-all.`,
    fixes: { available: true, safe: false, summary: '`SQR-019`, `LDM-151`, `DMTN-044`; one per candidate (none preferred) when the line does not decide' },
  }),
  define({
    code: 'unknown-wbs',
    severity: DiagnosticSeverity.Warning,
    otherSeverities: [{ severity: DiagnosticSeverity.Information, when: 'its parent code is catalogued (a new leaf), or it lies below a catalogued level-2 element (`02C.03.99.01`)' }],
    reportedOn: ['report'],
    description: 'a WBS code the catalog lacks (information when its parent or its level-2 element is known)',
    documentation: `A WBS code (\`02C.03.01\`, \`1.02C.03.01\`) that is neither in the WBS catalog nor added by \`wbs.extra\` in \`.dmreport.yaml\`. Information when its parent code (the code without its last part) is catalogued, a new leaf, or when it lies below a catalogued level-2 element (\`02C.03.99.01\` below \`02C.03\`; later years' WBS has codes the catalog lacks); warning otherwise (\`02C.99.01\`: no level-2 element \`02C.99\`). Reported on the code.

No fix.`,
    fixes: NONE,
  }),
  define({
    code: 'wbs-name-mismatch',
    severity: DiagnosticSeverity.Hint,
    reportedOn: ['report'],
    description:
      "a WBS element's name is a name of its code known only from another era than the report period's, or none of the code's known names (case, punctuation and `&`/`and` ignored; a note after the name is fine)",
    documentation: `On a WBS element (a heading or label line) whose written name — compared without case, punctuation and \`&\`/\`and\`; a note may follow it: \`Data Access Client Framework - continued work\` — is

- a name of the code known only from another era than the report period's (before 2017-10: the 2017 and pre-FY18 names; from 2017-10: LDM-294's FY18+ names): one fix, "Rename to" the expected name (the workspace's name, else the era's best);
- none of the code's known names: the message lists every known name, with one fix per name the period expects (every known name when it expects none), best first and none preferred (a name the code never had may be another element's, or the code the typo: an editor's auto-fix must not pick one). Catalogs are incomplete, and the author may use a newer name: it stays a hint.

Only the part before a note (a spaced dash, an opening parenthesis, a colon or a sentence end) is compared and replaced, never the author's note.

Never flagged: a WBS code in a bullet or in prose; a code the catalog lacks (that is \`unknown-wbs\`); without a period, every era's names are accepted.

\`data: {expected}\`: the name of the first fix.

No fix is safe for fix-all: renaming rewrites the author's words.`,
    fixes: { available: true, safe: false, summary: 'the expected name (the workspace\'s when it renames the code); for an unknown name, each name the period expects, the workspace\'s or the era\'s best first' },
  }),
  define({
    code: 'wbs-misplaced',
    severity: DiagnosticSeverity.Information,
    reportedOn: ['report'],
    description:
      'a WBS element (heading, label line or bullet; not a code cited in prose) in the section of a team that does not lead it (`02C.04.05` under University of Washington), `data: {team, lead}`',
    documentation: `A WBS element — a heading, label line or bullet that starts with a code, not a code cited in prose — in the section of a team that does not lead it: \`02C.04.05\` inside University of Washington, whose elements are \`02C.03.*\`. Information: teams do report on work they share. The message names the team (its heading) and the lead institution (the catalog's name for the report's era).

Who leads what comes from the template's \`teams\` table, the WBS catalog's leads and \`wbs.extra[].lead\` in \`.dmreport.yaml\`. An element outside every team (or in a group without teams) is checked against the group heading, if any.

Never flagged: a team the \`teams\` table does not know, a team that leads nothing known, or a code without a known lead.

\`data: {team, lead}\`.

No fix: where the text belongs is the author's call.`,
    fixes: NONE,
  }),
  define({
    code: 'placeholder-link',
    severity: DiagnosticSeverity.Warning,
    reportedOn: ['report'],
    description: 'a link whose target is `#` or empty: `[DM-9997](#)`, `[on Confluence](#)`',
    documentation: `A Markdown link whose target is \`#\` or empty (\`[DM-9997](#)\`, \`[on Confluence](#)\`).

\`data: {url}\` when the link text is a ticket or a document handle of a known series: the URL it could link to.

Fixes:

- fill the target with the ticket's or the document's URL, when the link text is one (a malformed ticket links to its corrected key; an unknown series gets no URL). Safe for fix-all when the link text is a ticket (well formed or malformed: the text is left as written) or a handle in the document catalog; an uncatalogued handle (\`LSE-299\`, \`Document-25798\`) may be mistyped, so its URL is only offered;
- "Remove the link, keep the text": never safe.`,
    fixes: { available: true, safe: true, summary: 'fill the ticket or document URL; or remove the link and keep the text' },
  }),
  define({
    code: 'section-order',
    severity: DiagnosticSeverity.Warning,
    reportedOn: ['report'],
    description:
      "a report-level section, or a team's subsection, out of the template's order (the longest run already in order stays; each other section is reported)",
    documentation: `A section out of the template's order:

- report-level sections (High-level Summary, Risk Management, …) among themselves; a level-1 section carries the level-2 sections after it;
- each team's standard subsections (Current accomplishments, Planned activities, Recruitment update) among themselves.

The sections kept in place are a longest run already in template order (the earliest such run); each other section is reported on its heading or label line. Only the first occurrence of a section counts (a repeat is \`duplicate-section\`); sections outside the template (an appendix, WBS elements, topics) only mark where a section's text ends.

Fix (safe: it moves whole lines, rewrites nothing): move the section, from its label to the next sibling section, before the first kept section that the template puts after it, or else after the last kept one that the template puts before it. A report-level heading's own text ends at a heading of its level outside the template (\`# Training\` after \`# Accomplishments this period\`): that heading stays where it is, and a section moved after it goes right after its own text. The file keeps ending with its last line of text (no blank line left at the end).`,
    fixes: { available: true, safe: true, summary: 'moves the whole section before the next one of the template (safe)' },
  }),
  define({
    code: 'duplicate-section',
    severity: DiagnosticSeverity.Warning,
    reportedOn: ['report'],
    description:
      'a report section or a team subsection given twice; the same WBS element twice (as a heading or label line) in one subsection — the same element in Current and Planned is normal',
    documentation: `- A report-level section of the template given twice;
- the same standard subsection twice in one team (two "Planned activities");
- the same WBS element twice in one subsection, as a heading or a label line.

Reported on the repeat, naming the 1-based line of the first.

Never flagged: bullets that start with a code (they are items, not elements, and may repeat); the same element in Current accomplishments and in Planned activities (that is how reports are written); the repeats of a subsection whose next required subsection is missing (they are that subsection's elements: \`missing-section\` inserts its label before the first repeat).

Fix: none that keeps every word. Merging would delete the repeated label, and which copy is the right one is the author's call. When a repeated team subsection stands where a subsection the team lacks belongs (the classic copy-paste: "Current accomplishments" twice, no "Planned activities"), the quick fix relabels it ("Change to "Planned activities""); it rewrites a label, so it is not safe (fix-all leaves it). \`missing-section\` offers the same relabel first for the missing subsection, and inserts nothing unasked there.`,
    fixes: {
      available: true,
      safe: false,
      summary: 'when the team lacks the subsection that belongs there (`Current accomplishments` twice, no `Planned activities`): relabel (not safe); otherwise none (nothing is deleted for the author)',
    },
  }),
  define({
    code: 'empty-section',
    severity: DiagnosticSeverity.Warning,
    reportedOn: ['report'],
    description:
      'a heading or label with nothing under it (blank lines and `<!-- comments -->` only); "No activity", "None", "N/A" count as content; a heading over a deeper WBS or topic heading is not empty',
    documentation: `A heading or label with nothing under it — a report-level section, a team, a team subsection, a WBS element written as a heading or label line, or a topic heading — whose text runs into the next heading (or the end of the file) with only blank lines or HTML comments (\`<!-- write here -->\`) in between.

Never flagged: a section that runs into a block that is never closed and hides headings (its content is hidden: \`unclosed-block\`), nor any section after such a block when it hides a report-level section (the teams that follow are misread until it is closed); a heading directly followed by a deeper WBS or topic heading, which it introduces (\`### 02C.08.00 …\` over \`#### 02C.08.01 …\`), and a topic heading directly followed by a deeper subsection heading (a team's heading the template does not name, one level too deep: \`### Ohio State Institute\` over \`#### Current accomplishments\`); any words, which count as content: "No activity", "None", "N/A" (also on the label's line: \`Recruitment update: N/A\`); a WBS element on a line of its own or in a bullet, which reads as an item (\`02C.06.02.01 Data Access Client Framework - continued work\`), never as an empty section.

Fix: "Write "No activity this period."" under the heading. It inserts text, but a statement the author did not make, so it is offered as a quick fix and not marked safe: fix-all never fills a section for the author.`,
    fixes: { available: true, safe: false, summary: 'writes "No activity this period." (not safe: fix-all never speaks for the author)' },
  }),
  define({
    code: 'period-mismatch',
    severity: DiagnosticSeverity.Warning,
    reportedOn: ['report'],
    description:
      "the period heading names another month than the front matter's `period:` or, without one, the file's path (`2017-05.md`, `2017/May.md`)",
    documentation: `The period heading (\`## April 2017\`) names another month than the front matter's \`period: 2017-05\`, or, without a front matter period, than the file's path: a \`YYYY-MM\` in the file name (\`2017-05.md\`, \`dm-monthly-report-2017-05.md\`, \`2017-05-31.md\`), else a month name or abbreviation and a year in it (\`May 2017.md\`), else a file named by the month in a folder named by the year (\`2017/May.md\`, \`2017/05.md\`) — the classic mistake of copying last month's report and forgetting its heading. Reported on the period heading.

Never flagged: a report without a period heading, or with neither a front matter period nor a period in its path.

\`data: {expected}\`: the expected period, \`YYYY-MM\`.

Fixes: "Change the period heading to May 2017" (preferred) rewrites only the month and year in that heading, in its form (\`May 2017\`, \`MAY 2017\`, \`Oct. 2017\` for \`Sep. 2017\`, or \`2017-05\`); with front matter, "Change the front matter period to 2017-04" is the other way round. Neither is safe: which of the two is wrong (the heading, or the file name / front matter) only the author knows, so fix-all leaves both.`,
    fixes: {
      available: true,
      safe: false,
      summary: "changes the heading's month and year (preferred); with front matter, or the front matter's period; neither is safe (only the author knows which is wrong)",
    },
  }),
  define({
    code: 'heading-level',
    severity: DiagnosticSeverity.Warning,
    reportedOn: ['report'],
    description:
      'a team subsection heading deeper or shallower than its siblings (the level most of them use below the team heading), or not below its team heading',
    documentation: `A team subsection written as a heading deeper or shallower than its sibling subsections, or not below its team's heading. The expected level of a team's subsections is the level most of them use below the team heading (ties: the shallower), or the team's level plus one when none is below it.

Never flagged: subsections written as label lines (\`Planned activities:\`), which have no level and are not compared.

Fix (safe: only \`#\` markers change): normalise the heading levels of the whole team section — each subsection heading at the expected level, the headings inside it shifted by as many levels as it moved (keeping the author's nesting), then raised where needed to sit at least one level below the section they belong to (WBS elements nest by code: \`02C.08.03.01\` under \`02C.08.03\`), never deeper than 6. Setext headings (underlined) are left as they are. After the fix the rule no longer fires for the team. Not safe when the outline is ambiguous: when it would change the level of a topic heading no deeper than the subsection heading it is read under while subsections the team already has follow it (\`### Ohio State Institute\` after \`### Recruitment update\`, then \`#### Current accomplishments\` again: perhaps another team's heading one level too deep; the fix would move it and that team's subsections into this team). A heading that names a team of the template's \`teams\` after the current team's subsections is that team at any depth (\`### Princeton University\` after University of Washington's \`### Recruitment update\`), so its subsections are compared with its own heading.`,
    fixes: { available: true, safe: true, summary: "normalises the team's heading levels, changing only `#` markers (safe, unless a topic heading may be another team's)" },
  }),
  define({
    code: 'invalid-template',
    severity: DiagnosticSeverity.Error,
    reportedOn: ['report', 'configuration'],
    description:
      "the front matter's `template:` names no built-in template, or its file cannot be read or is invalid; the report is checked with the template it would otherwise have (the message names it). On `.dmreport.yaml`: the same for `template:` / `templates:`",
    documentation: `A template that cannot be used, where it is written:

- in a report: the front matter's \`template:\` names no built-in template, or its file cannot be read or is not a valid template (\`schemas/template.schema.json\`). Reported on the value; the report is checked with the template it would have without it (\`.dmreport.yaml\`, else \`dm-monthly-2017\`), which the message names;
- in \`.dmreport.yaml\`: the same for \`template:\` and each \`templates:\` entry's \`template\`, reported on the value, once per configuration. Reports then get the next choice (a \`templates:\` entry falls back to the next one that matches, then \`template:\`; \`template:\` to \`dm-monthly-2017\`), as the message says.

No fix: only the author knows which template was meant.`,
    fixes: NONE,
  }),
  define({
    code: 'invalid-front-matter',
    severity: DiagnosticSeverity.Error,
    reportedOn: ['report'],
    description: 'the front matter is not YAML, or `template:` / `period:` (`YYYY-MM`) has the wrong shape',
    documentation: `The report's front matter is not YAML, or its \`template:\` / \`period:\` has the wrong shape (\`period: May 2017\` instead of \`period: 2017-05\`).

No fix: only the author knows which template or month was meant.`,
    fixes: NONE,
  }),
  define({
    code: 'invalid-config',
    severity: DiagnosticSeverity.Error,
    reportedOn: ['configuration'],
    description: '`.dmreport.yaml` is not YAML, does not match `schemas/dmreport.schema.json`, or cannot be read; DM Report uses its defaults until it is fixed',
    documentation: `The workspace configuration \`.dmreport.yaml\` is not valid YAML, does not match \`schemas/dmreport.schema.json\`, or cannot be read. An invalid file gets exactly one diagnostic, on the file itself: the first problem (an unknown key: on the key; a wrong value: on the value), with the others counted in the message; an unreadable file gets one at its start. YAML aliases (\`*name\`) may expand to at most 100 values: a file of aliases of aliases (a "billion laughs") is this problem, on its first alias. Messages name the key as written (\`tickets.keys: list at least one key\`). In the editor it is in the Problems panel; \`dm-report check\` reports it as an entry of its own and exits with 2 (an unusable configuration, as a usage error), after checking the files with the defaults.

Meanwhile the configuration is empty: the server and the CLI keep working with their defaults.

No fix.`,
    fixes: NONE,
  }),
  define({
    code: 'invalid-ticket-export',
    severity: DiagnosticSeverity.Warning,
    reportedOn: ['ticket-export', 'configuration'],
    description:
      'the ticket export file (`tickets.exportFile`) cannot be read or parsed, or a row or entry has no valid Jira key (skipped) or a JSON entry no summary; the rest is kept',
    documentation: `A problem of the ticket export file named by \`tickets.exportFile\` in \`.dmreport.yaml\` (Jira's CSV export or a JSON list of \`{key, summary, status?, type?, epic?, assignee?}\`):

- the file is not a readable CSV file, an empty CSV file, has no \`Issue key\` column, is not valid JSON or not a JSON list: one diagnostic, and no tickets are taken from it;
- a row or entry without a valid Jira key (\`DM-10441\`): the row or entry is skipped, the others are kept;
- a JSON entry without a \`summary\`: its other fields are kept.

Reported on the line of the row or entry in the export file, at most 20 per file (the last one counts the others). A file that cannot be read (missing, a directory…) has no place of its own: its one diagnostic is on the \`exportFile:\` line of \`.dmreport.yaml\`.

No fix.`,
    fixes: NONE,
  }),
] as const;

/** One of the definitions. */
export type AnyCodeDefinition = (typeof CODE_DEFINITIONS)[number];

/** Every diagnostic code of DM Report. */
export type DiagnosticCode = AnyCodeDefinition['code'];

/** The codes reported on `place` (`'report'`: the codes of the rules). */
export type CodeReportedOn<P extends Place> = AnyCodeDefinition extends infer D
  ? D extends CodeDefinition<infer C, Severity, infer Q>
    ? P extends Q
      ? C
      : never
    : never
  : never;

/** The definition of `code`. */
export type DefinitionOf<C extends DiagnosticCode> = Extract<AnyCodeDefinition, { code: C }>;

/** The severities `code` may have. */
export type SeverityOf<C extends DiagnosticCode> = DefinitionOf<C>['severities'][number];

const BY_CODE: ReadonlyMap<string, AnyCodeDefinition> = new Map(CODE_DEFINITIONS.map((d) => [d.code, d]));

/**
 * The definition of a code.
 * @throws Error for a string that is no code of DM Report (TypeScript already refuses it).
 */
export function codeDefinition<C extends DiagnosticCode>(code: C): DefinitionOf<C> {
  const definition = BY_CODE.get(code);
  if (!definition) throw new Error(`dm-report: unknown diagnostic code "${code}"`);
  return definition as DefinitionOf<C>;
}

/** The codes reported on `place`, in the order of `CODE_DEFINITIONS` (`'report'`: the codes of the rules). */
export function codesReportedOn<P extends Place>(place: P): CodeReportedOn<P>[] {
  return CODE_DEFINITIONS.filter((d) => (d.reportedOn as readonly Place[]).includes(place)).map((d) => d.code as CodeReportedOn<P>);
}

/** Whether `code` is a diagnostic code of DM Report. */
export function isDiagnosticCode(code: unknown): code is DiagnosticCode {
  return typeof code === 'string' && BY_CODE.has(code);
}

/** A diagnostic built by `diagnostic`: its code, source, severity and documentation link always set. */
export type CodedDiagnostic<C extends DiagnosticCode = DiagnosticCode> = Diagnostic & {
  code: C;
  source: typeof SOURCE;
  severity: Severity;
  codeDescription: { href: string };
};

/**
 * Builds a diagnostic of `code`: `source: 'dm-report'`, the definition's
 * severity unless `severity` is given, and `codeDescription.href` to the
 * code's documentation. For the configuration, ticket exports and configured
 * templates; the rules use `finding` (../rules/registry.ts), built on this.
 * @param range 0-based LSP range in the file the diagnostic is reported on.
 * @param severity one of the definition's `severities` (a type error otherwise).
 * @throws Error when `severity` is not one of the code's severities (only reachable past the type checker).
 */
export function diagnostic<C extends DiagnosticCode>(code: C, range: Range, message: string, severity?: SeverityOf<C>): CodedDiagnostic<C> {
  const definition: AnyCodeDefinition = codeDefinition(code);
  const chosen: Severity = severity ?? definition.severity;
  if (!(definition.severities as readonly Severity[]).includes(chosen)) {
    throw new Error(`dm-report: severity ${chosen} is not one of ${code}'s (${definition.severities.join(', ')})`);
  }
  return { range, severity: chosen, code, source: SOURCE, message, codeDescription: { href: definition.href } };
}
