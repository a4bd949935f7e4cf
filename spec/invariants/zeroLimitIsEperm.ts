// A caller that may not lock at all is told so with EPERM (issue 14, errno fidelity; mlock.2
// ERRORS: EPERM when the caller is unprivileged but needs CAP_IPC_LOCK, while ENOMEM is for a
// caller with a *nonzero* RLIMIT_MEMLOCK going past it). Without CAP_IPC_LOCK and with
// RLIMIT_MEMLOCK 0 (mm/mlock.c:can_do_mlock false), mlock, mlock2 and mlockall with valid
// flags fail with EPERM, whatever the range: do_mlock and SYSCALL mlockall test can_do_mlock
// before the limit and before the VMA walk (since 2.6.9). The converse (EPERM only then) is
// refusalsJustified; invalid flags are refused first (invalidFlagsRefused).

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { letterLockFlagsInvalid, lockFlagsInvalid } from './_internals/mmFacts.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { acceptedResults } from './_internals/acceptedResults.js';

/** mlock, mlock2 or mlockall with flags their man page accepts. */
const validLockCall = (call: KernelCall): boolean =>
  (call.call === 'mlock' || call.call === 'mlock2' || call.call === 'mlockall') &&
  !lockFlagsInvalid(call);

export const zeroLimitIsEperm: TransitionInvariant = {
  kind: 'transition',
  calls: ['mlock', 'mlock2', 'mlockall'],
  // validLockCall is its first test: flags a letter fixes and lockFlagsInvalid refuses hold.
  judgesLetter: (c) => letterLockFlagsInvalid(c) !== true,
  name: 'zeroLimitIsEperm',
  source: 'mm/mlock.c:can_do_mlock, do_mlock, SYSCALL mlockall',
  holds: ({ before, call, result }) => {
    if (before.procs.length === 0 || !validLockCall(call)) return true;
    const mm = currentMm(before);
    if (mm.capIpcLock || mm.rlimitMemlock !== 0n) return true;
    // A kernel without the call (mlock2 before 4.4, nommu) answers ENOSYS, and one without a
    // flag (a proposal dropping MLOCK_ONFAULT) refuses it with EINVAL, both before can_do_mlock.
    if (result.kind !== 'errno') return false;
    return result.errno === 'EPERM' || result.errno === 'ENOSYS' || result.errno === 'EINVAL';
  },
  restate: (t) => ({
    ...acceptedResults(zeroLimitIsEperm, t),
    checks: [],
    notes: ['without CAP_IPC_LOCK and with RLIMIT_MEMLOCK 0 the call above must fail with EPERM'],
  }),
};
