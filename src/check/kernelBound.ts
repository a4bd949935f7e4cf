// A bound of the kernel transition system: how many regions of how many pages, which call
// families to try with which argument values, the alternative initial processes (rlimit,
// capability, def_flags), and the depth. The spec is unbounded (spec/); a bound with the
// verdicts it must produce is a claim (src/check/kernelBounds.ts, proofs/claims.ts).

import { MAPPING_SYSCALLS } from '../uapi/callName.js';
import type { EnvFault } from '../uapi/injection.js';
import { didYouMean } from '../uapi/closest.js';
import { counted } from '../trace/counted.js';

/** One alternative initial process: a trace's `cap` and `rlimit` directives, and def_flags. */
export interface BoundSetup {
  readonly capIpcLock: boolean;
  /** RLIMIT_MEMLOCK in bytes (soft and hard), or null for RLIM_INFINITY. */
  readonly rlimitBytes: number | null;
  /**
   * Start with VM_NOHUGEPAGE in def_flags, as s390 KVM (arch/s390/mm/gmap.c) or 3.15-4.12's
   * PR_SET_THP_DISABLE did. No x86-64 6.18 process can: no trace directive says it, and a C
   * reproducer reports that it cannot set it up.
   */
  readonly defNoHugepage?: boolean;
  /**
   * RLIMIT_DATA in bytes (soft and hard), for the mutation test's bound of may_expand_vm
   * (test/mutation); absent: RLIM_INFINITY, which no built-in bound changes.
   */
  readonly rlimitDataBytes?: number;
}

/** The call families every built-in bound tries (each with its own argument domain). */
export const DEFAULT_CALL_FAMILIES = [
  'mmap',
  'mmapFixed',
  ...MAPPING_SYSCALLS,
  'access',
  'fork',
] as const;

/**
 * Families of calls the alphabet may include: the default ones, and `execve` and `brk`, tried
 * only when a bound names them (`calls=...+execve+brk`), so the built-in bounds explore what
 * they did before. With `brk` the process has a heap of its own: an empty one at the spot after
 * the last region (src/check/_internals/layout.ts), growing up to `pages` pages.
 */
export const CALL_FAMILIES = [
  ...DEFAULT_CALL_FAMILIES,
  'execve',
  'brk',
  'setrlimit',
  'capset',
  // File objects of the process's own (src/check/_internals/layout.ts `objects`): a shared
  // anonymous region, with its shmem object (mm/shmem.c:shmem_zero_setup), and a secretmem
  // descriptor, which has no close-on-exec (mm/secretmem.c:memfd_secret with flags 0).
  'mmapShmem',
  'memfd_secret',
  // MAP_PRIVATE mappings of the bound's tmpfile (`calls=+mmapPrivateFile`): copy-on-write of
  // page cache pages, which no other letter maps privately (mm/memory.c:do_cow_fault, and
  // do_wp_page over a cache page a read fault mapped).
  'mmapPrivateFile',
] as const;
export type CallFamily = (typeof CALL_FAMILIES)[number];

/**
 * The RLIMIT_MEMLOCK values, in pages, the `setrlimit` family lowers the limit to mid-run
 * (`calls=+setrlimit`): 0 (can_do_mlock's EPERM) and one and two pages (below and at what one
 * region of the default bound locks in part), so that mlock, mlockall and MCL_FUTURE mappings
 * meet a limit under locked_vm. A raise is EPERM (src/kernel/setrlimit.ts), so these are the
 * only limits a run reaches besides its setup's. `calls=+capset` drops CAP_IPC_LOCK.
 */
export const SETRLIMIT_PAGES: readonly number[] = [0, 1, 2];

/**
 * Whether the bound's letters make file objects of their own (a shmem object, secretmem), which
 * its states then carry besides the tmpfile (src/check/_internals/layout.ts `objects`).
 */
export const boundHasObjects = (b: KernelBound): boolean =>
  b.calls.includes('mmapShmem') || b.calls.includes('memfd_secret');

/** Every RLIMIT_MEMLOCK a bound's processes can have, in bytes (Infinity for unlimited). */
export function boundRlimits(b: KernelBound): number[] {
  const set = b.setups.map((s) => (s.rlimitBytes === null ? Infinity : s.rlimitBytes));
  const lowered = b.calls.includes('setrlimit') ? SETRLIMIT_PAGES.map((p) => p * 4096) : [];
  return [...new Set([...set, ...lowered])];
}

/** The RLIMIT_DATA values, in pages, the setrlimit letters lower it to (edgeLetters.ts). */
export const SETRLIMIT_DATA_PAGES: readonly number[] = [1];

