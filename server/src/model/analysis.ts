/**
 * One analysed document version as the model sees it: the text, its parse, its
 * report model and the template it was built against. The engine's `Analysis`
 * adds the findings of the rules (../engine/engine.ts).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from './parse';
import type { ReportModel } from './types';
import type { ReportTemplate, TemplateChoice } from './template';

/** An analysed document version. Immutable once built. */
export interface AnalyzedDocument {
  uri: string;
  /** The template of this document: front matter, else `.dmreport.yaml`, else a built-in one by its opening or era, else the default. */
  template: ReportTemplate;
  /** How the template was chosen (see `TemplateChoice`). */
  templateChoice: TemplateChoice;
  /** The text document (0-based LSP positions ↔ UTF-16 offsets). */
  document: TextDocument;
  parsed: ParsedDocument;
  model: ReportModel;
}
