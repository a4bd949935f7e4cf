// What an invariant of the spec is: a named predicate over simulator states (or over one
// transition), with why it should hold and the kernel source it rests on. The model checker
// (src/check) and the statechart bridge (src/graph) test the same list (index.ts).
//
// Each invariant also restates itself as trace checks (`restate`): what the last step of a
// failing run must show to keep the invariant, written so the checks fail on the model exactly
// when the invariant does. A counterexample ends with them (src/check/counterexampleTrace.ts).
//
// Forbidden vs flagged (style.md 5): an invariant that fails is a bug in a model or in the
// kernel; a flag that is raised marks legal but surprising behaviour worth a trace.

import type { KernelCall } from '../../src/kernel/call.js';
import { CALL_NAMES, type CallName } from '../../src/uapi/callName.js';
import type { Result } from '../../src/kernel/result.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { CheckStmt, Expectation, Expr } from '../../src/trace/ast.js';

/** One step of the simulator: the state before, the call, its result, the state after. */
export interface Transition {
  readonly before: KernelState;
  readonly call: KernelCall;
  readonly result: Result;
  readonly after: KernelState;
}

/** A region of the trace a restatement speaks of. */
export interface TraceRegion {
  /** The address `page` pages into the region, as the trace writes it (`a + 1P`). */
  at(page: number): Expr;
  /** The region's first page (vpn) and how many pages the trace observes there. */
  readonly firstVpn: number;
  readonly pages: number;
}

/** The trace a restatement ends: its regions, and checks of what a state shows of them. */
export interface TraceView {
  readonly regions: readonly TraceRegion[];
  /** Region `r` in `k`: its pages, each VMA's extent and lock bits. */
  regionObserved(k: KernelState, r: number): CheckStmt[];
  /** `check VmLck = nP` as `k` has it. */
  vmLckObserved(k: KernelState): CheckStmt;
  /** The def_flags lock bits `k` has, as `has`/`lacks` checks. */
  defFlagsObserved(k: KernelState): CheckStmt[];
  /** Every region, then VmLck and def_flags. */
  observed(k: KernelState): CheckStmt[];
  /**
   * The lock bits mlockall gave the rest of the process in `k` (Mm.otherLock), as checks of
   * the stack, which the trace then binds before its first call (`existing("[stack]")`).
   */
  restLockObserved(k: KernelState): CheckStmt[];
}

/** An invariant as trace checks; none when no observable states it. */
export interface Restatement {
  /**
   * What the last call must return, where the invariant demands it of the call's result (an
   * errno no cause justifies, a call that must succeed): the counterexample expects it in place
   * of the model's result, which a comment names.
   */
  readonly result?: Expectation;
  readonly checks: readonly CheckStmt[];
  /** What the checks cannot state (no observable reaches it), as comment lines. */
  readonly notes?: readonly string[];
}

interface Named {
  readonly name: string;
  /** The kernel source the invariant rests on (file:function). */
  readonly source: string;
  /** What the last step `t` of a failing run must show to keep the invariant. */
  restate(t: Transition, trace: TraceView): Restatement;
}

export interface StateInvariant extends Named {
  readonly kind: 'state';
  holds(this: void, s: KernelState): boolean;
}

