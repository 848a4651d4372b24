/**
 * `npm run fuzz`: a differential fuzzer over the bundled language server (`dist/server.js
 * --stdio`, through test/protocol/lsp.ts's client; build first).
 *
 * Each sequence opens a seed (the reference report or a test/corpus report, whole or a run of
 * its lines) under its own URI, with the diagnostics debounce at 0, and sends random incremental
 * edits (./edits.ts), waiting for the diagnostics of every version. Every few edits it opens the
 * same text fresh under another URI and compares the two (./oracle.ts): diagnostics, document
 * symbols, `dmReport/structure`, document links, hovers and completions at a few positions, quick
 * fixes — all must be identical, and every range must lie inside the document. One check in
 * three also opens the text with its line breaks written another way (CRLF, CR or LF: the same
 * positions, so the same answers). In its own process it checks model/parse.ts' contract on the
 * same texts (block parse = whole-text parse).
 *
 * On a mismatch it prints the sequence's seed, its edits, and a minimal reproduction: the text
 * before the last change and after it, delta-minimised (lines, then characters) while the
 * mismatch stays; written to test-artifacts/fuzz/ as JSON (`--replay FILE` runs one again).
 *
 *   npm run fuzz -- --runs 2000 [--seed N] [--keep-going]   a long run (seeds N, N+1, …)
 *   npm run fuzz -- --server-only …                         without the in-process parse check
 *   npm run fuzz -- --short                                 300 sequences, seeds 1–300 (CI)
 *   npm run fuzz -- --replay test-artifacts/fuzz/seed-N.json
 *
 * Exit code 0 when no sequence found a mismatch, 1 otherwise, 2 for a usage error.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT, SAMPLE_PATH, TestClient } from '../protocol/lsp';
import { parseDocument, type ParsedDocument } from '../../server/src/model/parse';
import { applyEdit, lineStarts, Random, randomEdit, snap, type Edit } from './edits';
import { compare, parseMismatch, rangesOutside, ServerDocument, snapshot, type Mismatch, type Snapshot } from './oracle';

interface Options {
  runs: number;
  seed: number;
  keepGoing: boolean;
  /** Leave out the in-process parse check: only the server's answers are compared. */
  serverOnly: boolean;
  replay?: string;
  /** Edits per sequence: [min, max]. */
  steps: [number, number];
  /** Largest text an edit may grow (UTF-16 units). */
  maxLength: number;
}

const USAGE = 'usage: npm run fuzz -- [--short] [--runs N] [--seed N] [--keep-going] [--server-only] [--replay FILE]';

