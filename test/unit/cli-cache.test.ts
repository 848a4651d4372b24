/**
 * `dm-report check --cache` (server/src/cli/cache.ts), in-process on files in memory: an
 * unchanged file is not analysed again and gives the same bytes; a change to the file, the
 * `.dmreport.yaml`, the export file, a front matter's template file or the tool's build
 * analyses again exactly the files concerned; a corrupt, unreadable or unwritable cache is a
 * warning and never changes the result; `--fix` refreshes a fixed file's entries.
 * How many times the engine analysed a text is counted by a workspace whose engines count.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliOptions } from '../../server/src/cli.ts';
import { Workspace } from '../../server/src/engine/workspace.ts';
import { ReportEngine } from '../../server/src/engine/engine.ts';
import type { Host } from '../../server/src/host/host.ts';
import { NodeHost } from '../../server/src/host/node.ts';
import { memoryHost } from '../support/cli.ts';
import { REFERENCE_TEXT } from '../support/reference.ts';

const REPORT = '# Data Management Monthly Report\n\n## April 2017\n\nSee [DM-1](#) and DM10221.\n';

/** A run of the CLI with counted analyses. */
interface CountedRun {
  code: number;
  out: string;
  err: string;
  /** The documents the engines analysed, by file name (fix-all's rounds count as their file). */
  analysed: string[];
}

