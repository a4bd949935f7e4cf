// The hot loop of the explorer, shared by the single-threaded driver and every worker thread:
// decode a state, check the invariants on it, generate its successors, encode each into one
// reusable buffer, skip self-loops without touching the table, queue the rest for insertion.
// Invariants are checked when a state is expanded (as TLC and SPIN do), not when it is found,
// so states that are never expanded must go through `checkRange` -- or, for the level the
// depth bound leaves unexpanded, be checked as they are found (`checkFoundInto`).

import { Decoder } from '../decoder.js';
import { Encoder } from '../encoder.js';
import type { StateStore } from '../stateStore.js';
import type { Partition } from '../exploreOptions.js';
import type { TransitionProperty, TransitionSystem } from '../transitionSystem.js';
import { hashWords } from './hashWords.js';
import { InsertBatch } from './insertBatch.js';

/** No violation recorded yet for a property. */
export const NONE = -1;

/**
 * Takes the violations found by `checkFoundInto` for the invariants `violations` has none of:
 * called once every state of the shallower levels has been checked.
 */
export function adoptFound(violations: Int32Array, found: Int32Array): void {
  for (let k = 0; k < found.length; k++) {
    const index = found[k] ?? NONE;
    if (index !== NONE && violations[k] === NONE) violations[k] = index;
  }
}

export class Expander<S, L> {
  /** Transitions generated so far by this expander, self-loops included. */
  transitions = 0;
  private readonly encoder: Encoder;
  private readonly decoder = new Decoder();
  private readonly current: Int32Array;
  private readonly width: number;
  private readonly batch: InsertBatch<S>;
  private readonly decode: ((input: Decoder) => S) | null;
  /** Every state object by index, for systems without `decode`; null otherwise. */
  private readonly retained: S[] | null;
  private readonly invariantCount: number;
  private readonly transitionProperties: readonly TransitionProperty<S, L>[];
  private readonly judgedBy: ((label: L, from: S, to: S) => readonly number[]) | null;
  /** Each transition property's index, asked when the system has no `judgedBy`. */
  private readonly everyProperty: readonly number[];
  /** Each transition property's `holdsOn`, by index (loaded from the property once). */
  private readonly holdsOn: readonly (((j: unknown) => boolean) | undefined)[];
  private readonly judgement: ((from: S, label: L, to: S) => unknown) | null;
  private readonly canonicalize: ((s: S) => S) | null;
  private readonly encodeRepresentative: ((s: S, out: Encoder) => void) | null;
  private readonly encodeWords: ((s: S, out: Int32Array, at: number) => void) | null;
  private readonly isSelfLoop: ((s: S, next: S) => boolean) | null;
  private readonly isLeaf: ((next: S) => boolean) | null;
  /** Whether the system has isLeaf or isSelfLoop (kept out of emit's way when it has neither). */
  private readonly mayStop: boolean;
  private from = -1;
  private fromState: S | undefined;
  /** The hash of the key of the state being expanded (in `current`). */
  private fromHash = 0;
  /** States below this index are initial: only their transitions are split among parts. */
  private initialCount = 0;
  /** Ordinal of the next transition out of the initial state being expanded. */
  private ordinal = 0;

  /**
   * `violations`, per property (invariants first, then transition properties): the index of
   * the first state found violating it (for a transition property, the state the transition
   * leaves), or NONE. Possibly shared between threads; written once by compare-and-swap.
   */
  constructor(
    private readonly system: TransitionSystem<S, L>,
    private store: StateStore,
    private readonly violations: Int32Array,
    private readonly shared: boolean,
    private readonly partition: Partition | null = null,
  ) {
    this.width = system.encodedWords;
    this.encoder = new Encoder(this.width, `${system.name}.encode`);
    this.current = new Int32Array(this.width);
    this.decode = system.decode === undefined ? null : system.decode.bind(system);
    this.retained = this.decode === null ? [] : null;
    this.batch = new InsertBatch(this.width, this.retained);
    this.invariantCount = system.invariants.length;
    this.transitionProperties = system.transitionProperties ?? [];
    this.judgedBy = system.judgedBy === undefined ? null : system.judgedBy.bind(system);
    this.everyProperty = this.transitionProperties.map((_, k) => k);
    this.holdsOn = this.transitionProperties.map((p) => p.holdsOn);
    this.judgement = system.judgement === undefined ? null : system.judgement.bind(system);
    this.canonicalize = system.canonicalize === undefined ? null : system.canonicalize.bind(system);
    // Only without retained states: a retained state must be the representative itself.
    this.encodeRepresentative =
      system.encodeCanonical === undefined || this.retained !== null
        ? null
        : system.encodeCanonical.bind(system);
    this.encodeWords = system.encodeWords === undefined ? null : system.encodeWords.bind(system);
    this.isSelfLoop = system.isSelfLoop === undefined ? null : system.isSelfLoop.bind(system);
    this.isLeaf = system.isLeaf === undefined ? null : system.isLeaf.bind(system);
    this.mayStop = this.isLeaf !== null || this.isSelfLoop !== null;
  }

