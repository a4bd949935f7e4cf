// What running a Program yields, on a model or on the real kernel: the same shape for both, so
// that checks are judged, and the two engines compared, by one piece of code.

import type { Errno, Signal } from './errno.js';
import type { PageFlag } from './pageFlags.js';

/** The result of one call or access. Addresses and fds are plain values. */
export type CallResult =
  | { readonly kind: 'value'; readonly value: bigint }
  | { readonly kind: 'errno'; readonly errno: Errno }
  | { readonly kind: 'signal'; readonly signal: Signal }
  /**
   * The call never returns: a fault retried without progress (VM_FAULT_RETRY_FOREVER), found
   * by a model within its step budget (src/kernel/environment.ts); a kernel reports it when the
   * call outlives its time budget.
   */
  | { readonly kind: 'hang' };

/** A raw observable as the engine saw it, before any check judges it. */
export type Observed =
  /** one letter a page: `.` not present, `z` zero page, `p` present, `L` present and mlocked */
  | { readonly kind: 'pages'; readonly letters: string }
  /** VmFlags mnemonics of the VMA, or null when no VMA holds the address */
  | { readonly kind: 'vmflags'; readonly mnemonics: readonly string[] | null }
  | {
      readonly kind: 'vma';
      readonly extent: { readonly start: bigint; readonly end: bigint } | null;
    }
  | { readonly kind: 'vmas'; readonly count: number }
  /** the flags of the page holding an address (none when it is not present) */
  | { readonly kind: 'page'; readonly flags: readonly PageFlag[] }
  /** locked memory over the trace's regions, in bytes */
  | { readonly kind: 'VmLck'; readonly bytes: bigint }
  /** anonymous memory the trace's regions map with PMDs (smaps AnonHugePages), in bytes */
  | { readonly kind: 'AnonHugePages'; readonly bytes: bigint }
  /** data_vm (VmData: private writable non-stack memory) over the trace's regions, in bytes */
  | { readonly kind: 'VmData'; readonly bytes: bigint }
  /** the system's mlocked or unevictable memory less its value when the trace began, in bytes */
  | { readonly kind: 'Mlocked' | 'Unevictable'; readonly bytes: bigint }
  | { readonly kind: 'def_flags'; readonly mnemonics: readonly string[] };

/** One executed statement, keyed by its source line (each statement runs at most once). */
export type Step =
  | { readonly line: number; readonly kind: 'call'; readonly result: CallResult }
  | { readonly line: number; readonly kind: 'check'; readonly observed: Observed }
  | { readonly line: number; readonly kind: 'fork'; readonly exitStatus: number };

/** Why an engine could not run some or all of a trace. */
export interface Unsupported {
  readonly line?: number;
  readonly reason: string;
}

export interface Outcome {
  readonly engine: string;
  readonly steps: readonly Step[];
  readonly unsupported: readonly Unsupported[];
  /**
   * When the run explored every interleaving of a group of threads (a model, no schedule):
   * the steps of each distinct run, `steps` being the first. Absent otherwise.
   */
  readonly interleavings?: readonly (readonly Step[])[];
  /**
   * When an engine that cannot explore (a real kernel) ran the trace this many times
   * (`mmspec run --kernel --runs N`): `interleavings` holds each run's steps.
   */
  readonly repeated?: number;
  /** Pages of the process outside the trace's regions (kernel: measured; model: its parameter). */
  readonly restPages?: number;
}
