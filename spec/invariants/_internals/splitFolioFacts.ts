// Pages of a large folio that PTEs map (its huge PMD split, or never made): mm/mlock.c mlocks
// such a folio only when one walk of mlock_pte_range sees all of it inside the range it walks
// (allow_mlock_munlock: folio_within_range, folio_mlock_step), and munlocks all of it when a
// walk or an unmap meets any part. So whether a VM_LOCKED VMA's page of one reads mlocked
// depends on the history of splits and walks, not on the VMA: the lock promises exempt them,
// and the flagged property lockedPageOfSplitFolioNotMlocked reports them.

import { largeFolioOf } from '../../../src/kernel/largeFolios.js';
import { pmdOf } from '../../../src/kernel/pageTables.js';
import type { KernelState, Mm } from '../../../src/kernel/state.js';

/** Whether page `id`, mapped at `vpn` of `mm`, belongs to a large folio no huge PMD maps there. */
export function pageOfSplitFolio(s: KernelState, mm: Mm, vpn: number, id: number): boolean {
  if (s.largeFolios === undefined || largeFolioOf(s, id) === null) return false;
  return mm.hugePmds?.has(pmdOf(vpn)) !== true;
}
