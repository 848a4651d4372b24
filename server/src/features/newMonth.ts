/**
 * New month: builds next month's report from last month's, as
 * `dm-report new --from 2017-04.md --period 2017-05` and the command
 * "DM Report: New Month's Report" do. Pure: text in, text out.
 *
 * What the new report holds, in the template's order:
 * - front matter, when the previous report had one, as written, or, when it
 *   has a `period:`, with that set to the new period (`YYYY-MM`, in the quotes
 *   it had) through the `yaml` Document API: comments and key order are kept,
 *   the rest is written as the `yaml` library writes it;
 * - the title as written, and the period heading as written with the new
 *   period in the same form (`## April 2017` → `## May 2017`, `2017-04` → `2017-05`,
 *   `Apr 2017` → `May 2017`, `Sep. 2017` → `Oct. 2017`): the period `findPeriodText`
 *   finds in the line (the one the model reads) is replaced; a period that only the
 *   front matter or only the file's path gave stays there (no heading is added: the new
 *   report's file is named like the previous one, `2023/March.md` → `2023/April.md`);
 *   a title paragraph that gives a period (`LSST Data Management Monthly Report` / `November
 *   2015`) with the period moved on; headings between the title and the first section whose
 *   period the model cannot read (`## 2017 July`) as written;
 * - every report-level section of the template that the previous report had,
 *   or that the template requires, as an empty heading (the author writes it); a
 *   combined heading (`Community Interactions, Meetings and Workshops`) once, as written;
 *   sections outside the template (an appendix, its acronyms table) at the end, as written;
 * - every team and group heading as written, in the same order, each team
 *   with the subsections it had (and the ones the template requires), in
 *   template order, each label in the style last month's used (heading depth,
 *   bold, colon, or a label paragraph), worded as written unless it carried
 *   an aside (`Planned activities: (for May 2017)` → `Planned activities:`);
 * - in "Current accomplishments": last month's "Planned activities" as a
 *   checklist, each item under its WBS element (and NCSA-style topic heading):
 *   a bullet becomes `- [ ] ` + the bullet's text (its sub-bullets kept; a done
 *   `- [x]` plan stays `- [x]`), a paragraph becomes `- [ ] ` + the paragraph, and
 *   so does a label's or WBS line's own text (`**Planned activities:** More ICD work.`,
 *   `02C.03.02 - Association Pipelines: continue.`); a paragraph that ends with a
 *   colon (`DM Project Manager will:`) stays a paragraph introducing the
 *   items; other blocks (code, tables, quotes) are kept as written;
 * - in "Planned activities": the team's WBS element lines again, with nothing
 *   under them (a WBS paragraph line without last month's text after its name:
 *   `02C.03.02 - Association Pipelines:`); in every other subsection (Recruitment update): nothing.
 * WBS elements: a subsection gets its own WBS elements of last month, merged
 * with those of the other carried subsection (an element that only one of them
 * had goes after the element it followed there), each written as it was.
 * A WBS element written as a bullet (`- 02C.03.01 …: text`) is an item, not a line.
 * Not carried: team introductions, "Current accomplishments" text, recruitment
 * text, report-level text (but sections outside the template). The line breaks are the
 * previous report's (LF or CRLF).
 */
import type { RootContent } from 'mdast';
import { isMap, isScalar, parseDocument as parseYamlDocument, type ToStringOptions } from 'yaml';
import type { Analysis, ReportEngine } from '../engine/engine';
import type { LabelStyle, Section } from '../model/types';
import { normalizeLabel, type ReportTemplate, type TemplateSubsection } from '../model/template';
import { formatLabel, sectionIds } from '../model/outline';
import { fileNamePeriod, findPeriodText, formatMonthYear, formatPeriodLike, formatYearMonth, type Period } from '../model/periods';
import { fixAll, scratchUri } from './fixAll';

/** What `buildNewMonth` produced. */
export interface NewMonthResult {
  /** The new report's Markdown. */
  text: string;
  /** The new report's period (month 1–12). */
  period: Period;
  /** Team headings written (groups not counted). */
  teams: number;
  /** Checklist items carried from last month's planned activities. */
  carried: number;
}

/**
 * Which subsection's content becomes next month's what, from the template
 * (`carriedFrom` of a team subsection): in the DM report, last month's plans
 * are this month's checklist of accomplishments. Undefined when the template
 * carries nothing or names an unknown id (the new report is a skeleton).
 */
