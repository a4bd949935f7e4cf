// A refusal has its reason in the arguments or the caller (issue 14, errno fidelity; mlock.2
// and munmap.2 ERRORS): the lock calls and munmap may fail with EPERM or EINVAL only where the
// man pages say so, so a kernel (or a model) that refuses a good call is caught, not only one
// that accepts a bad one.
// - EPERM from mlock, mlock2, mlockall: only when the caller cannot lock at all, i.e. lacks
//   CAP_IPC_LOCK and has RLIMIT_MEMLOCK 0 (mm/mlock.c:can_do_mlock).
// - EINVAL from mlock, mlock2, munlock: only when the page-aligned range wraps past 2^64
//   (apply_vma_lock_flags: end < start), or, for mlock2, a flag other than MLOCK_ONFAULT.
// - EINVAL from mlockall: only for no flag, an unknown bit, or MCL_ONFAULT alone.
// - EINVAL from munmap: only for an unaligned address, a range beyond TASK_SIZE or a length
//   that is 0 once page-aligned (mm/vma.c:do_vmi_munmap).
// Kernels before a flag existed refuse it with EINVAL (models/expectedVerdicts.ts says where).

import type { KernelCall } from '../../src/kernel/call.js';
import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { lockFlagsInvalid, lockRangeWraps, munmapArgsInvalid } from './_internals/mmFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

const LOCK_CALLS: ReadonlySet<string> = new Set(['mlock', 'mlock2', 'mlockall']);

/** Whether the man pages allow `call` to fail with EINVAL. */
function einvalAllowed(call: KernelCall): boolean {
  switch (call.call) {
    case 'mlock':
    case 'munlock':
      return lockRangeWraps(call);
    case 'mlock2':
      return lockRangeWraps(call) || lockFlagsInvalid(call);
    case 'mlockall':
      return lockFlagsInvalid(call);
    case 'munmap':
      return munmapArgsInvalid(call);
    default:
      return true;
  }
}

export const refusalsJustified: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['mlock', 'mlock2', 'munlock', 'mlockall', 'munmap'],
  name: 'refusalsJustified',
  source:
    'mm/mlock.c:can_do_mlock, apply_vma_lock_flags, SYSCALL mlock2, mlockall; mm/vma.c:do_vmi_munmap',
  holds: ({ before, call, result }) => {
    if (result.kind !== 'errno') return true;
    if (result.errno === 'EINVAL') return einvalAllowed(call);
    if (result.errno === 'EPERM' && LOCK_CALLS.has(call.call)) {
      const mm = currentMm(before);
      return !mm.capIpcLock && mm.rlimitMemlock === 0n;
    }
    return true;
  },
  // The call must succeed or fail with an errno its man page lists that this invariant allows.
  restate: (t) => ({
    ...acceptedResults(refusalsJustified, t),
    checks: [],
    notes: ['the call above was refused where its arguments and the caller allow it'],
  }),
};
