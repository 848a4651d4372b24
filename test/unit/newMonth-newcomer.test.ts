/**
 * `dm-report new` and the server's `dmReport.server.newMonth` on the shapes a newcomer
 * tried (notes: findings 6, 7, 15, 16): plans written on the label's own line, WBS
 * paragraph lines that carry last month's text, the file name, a period that is not
 * after the previous one, done items, an appendix, a period heading not understood,
 * and the heading levels of the new month. The CLI runs in-process on a MemoryHost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { memoryHost, runCli } from '../support/cli.ts';
import { Workspace } from '../../server/src/engine/workspace.ts';
import { newMonthCommand } from '../../server/src/lsp/commands.ts';
import type { NewMonthResult } from '../../server/src/protocol.ts';

/** `dm-report new --from FILE ARGS…` in a MemoryHost holding `files` (cwd /ws). */
function runNew(files: Record<string, string>, from: string, ...args: string[]) {
  return runCli(['new', '--from', from, ...args], { host: memoryHost(files) });
}

const NOVEMBER_2015 = `LSST Data Management Monthly Report
November 2015

# Project Status

The W16 cycle planning is complete.

# Risk Management

No changes this month.

# Detailed Project Progress and Status

## DM Project Management and Control

**Current accomplishments:**
Closed the FY15 books.

**Planned activities:**
Start the FY16 re-plan.

## DM System Engineering

**Current accomplishments:** ICD work with Camera (LSE-68).

**Planned activities:** More ICD work.

## University of Washington

**Current accomplishments:**

02C.03.02 - Association Pipelines: started prototype (DM-4345).

02C.03.04 - Image Differencing Pipeline: no activity.

**Planned activities:**

02C.03.02 - Association Pipelines: continue.

**Recruitment update:**

N/A
`;

test('finding 6: plans on the label\'s own line are carried as checklist items; accomplishments never; the paragraph title is kept', () => {
  const r = runNew({ '2015-11.md': NOVEMBER_2015 }, '2015-11.md');
  assert.deepEqual([r.code, r.err], [0, '']);
  assert.equal(
    r.out,
    `LSST Data Management Monthly Report
December 2015

# Project Status

# Risk Management

# Detailed Project Progress and Status

## DM Project Management and Control

**Current accomplishments:**

- [ ] Start the FY16 re-plan.

**Planned activities:**

## DM System Engineering

**Current accomplishments:**

- [ ] More ICD work.

**Planned activities:**

## University of Washington

**Current accomplishments:**

02C.03.02 - Association Pipelines:

- [ ] continue.

02C.03.04 - Image Differencing Pipeline:

**Planned activities:**

02C.03.02 - Association Pipelines:

02C.03.04 - Image Differencing Pipeline:

**Recruitment update:**
`,
  );
  const written = runNew({ '2015-11.md': NOVEMBER_2015 }, '2015-11.md', '-o', '2015-12.md');
  assert.equal(written.out, 'Wrote 2015-12.md: 2015-12, 3 teams, 3 planned items carried into this month\'s accomplishments\n');
});

test('finding 6: dm-monthly-2019 — `Plans: …` on the label\'s line becomes this month\'s Progress item', () => {
  const report = `---
template: dm-monthly-2019
---

# DM monthly report, November 2022

## High-level Summary

Data Preview 0.3 planning continued.

## Technical Progress

### Middleware

Progress: the butler client/server prototype was deployed (DM-36512).

Plans: scale the prototype to 500 concurrent users.
`;
  const r = runNew({ '2022-11.md': report }, '2022-11.md');
  assert.deepEqual([r.code, r.err], [0, '']);
  assert.equal(
    r.out.slice(r.out.indexOf('### Middleware')),
    `### Middleware

Progress:

- [ ] scale the prototype to 500 concurrent users.

Plans:
`,
  );
});

// ---- finding 15: the server's file name and its notes ------------------------------------------------

