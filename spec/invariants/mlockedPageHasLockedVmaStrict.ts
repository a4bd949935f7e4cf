// mlockedPageHasLockedVma stated strictly: a page some process maps is mlocked only while a
// VM_LOCKED VMA maps it, with no exemption for an munlock still waiting in the per-CPU mlock
// batch. Known to fail on 6.18 (semantics 12.4; spec/litmus/munmap_locked+pending_munlock.mmt):
// munmap of the last locked mapping queues munlock_folio after the drain in unmap_region, so
// a page another, unlocked mapping still maps reads mlocked until the next lru_add_drain().
// The claim that it fails, with its shortest trace, is in proofs/claims.ts.

import { PTE_NONE, currentMm, type KernelState } from '../../src/kernel/state.js';
import type { CheckStmt } from '../../src/trace/ast.js';
import type { StateInvariant, TraceView } from './specInvariant.js';
import { isLocked, pteAt } from './_internals/mmFacts.js';
import { pagePatterns } from './_internals/pagePatterns.js';

const lockedSomewhere = (s: KernelState, id: number): boolean =>
  s.procs.some((mm) => mm.vmas.some((v) => isLocked(v) && v.ptes.toArray().includes(id)));

/** `p` (present, not mlocked) where the trace maps an mlocked page no locked VMA maps. */
export function unlockedMlockedPages(s: KernelState, trace: TraceView): CheckStmt[] {
  return pagePatterns(trace, (vpn) => {
    const id = pteAt(currentMm(s), vpn);
    return id > 0 && s.pages.get(id)?.mlocked === true && !lockedSomewhere(s, id) ? 'p' : null;
  });
}

export const mlockedPageHasLockedVmaStrict: StateInvariant = {
  kind: 'state',
  name: 'mlockedPageHasLockedVmaStrict',
  source: 'mm/mlock.c:munlock_folio, mlock_folio_batch; mm/vma.c:unmap_region',
  holds: (s) => {
    const locked = new Set<number>();
    const mapped = new Set<number>();
    for (const mm of s.procs)
      for (const v of mm.vmas)
        for (const pte of v.ptes.toArray()) {
          if (pte <= PTE_NONE) continue;
          mapped.add(pte);
          if (isLocked(v)) locked.add(pte);
        }
    for (const id of mapped) if (s.pages.get(id)?.mlocked === true && !locked.has(id)) return false;
    return true;
  },
  restate: ({ after }, trace) => ({ checks: unlockedMlockedPages(after, trace) }),
};
