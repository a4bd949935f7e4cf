// The per-CPU mlock batch while a step works on it: runs of entries of one op for consecutive
// pages, as enqueueRun queues them and lruAddDrain processes them, instead of one object a
// page. A state keeps the batch entry by entry (KernelState.mlockBatch, what the encodings and
// observers read); a step turns it into runs on first use and back when it commits, so the
// entries a step queues and drains itself (most of them: mlock_fixup and population drain
// before they return) are never made one by one.

import type { MlockBatchEntry } from './state.js';

/** Entries with `op` for the pages [first, first + count), oldest first. */
export interface BatchRun {
  readonly first: number;
  count: number;
  readonly op: MlockBatchEntry['op'];
}

/** Appends the entries of [first, first + count) to `runs`, extending the last run when it continues. */
export function pushRun(
  runs: BatchRun[],
  first: number,
  count: number,
  op: MlockBatchEntry['op'],
): void {
  if (count <= 0) return;
  // No read at -1 when the batch is empty (a property name, which V8 looks up the slow way).
  const last = runs.length === 0 ? undefined : runs[runs.length - 1];
  if (last !== undefined && last.op === op && last.first + last.count === first)
    last.count += count;
  else runs.push({ first, count, op });
}

/** The runs of a state's batch: consecutive entries of one op for consecutive pages grouped. */
export function runsOf(entries: readonly MlockBatchEntry[]): BatchRun[] {
  const runs: BatchRun[] = [];
  for (const e of entries) pushRun(runs, e.page, 1, e.op);
  return runs;
}

/** How many entries the runs hold. */
export function entryCount(runs: readonly BatchRun[]): number {
  let n = 0;
  for (const r of runs) n += r.count;
  return n;
}

/** Whether the runs hold exactly `entries`, in order. */
export function sameEntries(
  runs: readonly BatchRun[],
  entries: readonly MlockBatchEntry[],
): boolean {
  let k = 0;
  for (const r of runs)
    for (let page = r.first; page < r.first + r.count; page++, k++) {
      const e = entries[k];
      if (e === undefined || e.page !== page || e.op !== r.op) return false;
    }
  return k === entries.length;
}

/** The runs as a state keeps them: one entry a page, oldest first. */
export function entriesOf(runs: readonly BatchRun[]): MlockBatchEntry[] {
  const out: MlockBatchEntry[] = [];
  for (const r of runs)
    for (let page = r.first; page < r.first + r.count; page++) out.push({ page, op: r.op });
  return out;
}
