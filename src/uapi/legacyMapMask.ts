// include/linux/mman.h:LEGACY_MAP_MASK on x86-64 (6.6 and later): the MAP_ flags every mmap
// implementation has always taken, so the ones MAP_SHARED_VALIDATE accepts of a file without
// ->mmap_validate (tmpfs and shmem have none; MAP_SYNC is accepted only where FOP_MMAP_SYNC
// allows it, DAX). Plain MAP_SHARED silently drops the bits outside it (mm/mmap.c:do_mmap).
// Measured on the host 6.18: 0x200, 0x400, MAP_SYNC, MAP_FIXED_NOREPLACE and 0x200000-0x2000000
// are EOPNOTSUPP, MAP_UNINITIALIZED and the MAP_HUGE_ size field are accepted
// (spec/litmus/MAP_SHARED_VALIDATE+flags.mmt).
// It is the kernel ABI's fact, so the vocabulary's: a model's mapSharedValidateMask chooses it
// (or an older release's mask), and the properties judge that choice against it.

import * as U from './constants.js';

export const LEGACY_MAP_MASK =
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
  U.MAP_ABOVE4G |
  U.MAP_HUGE_2MB |
  U.MAP_HUGE_1GB;
