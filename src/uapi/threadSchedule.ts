// A group of threads of one process, as a trace's `thread NAME { ... }` blocks write it, and the
// schedule that says in which order their calls run. This is the seam between the trace runner
// and an engine's threads: a model runs the schedule at its own internal steps (the lock
// boundaries of mm_populate and the population loops), the real kernel runs it with real
// threads held at a page by userfaultfd (or a FUSE file, where the page belongs to a mapping
// the held call itself creates, which userfaultfd cannot be registered on in advance).

import type { ConcreteCall } from './engine.js';
import type { CallResult } from './outcome.js';

/**
 * One step of a `schedule` line. `thread` is the index of the thread's block in the group.
 * - `return`: the thread's held call goes on to its end, or, if none is held, its next call
 *   runs to its end.
 * - `fault`: the thread's held call goes on, or its next call starts, and is held when it is
 *   about to fault in the page that holds `addr` (population, mlock, an access): that page is
 *   not yet touched when the next step runs.
 */
export type ScheduleStep =
  | { readonly thread: number; readonly until: 'return' }
  | { readonly thread: number; readonly until: 'fault'; readonly addr: bigint };

/** What an engine is handed for one group: each thread's calls, in order, and the schedule. */
export interface ThreadGroup {
  readonly threads: readonly (readonly ConcreteCall[])[];
  /**
   * The interleaving to run; null when the trace gives none: the threads then run concurrently
   * as the engine lets them (the kernel's own scheduler; a model picks one interleaving and the
   * runner asks for the others through the model's own exploration).
   */
  readonly schedule: readonly ScheduleStep[] | null;
}

/** Each thread's results, in the order of its calls. */
export type ThreadGroupResults = readonly (readonly CallResult[])[];

/**
 * A schedule step names a page no call of its thread ever faulted in (the call returned before
 * reaching it, or the page was already present): the schedule cannot be followed. The runner
 * reports the group as not run, with this reason, rather than a made-up interleaving.
 */
export class UnreachableScheduleError extends Error {
  constructor(
    readonly step: number,
    reason: string,
  ) {
    super(`schedule step ${step + 1} cannot be followed: ${reason}`);
    this.name = 'UnreachableScheduleError';
  }
}
