// Bounds of the kernel explorer (src/check): values, each a claim together with the
// verdicts proofs/claims.ts expects of it. The spec is unbounded; only these are checked.

import { DEFAULT_CALL_FAMILIES, type BoundSetup, type KernelBound } from './kernelBound.js';

/** The default process and the ones whose limits change a decision (semantics 2.1-2.3). */
export const SETUPS: readonly BoundSetup[] = [
  { capIpcLock: true, rlimitBytes: null },
  // Unprivileged, 2 pages: mlock ENOMEM, MAP_LOCKED EAGAIN, mlockall(MCL_CURRENT) ENOMEM.
  { capIpcLock: false, rlimitBytes: 2 * 4096 },
  // Unprivileged, limit 0: can_do_mlock fails, EPERM.
  { capIpcLock: false, rlimitBytes: 0 },
];

/**
 * The default bound: 3 regions of up to 4 pages, a 3-page tmpfile (a shared mapping of 4
 * pages has its last page past EOF), every call family. Depth 5: 385,736 states, about 10-12 s
 * of CPU (two workers share it); depth 6: 4,537,849 states in about 650 MB, 124-142 s of CPU,
 * 64-74 s on two workers, so not the 60 s issue 15 asks for (figures of stop 38,
 * spec/reduction.md).
 */
export const DEFAULT_KERNEL_BOUND: KernelBound = {
  name: 'default',
  regions: 3,
  pages: 4,
  depth: 5,
  filePages: 3,
  setups: SETUPS,
  calls: DEFAULT_CALL_FAMILIES,
};

/** Small and fast, for tests and claims: 2 regions of 2 pages, depth 3. */
export const SMALL_KERNEL_BOUND: KernelBound = {
  name: 'small',
  regions: 2,
  pages: 2,
  depth: 3,
  filePages: 2,
  setups: SETUPS.slice(0, 2),
  calls: DEFAULT_CALL_FAMILIES,
};

/** The planted def_flags bug needs a def_flags bit other than the lock bits to start with. */
export const NOHUGEPAGE_KERNEL_BOUND: KernelBound = {
  name: 'def-nohugepage',
  regions: 1,
  pages: 2,
  depth: 2,
  filePages: 0,
  setups: [{ capIpcLock: true, rlimitBytes: null, defNoHugepage: true }],
  calls: ['mmap', 'mlock', 'mlockall', 'munlockall'],
};

/**
 * Two threads of one process (issue 16, src/check/threadSystem.ts): one region of 2 pages, up
 * to 3 calls in all (prefix and threads), the calls that populate or change a range another
 * thread is populating. Its shortest ownership counterexample on linux-6.18 has 4 steps.
 */
export const THREADS_KERNEL_BOUND: KernelBound = {
  name: 'threads',
  regions: 1,
  pages: 2,
  depth: 3,
  filePages: 0,
  setups: SETUPS.slice(0, 1),
  calls: ['mmap', 'mmapFixed', 'mlock', 'munlock', 'munmap', 'mprotect', 'madvise'],
  threads: 2,
};

/**
 * mmap and mprotect with the arguments their validation refuses, each in the kernel's order
 * (mmapRefusalsInOrder, mprotectRefusalsInOrder), beside the mapping calls that make the
 * states they are refused in: 2 regions of 2 pages, a privileged and an EPERM process.
 */
export const ARGUMENTS_KERNEL_BOUND: KernelBound = {
  name: 'arguments',
  regions: 2,
  pages: 2,
  depth: 3,
  filePages: 2,
  setups: [
    SETUPS[0] ?? { capIpcLock: true, rlimitBytes: null },
    { capIpcLock: false, rlimitBytes: 0 },
  ],
  calls: ['mmap', 'mmapFixed', 'munmap', 'mprotect', 'mlock'],
  edgeArguments: true,
};

export const KERNEL_BOUNDS: readonly KernelBound[] = [
  DEFAULT_KERNEL_BOUND,
  SMALL_KERNEL_BOUND,
  NOHUGEPAGE_KERNEL_BOUND,
  THREADS_KERNEL_BOUND,
  ARGUMENTS_KERNEL_BOUND,
];
