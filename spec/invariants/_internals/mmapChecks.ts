// mmap's argument checks in 6.18's order, on the state before the call (the list and its
// sources: spec/invariants/mmapRefusalsInOrder.ts, which judges the errno; dataLimitExact asks
// them too, since RLIMIT_DATA is counted only for an mmap that passes them).

import { PAGE_SIZE } from '../../../src/uapi/constants.js';
import * as U from '../../../src/uapi/constants.js';
import type { Errno } from '../../../src/uapi/errno.js';
import { currentMm, type KernelState } from '../../../src/kernel/state.js';
import type { KernelCall } from '../../../src/kernel/call.js';
import { VM_LOCKED, hasAny } from '../../../src/uapi/vmFlags.js';
import { LEGACY_MAP_MASK } from '../../../src/uapi/legacyMapMask.js';
import { arg, argInt, vpnOf } from './mmFacts.js';
import { oncePerCall } from './oncePerCall.js';

const PAGE = BigInt(PAGE_SIZE);
/** arch/x86/include/asm/page_64_types.h: TASK_SIZE_MAX, (1 << 47) less the guard page. */
const TASK_SIZE = (1n << 47n) - PAGE;

/** What the checks say of an mmap: its errno, `good` (only ENOMEM may refuse it), or not judged. */
export type MmapVerdict = Errno | 'good' | 'unjudged';

/** The MAP_TYPE switch of do_mmap (step 8). */
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
  /**
   * mm/mmap.c:file_mmap_ok for a regular file: offset plus length past MAX_LFS_FILESIZE
   * (2^63 - 1 bytes). Read only for a file mapping.
   */
  readonly pastMaxFileSize: boolean;
}

/** MAX_LFS_FILESIZE on 64 bits. */
const MAX_LFS_FILESIZE = (1n << 63n) - 1n;

const mmapArguments = oncePerCall((call): MmapArguments => {
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
  return {
    offsetBad: BigInt.asUintN(64, arg(call, 5)) % PAGE !== 0n,
    sizeErrno,
    flags,
    fd: argInt(call, 4),
    start: vpnOf(addr),
    pages: sizeErrno === null ? Number(aligned / PAGE) : 0,
    pastMaxFileSize:
      aligned > MAX_LFS_FILESIZE ||
      BigInt.asUintN(64, arg(call, 5)) / PAGE > (MAX_LFS_FILESIZE - aligned) / PAGE,
  };
});

/** The checks of mmap(addr, len, prot, flags, fd, off) in the kernel's order, on `before`. */
export function mmapVerdict(before: KernelState, call: KernelCall): MmapVerdict {
  const mm = currentMm(before);
  const { offsetBad, sizeErrno, flags, fd, start, pages, pastMaxFileSize } = mmapArguments(call);
  if (offsetBad) return 'EINVAL';
  if ((flags & U.MAP_ANONYMOUS) === 0) {
    if (!mm.fds.has(fd)) return 'EBADF';
    if (flags & U.MAP_HUGETLB) return 'EINVAL';
  } else if (flags & U.MAP_HUGETLB)
    // hugetlb_file_setup reserves the huge pages: with none in the pool (nr_hugepages 0, the
    // host's and the model's) that is ENOMEM; MAP_NORESERVE or a huge page size field skip
    // or change the reservation: not judged.
    return flags & (U.MAP_NORESERVE | (0x3f << 26)) ? 'unjudged' : 'ENOMEM';
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
  // The file checks open with file_mmap_ok (since 4.17), before the map type is looked at.
  if ((flags & U.MAP_ANONYMOUS) === 0 && pastMaxFileSize) return 'EOVERFLOW';
  return typeVerdict(before, flags, fd);
}
