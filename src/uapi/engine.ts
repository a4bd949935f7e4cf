// The seam between the trace runner and what runs a trace: a model of the kernel (src/kernel)
// or the real kernel (src/oracle). The runner evaluates every expression itself and hands the
// engine concrete values, so both engines see exactly the same calls.

import type { CallName } from './callName.js';
import type { Injection } from './injection.js';
import type { CallResult, Observed } from './outcome.js';
import type { ThreadGroup, ThreadGroupResults } from './threadSchedule.js';

/** Process setup a trace's directives ask for. */
export interface Setup {
  /** Soft and hard RLIMIT_MEMLOCK in bytes; null for RLIM_INFINITY. */
  readonly rlimitMemlock: bigint | null;
  readonly capIpcLock: boolean;
  /** Soft and hard RLIMIT_DATA in bytes (`rlimit DATA`); absent or null for RLIM_INFINITY. */
  readonly rlimitData?: bigint | null;
  /**
   * Transparent hugepages on (`thp on`): a MADV_HUGEPAGE region may fault in large folios.
   * Absent or false: off, every page is a 4 KiB page.
   */
  readonly thp?: boolean;
  /**
   * Pages of the process outside the trace's regions, which mlockall(MCL_CURRENT) counts.
   * A model takes it as a parameter (the kernel run of --compare measures it first);
   * the real kernel ignores it and reports what it has in `Session.restPages`.
   */
  readonly restPages?: number;
}

/**
 * A call with every argument evaluated. Numbers are the unsigned 64-bit values C would pass
 * (a negative length arrives as 2^64 - n). `existing` carries its mapping name in `name`.
 */
export interface ConcreteCall {
  readonly call: CallName;
  readonly args: readonly bigint[];
  readonly name?: string;
  /** The environment's answers to faults during this call (absent: none; uapi/injection.ts). */
  readonly inject?: readonly Injection[];
}

/**
 * What a check observes, its addresses and lengths of type `V`: expressions in a trace's
 * syntax tree (src/trace/ast.ts), numbers once the runner has evaluated them.
 */
export type ObservableOf<V> =
  | { readonly kind: 'pages'; readonly addr: V; readonly len: V }
  | { readonly kind: 'vmflags'; readonly addr: V }
  | { readonly kind: 'vma'; readonly addr: V }
  | { readonly kind: 'vmas'; readonly addr: V; readonly len: V }
  /** the page holding ADDR: its flags as src/uapi/pageFlags.ts names them */
  | { readonly kind: 'page'; readonly addr: V }
  | { readonly kind: 'VmLck' }
  /** smaps' AnonHugePages summed over the trace's regions: anonymous memory mapped by PMDs */
  | { readonly kind: 'AnonHugePages' }
  /** /proc/PID/status VmData (mm->data_vm) less the program's own data mappings */
  | { readonly kind: 'VmData' }
  /** /proc/meminfo's Mlocked or Unevictable, less its value when the trace began */
  | { readonly kind: 'Mlocked' | 'Unevictable' }
  | { readonly kind: 'def_flags' };

export type ConcreteObservable = ObservableOf<bigint>;

/**
 * The operands of an observable in the order a check writes them: none for the observables of
 * the whole process (VmLck, def_flags, the counters), an address, or an address and a length.
 * Read from the shape, so a new observable needs no list of kinds updated here.
 */
export function observableOperands<V>(o: ObservableOf<V>): readonly V[] {
  if ('len' in o) return [o.addr, o.len];
  if ('addr' in o) return [o.addr];
  return [];
}

/** The same observable with each operand mapped through `f` (evaluating a check's expressions). */
export function mapObservable<A, B>(o: ObservableOf<A>, f: (operand: A) => B): ObservableOf<B> {
  if ('len' in o) return { kind: o.kind, addr: f(o.addr), len: f(o.len) };
  if ('addr' in o) return { kind: o.kind, addr: f(o.addr) };
  return o;
}

