// mmap refuses bad arguments with the errno of the first check they fail, in the kernel's
// order (mmap.2 ERRORS; arch/x86/kernel/sys_x86_64.c:SYSCALL mmap, mm/mmap.c:ksys_mmap_pgoff,
// do_mmap, __get_unmapped_area), and refuses good ones with nothing but ENOMEM: the converse
// of "an mmap that returns an address did what it was asked" (mmapPostcondition), so a kernel
// (or model) that maps what it must refuse, refuses what it must map, or picks another errno
// among several failing checks is caught. x86-64, 6.18's order:
//  1. an offset not a multiple of the page size: EINVAL (sys_mmap, before anything else);
//  2. a file mapping (no MAP_ANONYMOUS) of a descriptor that is not open: EBADF; of a file
//     that is not hugetlbfs with MAP_HUGETLB: EINVAL (ksys_mmap_pgoff). An anonymous
//     MAP_HUGETLB mapping reserves huge pages in hugetlb_file_setup, and the pool is empty
//     (nr_hugepages 0 on the host and in the model): ENOMEM; with MAP_NORESERVE or a huge
//     page size field: not judged;
//  3. length 0: EINVAL; a length that PAGE_ALIGN wraps to 0: ENOMEM (do_mmap). Its EOVERFLOW
//     (pgoff + pages wrapping) cannot happen on 64 bits: pgoff is the byte offset >> 12;
//  4. __get_unmapped_area: a length above TASK_SIZE, or with MAP_FIXED (MAP_FIXED_NOREPLACE
//     implies it) an end above TASK_SIZE: ENOMEM; a MAP_FIXED address off a page boundary:
//     EINVAL. Without MAP_FIXED the hint is only a hint;
//  5. MAP_FIXED_NOREPLACE over a mapped page: EEXIST;
//  6. MAP_LOCKED without can_do_mlock (no CAP_IPC_LOCK, RLIMIT_MEMLOCK 0): EPERM; a mapping
//     VM_LOCKED by MAP_LOCKED or def_flags past RLIMIT_MEMLOCK without CAP_IPC_LOCK
//     (mm/mmap.c:mlock_future_ok): EAGAIN;
//  7. a file mapping that would end past the file's largest size (MAX_LFS_FILESIZE, 2^63 - 1
//     bytes for a regular file, tmpfs and secretmem included): EOVERFLOW (do_mmap:
//     file_mmap_ok, since 4.17; litmus mmap+file_offset_past_max);
//  8. the MAP_TYPE switch. A file: MAP_SHARED and MAP_PRIVATE are good; MAP_SHARED_VALIDATE
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

import type { TransitionInvariant } from './specInvariant.js';
import { mmapVerdict } from './_internals/mmapChecks.js';
import { acceptedResults } from './_internals/acceptedResults.js';

export const mmapRefusalsInOrder: TransitionInvariant = {
  kind: 'transition',
  calls: ['mmap'],
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
  // A refusal's errno is the call's expectation. A good mmap may return any address or ENOMEM,
  // which no expectation can say (an address is not known before the call): a comment says it.
  restate: (t) => {
    const verdict = mmapVerdict(t.before, t.call);
    return {
      ...acceptedResults(mmapRefusalsInOrder, t),
      checks: [],
      notes: [
        verdict === 'good' || verdict === 'unjudged'
          ? 'the mmap above passes every check of do_mmap: it may fail only with ENOMEM'
          : `${verdict} is the first check of do_mmap the arguments fail`,
      ],
    };
  },
};
