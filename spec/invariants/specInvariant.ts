// What an invariant of the spec is: a named predicate over simulator states (or over one
// transition), with why it should hold and the kernel source it rests on. The model checker
// (src/check) and the statechart bridge (src/graph) test the same list (index.ts).
//
// Forbidden vs flagged (style.md 5): an invariant that fails is a bug in a model or in the
// kernel; a flag that is raised marks legal but surprising behaviour worth a trace.

import type { KernelCall } from '../../src/kernel/call.js';
import type { Result } from '../../src/kernel/result.js';
import type { KernelState } from '../../src/kernel/state.js';

/** One step of the simulator: the state before, the call, its result, the state after. */
export interface Transition {
  readonly before: KernelState;
  readonly call: KernelCall;
  readonly result: Result;
  readonly after: KernelState;
}

export interface StateInvariant {
  readonly kind: 'state';
  readonly name: string;
  /** The kernel source the invariant rests on (file:function). */
  readonly source: string;
  holds(s: KernelState): boolean;
}

export interface TransitionInvariant {
  readonly kind: 'transition';
  readonly name: string;
  readonly source: string;
  holds(t: Transition): boolean;
}

export type SpecInvariant = StateInvariant | TransitionInvariant;

/** Legal but surprising: `raised` is true on a transition that shows the surprise. */
export interface SpecFlag {
  readonly name: string;
  readonly source: string;
  raised(t: Transition): boolean;
}

/** Whether an invariant holds for one transition (a state invariant reads the state after). */
export function invariantHolds(inv: SpecInvariant, t: Transition): boolean {
  return inv.kind === 'state' ? inv.holds(t.after) : inv.holds(t);
}