function carryOf(template: ReportTemplate): { from: string; to: string } | undefined {
  const to = template.teamSubsections.find((s) => s.carriedFrom !== undefined);
  if (!to || !template.teamSubsections.some((s) => s.id === to.carriedFrom)) return undefined;
  return { from: to.carriedFrom!, to: to.id };
}

/**
 * How the front matter is written back once its `period:` changed: no line
 * folding, flow collections as `[a, b]` and `{a: 1}` (as authors write them).
 */
const FRONT_MATTER_OUTPUT: ToStringOptions = { lineWidth: 0, flowCollectionPadding: false };

/**
 * The template a report is built with: the previous report's own (front
 * matter, `.dmreport.yaml` globs or `template:`; see `ReportEngine.chooseTemplate`).
 */
export function templateOf(engine: ReportEngine, analysis: Analysis): ReportTemplate {
  void engine;
  return analysis.template;
}

/**
 * The period of an analysed report: its front matter's `period:` (what the author
 * declared; a disagreeing heading is a `period-mismatch`), else its period heading,
 * else its file's path (`fileNamePeriod`: `Monthly Reports/2023/March.md`).
 * @returns a fresh `{year, month}` (month 1–12), or undefined when the report gives none.
 */
export function periodOf(analysis: Analysis): Period | undefined {
  const p = analysis.model.frontMatter?.period?.value ?? analysis.model.period ?? fileNamePeriod(analysis.uri);
  return p ? { year: p.year, month: p.month } : undefined;
}

/**
 * Builds next month's report.
 *
 * @param previous the analysis of last month's report.
 * @param template the template the previous report is checked with (see `templateOf`).
 * @param period the new report's period.
 * @returns the new text (ending with one line break) and what went into it. Never throws.
 */
export function buildNewMonth(previous: Analysis, template: ReportTemplate, period: Period): NewMonthResult {
  return new NewMonthWriter(previous, template, period).run();
}

/**
 * Next month's report as the CLI and the server give it: `buildNewMonth`, then
 * the heading levels of each team made even (the safe `heading-level` fixes),
 * so that last month's mixed levels are not copied into the new month. Nothing
 * else is changed.
 *
 * @param engine the engine of the previous report (its template, catalogs).
 * @param previous the analysis of last month's report.
 * @param period the new report's period.
 * @returns as `buildNewMonth`, with `levelled`: the headings whose level was changed.
 */
export function newMonthReport(engine: ReportEngine, previous: Analysis, period: Period): NewMonthResult & { levelled: number } {
  const built = buildNewMonth(previous, templateOf(engine, previous), period);
  const uri = scratchUri(previous.uri);
  try {
    const fixed = fixAll(engine, engine.analyze(uri, built.text, 0), { codes: ['heading-level'], roundUri: uri });
    return { ...built, text: fixed.text, levelled: fixed.edits.length };
  } finally {
    engine.close(uri);
  }
}

/** Checklist items and other blocks carried under one section. */
interface Carried {
  /** Rendered blocks in order; consecutive items form one list. */
  units: { kind: 'item' | 'block'; text: string }[];
}

class NewMonthWriter {
  private readonly lines: string[];
  private readonly out: string[] = [];
  private teams = 0;
  private carried = 0;
  /** Top-level mdast nodes with their 0-based document lines and source (LF line breaks). */
  private readonly nodes: { node: RootContent; line: number; column: number; source: string; itemSources?: { line: number; column: number; source: string }[] }[];

  constructor(
    private readonly previous: Analysis,
    private readonly template: ReportTemplate,
    private readonly period: Period,
  ) {
    const text = previous.document.getText();
    this.lines = text.split(/\r?\n/);
    this.nodes = [];
    for (const placed of previous.parsed.blocks) {
      const src = placed.block.text;
      for (const node of placed.block.nodes) {
        const p = node.position!;
        const entry: (typeof this.nodes)[number] = {
          node,
          line: placed.startLine + p.start.line - 1,
          column: p.start.column - 1,
          source: src.slice(p.start.offset!, p.end.offset!).replace(/\r\n/g, '\n'),
        };
        if (node.type === 'list') {
          entry.itemSources = node.children.map((item) => ({
            line: placed.startLine + item.position!.start.line - 1,
            column: item.position!.start.column - 1,
            source: src.slice(item.position!.start.offset!, item.position!.end.offset!).replace(/\r\n/g, '\n'),
          }));
        }
        this.nodes.push(entry);
      }
    }
  }

