// The bounded alphabet of `conform --depth N`: the steps tried at every position, and the
// process setups a trace may start from. Small on purpose (depth 3 is |A|^3 traces), yet every
// flag value that changes a decision in mm/mlock.c, mm/mmap.c and mm/madvise.c is here once,
// invalid ones included, against the prefix's regions `a` (anonymous) and `b` (shared file,
// last page past EOF).

import type { ConformSetup, Op, Place } from './op.js';

const RW = 'PROT_READ|PROT_WRITE';
const ANON = 'MAP_PRIVATE|MAP_ANONYMOUS';
const A = 0;
const B = 1;

function at(region: number, page: number): Place {
  return { region, page };
}

const MMAPS: readonly Op[] = [
  { kind: 'mmap', pages: 2, prot: RW, flags: `${ANON}|MAP_LOCKED`, file: false },
  { kind: 'mmap', pages: 2, prot: RW, flags: `${ANON}|MAP_POPULATE`, file: false },
  { kind: 'mmap', pages: 2, prot: 'PROT_NONE', flags: `${ANON}|MAP_LOCKED`, file: false },
  // MAP_NONBLOCK drops the populate of MAP_LOCKED (mm/mmap.c:do_mmap), the lock stays.
  {
    kind: 'mmap',
    pages: 2,
    prot: 'PROT_READ',
    flags: 'MAP_SHARED|MAP_LOCKED|MAP_NONBLOCK',
    file: true,
  },
  // No map type: EINVAL (mm/mmap.c:do_mmap), after or before the lock checks?
  { kind: 'mmap', pages: 2, prot: RW, flags: 'MAP_ANONYMOUS|MAP_LOCKED', file: false },
  // A private file mapping over the middle of `a`: splits it, pages may be the file's or zero.
  {
    kind: 'mmap',
    pages: 2,
    prot: 'PROT_READ',
    flags: 'MAP_PRIVATE|MAP_POPULATE',
    file: true,
    fixed: at(A, 1),
  },
];

const LOCKS: readonly Op[] = [
  { kind: 'range', call: 'mlock', at: at(A, 0), pages: 4 },
  { kind: 'range', call: 'mlock', at: at(A, 1), pages: 2 },
  // Runs past the end of `a` into the hole after it: ENOMEM (mm/mlock.c:apply_vma_lock_flags).
  { kind: 'range', call: 'mlock', at: at(A, 2), pages: 4 },
  { kind: 'range', call: 'mlock2', at: at(A, 0), pages: 4, arg: 'MLOCK_ONFAULT' },
  { kind: 'range', call: 'mlock2', at: at(A, 1), pages: 1, arg: '0x2' },
  { kind: 'range', call: 'munlock', at: at(A, 1), pages: 2 },
  { kind: 'range', call: 'mlock', at: at(B, 0), pages: 4 },
];

// All 8 values of MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT, and one bit no kernel knows.
const MCL_VALUES = [
  '0',
  'MCL_CURRENT',
  'MCL_FUTURE',
  'MCL_CURRENT|MCL_FUTURE',
  'MCL_ONFAULT',
  'MCL_CURRENT|MCL_ONFAULT',
  'MCL_FUTURE|MCL_ONFAULT',
  'MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT',
  'MCL_CURRENT|0x8',
];

const OTHERS: readonly Op[] = [
  { kind: 'munlockall' },
  { kind: 'range', call: 'madvise', at: at(A, 0), pages: 4, arg: 'MADV_POPULATE_READ' },
  { kind: 'range', call: 'madvise', at: at(A, 0), pages: 4, arg: 'MADV_POPULATE_WRITE' },
  { kind: 'range', call: 'madvise', at: at(A, 0), pages: 4, arg: 'MADV_DONTNEED' },
  { kind: 'range', call: 'madvise', at: at(A, 0), pages: 4, arg: 'MADV_DONTNEED_LOCKED' },
  { kind: 'range', call: 'mprotect', at: at(A, 1), pages: 2, arg: 'PROT_NONE' },
  { kind: 'range', call: 'munmap', at: at(A, 1), pages: 1 },
  { kind: 'access', call: 'write', at: at(A, 1) },
  { kind: 'access', call: 'read', at: at(A, 2) },
  { kind: 'access', call: 'write', at: at(B, 0) },
  // Growing in place populates a locked VMA's new tail (mm/mremap.c).
  { kind: 'mremap', at: at(A, 0), oldPages: 4, newPages: 6, flags: '0' },
  // The 6.18 locked_vm leak of MREMAP_DONTUNMAP, onto the start of `b` (semantics 18.3).
  {
    kind: 'mremap',
    at: at(A, 0),
    oldPages: 2,
    newPages: 2,
    flags: 'MREMAP_MAYMOVE|MREMAP_DONTUNMAP|MREMAP_FIXED',
    to: at(B, 0),
  },
  // A child: its VMAs are unlocked copies; it mlocks (and COWs) its own.
  { kind: 'fork', ops: [{ kind: 'range', call: 'mlock', at: at(A, 0), pages: 4 }] },
  { kind: 'fork', ops: [{ kind: 'access', call: 'write', at: at(A, 1) }] },
];

/** Every step tried at every position of `--depth N`. */
export const ALPHABET: readonly Op[] = [
  ...MMAPS,
  ...LOCKS,
  ...MCL_VALUES.map((flags): Op => ({ kind: 'mlockall', flags })),
  ...OTHERS,
];

/**
 * The setups other than the default (CAP_IPC_LOCK, no limit). Each counts as one step of the
 * depth: a trace of depth N is a setup and N - 1 steps, or the default and N steps.
 */
export const SETUPS: readonly ConformSetup[] = [
  { capIpcLock: false, rlimitBytes: null },
  { capIpcLock: false, rlimitBytes: 0 },
  { capIpcLock: false, rlimitBytes: 4095 },
  { capIpcLock: false, rlimitBytes: 3 * 4096 },
  // CAP_IPC_LOCK ignores the limit for mlock but not for everything (mm/mlock.c:can_do_mlock).
  { capIpcLock: true, rlimitBytes: 0 },
];