/** `dmReport.server.newMonth [uri, period?]` in-process on files read from a MemoryHost. */
function serverNewMonth(files: Record<string, string>, path: string, period?: string): Promise<NewMonthResult> {
  const host = memoryHost(files);
  const workspace = new Workspace({ host });
  const uri = pathToFileURL(`/ws/${path}`).href;
  return newMonthCommand(period === undefined ? [uri] : [uri, period], { host, analysisOf: () => Promise.resolve(undefined), engineOf: (u) => workspace.engineFor(u) });
}

const SHORT = (heading: string) => `# Data Management Monthly Report

## ${heading}

## High-level Summary

Good month.

## University of Washington

### Current accomplishments

Work.

### Planned activities

More.

### Recruitment update

None.
`;

test('finding 15: the file name follows the previous file\'s, never is its own; a period not after the previous one is noted as the CLI notes it', async () => {
  const pick = (r: NewMonthResult) => [r.period, r.fileName, r.notes];
  // `2017-05.md` whose heading says April: May, but not in the previous file itself.
  assert.deepEqual(pick(await serverNewMonth({ '2017-05.md': SHORT('April 2017') }, '2017-05.md')), [
    '2017-05',
    '2017-05-new.md',
    ['2017-05.md is the previous report\'s own file name: the new report is named 2017-05-new.md'],
  ]);
  // Named like the previous file, whatever the heading says.
  assert.deepEqual(pick(await serverNewMonth({ '2017/September.md': SHORT('Sept. 2017') }, '2017/September.md')), ['2017-10', 'October.md', undefined]);
  assert.deepEqual(pick(await serverNewMonth({ '2017/December.md': SHORT('December 2017') }, '2017/December.md')), ['2018-01', '../2018/January.md', undefined]);
  assert.deepEqual(pick(await serverNewMonth({ 'dm-2017-04.md': SHORT('April 2017') }, 'dm-2017-04.md')), ['2017-05', 'dm-2017-05.md', undefined]);
  assert.deepEqual(pick(await serverNewMonth({ 'notes.md': SHORT('April 2017') }, 'notes.md')), ['2017-05', '2017-05.md', undefined]);
  // A period that is not after the previous report's: the CLI's note, here in `notes`.
  const may = { '2017-05.md': SHORT('May 2017') };
  assert.deepEqual(pick(await serverNewMonth(may, '2017-05.md', '2017-05')), [
    '2017-05',
    '2017-05-new.md',
    ["2017-05 is not after the previous report's period (2017-05)", '2017-05.md is the previous report\'s own file name: the new report is named 2017-05-new.md'],
  ]);
  assert.deepEqual(pick(await serverNewMonth(may, '2017-05.md', '1999-01')), ['1999-01', '1999-01.md', ["1999-01 is not after the previous report's period (2017-05)"]]);
  assert.equal(runNew(may, '2017-05.md', '--period', '1999-01').err, "dm-report: note: 1999-01 is not after the previous report's period (2017-05)\n");
});

// ---- finding 16: done plans, an appendix, a period heading not understood --------------------------

test('finding 16: a done plan is carried done; an appendix keeps its acronyms table; a period heading it cannot read is kept', () => {
  const report = `# Data Management Monthly Report

## 2017 July

## High-level Summary

Summary text.

## Risk Management

Nothing new.

## Detailed Project Progress and Status

### University of Washington

#### Current accomplishments

Work.

#### Planned activities

- [x] Close DM-11902.
- [ ] More work.

#### Recruitment update

None.

# Appendix

## Acronyms

| Acronym | Meaning |
|---------|---------|
| DM | Data Management |
`;
  const r = runNew({ '2017-07.md': report }, '2017-07.md');
  assert.deepEqual([r.code, r.err], [0, '']);
  assert.equal(
    r.out,
    `# Data Management Monthly Report

## 2017 July

## High-level Summary

## Risk Management

## Detailed Project Progress and Status

### University of Washington

#### Current accomplishments

- [x] Close DM-11902.
- [ ] More work.

#### Planned activities

#### Recruitment update

# Appendix

## Acronyms

| Acronym | Meaning |
|---------|---------|
| DM | Data Management |
`,
  );
});
