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

import type { KernelCall } from '../../src/kernel/call.js';
import { MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT, MLOCK_ONFAULT } from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { argInt } from './_internals/mmFacts.js';

/** Whether the flags of `call` are outside what its man page accepts. */
function invalidFlags(call: KernelCall): boolean {
  switch (call.call) {
    case 'mlock2':
      return (argInt(call, 2) & ~MLOCK_ONFAULT) !== 0;
    case 'mlockall': {
      const f = argInt(call, 0);
      return f === 0 || (f & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) !== 0 || f === MCL_ONFAULT;
    }
    default:
      return false;
  }
}

export const invalidFlagsRefused: TransitionInvariant = {
  kind: 'transition',
  name: 'invalidFlagsRefused',
  source: 'mm/mlock.c:SYSCALL mlock2, SYSCALL mlockall',
  holds: ({ call, result }) =>
    !invalidFlags(call) ||
    (result.kind === 'errno' && (result.errno === 'EINVAL' || result.errno === 'ENOSYS')),
  // The trace's `= EINVAL` expectation states it; the counterexample prints the call's result.
  restate: () => ({
    checks: [],
    notes: ['the call above names a flag its man page does not accept: it must fail with EINVAL'],
  }),
};
