// What a model run can hold. PTEs and pages are kept as runs (pteRuns.ts, pageRuns.ts), so a
// mapping costs memory for the runs a trace makes, not for its length: any length the kernel
// accepts (up to TASK_SIZE, 2^47 bytes) maps, locks, populates, forks and moves in a handful of
// runs. What still goes page by page is bounded here, and a trace that passes a bound stops
// as "could not run to the end" at that statement with this error's reason, never an abort:
// - faulting in pages of a file, special or guarded mapping (each comes from the page cache
//   at its own index) and reading a file in (MADV_WILLNEED): a range of at most
//   MODEL_MAX_SINGLE_PAGES such pages in one VMA, in one call;
// - the state: at most MODEL_MAX_RUNS runs of PTEs, pages and page-cache entries;
// spec/limitations.md lists these.

import type { KernelState } from './state.js';

/**
 * Pages one call may fault or read in one at a time: 2^14 pages, 64 MiB, what the simulator
 * supported for every mapping before runs.
 */
export const MODEL_MAX_SINGLE_PAGES = 1 << 14;
/** Runs of PTEs, pages and page-cache entries a state may hold. */
export const MODEL_MAX_RUNS = 1 << 20;

/** A trace asks a model for more than it can hold (see the limits above). */
export class ModelLimitError extends Error {
  constructor(what: string, amount: bigint, limit = MODEL_MAX_SINGLE_PAGES, unit = 'pages') {
    super(
      `${what} ${amount} ${unit}: a model handles at most ${limit} ${unit} there (spec/limitations.md)`,
    );
    this.name = 'ModelLimitError';
  }
}

/** The runs a state holds: its memory, up to a constant. */
export function stateRuns(state: KernelState): number {
  let runs = state.pages.runCount;
  for (const mm of state.procs) for (const v of mm.vmas) runs += v.ptes.runCount;
  for (const file of state.files) runs += file.cache.size;
  return runs;
}

/** After a call or a fork: throws when the state holds more runs than MODEL_MAX_RUNS. */
export function checkStateRuns(state: KernelState): void {
  const runs = stateRuns(state);
  if (runs > MODEL_MAX_RUNS)
    throw new ModelLimitError('a state of', BigInt(runs), MODEL_MAX_RUNS, 'runs');
}
