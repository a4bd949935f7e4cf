// CAP_IPC_LOCK waives RLIMIT_MEMLOCK (issue 14, *limit*; capabilities.7 CAP_IPC_LOCK,
// setrlimit.2 RLIMIT_MEMLOCK, mlock.2 ENOMEM, mmap.2 and mremap.2 EAGAIN): a caller holding the
// capability is never refused for the limit, whatever the limit is (a process may hold both a
// small limit and the capability). lockLimitRespected and lockLimitExact judge callers without
// it; this is their other half:
// - mmap and mremap: no EAGAIN (mm/mmap.c:mlock_future_ok returns true for capable callers;
//   EAGAIN has no other cause here, file locks are not modelled);
// - mlockall: no ENOMEM (mm/mlock.c:SYSCALL mlockall skips the total_vm check; population
//   errors are ignored there);
// - mlock, mlock2: ENOMEM only for a range with a hole, or one population cannot fault in
//   (mm/mlock.c:do_mlock skips the locked_vm check; __mlock_posix_error_return turns
//   population's EFAULT into ENOMEM), or where the environment failed the call.

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { metFailure } from './_internals/mmFacts.js';
import { callRange, rangeCost } from './_internals/rangeFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

export const limitWaivedByCapIpcLock: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['mmap', 'mremap', 'mlockall', 'mlock', 'mlock2'],
  name: 'limitWaivedByCapIpcLock',
  source: 'mm/mlock.c:do_mlock, SYSCALL mlockall; mm/mmap.c:mlock_future_ok',
  holds: ({ before, call, result }) => {
    if (result.kind !== 'errno' || before.procs.length === 0) return true;
    const mm = currentMm(before);
    if (!mm.capIpcLock) return true;
    switch (call.call) {
      case 'mmap':
      case 'mremap':
        return result.errno !== 'EAGAIN';
      case 'mlockall':
        return result.errno !== 'ENOMEM';
      case 'mlock':
      case 'mlock2': {
        if (result.errno !== 'ENOMEM' || metFailure(call)) return true;
        const { start, end } = callRange(call);
        const cost = rangeCost(before, mm, start, end);
        return cost.unmapped > 0 || cost.unpopulatable;
      }
      default:
        return true;
    }
  },
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => ({
    ...acceptedResults(limitWaivedByCapIpcLock, t),
    checks: [],
    notes: ['the caller holds CAP_IPC_LOCK: the call above must not be refused for RLIMIT_MEMLOCK'],
  }),
};
