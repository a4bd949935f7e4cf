// MADV_GUARD_REMOVE's post-condition (madvise.2 MADV_GUARD_REMOVE, 6.13+: removes the guard
// markers of the range, and an access there then faults in a fresh page, zero-filled or from
// the file; mm/madvise.c:madvise_guard_remove clears markers only): when the call returns 0,
// no page of the range is a marker any more, every page that was not one maps as it did
// (present pages keep their data), each VMA there keeps its flags, and every page outside the
// range maps as it did. Host 6.18: litmus MADV_GUARD_INSTALL+MADV_DONTNEED+MADV_GUARD_REMOVE.

import { PTE_GUARD, PTE_NONE, currentMm } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { keptOutside } from './_internals/keptOutside.js';
import { adviceOf } from './_internals/madviseFacts.js';
import { vmaAt } from './_internals/mmFacts.js';
import { callRange } from './_internals/rangeFacts.js';

export const madviseGuardRemovePostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  name: 'madviseGuardRemovePostcondition',
  source: 'mm/madvise.c:madvise_guard_remove',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'madvise' || result.kind !== 'value') return true;
    if (adviceOf(call) !== U.MADV_GUARD_REMOVE) return true;
    const b = currentMm(before);
    const a = currentMm(after);
    const { start, end } = callRange(call);
    if (!keptOutside(b, a, [{ start, end }])) return false;
    for (let vpn = start; vpn < end; vpn++) {
      const was = vmaAt(b, vpn);
      const now = vmaAt(a, vpn);
      if (was === undefined || now === undefined || now.flags !== was.flags) return false;
      const pte = was.ptes.at(vpn - was.start);
      if (now.ptes.at(vpn - now.start) !== (pte === PTE_GUARD ? PTE_NONE : pte)) return false;
    }
    return true;
  },
  // Everything the trace observes but the range's pages as before (a marker reads as absent
  // before and after; a present page stays present).
  restate: ({ before }, trace) => ({
    checks: trace.observed(before),
    notes: ['no page of the MADV_GUARD_REMOVE range may still fault with SIGSEGV'],
  }),
};
