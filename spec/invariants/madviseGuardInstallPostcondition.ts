// MADV_GUARD_INSTALL's post-condition (madvise.2 MADV_GUARD_INSTALL, 6.13+: any access to a
// guarded page raises SIGSEGV; mm/madvise.c:madvise_guard_install zaps the range and leaves a
// guard marker in each of its PTEs): when the call returns 0, every page of the range is a
// marker (the pages it mapped are gone), and each VMA there keeps its flags; every page
// outside the range maps as it did. Host 6.18: litmus
// MADV_GUARD_INSTALL+MADV_DONTNEED+MADV_GUARD_REMOVE (a read and a write there are SIGSEGV,
// the page next to the range keeps its data). Found from the mutation survivors: without a
// guard letter, a madvise that ignored MADV_GUARD_INSTALL was caught by no property.

import { PTE_GUARD } from '../../src/kernel/state.js';
import { checkPages } from '../../src/trace/syntax.js';
import * as U from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { guardAdviceHolds } from './_internals/guardAdvice.js';
import { judgesAdvice } from './_internals/madviseFacts.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';

export const madviseGuardInstallPostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  // guardAdviceHolds holds at once for any advice but MADV_GUARD_INSTALL.
  judgesLetter: judgesAdvice(U.MADV_GUARD_INSTALL),
  name: 'madviseGuardInstallPostcondition',
  source: 'mm/madvise.c:madvise_guard_install',
  // Whatever was mapped there is zapped: each PTE of the range becomes a marker.
  holds: (t) => guardAdviceHolds(t, U.MADV_GUARD_INSTALL, () => PTE_GUARD),
  // A guarded page is not present (and any access to it is SIGSEGV).
  restate: ({ call }, trace) => {
    const { start, end } = callRange(call);
    return {
      checks: regionPagesIn(trace, start, end).map(({ region, page }) =>
        checkPages(region.at(page), 1, '.'),
      ),
      notes: ['every page of the MADV_GUARD_INSTALL range must fault with SIGSEGV'],
    };
  },
};
