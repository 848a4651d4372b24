/**
 * Document symbols: the logical outline (report section → group → team →
 * subsection → WBS element → topic), for VS Code's Outline and breadcrumbs.
 * Built from the model, so it follows labels, not heading depth.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { ReportModel, Section } from '../model/types';
import type { ReportEngine } from '../engine/engine';
import { normalizeWbsName } from '../catalog/wbs';
import { formatYearMonth } from '../model/periods';

const KIND: Record<Section['kind'], SymbolKind> = {
  report: SymbolKind.Module,
  group: SymbolKind.Package,
  team: SymbolKind.Class,
  subsection: SymbolKind.Method,
  wbs: SymbolKind.Field,
  topic: SymbolKind.String,
};

function symbolName(s: Section): string {
  if (s.kind === 'wbs' && s.wbs) return s.wbs.name ? `${s.wbs.code} ${s.wbs.name}` : s.wbs.code;
  if (s.kind === 'subsection') {
    // `Recruitment update: N/A` → `Recruitment update` (the `N/A` is the symbol's detail).
    const rest = s.inlineContent;
    const label = rest && s.title.endsWith(rest) ? s.title.slice(0, -rest.length) : s.title;
    return label.trim().replace(/:\s*$/, '');
  }
  return s.title || '(untitled)';
}

function toSymbol(s: Section, engine: ReportEngine, model: ReportModel): DocumentSymbol {
  let detail: string | undefined;
  if (s.kind === 'wbs' && s.wbs) {
    const preferred = engine.wbs.preferredName(s.wbs.code, model.period);
    const same = preferred !== undefined && normalizeWbsName(preferred) === normalizeWbsName(s.wbs.name);
    detail = preferred === undefined ? 'not in the WBS catalog' : same ? undefined : preferred;
  } else if (s.kind === 'subsection' && s.inlineContent) {
    detail = s.inlineContent;
  }
  return {
    name: symbolName(s),
    detail,
    kind: KIND[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map((c) => toSymbol(c, engine, model)),
  };
}

/** The outline of a report: the title and period first, then the section tree. */
export function getDocumentSymbols(engine: ReportEngine, model: ReportModel): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  if (model.title) out.push({ name: model.title.text, kind: SymbolKind.File, range: model.title.range, selectionRange: model.title.range });
  if (model.period) {
    const p = model.period;
    out.push({ name: formatYearMonth(p), detail: 'report period', kind: SymbolKind.Event, range: p.range, selectionRange: p.range });
  }
  out.push(...model.sections.map((s) => toSymbol(s, engine, model)));
  return out;
}
