/**
 * Every rule, in the order their findings are reported, and the function that runs them.
 */
import type { AnalyzedDocument } from '../model/analysis';
import { shiftRange, type BlockLists, type ModelSlice } from '../model/blockModels';
import type { Finding, Rule, RuleEnvironment } from './registry';
import { missingSectionRule } from './missingSection';
import { malformedTicketRule } from './tickets';
import { unknownDocumentRule } from './documents';
import { unknownWbsRule, wbsNameMismatchRule } from './wbs';
import { wbsMisplacedRule } from './wbsMisplaced';
import { placeholderLinkRule } from './links';
import { frontMatterRule } from './frontMatter';
import { sectionOrderRule } from './sectionOrder';
import { duplicateSectionRule } from './duplicateSection';
import { emptySectionRule } from './emptySection';
import { periodMismatchRule } from './periodMismatch';
import { headingLevelRule } from './headingLevel';
import { malformedHeadingRule, unclosedBlockRule } from './blocks';
import { checkFixes } from './fixes';

export type { Finding, Fix, RuleCode } from './registry';

/** Every rule, in the order their findings are reported. */
export const RULES: readonly Rule[] = [
  unclosedBlockRule,
  malformedHeadingRule,
  missingSectionRule,
  malformedTicketRule,
  unknownDocumentRule,
  unknownWbsRule,
  wbsNameMismatchRule,
  wbsMisplacedRule,
  placeholderLinkRule,
  frontMatterRule,
  sectionOrderRule,
  duplicateSectionRule,
  emptySectionRule,
  periodMismatchRule,
  headingLevelRule,
];

/**
 * The rules whose findings are item by item of some of the model's block lists
 * (../model/blockModels.ts), in this order: what such a rule finds on a list is
 * the concatenation of what it finds on each block's part of it, each item
 * judged by itself, the catalogs, the settings, the report period and the text
 * of the item's lines; its findings name no line (their ranges move with the
 * block). With the slices of an incremental build, these rules run per block
 * and their findings are kept with the block (`runRules`); every other rule
 * reads the whole model (the section tree, the period, the front matter: the
 * document-level rules).
 */
export const PER_ITEM_RULES: ReadonlyMap<Rule, readonly (keyof BlockLists)[]> = new Map<Rule, (keyof BlockLists)[]>([
  [malformedHeadingRule, ['malformedHeadings']],
  [malformedTicketRule, ['malformedTickets', 'invalidTickets']],
  [unknownDocumentRule, ['documents']],
  [unknownWbsRule, ['wbs']],
  [wbsNameMismatchRule, ['wbs']],
  [placeholderLinkRule, ['links']],
]);

/** The parts of the per-item rules: each rule with each of its lists, in `RULES` order; a part's findings are kept per slice. */
const PARTS: readonly { rule: Rule; list: keyof BlockLists }[] = RULES.flatMap((rule) => (PER_ITEM_RULES.get(rule) ?? []).map((list) => ({ rule, list })));

/** What the findings of the per-item rules on one slice were computed with, and those findings by part (before `checkFixes`). */
interface SliceFindings {
  engine: RuleEnvironment;
  settings: RuleEnvironment['settings'];
  scanner: RuleEnvironment['scanner'];
  /** The report period (`YYYY-MM`, '' for none): `wbs-name-mismatch` reads it. */
  period: string;
  found: (Finding[] | undefined)[];
}

const sliceFindings = new WeakMap<ModelSlice, SliceFindings>();

/** A finding moved down by `lines` (up when negative): its range and its fixes' edits. */
function shiftFinding(f: Finding, lines: number): Finding {
  return {
    ...f,
    diagnostic: { ...f.diagnostic, range: shiftRange(f.diagnostic.range, lines) },
    fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: shiftRange(e.range, lines) })) })),
  };
}

/** A model's block lists, all empty (for the model of one slice's list). */
const EMPTY_LISTS: Readonly<BlockLists> = { tickets: [], ticketDefinitions: [], malformedTickets: [], invalidTickets: [], documents: [], wbs: [], links: [], malformedHeadings: [], literalBlocks: [] };

/**
 * The findings of the per-item rules, part by part (`PARTS`), over the slices of a model: for
 * each slice, those kept with it for the same catalogs, settings and period; else those of the
 * slice it was moved from, moved; else computed on a model holding only that part of the list.
 */
function perItemFindings(engine: RuleEnvironment, analysis: AnalyzedDocument, slices: readonly ModelSlice[]): Finding[][] {
  const p = analysis.model.period;
  const period = p ? `${p.year}-${p.month}` : '';
  const fresh = (c: SliceFindings | undefined): c is SliceFindings =>
    c !== undefined && c.engine === engine && c.settings === engine.settings && c.scanner === engine.scanner && c.period === period;
  const out: Finding[][] = PARTS.map(() => []);
  for (const slice of slices) {
    let kept = sliceFindings.get(slice);
    if (!fresh(kept)) sliceFindings.set(slice, (kept = { engine, settings: engine.settings, scanner: engine.scanner, period, found: [] }));
    for (let i = 0; i < PARTS.length; i++) {
      let found = kept.found[i];
      if (!found) {
        const { rule, list } = PARTS[i];
        const source = slice.movedFrom && sliceFindings.get(slice.movedFrom.slice);
        const moved = fresh(source) ? source.found[i] : undefined;
        if (moved) found = moved.map((f) => shiftFinding(f, slice.movedFrom!.lines));
        else if (slice.lists[list].length === 0) found = [];
        else found = rule({ engine, analysis: { ...analysis, model: { ...analysis.model, ...EMPTY_LISTS, [list]: slice.lists[list] } } });
        kept.found[i] = found;
      }
      const into = out[i];
      for (const f of found) into.push(f);
    }
  }
  return out;
}

/**
 * Runs every rule on one analysed document; every fix then goes through
 * `checkFixes` (./fixes.ts: none writes inside a code block, an HTML block or
 * the front matter; line breaks in the document's style).
 * @param slices the blocks' lists of an incremental build of the model (`BlockModelCache.slices`):
 *   the per-item rules (`PER_ITEM_RULES`) then run per block, reusing what they found on the
 *   blocks of earlier versions. The findings are the same with or without them.
 * @returns findings sorted by position (0-based line, then character), then rule order.
 */
export function runRules(engine: RuleEnvironment, analysis: AnalyzedDocument, slices?: readonly ModelSlice[]): Finding[] {
  const ctx = { engine, analysis };
  const parts = slices && perItemFindings(engine, analysis, slices);
  const found = RULES.flatMap((rule) => {
    if (!parts || !PER_ITEM_RULES.has(rule)) return rule(ctx);
    return PARTS.flatMap((part, i) => (part.rule === rule ? parts[i] : []));
  });
  const all = checkFixes(found, analysis);
  return all.sort(
    (a, b) =>
      a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
      a.diagnostic.range.start.character - b.diagnostic.range.start.character,
  );
}

