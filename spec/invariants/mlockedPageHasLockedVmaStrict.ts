// mlockedPageHasLockedVma stated strictly: a page some process maps is mlocked only while a
// VM_LOCKED VMA maps it, with no exemption for an munlock still waiting in the per-CPU mlock
// batch. Known to fail on 6.18 (semantics 12.4; spec/litmus/munmap_locked+pending_munlock.mmt):
// munmap of the last locked mapping queues munlock_folio after the drain in unmap_region, so
// a page another, unlocked mapping still maps reads mlocked until the next lru_add_drain().
// The claim that it fails, with its shortest trace, is in proofs/claims.ts.

import { PTE_NONE } from '../../src/kernel/state.js';
import type { StateInvariant } from './specInvariant.js';
import { isLocked } from './_internals/mmFacts.js';

export const mlockedPageHasLockedVmaStrict: StateInvariant = {
  kind: 'state',
  name: 'mlockedPageHasLockedVmaStrict',
  source: 'mm/mlock.c:munlock_folio, mlock_folio_batch; mm/vma.c:unmap_region',
  holds: (s) => {
    const locked = new Set<number>();
    const mapped = new Set<number>();
    for (const mm of s.procs)
      for (const v of mm.vmas)
        for (const pte of v.ptes) {
          if (pte <= PTE_NONE) continue;
          mapped.add(pte);
          if (isLocked(v)) locked.add(pte);
        }
    for (const id of mapped) if (s.pages.get(id)?.mlocked === true && !locked.has(id)) return false;
    return true;
  },
};