/** Runs `dm-report ARGS` on `host`, counting what the engines analyse. */
function run(host: Host, args: string[], options: Partial<CliOptions> = {}): CountedRun {
  const analysed: string[] = [];
  const workspace = new Workspace({
    host,
    createEngine: (config, settings) => {
      const engine = new ReportEngine(settings, { host }, config);
      const analyze = engine.analyze.bind(engine);
      engine.analyze = (uri, text, version) => {
        analysed.push(uri.replace(/^.*\//, '').replace(/#.*$/, ''));
        return analyze(uri, text, version);
      };
      return engine;
    },
  });
  const { code, out, err } = main(args, { host, workspace, ...options });
  return { code, out, err, analysed };
}

function folder() {
  return memoryHost({ 'a.md': REPORT, 'b.md': REPORT.replace('DM-1', 'DM-2'), 'c.md': REFERENCE_TEXT });
}

test('an unchanged file is not analysed again: the same bytes, text and JSON; a changed file alone is', () => {
  const host = folder();
  const cold = run(host, ['check', '--cache', 'a.md', 'b.md', 'c.md']);
  assert.deepEqual(cold.analysed, ['a.md', 'b.md', 'c.md']);
  assert.equal(cold.err, '');
  const uncached = run(folder(), ['check', 'a.md', 'b.md', 'c.md']);
  assert.deepEqual({ ...cold, analysed: [] }, { ...uncached, analysed: [] });
  assert.ok(host.get('/ws/.dmreport-cache'));

  const warm = run(host, ['check', '--cache', 'a.md', 'b.md', 'c.md']);
  assert.deepEqual(warm, { ...cold, analysed: [] });
  // JSON: a mode of its own? No: the same check, another format; its bytes are those of a run without cache.
  const json = run(host, ['check', '--cache', '--format', 'json', 'a.md', 'b.md', 'c.md']);
  assert.deepEqual(json.analysed, []);
  assert.equal(json.out, run(folder(), ['check', '--format', 'json', 'a.md', 'b.md', 'c.md']).out);

  host.set('/ws/b.md', REPORT.replace('DM10221', 'DM-10221'));
  const changed = run(host, ['check', '--cache', 'a.md', 'b.md', 'c.md']);
  assert.deepEqual(changed.analysed, ['b.md']);
  assert.deepEqual({ ...changed, analysed: [] }, { ...run(host, ['check', 'a.md', 'b.md', 'c.md']), analysed: [] });
  assert.notEqual(changed.out, cold.out);
  // A file moved to another name is another entry.
  host.set('/ws/d.md', REPORT);
  assert.deepEqual(run(host, ['check', '--cache', 'd.md', 'a.md']).analysed, ['d.md']);
});

test('the engine inputs are in the key: .dmreport.yaml, the export file, a front matter template file; and the tool build', () => {
  const host = folder();
  host.set('/ws/.dmreport.yaml', 'tickets:\n  exportFile: tickets.json\n');
  host.set('/ws/tickets.json', '[{"key": "DM-1", "summary": "One"}]\n');
  host.set('/ws/t.md', '---\ntemplate: {path: ours.yaml}\n---\n' + REPORT);
  const files = ['a.md', 't.md'];
  assert.deepEqual(run(host, ['check', '--cache', ...files]).analysed, ['a.md', 't.md']);
  assert.deepEqual(run(host, ['check', '--cache', ...files]).analysed, []);

  host.set('/ws/.dmreport.yaml', 'tickets:\n  exportFile: tickets.json\n  keys: [DM]\n');
  assert.deepEqual(run(host, ['check', '--cache', ...files]).analysed, ['a.md', 't.md']);
  host.set('/ws/tickets.json', '[{"key": "DM-1", "summary": "Renamed"}]\n');
  assert.deepEqual(run(host, ['check', '--cache', ...files]).analysed, ['a.md', 't.md']);
  assert.deepEqual(run(host, ['check', '--cache', ...files]).analysed, []);

  // The front matter's template file did not exist; now it does: only t.md is analysed again, and says so.
  const before = run(host, ['check', '--cache', 't.md']);
  host.set('/ws/ours.yaml', 'name: ours\n');
  const after = run(host, ['check', '--cache', ...files]);
  assert.deepEqual(after.analysed, ['t.md']);
  assert.notEqual(after.out, before.out);
  assert.equal(after.out, run(host, ['check', ...files]).out);

  // Another build of the tool: every file again, once.
  assert.deepEqual(run(host, ['check', '--cache', ...files], { toolId: () => 'dm-report@next' }).analysed, ['a.md', 't.md']);
  assert.deepEqual(run(host, ['check', '--cache', ...files], { toolId: () => 'dm-report@next' }).analysed, []);
});

test('--cache-location: a file, or a directory to hold .dmreport-cache; without --cache it is a usage error', () => {
  const host = folder();
  run(host, ['check', '--cache', '--cache-location', 'caches/here.json', 'a.md']);
  assert.ok(host.get('/ws/caches/here.json'));
  run(host, ['check', '--cache', '--cache-location=caches/', 'a.md']);
  assert.ok(host.get('/ws/caches/.dmreport-cache'));
  assert.deepEqual(run(host, ['check', '--cache', '--cache-location', 'caches', 'a.md']).analysed, []);
  assert.equal(host.get('/ws/.dmreport-cache'), undefined);
  assert.deepEqual(run(host, ['check', '--cache-location', 'x', 'a.md']), { code: 2, out: '', err: 'dm-report: --cache-location needs --cache\n', analysed: [] });
});

test('a corrupt cache or one of another kind: a warning, the same result, a new cache', () => {
  const host = folder();
  const plain = run(folder(), ['check', 'a.md', 'b.md']);
  for (const [text, warning] of [
    ['{"format": 1, "tool": "x", "entr', 'is not valid JSON; it is started anew'],
    ['[1, 2, 3]', 'is not a dm-report cache; it is started anew'],
    ['{"entries": null}', 'is not a dm-report cache; it is started anew'],
  ]) {
    host.set('/ws/.dmreport-cache', text);
    const r = run(host, ['check', '--cache', 'a.md', 'b.md']);
    assert.deepEqual(r, { ...plain, err: `dm-report: warning: cache /ws/.dmreport-cache ${warning}\n`, analysed: ['a.md', 'b.md'] });
    assert.deepEqual(run(host, ['check', '--cache', 'a.md', 'b.md']), { ...plain, analysed: [] });
  }
  // Entries that are not what they should be are not used (and not trusted).
  const cache = JSON.parse(host.get('/ws/.dmreport-cache')!) as { entries: Record<string, { outcome: unknown }> };
  for (const entry of Object.values(cache.entries)) entry.outcome = { diagnostics: 'none' };
  host.set('/ws/.dmreport-cache', JSON.stringify(cache));
  assert.deepEqual(run(host, ['check', '--cache', 'a.md', 'b.md']), { ...plain, analysed: ['a.md', 'b.md'] });
});

let dir: string | undefined;
after(() => dir && rmSync(dir, { recursive: true, force: true }));

test('a cache that cannot be read or written (real file system): warnings, the result and exit code unchanged', () => {
  dir = mkdtempSync(join(tmpdir(), 'dm-report-cli-cache-'));
  writeFileSync(join(dir, 'a.md'), REPORT);
  const host = new NodeHost({ cwd: dir });
  const plain = run(host, ['check', 'a.md']);
  assert.equal(plain.code, 1);
  // Below a regular file: nothing can be read or written there (not even by root).
  const below = join(dir, 'a.md', 'cache');
  assert.deepEqual(run(host, ['check', '--cache', '--cache-location', 'a.md/cache', 'a.md']), {
    ...plain,
    err: `dm-report: warning: cache ${below} cannot be read (ENOTDIR); checking without it\ndm-report: warning: cache ${below} cannot be written (EEXIST); results not cached\n`,
  });
});

test('--fix with --cache: a fixed file gets the entries of its new text (check and fix: nothing analysed next time)', () => {
  const host = folder();
  const fixed = run(host, ['check', '--fix', '--cache', 'a.md', 'c.md']);
  // a.md is too short to look like a report: not fixed, and said so from the cache too.
  assert.equal(fixed.err, 'dm-report: a.md: not fixed: it does not look like a DM report\ndm-report: c.md: fixed 69 problems (61 placeholder-link, 7 heading-level, 1 malformed-ticket)\n');
  const fresh = run(host, ['check', 'a.md', 'c.md']);
  assert.deepEqual(run(host, ['check', '--cache', 'a.md', 'c.md']), { ...fresh, analysed: [] });
  const again = run(host, ['check', '--fix', '--cache', '--format', 'json', 'a.md', 'c.md']);
  assert.deepEqual(again.analysed, []);
  assert.equal(again.err, 'dm-report: a.md: not fixed: it does not look like a DM report\n');
  const uncachedAgain = run(host, ['check', '--fix', '--format', 'json', 'a.md', 'c.md']);
  assert.deepEqual({ ...again, analysed: [] }, { ...uncachedAgain, analysed: [] });
});

test('standard input is never cached', () => {
  const host = folder();
  const stdin = () => Buffer.from(REPORT);
  assert.deepEqual(run(host, ['check', '--cache', '-'], { stdin }).analysed, ['stdin.md']);
  assert.deepEqual(run(host, ['check', '--cache', '-'], { stdin }).analysed, ['stdin.md']);
});
