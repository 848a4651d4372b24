/**
 * The verify mode of per-block re-analysis (`ReportEngine`'s `verifyIncremental`,
 * on with `DM_REPORT_VERIFY_INCREMENTAL=1` in the environment): every parse that
 * reused an earlier version's blocks is compared with a fresh `parseDocument`, every model built with the
 * block cache with a full build of the same parse, the document's line offsets
 * with the ones the text document computes, and every list of findings computed
 * per block and chunk with a full run of the rules; a difference throws. For
 * tests and the fuzzer; it makes every analysis cost two.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzedDocument } from '../model/analysis';
import { buildReport, type BuildContext } from '../model/build';
import { parseDocument, type ParsedDocument } from '../model/parse';
import type { ReportModel } from '../model/types';

/**
 * The first place where two plain data values differ, as a path (`sections[2].range.end.line`)
 * with both values; undefined when they are deeply equal. Objects compare by their own
 * enumerable keys (a key set to undefined is not a missing key), arrays by length and
 * items, everything else by `Object.is`.
 * @param path the name of the values, prefixed to the path.
 */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${show(a)} ≠ ${show(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: ${show(a)} ≠ ${show(b)}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? undefined : `${path}.length: ${a.length} ≠ ${b.length}`;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return `${path}.${k}: ${show((a as Record<string, unknown>)[k])} ≠ (no ${k})`;
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  const extra = kb.find((k) => !Object.prototype.hasOwnProperty.call(a, k));
  return extra === undefined ? undefined : `${path}.${extra}: (no ${extra}) ≠ ${show((b as Record<string, unknown>)[extra])}`;
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
  if (Array.isArray(v)) return `[${v.length} items]`;
  if (typeof v === 'object' && v !== null) return `{${Object.keys(v).slice(0, 6).join(', ')}}`;
  return String(v);
}

/**
 * Throws when the incremental value differs from the full one.
 * @param what `model` or `findings`, for the message.
 * @throws Error `Incremental analysis of URI (version N) differs from a full analysis: PATH: A ≠ B (DM_REPORT_VERIFY_INCREMENTAL)`.
 */
export function assertSameAnalysis(uri: string, version: number, what: string, incremental: unknown, full: unknown): void {
  const d = firstDifference(incremental, full, what);
  if (d) throw new Error(`Incremental analysis of ${uri} (version ${version}) differs from a full analysis: ${d} (incremental ≠ full; DM_REPORT_VERIFY_INCREMENTAL)`);
}

/**
 * Checks one analysed version against a full analysis of it: the parse, when it had a previous
 * version and no block was skipped by the budget (against a fresh `parseDocument(text)`: the
 * blocks' texts, lines and offsets), the model (against
 * `buildReport` without the cache), the document's line offsets.
 * @throws Error naming the first difference (`assertSameAnalysis`).
 */
export function verifyVersion(
  uri: string,
  version: number,
  previous: ParsedDocument | undefined,
  parsed: ParsedDocument,
  ctx: BuildContext,
  model: ReportModel,
  document: TextDocument,
): void {
  // A parse that reused blocks (of `previous`, of a prepared parse or of the engine's block cache) against a
  // fresh one; not when the budget skipped a block (the fresh parse has no budget: such a block may run on).
  if (previous && !parsed.blocks.some((b) => b.block.skipped)) {
    const place = (p: ParsedDocument) => p.blocks.map((b) => ({ text: b.block.text, startLine: b.startLine, startOffset: b.startOffset }));
    assertSameAnalysis(uri, version, 'parse.blocks', place(parsed), place(parseDocument(parsed.text)));
  }
  assertSameAnalysis(uri, version, 'model', model, buildReport(parsed, version, ctx));
  const lines = (d: TextDocument) => Array.from({ length: d.lineCount }, (_, line) => d.offsetAt({ line, character: 0 }));
  assertSameAnalysis(uri, version, 'document.lines', lines(document), lines(TextDocument.create(uri, 'markdown', version, parsed.text)));
}

/**
 * Checks the findings of an incremental run of the rules against a full run's.
 * @throws Error naming the first difference (`assertSameAnalysis`).
 */
export function verifyFindings(analysis: AnalyzedDocument, incremental: unknown, full: unknown): void {
  assertSameAnalysis(analysis.uri, analysis.document.version, 'findings', incremental, full);
}