  run(): NewMonthResult {
    const model = this.previous.model;
    const text = this.previous.document.getText();
    const bodyStart = this.frontMatter();
    // Title and period heading (0-based lines). A parser that does not know front matter reads its
    // last line as a setext heading: then they are the first ATX headings after the front matter.
    let title = model.title && model.title.range.start.line >= bodyStart ? this.raw(model.title.range) : undefined;
    let periodLine = model.period && model.period.range.start.line >= bodyStart ? this.raw(model.period.range) : undefined;
    let periodInTitle = !!title && !!model.period && model.period.range.start.line === model.title!.range.start.line;
    if (bodyStart > 0 && model.title && model.title.range.start.line < bodyStart) {
      const headings = this.lines.slice(bodyStart).filter((l) => /^#{1,6}\s/.test(l));
      title = headings[0];
      periodInTitle = !!title && findPeriodText(title) !== undefined;
      periodLine = periodInTitle ? undefined : headings.slice(1, 3).find((l) => findPeriodText(l) !== undefined);
    }
    if (title === undefined && periodLine === undefined) {
      // A title written as a paragraph before the first section that gives a period (`LSST Data
      // Management Monthly Report` / `November 2015`): kept, with its period moved on.
      const firstSection = model.sections[0]?.selectionRange.start.line ?? Infinity;
      const opening = this.nodes.find((n) => n.line >= bodyStart && n.node.type !== 'yaml');
      if (opening && opening.node.type === 'paragraph' && opening.line < firstSection && findPeriodText(opening.source) !== undefined) {
        title = opening.source;
        periodInTitle = true;
      }
    }
    if (title !== undefined) this.block(periodInTitle ? this.withPeriod(title) : title);
    if (periodLine !== undefined && !periodInTitle) this.block(this.withPeriod(periodLine));
    if (periodLine === undefined && !periodInTitle && model.title) {
      // Headings between the title and the first section give a period the model cannot read
      // (`## 2017 July`): kept as written (the author corrects them) rather than dropped.
      const firstSection = model.sections[0]?.selectionRange.start.line ?? Infinity;
      const titleLine = model.title.range.start.line;
      for (const n of this.nodes) if (n.node.type === 'heading' && n.line > titleLine && n.line < firstSection) this.block(n.source);
    }
    // A period given only by the front matter stays there (its `period:` is moved on above); one
    // given only by the file's path stays in the path (the new file is named for the new period).
    if (periodLine === undefined && !periodInTitle && !model.frontMatter?.period && !fileNamePeriod(this.previous.uri)) {
      const depth = Math.min((title && /^#+/.exec(title)?.[0].length) || 1, 5) + 1;
      this.block(`${'#'.repeat(depth)} ${formatMonthYear(this.period)}`);
    }
    // Report-level sections in template order; the teams in the one that holds them.
    const present = model.sections.filter((s) => s.kind === 'report' && s.templateId);
    const order = this.template.sections.map((s) => s.id);
    let teamsWritten = false;
    for (const entry of this.template.sections) {
      const section = present.find((p) => sectionIds(p).includes(entry.id));
      if (!section && !entry.required) continue;
      // A combined heading is written once, at its first section.
      if (section && section.templateId !== entry.id) continue;
      const combined = section?.combinedIds ? this.template.combinedSections?.find((c) => c.sections[0] === entry.id) : undefined;
      if (combined) this.block(formatLabel(this.wording(section!, [combined.label, ...combined.aliases]) ?? combined.label, section!.style));
      else if (section) this.block(formatLabel(this.wording(section, [entry.label, ...entry.aliases]) ?? entry.label, section.style));
      else {
        const rank = order.indexOf(entry.id);
        const neighbour = [...present].reverse().find((p) => order.indexOf(p.templateId!) < rank) ?? present.find((p) => order.indexOf(p.templateId!) > rank);
        const style: LabelStyle = neighbour?.style ?? { form: 'heading', depth: 2, bold: false, colon: false };
        this.block(formatLabel(entry.label, { ...style, colon: false, bold: false }));
      }
      // A report-level section that starts from last month's other one (personal-monthly: objectives → accomplishments).
      const from = entry.carriedFrom !== undefined ? present.find((p) => p.templateId === entry.carriedFrom) : undefined;
      if (from) for (const c of this.carriedContent([from]).values()) this.units(c);
      if (entry.holdsTeams) {
        this.writeTeams();
        teamsWritten = true;
      }
    }
    if (!teamsWritten) this.writeTeams();
    // Sections outside the template (an appendix: its acronyms table) are reference material: kept as written.
    for (const s of model.sections) if (s.kind === 'report' && !s.templateId) this.block(this.raw(s.range).replace(/\s+$/, ''));
    const eol = /\r\n/.test(text.slice(0, text.indexOf('\n') + 1)) ? '\r\n' : '\n';
    return { text: (this.out.join('\n\n') + '\n').replace(/\n/g, eol), period: this.period, teams: this.teams, carried: this.carried };
  }

  // ---- pieces ----------------------------------------------------------------

  private block(text: string): void {
    this.out.push(text);
  }

  /** The whole lines of a range, as written (LF line breaks). */
  private raw(range: { start: { line: number }; end: { line: number; character: number } }): string {
    const end = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
    return this.lines.slice(range.start.line, end + 1).join('\n');
  }

  /**
   * `## April 2017` → `## May 2017`: the period `findPeriodText` finds in the
   * line, in the form written (`formatPeriodLike`: the month name's case —
   * `APRIL`, `april` or as capitalised —, abbreviated or not, or `2017-05`);
   * `April, 2017` loses its comma.
   */
  private withPeriod(text: string): string {
    const found = findPeriodText(text);
    if (!found) return text;
    const replacement = formatPeriodLike(text.slice(found.index, found.index + found.length), this.period);
    return text.slice(0, found.index) + replacement + text.slice(found.index + found.length);
  }

  /**
   * Writes the front matter the model read (`---` … `---` at the very start):
   * as written, or, when it is a YAML mapping with a scalar `period:`, with
   * that set to the new period through the `yaml` Document API (the value
   * keeps its quotes; comments and key order are kept). Invalid YAML and a
   * `period:` that is a list or mapping are written as they are.
   * @returns the 0-based line after it (0 without front matter).
   */
  private frontMatter(): number {
    const front = this.previous.model.frontMatter;
    if (!front) return 0;
    const lines = this.raw(front.range).split('\n');
    if (lines.length < 2) {
      this.block(lines.join('\n'));
      return lines.length;
    }
    const open = lines[0];
    const close = lines[lines.length - 1];
    const content = lines.slice(1, -1).map((l) => `${l}\n`).join('');
    const doc = parseYamlDocument(content);
    let written = content;
    if (doc.errors.length === 0 && isMap(doc.contents) && isScalar(doc.contents.get('period', true))) {
      doc.set('period', formatYearMonth(this.period));
      written = doc.toString(FRONT_MATTER_OUTPUT);
    }
    this.block(`${open}\n${written}${close}`);
    return lines.length;
  }

  /**
   * The label as the author worded it, without what follows its colon or an
   * aside; undefined when that is not one of `labels` (then the template's label is used).
   */
  private wording(section: Section, labels: string[]): string | undefined {
    const head = section.title.split(':')[0].replace(/[*_]/g, '').trim();
    if (head.includes('(')) return undefined;
    const known = new Set(labels.map(normalizeLabel));
    return known.has(normalizeLabel(head)) ? head : undefined;
  }

  // ---- teams -----------------------------------------------------------------

  private writeTeams(): void {
    for (const report of this.previous.model.sections) {
      for (const child of report.children) {
        if (child.kind === 'team') this.writeTeam(child, child.memberOf !== undefined);
        else if (child.kind === 'group') {
          this.block(this.raw(child.selectionRange));
          for (const t of child.children) if (t.kind === 'team') this.writeTeam(t, true);
        }
      }
    }
  }

  private writeTeam(team: Section, inGroup: boolean): void {
    this.teams++;
    this.block(this.raw(team.selectionRange));
    const subs = this.template.teamSubsections;
    const order = subs.map((s) => s.id);
    const present = team.children.filter((c) => c.kind === 'subsection' && c.templateId);
    const byId = (id: string) => present.filter((p) => p.templateId === id);
    const carry = carryOf(this.template);
    const source = carry ? byId(carry.from) : [];
    const target = carry ? byId(carry.to) : [];
    for (const entry of subs) {
      const own = byId(entry.id);
      if (own.length === 0 && !required(entry, inGroup)) continue;
      const rank = order.indexOf(entry.id);
      const neighbour = own[0] ?? [...present].reverse().find((p) => order.indexOf(p.templateId!) < rank) ?? present.find((p) => order.indexOf(p.templateId!) > rank);
      const style: LabelStyle = neighbour?.style ?? { form: 'heading', depth: Math.min((team.style.depth ?? 2) + 1, 6), bold: false, colon: true };
      const wording = own[0] ? this.wording(own[0], [entry.label, ...entry.aliases]) : undefined;
      this.block(formatLabel(wording ?? entry.label, style));
      if (carry && entry.id === carry.to) this.writeCarried(target, source);
      else if (carry && entry.id === carry.from) this.writeWbsLines(mergeWbs(wbsOf(source), wbsOf(target)));
      else this.writeWbsLines(mergeWbs(wbsOf(own), []));
    }
  }

  /** WBS element lines with nothing under them. */
  private writeWbsLines(elements: Section[]): void {
    for (const w of elements) this.block(this.wbsLine(w));
  }

  /**
   * A WBS element's line without last month's text: a paragraph `02C.03.02 - Association
   * Pipelines: started prototype (DM-4345).` → `02C.03.02 - Association Pipelines:` (no WBS name
   * holds a colon); a heading as written.
   */
  private wbsLine(w: Section): string {
    const line = this.raw(w.selectionRange);
    return w.style.form === 'paragraph' ? splitWbsParagraph(line).label : line;
  }

  /** This month's accomplishments: last month's planned items, under the WBS elements of both subsections. */
  private writeCarried(target: Section[], source: Section[]): void {
    const owned = this.carriedContent(source);
    const emit = (owner: Section) => {
      const c = owned.get(owner);
      if (c) this.units(c);
    };
    for (const s of source) {
      emit(s);
      for (const t of s.children) if (t.kind === 'topic') this.topic(t, owned);
    }
    for (const w of mergeWbs(wbsOf(target), wbsOf(source))) {
      this.block(this.wbsLine(w));
      // Last month's plans for the same WBS element (code), with their topic headings.
      for (const planned of wbsOf(source).filter((p) => p.wbs!.code === w.wbs!.code)) {
        emit(planned);
        for (const t of planned.children) if (t.kind === 'topic') this.topic(t, owned);
      }
    }
  }

  private topic(topic: Section, owned: Map<Section, Carried>): void {
    const c = owned.get(topic);
    this.block(this.raw(topic.selectionRange));
    if (c) this.units(c);
  }

  /** Writes carried units: consecutive items as one list, other blocks apart. */
  private units(c: Carried): void {
    let list: string[] = [];
    const flush = () => {
      if (list.length) this.block(list.join('\n'));
      list = [];
    };
    for (const u of c.units) {
      if (u.kind === 'item') {
        list.push(u.text);
        this.carried++;
      } else {
        flush();
        this.block(u.text);
      }
    }
    flush();
  }

  /**
   * The content of the carried subsections, by owner: the subsection itself,
   * a WBS element (not a bullet one) or a topic, whichever line comes last
   * before the content.
   */
  private carriedContent(sections: Section[]): Map<Section, Carried> {
    const owned = new Map<Section, Carried>();
    for (const sub of sections) {
      const markers = flatten(sub).filter((s) => !(s.kind === 'wbs' && s.wbs?.inBullet));
      const markerLines = new Set([sub, ...flatten(sub)].map((m) => m.selectionRange.start.line));
      const first = sub.selectionRange.start.line; // a label paragraph's own text is content
      const last = sub.range.end.line;
      const ownerAt = (line: number) => [...markers].reverse().find((m) => m.selectionRange.start.line <= line) ?? sub;
      const add = (line: number, unit: Carried['units'][number]) => {
        const owner = ownerAt(line);
        let c = owned.get(owner);
        if (!c) owned.set(owner, (c = { units: [] }));
        c.units.push(unit);
      };
      for (const n of this.nodes) {
        if (n.line < first || n.line > last) continue;
        if (n.node.type === 'heading') continue; // a WBS element, topic or label: written as a line
        if (n.node.type === 'list') {
          for (const item of n.itemSources!) {
            const text = checklistItem(item.source, item.column);
            if (text) add(item.line, { kind: 'item', text });
          }
          continue;
        }
        if (n.node.type === 'paragraph') {
          // A label or WBS paragraph: what follows the label on its line and on the paragraph's next lines is content.
          const marker = markerLines.has(n.line) ? [sub, ...flatten(sub)].find((m) => m.selectionRange.start.line === n.line) : undefined;
          const source = marker ? afterLabel(marker, n.source) : n.source;
          const text = source.trim();
          if (!text) continue; // a bare label, or a line of non-breaking spaces
          if (text.endsWith(':')) add(n.line, { kind: 'block', text: marker ? text : source });
          else add(n.line, { kind: 'item', text: `- [ ] ${text.split('\n').map((l, i) => (i === 0 ? l.trimStart() : `  ${l.trimStart()}`)).join('\n')}` });
          continue;
        }
        add(n.line, { kind: 'block', text: dedent(n.source, n.column) });
      }
    }
    return owned;
  }
}

/**
 * A WBS paragraph's first line split after its name: `02C.03.02 - Association Pipelines: continue.`
 * → label `02C.03.02 - Association Pipelines:` and rest `continue.` (a bold label keeps its closing
 * `**`); a line without text after a colon is all label.
 */
function splitWbsParagraph(line: string): { label: string; rest: string } {
  const code = /\b(?:1\.)?02C(?:\.\d+)+/.exec(line);
  if (!code) return { label: line, rest: '' };
  const after = code.index + code[0].length;
  const m = /^([^:]*:(?:\*\*|__)?)[ \t]+(\S.*)$/.exec(line.slice(after));
  return m ? { label: line.slice(0, after) + m[1], rest: m[2] } : { label: line, rest: '' };
}

/**
 * The content of a label or WBS paragraph (`source`, LF line breaks) after its label: the
 * subsection's `inlineContent` (`**Planned activities:** More ICD work.` → `More ICD work.`) or a
 * WBS line's text after its name, then the paragraph's further lines. '' when there is none.
 */
function afterLabel(marker: Section, source: string): string {
  const [first, ...more] = source.split('\n');
  const rest = marker.kind === 'wbs' ? splitWbsParagraph(first).rest : marker.kind === 'subsection' ? (marker.inlineContent ?? '') : '';
  return [rest, ...more].filter((l, i) => i > 0 || l.trim() !== '').join('\n');
}

/** Whether a team needs this subsection. */
function required(entry: TemplateSubsection, inGroup: boolean): boolean {
  return entry.requiredFor === 'all' || (entry.requiredFor === 'top-level' && !inGroup);
}

/** Every descendant section, in document order. */
function flatten(section: Section): Section[] {
  return section.children.flatMap((c) => [c, ...flatten(c)]);
}

/** The WBS elements (not bullet ones) of some subsections, in document order, each code once. */
function wbsOf(sections: Section[]): Section[] {
  const seen = new Set<string>();
  const out: Section[] = [];
  for (const s of sections) {
    for (const d of flatten(s)) {
      if (d.kind !== 'wbs' || !d.wbs || d.wbs.inBullet || seen.has(d.wbs.code)) continue;
      seen.add(d.wbs.code);
      out.push(d);
    }
  }
  return out;
}

/**
 * `base`, with the elements of `other` that `base` lacks (by WBS code), each
 * placed after the element that precedes it in `other` (or first when none does).
 */
export function mergeWbs(base: Section[], other: Section[]): Section[] {
  const out = [...base];
  let after = -1; // index in `out` of the last element of `other` seen
  for (const o of other) {
    const at = out.findIndex((s) => s.wbs!.code === o.wbs!.code);
    if (at >= 0) {
      after = at;
      continue;
    }
    out.splice(after + 1, 0, o);
    after++;
  }
  return out;
}

/**
 * A list item as a checklist item: `- item` / `1. item` / `- [ ] item` → `- [ ] item`, a done
 * `- [x] item` → `- [x] item`,
 * continuation lines and sub-items kept (dedented by the item's column).
 * @returns '' for an empty item.
 */
function checklistItem(source: string, column: number): string {
  const text = dedent(source, column);
  const m = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[([ xX])\])?(?:[ \t]+|$)/.exec(text);
  if (!m) return `- [ ] ${text}`;
  const body = text.slice(m[0].length);
  // A plan already done last month (`- [x] Close DM-11902.`) stays done: it is reported, not to do.
  return body.trim() ? `- [${m[1] === undefined || m[1] === ' ' ? ' ' : 'x'}] ${body}` : '';
}

/** Removes up to `column` leading spaces from every line but the first (which starts at the node). */
function dedent(source: string, column: number): string {
  if (column === 0) return source;
  const strip = new RegExp(`^ {0,${column}}`);
  return source
    .split('\n')
    .map((l, i) => (i === 0 ? l : l.replace(strip, '')))
    .join('\n');
}
