/**
 * What `dm-report check` prints on standard output, one function per `--format`:
 *
 * - `text`: `file:line:col severity code message` (1-based line and column), then a summary line;
 * - `json`: `[{"file", "diagnostics": [LSP Diagnostic], "fixed"?}]`, 0-based LSP ranges;
 * - `sarif`: a SARIF 2.1.0 log (OASIS), one run, one result per diagnostic, `tool.driver.rules`
 *   from the registry of codes (../model/codes.ts), 1-based lines and columns in UTF-16 code
 *   units (LSP's), artifact URIs relative to the current directory (`%SRCROOT%`), for GitHub
 *   code scanning (`github/codeql-action/upload-sarif`);
 * - `github`: GitHub Actions workflow commands, one per diagnostic
 *   (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which the runner
 *   turns into annotations on the pull request.
 *
 * Pure functions of the results: the same results give the same bytes.
 */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { CODE_DEFINITIONS, RULES_DOC_URL } from '../model/codes';

/** The output formats of `check`, in the order the help lists them. */
export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

/** One output format of `check`. */
export type Format = (typeof FORMATS)[number];

/** One entry of the output: a file (as the output names it) and its diagnostics. */
export interface FileResult {
  /** The file as the output names it: as given, a found file's path, `<stdin>`, or a configuration or export file relative to the current directory. */
  file: string;
  diagnostics: Diagnostic[];
  /** With `--fix`: the number of fixes applied to this file. */
  fixed?: number;
}

const SEVERITY: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** `3 problems`, `1 problem`. */
export function plural(k: number, word: string): string {
  return `${k} ${word}${k === 1 ? '' : 's'}`;
}

/**
 * The output of `check` for its results in `format`.
 * @param cwd the current directory (absolute): SARIF's `%SRCROOT%`.
 * @param tool the tool's name and version, for SARIF's `tool.driver`.
 */
export function formatResults(format: Format, results: readonly FileResult[], cwd: string, tool: { version: string }): string {
  switch (format) {
    case 'json':
      return JSON.stringify(results.map(({ file, diagnostics, fixed }) => ({ file, diagnostics, ...(fixed !== undefined ? { fixed } : {}) })), null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(sarifLog(results, cwd, tool.version), null, 2) + '\n';
    case 'github':
      return results.flatMap((r) => r.diagnostics.map((d) => githubCommand(r.file, d))).join('');
    default:
      return textOutput(results);
  }
}

/** `file:line:col severity code message` lines and the summary line. */
function textOutput(results: readonly FileResult[]): string {
  const all = results.flatMap((r) => r.diagnostics);
  const lines = results.flatMap((r) =>
    r.diagnostics.map((d) => `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity ?? 1]} ${d.code} ${d.message}`),
  );
  const count = (s: DiagnosticSeverity) => all.filter((d) => d.severity === s).length;
  lines.push(
    `${plural(all.length, 'problem')} (${plural(count(DiagnosticSeverity.Error), 'error')}, ${plural(count(DiagnosticSeverity.Warning), 'warning')}, ` +
      `${count(DiagnosticSeverity.Information)} info, ${plural(count(DiagnosticSeverity.Hint), 'hint')}) in ${plural(results.length, 'file')}`,
  );
  return lines.join('\n') + '\n';
}

/** A diagnostic's message as plain text (LSP 3.18 allows Markdown content too; ours are strings). */
function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** SARIF's level of an LSP severity: error, warning, else note. */
function sarifLevel(severity: DiagnosticSeverity | undefined): 'error' | 'warning' | 'note' {
  return severity === DiagnosticSeverity.Error || severity === undefined ? 'error' : severity === DiagnosticSeverity.Warning ? 'warning' : 'note';
}

/** Markdown of the registry's descriptions as plain text: code spans without their backticks. */
function plainText(markdown: string): string {
  return markdown.replace(/(`+) ?(.*?) ?\1/g, '$2');
}

/**
 * An artifact location for an output name: relative to `%SRCROOT%` (the current directory) when
 * the name is relative, else an absolute `file:` URI; standard input is `<stdin>`, percent-encoded.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) return { uri: pathToFileURL(file).href };
  const uri = file
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return { uri, uriBaseId: '%SRCROOT%' };
}

/**
 * The SARIF 2.1.0 log of the results: one run of `dm-report`, every code of the registry as a
 * rule (`ruleIndex` into them), one result per diagnostic with a 1-based region whose end
 * column is the column after the last character (SARIF's convention, as LSP's exclusive end).
 */
export function sarifLog(results: readonly FileResult[], cwd: string, version: string): object {
  const ruleIndex = new Map<string, number>(CODE_DEFINITIONS.map((d, i) => [d.code, i]));
  const rules = CODE_DEFINITIONS.map((d) => ({
    id: d.code,
    name: d.code,
    shortDescription: { text: plainText(d.description), markdown: d.description },
    helpUri: d.href,
    defaultConfiguration: { level: sarifLevel(d.severity) },
  }));
  const base = pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dm-report',
            version,
            semanticVersion: version,
            informationUri: RULES_DOC_URL.replace(/\/blob\/.*$/, ''),
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: base } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((r) =>
          r.diagnostics.map((d) => {
            const code = String(d.code);
            const index = ruleIndex.get(code);
            return {
              ruleId: code,
              ...(index !== undefined ? { ruleIndex: index } : {}),
              level: sarifLevel(d.severity),
              message: { text: messageText(d) },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: artifactLocation(r.file),
                    region: {
                      startLine: d.range.start.line + 1,
                      startColumn: d.range.start.character + 1,
                      endLine: d.range.end.line + 1,
                      endColumn: d.range.end.character + 1,
                    },
                  },
                },
              ],
            };
          }),
        ),
      },
    ],
  };
}

/** A workflow command's message (data): `%`, CR and LF escaped, as GitHub's runner reads them. */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as data, and `:` and `,` too. */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One GitHub Actions annotation: `::error` (errors), `::warning` (warnings), `::notice` (info and
 * hints), with the file, the 1-based start line and column, the end line and the end column (the
 * column after the last character, as in SARIF), and the code as the title.
 */
export function githubCommand(file: string, d: Diagnostic): string {
  const command = d.severity === DiagnosticSeverity.Warning ? 'warning' : d.severity === DiagnosticSeverity.Error || d.severity === undefined ? 'error' : 'notice';
  const properties = [
    `file=${escapeGithubProperty(file)}`,
    `line=${d.range.start.line + 1}`,
    `col=${d.range.start.character + 1}`,
    `endLine=${d.range.end.line + 1}`,
    `endColumn=${d.range.end.character + 1}`,
    `title=${escapeGithubProperty(`dm-report ${String(d.code)}`)}`,
  ];
  return `::${command} ${properties.join(',')}::${escapeGithubData(messageText(d))}\n`;
}
