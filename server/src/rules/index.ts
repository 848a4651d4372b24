/**
 * Every rule, in the order their findings are reported, and the function that runs them.
 */
import type { AnalyzedDocument } from '../model/analysis';
import { shiftRange, type BlockLists, type ModelChunk, type ModelSlice } from '../model/blockModels';
import type { Section } from '../model/types';
import type { Finding, Rule, RuleEnvironment } from './registry';
import { missingReportSectionRule, missingSectionRule, missingTeamSectionRule } from './missingSection';
import { malformedTicketRule } from './tickets';
import { unknownDocumentRule } from './documents';
import { unknownWbsRule, wbsNameMismatchRule } from './wbs';
import { wbsMisplacedRule } from './wbsMisplaced';
import { placeholderLinkRule } from './links';
import { frontMatterRule } from './frontMatter';
import { reportSectionOrderRule, sectionOrderRule, teamSectionOrderRule } from './sectionOrder';
import { duplicateReportSectionRule, duplicateSectionRule, duplicateTeamSectionRule } from './duplicateSection';
import { emptySectionRule } from './emptySection';
import { periodMismatchRule } from './periodMismatch';
import { headingLevelRule } from './headingLevel';
import { malformedHeadingRule, unclosedBlockRule } from './blocks';
import { checkFixes } from './fixes';
import { parseSkippedRule, withoutSkippedChecks } from './parseSkipped';

export type { Finding, Fix, RuleCode } from './registry';

/** Every rule, in the order their findings are reported. */
export const RULES: readonly Rule[] = [
  parseSkippedRule,
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
 * block). With the chunks of an incremental build, these rules run per block
 * and their findings are kept with the block and with the chunk (`runRules`).
 */
export const PER_ITEM_RULES: ReadonlyMap<Rule, readonly (keyof BlockLists)[]> = new Map<Rule, (keyof BlockLists)[]>([
  [malformedHeadingRule, ['malformedHeadings']],
  [malformedTicketRule, ['malformedTickets', 'invalidTickets']],
  [unknownDocumentRule, ['documents']],
  [unknownWbsRule, ['wbs']],
  [wbsNameMismatchRule, ['wbs']],
  [placeholderLinkRule, ['links']],
]);

/**
 * The rules of the section tree whose findings are, after those of a `document` part on the
 * whole model (report-level sections: missing, order, repeats), the concatenation of what their
 * `sections` part finds on each chunk of the model (../model/blockModels.ts `ModelChunk`: a
 * report-level section and what it holds, with the chunk's lists) by itself — teams,
 * subsections, WBS elements and topics are judged within their report-level section, its
 * lines, the template, the catalogs, the period and the model's unclosed block (a chunk met
 * again is on the same lines with the same text: where the document ends, for moving lines to
 * the end, is in the last one). With the chunks of an incremental build, the `sections` parts
 * run per chunk and their findings are kept with the chunk. Every other rule reads the whole model.
 */
export const PER_SECTION_RULES: ReadonlyMap<Rule, { document?: Rule; sections: Rule }> = new Map<Rule, { document?: Rule; sections: Rule }>([
  [missingSectionRule, { document: missingReportSectionRule, sections: missingTeamSectionRule }],
  [wbsMisplacedRule, { sections: wbsMisplacedRule }],
  [sectionOrderRule, { document: reportSectionOrderRule, sections: teamSectionOrderRule }],
  [duplicateSectionRule, { document: duplicateReportSectionRule, sections: duplicateTeamSectionRule }],
  [emptySectionRule, { sections: emptySectionRule }],
  [headingLevelRule, { sections: headingLevelRule }],
]);

/** The parts of the per-item rules: each rule with each of its lists, in `RULES` order; a part's findings are kept per slice. */
const PARTS: readonly { rule: Rule; list: keyof BlockLists }[] = RULES.flatMap((rule) => (PER_ITEM_RULES.get(rule) ?? []).map((list) => ({ rule, list })));

/** The `sections` parts of the per-section rules, in `RULES` order. */
const SECTION_PARTS: readonly Rule[] = RULES.flatMap((rule) => {
  const part = PER_SECTION_RULES.get(rule);
  return part ? [part.sections] : [];
});

/** What findings kept with a slice or a chunk were computed with, and those findings by part (before `checkFixes`). */
interface KeptFindings {
  engine: RuleEnvironment;
  settings: RuleEnvironment['settings'];
  scanner: RuleEnvironment['scanner'];
  /** What else the rules read of the document: the report period (`YYYY-MM`, '' for none), the unclosed block. */
  context: string;
  /** By per-item part (`PARTS`). */
  items: (Finding[] | undefined)[];
  /** By per-section part (`SECTION_PARTS`); chunks only. */
  sections: (Finding[] | undefined)[];
}

const kept = new WeakMap<ModelSlice | ModelChunk, KeptFindings>();

/** A finding moved down by `lines` (up when negative): its range and its fixes' edits. */
function shiftFinding(f: Finding, lines: number): Finding {
  return {
    ...f,
    diagnostic: { ...f.diagnostic, range: shiftRange(f.diagnostic.range, lines) },
    fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: shiftRange(e.range, lines) })) })),
  };
}

