/**
 * A series of distinct monthly reports made from the reference report, for tests and benchmarks
 * of the workspace index: each copy has its own period (the heading and the `(for …)` asides),
 * file name and ticket numbers.
 *
 *   const { name, text } = reportCopy(REFERENCE_TEXT, 3); // 2015-04.md, "April 2015", DM-N + 111
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The `i`th distinct copy (0-based) of the reference: period `i` months after January 2015
 * (`April 2017` → that month, `May 2017` → the next), every ticket number shifted by 37·i, saved
 * as `YYYY-MM.md`.
 */
export function reportCopy(reference: string, i: number): { name: string; text: string } {
  const year = 2015 + Math.floor(i / 12);
  const month = (i % 12) + 1;
  const next = MONTHS[month % 12];
  const text = reference
    .replace(/April 2017/g, `${MONTHS[month - 1]} ${year}`)
    .replace(/May 2017/g, `${next} ${month === 12 ? year + 1 : year}`)
    .replace(/\bDM-(\d+)/g, (_, n: string) => `DM-${Number(n) + 37 * i}`);
  return { name: `${year}-${String(month).padStart(2, '0')}.md`, text };
}