/**
 * Every RLIMIT_DATA a bound's processes can have, in bytes (undefined for unlimited, which
 * setrlimit's RLIM_INFINITY letter asks for again): the setups' and what setrlimit lowers it to.
 */
export function boundDataLimits(b: KernelBound): (bigint | undefined)[] {
  const set = b.setups.map((s) => s.rlimitDataBytes);
  const lowered = b.calls.includes('setrlimit') ? SETRLIMIT_DATA_PAGES.map((p) => p * 4096) : [];
  return [...new Set([undefined, ...set, ...lowered])].map((v) =>
    v === undefined ? undefined : BigInt(v),
  );
}

/**
 * A flag or constant the alphabet must also try because a model's overridden decision points
 * read it (src/review/flagFlow.ts finds them): a MAP_ flag gives new mmap letters, an MCL_ flag
 * mlockall letters, an MLOCK_ flag mlock2 letters, a MADV_ value madvise letters.
 */
export interface ExtraFlag {
  readonly name: string;
  readonly value: number;
  /** How a printed trace spells it: the name, or a number when a model lacks the name. */
  readonly text: string;
}

export interface KernelBound {
  readonly name: string;
  /** Regions a trace may map with a NULL hint (a, b, c, ...): at most 4. */
  readonly regions: number;
  /** Pages of the largest region; every address the alphabet names lies within it. */
  readonly pages: number;
  /** Steps after the initial state (BFS levels). */
  readonly depth: number;
  /** `f = tmpfile(nP)` before the first step, for shared file mappings; 0 for none. */
  readonly filePages: number;
  readonly setups: readonly BoundSetup[];
  readonly calls: readonly CallFamily[];
  /** Flags beyond the fixed argument domains (absent: none). */
  readonly extraFlags?: readonly ExtraFlag[];
  /**
   * The environment's failures the explorer may choose at a fault (`env=oom+sigbus`): each
   * population letter and access again, failing at each page it faults. Absent: none.
   */
  readonly env?: readonly EnvFault[];
  /**
   * `threads=2`: a single-threaded prefix, then two threads of the process (A, B) whose calls
   * interleave at the kernel's lock boundaries (src/check/threadSystem.ts); `depth` counts the
   * calls of prefix and threads together. Absent or 1: one thread, every call atomic.
   */
  readonly threads?: number;
  /**
   * `args=edge`: for each family of the bound, letters with the arguments the kernel refuses or
   * rounds at the edges of its validation and arithmetic (src/check/_internals/edgeLetters.ts).
   * Absent: none.
   */
  readonly edgeArguments?: boolean;
}

/**
 * The whole numbers a bound's fields may hold: what the state encoding sizes its fields for
 * (src/check/_internals/layout.ts; regions name slots a, b, c, d, pages and file pages keep a
 * region's page bits within a word), and one or two threads. `--bound`'s messages quote them.
 */
export const BOUND_RANGES = {
  regions: [1, 4],
  pages: [1, 8],
  depth: [0, Infinity],
  filePages: [0, 8],
  threads: [1, 2],
} as const satisfies Record<string, readonly [number, number]>;

/** `1..4`, or `0 or more`: a range as messages say it. */
export const rangeText = ([lo, hi]: readonly [number, number]): string =>
  hi === Infinity ? `${lo} or more` : `${lo}..${hi}`;

/** Throws a clear message for a bound the encoding cannot hold. */
export function checkBound(b: KernelBound): void {
  const fail = (what: string) => {
    throw new RangeError(`kernel bound '${b.name}': ${what}`);
  };
  const fields = { ...b, threads: b.threads ?? 1 };
  for (const [field, range] of Object.entries(BOUND_RANGES)) {
    const v = fields[field as keyof typeof BOUND_RANGES];
    if (!Number.isInteger(v) || v < range[0] || v > range[1])
      fail(`${field} must be ${rangeText(range)}, got ${v}`);
  }
  if (b.setups.length < 1 || b.setups.length > 8) fail('setups must list 1..8 initial processes');
  for (const c of b.calls)
    if (!CALL_FAMILIES.includes(c))
      fail(`unknown call family '${c}'${didYouMean(c, CALL_FAMILIES)}`);
}

/**
 * `3 regions of 4 pages, depth 5, 94 letters, 3 initial processes`: a bound as every report's
 * header says it (`letters` where the report knows its alphabet).
 */
export function boundShape(b: KernelBound, letters?: number): string {
  const alphabet = letters === undefined ? '' : `, ${counted(letters, 'letter')}`;
  return `${counted(b.regions, 'region')} of ${counted(b.pages, 'page')}, depth ${b.depth}${alphabet}, ${counted(b.setups.length, 'initial process', 'initial processes')}`;
}
