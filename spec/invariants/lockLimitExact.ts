// The limit, for the lock-increasing calls other than mlock (issue 14, *limit*; setrlimit.2
// RLIMIT_MEMLOCK, mmap.2 EAGAIN, mremap.2 EAGAIN, mlock.2 ENOMEM): for a caller without
// CAP_IPC_LOCK, a locking mmap (MAP_LOCKED, def_flags with VM_LOCKED after mlockall(MCL_FUTURE),
// or a memfd_secret file), the growth of a VM_LOCKED VMA by mremap, and mlockall(MCL_CURRENT)
// succeed only within RLIMIT_MEMLOCK and are refused for the limit only beyond it:
// - mmap and mremap: mm/mmap.c:mlock_future_ok, locked_vm + the new pages against the limit,
//   with no credit for what a MAP_FIXED replaces (a mremap with MREMAP_FIXED may unmap locked
//   memory first, so only its refusal is judged);
// - mlockall: mm/mlock.c:SYSCALL mlockall, total_vm (every mapped page) against the limit;
//   beyond it, with valid flags and a nonzero limit, the answer is ENOMEM.
// Relocking is free for mlock (lockLimitRespected); mlockall locks every VMA, so it charges
// total_vm whatever is locked already.

import { PAGE_SIZE } from '../../src/uapi/constants.js';
import { MAP_ANONYMOUS, MAP_LOCKED, MCL_CURRENT, MCL_ONFAULT } from '../../src/uapi/constants.js';
import { MREMAP_FIXED } from '../../src/uapi/constants.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { Result } from '../../src/kernel/result.js';
import type { KernelState, Mm } from '../../src/kernel/state.js';
import { VM_LOCKED, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { arg, argInt, isLocked, lockFlagsInvalid, vmaAt, vpnOf } from './_internals/mmFacts.js';
import { limitPages } from './lockLimitRespected.js';
import { acceptedResults } from './_internals/acceptedResults.js';

const PAGE = BigInt(PAGE_SIZE);
const pagesOf = (len: bigint): number =>
  Number((BigInt.asUintN(64, len + PAGE - 1n) & ~(PAGE - 1n)) / PAGE);

/** The total the limit check of `call` compares with RLIMIT_MEMLOCK; null: no check. */
interface Charge {
  readonly total: number;
  /** Whether a success proves the check passed against the locked_vm before the call. */
  readonly judgeSuccess: boolean;
}

function charge(s: KernelState, mm: Mm, call: KernelCall): Charge | null {
  switch (call.call) {
    case 'mmap': {
      const flags = argInt(call, 3);
      const file = flags & MAP_ANONYMOUS ? undefined : mm.fds.get(argInt(call, 4));
      const secret = file !== undefined && s.files[file]?.kind === 'secretmem';
      const locking = (flags & MAP_LOCKED) !== 0 || hasAny(mm.defFlags, VM_LOCKED) || secret;
      // A refusal is judged whatever the flags (a proposal's new MAP_ flag may lock too).
      return { total: mm.lockedVm + pagesOf(arg(call, 1)), judgeSuccess: locking };
    }
    case 'mremap': {
      const source = vmaAt(mm, vpnOf(arg(call, 0)));
      const grow = pagesOf(arg(call, 2)) - pagesOf(arg(call, 1));
      if (source === undefined || !isLocked(source) || grow <= 0) return null;
      return { total: mm.lockedVm + grow, judgeSuccess: (argInt(call, 3) & MREMAP_FIXED) === 0 };
    }
    case 'mlockall': {
      if ((argInt(call, 0) & MCL_CURRENT) === 0) return null;
      // total_vm: every mapped page, the rest of the process included.
      const total = mm.vmas.reduce((n, v) => n + v.end - v.start, mm.otherPages);
      return { total, judgeSuccess: true };
    }
    default:
      return null;
  }
}

/**
 * mlockall(MCL_CURRENT) beyond the limit, its flags valid and the caller able to lock: refused
 * with ENOMEM, the check after the flags' EINVAL and can_do_mlock's EPERM. A kernel without
 * MCL_ONFAULT (before 4.4) refuses that flag with EINVAL first; nommu has no mlockall (ENOSYS).
 */
function refusedForLimit(call: KernelCall, result: Result): boolean {
  if (result.kind !== 'errno') return false;
  if (result.errno === 'ENOMEM' || result.errno === 'ENOSYS') return true;
  return result.errno === 'EINVAL' && (argInt(call, 0) & MCL_ONFAULT) !== 0;
}

/** Whether `result` agrees with the limit: success within it, its refusal only beyond it. */
function agrees(mm: Mm, c: Charge | null, call: KernelCall, result: Result): boolean {
  const beyond = c !== null && c.total > limitPages(mm);
  if (beyond && call.call === 'mlockall' && !lockFlagsInvalid(call) && mm.rlimitMemlock !== 0n)
    return refusedForLimit(call, result);
  if (result.kind === 'value') return c === null || !c.judgeSuccess || !beyond;
  if (result.kind !== 'errno') return true;
  const refusal = call.call === 'mlockall' ? 'ENOMEM' : 'EAGAIN';
  return result.errno !== refusal || beyond;
}

export const lockLimitExact: TransitionInvariant = {
  kind: 'transition',
  calls: ['mmap', 'mremap', 'mlockall'],
  name: 'lockLimitExact',
  source: 'mm/mmap.c:mlock_future_ok; mm/mremap.c:vma_to_resize; mm/mlock.c:SYSCALL mlockall',
  holds: ({ before, call, result }) => {
    const mm = before.procs[before.procs.length - 1];
    if (mm === undefined || mm.capIpcLock) return true;
    if (call.call !== 'mmap' && call.call !== 'mremap' && call.call !== 'mlockall') return true;
    return agrees(mm, charge(before, mm, call), call, result);
  },
  // The outcomes the limit allows: refused beyond it (or failing for another reason), not
  // refused for it within it. A good mmap or mremap returns an address no expectation can know
  // before the call, so there the demand names what is refused (`!= -1 EAGAIN`).
  restate: (t) => ({
    ...acceptedResults(lockLimitExact, t),
    checks: [],
    notes: [
      'a locking mmap, a locked mremap growth or mlockall(MCL_CURRENT) must succeed within',
      'RLIMIT_MEMLOCK and be refused for the limit only beyond it',
    ],
  }),
};
