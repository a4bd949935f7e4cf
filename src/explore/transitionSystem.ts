// The seam between the explorer and what it explores: any finite transition system with an
// initial state, a successor function and a canonical packed encoding. The kernel model and the
// lockbench benchmark both plug in here; the explorer knows nothing else about them.

import type { Decoder } from './decoder.js';
import type { Encoder } from './encoder.js';

/** A named safety property that must hold in every reachable state. */
export interface Invariant<S> {
  readonly name: string;
  /** `s` may be a scratch value the system reuses: read it, never keep it. */
  holds(s: S): boolean;
}

/**
 * A named property of every transition (for example "a call never unlocks a page"). `J`: what
 * the system makes of a transition for its properties once (TransitionSystem.judgement).
 */
export interface TransitionProperty<S, L, J = unknown> {
  readonly name: string;
  /** `to` may be a scratch value the system reuses: read it, never keep it. */
  holds(from: S, label: L, to: S): boolean;
  /**
   * The verdict `holds` gives, read from the system's judgement of the transition instead of
   * the transition itself. Optional; the explorer asks it when the system has `judgement`,
   * taken out of the property once and called without a `this`.
   */
  holdsOn?(this: void, judgement: J): boolean;
}

export interface TransitionSystem<S, L, J = unknown> {
  readonly name: string;
  /**
   * Most 32-bit words `encode` writes. The state store keeps exactly this many words a state
   * (shorter encodings are zero-padded), so a variable-length encoding should begin with its
   * length or otherwise stay unambiguous under zero padding.
   */
  readonly encodedWords: number;
  initial(): Iterable<S>;
  /**
   * Calls `emit` once per enabled transition, self-loops included: every call counts as one
   * transition. `next` is only read during the call, so a system may pass the same scratch
   * value every time; it must not mutate `s`.
   */
  successors(s: S, emit: (label: L, next: S) => void): void;
  /**
   * `successors` passes a fresh value to every emit, never a scratch one, so the explorer may
   * keep it past the call: it then checks the states found past the last level the depth bound
   * lets it expand on the values emitted, instead of decoding them again (Expander.
   * checkFoundInto). Optional; without it they are decoded and checked afterwards.
   */
  readonly freshSuccessors?: boolean;
  /** Canonical, packed: two states are the same state iff they encode to the same words. */
  encode(s: S, out: Encoder): void;
  /**
   * For a state that is its own encoding (a fixed-width vector of words, like lockbench's):
   * writes exactly `encodedWords` words of `encode`'s output to `out` from `at`, sparing the
   * Encoder on every transition. Optional; must agree with `encode`.
   */
  encodeWords?(s: S, out: Int32Array, at: number): void;
  /**
   * The inverse of `encode` (up to equivalence); must return a fresh value. Optional: without
   * it the explorer keeps every state object instead of its words alone, which costs memory,
   * allows one thread only, and requires `emit` to pass fresh `next` values, never a scratch.
   */
  decode?(input: Decoder): S;
  /**
   * A cheap test that `next`, emitted from `s`, is `s` again (a self-loop), true only when
   * sure: the explorer then counts the transition and checks its properties without encoding
   * `next`. Optional; a false answer costs nothing but the encoding.
   */
  isSelfLoop?(s: S, next: S): boolean;
  /**
   * A leaf: a successor the search reports but neither stores nor expands (a dead end the
   * system does not want searched, such as a pair of runs already told apart). The transition
   * into it counts and its transition properties are checked; its invariants are not, and a
   * counterexample ends at the transition into it. Optional; without it every successor is
   * stored.
   */
  isLeaf?(next: S): boolean;
  /**
   * Symmetry reduction: a representative of `s`'s class, applied before encoding. With it,
   * counterexample steps go from representative to representative (as in TLC and SPIN).
   */
  canonicalize?(s: S): S;
  /**
   * `encode(canonicalize(s))` without building the representative (symmetry reduction permutes
   * a state only to encode it): the explorer uses it for successors when it keeps no state
   * objects (the system has `decode`). Optional; must write the same words.
   */
  encodeCanonical?(s: S, out: Encoder): void;
  readonly invariants: readonly Invariant<S>[];
  readonly transitionProperties?: readonly TransitionProperty<S, L, J>[];
  /**
   * What the properties that have `holdsOn` read of the transition `from` -`label`-> `to`, made
   * once for all of them (the kernel system's simulator step: before, call, result, after), or
   * null when there is nothing to judge (each such property then holds). Optional: made per
   * property, it was a closure call and its checks on each of about ten properties asked a
   * transition.
   */
  judgement?(from: S, label: L, to: S): J | null;
  /**
   * The indices (into transitionProperties) of the properties that may fail on the transition
   * `from` -`label`-> `to`, in increasing order: the others hold on it (for its label, or for
   * what it did to the state), so the explorer does not ask them. Optional; without it every
   * property judges every transition.
   */
  judgedBy?(label: L, from: S, to: S): readonly number[];
  describeLabel(label: L): string;
  describeState?(s: S): string;
  /**
   * Statistics the system gathers while it is explored (the kernel system's coverage), as plain
   * data: each worker thread's copy hands its share over at the end, and the calling thread's
   * copy adds them up with `addStatistics`. Both or neither.
   */
  takeStatistics?(): SystemArg;
  addStatistics?(statistics: SystemArg): void;
}

/** JSON-like values that can cross into a worker thread. */
export type SystemArg =
  string | number | boolean | null | readonly SystemArg[] | { readonly [key: string]: SystemArg };

/**
 * How a worker thread builds the same system: functions cannot cross threads, so each worker
 * imports `module` (a file: URL or absolute path of compiled JavaScript) and calls
 * `module[factory](...args)` (awaited, so a factory may resolve a model file first).
 */
export interface SystemRef {
  readonly module: string;
  readonly factory: string;
  readonly args: readonly SystemArg[];
}
