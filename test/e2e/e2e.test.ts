/**
 * End-to-end scenarios in real VS Code: the packaged .vsix installed into code-server, the
 * workbench driven in headless chromium as a user drives it (Explorer clicks, Ctrl+G, mouse hover,
 * Ctrl+., the Source Action menu, typing, the Command Palette and its input boxes, the Output
 * view), each scenario asserting what is on screen and saving a screenshot to
 * test-artifacts/e2e/<scenario>.png.
 *
 * Run with `npm run test:e2e` (test/e2e/setup.sh first installs chromium and code-server).
 * One code-server serves every scenario; they run in order, each on its own copy of the
 * reference report. Line numbers are computed from the report's text and asserted against what
 * the status bar and the gutter show. What fix-all and New Month's Report should produce, and the
 * problem of an invalid `.dmreport.yaml`, come from the bundled CLI (`dist/cli.js`) run in this
 * process; the Jira of `config-and-jira` is test/support/jiraServer.ts on 127.0.0.1.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, CodeServerSession, log, ROOT } from './codeServer';
import { Workbench } from './workbench';
import { issueFields, MockJira } from '../support/jiraServer';

const REFERENCE = readFileSync(join(ROOT, 'samples', 'dm-monthly-report-2017-04.md'), 'utf8');
const LINES = REFERENCE.split('\n');

/** 1-based number of the first line containing `needle`, after line `after`. */
function lineOf(needle: string, after = 0): number {
  const index = LINES.findIndex((l, i) => i >= after && l.includes(needle));
  if (index < 0) throw new Error(`${needle} is not in the reference report`);
  return index + 1;
}

/** The reference report without lines `from`..`to` (1-based, inclusive), checking what they hold. */
function without(from: number, expected: string[]): string {
  assert.deepEqual(LINES.slice(from - 1, from - 1 + expected.length), expected);
  return [...LINES.slice(0, from - 1), ...LINES.slice(from - 1 + expected.length)].join('\n');
}

const UW = lineOf('## University of Washington');
const UW_PLANNED = lineOf('#### Planned activities:', UW);
const SLAC = lineOf('## SLAC / Stanford University');
const SLAC_CURRENT = lineOf('### Current accomplishments:', SLAC);
const SLAC_PLANNED = lineOf('#### Planned activities:', SLAC);
const PRINCETON = lineOf('## **Princeton University and University of California, Davis**');

/** An LSP diagnostic as `dm-report check --format json` prints it (0-based range, numeric severity). */
interface CliDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  message: string;
}

/**
 * Runs the bundled CLI (`node dist/cli.js ARGS`, built by the session's `npm run package`) in
 * the test process: the expected values of the scenarios come from the same engine.
 */
