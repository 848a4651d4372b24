/**
 * Entry point of the extension-host suite for @vscode/test-electron (`extensionTestsPath`):
 * runs ./suite.ts in desktop VS Code and fails the run when a test fails.
 */
import { runSuite } from './suite';

export async function run(): Promise<void> {
  const results = await runSuite();
  for (const r of results) console.log(`${r.ok ? 'ok' : 'not ok'} - ${r.name} (${r.ms} ms)${r.error ? `\n${r.error}` : ''}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} extension-host test(s) failed`);
}
