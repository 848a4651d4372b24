/**
 * The extension-host suite (./suite.ts) in desktop VS Code, through @vscode/test-electron, on a
 * machine that can download VS Code (this one cannot: it stops at once with ENOTFOUND; there the
 * same suite runs inside code-server, in test/e2e/e2e.test.ts).
 *
 *   node --import tsx test/e2e/host/electron.ts
 *
 * Builds dist/ (the extension under development is the repository itself), bundles ./index.ts,
 * opens a temp workspace holding a copy of the reference report.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'dm-report-vscode-'));
  try {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    const suite = join(tmp, 'suite', 'index.js');
    await build({
      entryPoints: [join(ROOT, 'test', 'e2e', 'host', 'index.ts')],
      outfile: suite,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      logLevel: 'warning',
    });
    const workspace = join(tmp, 'ws');
    mkdirSync(workspace);
    copyFileSync(join(ROOT, 'samples', 'dm-monthly-report-2017-04.md'), join(workspace, 'report.md'));
    await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(tmp, 'user')],
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
