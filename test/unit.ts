/**
 * Runs every test/unit/*.test.ts in this one process, each file as a suite of
 * its own (named by the file; its `before`/`after` hooks stay with its tests).
 * `npm test` runs the unit tests this way: a Node process, tsx and the server's
 * modules per file cost more than most unit tests themselves (about 15 s against
 * 30 s on two cores). The unit tests are written for it: no test changes the
 * environment, the current directory or another module's state.
 * `npm run test:unit` still runs each file in a process of its own.
 *
 *   node --import tsx --test test/unit.ts
 */
import { describe } from 'node:test';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('./unit/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .sort();
if (files.length === 0) throw new Error(`no unit test files in ${dir}`);

for (const file of files) {
  describe(`unit/${file}`, async () => {
    await import(pathToFileURL(`${dir}${file}`).href);
  });
}
