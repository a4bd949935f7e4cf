// Flagged, not forbidden (issue 14.4, large folios): a VM_LOCKED VMA maps a page that is not
// mlocked, because the page belongs to a large folio that PTEs map and no mlock walk has seen
// all of it within the range it walked. mm/mlock.c:mlock_pte_range mlocks a PTE-mapped large
// folio only when it lies wholly inside the walked range and the PTEs from there map all of it
// (allow_mlock_munlock: folio_within_range, folio_mlock_step, since 6.7's "mm: mlock: update
// mlock_pte_range to handle large folio"); it munlocks one that any unlock walk or unmap of a
// locked VMA meets in part (munlock_vma_folio). So mlock of half a huge folio succeeds and
// locks no page of it, and an mlock of all of it after the PMD was split across VMA pieces
// locks none either (litmus thp/MADV_HUGEPAGE+mlock_part.mmt, MADV_HUGEPAGE+mlock_pieces.mmt):
// legal, the kernel's design, and a surprise to anyone reading mlock(2). lockPostcondition and
// lockedVmaPageMlocked exempt exactly these pages.

import { currentMm } from '../../../src/kernel/state.js';
import type { SpecFlag } from '../specInvariant.js';
import { isLocked } from '../_internals/mmFacts.js';
import { pageOfSplitFolio } from '../_internals/splitFolioFacts.js';

export const lockedPageOfSplitFolioNotMlocked: SpecFlag = {
  name: 'lockedPageOfSplitFolioNotMlocked',
  source: 'mm/mlock.c:mlock_pte_range, allow_mlock_munlock; mm/rmap.c:__folio_remove_rmap',
  raised: ({ after }) => {
    if (after.largeFolios === undefined) return false;
    const mm = currentMm(after);
    const pending = new Set([...after.mlockBatch.map((e) => e.page), ...after.mlockUncertain]);
    return mm.vmas.some((v) => {
      if (!isLocked(v)) return false;
      const ptes = v.ptes.toArray();
      return ptes.some(
        (pte, k) =>
          pte > 0 &&
          after.pages.get(pte)?.mlocked !== true &&
          !pending.has(pte) &&
          pageOfSplitFolio(after, mm, v.start + k, pte),
      );
    });
  },
};
