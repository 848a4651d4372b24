/**
 * A test-only extension for code-server: its command "DM Report Tests: Run Extension Host Tests"
 * runs the extension-host suite (./suite.ts) against the installed DM Report extension and writes
 * the results to `host-tests.json` in the workspace folder, where test/e2e/e2e.test.ts reads them.
 * Bundled and packaged by the e2e harness; never part of the product's .vsix.
 */
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSuite } from './suite';

const RUN_COMMAND = 'dmReportHostTests.run'; // HOST_TESTS_COMMAND in ../codeServer.ts
const RESULTS_FILE = 'host-tests.json';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(RUN_COMMAND, async () => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      if (!folder) throw new Error('no workspace folder');
      const results = await runSuite();
      const failed = results.filter((r) => !r.ok).length;
      writeFileSync(join(folder, RESULTS_FILE), JSON.stringify(results, null, 2) + '\n');
      void vscode.window.showInformationMessage(`DM Report extension-host tests: ${results.length - failed} passed, ${failed} failed`);
    }),
  );
}

export function deactivate(): void {}
