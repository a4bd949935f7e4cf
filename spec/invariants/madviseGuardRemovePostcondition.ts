// MADV_GUARD_REMOVE's post-condition (madvise.2 MADV_GUARD_REMOVE, 6.13+: removes the guard
// markers of the range, and an access there then faults in a fresh page, zero-filled or from
// the file; mm/madvise.c:madvise_guard_remove clears markers only): when the call returns 0,
// no page of the range is a marker any more, every page that was not one maps as it did
// (present pages keep their data), each VMA there keeps its flags, and every page outside the
// range maps as it did. Host 6.18: litmus MADV_GUARD_INSTALL+MADV_DONTNEED+MADV_GUARD_REMOVE.

import { PTE_GUARD, PTE_NONE } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { guardAdviceHolds } from './_internals/guardAdvice.js';
import { judgesAdvice } from './_internals/madviseFacts.js';

export const madviseGuardRemovePostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  // guardAdviceHolds holds at once for any advice but MADV_GUARD_REMOVE.
  judgesLetter: judgesAdvice(U.MADV_GUARD_REMOVE),
  name: 'madviseGuardRemovePostcondition',
  source: 'mm/madvise.c:madvise_guard_remove',
  // Markers are cleared; every other PTE stays as it was.
  holds: (t) =>
    guardAdviceHolds(t, U.MADV_GUARD_REMOVE, (pte) => (pte === PTE_GUARD ? PTE_NONE : pte)),
  // Everything the trace observes but the range's pages as before (a marker reads as absent
  // before and after; a present page stays present).
  restate: ({ before }, trace) => ({
    checks: trace.observed(before),
    notes: ['no page of the MADV_GUARD_REMOVE range may still fault with SIGSEGV'],
  }),
};
