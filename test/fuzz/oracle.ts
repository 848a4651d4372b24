/**
 * The differential fuzzer's oracle (test/fuzz/fuzz.ts): what the bundled server answers about
 * one open document, and the comparison of an edited document with the same text opened fresh.
 *
 * A snapshot holds documentSymbol, `dmReport/structure`, documentLink, the diagnostics published
 * for the version, hovers and completions at given positions, and the quick fixes over the whole
 * document; every URI (and file path) of the document is written as `<doc>`, so that two URIs
 * compare. Besides equality, every range in every answer must lie inside the document (no line
 * past the end, no character past its line, none inside a surrogate pair).
 *
 * In the fuzzer's own process the same text is checked against model/parse.ts' contract: the
 * block parse after the same edits, and a fresh one, equal one whole-text parse node for node.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Nodes, RootContent } from 'mdast';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type Position,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TestClient } from '../protocol/lsp';
import { parseDocument, parseMarkdown, type ParsedDocument } from '../../server/src/model/parse';
import { StructureRequestMethod } from '../../server/src/protocol';
import { lineStarts } from './edits';

/** The answers of the server about one document version, URIs normalised, as JSON texts by feature. */
export type Snapshot = Record<string, string>;

/**
 * The features compared, in the order they are reported; `codeAction applied` is the text of the
 * document after each quick fix (what the author gets: in the line-break variant, a fix that
 * joined a CR and an LF shows there).
 */
export const FEATURES = ['diagnostics', 'documentSymbol', 'dmReport/structure', 'documentLink', 'hover', 'completion', 'codeAction', 'codeAction applied'] as const;

/** The text after each quick fix of `actions` (the edits of `uri`). */
function applied(actions: unknown, uri: string, text: string): string[] {
  const document = TextDocument.create(uri, 'markdown', 1, text);
  const list = Array.isArray(actions) ? (actions as { edit?: { changes?: Record<string, TextEdit[]> } }[]) : [];
  return list.map((a) => TextDocument.applyEdits(document, a.edit?.changes?.[uri] ?? []));
}

/** One document open in the server, with the text the fuzzer sent it. */
export class ServerDocument {
  version = 1;
  /** The diagnostics published for the current version (set by `open` and `change`). */
  published?: PublishDiagnosticsParams;

  constructor(
    readonly client: TestClient,
    readonly uri: string,
    public text: string,
  ) {}

  /** didOpen; resolves once the diagnostics of version 1 are published. */
  async open(): Promise<void> {
    const published = this.client.nextDiagnostics(this.uri, (p) => p.version === this.version, 30_000);
    await this.client.open(this.uri, this.text, this.version);
    this.published = await published;
  }

  /**
   * One didChange with incremental changes (each on the text the previous one left, as LSP
   * applies them); resolves once the diagnostics of the new version are published.
   */
  async change(changes: { offset: number; length: number; text: string }[]): Promise<void> {
    const version = ++this.version;
    const contentChanges = [];
    let text = this.text;
    for (const c of changes) {
      const doc = TextDocument.create(this.uri, 'markdown', version, text);
      contentChanges.push({ range: { start: doc.positionAt(c.offset), end: doc.positionAt(c.offset + c.length) }, text: c.text });
      text = text.slice(0, c.offset) + c.text + text.slice(c.offset + c.length);
    }
    this.text = text;
    const published = this.client.nextDiagnostics(this.uri, (p) => p.version === version, 30_000);
    await this.client.change(this.uri, version, contentChanges);
    this.published = await published;
  }

  async close(): Promise<void> {
    await this.client.close(this.uri);
  }
}

/** The directory of a `file:` URI, as it may appear in answers: the URI's and the path's spellings. */
function spellings(uri: string): string[] {
  const dirUri = uri.slice(0, uri.lastIndexOf('/'));
  const dirPath = fileURLToPath(dirUri);
  return [dirUri, pathToFileURL(dirPath).href, dirPath, encodeURIComponent(dirPath)];
}

/** JSON of `value` with the directories of `uris` written `<doc>`. */
function normalised(value: unknown, uris: readonly string[]): string {
  let json = JSON.stringify(value ?? null);
  for (const s of uris.flatMap(spellings)) json = json.split(JSON.stringify(s).slice(1, -1)).join('<doc>');
  return json;
}

/**
 * Asks the server everything the snapshot holds about `doc` at its current version.
 * @param hovers positions for hover requests; `completions` for completion requests.
 * @param others the URIs of the other copies open (a hover names the other reports citing a ticket).
 */
export async function snapshot(doc: ServerDocument, hovers: Position[], completions: Position[], others: string[]): Promise<{ snapshot: Snapshot; raw: Record<string, unknown> }> {
  const c = doc.client.connection;
  const textDocument = { uri: doc.uri };
  const end = TextDocument.create(doc.uri, 'markdown', 1, doc.text).positionAt(doc.text.length);
  const raw: Record<string, unknown> = {
    diagnostics: doc.published?.diagnostics,
    documentSymbol: await c.sendRequest(DocumentSymbolRequest.type, { textDocument }),
    'dmReport/structure': await c.sendRequest(StructureRequestMethod, { uri: doc.uri }),
    documentLink: await c.sendRequest(DocumentLinkRequest.type, { textDocument }),
    hover: await Promise.all(hovers.map(async (position) => [position, await c.sendRequest(HoverRequest.type, { textDocument, position })])),
    completion: await Promise.all(completions.map(async (position) => [position, await c.sendRequest(CompletionRequest.type, { textDocument, position })])),
    codeAction: await c.sendRequest(CodeActionRequest.type, { textDocument, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics: [] } }),
  };
  raw['codeAction applied'] = applied(raw.codeAction, doc.uri, doc.text);
  const snap: Snapshot = {};
  for (const f of FEATURES) snap[f] = normalised(raw[f], [doc.uri, ...others]);
  return { snapshot: snap, raw };
}