  /**
   * While expanding the last level the depth bound lets expand, checks each new state as it is
   * found, on the successor the system emitted, rather than decoding it again afterwards
   * (`checkRange`): on the default kernel bound at depth 6 that level holds 91% of the
   * states, and decoding them was about 8% of the run. Its violations go to `found`, not to
   * the expander's own array: a state found now is one step deeper than the states still
   * being expanded and checked, so its violation may count only for the invariants the whole
   * expanded level keeps (`adoptFound`), or the reported run would not be the shortest.
   * `null` turns it off. Only for a system whose successors are fresh values (its
   * `freshSuccessors`): returns whether the states found will be checked.
   */
  checkFoundInto(found: Int32Array | null): boolean {
    this.batch.onFound =
      found === null || this.system.freshSuccessors !== true
        ? null
        : (s, index) => {
            this.checkInvariantsInto(found, s, index);
          };
    return this.batch.onFound !== null;
  }

  /** Switches to a grown copy of the store (same indices). */
  useStore(store: StateStore): void {
    this.store = store;
  }

  /** Adds an initial state (checked when expanded); returns its index, or < 0 if already there. */
  addInitial(s: S): number {
    const c = this.canonicalize === null ? s : this.canonicalize(s);
    const key = this.encodeCanonical(c);
    const hash = hashWords(key, this.width);
    const index = this.store.insert(key, 0, hash, -1, this.shared);
    if (index >= 0 && this.retained !== null) this.retained[index] = c;
    return index;
  }

  /** Marks states 0 .. count - 1 as the initial ones (for the partition). */
  setInitialCount(count: number): void {
    this.initialCount = count;
  }

  /** A fresh (or retained) value of state `index`, for traces. */
  stateAt(index: number): S {
    return this.decodeAt(index);
  }

  /**
   * Checks and expands states `from` .. `to` - 1. Stops early (returning the first index not
   * expanded) once the store holds `stateLimit` states or is too full; checked every 4th
   * state, so the successors of up to 3 more states may overshoot either bound.
   */
  expandRange(from: number, to: number, stateLimit: number): number {
    const store = this.store;
    let i = from;
    for (; i < to; i++) {
      // Every 4th state only: with worker threads the counter's cache line is contended.
      if ((i & 3) === 0 && (store.full || store.size >= stateLimit)) break;
      this.expandOne(i);
    }
    this.batch.flush(store, this.shared);
    return i;
  }

  /** Checks the invariants on states `from` .. `to` - 1 without expanding them. */
  checkRange(from: number, to: number): void {
    if (this.invariantCount === 0) return;
    for (let i = from; i < to; i++) this.checkInvariants(this.decodeAt(i), i);
  }

  /** State `index`; also leaves its key in `current` for the self-loop test. */
  private decodeAt(index: number): S {
    const key = this.store.keyOf(index, this.current);
    if (this.decode !== null) return this.decode(this.decoder.reset(key));
    const s = this.retained?.[index];
    if (s === undefined) throw new Error(`explore: state ${index} was never stored`);
    return s;
  }

  private expandOne(index: number): void {
    const s = this.decodeAt(index);
    if (this.invariantCount > 0) this.checkInvariants(s, index);
    this.from = index;
    this.fromState = s;
    this.fromHash = hashWords(this.current, this.width);
    // One call site, so that V8 can inline the system's successors here (two sites, one per
    // emit, cost lockbench (5,3) about 8% more user CPU).
    const split = this.partition !== null && index < this.initialCount;
    this.ordinal = 0;
    this.system.successors(s, split ? this.emitFirst : this.emit);
  }

