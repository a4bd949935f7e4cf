// mm/mlock.c:mlock_fixup — change the lock bits of one VMA piece: the filter, the split or
// merge, the locked_vm accounting, and the page walk. Shared by mlock, munlock, mlockall and
// munlockall.

import { lruAddDrain } from './mlockBatch.js';
import { mlockVmaPages } from './mlockWalk.js';
import type { Tx } from './tx.js';
import { modifyFlags } from './vmaList.js';
import { VM_DROPPABLE, VM_LOCKED, VM_SPECIAL, type VmFlags, hasAny } from '../uapi/vmFlags.js';

/**
 * Gives vmas[i]'s part [start, end) the flags `newFlags`. Returns the index of the VMA that
 * covers the range afterwards (the unchanged VMA when the filter leaves it alone).
 */
export function mlockFixup(
  tx: Tx,
  i: number,
  start: number,
  end: number,
  newFlags: VmFlags,
): number {
  const v = tx.mm.vmas[i];
  if (v === undefined) throw new Error(`mlockFixup: no VMA at ${i}`);
  const oldFlags = v.flags;
  // Filtered: nothing set, nothing counted. Special mappings, secretmem (always VM_LOCKED,
  // munlock cannot clear it) and droppable mappings (never lockable) keep their flags.
  const secretmem = v.backing.kind === 'file' && tx.file(v.backing.file).kind === 'secretmem';
  if (
    newFlags === oldFlags ||
    hasAny(oldFlags, VM_SPECIAL) ||
    secretmem ||
    hasAny(oldFlags, VM_DROPPABLE)
  )
    return i;
  const j = modifyFlags(tx, i, start, end, newFlags);
  const pages = end - start;
  const lockedNow = hasAny(newFlags, VM_LOCKED);
  const lockedBefore = hasAny(oldFlags, VM_LOCKED);
  if (!lockedNow) tx.mm.lockedVm -= pages;
  else if (!lockedBefore) tx.mm.lockedVm += pages;
  // Only VM_LOCKONFAULT changed: flags are set and no page is walked.
  if (lockedNow && lockedBefore) return j;
  // Before 5.18 locking walks no page: population's FOLL_MLOCK mlocks them (populate.ts).
  if (lockedNow && !tx.model.decisions.mlockPagesOnFault) return j;
  // mm/mlock.c:mlock_vma_pages_range — every present normal page of the range is mlocked or
  // munlocked; the zero page is not a normal page.
  const merged = tx.mm.vmas[j];
  if (merged === undefined) throw new Error('mlockFixup: lost the VMA');
  lruAddDrain(tx);
  mlockVmaPages(tx, merged, start, end, lockedNow);
  // lru_add_drain() before and after the walk: the pages walked are settled when it returns.
  lruAddDrain(tx);
  return j;
}