/** A difference between two snapshots, or a range outside the document. */
export interface Mismatch {
  feature: string;
  /** What differs, in a few words. */
  detail: string;
  edited?: string;
  fresh?: string;
}

/** The first difference between two JSON texts, with some context, for the report. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at character ${i}: edited …${a.slice(Math.max(0, i - 80), i + 80)}… fresh …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

/**
 * The features whose answers differ between the edited document and the fresh one. A fresh
 * copy that is no report (no diagnostics, no quick fixes) while the edited one still is one is
 * no mismatch: a document that was a report stays one while it is open (lsp/reports.ts).
 * @returns the mismatches, and whether diagnostics and quick fixes were left out for that reason.
 */
export function compare(edited: Snapshot, fresh: Snapshot): { mismatches: Mismatch[]; stickyReport: boolean } {
  const stickyReport = fresh.diagnostics === '[]' && edited.diagnostics !== '[]' && (fresh.codeAction === '[]' || fresh.codeAction === 'null');
  const mismatches: Mismatch[] = [];
  for (const f of FEATURES) {
    if (stickyReport && (f === 'diagnostics' || f.startsWith('codeAction'))) continue;
    if (edited[f] !== fresh[f]) mismatches.push({ feature: f, detail: firstDifference(edited[f], fresh[f]), edited: edited[f], fresh: fresh[f] });
  }
  return { mismatches, stickyReport };
}

/** Every range in `value` (any object with `start` and `end` positions) that is not inside `text`. */
export function rangesOutside(value: unknown, text: string): string[] {
  const starts = lineStarts(text);
  /** The length of a line without its line break. */
  const lineEnd = (line: number) => {
    if (line + 1 >= starts.length) return text.length - starts[line];
    let end = starts[line + 1];
    if (text[end - 1] === '\n') end--;
    if (text[end - 1] === '\r') end--;
    return end - starts[line];
  };
  const bad: string[] = [];
  const check = (p: Position): string | undefined => {
    if (!Number.isInteger(p.line) || p.line < 0 || p.line >= starts.length) return `line ${p.line} of ${starts.length}`;
    if (!Number.isInteger(p.character) || p.character < 0 || p.character > lineEnd(p.line)) return `character ${p.character} of ${lineEnd(p.line)} on line ${p.line}`;
    const offset = starts[p.line] + p.character;
    const before = text.charCodeAt(offset - 1);
    const after = text.charCodeAt(offset);
    if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return `inside a surrogate pair at ${p.line}:${p.character}`;
    return undefined;
  };
  const isPosition = (p: unknown): p is Position => typeof p === 'object' && p !== null && 'line' in p && 'character' in p;
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (isPosition(o.start) && isPosition(o.end)) {
        const problem = check(o.start) ?? check(o.end) ?? (o.start.line > o.end.line || (o.start.line === o.end.line && o.start.character > o.end.character) ? 'start after end' : undefined);
        if (problem) bad.push(`${path}: ${JSON.stringify({ start: o.start, end: o.end })}: ${problem}`);
        return;
      }
      for (const [k, x] of Object.entries(o)) walk(x, `${path}.${k}`);
    }
  };
  walk(value, '');
  return bad;
}

type Flat = (string | number)[];

/** Every mdast node, depth first, with its document position (block positions moved by the block's start). */
function flatten(nodes: readonly RootContent[], lineShift: number, offsetShift: number, out: Flat[]): Flat[] {
  const walk = (node: Nodes) => {
    const p = node.position!;
    out.push([node.type, p.start.line + lineShift, p.start.column, p.end.line + lineShift, p.end.column, p.start.offset! + offsetShift, p.end.offset! + offsetShift]);
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
  };
  for (const node of nodes) walk(node);
  return out;
}

/** The nodes of a block parse, as one list in document positions. */
export function flatDocument(doc: ParsedDocument): string {
  const out: Flat[] = [];
  for (const b of doc.blocks) flatten(b.block.nodes, b.startLine, b.startOffset, out);
  return JSON.stringify(out);
}

/**
 * model/parse.ts' contract on `text`: the block parse after the edits (`incremental`, the parse
 * of the previous version reused) and a fresh block parse both equal one whole-text parse.
 */
export function parseMismatch(text: string, incremental: ParsedDocument): Mismatch | undefined {
  const whole = JSON.stringify(flatten(parseMarkdown(text).children, 0, 0, []));
  const fresh = flatDocument(parseDocument(text));
  if (fresh !== whole) return { feature: 'parse (fresh)', detail: firstDifference(fresh, whole), edited: fresh, fresh: whole };
  const inc = flatDocument(incremental);
  if (inc !== whole) return { feature: 'parse (incremental)', detail: firstDifference(inc, whole), edited: inc, fresh: whole };
  return undefined;
}
