// Bundles the entry points into dist/: the VS Code extension (client), the language
// server (stdio or IPC), the command-line checker, the worker thread it starts for
// `check --jobs N` (dist/cli-worker.js, found beside dist/cli.js), and the parse worker
// the server and the checker start in worker threads (dist/parseWorker.js, next to them).
// Usage: node esbuild.mjs [--watch]
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/bin/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/bin/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/bin/cliWorker.ts'], outfile: 'dist/cli-worker.js' },
  { entryPoints: ['server/src/bin/parseWorker.ts'], outfile: 'dist/parseWorker.js' },
];

const watch = process.argv.includes('--watch');
for (const entry of entries) {
  const options = { ...common, ...entry };
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
