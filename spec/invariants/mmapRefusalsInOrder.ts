// mmap refuses bad arguments with the errno of the first check they fail, in the kernel's
// order (mmap.2 ERRORS; arch/x86/kernel/sys_x86_64.c:SYSCALL mmap, mm/mmap.c:ksys_mmap_pgoff,
// do_mmap, __get_unmapped_area), and refuses good ones with nothing but ENOMEM: the converse
// of "an mmap that returns an address did what it was asked" (mmapPostcondition), so a kernel
// (or model) that maps what it must refuse, refuses what it must map, or picks another errno
// among several failing checks is caught. x86-64, 6.18's order:
//  1. an offset not a multiple of the page size: EINVAL (sys_mmap, before anything else);
//  2. a file mapping (no MAP_ANONYMOUS) of a descriptor that is not open: EBADF; of a file
//     that is not hugetlbfs with MAP_HUGETLB: EINVAL (ksys_mmap_pgoff). An anonymous
//     MAP_HUGETLB mapping needs the huge page pool, which is not modelled: not judged;
//  3. length 0: EINVAL; a length that PAGE_ALIGN wraps to 0: ENOMEM (do_mmap). Its EOVERFLOW
//     (pgoff + pages wrapping) cannot happen on 64 bits: pgoff is the byte offset >> 12;
//  4. __get_unmapped_area: a length above TASK_SIZE, or with MAP_FIXED (MAP_FIXED_NOREPLACE
//     implies it) an end above TASK_SIZE: ENOMEM; a MAP_FIXED address off a page boundary:
//     EINVAL. Without MAP_FIXED the hint is only a hint;
//  5. MAP_FIXED_NOREPLACE over a mapped page: EEXIST;
//  6. MAP_LOCKED without can_do_mlock (no CAP_IPC_LOCK, RLIMIT_MEMLOCK 0): EPERM; a mapping
//     VM_LOCKED by MAP_LOCKED or def_flags past RLIMIT_MEMLOCK without CAP_IPC_LOCK
//     (mm/mmap.c:mlock_future_ok): EAGAIN;
//  7. the MAP_TYPE switch. A file: MAP_SHARED and MAP_PRIVATE are good; MAP_SHARED_VALIDATE
//     with a flag outside LEGACY_MAP_MASK (include/linux/mman.h; MAP_SYNC counts only on a
//     file whose f_op allows it, which tmpfs and shmem do not): EOPNOTSUPP; any other type:
//     EINVAL; then MAP_GROWSDOWN: EINVAL. A secretmem file's own mmap decides the rest
//     (mm/secretmem.c): not judged. Anonymous: MAP_SHARED with MAP_GROWSDOWN: EINVAL;
//     MAP_DROPPABLE (6.11+) with MAP_LOCKED or MAP_GROWSDOWN: EINVAL; MAP_PRIVATE is good;
//     any other type (MAP_SHARED_VALIDATE included): EINVAL.
// Past these, __mmap_region may still fail with ENOMEM (RLIMIT_DATA: dataLimitExact; no room,
// vm.max_map_count, overcommit: not modelled), and nothing else. vm.max_map_count's ENOMEM of
// do_mmap and the LSM's EACCES/EPERM are not modelled. Kernels older than a flag treat it as
// they did then (MAP_SHARED_VALIDATE before 4.15 is an unknown type, MAP_FIXED_NOREPLACE
// before 4.17 a mere hint, MAP_DROPPABLE before 6.11 an unknown type, MAP_ABOVE4G joined
// LEGACY_MAP_MASK in 6.6): the argument letters that tell them apart are only in the
// mutation bounds (test/mutation), not in the bounds the registered models are checked on.

import { PAGE_SIZE } from '../../src/uapi/constants.js';
import * as U from '../../src/uapi/constants.js';
import type { Errno } from '../../src/uapi/errno.js';
import { currentMm, type KernelState } from '../../src/kernel/state.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { VM_LOCKED, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { arg, argInt, vpnOf } from './_internals/mmFacts.js';

const PAGE = BigInt(PAGE_SIZE);
/** arch/x86/include/asm/page_64_types.h: TASK_SIZE_MAX, (1 << 47) less the guard page. */
const TASK_SIZE = (1n << 47n) - PAGE;
/** x86-64's MAP_ABOVE4G (6.6+), MAP_HUGE_2MB and MAP_HUGE_1GB (the huge page size field). */
const MAP_ABOVE4G = 0x80;
const MAP_HUGE_2MB = 21 << 26;
const MAP_HUGE_1GB = 30 << 26;
/** include/linux/mman.h:LEGACY_MAP_MASK on x86-64 (6.18): what MAP_SHARED_VALIDATE accepts. */
const LEGACY_MAP_MASK =
  U.MAP_SHARED |
  U.MAP_PRIVATE |
  U.MAP_FIXED |
  U.MAP_ANONYMOUS |
  U.MAP_DENYWRITE |
  U.MAP_EXECUTABLE |
  U.MAP_UNINITIALIZED |
  U.MAP_GROWSDOWN |
  U.MAP_LOCKED |
  U.MAP_NORESERVE |
  U.MAP_POPULATE |
  U.MAP_NONBLOCK |
  U.MAP_STACK |
  U.MAP_HUGETLB |
  U.MAP_32BIT |
  MAP_ABOVE4G |
  MAP_HUGE_2MB |
  MAP_HUGE_1GB;

/** What the checks say of an mmap: its errno, `good` (only ENOMEM may refuse it), or not judged. */
export type MmapVerdict = Errno | 'good' | 'unjudged';

