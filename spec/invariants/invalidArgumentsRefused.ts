// Bad arguments are refused, with the errno of the first check that meets them (issue 14,
// errno fidelity; munmap.2 and mlock.2 ERRORS EINVAL): the argument half of refusalsJustified's
// converse (invalidFlagsRefused is the flag half). refusalsJustified forbids an EINVAL the man
// pages do not list; this forbids accepting, or refusing otherwise, what they do list.
// - munmap with an unaligned address, an address above TASK_SIZE, a length reaching past
//   TASK_SIZE or a length that is 0 once page-aligned: EINVAL (mm/vma.c:do_vmi_munmap checks
//   them before looking at a VMA).
// - munlock whose page-aligned range wraps past 2^64: EINVAL (mm/mlock.c:apply_vma_lock_flags,
//   `end < start`).
// - mlock and mlock2 with such a range, in mm/mlock.c:do_mlock's order: EPERM when the caller
//   cannot lock at all (can_do_mlock); else, without CAP_IPC_LOCK, ENOMEM when locked_vm plus
//   the range's pages, less the pages of VM_LOCKED VMAs from the start up (the credit of
//   count_mm_mlocked_page_nr, whose end is clamped to ULONG_MAX since 6.1), exceeds
//   RLIMIT_MEMLOCK in pages (RLIM_INFINITY is ~0UL: 2^52 - 1 pages); else EINVAL. Invalid
//   mlock2 flags are refused before all of these (invalidFlagsRefused).
// A kernel without the call (nommu's lock calls, mlock2 before 4.4) answers ENOSYS instead.

import type { KernelCall } from '../../src/kernel/call.js';
import type { Result } from '../../src/kernel/result.js';
import { type Mm, currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { lockFlagsInvalid, lockRangeWraps, munmapArgsInvalid } from './_internals/mmFacts.js';
import { mlockLimitRefuses } from './_internals/rangeFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

/** The errno `call` must fail with, or null when its arguments are not this property's. */
export function expectedRefusal(mm: Mm, call: KernelCall): string | null {
  switch (call.call) {
    case 'munmap':
      return munmapArgsInvalid(call) ? 'EINVAL' : null;
    case 'munlock':
      return lockRangeWraps(call) ? 'EINVAL' : null;
    case 'mlock':
    case 'mlock2': {
      if (!lockRangeWraps(call)) return null;
      if (lockFlagsInvalid(call)) return 'EINVAL';
      if (!mm.capIpcLock && mm.rlimitMemlock === 0n) return 'EPERM';
      return !mm.capIpcLock && mlockLimitRefuses(mm, call) ? 'ENOMEM' : 'EINVAL';
    }
    default:
      return null;
  }
}

const refusedWith = (result: Result, errno: string): boolean =>
  result.kind === 'errno' && (result.errno === errno || result.errno === 'ENOSYS');

export const invalidArgumentsRefused: TransitionInvariant = {
  kind: 'transition',
  calls: ['munmap', 'munlock', 'mlock', 'mlock2'],
  name: 'invalidArgumentsRefused',
  source: 'mm/vma.c:do_vmi_munmap; mm/mlock.c:do_mlock, apply_vma_lock_flags, can_do_mlock',
  holds: ({ before, call, result }) => {
    if (before.procs.length === 0) return true;
    const want = expectedRefusal(currentMm(before), call);
    return want === null || refusedWith(result, want);
  },
  // The call's expectation states it.
  restate: (t) => ({
    ...acceptedResults(invalidArgumentsRefused, t),
    checks: [],
    notes: [
      `the call above has arguments its man page refuses: it must fail with ${expectedRefusal(currentMm(t.before), t.call) ?? 'an error'}`,
    ],
  }),
};
