/**
 * The figures README.md gives for the reference report (its quick start, the
 * fix-all section) against the snapshots, so that they cannot drift silently:
 * when a rule changes and the snapshots are regenerated, this test says which
 * sentence of the README to update.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli.ts';
import { codeCounts, referenceDiagnostics, referenceFixed, severityCounts } from '../support/reference.ts';
import { readSnapshot } from '../support/snapshot.ts';

/** README.md with every run of white space (line breaks included) as one space. */
const README = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');

/** The numbers `re` captures in the README (fails naming the pattern when the sentence is gone). */
function figures(re: RegExp): number[] {
  const m = re.exec(README);
  assert.ok(m, `README.md no longer has a sentence matching ${re}`);
  return m.slice(1).map(Number);
}

test('README quick start: the problems, exit code, error, warnings, placeholder links, heading levels and notes of the reference', () => {
  const diagnostics = referenceDiagnostics();
  const severities = severityCounts(diagnostics);
  const byCode = codeCounts(diagnostics);
  const { code } = readSnapshot<{ code: number }>('cli-check-reference');
  const [problems, exit] = figures(/It prints (\d+) problems and exits with code (\d+)/);
  const [warnings, placeholders, headings, notes] = figures(
    /the report really has an error \(`DM10221`, a ticket without its hyphen\), (\d+) warnings \((\d+) placeholder `\(#\)` links, the non-existent `SOR-019`, almost certainly `SQR-019`, and (\d+) subsection headings whose level differs from their siblings'\) and (\d+) notes/,
  );
  const says = { problems, exit, errors: 1, warnings, placeholders, headings, notes, hints: 0 };
  const is = {
    problems: diagnostics.length,
    exit: code,
    errors: severities.errors,
    warnings: severities.warnings,
    placeholders: byCode['placeholder-link'],
    headings: byCode['heading-level'],
    notes: severities.info,
    hints: severities.hints,
  };
  assert.deepEqual(says, is, 'README.md quick start (left: what it says) vs the snapshots (right): update the README');
  // The warnings it names are all of them: placeholder links, SOR-019 and the heading levels.
  assert.equal(warnings, placeholders + 1 + headings);
});

test('README fix-all: the message of `check --fix` on the reference', () => {
  const m = /\(on the reference report: `(fixed \d+ problems \([^`]*\))`\)/.exec(README);
  assert.ok(m, 'README.md no longer quotes what check --fix says on the reference');
  assert.equal(`dm-report: 2017-04.md: ${m[1]}\n`, referenceFixed().err, 'README.md fix-all section vs the snapshot reference-fixed: update the README');
});
