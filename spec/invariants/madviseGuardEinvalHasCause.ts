// MADV_GUARD_INSTALL and MADV_GUARD_REMOVE are refused with EINVAL only where a VMA of the
// range cannot carry guard markers (madvise.2 MADV_GUARD_INSTALL, MADV_GUARD_REMOVE, since 6.13,
// 662df3e5c376; mm/madvise.c:is_valid_guard_vma, v6.18): a VM_SPECIAL (VM_IO, VM_DONTEXPAND,
// VM_PFNMAP, VM_MIXEDMAP) or Huge TLB VMA refuses both, a VM_LOCKED one refuses the install
// alone (madvise_guard_install zaps, which a locked VMA must not see; madvise_guard_remove
// passes allow_locked). The walk (madvise_walk_vmas) skips holes and stops at the first VMA
// that refuses, so an EINVAL needs such a VMA somewhere in the range; an unaligned start or a
// wrapping length is EINVAL before any VMA is read (do_madvise). Host 6.18: litmus
// MADV_GUARD_INSTALL+mlock (the locked VMA refused) and
// MADV_GUARD_INSTALL+MADV_DONTNEED+MADV_GUARD_REMOVE (anonymous and file VMAs accepted).
// A version choice, judged by expected verdicts, not here: before 6.13 madvise_behavior_valid
// does not know either advice (EINVAL for every range: 5.10, 6.1 and 6.12 on their guests, the
// same litmus), and 6.13 and 6.14 also refused a file-backed VMA and one without VM_MAYWRITE
// (is_valid_guard_vma's vma_is_anonymous test, dropped in 6.15).

import type { KernelCall } from '../../src/kernel/call.js';
import { type Mm, currentMm } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import {
  VM_HUGETLB,
  VM_LOCKED,
  VM_SPECIAL,
  type VmFlags,
  hasAny,
  vmFlags,
} from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { adviceOf, madviseArgumentsBad } from './_internals/madviseFacts.js';
import { callRange } from './_internals/rangeFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

/** The VMA flags is_valid_guard_vma refuses, per advice (allow_locked for the removal). */
const REFUSED_FLAGS: ReadonlyMap<number, VmFlags> = new Map([
  [U.MADV_GUARD_INSTALL, vmFlags(VM_SPECIAL | VM_HUGETLB | VM_LOCKED)],
  [U.MADV_GUARD_REMOVE, vmFlags(VM_SPECIAL | VM_HUGETLB)],
]);

/** Whether some VMA of the call's range has a flag in `refused`. */
function rangeMeetsRefusingVma(mm: Mm, call: KernelCall, refused: VmFlags): boolean {
  const { start, end } = callRange(call);
  return mm.vmas.some((v) => v.start < end && start < v.end && hasAny(v.flags, refused));
}

export const madviseGuardEinvalHasCause: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['madvise'],
  name: 'madviseGuardEinvalHasCause',
  source: 'mm/madvise.c:is_valid_guard_vma, madvise_guard_install, madvise_guard_remove',
  holds: ({ before, call, result }) => {
    if (call.call !== 'madvise' || result.kind !== 'errno' || result.errno !== 'EINVAL')
      return true;
    const refused = REFUSED_FLAGS.get(adviceOf(call));
    if (refused === undefined || before.procs.length === 0 || madviseArgumentsBad(call))
      return true;
    return rangeMeetsRefusingVma(currentMm(before), call, refused);
  },
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => ({
    ...acceptedResults(madviseGuardEinvalHasCause, t),
    checks: [],
    notes: [
      'the guard advice above was refused with EINVAL where no VMA of its range is special, Huge TLB or (installing) locked',
    ],
  }),
};