  /** `emit` for the transitions out of an initial state: only those of this part. */
  private readonly emitFirst = (label: L, next: S): void => {
    const p = this.partition;
    const j = this.ordinal++;
    if (p === null || (this.from + j) % p.count === p.index) this.emit(label, next);
  };

  private readonly emit = (label: L, next: S): void => {
    this.transitions++;
    if (this.mayStop && this.unstored(next)) {
      if (this.transitionProperties.length > 0) this.checkTransition(label, next);
      return;
    }
    const batch = this.batch;
    const at = batch.nextAt;
    let c = next;
    if (this.encodeRepresentative !== null) {
      // The representative's words, the representative not built (retained is null: c unused).
      this.encoder.resetInto(batch.keys, at);
      this.encodeRepresentative(next, this.encoder);
      this.encoder.finish(batch.nextWritten);
    } else {
      if (this.canonicalize !== null) c = this.canonicalize(next);
      this.encodeInto(c, batch.keys, at);
    }
    // The encoder's length, when it wrote the key: the words past it are zero (finish).
    const written = this.encodeWords === null ? this.encoder.length : this.width;
    batch.noteWritten(written);
    // A self-loop needs no lookup: its target is the state being expanded. The hash first: the
    // words of a changed successor often agree with the current state's for a long way.
    const hash = hashWords(batch.keys, this.width, at, undefined, written);
    if (hash !== this.fromHash || !this.isCurrent(batch.keys, at))
      batch.commit(this.from, this.store, this.shared, c, hash);
    if (this.transitionProperties.length > 0) this.checkTransition(label, next);
  };

  /** A leaf, or a self-loop found without encoding: the transition's target is not stored. */
  private unstored(next: S): boolean {
    if (this.isLeaf !== null && this.isLeaf(next)) return true;
    const from = this.fromState;
    return this.isSelfLoop !== null && from !== undefined && this.isSelfLoop(from, next);
  }

  private checkInvariants(s: S, index: number): void {
    this.checkInvariantsInto(this.violations, s, index);
  }

  private checkInvariantsInto(violations: Int32Array, s: S, index: number): void {
    const invariants = this.system.invariants;
    for (let k = 0; k < invariants.length; k++) {
      if (violations[k] !== NONE || this.violations[k] !== NONE) continue;
      const inv = invariants[k];
      if (inv !== undefined && !inv.holds(s)) Atomics.compareExchange(violations, k, NONE, index);
    }
  }

  /**
   * The transition properties the system asks about one transition (all of them when it has
   * no `judgedBy`), each through the system's judgement `j` where both have one (a null
   * judgement: the property holds); the first violation found is recorded. The judgement is
   * made only for a list that is not empty (on the kernel bounds none is: every call has a
   * property that judges every result). One loop, not a method call an ask, and each
   * property's `holdsOn` loaded once, not from the property on every ask.
   */
  private checkTransition(label: L, next: S): void {
    const from = this.fromState;
    if (from === undefined) return;
    const judged = this.judgedBy === null ? this.everyProperty : this.judgedBy(label, from, next);
    if (judged.length === 0) return;
    // undefined: the system makes no judgement, each property reads the transition itself.
    const j = this.judgement === null ? undefined : this.judgement(from, label, next);
    const violations = this.violations;
    const first = this.invariantCount;
    for (let i = 0; i < judged.length; i++) {
      const k = judged[i] ?? 0;
      if (violations[first + k] !== NONE) continue;
      const on = this.holdsOn[k];
      const holds =
        j !== undefined && on !== undefined
          ? j === null || on(j)
          : this.transitionProperties[k]?.holds(from, label, next) !== false;
      if (!holds) Atomics.compareExchange(violations, first + k, NONE, this.from);
    }
  }

  private encodeCanonical(s: S): Int32Array {
    this.encodeInto(s, this.encoder.words, 0);
    return this.encoder.words;
  }

  private encodeInto(s: S, out: Int32Array, at: number): void {
    if (this.encodeWords !== null) {
      this.encodeWords(s, out, at);
      return;
    }
    const encoder = this.encoder;
    encoder.resetInto(out, at);
    this.system.encode(s, encoder);
    encoder.finish();
  }

  private isCurrent(key: Int32Array, at: number): boolean {
    const current = this.current;
    for (let i = 0; i < this.width; i++) if (key[at + i] !== current[i]) return false;
    return true;
  }
}
