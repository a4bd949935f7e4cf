// An unknown or meaningless flag is refused (issue 14, errno fidelity; mlock.2 ERRORS EINVAL
// "unknown flags were specified" for mlock2 and mlockall, and "MCL_ONFAULT was specified
// without MCL_CURRENT or MCL_FUTURE"; mlockall(0) too): the converse of refusalsJustified,
// which forbids an EINVAL the man pages do not list. A kernel (or model) that takes such a
// call as a lock request is caught, however it then locks.
// - mlock2: a flag other than MLOCK_ONFAULT (mm/mlock.c:SYSCALL mlock2, checked before
//   do_mlock, so before the EPERM of can_do_mlock).
// - mlockall: no flag, a bit outside MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT, or MCL_ONFAULT alone
//   (mm/mlock.c:SYSCALL mlockall, checked before can_do_mlock).
// A kernel without the call (mlock2 before 4.4) answers ENOSYS, which refuses it as well.

import type { TransitionInvariant } from './specInvariant.js';
import { letterLockFlagsInvalid, lockFlagsInvalid } from './_internals/mmFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

export const invalidFlagsRefused: TransitionInvariant = {
  kind: 'transition',
  calls: ['mlock2', 'mlockall'],
  // Its first test is lockFlagsInvalid, on the flags a letter fixes: valid flags hold.
  judgesLetter: (c) => letterLockFlagsInvalid(c) !== false,
  name: 'invalidFlagsRefused',
  source: 'mm/mlock.c:SYSCALL mlock2, SYSCALL mlockall',
  holds: ({ call, result }) =>
    !lockFlagsInvalid(call) ||
    (result.kind === 'errno' && (result.errno === 'EINVAL' || result.errno === 'ENOSYS')),
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => ({
    ...acceptedResults(invalidFlagsRefused, t),
    checks: [],
    notes: ['the call above names a flag its man page does not accept: it must fail with EINVAL'],
  }),
};
