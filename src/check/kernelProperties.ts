// The properties a bounded exploration checks: the spec's invariants (spec/invariants), read
// on the simulator state inside a bounded one, and two that need the model itself: a lock
// call made twice is made once, and smaps shows the lock bits (through the model's decision).

import type { KernelModel } from '../kernel/model.js';
import { step } from '../kernel/step.js';
import { sameState } from '../kernel/encode.js';
import { INVARIANTS } from '../../spec/invariants/index.js';
import { STRICT_INVARIANTS } from '../../spec/invariants/strict.js';
import { PROMISES } from '../../spec/invariants/promises.js';
import { SMAPS_SHOWS_LOCK_BITS, smapsFaithful } from '../../spec/invariants/smapsShowsLockBits.js';
import type { SpecInvariant } from '../../spec/invariants/index.js';
import {
  type JudgedCalls,
  type KernelCallName,
  type LetterCall,
  RESULT_KINDS,
  type ResultKind,
  type Transition,
  judges,
  unchangedHoldsFor,
} from '../../spec/invariants/specInvariant.js';
import { deferredPopulationOwnsItsMappings } from '../../spec/invariants/deferredPopulationOwnsItsMappings.js';
import { populationMakesProgress } from '../../spec/invariants/populationMakesProgress.js';
import type { Invariant, TransitionProperty } from '../explore/transitionSystem.js';
import type { BoundedState } from './boundedState.js';
import type { Letter } from './letter.js';
import { letterCall } from './letterCall.js';
import { unknownName } from '../uapi/closest.js';

export interface KernelProperties {
  readonly invariants: readonly Invariant<BoundedState>[];
  readonly transitions: readonly TransitionProperty<BoundedState, Letter, Transition>[];
  /**
   * The simulator step a bounded transition stands for, which the `holdsOn` of `transitions`
   * read (kernelSystem's `judgement`); the one their `holds` make, shared with them.
   */
  readonly judgement: (from: BoundedState, to: BoundedState) => Transition | null;
  /** The calls each of `transitions` judges, by index (the spec's declaration, or every call). */
  readonly judgedCalls: readonly JudgedCalls[];
  /** The result kinds each of `transitions` judges, by index (the spec's `results`, or all). */
  readonly judgedResults: readonly (readonly ResultKind[])[];
  /**
   * The result kinds with which each of `transitions` holds on a transition that leaves the
   * state as it was, by index (the spec's `holdsWhenUnchanged`, none when it says nothing;
   * mlockTwiceIsMlockOnce by its own definition).
   */
  readonly holdsWhenUnchanged: readonly (readonly ResultKind[])[];
  /** Whether each of `transitions` may fail on a letter (the spec's `judgesLetter`; null: every letter). */
  readonly judgedLetters: readonly (((c: LetterCall) => boolean) | null)[];
}

/** Every property name the explorer knows, state invariants first. */
export const ALL_INVARIANTS: readonly SpecInvariant[] = [
  ...INVARIANTS,
  ...STRICT_INVARIANTS,
  ...PROMISES,
];
/** Idempotence of the lock calls; the name is kept from when it judged mlock alone. */
export const MLOCK_TWICE = 'mlockTwiceIsMlockOnce';
export const SMAPS_LOCK_BITS = SMAPS_SHOWS_LOCK_BITS.name;

const LOCK_CALLS: ReadonlySet<KernelCallName> = new Set<KernelCallName>([
  'mlock',
  'mlock2',
  'munlock',
  'mlockall',
  'munlockall',
]);

/**
 * mlock_fixup filters a piece whose flags would not change (mm/mlock.c: newflags == oldflags),
 * apply_mlockall_flags sets def_flags to what they already are, and population finds every
 * page present: a successful mlock, mlock2, munlock, mlockall or munlockall, made again,
 * succeeds again and leaves the state as it was, whatever split/merge history made it
 * (semantics 12.3: "the count does not double"; spec/laws/mlockIdempotent.ts states the same
 * for a design under review).
 */