function cli(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/**
 * `dm-report check --format json [--fix] FILE`: each file's diagnostics (and fixes applied with --fix).
 * `status`: the exit code expected (2 when a `.dmreport.yaml` is invalid); by default 0 or 1.
 */
function cliCheck(file: string, fix = false, status?: number): { file: string; diagnostics: CliDiagnostic[]; fixed?: number }[] {
  const r = cli(['check', '--format', 'json', ...(fix ? ['--fix'] : []), file]);
  if (status === undefined) assert.ok(r.status === 0 || r.status === 1, `dm-report check exited with ${r.status}: ${r.stderr}`);
  else assert.equal(r.status, status, `dm-report check exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { file: string; diagnostics: CliDiagnostic[]; fixed?: number }[];
}

/** The aria-label of the status bar's problems item for these diagnostics, as VS Code writes it (zero counts left out). */
function problemsLabel(diagnostics: CliDiagnostic[]): string {
  const count = (severity: number) => diagnostics.filter((d) => d.severity === severity).length;
  const parts = [['Errors', count(1)], ['Warnings', count(2)], ['Infos', count(3)]].filter(([, n]) => n).map(([what, n]) => `${what}: ${n}`);
  return parts.length ? parts.join(', ') : 'No Problems';
}

/** A Problems-panel row's text for a diagnostic: message, source, code, 1-based position. */
function problemRow(d: CliDiagnostic): string {
  return `${d.message} dm-report ${d.code} [Ln ${d.range.start.line + 1}, Col ${d.range.start.character + 1}]`;
}

/** Polls `check` every 200 ms until it holds; fails with `what` after `timeout` milliseconds. */
async function until(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeout} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const session = new CodeServerSession();
let wb: Workbench;
const started = Date.now();
const durations: Record<string, number> = {};

before(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  session.writeFile('report.md', REFERENCE);
  // UW without its `#### Planned activities:` heading (and the blank line after it).
  session.writeFile('quickfix.md', without(UW_PLANNED, ['#### Planned activities:', '']));
  // SLAC without its `#### Planned activities:` heading: a different team, so that the Problems
  // panel tells the two copies' missing-section diagnostics apart.
  session.writeFile('structure.md', without(SLAC_PLANNED, ['#### Planned activities:', '']));
  session.writeFile('completion.md', REFERENCE);
  session.writeFile('snippet.md', '');
  session.writeFile('fixall.md', REFERENCE);
  await session.start();
  wb = new Workbench(session.page);
}, { timeout: 300_000 });

after(async () => {
  await session.stop();
  const total = Date.now() - started;
  const summary = { ...session.timings, ...durations, total };
  writeFileSync(join(ARTIFACTS, 'timings.json'), JSON.stringify(summary, null, 2) + '\n');
  log('timings (ms):', JSON.stringify(summary));
  log(`total ${(total / 1000).toFixed(1)} s; screenshots in ${ARTIFACTS}`);
}, { timeout: 60_000 });

/** A scenario: its screenshot is taken by `body` at the moment of proof, or on failure. */
function scenario(name: string, body: () => Promise<void>, timeout = 120_000): void {
  test(name, { timeout }, async () => {
    const start = Date.now();
    try {
      await body();
    } catch (error) {
      await wb?.screenshot(name).catch(() => undefined);
      log(`${name} failed; code-server log tail:\n${session.serverLog().slice(-1500)}`);
      throw error;
    } finally {
      durations[name] = Date.now() - start;
    }
  });
}

scenario('hover-ticket', async () => {
  await wb.openFile('report.md');
  const line = lineOf('misalignment (DM-10441)');
  await wb.goTo(line, LINES[line - 1].indexOf('DM-10441') + 3);
  // The first hovers may come before the extension has activated: retried for up to 2 minutes.
  const text = await wb.hoverUntil(wb.token('DM-10441'), 'https://rubinobs.atlassian.net/browse/DM-10441', 120_000);
  assert.match(text, /^DM-10441\b/);
  assert.match(text, /Cited 1 time in this report\./);
  await wb.screenshot('hover-ticket');
  await wb.dismissHover();
}, 180_000);

scenario('hover-document', async () => {
  await wb.openFile('report.md');
  const line = lineOf('[LDM-151](#)');
  await wb.goTo(line, LINES[line - 1].indexOf('LDM-151') + 3);
  const text = await wb.hoverUntil(wb.token('LDM-151'), 'Data Management Science Pipelines Design');
  assert.match(text, /LDM-151 — Data Management Science Pipelines Design/);
  await wb.screenshot('hover-document');
  await wb.dismissHover();
});

scenario('hover-wbs', async () => {
  await wb.openFile('report.md');
  const line = lineOf('02C.03.01 - Single Frame Processing Pipelines', UW);
  await wb.goTo(line, 3);
  const text = await wb.hoverUntil(wb.token('02C.03.01'), 'WBS 02C.03.01');
  assert.match(text, /WBS 02C\.03\.01 — Single Frame Processing/);
  await wb.screenshot('hover-wbs');
  await wb.dismissHover();
});

scenario('token-scope', async () => {
  await wb.openFile('report.md');
  const line = lineOf('misalignment (DM-10441)');
  await wb.goTo(line, LINES[line - 1].indexOf('DM-10441') + 3);
  await wb.runCommand('Developer: Inspect Editor Tokens and Scopes');
  const inspector = wb.page.locator('.token-inspect-widget');
  await inspector.filter({ hasText: 'constant.other.reference.ticket.dm-report' }).waitFor({ timeout: 15_000 });
  const text = await inspector.innerText();
  assert.match(text, /^DM-10441\b/, 'the inspected token is the whole ticket');
  await wb.screenshot('token-scope');
  await wb.page.keyboard.press('Escape');
  await inspector.waitFor({ state: 'hidden', timeout: 10_000 });
});

scenario('problems', async () => {
  await wb.openFile('report.md');
  const status = wb.page.locator('#status\\.problems');
  await wb.page.locator('#status\\.problems[aria-label="Errors: 1, Warnings: 74, Infos: 2"]').waitFor({ timeout: 60_000 });
  await wb.runCommand('Problems: Focus on Problems View');
  const panel = wb.page.locator('.markers-panel');
  const fileRow = panel.locator('.monaco-list-row[aria-label^="77 problems in file report.md"]');
  await fileRow.waitFor({ timeout: 15_000 });
  assert.equal((await fileRow.innerText()).replace(/\s+/g, ' ').trim(), 'report.md 77');
  const tab = wb.page.locator('.panel .composite-bar .action-item', { hasText: 'Problems' });
  assert.match((await tab.innerText()).replace(/\s+/g, ' '), /Problems 77/);
  assert.equal(await status.getAttribute('aria-label'), 'Errors: 1, Warnings: 74, Infos: 2');

  // The error comes first in the list.
  const rows = panel.locator('.monaco-list-row');
  const first = (await rows.nth(1).innerText()).replace(/\s+/g, ' ').trim();
  assert.equal(first, 'Malformed ticket "DM10221": Jira keys are written DM-10221. dm-report malformed-ticket [Ln 297, Col 278]');
  await wb.screenshot('problems');

  // A few exact messages, found with the panel's filter as a user would.
  const filter = wb.page.locator('.panel input[aria-label="Filter Problems"]');
  const expectRows = async (query: string, expected: string[]) => {
    await filter.fill(query);
    await wb.page.locator('.panel').getByText(`Showing ${expected.length} of 77`).waitFor({ timeout: 10_000 });
    // (a row's text: the message, the source, the code, the position)
    await rows.filter({ hasText: expected[0].split(' dm-report ')[0] }).first().waitFor({ timeout: 10_000 });
    const labels = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    for (const message of expected) assert.ok(labels.some((l) => l.startsWith(message)), `${message} in ${JSON.stringify(labels)}`);
  };
  await expectRows('DM10221', [
    'Malformed ticket "DM10221": Jira keys are written DM-10221. dm-report malformed-ticket [Ln 297, Col 278]',
    'Placeholder link "DM10221" points nowhere ("#"); it could link to https://rubinobs.atlassian.net/browse/DM-10221. dm-report placeholder-link [Ln 297, Col 277]',
  ]);
  await expectRows('SOR-019', [
    'Placeholder link "SOR-019" points nowhere ("#"). dm-report placeholder-link [Ln 148, Col 148]',
    'Unknown document series "SOR" in SOR-019; did you mean SQR-019 (LSST Verification Framework API Demonstration)? dm-report unknown-document [Ln 148, Col 149]',
  ]);
  await expectRows('LSE-299', [
    'LSE-299 is not in the document catalog (the catalog is incomplete; check that the handle is right). dm-report unknown-document [Ln 812, Col 753]',
    'LSE-299 is not in the document catalog (the catalog is incomplete; check that the handle is right). dm-report unknown-document [Ln 844, Col 153]',
  ]);
  await wb.screenshot('problems-filtered');
  await filter.fill('');
  await wb.runCommand('View: Hide Panel');
});

scenario('outline', async () => {
  await wb.openFile('report.md');
  // Room for the Outline: the file list and the Report Structure are folded away.
  await wb.setSection('Explorer Section', false);
  await wb.setSection('Report Structure', false);
  await wb.setSection('Outline', true);
  const outline = wb.section('Outline');
  const rows = outline.locator('.monaco-list-row');
  await rows.filter({ hasText: 'DM Report' }).first().waitFor({ timeout: 30_000 });
  await wb.sectionHeader('Outline').hover();
  await outline.locator('.pane-header .action-label[aria-label^="Collapse All"]').click();
  const expand = (label: string) => wb.expand(rows.filter({ hasText: label }).first());
  await expand('DM Report');
  await expand('Detailed Project Progress and Status');
  await expand('University of Washington');
  const labels = await rows.evaluateAll((es) => es.map((e) => `${e.getAttribute('aria-level')} ${e.getAttribute('aria-label')}`));
  const teams = labels.filter((l) => l.startsWith('3 ')).map((l) => l.slice(2));
  assert.deepEqual(teams, [
    'LSST Program Office (package)',
    'DM Science Quality and Reliability Engineering (SQuaRE) (class)',
    'University of Washington (class)',
    'Princeton University and University of California, Davis (class)',
    'IPAC / California Institute of Technology (class)',
    'SLAC / Stanford University (class)',
    'NCSA / University of Illinois (class)',
    'AURA (class)',
  ]);
  const uw = labels.indexOf('3 University of Washington (class)');
  assert.deepEqual(labels.slice(uw + 1, uw + 4), [
    '4 Current accomplishments (method)',
    '4 Planned activities (method)',
    '4 Recruitment update (method)',
  ]);
  assert.ok(labels.includes('2 High-level Summary/Status (module)') && labels.includes('2 Risk Management (module)'), JSON.stringify(labels));
  // A click on a symbol takes the editor there.
  await outline.locator('.monaco-list-row[aria-label="Planned activities (method)"]').click();
  await wb.waitForCursor(UW_PLANNED);
  assert.equal(await wb.screenLine(UW_PLANNED), '#### Planned activities:');
  await wb.screenshot('outline');
  await wb.setSection('Outline', false);
});

scenario('report-structure', async () => {
  await wb.openFile('structure.md');
  await wb.setSection('Explorer Section', false);
  await wb.setSection('Outline', false);
  await wb.setSection('Report Structure', true);
  const view = wb.section('Report Structure');
  const rows = view.locator('.monaco-list-row');
  const slac = rows.filter({ hasText: 'SLAC / Stanford University' }).first();
  await slac.waitFor({ timeout: 60_000 });
  assert.match((await slac.innerText()).replace(/\s+/g, ' '), /^SLAC \/ Stanford University\s*1 missing$/);
  // (a team with a missing section is shown expanded)
  await wb.expand(slac);
  const labels = await rows.evaluateAll((es) => es.map((e) => `${e.getAttribute('aria-level')} ${e.getAttribute('aria-label')}`));
  const at = labels.findIndex((l) => l.startsWith('1 Team "SLAC / Stanford University"'));
  const slacRows = labels.slice(at + 1, at + 4);
  assert.deepEqual(slacRows.map((l) => l.replace(/ \(line \d+\)$/, '')), [
    '2 Current accomplishments: present',
    '2 Planned activities: missing in SLAC / Stanford University',
    '2 Recruitment update: present',
  ]);
  // The report-level sections are present.
  for (const section of ['Report period', 'High-level Summary', 'Risk Management', 'Detailed Project Progress and Status']) {
    assert.ok(labels.some((l) => l.startsWith(`1 ${section}: present`)), `${section} present in ${JSON.stringify(labels)}`);
  }
  // A click on a present subsection reveals it in the editor.
  await view.locator(`.monaco-list-row[aria-label="Current accomplishments: present (line ${SLAC_CURRENT})"]`).click();
  await wb.waitForCursor(SLAC_CURRENT);
  assert.equal(await wb.screenLine(SLAC_CURRENT), '### Current accomplishments:');
  await wb.screenshot('report-structure');
  // A missing one reveals its team's heading.
  await view.locator('.monaco-list-row[aria-label^="Planned activities: missing"]').click();
  await wb.waitForCursor(SLAC);
  await wb.screenshot('report-structure-missing');
  await wb.setSection('Report Structure', false);
  await wb.setSection('Explorer Section', true);
});

scenario('quick-fix', async () => {
  await wb.openFile('quickfix.md');
  const message = '"University of Washington" has no "Planned activities" section.';
  await wb.runCommand('Problems: Focus on Problems View');
  const filter = wb.page.locator('.panel input[aria-label="Filter Problems"]');
  await filter.fill('University of Washington');
  const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: message });
  await problem.first().waitFor({ timeout: 60_000 });
  assert.equal((await problem.first().innerText()).replace(/\s+/g, ' ').trim(), `${message} dm-report missing-section [Ln ${UW}, Col 1]`);
  // Cursor on the diagnostic (the UW heading), Ctrl+., pick the fix.
  const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Insert "Planned activities" in "University of Washington"' });
  const deadline = Date.now() + 60_000;
  for (;;) {
    await wb.goTo(UW, 4);
    await wb.page.keyboard.press('Control+.');
    try {
      await fix.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await wb.page.keyboard.press('Escape');
    }
  }
  await wb.screenshot('quick-fix-menu');
  await fix.click();
  await problem.first().waitFor({ state: 'detached', timeout: 15_000 });
  // The label is back in its place: right above the planned `#### 02C.03.00` heading.
  await wb.goTo(UW_PLANNED);
  const lines = await wb.screenLines();
  const label = lines.find((l) => l.line === UW_PLANNED);
  assert.equal(label?.text, 'Planned activities:');
  const next = lines.find((l) => l.line > UW_PLANNED && l.text.trim() !== '');
  assert.equal(next?.text, '#### 02C.03.00 - Alert Production Management Engineering and Integration');
  assert.equal(lines.find((l) => l.line === UW_PLANNED + 1)?.text, '');
  await wb.screenshot('quick-fix');
  await filter.fill('');
  await wb.runCommand('View: Hide Panel');
});

