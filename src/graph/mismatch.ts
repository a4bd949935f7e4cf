// A place where the statechart and the simulator disagree, or where an invariant fails on
// the simulator, with the shortest path that reaches it.

import type { MmEvent } from '../../spec/machines/mmEvent.js';

export interface Mismatch {
  /** `disagreement`: abstraction != machine state; `invariant`: a spec invariant failed. */
  readonly kind: 'disagreement' | 'invariant';
  /** The failed invariant, for `invariant`. */
  readonly invariant?: string;
  /** The events from the initial state; the last one is the step that disagrees. */
  readonly events: readonly MmEvent[];
  /** 1-based index of that step. */
  readonly step: number;
  /** What the statechart says after the step (AbstractMm, shown). */
  readonly expected: string;
  /** What the simulator's abstraction says after the step. */
  readonly actual: string;
  /** The trace that reproduces it, printed with src/trace/printer.ts. */
  readonly trace: string;
}
