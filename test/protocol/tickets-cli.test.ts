/**
 * The CLI and tickets: it reads the export file (a bad one is an entry of its
 * own) and never contacts Jira, even with a base URL and a token.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './lsp';
import { MockJira } from '../support/jiraServer';

const tmp = mkdtempSync(join(tmpdir(), 'dm-report-cli-tickets-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('dm-report check: a bad export file is reported as its own entry; Jira is never asked', async () => {
  const jira = await MockJira.start();
  try {
    writeFileSync(join(tmp, '.dmreport.yaml'), `tickets:\n  exportFile: tickets.json\n  jira:\n    baseUrl: ${jira.baseUrl}\n`);
    writeFileSync(join(tmp, 'tickets.json'), '[\n  {"key": "DM-1", "summary": "One"},\n  {"key": "DM-AP-14"}\n]\n');
    writeFileSync(join(tmp, 'report.md'), '# Data Management Monthly Report\n\n## April 2017\n\nSee DM-1 and DM-2.\n');
    const run = spawnSync(process.execPath, [CLI, 'check', 'report.md', '--format', 'json'], {
      cwd: tmp,
      encoding: 'utf8',
      env: { ...process.env, DM_REPORT_JIRA_TOKEN: 'cli-token', DM_REPORT_CACHE_DIR: join(tmp, 'cache') },
    });
    const out = JSON.parse(run.stdout) as { file: string; diagnostics: { code: string; message: string; range: { start: { line: number } } }[] }[];
    assert.deepEqual(out.map((e) => e.file), ['tickets.json', 'report.md']);
    assert.deepEqual(
      out[0].diagnostics.map((d) => [d.range.start.line, d.code, d.message]),
      [[2, 'invalid-ticket-export', 'tickets.json: entry 2 has "DM-AP-14" as its key, not a Jira key like DM-10441; entry skipped.']],
    );
    assert.deepEqual(jira.requests, []);
    assert.equal(run.stderr, '');

    // Text output: the export file's line, and a missing export file goes on .dmreport.yaml's exportFile line.
    const text = spawnSync(process.execPath, [CLI, 'check', 'report.md'], { cwd: tmp, encoding: 'utf8' });
    assert.ok(text.stdout.includes('tickets.json:3:1 warning invalid-ticket-export tickets.json: entry 2 has "DM-AP-14"'), text.stdout);
    writeFileSync(join(tmp, '.dmreport.yaml'), 'tickets:\n  exportFile: missing.csv\n');
    const missing = spawnSync(process.execPath, [CLI, 'check', 'report.md'], { cwd: tmp, encoding: 'utf8' });
    assert.ok(
      missing.stdout.startsWith(
        '.dmreport.yaml:2:3 warning invalid-ticket-export Cannot read the ticket export file missing.csv (no such file); tickets.exportFile in .dmreport.yaml names it.\n',
      ),
      missing.stdout,
    );
    assert.equal(missing.status, 0);
  } finally {
    await jira.close();
  }
});
