// The mlock batch as a step keeps it (src/kernel/batchRuns.ts): runs of entries, turned back
// into the state's one entry a page unchanged, and grouped as lruAddDrain processes them.

import { describe, expect, it } from 'vitest';
import { entriesOf, entryCount, pushRun, runsOf, sameEntries } from '../../src/kernel/batchRuns.js';
import type { MlockBatchEntry } from '../../src/kernel/state.js';

const entries: MlockBatchEntry[] = [
  { page: 4, op: 'new' },
  { page: 5, op: 'new' },
  { page: 6, op: 'munlock' },
  { page: 7, op: 'munlock' },
  { page: 7, op: 'mlock' },
  { page: 9, op: 'mlock' },
  { page: 10, op: 'mlock' },
];

describe('batch runs', () => {
  it('group consecutive pages of one op, each page once a run', () => {
    expect(runsOf(entries)).toEqual([
      { first: 4, count: 2, op: 'new' },
      { first: 6, count: 2, op: 'munlock' },
      { first: 7, count: 1, op: 'mlock' },
      { first: 9, count: 2, op: 'mlock' },
    ]);
  });

  it('give back the entries they were made of', () => {
    const runs = runsOf(entries);
    expect(entriesOf(runs)).toEqual(entries);
    expect(entryCount(runs)).toBe(entries.length);
    expect(sameEntries(runs, entries)).toBe(true);
  });

  it('tell a queued entry from none', () => {
    const runs = runsOf(entries);
    pushRun(runs, 11, 1, 'mlock');
    expect(runs[runs.length - 1]).toEqual({ first: 9, count: 3, op: 'mlock' });
    expect(sameEntries(runs, entries)).toBe(false);
    expect(sameEntries(runsOf(entries.slice(1)), entries)).toBe(false);
    expect(sameEntries([], [])).toBe(true);
  });
});