/** The MAP_TYPE switch of do_mmap (step 7). */
function typeVerdict(before: KernelState, flags: number, fd: number): MmapVerdict {
  const type = flags & U.MAP_TYPE;
  const growsDown = (flags & U.MAP_GROWSDOWN) !== 0;
  if ((flags & U.MAP_ANONYMOUS) === 0) {
    if (type === U.MAP_SHARED_VALIDATE && (flags & ~(LEGACY_MAP_MASK | U.MAP_TYPE)) !== 0)
      return 'EOPNOTSUPP';
    if (type !== U.MAP_SHARED && type !== U.MAP_SHARED_VALIDATE && type !== U.MAP_PRIVATE)
      return 'EINVAL';
    const file = before.files[currentMm(before).fds.get(fd) ?? -1];
    if (file?.kind === 'secretmem') return 'unjudged';
    return growsDown ? 'EINVAL' : 'good';
  }
  if (type === U.MAP_SHARED) return growsDown ? 'EINVAL' : 'good';
  if (type === U.MAP_DROPPABLE) return growsDown || flags & U.MAP_LOCKED ? 'EINVAL' : 'good';
  return type === U.MAP_PRIVATE ? 'good' : 'EINVAL';
}

/** What the arguments alone say: the errno of the checks that read nothing else, in order. */
interface MmapArguments {
  /** sys_mmap's offset check (before the descriptor is looked at). */
  readonly offsetBad: boolean;
  /** Steps 3-4 (after the descriptor): their errno, or null when they pass. */
  readonly sizeErrno: Errno | null;
  /** The flags with MAP_FIXED_NOREPLACE implying MAP_FIXED, the descriptor, the pages. */
  readonly flags: number;
  readonly fd: number;
  readonly start: number;
  readonly pages: number;
}

/** The explorer reuses its call objects across states: the arguments are read once a call. */
const parsed = new WeakMap<KernelCall, MmapArguments>();

function mmapArguments(call: KernelCall): MmapArguments {
  const known = parsed.get(call);
  if (known !== undefined) return known;
  const addr = BigInt.asUintN(64, arg(call, 0));
  const len = BigInt.asUintN(64, arg(call, 1));
  let flags = argInt(call, 3);
  if (flags & U.MAP_FIXED_NOREPLACE) flags |= U.MAP_FIXED;
  const aligned = BigInt.asUintN(64, len + PAGE - 1n) & ~(PAGE - 1n);
  let sizeErrno: Errno | null = null;
  if (len === 0n) sizeErrno = 'EINVAL';
  else if (aligned === 0n || aligned > TASK_SIZE) sizeErrno = 'ENOMEM';
  else if (flags & U.MAP_FIXED && addr > TASK_SIZE - aligned) sizeErrno = 'ENOMEM';
  else if (flags & U.MAP_FIXED && addr % PAGE !== 0n) sizeErrno = 'EINVAL';
  const args: MmapArguments = {
    offsetBad: BigInt.asUintN(64, arg(call, 5)) % PAGE !== 0n,
    sizeErrno,
    flags,
    fd: argInt(call, 4),
    start: vpnOf(addr),
    pages: sizeErrno === null ? Number(aligned / PAGE) : 0,
  };
  parsed.set(call, args);
  return args;
}

/** The checks of mmap(addr, len, prot, flags, fd, off) in the kernel's order, on `before`. */
export function mmapVerdict(before: KernelState, call: KernelCall): MmapVerdict {
  const mm = currentMm(before);
  const { offsetBad, sizeErrno, flags, fd, start, pages } = mmapArguments(call);
  if (offsetBad) return 'EINVAL';
  if ((flags & U.MAP_ANONYMOUS) === 0) {
    if (!mm.fds.has(fd)) return 'EBADF';
    if (flags & U.MAP_HUGETLB) return 'EINVAL';
  } else if (flags & U.MAP_HUGETLB) return 'unjudged';
  if (sizeErrno !== null) return sizeErrno;
  if (flags & U.MAP_FIXED_NOREPLACE) {
    const end = start + pages;
    if (mm.vmas.some((v) => v.start < end && start < v.end)) return 'EEXIST';
  }
  const limit = mm.rlimitMemlock;
  if (flags & U.MAP_LOCKED && !mm.capIpcLock && limit === 0n) return 'EPERM';
  const locks = (flags & U.MAP_LOCKED) !== 0 || hasAny(mm.defFlags, VM_LOCKED);
  if (locks && !mm.capIpcLock && limit !== null && BigInt(mm.lockedVm + pages) > limit / PAGE)
    return 'EAGAIN';
  return typeVerdict(before, flags, fd);
}

export const mmapRefusalsInOrder: TransitionInvariant = {
  kind: 'transition',
  name: 'mmapRefusalsInOrder',
  source:
    'arch/x86/kernel/sys_x86_64.c:SYSCALL mmap; mm/mmap.c:ksys_mmap_pgoff, do_mmap, __get_unmapped_area',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mmap' || before.procs.length === 0) return true;
    const verdict = mmapVerdict(before, call);
    if (verdict === 'unjudged') return true;
    if (verdict === 'good')
      return result.kind === 'value' || (result.kind === 'errno' && result.errno === 'ENOMEM');
    return result.kind === 'errno' && result.errno === verdict;
  },
  // The trace's `= ERR` expectation states it; the counterexample prints the call's result.
  restate: ({ before, call }) => {
    const verdict = mmapVerdict(before, call);
    return {
      checks: [],
      notes: [
        verdict === 'good'
          ? 'the mmap above passes every check of do_mmap: it may fail only with ENOMEM'
          : `the mmap above must fail with ${verdict}, the first check its arguments fail`,
      ],
    };
  },
};
