// mm/mlock.c:mlock_vma_pages_range -> mlock_pte_range: the page walk of mlock_fixup, which
// mlocks (VM_LOCKED) or munlocks every present normal page of [start, end) of one VMA. A small
// folio is mlocked or munlocked as it is met; a large folio (largeFolios.ts) as a whole, once,
// and under a rule for mlock (allow_mlock_munlock, 6.7's "mm: mlock: update mlock_pte_range
// to handle large folio"):
// - mapped by a huge PMD (pmd_trans_huge): mlock_folio or munlock_folio, whole;
// - PTE-mapped: munlocked whatever part of it the walk meets (a folio mlocked before its VMA
//   split must be munlocked), but mlocked only when it lies within the walked range
//   (folio_within_range) and the PTEs from here map all of it (folio_mlock_step ==
//   folio_nr_pages). So a large folio that one locked VMA maps only in part is never mlocked,
//   though its pages sit in a VM_LOCKED VMA: the flagged property
//   lockedPageOfSplitFolioNotMlocked states it.
// A large folio never waits in the mlock batch (mlock_folio and munlock_folio drain at once
// for folio_test_large).

import { HPAGE_PMD_NR, folioHead } from './largeFolios.js';
import { lruAddDrain } from './mlockBatch.js';
import { pmdMapped } from './hugePmd.js';
import { mlockPages } from './pages.js';
import type { Vma } from './state.js';
import type { Tx } from './tx.js';

/** Walk the present pages of [start, end) of `v` (a VMA of tx.mm), mlocking or munlocking. */
export function mlockVmaPages(tx: Tx, v: Vma, start: number, end: number, lock: boolean): void {
  const heads = tx.largeFolios;
  v.ptes.forEachRun(start - v.start, end - v.start, (index, len, pte) => {
    if (pte <= 0) return;
    if (heads === undefined) {
      mlockPages(tx, pte, len, lock);
      return;
    }
    // The run maps pages [pte, pte + len) at [v.start + index, ...): cut it at folio edges.
    for (let k = 0; k < len;) {
      const id = pte + k;
      const head = folioHead(heads, id);
      if (head === null) {
        let n = 1;
        while (k + n < len && folioHead(heads, id + n) === null) n++;
        mlockPages(tx, id, n, lock);
        k += n;
        continue;
      }
      // The folio's pages this run maps from here, in order (folio_mlock_step).
      const step = Math.min(len - k, head + HPAGE_PMD_NR - id);
      const vpn = v.start + index + k;
      if (allowMlockMunlock(tx, vpn, id - head, step, start, end, lock)) {
        mlockPages(tx, head, HPAGE_PMD_NR, lock);
        lruAddDrain(tx);
      }
      k += step;
    }
  });
}

/**
 * mm/mlock.c:allow_mlock_munlock for the folio whose page `offset` is mapped at `vpn`, `step`
 * of its pages mapped in order from there; a huge PMD (mlock_pte_range's pmd_trans_huge
 * branch) always.
 */
function allowMlockMunlock(
  tx: Tx,
  vpn: number,
  offset: number,
  step: number,
  start: number,
  end: number,
  lock: boolean,
): boolean {
  if (!lock || pmdMapped(tx, vpn)) return true;
  // folio_within_range: the folio's first and last page fall inside [start, end).
  const first = vpn - offset;
  if (first < start || first + HPAGE_PMD_NR > end) return false;
  return step === HPAGE_PMD_NR;
}
