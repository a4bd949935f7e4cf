// A page is mlocked only while some VM_LOCKED VMA maps it (facts sheet 1.4 "eventually true",
// 12.2): munlock, munlockall, munmap and exit munlock a page when its last locked mapping
// goes (mm/mlock.c:munlock_folio, mm/rmap.c:folio_remove_rmap_*). The simulator drains the
// per-CPU mlock batch at once (12.4), so "eventually" is "after every call" here.

import { PTE_NONE } from '../../src/kernel/state.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { StateInvariant } from './specInvariant.js';
import { isLocked } from './_internals/mmFacts.js';

function lockedMapped(s: KernelState): Set<number> {
  const ids = new Set<number>();
  for (const mm of s.procs)
    for (const v of mm.vmas)
      if (isLocked(v)) for (const pte of v.ptes) if (pte > PTE_NONE) ids.add(pte);
  return ids;
}

export const mlockedPageHasLockedVma: StateInvariant = {
  kind: 'state',
  name: 'mlockedPageHasLockedVma',
  source: 'mm/mlock.c:mlock_vma_folio, munlock_folio; mm/rmap.c',
  holds: (s) => {
    let mapped: Set<number> | null = null;
    for (const [id, page] of s.pages) {
      if (page.mlockCount === 0) continue;
      mapped ??= lockedMapped(s);
      if (!mapped.has(id)) return false;
    }
    return true;
  },
};