function mlockTwiceHolds(model: KernelModel, from: BoundedState, to: BoundedState): boolean {
  const call = to.call;
  if (call === null || !LOCK_CALLS.has(call.call)) return true;
  if (to.result?.kind !== 'value') return true;
  // The call changed nothing (step handed back the very state): made again on the same state,
  // the pure step gives the same result and the same state again.
  if (to.kernel === from.kernel) return true;
  const again = step(model, to.kernel, call);
  if (again.result.kind !== 'value' || again.result.value !== to.result.value) return false;
  // step hands back the very state when the call changed nothing (src/kernel/tx.ts commit).
  return sameState(again.state, to.kernel);
}

/** The properties of the threads bound (src/check/threadSystem.ts). */
export const THREAD_PROPERTY_NAMES: readonly string[] = [
  deferredPopulationOwnsItsMappings.name,
  populationMakesProgress.name,
];

export function knownPropertyNames(): string[] {
  return [
    ...ALL_INVARIANTS.map((i) => i.name),
    MLOCK_TWICE,
    SMAPS_LOCK_BITS,
    ...THREAD_PROPERTY_NAMES,
  ];
}

/**
 * Regression mode (`--against BASE`): a failing step counts only where BASE, given the same
 * state and the same call, keeps the property. A violation BASE shares from that state is a
 * known quirk of BASE, not a new fault, and the search goes on past it to a new one. State
 * invariants become properties of the step into the state (initial states are BASE's too).
 */
function newAgainst(
  name: string,
  base: KernelModel,
  holdsOnModel: (from: BoundedState, to: BoundedState) => boolean,
  holdsOnBase: (from: BoundedState, to: BoundedState) => boolean,
): TransitionProperty<BoundedState, Letter> {
  return {
    name,
    holds: (from, _label, to) => {
      if (to.call === null || holdsOnModel(from, to)) return true;
      const r = step(base, from.kernel, to.call);
      // BASE's whole state stands for both (the model's own `judged` would otherwise win).
      const { judged: _model, ...rest } = to;
      return !holdsOnBase(from, { ...rest, kernel: r.state, result: r.result });
    },
  };
}

/**
 * The state a step is judged on: the whole one the model returned where the bound keeps less
 * (execve's new image), so a transition property sees what the call made, not the abstraction.
 */
const judgedAfter = (to: BoundedState) => to.judged ?? to.kernel;

/**
 * The simulator step a bounded transition stands for, or null for an initial state. Made once
 * per transition and shared by every transition property that reads it (17 of them on the
 * default bound, each would build its own): the last one made is kept, keyed on the objects it
 * holds, which are immutable.
 */
function transitionView(): (from: BoundedState, to: BoundedState) => Transition | null {
  let last: Transition | null = null;
  return (from, to) => {
    const call = to.call;
    const result = to.result;
    if (call === null || result === null) return null;
    const after = judgedAfter(to);
    if (
      last === null ||
      last.before !== from.kernel ||
      last.after !== after ||
      last.call !== call ||
      last.result !== result
    )
      last = { before: from.kernel, call, result, after };
    return last;
  };
}

