// Rebuilds a counterexample from parent indices. Labels are not stored (TLC does the same):
// the step from a parent to its child is found again by re-running the parent's successors,
// which keeps the store one array smaller and lets labels be any value.

import { Decoder } from '../decoder.js';
import { Encoder } from '../encoder.js';
import type { Trace, TraceStep } from '../exploreReport.js';
import type { TransitionProperty, TransitionSystem } from '../transitionSystem.js';

/** What a trace needs of the states a search kept: the StateStore, or the states on disk. */
export interface StoredStates {
  readonly size: number;
  /** Bytes held in memory, for the report. */
  readonly bytesHeld: number;
  parentAt(index: number): number;
  keyOf(index: number, out: Int32Array): Int32Array;
}

/** A finished search: its system, its states, and where a trace gets the value of a stored
 * state (decoded, or kept by the explorer). */
export interface StoredSearch<S, L> {
  readonly system: TransitionSystem<S, L>;
  readonly store: StoredStates;
  readonly stateAt: (index: number) => S;
}

/** The BFS path to state `index`: shortest, since parents come from earlier levels. */
export function traceTo<S, L>(search: StoredSearch<S, L>, index: number): Trace<S, L> {
  const { system, store, stateAt } = search;
  const path: number[] = [];
  for (let i = index; i >= 0; i = store.parentAt(i)) path.push(i);
  path.reverse();
  const initial = stateAt(path[0] ?? index);
  const steps: TraceStep<S, L>[] = [];
  let from = initial;
  for (const child of path.slice(1)) {
    const key = store.keyOf(child, new Int32Array(system.encodedWords));
    const label = labelInto(system, from, key);
    from = stateAt(child);
    steps.push({ label, state: from });
  }
  return { initial, steps };
}

/** The path to state `fromIndex`, then the first of its transitions that breaks `property`. */
export function traceThrough<S, L>(
  search: StoredSearch<S, L>,
  fromIndex: number,
  property: TransitionProperty<S, L>,
): Trace<S, L> {
  const system = search.system;
  const prefix = traceTo(search, fromIndex);
  const from = prefix.steps.at(-1)?.state ?? prefix.initial;
  let last: TraceStep<S, L> | undefined;
  system.successors(from, (label, next) => {
    if (last === undefined && !property.holds(from, label, next)) {
      last = { label, state: keepable(system, next) };
    }
  });
  if (last === undefined) {
    throw new Error(
      `${system.name}: property '${property.name}' no longer fails when replaying state ${fromIndex}; successors and the property must be deterministic`,
    );
  }
  return { initial: prefix.initial, steps: [...prefix.steps, last] };
}

/** `next` may be a scratch value when the system can decode: keep a decoded copy then. */
function keepable<S, L>(system: TransitionSystem<S, L>, next: S): S {
  if (system.decode === undefined) return next;
  const encoder = new Encoder(system.encodedWords);
  system.encode(next, encoder);
  encoder.finish();
  return system.decode(new Decoder().reset(encoder.words));
}

function labelInto<S, L>(system: TransitionSystem<S, L>, from: S, target: Int32Array): L {
  const encoder = new Encoder(system.encodedWords);
  let found: { label: L } | undefined;
  system.successors(from, (label, next) => {
    if (found !== undefined) return;
    encoder.reset();
    system.encode(system.canonicalize === undefined ? next : system.canonicalize(next), encoder);
    encoder.finish();
    if (encoder.words.every((w, i) => w === target[i])) found = { label };
  });
  if (found === undefined) {
    throw new Error(
      `${system.name}: a stored state is not a successor of its parent on replay; successors must be deterministic`,
    );
  }
  return found.label;
}
