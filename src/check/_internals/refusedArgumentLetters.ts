// mmap's and mprotect's edge letters (`args=edge`, edgeLetters.ts; the `arguments` bound of
// src/check/kernelBounds.ts has them): mmap and mprotect with the arguments mmap.2 and
// mprotect.2 list under ERRORS, alone and two at a time, so that the order of the kernel's
// checks shows (which errno wins), and a few good arguments next to them (a legacy flag
// MAP_SHARED_VALIDATE must accept, PROT_SEM). Verified on the host 6.18
// (spec/litmus/mmap+bad_arguments.mmt, mprotect+bad_arguments.mmt, MAP_SHARED_VALIDATE+flags.mmt).
// Letters naming a region are tried once per region.

import { type ArgSpec, type Letter, at, int, pagesArg } from '../letter.js';

const RW = int(3, 'PROT_READ|PROT_WRITE');
const NO_FD = int(-1n & 0xffffffffffffffffn, '-1');
const ZERO = int(0);
const SIZE_MAX = int((1n << 64n) - 1n, '-1');
const TWO = pagesArg(2);

/** mmap(NULL, len, prot, flags, fd, off): a new region when it succeeds. */
const placed = (
  len: ArgSpec,
  flags: ArgSpec,
  fd: ArgSpec = NO_FD,
  off: ArgSpec = ZERO,
): Letter => ({
  call: 'mmap',
  args: [{ kind: 'hint' }, len, RW, flags, fd, off],
});
const file: ArgSpec = { kind: 'fd' };
const flags = (value: number, text: string) => int(value, text);

