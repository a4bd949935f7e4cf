// mprotect faults nothing in but what mprotectLockedPopulates demands (mprotect.2: it changes
// protections; mm/mprotect.c:mprotect_fixup): the only page population mprotect_fixup starts is
// populate_vma_page_range over a VMA that was VM_LOCKED, private and not writable and gains
// VM_WRITE (4.2, "mm: fix mprotect() behaviour on VM_LOCKED VMAs"). change_protection rewrites
// the protection bits of the PTEs already there and maps nothing. So after an mprotect, failed
// or not, every page whose PTE differs from before (absent made present, or the zero page made
// a page of its own) lies in such a VMA: the converse of mprotectLockedPopulates, which catches
// a kernel (or model) that populates an unlocked, a shared, an already writable or a still
// read-only mapping. A page made absent outside such a VMA is caught too: mprotect unmaps nothing.

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { pteAt } from './_internals/mmFacts.js';
import { everyPageAfter } from './_internals/mprotectedPages.js';
import { gainsWriteLocked } from './mprotectLockedPopulates.js';

export const mprotectPopulatesOnlyLocked: TransitionInvariant = {
  kind: 'transition',
  calls: ['mprotect'],
  name: 'mprotectPopulatesOnlyLocked',
  source: 'mm/mprotect.c:mprotect_fixup, change_protection; mm/gup.c:populate_vma_page_range',
  holds: ({ before, call, after }) => {
    if (call.call !== 'mprotect' || before.procs.length === 0) return true;
    const b = currentMm(before);
    return everyPageAfter(
      before,
      after,
      (was, now, vpn) =>
        now.ptes.at(vpn - now.start) === pteAt(b, vpn) ||
        (was !== undefined && gainsWriteLocked(was, now)),
    );
  },
  restate: () => ({
    checks: [],
    notes: ['mprotect may fault pages in only where a locked private mapping gained write'],
  }),
};
