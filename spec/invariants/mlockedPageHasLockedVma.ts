// A page is mlocked only while some VM_LOCKED VMA maps it (semantics 1.4 "eventually true",
// 12.2): munlock, munlockall, munmap and exit munlock a page when its last locked mapping
// goes (mm/mlock.c:munlock_folio, mm/rmap.c:folio_remove_rmap_*). "Eventually": an munlock
// waits in the per-CPU mlock batch until the next lru_add_drain() (12.4), so a page with a
// pending munlock is exempt.

import { PTE_NONE } from '../../src/kernel/state.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { StateInvariant } from './specInvariant.js';
import { unlockedMlockedPages } from './mlockedPageHasLockedVmaStrict.js';
import { isLocked } from './_internals/mmFacts.js';

function lockedMapped(s: KernelState): Set<number> {
  const ids = new Set<number>();
  for (const mm of s.procs)
    for (const v of mm.vmas)
      if (isLocked(v)) for (const pte of v.ptes.toArray()) if (pte > PTE_NONE) ids.add(pte);
  return ids;
}

/**
 * A munlock of `id` still waiting in the per-CPU batch has not cleared PG_mlocked yet: the page
 * is mlocked without a locked mapping until the next lru_add_drain() (mm/mlock.c).
 */
const munlockPending = (s: KernelState, id: number): boolean =>
  s.mlockBatch.some((e) => e.op === 'munlock' && e.page === id);

export const mlockedPageHasLockedVma: StateInvariant = {
  kind: 'state',
  name: 'mlockedPageHasLockedVma',
  source: 'mm/mlock.c:mlock_vma_folio, munlock_folio; mm/rmap.c',
  holds: (s) => {
    let mapped: Set<number> | null = null;
    return s.pages.everyRun((first, count, page) => {
      if (!page.mlocked) return true;
      for (let id = first; id < first + count; id++) {
        if (munlockPending(s, id)) continue;
        mapped ??= lockedMapped(s);
        if (!mapped.has(id)) return false;
      }
      return true;
    });
  },
  // The strict demand: a pending munlock is not observable, so no check can exempt it.
  restate: ({ after }, trace) => ({ checks: unlockedMlockedPages(after, trace) }),
};
