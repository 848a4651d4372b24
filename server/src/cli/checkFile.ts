/**
 * Checking one report for `dm-report check`, the same function whether it runs in the CLI's
 * process or in a worker thread (../bin/cliWorker.ts): what it returns is plain data (it crosses
 * threads by structured clone, and goes into the results cache), so that the output of a run does
 * not depend on where each file was checked.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Host } from '../host/host';
import type { Workspace } from '../engine/workspace';
import { getDiagnostics } from '../features/diagnostics';
import { fixAll } from '../features/fixAll';

/** One file to check, read already (the reader reports files that cannot be read). */
export interface FileTask {
  /** Its place in the run's output (0-based, among the places of `CheckPlan.parts`). */
  id: number;
  /** The file as given (`--fix` names it when it cannot write). */
  file: string;
  /** The name the output uses (`<stdin>` for `-`). */
  name: string;
  /** The document URI it is analysed under (`file:`; standard input as `stdin.md` of the current directory). */
  uri: string;
  /** The absolute path `--fix` writes. */
  path: string;
  /** The text, without a byte order mark. */
  text: string;
  /** Whether the file starts with a byte order mark (`--fix` writes it back). */
  bom: boolean;
  /** Whether to rewrite the file with every safe fix first. */
  fix: boolean;
}

/** What checking one file gave (plain data). */
export interface FileOutcome {
  /** What is left: the diagnostics of the file (after the fixes, with `--fix`). */
  diagnostics: Diagnostic[];
  /** With `--fix`: the number of fixes applied (0 when nothing changed or the file could not be written). */
  fixed?: number;
  /** With `--fix`: the text does not look like a report, nothing was fixed. */
  notAReport?: boolean;
  /** With `--fix`: why fixing stopped with safe fixes left (a sentence fragment), when it did. */
  reason?: string;
  /** With `--fix`, when the file was rewritten: the codes of the problems the fixes removed, one per problem. */
  fixedCodes?: string[];
  /** With `--fix`: the system's code when the fixed text could not be written (the file is left unchanged). */
  writeError?: string;
  /** With `--fix`, when the file was rewritten: the text written (with its byte order mark, if any). */
  written?: string;
  /** Absolute paths of the files the analysis read besides its text (a front matter's template file). */
  dependencies: string[];
}

/**
 * Checks one file with the engine of its configuration (`workspace.engineFor`): its diagnostics,
 * and with `task.fix` first every safe fix (features/fixAll.ts), written through `host` only when
 * something changed. The analysis is closed afterwards (the engine keeps nothing of the file).
 * @throws whatever the engine throws (a bug): the caller reports it.
 */
export function checkFile(workspace: Workspace, host: Host, task: FileTask): FileOutcome {
  const engine = workspace.engineFor(task.uri);
  const analysis = engine.analyze(task.uri, task.text, 0);
  try {
    if (!task.fix) return { diagnostics: getDiagnostics(analysis), dependencies: [...analysis.dependencies] };
    const fixed = fixAll(engine, analysis, { roundUri: task.uri });
    const outcome: FileOutcome = { diagnostics: [], fixed: 0, dependencies: [...analysis.dependencies] };
    if (fixed.notAReport) outcome.notAReport = true;
    if (fixed.changed) {
      const written = (task.bom ? '\uFEFF' : '') + fixed.text;
      try {
        // Written only when changed; the byte order mark is kept; line breaks are the file's (see fixAll).
        host.writeFile(task.path, written);
      } catch (e) {
        return { diagnostics: getDiagnostics(analysis), fixed: 0, writeError: (e as NodeJS.ErrnoException).code ?? String(e), dependencies: outcome.dependencies };
      }
      outcome.fixedCodes = fixedProblems(getDiagnostics(analysis), getDiagnostics(fixed.analysis));
      outcome.written = written;
      outcome.fixed = fixed.applied.length;
      outcome.dependencies = [...fixed.analysis.dependencies];
    }
    if (!fixed.complete) outcome.reason = fixed.reason ?? `stopped after ${fixed.rounds} rounds of fixes with safe fixes left; run --fix again`;
    outcome.diagnostics = getDiagnostics(fixed.analysis);
    return outcome;
  } finally {
    engine.close(task.uri);
  }
}

/**
 * What standard error says about one file's outcome, in order: not a report, could not be
 * written, what the fixes removed, why fixing stopped; each line `dm-report: NAME: …\n`.
 */
export function outcomeNotes(task: { file: string; name: string }, outcome: Pick<FileOutcome, 'notAReport' | 'writeError' | 'fixedCodes' | 'reason'>): string {
  let err = '';
  if (outcome.notAReport) err += `dm-report: ${task.name}: not fixed: it does not look like a DM report\n`;
  if (outcome.writeError !== undefined) return err + `dm-report: ${task.file}: cannot write (${outcome.writeError}); left unchanged\n`;
  if (outcome.fixedCodes) err += `dm-report: ${task.name}: ${describeFixes(outcome.fixedCodes)}\n`;
  if (outcome.reason !== undefined) err += `dm-report: ${task.name}: ${outcome.reason}\n`;
  return err;
}

/**
 * The problems a fix removed: for each code, how many more diagnostics it had before the fix
 * than after (never fewer than none), as one code per problem — what check listed and is gone,
 * not the fixes applied (one heading-level fix may clear several warnings; an inserted section
 * is not a problem check listed unless it was reported).
 */
export function fixedProblems(before: Diagnostic[], after: Diagnostic[]): string[] {
  const count = (ds: Diagnostic[]) => {
    const by = new Map<string, number>();
    for (const d of ds) by.set(String(d.code), (by.get(String(d.code)) ?? 0) + 1);
    return by;
  };
  const left = count(after);
  return [...count(before)].flatMap(([code, n]) => Array<string>(Math.max(0, n - (left.get(code) ?? 0))).fill(code));
}

/** `fixed 62 problems (61 placeholder-link, 1 malformed-ticket)`: counts by code, most first, then by code; `fixed 0 problems` for none. */
export function describeFixes(codes: string[]): string {
  const by = new Map<string, number>();
  for (const c of codes) by.set(c, (by.get(c) ?? 0) + 1);
  const parts = [...by].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c, n]) => `${n} ${c}`);
  return `fixed ${codes.length} problem${codes.length === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