/** Global letters: each places a region when (and only when) it succeeds. */
const GLOBAL: readonly Letter[] = [
  // do_mmap: length 0 is EINVAL; PAGE_ALIGN wrapping to 0 and more than TASK_SIZE are ENOMEM.
  placed(ZERO, flags(0x22, 'MAP_PRIVATE|MAP_ANONYMOUS')),
  placed(SIZE_MAX, flags(0x22, 'MAP_PRIVATE|MAP_ANONYMOUS')),
  placed(int(1n << 47n, '0x800000000000'), flags(0x22, 'MAP_PRIVATE|MAP_ANONYMOUS')),
  // sys_mmap: an unaligned offset is EINVAL before anything, even before the descriptor.
  placed(TWO, flags(0x02, 'MAP_PRIVATE'), NO_FD, int(1)),
  // ksys_mmap_pgoff: no MAP_ANONYMOUS and no descriptor is EBADF, before length 0.
  placed(ZERO, flags(0x02, 'MAP_PRIVATE')),
  // An unknown map type: EINVAL, anonymous or not; MAP_SHARED_VALIDATE is a file-only type.
  placed(TWO, flags(0x24, '0x4|MAP_ANONYMOUS')),
  placed(TWO, flags(0x23, 'MAP_SHARED_VALIDATE|MAP_ANONYMOUS')),
  placed(TWO, flags(0x04, '0x4'), file),
  // MAP_SHARED_VALIDATE: a flag outside LEGACY_MAP_MASK is EOPNOTSUPP, a legacy one is good;
  // MAP_SYNC only on a file that supports it (not tmpfs); MAP_LOCKED's EPERM comes first.
  placed(TWO, flags(0x403, 'MAP_SHARED_VALIDATE|0x400'), file),
  placed(TWO, flags(0x80003, 'MAP_SHARED_VALIDATE|MAP_SYNC'), file),
  placed(TWO, flags(0x100003, 'MAP_SHARED_VALIDATE|MAP_FIXED_NOREPLACE'), file),
  placed(TWO, flags(0x2403, 'MAP_SHARED_VALIDATE|MAP_LOCKED|0x400'), file),
  placed(ZERO, flags(0x403, 'MAP_SHARED_VALIDATE|0x400'), file),
  placed(TWO, flags(0x803, 'MAP_SHARED_VALIDATE|MAP_DENYWRITE'), file),
  placed(TWO, flags(0x4000003, 'MAP_SHARED_VALIDATE|MAP_UNINITIALIZED'), file),
  placed(TWO, flags(0x83, 'MAP_SHARED_VALIDATE|0x80'), file),
  // do_mmap: file_mmap_ok (4.17) refuses a file mapping that would end past the largest file
  // size, 2^63 - 1 bytes, with EOVERFLOW before the map type's checks (EOPNOTSUPP here).
  placed(
    TWO,
    flags(0x403, 'MAP_SHARED_VALIDATE|0x400'),
    file,
    int(1n << 63n, '0x8000000000000000'),
  ),
  placed(TWO, flags(0x02, 'MAP_PRIVATE'), file, int((1n << 63n) - 4096n, '0x7ffffffffffff000')),
  // A file mapping may not grow down, nor be MAP_HUGETLB off hugetlbfs; nor a shared
  // anonymous one grow down; MAP_DROPPABLE may be neither locked nor growing down.
  placed(TWO, flags(0x101, 'MAP_SHARED|MAP_GROWSDOWN'), file),
  placed(TWO, flags(0x40001, 'MAP_SHARED|MAP_HUGETLB'), file),
  placed(TWO, flags(0x121, 'MAP_SHARED|MAP_ANONYMOUS|MAP_GROWSDOWN')),
  placed(TWO, flags(0x2028, 'MAP_DROPPABLE|MAP_ANONYMOUS|MAP_LOCKED')),
  placed(TWO, flags(0x128, 'MAP_DROPPABLE|MAP_ANONYMOUS|MAP_GROWSDOWN')),
  // Good ones whose flags matter later: VM_NORESERVE (never charged: privateWritableAccounted,
  // also when mprotect makes it writable), and a droppable mapping (VM_NORESERVE too).
  placed(TWO, flags(0x4022, 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE')),
  placed(TWO, flags(0x28, 'MAP_DROPPABLE|MAP_ANONYMOUS')),
  // A private file mapping: a good type of the switch no other letter has; charged
  // (accountable_mapping) and, never faulted, still not anonymous, so mprotect taking write
  // away keeps the charge (mprotectChargeFollowsWrite). Legacy MAP_SHARED ignores a flag it
  // does not know (only MAP_SHARED_VALIDATE checks them).
  placed(TWO, flags(0x02, 'MAP_PRIVATE'), file),
  placed(TWO, flags(0x401, 'MAP_SHARED|0x400'), file),
  // Anonymous MAP_HUGETLB with no huge page reserved: ENOMEM (hugetlb_file_setup).
  placed(TWO, flags(0x40022, 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB')),
  // A stack-like mapping, for PROT_GROWSDOWN to stretch to its start.
  placed(TWO, flags(0x122, 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_GROWSDOWN')),
  // __get_unmapped_area: MAP_FIXED past TASK_SIZE is ENOMEM.
  {
    call: 'mmap',
    args: [
      int(0x7ffffffff000n, '0x7ffffffff000'),
      TWO,
      RW,
      flags(0x32, 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED'),
      NO_FD,
      ZERO,
    ],
  },
];

const region = (call: Letter['call'], args: readonly ArgSpec[]): Letter => ({
  call,
  region: 0,
  args,
});

/** Per-region letters (region 0 stands for each). */
const PER_REGION: readonly Letter[] = [
  // MAP_FIXED at an unaligned address: EINVAL; MAP_FIXED_NOREPLACE over a mapping: EEXIST.
  region('mmap', [
    at(1, 1),
    pagesArg(1),
    RW,
    flags(0x32, 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED'),
    NO_FD,
    ZERO,
  ]),
  region('mmap', [
    at(1),
    pagesArg(1),
    RW,
    flags(0x100022, 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE'),
    NO_FD,
    ZERO,
  ]),
  // do_mprotect_pkey: unaligned start, unknown prot bit, both grows bits: EINVAL; length 0:
  // success whatever the rest; a wrapping end: ENOMEM; PROT_GROWSDOWN on a VMA that does not
  // grow down, PROT_GROWSUP on x86: EINVAL; a hole after the region: ENOMEM.
  region('mprotect', [at(0, 1), pagesArg(1), RW]),
  region('mprotect', [at(0), TWO, int(0x10, '0x10')]),
  region('mprotect', [at(0, 1), ZERO, int(0x10, '0x10')]),
  region('mprotect', [at(0), ZERO, int(0x10, '0x10')]),
  region('mprotect', [at(0), SIZE_MAX, int(0x10, '0x10')]),
  region('mprotect', [at(0), TWO, int(0x09, 'PROT_READ|PROT_SEM')]),
  region('mprotect', [at(0), TWO, int(0x03000001, 'PROT_READ|PROT_GROWSDOWN|PROT_GROWSUP')]),
  region('mprotect', [at(1), pagesArg(1), int(0x01000001, 'PROT_READ|PROT_GROWSDOWN')]),
  region('mprotect', [at(1), pagesArg(1), int(0x02000001, 'PROT_READ|PROT_GROWSUP')]),
  region('mprotect', [at(1), TWO, int(1, 'PROT_READ')]),
  // The hole PROT_GROWSUP meets before its EINVAL: the region's first page unmapped.
  region('munmap', [at(0), pagesArg(1)]),
  region('mprotect', [at(0), TWO, int(0x02000001, 'PROT_READ|PROT_GROWSUP')]),
  region('mprotect', [at(0), pagesArg(1), int(0x01000001, 'PROT_READ|PROT_GROWSDOWN')]),
];

export const REFUSED_ARGUMENT_LETTERS: readonly Letter[] = [...GLOBAL, ...PER_REGION];
