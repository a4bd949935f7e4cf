// A lock call that nothing refuses succeeds (issue 14, errno fidelity; mlock.2 ERRORS ties each
// error to a cause): the converse of refusalsJustified, enomemOnlyUnmapped and
// lockLimitRespected together. mlock and mlock2 with flags the man page accepts, by a caller
// that may lock (mm/mlock.c:can_do_mlock), on a range that does not wrap past 2^64
// (apply_vma_lock_flags), is within RLIMIT_MEMLOCK or the caller has CAP_IPC_LOCK
// (do_mlock's check: rangeFacts.mlockLimitRefuses), is mapped throughout (no hole for the
// walk's ENOMEM), can be populated throughout (no PROT_NONE, VM_IO|VM_PFNMAP or past-EOF page
// for __mm_populate's EFAULT, which __mlock_posix_error_return makes ENOMEM) and meets no
// injected failure, returns 0. So does munlock of a mapped range that does not wrap.
// A kernel without the call answers ENOSYS (nommu, mlock2 before 4.4), one without a flag
// EINVAL (mlock2 of a proposal dropping MLOCK_ONFAULT).

import type { KernelCall } from '../../src/kernel/call.js';
import type { Result } from '../../src/kernel/result.js';
import { type KernelState, currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { letterLockFlagsInvalid, lockFlagsInvalid } from './_internals/mmFacts.js';
import { lockRangeWraps, metFailure } from './_internals/mmFacts.js';
import { callRange, mlockLimitRefuses, rangeCost } from './_internals/rangeFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

/** Whether the kernel has no reason to refuse `call` in `s`. */
function nothingRefuses(s: KernelState, call: KernelCall): boolean {
  if (call.call !== 'mlock' && call.call !== 'mlock2' && call.call !== 'munlock') return false;
  if (lockFlagsInvalid(call) || lockRangeWraps(call) || metFailure(call)) return false;
  const mm = currentMm(s);
  const { start, end } = callRange(call);
  const cost = rangeCost(s, mm, start, end);
  if (cost.unmapped > 0) return false;
  if (call.call === 'munlock') return true;
  if (!mm.capIpcLock && (mm.rlimitMemlock === 0n || mlockLimitRefuses(mm, call))) return false;
  return !cost.unpopulatable;
}

const missingCallOrFlag = (call: KernelCall, result: Result): boolean =>
  result.kind === 'errno' &&
  (result.errno === 'ENOSYS' || (call.call === 'mlock2' && result.errno === 'EINVAL'));

export const validLockSucceeds: TransitionInvariant = {
  kind: 'transition',
  calls: ['mlock', 'mlock2', 'munlock'],
  // nothingRefuses is false for flags lockFlagsInvalid refuses, which a letter fixes: they hold.
  judgesLetter: (c) => letterLockFlagsInvalid(c) !== true,
  name: 'validLockSucceeds',
  source: 'mm/mlock.c:do_mlock, apply_vma_lock_flags, __mlock_posix_error_return',
  holds: ({ before, call, result }) =>
    before.procs.length === 0 ||
    !nothingRefuses(before, call) ||
    result.kind === 'value' ||
    missingCallOrFlag(call, result),
  restate: (t) => ({
    ...acceptedResults(validLockSucceeds, t),
    checks: [],
    notes: ['nothing refuses the call above: it is mapped, populatable and within the limit'],
  }),
};
