/**
 * ARCHITECTURE.md stays a true code map: every folder and every module of
 * server/src and client/src is named in it (a new file without a place in the
 * map fails here), and it names no module that does not exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAP = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path + '/', ...walk(path)] : [path];
  });
}

test('ARCHITECTURE.md names every folder and module of server/src and client/src', () => {
  const missing: string[] = [];
  for (const top of ['server/src', 'client/src']) {
    for (const path of walk(join(ROOT, top))) {
      const rel = relative(ROOT, path) + (path.endsWith('/') ? '/' : '');
      const named = path.endsWith('/') ? MAP.includes(`${rel.replace(/\/$/, '')}/`) || MAP.includes(`${basename(rel)}/`) : new RegExp(`[\`/]${basename(rel).replace('.', '\\.')}\``).test(MAP);
      if (!named) missing.push(rel);
    }
  }
  assert.deepEqual(missing, []);
});

test('every module ARCHITECTURE.md names in backquotes exists', () => {
  const files = new Set([...walk(join(ROOT, 'server/src')), ...walk(join(ROOT, 'client/src'))].map((p) => basename(p)));
  // Modules of the server and the client (tests and scripts are named by their own paths: `test/unit.ts`).
  const named = [...MAP.matchAll(/`((?:[\w/]+\/)?)(\w+\.ts)`/g)].filter((m) => !/^(test|scripts)\//.test(m[1])).map((m) => m[2]);
  assert.ok(named.length > 40, `${named.length} modules named`);
  assert.deepEqual(named.filter((n) => !files.has(n)), []);
});
