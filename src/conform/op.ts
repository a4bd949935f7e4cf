// One step of a generated conformance trace, as data: the exhaustive alphabet and the random
// generator both produce Ops, and renderTrace.ts turns a list of them into .mmt text. Flags are
// kept in the kernel's uapi spelling (`PROT_READ|PROT_WRITE`, `MCL_CURRENT|0x8`) so a printed
// disagreement reads like a hand-written trace.

/**
 * An address inside a region the trace has bound: `region` indexes the regions bound so far
 * (0 = a, 1 = b, then each mmap(NULL, ...) of the trace in order), modulo their number, so any
 * index is valid whatever shrinking removes. `byte` makes the address unaligned.
 */
export interface Place {
  readonly region: number;
  readonly page: number;
  readonly byte?: number;
}

/** Calls that take (addr, len[, arg]). */
export type RangeCall = 'mlock' | 'mlock2' | 'munlock' | 'munmap' | 'mprotect' | 'madvise';

export type Op =
  /** A new region at a fresh spot (`fixed` absent), or MAP_FIXED over a bound one. */
  | {
      readonly kind: 'mmap';
      readonly pages: number;
      readonly prot: string;
      readonly flags: string;
      /** Backed by the trace's tmpfile `f` (offset 0) rather than anonymous. */
      readonly file: boolean;
      readonly fixed?: Place;
    }
  /** `arg` is mlock2's flags, mprotect's prot, madvise's advice. */
  | {
      readonly kind: 'range';
      readonly call: RangeCall;
      readonly at: Place;
      readonly pages: number;
      readonly arg?: string;
    }
  | { readonly kind: 'mlockall'; readonly flags: string }
  | { readonly kind: 'munlockall' }
  | { readonly kind: 'access'; readonly call: 'read' | 'write'; readonly at: Place }
  /** `to`: the new_address (MREMAP_FIXED's target, or the one MREMAP_DONTUNMAP validates). */
  | {
      readonly kind: 'mremap';
      readonly at: Place;
      readonly oldPages: number;
      readonly newPages: number;
      readonly flags: string;
      readonly to?: Place;
    }
  /** A fork block: `ops` run in the child, which then observes every region. */
  | { readonly kind: 'fork'; readonly ops: readonly Op[] };

/** The process a trace starts as: its `cap` and `rlimit` directives. */
export interface ConformSetup {
  readonly capIpcLock: boolean;
  /** RLIMIT_MEMLOCK in bytes, or null for unlimited. */
  readonly rlimitBytes: number | null;
}

export const DEFAULT_SETUP: ConformSetup = { capIpcLock: true, rlimitBytes: null };

/** What conform generates and runs: a setup and the steps after the fixed prefix. */
export interface ConformTrace {
  readonly setup: ConformSetup;
  readonly ops: readonly Op[];
}