/** No findings. */
const NONE: readonly Finding[] = [];

/** A model's block lists, all empty (for the model of one slice's list). */
const EMPTY_LISTS: Readonly<BlockLists> = { tickets: [], ticketDefinitions: [], malformedTickets: [], invalidTickets: [], documents: [], wbs: [], links: [], malformedHeadings: [], literalBlocks: [] };

/**
 * The findings of every per-item part and every per-section part (`PARTS`, `SECTION_PARTS`),
 * each concatenated over the chunks of a model: what is kept with a chunk for the same
 * catalogs, settings and context; else, per-item, per slice (kept with the slice, or moved
 * from the slice it was moved from, or computed on a model holding that part of the list
 * only), and per-section on a model holding the chunk's sections and lists.
 */
function findingsByChunk(engine: RuleEnvironment, analysis: AnalyzedDocument, chunks: readonly ModelChunk[]): { items: Finding[][]; sections: Finding[][] } {
  const { model } = analysis;
  const p = model.period;
  const context = `${p ? `${p.year}-${p.month}` : ''}\u0000${model.unclosedBlock ? JSON.stringify(model.unclosedBlock) : ''}`;
  const keptFor = (of: ModelSlice | ModelChunk): KeptFindings => {
    let k = kept.get(of);
    if (!k || k.engine !== engine || k.settings !== engine.settings || k.scanner !== engine.scanner || k.context !== context) {
      kept.set(of, (k = { engine, settings: engine.settings, scanner: engine.scanner, context, items: [], sections: [] }));
    }
    return k;
  };
  const items: Finding[][] = PARTS.map(() => []);
  const sections: Finding[][] = SECTION_PARTS.map(() => []);
  const append = (into: Finding[], from: readonly Finding[]) => {
    for (const f of from) into.push(f);
  };
  for (const chunk of chunks) {
    const onChunk = keptFor(chunk);
    for (let i = 0; i < PARTS.length; i++) {
      let found = onChunk.items[i];
      if (!found) {
        found = [];
        for (const slice of chunk.slices) append(found, itemsOnSlice(slice, i));
        onChunk.items[i] = found;
      }
      append(items[i], found);
    }
    let view: AnalyzedDocument | undefined;
    for (let i = 0; i < SECTION_PARTS.length; i++) {
      let found = onChunk.sections[i];
      if (!found) {
        view ??= { ...analysis, model: { ...model, ...chunk.lists, sections: chunk.sections as Section[] } };
        found = onChunk.sections[i] = SECTION_PARTS[i]({ engine, analysis: view });
      }
      append(sections[i], found);
    }
  }
  return { items, sections };

  function itemsOnSlice(slice: ModelSlice, i: number): readonly Finding[] {
    const { rule, list } = PARTS[i];
    // Most blocks have none of most lists: nothing to run or keep.
    if (slice.lists[list].length === 0) return NONE;
    const onSlice = keptFor(slice);
    let found = onSlice.items[i];
    if (found) return found;
    const from = slice.movedFrom && kept.get(slice.movedFrom.slice);
    const moved = from && from.engine === engine && from.settings === engine.settings && from.scanner === engine.scanner && from.context === context ? from.items[i] : undefined;
    if (moved) found = moved.map((f) => shiftFinding(f, slice.movedFrom!.lines));
    else found = rule({ engine, analysis: { ...analysis, model: { ...model, ...EMPTY_LISTS, [list]: slice.lists[list] } } });
    onSlice.items[i] = found;
    return found;
  }
}

/**
 * Runs every rule on one analysed document; the structure checks that start in a part
 * the parser skipped are dropped (`withoutSkippedChecks`, ./parseSkipped.ts); every fix
 * then goes through `checkFixes` (./fixes.ts: none writes inside a code block, an HTML
 * block, the front matter or a skipped part; line breaks in the document's style).
 * @param chunks the chunks of an incremental build of the model (`BlockModelCache.chunksOfModel`):
 *   the per-item rules (`PER_ITEM_RULES`) then run per block and the per-section rules
 *   (`PER_SECTION_RULES`) per chunk, reusing what they found on the blocks and chunks of earlier
 *   versions. The findings are the same with or without them.
 * @returns findings sorted by position (0-based line, then character), then rule order.
 */
export function runRules(engine: RuleEnvironment, analysis: AnalyzedDocument, chunks?: readonly ModelChunk[]): Finding[] {
  const ctx = { engine, analysis };
  const parts = chunks && findingsByChunk(engine, analysis, chunks);
  const found = RULES.flatMap((rule) => {
    if (!parts) return rule(ctx);
    if (PER_ITEM_RULES.has(rule)) return PARTS.flatMap((part, i) => (part.rule === rule ? parts.items[i] : []));
    const perSection = PER_SECTION_RULES.get(rule);
    if (!perSection) return rule(ctx);
    return [...(perSection.document?.(ctx) ?? []), ...parts.sections[SECTION_PARTS.indexOf(perSection.sections)]];
  });
  const all = checkFixes(withoutSkippedChecks(found, analysis), analysis);
  return all.sort(
    (a, b) =>
      a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
      a.diagnostic.range.start.character - b.diagnostic.range.start.character,
  );
}

