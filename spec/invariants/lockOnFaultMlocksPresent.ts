// Lock-on-fault's half of the lock post-condition (mlock2.2 MLOCK_ONFAULT: the pages already
// present are locked, the others as they are faulted in; semantics 4.3): after
// mlock2(MLOCK_ONFAULT) returns 0, every page of the range that a VM_LOCKED VMA maps and that
// is present is mlocked (mm/mlock.c:mlock_fixup walks the present PTEs, mlock_pte_range). It
// makes none present (lockOnFaultNeverPopulates). The exemptions are lockPostcondition's
// (spec/invariants/_internals/lockPromise.ts).
// Apart from lockPostcondition because kernels before 5.18 keep only that one: their
// mlock_fixup walks no page, and the page-level mlock of MLOCK_ONFAULT is GUP's FOLL_MLOCK
// without FOLL_POPULATE (mm/gup.c:populate_vma_page_range, follow_page_pte), which mlocks the
// pages it can follow and faults none in, so a page it cannot follow for a write (a read-only
// PTE of a writable private VMA: a page-cache page read in, litmus MLOCK2_ONFAULT+MAP_PRIVATE_file
// on the 5.10 guest, or a COW page a fork child shares) stays unmlocked
// (models/expectedVerdicts.ts, linux-5.10).

import { MLOCK_ONFAULT } from '../../src/uapi/constants.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { type TransitionInvariant, letterArgInt } from './specInvariant.js';
import { argInt } from './_internals/mmFacts.js';
import { lockPromiseChecks, lockPromiseKept } from './_internals/lockPromise.js';
import { callRange } from './_internals/rangeFacts.js';

const lockOnFault = (call: KernelCall): boolean =>
  call.call === 'mlock2' && (argInt(call, 2) & MLOCK_ONFAULT) !== 0;

export const lockOnFaultMlocksPresent: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mlock2'],
  // `lockOnFault` reads mlock2's flags, which a letter fixes: without MLOCK_ONFAULT it holds.
  judgesLetter: (c) => {
    const flags = c.call === 'mlock2' ? letterArgInt(c, 2) : undefined;
    return flags === undefined || (flags & MLOCK_ONFAULT) !== 0;
  },
  name: 'lockOnFaultMlocksPresent',
  source: 'mm/mlock.c:mlock_fixup, mlock_pte_range; mm/gup.c:follow_page_pte (before 5.18)',
  holds: ({ call, result, after }) =>
    result.kind !== 'value' || !lockOnFault(call) || lockPromiseKept(after, callRange(call), false),
  restate: ({ call, after }, trace) =>
    lockPromiseChecks(after, lockOnFault(call) ? callRange(call) : null, false, trace),
};