/** The properties named in `only` (every one when empty); throws for an unknown name. */
export function kernelProperties(
  model: KernelModel,
  only: readonly string[] = [],
  against?: KernelModel,
): KernelProperties {
  const known = knownPropertyNames();
  for (const n of only)
    if (!known.includes(n)) throw new RangeError(unknownName('property', n, known));
  const wanted = (n: string) => only.length === 0 || only.includes(n);
  const invariants: Invariant<BoundedState>[] = [];
  const transitions: TransitionProperty<BoundedState, Letter, Transition>[] = [];
  const judgedCalls: JudgedCalls[] = [];
  const judgedResults: (readonly ResultKind[])[] = [];
  const holdsWhenUnchanged: (readonly ResultKind[])[] = [];
  const judgedLetters: (((c: LetterCall) => boolean) | null)[] = [];
  const view = transitionView();
  for (const inv of ALL_INVARIANTS) {
    if (!wanted(inv.name)) continue;
    if (against !== undefined) {
      const holds = (from: BoundedState, to: BoundedState) =>
        inv.kind === 'state'
          ? inv.holds(to.kernel)
          : to.call === null ||
            to.result === null ||
            inv.holds({
              before: from.kernel,
              call: to.call,
              result: to.result,
              after: judgedAfter(to),
            });
      transitions.push(newAgainst(inv.name, against, holds, holds));
      judgedCalls.push(inv.kind === 'state' ? 'every call' : (inv.calls ?? 'every call'));
      // newAgainst holds at once where the property holds on the model's own step.
      judgedResults.push(inv.kind === 'state' ? RESULT_KINDS : (inv.results ?? RESULT_KINDS));
      holdsWhenUnchanged.push(inv.kind === 'state' ? [] : unchangedHoldsFor(inv));
      judgedLetters.push(inv.kind === 'state' ? null : (inv.judgesLetter ?? null));
    } else if (inv.kind === 'state') {
      // Taken out once, as for the transitions below (a state is checked against each).
      const holds = inv.holds;
      invariants.push({ name: inv.name, holds: (s) => holds(s.kernel) });
    } else {
      // Taken out once: loading `holds` from 90 spec objects of as many shapes was a
      // megamorphic property load on every judged transition (the spec's predicates read no
      // `this`).
      const holds = inv.holds;
      transitions.push({
        name: inv.name,
        holds: (from, _label, to) => {
          const t = view(from, to);
          return t === null || holds(t);
        },
        // The explorer's way in: the step made once per transition (kernelSystem's judgement).
        holdsOn: holds,
      });
      judgedCalls.push(inv.calls ?? 'every call');
      judgedResults.push(inv.results ?? RESULT_KINDS);
      holdsWhenUnchanged.push(unchangedHoldsFor(inv));
      judgedLetters.push(inv.judgesLetter ?? null);
    }
  }
  if (wanted(MLOCK_TWICE)) {
    judgedCalls.push([...LOCK_CALLS]);
    // mlockTwiceHolds' own first tests: only a call that returned a value is made again, and a
    // step that changed nothing gives the same step again.
    judgedResults.push(['value']);
    holdsWhenUnchanged.push(RESULT_KINDS);
    judgedLetters.push(null);
    if (against === undefined)
      transitions.push({ name: MLOCK_TWICE, holds: (f, _l, to) => mlockTwiceHolds(model, f, to) });
    else
      transitions.push(
        newAgainst(
          MLOCK_TWICE,
          against,
          (f, to) => mlockTwiceHolds(model, f, to),
          (f, to) => mlockTwiceHolds(against, f, to),
        ),
      );
  }
  if (wanted(SMAPS_LOCK_BITS)) {
    const shows = (m: KernelModel) => (s: BoundedState) =>
      smapsFaithful(s.kernel, m.decisions.smapsShowsMnemonic);
    if (against === undefined) invariants.push({ name: SMAPS_LOCK_BITS, holds: shows(model) });
    else {
      judgedCalls.push('every call');
      judgedResults.push(RESULT_KINDS);
      holdsWhenUnchanged.push([]);
      judgedLetters.push(null);
      transitions.push(
        newAgainst(
          SMAPS_LOCK_BITS,
          against,
          (_f, to) => shows(model)(to),
          (_f, to) => shows(against)(to),
        ),
      );
    }
  }
  return {
    invariants,
    transitions,
    judgement: view,
    judgedCalls,
    judgedResults,
    holdsWhenUnchanged,
    judgedLetters,
  };
}

/**
 * The transition properties no letter of `alphabet` is one they judge (by call and by the
 * letter's fixed arguments): within the bound they hold without having been asked once, which
 * the report must say (`execveResets` where the bound has no execve). Whether some letter's
 * transitions return a kind of result a property judges is only known by searching, and is not
 * looked at here.
 */
export function neverJudged(
  alphabet: readonly Letter[],
  props: Pick<KernelProperties, 'transitions' | 'judgedCalls' | 'judgedLetters'>,
): string[] {
  const calls = alphabet.map((letter) => ({ name: letter.call, call: letterCall(letter) }));
  return props.transitions
    .filter(
      (_, k) =>
        !calls.some(
          (c) => judges(props.judgedCalls[k], c.name) && props.judgedLetters[k]?.(c.call) !== false,
        ),
    )
    .map((t) => t.name);
}

/**
 * Whether the step into `to` handed back the very state it was given (src/kernel/tx.ts
 * commit): then `to.kernel` and the state it is judged on are both `from.kernel`.
 */