/** One run of one trace. Calls are made in order; fork nests. */
export interface Session {
  /** Pages of the process outside the trace's regions, as this engine sees or assumes them. */
  readonly restPages: number;
  call(call: ConcreteCall): Promise<CallResult>;
  /** Rejects with UnavailableObservableError when this engine cannot see `what` on this host. */
  observe(what: ConcreteObservable): Promise<Observed>;
  /**
   * Reads `what` without the side effects the kernel's own reading has (the def_flags probe
   * maps and unmaps a page, which drains the mlock batch), for drawings that must not change
   * the run they draw. Engines that cannot read quietly leave it out.
   */
  peek?(what: ConcreteObservable): Promise<Observed>;
  /** Enter a fork block: later calls run in the child until forkExit. */
  forkEnter(): Promise<void>;
  /** Leave a fork block: the child exits; returns its exit status. */
  forkExit(): Promise<number>;
  /**
   * Runs a group of threads of this process (`thread NAME { ... }` blocks) and joins them.
   * Rejects with UnreachableScheduleError when the schedule cannot be followed. Engines that
   * cannot run threads leave it out and the runner reports the group Unsupported.
   */
  runThreads?(group: ThreadGroup): Promise<ThreadGroupResults>;
  /**
   * A model only: runs a group without a schedule in every interleaving of its internal
   * steps and returns each distinct end, with a session that goes on from that end (the
   * runner runs the rest of the trace on each). Added compatibly by the threads branch.
   */
  exploreThreads?(group: ThreadGroup): Promise<readonly ThreadBranch[]>;
  /** Ends the run and frees what it held. Always called, also after errors. */
  close(): Promise<void>;
}

/** One distinct end of a group's interleavings, and a session that goes on from there. */
export interface ThreadBranch {
  readonly results: ThreadGroupResults;
  readonly session: Session;
}

export interface Engine {
  /** `linux-6.18`, `kernel 6.18.44`, ... */
  readonly name: string;
  /** Rejects with UnsupportedSetupError when this host cannot give the process that setup. */
  start(setup: Setup): Promise<Session>;
  /** Frees what the engine holds between sessions (the real kernel's executor processes). */
  close?(): Promise<void>;
}

/**
 * An engine cannot observe this on this host (e.g. `/proc/kpageflags` unreadable without
 * root). Never answered with a made-up value; the runner records it as Unsupported.
 */
export class UnavailableObservableError extends Error {
  constructor(
    readonly observable: ConcreteObservable['kind'],
    readonly reason: string,
  ) {
    super(`${observable} is unavailable: ${reason}`);
    this.name = 'UnavailableObservableError';
  }
}

/** An engine cannot give the process the Setup a trace asks for; the trace is Unsupported. */
export class UnsupportedSetupError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnsupportedSetupError';
  }
}

/**
 * Where a `NULL` hint places region number k of a trace (k = 0, 1, ...): far from the
 * executor's own mappings and far from each other, so nothing merges that the trace did not
 * place together. The runner passes this as the mmap hint; both engines honour a free hint the
 * way the kernel does (mm/mmap.c:generic_get_unmapped_area).
 */
export const REGION_BASE = 0x2000_0000_0000n;
export const REGION_STRIDE = 0x4000_0000n; // 1 GiB
export function regionHint(k: number): bigint {
  return REGION_BASE + BigInt(k) * REGION_STRIDE;
}

/**
 * The most pages one `pages()` check reads (128 MiB): the real kernel's executor reads at
 * most this many, and the runner refuses a longer range before either engine sees it, so a
 * check such as `pages(a, -1)` ends both runs at the same statement instead of one of them
 * building a string of 2^52 letters.
 */
export const MAX_OBSERVED_PAGES = 1n << 15n;

/** How many pages `pages(addr, len)` reads: those [addr, addr + len) meets. */
export const observedPages = (addr: bigint, len: bigint): bigint =>
  ((addr & 4095n) + len + 4095n) >> 12n;
