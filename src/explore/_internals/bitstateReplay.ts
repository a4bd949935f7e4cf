// Counterexamples of the bit-state search, which stores no state: each state's parent index
// and the ordinal of the transition that reached it, replayed from the initial state.

import { Decoder } from '../decoder.js';
import { Encoder } from '../encoder.js';
import type { Trace, TraceStep } from '../exploreReport.js';
import type { TransitionSystem } from '../transitionSystem.js';
import type { GrowingInts } from './growingInts.js';

export interface Replay<S, L> {
  readonly system: TransitionSystem<S, L>;
  readonly initials: readonly S[];
  readonly parents: GrowingInts;
  readonly ordinals: GrowingInts;
  readonly canonical: (s: S) => S;
  readonly decode: (d: Decoder) => S;
}

/** A fresh copy of a (possibly scratch) successor, canonicalized as the search stored it. */
export function fresh<S, L>(r: Replay<S, L>, s: S): S {
  const encoder = new Encoder(r.system.encodedWords);
  r.system.encode(r.canonical(s), encoder);
  encoder.finish();
  return r.decode(new Decoder().reset(encoder.words));
}

/** The path to state `index`, replayed: each step is the stored ordinal of its parent's successors. */
export function replayTo<S, L>(r: Replay<S, L>, index: number): Trace<S, L> {
  const path: number[] = [];
  for (let i = index; i >= 0; i = r.parents.at(i)) path.push(i);
  path.reverse();
  const root = r.initials[r.ordinals.at(path[0] ?? 0)];
  if (root === undefined) throw new Error('explore: a bit-state trace lost its initial state');
  const steps: TraceStep<S, L>[] = [];
  let from: S = root;
  for (const child of path.slice(1)) {
    const want = r.ordinals.at(child);
    const hits: TraceStep<S, L>[] = [];
    let ordinal = -1;
    r.system.successors(from, (label, to) => {
      if (++ordinal === want) hits.push({ label, state: fresh(r, to) });
    });
    const found = hits[0];
    if (found === undefined) throw new Error(`${r.system.name}: successors are not deterministic`);
    steps.push(found);
    from = found.state;
  }
  return { initial: root, steps };
}
