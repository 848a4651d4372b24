/**
 * Structure CommonMark hides from the reader (the model's `unclosedBlock` and
 * `malformedHeadings`, see ../model/blocks.ts):
 *
 * `unclosed-block` (error): a top-level code fence or HTML block (`<!--`,
 * `<pre>`, `<script>`, `<style>`, `<textarea>`, `<?`, `<!X`, `<![CDATA[`)
 * that is never closed runs to the end of the file and hides what follows;
 * so does, up to its late closer, an HTML block other than a comment closed
 * only after headings of the report, and the stray code fence from which
 * fences pair up wrongly (see `readUnclosedBlock`). Reported on its opening
 * line when it hides structure: for a code fence, a
 * heading or label line that names a part of the report (a section or
 * subsection label, a team of the template, a WBS element, a period) — `#
 * comment` lines of a shell script do not count; for the HTML blocks, which
 * hide their text altogether, any heading or label line. The fix writes the
 * closer on a line of its own before the first hidden heading that names a
 * part of the report (for an HTML block that hides none, the first hidden
 * heading), after the code and before the blank lines that precede it. It is
 * safe for a code fence that runs to the end of the file: the text between
 * stays code, nothing is rewritten, and a report does not show its own
 * headings as code. It is not safe for wrongly paired fences (which one is
 * the stray is a guess), nor for an HTML comment or block: commenting out a
 * part of the report is something authors do, and only they know where the
 * comment was meant to end.
 *
 * `malformed-heading` (warning): a line that looks like a heading but is not
 * one (`####` and a no-break space; `##High-level Summary`). The fix (safe:
 * white space only) writes one space after the `#` run, replacing the
 * Unicode spaces.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { UnclosedBlock } from '../model/types';
import { blankLine } from './sectionEdits';
import { finding, type Finding, type Rule } from './registry';

/** How the message and the fix name a kind of unclosed block. */
function describe(block: UnclosedBlock): string {
  switch (block.kind) {
    case 'fence':
      return `code fence (${block.closer})`;
    case 'comment':
      return 'HTML comment (<!--)';
    case 'html':
      return `HTML block (${block.closer.replace('/', '')})`;
    case 'processing-instruction':
      return 'HTML block (<?)';
    case 'declaration':
      return 'HTML block (<!…)';
    case 'cdata':
      return 'CDATA section (<![CDATA[)';
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `unclosed-block`: the model's `unclosedBlock`, when it hides structure; its fix closes it before the first hidden heading of the report. */
export const unclosedBlockRule: Rule = ({ analysis }): Finding[] => {
  const block = analysis.model.unclosedBlock;
  if (!block) return [];
  const naming = block.hidden.filter((h) => h.names);
  if (block.kind === 'fence' ? naming.length === 0 : block.hidden.length === 0) return [];
  const close = naming[0] ?? block.hidden[0];
  const headings = block.hidden.filter((h) => h.form === 'heading').length;
  const labels = block.hidden.length - headings;
  const what = describe(block);
  const hides = [headings > 0 ? plural(headings, 'heading') : '', labels > 0 ? plural(labels, 'section label') : ''].filter(Boolean).join(' and ');
  // After the last line of the block's text, before the blank lines that lead to the heading.
  let line = close.line;
  while (line - 1 > block.range.start.line && blankLine(analysis.document, line - 1)) line--;
  const at = { line, character: 0 };
  const edit: TextEdit = { range: { start: at, end: at }, newText: line < close.line ? `${block.closer}\n` : `${block.closer}\n\n` };
  const from = `from line ${close.line + 1} ("${close.text}")`;
  const message =
    block.kind === 'fence' && block.closedOn !== undefined
      ? `This ${what} is closed only on line ${block.closedOn + 1}, by a fence that opens another code block: the fences pair up wrongly from here, the one on line ${block.runsToEnd! + 1} runs to the end of the file, and ${hides} are hidden, ${from}.`
      : block.closedOn !== undefined
        ? `This ${what} is closed only on line ${block.closedOn + 1} (by "${block.closer}" there): it hides ${hides}, ${from}.`
        : `This ${what} is never closed: it hides ${hides} to the end of the file, ${from}.`;
  return [
    finding(
      'unclosed-block',
      block.range,
      message,
      [
        {
          title: `Close the ${what.replace(/ \(.*$/, '')} before line ${close.line + 1} ("${close.text}")`,
          edits: [edit],
          isPreferred: true,
          // A code fence that hides the report's own headings was meant to end before them; a comment may have been meant
          // to hide them; and which of wrongly paired fences is the stray one is a guess.
          safe: block.kind === 'fence' && block.closedOn === undefined && close.names !== undefined,
        },
      ],
      { hidden: block.hidden.length, closeBefore: close.line },
    ),
  ];
};

/** `malformed-heading`: each of the model's `malformedHeadings`, with the safe fix that writes the space. */
export const malformedHeadingRule: Rule = ({ analysis }): Finding[] =>
  analysis.model.malformedHeadings.map((h) =>
    finding(
      'malformed-heading',
      h.range,
      h.problem === 'no-space'
        ? `This line looks like a heading but is not one: no space after "${h.marker}".`
        : `This line looks like a heading but is not one: "${h.marker}" is followed by ${h.codePoint === 'U+00A0' ? 'a no-break space' : 'a Unicode space'} (${h.codePoint}), not a space.`,
      [{ title: `Write a space after "${h.marker}"`, edits: [{ range: h.spaceRange, newText: ' ' }], isPreferred: true, safe: true }],
    ),
  );
