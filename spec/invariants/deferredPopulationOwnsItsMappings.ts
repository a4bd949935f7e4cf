// The ownership property of a call's deferred part (issue 16): once a call has dropped
// mmap_lock, the population it still has to do (mm/gup.c:__mm_populate, faultin_page_range)
// may only touch mappings this call created or changed. A mapping another thread made over
// the range in the meantime (mmap MAP_FIXED, the target of an mremap) is not the call's: the
// user never asked for it to be populated or locked. This is what Michel Lespinasse's
// VM_POPULATE flag (3.9-rc1, "mm: introduce VM_POPULATE flag to better deal with racy
// userspace programs") was for; its revert in 3.9-rc5 gave it up, so linux-6.18 fails it
// (models/expectedVerdicts.ts, spec/reviews/vm-populate-2012.md). 3.8 populated mmap under
// the write lock but mlock after dropping it (do_mlock_pages), so 3.8 fails it through mlock.
//
// It judges one step of a population on the threads bound (src/check/threadSystem.ts), which
// knows which pages of the range another call mapped anew since the call's locked part.

import type { KernelState, Vpn } from '../../src/kernel/state.js';
import { PTE_NONE, PTE_ZERO } from '../../src/kernel/state.js';
import { findVma } from '../../src/kernel/vmaList.js';

/** One step of a call's deferred population, and the pages of its range that are not its own. */
export interface DeferredStep {
  readonly before: KernelState;
  readonly after: KernelState;
  /** Half-open page ranges of the call's range that another call mapped anew since. */
  readonly foreign: readonly (readonly [Vpn, Vpn])[];
}

/** What a page shows: no page, the zero page, a page (mlocked or not), or not mapped. */
export function pageView(state: KernelState, vpn: Vpn): string {
  const mm = state.procs[0];
  if (mm === undefined) return 'unmapped';
  const v = mm.vmas[findVma(mm.vmas, vpn)];
  if (v === undefined) return 'unmapped';
  const pte = v.ptes.at(vpn - v.start);
  if (pte === PTE_NONE) return 'none';
  if (pte === PTE_ZERO) return 'zero';
  if (pte < 0) return `special ${pte}`;
  return state.pages.get(pte)?.mlocked === true ? `page ${pte} mlocked` : `page ${pte}`;
}

/** The first page of a mapping that is not the call's which the step touched, or null. */
export function touchedForeignPage(step: DeferredStep): Vpn | null {
  for (const [start, end] of step.foreign)
    for (let vpn = start; vpn < end; vpn++)
      if (pageView(step.before, vpn) !== pageView(step.after, vpn)) return vpn;
  return null;
}

export const deferredPopulationOwnsItsMappings = {
  name: 'deferredPopulationOwnsItsMappings',
  source: 'mm/gup.c:__mm_populate, populate_vma_page_range; mm/madvise.c:madvise_populate',
  holds: (step: DeferredStep): boolean => touchedForeignPage(step) === null,
} as const;