function parseArgs(args: string[]): Options {
  const o: Options = { runs: 2000, seed: Date.now() % 1_000_000, keepGoing: false, serverOnly: false, steps: [4, 14], maxLength: 120_000 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${a} takes a number\n${USAGE}`);
      return Number(v);
    };
    if (a === '--short') Object.assign(o, { runs: 300, seed: 1, steps: [3, 10], maxLength: 60_000 });
    else if (a === '--runs') o.runs = value();
    else if (a === '--seed') o.seed = value();
    else if (a === '--keep-going') o.keepGoing = true;
    else if (a === '--server-only') o.serverOnly = true;
    else if (a === '--replay') o.replay = args[++i];
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return o;
}

/** A seed text and the path it is opened at (relative: the path can carry the period, `2017-04.md`). */
interface Seed {
  name: string;
  path: string;
  text: string;
}

function loadSeeds(): Seed[] {
  const seeds: Seed[] = [{ name: 'samples/dm-monthly-report-2017-04.md', path: '2017-04.md', text: readFileSync(SAMPLE_PATH, 'utf8') }];
  const corpus = resolve(ROOT, 'test/corpus');
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  for (const file of walk(corpus).sort()) {
    if (!file.endsWith('.md') || file.endsWith('README.md')) continue;
    const rel = relative(corpus, file);
    seeds.push({ name: `test/corpus/${rel}`, path: rel.split('/').slice(1).join('/') || rel, text: readFileSync(file, 'utf8') });
  }
  return seeds;
}

/** Where a sequence starts: a whole seed, or a run of its lines. */
function startText(rng: Random, seed: Seed): string {
  if (rng.chance(0.25)) return seed.text;
  const starts = lineStarts(seed.text);
  const from = rng.int(starts.length);
  const to = Math.min(starts.length, from + rng.range(5, 200));
  return seed.text.slice(starts[from], to < starts.length ? starts[to] : seed.text.length);
}

/** A few positions to hover and complete at: on tickets, WBS codes, handles, headings and anywhere. */
function positionsOf(rng: Random, text: string, count: number): Position[] {
  const doc = TextDocument.create('x', 'markdown', 1, text);
  const offsets: number[] = [];
  const matches = [...text.matchAll(/[A-Z]{2,}-?\d+|02C[.\d]*|^#{1,6}\s|\[[^\]\n]*\]\(#\)|:$/gm)];
  for (let i = 0; i < count; i++) {
    const m = matches.length > 0 && rng.chance(0.7) ? rng.pick(matches) : undefined;
    offsets.push(snap(text, m ? m.index + rng.int(m[0].length + 1) : rng.int(text.length + 1)));
  }
  return offsets.map((o) => doc.positionAt(o));
}

/** A failure of one sequence: what differed, the edits that led there, and a minimal reproduction. */
interface Failure {
  seed: number;
  seedText: string;
  /** The path the documents were opened at (relative; it can carry the period). */
  path: string;
  sequence: { version: number; changes: Edit[] }[];
  mismatches: Mismatch[];
  /** The text before the last change and after it, minimised; undefined when the last change alone does not reproduce it. */
  reproduction?: { before: string; after: string; feature: string };
}

/** A running count of what was done, for the summary. */
const stats = { sequences: 0, edits: 0, checks: 0, stickyReport: 0, stickyCompared: 0, trials: 0 };

class Fuzzer {
  private n = 0;

  constructor(
    readonly client: TestClient,
    readonly dir: string,
  ) {}

  /** A fresh URI for `path` (in a directory of its own, so that the file name stays). */
  uri(path: string, tag: string): string {
    return pathToFileURL(join(this.dir, `${tag}${this.n++}`, path)).href;
  }

  /**
   * Compares `doc` (edited) with its text opened fresh, and checks the parse contract.
   * @param incremental the fuzzer's own block parse after the same edits.
   * @param lineBreaks the line break to compare the text written with too (`false`: none; default:
   *   one check in three, with a random line break).
   * @param report a report's text: when the fresh copy is no report but the edited one still is
   *   one, the diagnostics and quick fixes are compared with a copy opened with this text and
   *   then changed to the edited text in one change (a report stays one while open).
   */
  async check(doc: ServerDocument, path: string, rng: Random, incremental?: ParsedDocument, lineBreaks?: string | false, report?: string): Promise<Mismatch[]> {
    stats.checks++;
    const out: Mismatch[] = [];
    if (incremental) {
      const parse = parseMismatch(doc.text, incremental);
      if (parse) out.push(parse);
    }
    const fresh = new ServerDocument(this.client, this.uri(path, 'F'), doc.text);
    await fresh.open();
    const hovers = positionsOf(rng, doc.text, 5);
    const completions = positionsOf(rng, doc.text, 2);
    let sticky = false;
    try {
      const a = await snapshot(doc, hovers, completions, [fresh.uri]);
      const b = await snapshot(fresh, hovers, completions, [doc.uri]);
      const { mismatches, stickyReport } = compare(a.snapshot, b.snapshot);
      out.push(...mismatches);
      sticky = stickyReport;
      for (const [which, s] of [['edited', a.raw], ['fresh', b.raw]] as const) {
        const outside = rangesOutside(s, doc.text);
        if (outside.length > 0) out.push({ feature: 'ranges', detail: `${which}: ${outside.slice(0, 5).join('; ')}` });
      }
    } finally {
      await fresh.close();
    }
    if (sticky) out.push(...(await this.stillReport(doc, path, hovers, completions, report)));
    lineBreaks ??= rng.chance(1 / 3) && rng.pick(['\r\n', '\r', '\n']);
    if (lineBreaks) out.push(...(await this.lineBreakVariant(doc, path, rng, lineBreaks)));
    const errors = this.client.logMessages.filter((m) => m.type === 1);
    if (errors.length > 0) out.push({ feature: 'server error', detail: errors.map((m) => m.message).join('\n').slice(0, 2000) });
    return out;
  }

  /**
   * Every answer about `doc`, a report that stays one while open, against a copy that was a report
   * (opened with `report`) changed to the same text in one change; when `report` is none (no
   * diagnostics), the diagnostics and quick fixes go uncompared (counted).
   */
  async stillReport(doc: ServerDocument, path: string, hovers: Position[], completions: Position[], report: string | undefined): Promise<Mismatch[]> {
    const copy = report === undefined ? undefined : new ServerDocument(this.client, this.uri(path, 'S'), report);
    if (!copy) {
      stats.stickyReport++;
      return [];
    }
    await copy.open();
    try {
      if (copy.published?.diagnostics.length === 0) {
        stats.stickyReport++;
        return [];
      }
      stats.stickyCompared++;
      await copy.change([{ offset: 0, length: copy.text.length, text: doc.text }]);
      const a = (await snapshot(doc, hovers, completions, [copy.uri])).snapshot;
      const b = (await snapshot(copy, hovers, completions, [doc.uri])).snapshot;
      return compare(a, b).mismatches.map((m) => ({ ...m, feature: `${m.feature} (a report changed to the text)` }));
    } finally {
      await copy.close();
    }
  }

  /**
   * The same text with every line break written another way (CRLF, CR or LF) opened fresh: the
   * lines and characters of every position stay, so every answer must be the same, line breaks
   * in texts (a fix's new text) aside (ARCHITECTURE.md: line breaks do not change the findings).
   */
  async lineBreakVariant(doc: ServerDocument, path: string, rng: Random, eol: string): Promise<Mismatch[]> {
    const text = doc.text.replace(/\r\n|\r|\n/g, eol);
    if (text === doc.text) return [];
    const variant = new ServerDocument(this.client, this.uri(path, 'L'), text);
    await variant.open();
    try {
      const hovers = positionsOf(rng, doc.text, 3);
      const completions = positionsOf(rng, doc.text, 1);
      const breaks = (s: Snapshot) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.replace(/\\r\\n|\\r/g, '\\n')]));
      const a = breaks((await snapshot(doc, hovers, completions, [variant.uri])).snapshot);
      const b = breaks((await snapshot(variant, hovers, completions, [doc.uri])).snapshot);
      return compare(a, b).mismatches.map((m) => ({ ...m, feature: `${m.feature} (line breaks ${JSON.stringify(eol)})` }));
    } finally {
      await variant.close();
    }
  }

  /** One sequence from seed `seed`; undefined when every check passed. */
  async sequence(seed: number, seeds: Seed[], o: Options): Promise<Failure | undefined> {
    const rng = new Random(seed);
    const base = rng.pick(seeds);
    const doc = new ServerDocument(this.client, this.uri(base.path, 'E'), startText(rng, base));
    const sequence: Failure['sequence'] = [{ version: 1, changes: [{ offset: 0, length: 0, text: doc.text, kind: 'open' }] }];
    let parsed = parseDocument(doc.text);
    let before = doc.text;
    await doc.open();
    try {
      const steps = rng.range(o.steps[0], o.steps[1]);
      let untilCheck = rng.range(1, 4);
      for (let step = 0; step < steps; step++) {
        // Mostly one change per didChange; sometimes two or three (a multi-cursor edit, a replace-all).
        const changes: Edit[] = [];
        let text = doc.text;
        for (let k = rng.chance(0.15) ? rng.range(2, 3) : 1; k > 0; k--) {
          const e = randomEdit(rng, text, seeds.map((s) => s.text), o.maxLength);
          changes.push(e);
          text = applyEdit(text, e);
        }
        before = doc.text;
        await doc.change(changes);
        sequence.push({ version: doc.version, changes });
        stats.edits++;
        parsed = parseDocument(doc.text, parsed);
        if (--untilCheck === 0 || step === steps - 1) {
          untilCheck = rng.range(1, 5);
          const mismatches = await this.check(doc, base.path, rng, o.serverOnly ? undefined : parsed, undefined, base.text);
          if (mismatches.length > 0) {
            const failure: Failure = { seed, seedText: base.name, path: base.path, sequence, mismatches };
            failure.reproduction = await this.minimise(before, doc.text, base.path, mismatches[0].feature);
            return failure;
          }
        }
      }
    } finally {
      await doc.close();
      stats.sequences++;
      // The client keeps every message; a long run must not.
      this.client.diagnostics.splice(0);
      this.client.logMessages.splice(0);
      this.client.raw = '';
    }
    return undefined;
  }

  /**
   * Whether opening `before`, changing it to `after` in one didChange (the shortest change:
   * common prefix and suffix kept) and comparing with `after` opened fresh shows `feature` differ.
   */
  async reproduces(before: string, after: string, path: string, feature: string, show = false): Promise<boolean> {
    stats.trials++;
    // The parse contract is checked here, in this process: no server needed.
    if (feature.startsWith('parse')) return parseMismatch(after, parseDocument(after, parseDocument(before)))?.feature === feature;
    const doc = new ServerDocument(this.client, this.uri(path, 'R'), before);
    await doc.open();
    try {
      let p = 0;
      while (p < before.length && p < after.length && before[p] === after[p]) p++;
      let s = 0;
      while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
      const offset = snap(before, p);
      await doc.change([{ offset, length: before.length - s - offset, text: after.slice(offset, after.length - s) }]);
      if (doc.text !== after) throw new Error('reproduction: the change does not give the text');
      const eol = /\(line breaks ("[^"]*")\)$/.exec(feature);
      const mismatches = await this.check(doc, path, new Random(1), undefined, eol ? (JSON.parse(eol[1]) as string) : false, before);
      this.client.logMessages.splice(0);
      if (show) for (const m of mismatches) console.log(`  ${m.feature}: ${m.detail.slice(0, 1000)}`);
      return mismatches.some((m) => m.feature === feature);
    } finally {
      await doc.close();
    }
  }

  /**
   * A minimal pair (before, after) that still shows `feature` differ: the common prefix and
   * suffix and the changed middles are cut down by delta minimisation (whole lines first, then
   * characters), at most a few hundred trials.
   */
  async minimise(before: string, after: string, path: string, feature: string): Promise<Failure['reproduction']> {
    if (!(await this.reproduces(before, after, path, feature))) return undefined;
    let p = 0;
    while (p < before.length && p < after.length && before[p] === after[p]) p++;
    let s = 0;
    while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
    const parts = { prefix: before.slice(0, p), x: before.slice(p, before.length - s), y: after.slice(p, after.length - s), suffix: before.slice(before.length - s) };
    const budget = { trials: 400 };
    const holds = async (q: typeof parts) => budget.trials-- > 0 && (await this.reproduces(q.prefix + q.x + q.suffix, q.prefix + q.y + q.suffix, path, feature));
    for (const unit of ['line', 'char'] as const) {
      for (const key of ['prefix', 'suffix', 'x', 'y'] as const) {
        parts[key] = await ddmin(parts[key], unit, (candidate) => holds({ ...parts, [key]: candidate }));
      }
    }
    return { before: parts.prefix + parts.x + parts.suffix, after: parts.prefix + parts.y + parts.suffix, feature };
  }
}

/** Delta minimisation of `text` by lines (with their breaks) or UTF-16 units: a smaller text for which `holds` stays true. */
async function ddmin(text: string, unit: 'line' | 'char', holds: (candidate: string) => Promise<boolean>): Promise<string> {
  let items = unit === 'line' ? (text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? []) : [...text];
  let chunks = 2;
  while (items.length > 0) {
    const size = Math.ceil(items.length / chunks);
    let removed = false;
    for (let i = 0; i < items.length; i += size) {
      const candidate = [...items.slice(0, i), ...items.slice(i + size)];
      if (await holds(candidate.join(''))) {
        items = candidate;
        chunks = Math.max(chunks - 1, 2);
        removed = true;
        break;
      }
    }
    if (!removed) {
      if (size === 1) break;
      chunks = Math.min(items.length, chunks * 2);
    }
  }
  return items.join('');
}

/** Prints a failure and writes it to test-artifacts/fuzz/seed-N.json. */
function report(f: Failure): void {
  const dir = resolve(ROOT, 'test-artifacts/fuzz');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `seed-${f.seed}.json`);
  writeFileSync(file, JSON.stringify(f, null, 2) + '\n');
  const lines = [
    `MISMATCH in sequence seed ${f.seed} (from ${f.seedText}; run it again: npm run fuzz -- --seed ${f.seed} --runs 1)`,
    ...f.mismatches.map((m) => `  ${m.feature}: ${m.detail.slice(0, 600)}`),
    `  edits (version: [offset, length, kind, text]):`,
    ...f.sequence.slice(1).map((s) => `    v${s.version}: ${s.changes.map((c) => JSON.stringify([c.offset, c.length, c.kind, c.text.length > 80 ? `${c.text.slice(0, 80)}…(${c.text.length})` : c.text])).join(' ')}`),
    !f.reproduction
      ? '  the last change alone does not reproduce it: replay the whole sequence'
      : f.reproduction.before === f.reproduction.after
        ? `  minimal reproduction (${f.reproduction.feature}): open ${JSON.stringify(f.reproduction.after)} (no edit needed)`
        : `  minimal reproduction (${f.reproduction.feature}): open ${JSON.stringify(f.reproduction.before)}, change it to ${JSON.stringify(f.reproduction.after)}, compare with the latter opened fresh`,
    `  written to ${relative(ROOT, file)}`,
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dm-report-fuzz-'));
  const client = new TestClient({
    configuration: false,
    root: dir,
    initializationOptions: { settings: { diagnostics: { debounceMs: 0 } } },
    env: { DM_REPORT_CACHE_DIR: join(dir, '.cache'), DM_REPORT_JIRA_TOKEN: '' },
  });
  const started = Date.now();
  let failures = 0;
  const byFeature = new Map<string, number>();
  try {
    await client.initialize();
    const fuzzer = new Fuzzer(client, dir);
    if (o.replay) {
      const f = JSON.parse(readFileSync(o.replay, 'utf8')) as Failure;
      if (!f.reproduction) throw new Error(`${o.replay} has no minimal reproduction: run its seed (--seed ${f.seed} --runs 1)`);
      const again = await fuzzer.reproduces(f.reproduction.before, f.reproduction.after, f.path, f.reproduction.feature, true);
      console.log(again ? `reproduced: ${f.reproduction.feature} differs` : 'not reproduced: fixed');
      return again ? 1 : 0;
    }
    const seeds = loadSeeds();
    console.log(`fuzz: ${o.runs} sequences from seed ${o.seed}, ${seeds.length} seed texts, server ${relative(ROOT, resolve(ROOT, 'dist/server.js'))}`);
    for (let i = 0; i < o.runs; i++) {
      const failure = await fuzzer.sequence(o.seed + i, seeds, o);
      if (failure) {
        failures++;
        for (const m of new Set(failure.mismatches.map((x) => x.feature))) byFeature.set(m, (byFeature.get(m) ?? 0) + 1);
        report(failure);
        if (!o.keepGoing) break;
      }
      if ((i + 1) % 100 === 0) console.log(`  ${i + 1} sequences, ${stats.edits} edits, ${stats.checks} checks, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await client.shutdown();
  } finally {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz: ${stats.sequences} sequences, ${stats.edits} edits, ${stats.checks} comparisons (where the fresh copy is no report but the edited one stays one: ` +
      `${stats.stickyCompared} with a report changed to the text, ${stats.stickyReport} without diagnostics), ` +
      `${stats.trials} minimisation trials, ${failures} failing, ${seconds} s`,
  );
  if (byFeature.size > 0) console.log(`fuzz: failing sequences by feature: ${[...byFeature].map(([f, k]) => `${f} ${k}`).join(', ')}`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
