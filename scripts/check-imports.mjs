// Imports every module of server/src alone, each in a fresh Node process (through tsx),
// and fails when one throws at load: a module that works only when another entry point
// was imported first (an import cycle evaluated in the wrong order) is caught here.
// The entry points in server/src/bin/ start a server or run the CLI when imported, so they
// are not imported. Usage: node scripts/check-imports.mjs   (npm run check:imports)
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
const base = join(root, 'server/src');
function modules(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bin' ? [] : modules(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importAlone(path) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(path).href)});`], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ path, code, stderr }));
  });
}

const queue = modules(base).sort();
const failures = [];
const workers = Array.from({ length: Math.max(1, Math.min(4, availableParallelism())) }, async () => {
  while (queue.length) {
    const r = await importAlone(queue.shift());
    if (r.code !== 0) failures.push(r);
  }
});
const total = queue.length;
await Promise.all(workers);
for (const f of failures) console.error(`${relative(root, f.path)}: cannot be imported alone\n${f.stderr.trim()}\n`);
console.log(`${total - failures.length} of ${total} modules of server/src import alone in a fresh process`);
process.exitCode = failures.length ? 1 : 0;
