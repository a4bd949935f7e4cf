// The limit (mlock.2 ERRORS ENOMEM/EAGAIN, setrlimit.2 RLIMIT_MEMLOCK; mm/mlock.c:do_mlock,
// mm/mmap.c:mlock_future_ok): for a caller without CAP_IPC_LOCK, (a) an mlock, mlock2 or
// mmap that raises locked_vm leaves it within RLIMIT_MEMLOCK, and (b) an mlock or mlock2 of a
// fully mapped range refused with ENOMEM before touching a VMA would have gone past the limit
// (an ENOMEM after the VMAs were locked is population failing, a PROT_NONE page say, not the
// limit, which do_mlock checks first): relocking pages
// already in VM_LOCKED VMAs costs nothing (the credit of count_mm_mlocked_page_nr, since 4.9).
// An mlock of a range population cannot fault in (PROT_NONE, past EOF, VM_IO) fails with
// ENOMEM from __mm_populate whatever the limit: such ranges are left out of (b), as are
// mlockall (checked against total_vm) and mremap (the 6.18 DONTUNMAP leak). (c) Conversely,
// an mlock or mlock2 that do_mlock's check refuses — locked_vm plus every page of the range,
// holes included, less the pages already in VM_LOCKED VMAs, beyond the limit — fails with
// ENOMEM before touching a VMA or locked_vm (rangeFacts.mlockLimitRefuses), so a range with a
// hole gets no partial lock past the limit either.

import { PAGE_SIZE } from '../../src/uapi/constants.js';
import type { Mm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { Result } from '../../src/kernel/result.js';
import { lockFlagsInvalid, metFailure, sameVmas } from './_internals/mmFacts.js';
import { callRange, mlockLimitRefuses, rangeCost } from './_internals/rangeFacts.js';
import { checkVmLck, pageCount } from '../../src/trace/syntax.js';
import { acceptedResults } from './_internals/acceptedResults.js';
import { currentMm } from '../../src/kernel/state.js';

/**
 * (c)'s calls: do_mlock's limit check refuses them, after the EINVAL of mlock2's flags and
 * can_do_mlock's EPERM (an injected failure does not matter: population never starts).
 */
const refusedForLimit = (mm: Mm, call: KernelCall): boolean =>
  mm.rlimitMemlock !== 0n && !lockFlagsInvalid(call) && mlockLimitRefuses(mm, call);

/**
 * A kernel without a flag 6.18 has (a proposal dropping MLOCK_ONFAULT) refuses it with EINVAL in
 * SYSCALL mlock2, before do_mlock and its limit.
 */
const flagUnknown = (call: KernelCall, result: Result): boolean =>
  call.call === 'mlock2' && result.kind === 'errno' && result.errno === 'EINVAL';

export const limitPages = (mm: Mm): number =>
  mm.rlimitMemlock === null ? Infinity : Number(mm.rlimitMemlock / BigInt(PAGE_SIZE));

export const lockLimitRespected: TransitionInvariant = {
  kind: 'transition',
  calls: ['mlock', 'mlock2', 'mmap'],
  name: 'lockLimitRespected',
  source: 'mm/mlock.c:do_mlock, mm/mmap.c:mlock_future_ok',
  // Each of holds' three cases as what the trace can state: (c) refused (for the limit, or
  // earlier) with locked_vm as it was, (a) VmLck within the limit, (b) an ENOMEM the limit does
  // not explain, where the outcomes it allows are the demand (enomemOnlyUnmapped and
  // validLockSucceeds judge the other causes).
  restate: (t) => {
    const was = currentMm(t.before);
    const locking = t.call.call === 'mlock' || t.call.call === 'mlock2';
    if (locking && refusedForLimit(was, t.call))
      return {
        ...acceptedResults(lockLimitRespected, t),
        checks: [checkVmLck(pageCount(was.lockedVm))],
        notes: ['do_mlock refuses the range for RLIMIT_MEMLOCK before it touches a VMA'],
      };
    if (t.result.kind === 'value')
      return {
        checks: [checkVmLck(pageCount(Math.max(was.lockedVm, limitPages(was))), '<=')],
        notes: ['relocked pages cost nothing'],
      };
    return {
      ...acceptedResults(lockLimitRespected, t),
      checks: [],
      notes: [
        'the range is mapped, populatable and within RLIMIT_MEMLOCK once relocked pages are credited',
      ],
    };
  },
  holds: ({ before, call, result, after }) => {
    const was = before.procs[before.procs.length - 1];
    const now = after.procs[after.procs.length - 1];
    if (was === undefined || now === undefined || was.capIpcLock) return true;
    const locking = call.call === 'mlock' || call.call === 'mlock2';
    if (!locking && call.call !== 'mmap') return true;
    if (locking && refusedForLimit(was, call))
      return (
        result.kind === 'errno' &&
        (result.errno === 'ENOMEM' || result.errno === 'ENOSYS' || flagUnknown(call, result)) &&
        sameVmas(was, now) &&
        now.lockedVm === was.lockedVm
      );
    if (result.kind === 'value')
      return now.lockedVm <= was.lockedVm || now.lockedVm <= limitPages(now);
    if (!locking || result.kind !== 'errno' || result.errno !== 'ENOMEM') return true;
    // Population that met an injected failure answers ENOMEM whatever the limit.
    if (metFailure(call)) return true;
    if (!sameVmas(was, now)) return true;
    const { start, end } = callRange(call);
    const cost = rangeCost(before, was, start, end);
    return (
      cost.unmapped > 0 || cost.unpopulatable || was.lockedVm + cost.unlocked > limitPages(was)
    );
  },
};