scenario('completion', async () => {
  await wb.openFile('completion.md');
  // A new line inside Princeton's Current accomplishments, before its first WBS element.
  const blank = lineOf('Current accomplishments:', PRINCETON) + 1;
  assert.equal(LINES[blank - 1], '');
  await wb.goTo(blank);
  await wb.page.keyboard.press('Enter');
  await wb.waitForCursor(blank + 1, 1);
  await wb.page.keyboard.type('02C.04.', { delay: 40 });
  const item = wb.suggestions.and(wb.page.locator('[aria-label^="02C.04.05, Object Detection and Deblending"]'));
  try {
    await item.waitFor({ timeout: 15_000 });
  } catch {
    // The suggest widget opens on '.' once the server is up; a user would press Ctrl+Space.
    await wb.page.keyboard.press('Control+Space');
    await item.waitFor({ timeout: 30_000 });
  }
  assert.equal((await item.innerText()).replace(/\s+/g, ' ').trim(), '02C.04.05 Object Detection and Deblending');
  await wb.screenshot('completion');
  await item.click();
  await wb.page.locator('.editor-widget.suggest-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  assert.equal(await wb.screenLine(blank + 1), '02C.04.05 - Object Detection and Deblending');
  await wb.waitForCursor(blank + 1, '02C.04.05 - Object Detection and Deblending'.length + 1);
  await wb.screenshot('completion-accepted');
});

scenario('snippet', async () => {
  await wb.openFile('snippet.md');
  await wb.page.keyboard.type('dmreport', { delay: 40 });
  await wb.page.keyboard.press('Control+Space');
  const item = wb.suggestions.and(wb.page.locator('[aria-label^="dmreport, DM monthly report"]'));
  await item.waitFor({ timeout: 30_000 });
  await item.click();
  // The skeleton, placeholders showing their defaults; the first one (the period) selected.
  const snippets = JSON.parse(readFileSync(join(ROOT, 'snippets', 'dm-report.code-snippets'), 'utf8')) as Record<string, { body: string[] }>;
  const body = snippets['DM monthly report'].body;
  const defaults = new Map<string, string>();
  for (const m of body.join('\n').matchAll(/\$\{(\d+):([^}]*)\}/g)) defaults.set(m[1], m[2]);
  const expected = body.map((l) =>
    l.replace(/\$\{(\d+):([^}]*)\}/g, '$2').replace(/\$\{(\d+)\}/g, (_, n: string) => defaults.get(n) ?? '').replace('$0', ''),
  );
  await wb.waitForCursor(3, '## Month Year'.length + 1);
  const lines = await wb.screenLines();
  assert.ok(lines.length >= 20, `${lines.length} lines on screen`);
  assert.deepEqual(lines.map((l) => l.text), expected.slice(0, lines.length));
  assert.equal(lines[0].text, '# Data Management Monthly Report');
  assert.match((await wb.cursor()).text, /\(10 selected\)/, 'the "Month Year" placeholder is selected');
  await wb.screenshot('snippet');
});

