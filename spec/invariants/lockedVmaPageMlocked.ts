// The converse, stated strictly: every page a VM_LOCKED VMA maps is mlocked (the shared zero
// page aside: it is never mlocked, semantics 12.5). mlock_fixup's page walk mlocks present
// pages (mm/mlock.c:mlock_pte_range), the fault path mlocks new ones (mlock_vma_folio,
// mlock_new_folio). semantics 1.4 calls it "eventually true" only, and 6.18 breaks it
// (spec/litmus/MAP_LOCKED+pending_munlock+lost_mlock.mmt): an mlock_folio that meets a
// pending munlock of the same folio is undone when the batch drains ("must have got cleared
// already by another CPU", mm/mlock.c:__mlock_folio), until reclaim culls the page.
// Exempt: a page of a large folio that PTEs map, which mlock mlocks only when one walk sees
// all of it (splitFolioFacts.ts; flagged: lockedPageOfSplitFolioNotMlocked).

import { PTE_NONE, currentMm } from '../../src/kernel/state.js';
import type { StateInvariant } from './specInvariant.js';
import { isLocked, pteAt, vmaAt } from './_internals/mmFacts.js';
import { pagePatterns } from './_internals/pagePatterns.js';
import { pageOfSplitFolio } from './_internals/splitFolioFacts.js';

export const lockedVmaPageMlocked: StateInvariant = {
  kind: 'state',
  name: 'lockedVmaPageMlocked',
  source: 'mm/mlock.c:mlock_pte_range, mlock_folio, __mlock_folio',
  holds: (s) =>
    s.procs.every((mm) =>
      mm.vmas.every(
        (v) =>
          !isLocked(v) ||
          v.ptes
            .toArray()
            .every(
              (pte, k) =>
                pte <= PTE_NONE ||
                s.pages.get(pte)?.mlocked === true ||
                pageOfSplitFolio(s, mm, v.start + k, pte),
            ),
      ),
    ),
  // `L` where a locked VMA of the trace maps a page that is not mlocked.
  restate: ({ after }, trace) => ({
    checks: pagePatterns(trace, (vpn) => {
      const mm = currentMm(after);
      const v = vmaAt(mm, vpn);
      const id = pteAt(mm, vpn);
      return v !== undefined &&
        isLocked(v) &&
        id > 0 &&
        after.pages.get(id)?.mlocked !== true &&
        !pageOfSplitFolio(after, mm, vpn, id)
        ? 'L'
        : null;
    }),
  }),
};
