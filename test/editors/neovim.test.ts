/**
 * Neovim as a second real LSP client: runs test/neovim/dm_report_spec.lua in a
 * headless Neovim (Debian's 0.7.2 or later) against the bundled server, on a
 * scratch copy of the reference report. Build first (`node esbuild.mjs`).
 *
 *   node --import tsx --test test/editors/neovim.test.ts
 *
 * Neovim is required: without `nvim` on PATH the test fails (it does not skip).
 * `NVIM` names another nvim binary; `DM_REPORT_SERVER` another server build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, SAMPLE_TEXT, SERVER } from '../protocol/lsp';
import { referenceDiagnostics } from '../support/reference';

const NVIM = process.env.NVIM ?? 'nvim';
const SPEC = resolve(ROOT, 'test/neovim/dm_report_spec.lua');
const CHECKS = 6;

test('Neovim: diagnostics, hover, completion, code action, symbols and omnifunc through vim.lsp', (t) => {
  const version = spawnSync(NVIM, ['--version'], { encoding: 'utf8' });
  assert.ok(
    !version.error && version.status === 0,
    `${NVIM} cannot be run (${version.error?.message ?? `exit ${version.status}`}): install neovim: apt-get install -y neovim`,
  );
  assert.ok(existsSync(SERVER), `${SERVER} is missing: build it with node esbuild.mjs`);

  const dir = mkdtempSync(join(tmpdir(), 'dm-report-nvim-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'dm-monthly-report-2017-04.md');
  writeFileSync(file, SAMPLE_TEXT); // a fresh, writable copy (the sample itself is read-only)
  // Neovim's log (lsp.log), swap and state go to the scratch folder, not to ~.
  const xdg = Object.fromEntries(
    ['XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CONFIG_HOME'].map((name) => {
      const path = join(dir, name.toLowerCase());
      mkdirSync(path);
      return [name, path];
    }),
  );

  const run = spawnSync(NVIM, ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${SPEC}`], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      ...xdg,
      DM_REPORT_SERVER: SERVER,
      DM_REPORT_FILE: file,
      DM_REPORT_NODE: process.execPath,
      // How many diagnostics the server publishes for the reference: the snapshot's.
      DM_REPORT_DIAGNOSTICS: String(referenceDiagnostics().length),
    },
  });
  const lines = (run.stdout ?? '').split('\n').filter((l) => l.trim() !== '');
  const lspLog = join(xdg.XDG_CACHE_HOME, 'nvim', 'lsp.log');
  const report = [
    `${NVIM} exit ${run.status}${run.signal ? ` (signal ${run.signal})` : ''}${run.error ? ` (${run.error.message})` : ''}`,
    `${version.stdout.split('\n')[0]}`,
    '--- stdout', run.stdout,
    '--- stderr', run.stderr,
    ...(existsSync(lspLog) ? ['--- lsp.log', readFileSync(lspLog, 'utf8').slice(-4000)] : []),
  ].join('\n');
  assert.equal(run.status, 0, report);
  assert.equal(lines.at(-1), `${CHECKS} passed, 0 failed`, report);
  assert.equal(lines.filter((l) => l.startsWith('ok - ')).length, CHECKS, report);
});