scenario('fix-all', async () => {
  // What fix-all does, from the CLI on a temporary copy: the problems before, the number of safe
  // fixes (`--fix --format json` gives "fixed"), the problems and the text after.
  const dir = mkdtempSync(join(tmpdir(), 'dm-report-e2e-fixall-'));
  const copy = join(dir, 'fixall.md');
  writeFileSync(copy, REFERENCE);
  const before = cliCheck(copy)[0].diagnostics;
  const [after] = cliCheck(copy, true);
  const fixedText = readFileSync(copy, 'utf8');
  const fixedLines = fixedText.split('\n');
  rmSync(dir, { recursive: true, force: true });
  assert.ok(after.fixed && after.fixed > 0, `the CLI fixed ${after.fixed}`);
  const title = `Fix all safe DM Report problems (${after.fixed} fixes)`;
  // The DM10221 line: the same line after the fixes (they add no lines), with the ticket linked.
  const line = lineOf('[DM10221](#)');
  assert.equal(fixedLines.length, LINES.length);
  assert.ok(fixedLines[line - 1].includes('[DM-10221](https://rubinobs.atlassian.net/browse/DM-10221)'), fixedLines[line - 1]);

  // Only this report open, so that the status bar counts its problems alone.
  await wb.closeAllEditors();
  await wb.waitForProblems('No Problems');
  await wb.openFile('fixall.md');
  await wb.waitForProblems(problemsLabel(before));

  const action = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Fix all safe DM Report problems' });
  const deadline = Date.now() + 60_000;
  for (;;) {
    await wb.goTo(line, 1);
    await wb.runCommand('Source Action...');
    try {
      await action.first().waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await wb.page.keyboard.press('Escape');
    }
  }
  assert.equal(await action.count(), 1);
  assert.equal((await action.innerText()).replace(/\s+/g, ' ').trim(), title);
  await wb.screenshot('fix-all-menu');
  await action.click();
  await action.first().waitFor({ state: 'detached', timeout: 10_000 });

  await wb.waitForProblems(problemsLabel(after.diagnostics));
  // The whole text is what `check --fix` writes (code-server saves edited files after a second:
  // files.autoSave is afterDelay in the browser).
  await until(() => session.readFile('fixall.md') === fixedText, 'fixall.md saved as the CLI fixes it', 15_000);
  await wb.goTo(line, fixedLines[line - 1].indexOf('[DM-10221]') + 1);
  assert.equal(await wb.screenLine(line), fixedLines[line - 1]);
  await wb.screenshot('fix-all');
});

