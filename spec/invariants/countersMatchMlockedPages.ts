// The counters promise (issue 14): /proc/meminfo's Mlocked and Unevictable match the mlocked
// pages, and return to their baseline when every locker exits. NR_MLOCK moves with PG_mlocked
// (mm/mlock.c:mlock_folio sets both; __munlock_folio clears both when mlock_count falls to 0),
// and the unevictable LRU holds a page exactly while it is mlocked once the per-CPU mlock
// batch is drained (mm/mlock.c:__mlock_folio, __munlock_folio; before 5.18 mlock_vma_page and
// munlock_vma_page did the same at once). So in a drained state (no batch entry, no page whose
// state a fork child's exit left uncertain):
// - every page is on the unevictable LRU iff it is mlocked: the two counters are equal and
//   count the mlocked pages (the model's counters are those sums: src/kernel/observe.ts);
// - when no VMA of any process is VM_LOCKED (every locker unlocked, unmapped or exited), no
//   page is mlocked or unevictable: both counters are back at the trace's baseline, 0.
// mlockedPageHasLockedVma says which mapping must hold an mlocked page; this property adds the
// LRU half, which no per-page observable shows (KPF_UNEVICTABLE lags in the batch).

import type { KernelState } from '../../src/kernel/state.js';
import { checkCounter } from '../../src/trace/syntax.js';
import type { StateInvariant } from './specInvariant.js';
import { isLocked } from './_internals/mmFacts.js';

const drained = (s: KernelState): boolean =>
  s.mlockBatch.length === 0 && s.mlockUncertain.length === 0;

const anyLocker = (s: KernelState): boolean => s.procs.some((mm) => mm.vmas.some(isLocked));

/** The pages NR_MLOCK and NR_UNEVICTABLE count in `s`. */
function counters(s: KernelState): { mlocked: number; unevictable: number } {
  let mlocked = 0;
  let unevictable = 0;
  for (const [, p] of s.pages.entries()) {
    if (p.mlocked) mlocked++;
    if (p.unevictable) unevictable++;
  }
  return { mlocked, unevictable };
}

export const countersMatchMlockedPages: StateInvariant = {
  kind: 'state',
  name: 'countersMatchMlockedPages',
  source: 'mm/mlock.c:mlock_folio, __mlock_folio, __munlock_folio; mm/vmstat.c (NR_MLOCK)',
  holds: (s) => {
    if (!drained(s)) return true;
    const baseline = !anyLocker(s);
    return s.pages.everyRun(
      (_id, _count, p) => p.unevictable === p.mlocked && !(baseline && p.mlocked),
    );
  },
  // Unevictable must equal Mlocked (and both 0 with no locker left), as the guest reads them.
  restate: ({ after }) => {
    const c = counters(after);
    const want = anyLocker(after) ? c.mlocked : 0;
    return {
      checks: [checkCounter('Mlocked', want), checkCounter('Unevictable', want)],
      notes: ['Mlocked and Unevictable read on a guest only (system-wide counters)'],
    };
  },
};
