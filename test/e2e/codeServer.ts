/**
 * The end-to-end harness: one code-server (VS Code in the browser) with the packaged extension
 * installed, and one headless Debian chromium driven by playwright-core.
 *
 * Everything it starts lives under one temp directory (user data, extensions, XDG config, the
 * workspace, the browser profile) and is stopped by `stop()`: code-server by its own process group,
 * the browser through Playwright. code-server and Node 24 come from `test/e2e/setup.sh`, which
 * writes `.cache/code-server/env.json`.
 */
import { spawn, type ChildProcess, execFile } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');
/** The command of the test-only extension (test/e2e/host/extension.ts). */
export const HOST_TESTS_COMMAND = 'dmReportHostTests.run';

interface SetupEnv {
  node: string;
  codeServer: string;
  codeServerVersion: string;
  chromium: string;
}

/** User settings written before code-server starts. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'editor.hover.delay': 100,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  // Not what the scenarios test, and costly on a 2-core machine or in the way of the mouse:
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.stickyScroll.enabled': false,
  'editor.minimap.enabled': false,
};

const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const log = (...args: unknown[]): void => {
  console.log(`[e2e ${new Date().toISOString().slice(11, 19)}]`, ...args);
};

const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface Timings {
  [step: string]: number;
}

export class CodeServerSession {
  readonly tmp = mkdtempSync(join(tmpdir(), 'dm-report-e2e-'));
  readonly workspace = join(this.tmp, 'ws');
  readonly timings: Timings = {};
  page!: Page;
  private context?: BrowserContext;
  private server?: ChildProcess;
  private serverExited?: Promise<void>;
  private readonly env: SetupEnv;
  private readonly childEnv: NodeJS.ProcessEnv;
  private readonly logFile = join(this.tmp, 'code-server.log');
  private readonly onExit = (): void => this.killServer('SIGKILL');

  constructor() {
    const envFile = join(ROOT, '.cache', 'code-server', 'env.json');
    if (!existsSync(envFile)) throw new Error(`${envFile} is missing: run test/e2e/setup.sh first (npm run test:e2e does).`);
    this.env = JSON.parse(readFileSync(envFile, 'utf8')) as SetupEnv;
    for (const path of [this.env.node, this.env.codeServer, this.env.chromium]) {
      if (!existsSync(path)) throw new Error(`${path} is missing: run test/e2e/setup.sh.`);
    }
    mkdirSync(join(this.tmp, 'user', 'User'), { recursive: true });
    mkdirSync(join(this.tmp, 'extensions'));
    mkdirSync(join(this.tmp, 'xdg'));
    mkdirSync(this.workspace);
    writeFileSync(join(this.tmp, 'user', 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    // code-server runs on Node 24 (first on PATH for the processes it forks); XDG_CONFIG_HOME keeps
    // its config.yaml out of ~/.config.
    this.childEnv = {
      ...process.env,
      PATH: `${dirname(this.env.node)}:${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: join(this.tmp, 'xdg'),
    };
    process.on('exit', this.onExit);
    // Interrupted (Ctrl+C, or the test runner's timeout): code-server's group goes too.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        this.killServer('SIGKILL');
        process.exit(130);
      });
    }
  }

  private async timed<T>(step: string, fn: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
      return await fn();
    } finally {
      this.timings[step] = Date.now() - start;
      log(`${step}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
    }
  }

  /** Writes a workspace file. */
  writeFile(name: string, text: string): void {
    writeFileSync(join(this.workspace, name), text);
  }

  readFile(name: string): string {
    return readFileSync(join(this.workspace, name), 'utf8');
  }

  /** `npm run package`, install the .vsix, start code-server and open the workspace in chromium. */
  async start(): Promise<void> {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const vsix = join(ROOT, `dm-report-${version}.vsix`);
    await this.timed('package', () => run('npm', ['run', 'package'], { cwd: ROOT, maxBuffer: 16 << 20 }));
    if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);

    const hostTests = await this.timed('package-host-tests', () => this.packageHostTests());

    const dirs = ['--user-data-dir', join(this.tmp, 'user'), '--extensions-dir', join(this.tmp, 'extensions')];
    await this.timed('install-extensions', async () => {
      for (const file of [vsix, hostTests]) {
        const { stdout } = await run(this.env.node, [this.env.codeServer, ...dirs, '--install-extension', file], { env: this.childEnv });
        if (!/successfully installed/.test(stdout)) throw new Error(`code-server --install-extension ${file}: ${stdout}`);
      }
    });

    const port = await freePort();
    await this.timed('code-server-start', async () => {
      const out = openSync(this.logFile, 'a');
      const server = spawn(
        this.env.node,
        [
          this.env.codeServer,
          '--auth', 'none',
          '--bind-addr', `127.0.0.1:${port}`,
          ...dirs,
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-workspace-trust',
          '--disable-getting-started-override',
          this.workspace,
        ],
        // Its own process group, so that stop() ends code-server and everything it forked.
        { env: this.childEnv, detached: true, stdio: ['ignore', out, out] },
      );
      closeSync(out);
      this.server = server;
      this.serverExited = new Promise((done) => server.once('exit', () => done()));
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}): ${this.serverLog()}`);
        try {
          if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`code-server did not answer on port ${port}: ${this.serverLog()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    });

    await this.timed('browser-and-workbench', async () => {
      this.context = await chromium.launchPersistentContext(join(this.tmp, 'browser'), {
        executablePath: this.env.chromium,
        headless: true,
        viewport: { width: 1400, height: 1000 },
        args: BROWSER_ARGS,
      });
      this.page = this.context.pages()[0] ?? (await this.context.newPage());
      this.page.setDefaultTimeout(30_000);
      await this.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(this.workspace)}`);
      await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 120_000 });
    });
  }

  /**
   * Bundles the test-only extension of test/e2e/host (its command runs the extension-host suite)
   * and packages it with vsce into a .vsix of its own.
   */
  private async packageHostTests(): Promise<string> {
    const dir = join(this.tmp, 'host-tests');
    mkdirSync(dir);
    await build({
      entryPoints: [join(ROOT, 'test', 'e2e', 'host', 'extension.ts')],
      outfile: join(dir, 'extension.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      logLevel: 'warning',
    });
    const manifest = {
      name: 'dm-report-host-tests',
      displayName: 'DM Report extension-host tests',
      description: 'Test only: runs the extension-host suite against the installed DM Report extension.',
      publisher: 'dm-report',
      version: '0.0.1',
      license: 'MIT',
      engines: { vscode: '^1.91.0' },
      main: './extension.js',
      files: ['extension.js'],
      activationEvents: [`onCommand:${HOST_TESTS_COMMAND}`],
      contributes: { commands: [{ command: HOST_TESTS_COMMAND, title: 'Run Extension Host Tests', category: 'DM Report Tests' }] },
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    const out = join(this.tmp, 'dm-report-host-tests.vsix');
    const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    await run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], { cwd: dir });
    return out;
  }

  serverLog(): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }

  /** Signals code-server's process group (code-server and the processes it forked). */
  private killServer(signal: NodeJS.Signals): void {
    const pid = this.server?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** Stops the browser and code-server, keeps code-server's log as an artifact, removes the temp dir. */
  async stop(): Promise<void> {
    await this.context?.close().catch((e: unknown) => log('closing the browser:', e));
    if (this.server) {
      this.killServer('SIGTERM');
      await Promise.race([this.serverExited, new Promise((r) => setTimeout(r, 10_000))]);
      // Whatever code-server forked and did not end with it.
      this.killServer('SIGKILL');
    }
    process.off('exit', this.onExit);
    mkdirSync(ARTIFACTS, { recursive: true });
    if (existsSync(this.logFile)) copyFileSync(this.logFile, join(ARTIFACTS, 'code-server.log'));
    rmSync(this.tmp, { recursive: true, force: true });
  }
}