export const unchangedStep = (from: BoundedState, to: BoundedState): boolean =>
  to.kernel === from.kernel && to.judged === undefined;

/** The properties to ask about a letter's transitions, by the kind of result the call returned. */
type ByResult = Readonly<Record<ResultKind, readonly number[]>>;

/** The properties to ask about a letter's transitions, as the step changed the state or not. */
interface Lists {
  readonly changed: ByResult;
  readonly unchanged: ByResult;
}

/** How the explorer asks the transition properties (kernelSystem's options). */
export interface Dispatch {
  /** Only the properties that judge the letter's call (else every one). */
  readonly byCall: boolean;
  /** Only those that judge the kind of result the call returned. */
  readonly byResult: boolean;
  /** Not those that hold when the step changed nothing, on such a step. */
  readonly skipUnchanged: boolean;
  /** Not those that say they cannot fail on the letter's fixed arguments (`judgesLetter`). */
  readonly byLetter: boolean;
}

/**
 * The transition properties to ask about one transition, by index: the explorer asks only
 * those (TransitionSystem.judgedBy). On the default bound a transition is judged by 8.5 of the
 * 94 transition properties on average (16.0 million asks over 1,875,246 transitions; 9.6
 * before the letters were declared, 13.2 before the kinds of result, spec/reduction.md). The
 * lists of each letter, one for each kind of result and whether the step changed the state,
 * are made once (letters of a call that the `judgesLetter` declarations do not tell apart
 * share theirs); the Map lookup that finds them costs about 4 ns more than an array indexed
 * by letter would (measured; the letter's index is not at hand in `emit`).
 */
export function judgedByLetter(
  alphabet: readonly Letter[],
  props: Pick<
    KernelProperties,
    'judgedCalls' | 'judgedResults' | 'holdsWhenUnchanged' | 'judgedLetters'
  >,
  dispatch: Dispatch,
): (letter: Letter, from: BoundedState, to: BoundedState) => readonly number[] {
  const { judgedCalls, judgedResults, holdsWhenUnchanged, judgedLetters } = props;
  const every = judgedCalls.map((_, k) => k);
  const byKind = (pick: (kind: ResultKind) => readonly number[]): ByResult => ({
    value: pick('value'),
    errno: pick('errno'),
    signal: pick('signal'),
    hang: pick('hang'),
  });
  const lists = (call: KernelCallName, refused: ReadonlySet<number>): Lists => {
    const forCall = (
      dispatch.byCall ? every.filter((k) => judges(judgedCalls[k], call)) : every
    ).filter((k) => !refused.has(k));
    const changed = byKind((kind) =>
      dispatch.byResult
        ? forCall.filter((k) => judgedResults[k]?.includes(kind) !== false)
        : forCall,
    );
    const unchanged = byKind((kind) =>
      dispatch.skipUnchanged
        ? changed[kind].filter((k) => holdsWhenUnchanged[k]?.includes(kind) !== true)
        : changed[kind],
    );
    return { changed, unchanged };
  };
  // Letters of one call that no declaration tells apart share their lists.
  const made = new Map<string, Lists>();
  const byLetter = new Map<Letter, Lists>();
  for (const letter of alphabet) {
    const c = letterCall(letter);
    const refused = new Set(
      dispatch.byLetter ? every.filter((k) => judgedLetters[k]?.(c) === false) : [],
    );
    const key = `${letter.call} ${[...refused].join(',')}`;
    let ks = made.get(key);
    if (ks === undefined) {
      ks = lists(letter.call, refused);
      made.set(key, ks);
    }
    byLetter.set(letter, ks);
  }
  return (letter, from, to) => {
    const ks = byLetter.get(letter);
    const result = to.result;
    if (ks === undefined || result === null) return every;
    const l = unchangedStep(from, to) ? ks.unchanged : ks.changed;
    // Compared, not looked up by the kind as a key (a keyed load of a string V8 cannot fold).
    const kind = result.kind;
    return kind === 'value'
      ? l.value
      : kind === 'errno'
        ? l.errno
        : kind === 'signal'
          ? l.signal
          : l.hang;
  };
}
