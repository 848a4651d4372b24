/**
 * The CLI and tickets, in-process on files in memory: it reads the export file
 * (a bad one is an entry of its own) and never contacts Jira, even with a base
 * URL configured. test/protocol/cli-e2e.test.ts runs the real process with a
 * token in its environment against the same mock Jira.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryHost, runCli } from '../support/cli.ts';
import { MockJira } from '../support/jiraServer.ts';

const REPORT = '# Data Management Monthly Report\n\n## April 2017\n\nSee DM-1 and DM-2.\n';
const EXPORT = '[\n  {"key": "DM-1", "summary": "One"},\n  {"key": "DM-AP-14"}\n]\n';

test('dm-report check: a bad export file is reported as its own entry; Jira is never asked', async () => {
  const jira = await MockJira.start();
  try {
    const host = memoryHost({
      '.dmreport.yaml': `tickets:\n  exportFile: tickets.json\n  jira:\n    baseUrl: ${jira.baseUrl}\n`,
      'tickets.json': EXPORT,
      'report.md': REPORT,
    });
    const run = runCli(['check', 'report.md', '--format', 'json'], { host });
    const out = JSON.parse(run.out) as { file: string; diagnostics: { code: string; message: string; range: { start: { line: number } } }[] }[];
    assert.deepEqual(out.map((e) => e.file), ['tickets.json', 'report.md']);
    assert.deepEqual(
      out[0].diagnostics.map((d) => [d.range.start.line, d.code, d.message]),
      [[2, 'invalid-ticket-export', 'tickets.json: entry 2 has "DM-AP-14" as its key, not a Jira key like DM-10441; entry skipped.']],
    );
    assert.deepEqual(jira.requests, []);
    assert.equal(run.err, '');

    // Text output: the export file's line, and a missing export file goes on .dmreport.yaml's exportFile line.
    const text = runCli(['check', 'report.md'], { host });
    assert.ok(text.out.includes('tickets.json:3:1 warning invalid-ticket-export tickets.json: entry 2 has "DM-AP-14"'), text.out);
    host.set('/ws/.dmreport.yaml', 'tickets:\n  exportFile: missing.csv\n');
    const missing = runCli(['check', 'report.md'], { host });
    assert.ok(
      missing.out.startsWith(
        '.dmreport.yaml:2:3 warning invalid-ticket-export Cannot read the ticket export file missing.csv (no such file); tickets.exportFile in .dmreport.yaml names it.\n',
      ),
      missing.out,
    );
    assert.equal(missing.code, 0);
    assert.deepEqual(jira.requests, []);
  } finally {
    await jira.close();
  }
});