scenario('new-month', async () => {
  // The new report as the CLI makes it from the reference report, and how many items it carries.
  const reference = join(ROOT, 'samples', 'dm-monthly-report-2017-04.md');
  const printed = cli(['new', '--from', reference, '--period', '2017-05']);
  assert.equal(printed.status, 0, printed.stderr);
  const expected = printed.stdout.split('\n');
  const dir = mkdtempSync(join(tmpdir(), 'dm-report-e2e-new-'));
  const written = cli(['new', '--from', reference, '--period', '2017-05', '-o', join(dir, '2017-05.md')]);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(written.status, 0, written.stderr);
  const carried = /, (\d+) planned items? carried/.exec(written.stdout)?.[1];
  assert.ok(carried, written.stdout);

  await wb.openFile('report.md');
  const input = await wb.runCommandWithInput("DM Report: New Month's Report", "The new report's month (YYYY-MM)");
  assert.equal(await input.inputValue(), '2017-05');
  await wb.screenshot('new-month-input');
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.tab.active[aria-label^="2017-05.md"]').waitFor({ timeout: 30_000 });
  assert.equal(await wb.toast('New report 2017-05.md:'), `New report 2017-05.md: ${carried} planned items carried into Current accomplishments.`);
  assert.equal(session.readFile('2017-05.md'), printed.stdout);
  // The editor shows the new report from its first line.
  await wb.editor.locator('.view-line', { hasText: expected[0] }).first().waitFor({ timeout: 10_000 });
  const lines = await wb.screenLines();
  assert.ok(lines.length >= 20, `${lines.length} lines on screen`);
  assert.deepEqual(lines, expected.slice(0, lines.length).map((text, i) => ({ line: i + 1, text })));
  await wb.screenshot('new-month');
});