export interface TransitionInvariant extends Named {
  readonly kind: 'transition';
  /**
   * The calls whose transitions it judges: on any other call it holds whatever the transition
   * shows, so the explorer does not ask it (src/check/kernelProperties.ts dispatches on this;
   * test/spec/judgedCalls.test.ts checks each declaration). Absent: every call.
   */
  readonly calls?: JudgedCalls;
  /**
   * The kinds of result whose transitions it judges: on a transition whose call returned
   * another kind (a successful call for a property about refusals, a failed one for a
   * postcondition) it holds whatever the rest of the transition shows, so the explorer does not
   * ask it there. test/spec/judgedCalls.test.ts checks each declaration on transitions made to
   * return each kind left out. Absent: every kind.
   */
  readonly results?: readonly ResultKind[];
  /**
   * True only when every clause of `holds` relates the state before to the state after by a
   * reflexive relation (the same pages, no new PTE, no gap grown...) and reads the call and its
   * result only to choose among such clauses: then it holds on any transition whose step
   * handed back the very state it was given, whatever the call and result, and the explorer
   * does not ask it there (45% of the default bound's transitions). A postcondition ("a
   * successful mlock leaves the range VM_LOCKED") must not say it: a model whose mlock does
   * nothing and returns 0 changes nothing and breaks it. A list of result kinds says the same
   * for a step that returned one of them only (such a postcondition, for the failures it
   * judges by a reflexive relation). test/spec/judgedCalls.test.ts checks each declaration on
   * transitions made unchanged, with every result of the kinds it names.
   */
  readonly holdsWhenUnchanged?: true | readonly ResultKind[];
  /**
   * Whether it may fail on a call made with the arguments a bound's letter fixes (the flags,
   * the advice, the lengths given as numbers; not the addresses and descriptors): false only
   * where `holds` returns true at a test of those arguments alone, whatever the state before
   * and after and the result. The explorer asks it once a letter, when its lists are made, and
   * never about the transitions of a letter it refuses (props35). test/spec/judgedCalls.test.ts
   * checks each declaration as it checks `calls`. Absent: every letter.
   */
  readonly judgesLetter?: (this: void, c: LetterCall) => boolean;
  /** Reads no `this`: the explorer calls it taken out of the object. */
  holds(this: void, t: Transition): boolean;
}

/** A call's name as the step function spells it (a system call, an access, fork or exit). */
export type KernelCallName = KernelCall['call'];

/**
 * A call as a bound's letter fixes it before any state: its name, and those of its arguments
 * the letter gives as numbers, the same in every state (undefined for the rest: an address in
 * a region, a descriptor, the heap; and for one past the end).
 */
export interface LetterCall {
  readonly call: KernelCallName;
  readonly arg: (i: number) => bigint | undefined;
}

/**
 * Argument `i` of a letter as the kernel's `int` parameter reads it (argInt in
 * spec/invariants/_internals/mmFacts.ts), or undefined where the letter does not fix it.
 */
export function letterArgInt(c: LetterCall, i: number): number | undefined {
  const v = c.arg(i);
  return v === undefined ? undefined : Number(BigInt.asIntN(32, v));
}

/** The calls a transition invariant judges: a list, or every call (the safe default). */
export type JudgedCalls = readonly KernelCallName[] | 'every call';

/** Every call the step function takes: a Record so that a new call name must be added here. */
const EVERY_CALL: Readonly<Record<KernelCallName, true>> = {
  ...(Object.fromEntries(CALL_NAMES.map((n) => [n, true])) as Record<CallName, true>),
  fork: true,
  exit: true,
  lru_add_drain: true,
};

/** What a call returned, by kind (src/uapi/outcome.ts): a value, an errno, a signal, or a hang. */
export type ResultKind = Result['kind'];

/** Every kind of result: a Record so that a new kind must be added here. */
const EVERY_RESULT: Readonly<Record<ResultKind, true>> = {
  value: true,
  errno: true,
  signal: true,
  hang: true,
};
export const RESULT_KINDS = Object.keys(EVERY_RESULT) as readonly ResultKind[];

/** The kinds of result on which a step that changed nothing keeps `inv` (none: not declared). */
export function unchangedHoldsFor(inv: TransitionInvariant): readonly ResultKind[] {
  const h = inv.holdsWhenUnchanged;
  return h === undefined ? [] : h === true ? RESULT_KINDS : h;
}

/** Every call but `skipped`: for an invariant that judges all calls save a few. */
export function callsExcept(...skipped: readonly KernelCallName[]): readonly KernelCallName[] {
  return (Object.keys(EVERY_CALL) as KernelCallName[]).filter((n) => !skipped.includes(n));
}

/** Whether an invariant that judges `calls` may fail on a transition of call `name`. */
export function judges(calls: JudgedCalls | undefined, name: KernelCallName): boolean {
  return calls === undefined || calls === 'every call' || calls.includes(name);
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
