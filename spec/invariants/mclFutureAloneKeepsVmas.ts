// MCL_FUTURE alone leaves existing VMAs as they were (semantics 6.2 step 2, 6.3):
// apply_mlockall_flags returns right after setting def_flags when MCL_CURRENT is absent, and
// mlockall populates only for MCL_CURRENT (mm/mlock.c:SYSCALL mlockall). So lock bits, pages
// and locked_vm of the VMAs already there stay the same.

import { MCL_CURRENT, MCL_FUTURE } from '../../src/uapi/constants.js';
import { currentMm } from '../../src/kernel/state.js';
import { type TransitionInvariant, letterArgInt } from './specInvariant.js';
import { argInt, sameVmas } from './_internals/mmFacts.js';

export const mclFutureAloneKeepsVmas: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mlockall'],
  // Its first test after the result's reads mlockall's flags, which a letter fixes: it judges
  // MCL_FUTURE without MCL_CURRENT alone.
  judgesLetter: (c) => {
    const flags = c.call === 'mlockall' ? letterArgInt(c, 0) : undefined;
    return flags === undefined || ((flags & MCL_FUTURE) !== 0 && (flags & MCL_CURRENT) === 0);
  },
  name: 'mclFutureAloneKeepsVmas',
  source: 'mm/mlock.c:apply_mlockall_flags',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'mlockall' || result.kind !== 'value') return true;
    const f = argInt(call, 0);
    if (!(f & MCL_FUTURE) || f & MCL_CURRENT) return true;
    const b = currentMm(before);
    const a = currentMm(after);
    return sameVmas(a, b) && a.lockedVm === b.lockedVm;
  },
  // Every region and VmLck as they were before the call.
  restate: ({ before }, trace) => ({
    checks: [
      ...trace.regions.flatMap((_, r) => trace.regionObserved(before, r)),
      trace.vmLckObserved(before),
    ],
  }),
};
