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

/** The names of `--bound env=`, and the failure each chooses (src/uapi/injection.ts). */
export const ENV_KEYS: ReadonlyMap<string, EnvFault> = new Map([
  ['oom', 'VM_FAULT_OOM'],
  ['sigbus', 'VM_FAULT_SIGBUS'],
  ['retry', 'VM_FAULT_RETRY'],
  ['noprogress', 'VM_FAULT_RETRY_FOREVER'],
  ['hwpoison', 'VM_FAULT_HWPOISON'],
] as const);

function parseEnv(value: string): EnvFault[] {
  return value.split('+').map((name) => {
    const fault = ENV_KEYS.get(name);
    if (fault === undefined)
      throw new RangeError(
        `--bound env: unknown failure '${name}'${didYouMean(name, ENV_KEYS.keys())} (${[...ENV_KEYS.keys()].join(', ')}, joined with +)`,
      );
    return fault;
  });
}

/** Throws a clear message for a bound the encoding cannot hold. */
export function checkBound(b: KernelBound): void {
  const fail = (what: string) => {
    throw new RangeError(`kernel bound '${b.name}': ${what}`);
  };
  if (!Number.isInteger(b.regions) || b.regions < 1 || b.regions > 4)
    fail(`regions must be 1..4, got ${b.regions}`);
  if (!Number.isInteger(b.pages) || b.pages < 1 || b.pages > 8)
    fail(`pages must be 1..8, got ${b.pages}`);
  if (!Number.isInteger(b.depth) || b.depth < 0) fail(`depth must be >= 0, got ${b.depth}`);
  if (!Number.isInteger(b.filePages) || b.filePages < 0 || b.filePages > 8)
    fail(`filePages must be 0..8, got ${b.filePages}`);
  if (b.setups.length < 1 || b.setups.length > 8) fail('setups must list 1..8 initial processes');
  for (const c of b.calls)
    if (!CALL_FAMILIES.includes(c))
      fail(`unknown call family '${c}'${didYouMean(c, CALL_FAMILIES)}`);
  if (b.threads !== undefined && b.threads !== 1 && b.threads !== 2)
    fail(`threads must be 1 or 2, got ${b.threads}`);
}

/** The keys of `--bound` that set a whole number, and the field each sets. */
const NUMBER_KEYS: ReadonlyMap<string, 'regions' | 'pages' | 'depth' | 'filePages'> = new Map([
  ['regions', 'regions'],
  ['pages', 'pages'],
  ['depth', 'depth'],
  ['file', 'filePages'],
] as const);

/** The keys `--bound` takes: the numbers, then the rest, in the order its messages list them. */
const BOUND_KEYS = [...NUMBER_KEYS.keys(), 'calls', 'setups', 'env', 'threads', 'args'];

/**
 * Parses `regions=3,pages=4,depth=4,file=3,calls=mlock+munlock,env=oom+sigbus` over a base;
 * `calls=+brk` adds to the base's families.
 */
export function parseBound(text: string, base: KernelBound): KernelBound {
  let b: KernelBound = { ...base, name: `${base.name}+${text}` };
  for (const part of text.split(',').filter((p) => p !== '')) {
    const [key, value = ''] = part.split('=');
    const n = Number(value);
    const num = () => {
      if (!/^\d+$/.test(value))
        throw new RangeError(`--bound ${key} takes a whole number, got '${value}'`);
      return n;
    };
    const field = NUMBER_KEYS.get(key ?? '');
    if (field !== undefined) {
      b = { ...b, [field]: num() };
      continue;
    }
    switch (key) {
      case 'calls':
        // `calls=+brk+execve` adds families to the base bound's; `calls=mlock+munlock` replaces them.
        b = value.startsWith('+')
          ? { ...b, calls: [...b.calls, ...(value.slice(1).split('+') as CallFamily[])] }
          : { ...b, calls: value.split('+') as CallFamily[] };
        break;
      case 'setups':
        b = { ...b, setups: b.setups.slice(0, Math.max(1, num())) };
        break;
      case 'env':
        b = { ...b, env: parseEnv(value) };
        break;
      case 'threads':
        b = { ...b, threads: num() };
        break;
      case 'args':
        if (value !== 'edge') throw new RangeError(`--bound args takes 'edge', got '${value}'`);
        b = { ...b, edgeArguments: true };
        break;
      default:
        throw new RangeError(
          `--bound: unknown key '${key ?? ''}'${didYouMean(key ?? '', BOUND_KEYS)} (${BOUND_KEYS.join(', ')})`,
        );
    }
  }
  checkBound(b);
  return b;
}

/**
 * `3 regions of 4 pages, depth 5, 94 letters, 3 initial processes`: a bound as every report's
 * header says it (`letters` where the report knows its alphabet).
 */
export function boundShape(b: KernelBound, letters?: number): string {
  const alphabet = letters === undefined ? '' : `, ${counted(letters, 'letter')}`;
  return `${counted(b.regions, 'region')} of ${counted(b.pages, 'page')}, depth ${b.depth}${alphabet}, ${counted(b.setups.length, 'initial process', 'initial processes')}`;
}
