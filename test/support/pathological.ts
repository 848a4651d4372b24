/**
 * The pathological inputs of issue 14, on which remark-parse (micromark) is
 * super-linear, each inside a small report so that its headings and
 * identifiers can be checked: one line of 100,000 `>` (58 s in-process), a
 * list nested 1,000 levels by indentation (28 s), 64 KB of lines each with an
 * unclosed `<?` or `<![CDATA[` (quadratic), 1 MB of `<a <b <c` lines (no
 * heading, so one block: 40 s). Used by the unit and protocol tests and by
 * scripts/measure-parse-budget.ts.
 */

/** A pathological piece of Markdown, by name. */
export interface Pathological {
  name: string;
  /** The piece, without a trailing line break. */
  body: string;
}

/** One line of `n` `>` (default 100,000). */
export function manyQuotes(n = 100_000): Pathological {
  return { name: `${n} >`, body: '>'.repeat(n) };
}

/** A list nested `levels` deep by indentation (2 spaces a level; default 1,000). */
export function deepList(levels = 1000): Pathological {
  return {
    name: `${levels}-deep list`,
    body: Array.from({ length: levels }, (_, i) => `${' '.repeat(2 * i)}- level ${i + 1}`).join('\n'),
  };
}

/** About `bytes` (default 64 KB) of lines that each open a `<?` (or `<![CDATA[`) never closed. */
export function unclosed(opener: '<?' | '<![CDATA[', bytes = 64 * 1024): Pathological {
  const line = `text ${opener}`;
  const n = Math.ceil(bytes / (line.length + 1));
  return { name: `${opener} ${bytes} bytes`, body: Array(n).fill(line).join('\n') };
}

/** About `bytes` (default 1 MB) of `<a <b <c` lines. */
export function tagSoup(bytes = 1024 * 1024): Pathological {
  const n = Math.ceil(bytes / 9);
  return { name: `${bytes} bytes of <a <b <c`, body: Array(n).fill('<a <b <c').join('\n') };
}

/**
 * A small report (dm-monthly-2017 headings) with `body` inside its High-level Summary,
 * after a ticket and a document handle, and a WBS code and a ticket in the next section.
 */
export function reportAround(body: string): string {
  return [
    '# Data Management Monthly Report',
    '',
    '## April 2017',
    '',
    '# High-level Summary',
    '',
    'DM-10441 was fixed; see LDM-151 and 02C.03.01.',
    '',
    body,
    '',
    '# Progress against the plan',
    '',
    'DM-9656 is done.',
    '',
  ].join('\n');
}
