// The advice values madvise accepts on 6.18 (the linux-6.18 model's madvise_behavior_valid).

import * as U from '../../uapi/constants.js';

/**
 * mm/madvise.c:madvise_behavior_valid on this kernel's configuration: no
 * CONFIG_MEMORY_FAILURE, so MADV_HWPOISON and MADV_SOFT_OFFLINE are invalid (semantics 0).
 */
export const VALID_ADVICE_6_18 = new Set<number>([
  U.MADV_NORMAL,
  U.MADV_RANDOM,
  U.MADV_SEQUENTIAL,
  U.MADV_WILLNEED,
  U.MADV_DONTNEED,
  U.MADV_FREE,
  U.MADV_REMOVE,
  U.MADV_DONTFORK,
  U.MADV_DOFORK,
  U.MADV_MERGEABLE,
  U.MADV_UNMERGEABLE,
  U.MADV_HUGEPAGE,
  U.MADV_NOHUGEPAGE,
  U.MADV_DONTDUMP,
  U.MADV_DODUMP,
  U.MADV_WIPEONFORK,
  U.MADV_KEEPONFORK,
  U.MADV_COLD,
  U.MADV_PAGEOUT,
  U.MADV_POPULATE_READ,
  U.MADV_POPULATE_WRITE,
  U.MADV_DONTNEED_LOCKED,
  U.MADV_COLLAPSE,
  U.MADV_GUARD_INSTALL,
  U.MADV_GUARD_REMOVE,
]);