scenario('extension-host', async () => {
  // The vscode-API suite (test/e2e/host/suite.ts), run by the test-only extension's command.
  await wb.runCommand('DM Report Tests: Run Extension Host Tests');
  const toast = wb.page.locator('.notification-toast', { hasText: 'DM Report extension-host tests:' });
  await toast.waitFor({ timeout: 120_000 });
  const results = JSON.parse(session.readFile('host-tests.json')) as { name: string; ok: boolean; ms: number; error?: string }[];
  for (const r of results) log(`  ${r.ok ? 'ok' : 'FAILED'} ${r.name} (${r.ms} ms)${r.error ? `\n${r.error}` : ''}`);
  await wb.screenshot('extension-host');
  assert.equal(results.length, 7);
  assert.deepEqual(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`), []);
  assert.match(await toast.innerText(), /7 passed, 0 failed/);
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

// Last: it leaves a `.dmreport.yaml` (pointing at a Jira that is gone) in the workspace folder.
scenario('config-and-jira', async () => {
  // (a) An invalid .dmreport.yaml: its problem as the CLI reports it next to a copy of the report.
  const invalid = 'tickets:\n  keys: DM\n';
  const dir = mkdtempSync(join(tmpdir(), 'dm-report-e2e-config-'));
  writeFileSync(join(dir, 'report.md'), REFERENCE);
  writeFileSync(join(dir, '.dmreport.yaml'), invalid);
  const configEntries = cliCheck(join(dir, 'report.md'), false, 2).filter((e) => e.file.endsWith('.dmreport.yaml'));
  assert.equal(configEntries.length, 1);
  assert.equal(configEntries[0].diagnostics.length, 1);
  const problem = configEntries[0].diagnostics[0];
  assert.equal(problem.code, 'invalid-config');

  const mock = await MockJira.start();
  try {
    await wb.openFile('report.md');
    session.writeFile('.dmreport.yaml', invalid);
    await wb.runCommand('Problems: Focus on Problems View');
    const filter = wb.page.locator('.panel input[aria-label="Filter Problems"]');
    await filter.fill('invalid-config');
    const row = wb.page.locator('.markers-panel .monaco-list-row', { hasText: problem.message });
    await row.first().waitFor({ timeout: 60_000 });
    assert.equal((await row.first().innerText()).replace(/\s+/g, ' ').trim(), problemRow(problem));
    const fileRow = wb.page.locator('.markers-panel .monaco-list-row[aria-label*=".dmreport.yaml"]').first();
    assert.equal((await fileRow.innerText()).replace(/\s+/g, ' ').trim(), '.dmreport.yaml 1');
    await wb.screenshot('config-invalid');

    // (b) A valid one pointing at the mock Jira: the problem goes; without a token, Jira is off.
    mock.respond('DM-10441', {
      kind: 'issue',
      fields: issueFields({ summary: 'Mock Jira: jointcal misalignment in e2e', status: 'In Review', type: 'Story', assignee: 'Ada Tester' }),
    });
    const valid = `tickets:\n  jira:\n    baseUrl: ${mock.baseUrl}\n    timeoutMs: 1500\n`;
    writeFileSync(join(dir, '.dmreport.yaml'), valid);
    assert.deepEqual(cliCheck(join(dir, 'report.md')).filter((e) => e.file.endsWith('.dmreport.yaml')), []);
    session.writeFile('.dmreport.yaml', valid);
    await row.first().waitFor({ state: 'detached', timeout: 60_000 });
    await filter.fill('');
    await wb.runCommand('View: Hide Panel');

    const ticketLine = lineOf('misalignment (DM-10441)');
    const hoverTicket = async (expected: string) => {
      await wb.goTo(ticketLine, LINES[ticketLine - 1].indexOf('DM-10441') + 3);
      return wb.hoverUntil(wb.token('DM-10441'), expected, 120_000);
    };
    await hoverTicket('Live data off: no Jira token');
    await wb.dismissHover();
    assert.equal(mock.requests.length, 0, 'nothing is sent without a token');

    const token = `e2e-${randomBytes(12).toString('hex')}`;
    const input = await wb.runCommandWithInput('DM Report: Set Jira Token', 'personal access token');
    assert.equal(await input.getAttribute('type'), 'password');
    await wb.page.keyboard.type(token);
    await wb.screenshot('jira-token-input');
    await wb.page.keyboard.press('Enter');
    assert.equal(await wb.toast('Jira token stored'), 'DM Report: Jira token stored; the language server restarts to use it.');
    // The restarted server has the token: the hover shows the mock's answer.
    const text = await hoverTicket('Mock Jira: jointcal misalignment in e2e');
    assert.match(text, /^DM-10441 — Mock Jira: jointcal misalignment in e2e\n/);
    assert.match(text, /Status: In Review · Type: Story · Assignee: Ada Tester/);
    assert.match(text, /Live from Jira \(fetched /);
    await wb.screenshot('jira-hover');
    await wb.dismissHover();
    assert.ok(mock.requests.length >= 1);
    for (const r of mock.requests) {
      assert.deepEqual(
        { method: r.method, url: r.url, authorization: r.authorization },
        { method: 'GET', url: '/rest/api/2/issue/DM-10441?fields=summary,status,issuetype,assignee,parent', authorization: `Bearer ${token}` },
      );
    }

    // The token is in no log: the "DM Report" output channel on screen, and every log file.
    await wb.runCommandWithInput('Output: Show Output Channels...', 'DM Report');
    await wb.quickInput.locator('.monaco-list-row[aria-label="DM Report"]').first().click();
    const output = wb.page.locator('.part.panel .monaco-editor .view-lines');
    await output.filter({ hasText: /\S/ }).waitFor({ timeout: 15_000 });
    const shown = await output.innerText();
    assert.ok(!shown.includes(token), 'the token is not in the output channel');
    await wb.screenshot('jira-output');
    await wb.runCommand('View: Hide Panel');
    const logs = [...filesUnder(join(session.tmp, 'user', 'logs')), join(session.tmp, 'code-server.log')];
    const channelLogs = logs.filter((f) => f.endsWith('DM Report.log'));
    assert.ok(channelLogs.length >= 1 && channelLogs.every((f) => readFileSync(f, 'utf8').length > 0), JSON.stringify(logs));
    for (const file of logs) assert.ok(!readFileSync(file, 'utf8').includes(token), `the token is in ${file}`);

    // (c) Cleared: the server restarts without it, and Jira is off again.
    const asked = mock.requests.length;
    await wb.runCommand('DM Report: Clear Jira Token');
    assert.equal(await wb.toast('Jira token cleared'), 'DM Report: Jira token cleared.');
    await hoverTicket('Live data off: no Jira token');
    await wb.screenshot('jira-token-cleared');
    await wb.dismissHover();
    assert.equal(mock.requests.length, asked);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await mock.close();
  }
}, 240_000);
