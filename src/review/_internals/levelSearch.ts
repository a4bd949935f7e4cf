// A breadth-first search over a transition system for the review, on the calling thread:
// states are told apart by their encoding (after the system's canonicalize), only the
// frontier is kept as objects, and every state remembers its parent and letter so that the
// path to it can be replayed. `leaf` states are visited but not expanded (a pair of states
// that already differ: its first difference is the one reported).

import { Decoder } from '../../explore/decoder.js';
import { Encoder } from '../../explore/encoder.js';
import type { TransitionSystem } from '../../explore/transitionSystem.js';

export interface SearchNode {
  readonly index: number;
  readonly depth: number;
}

export interface LevelSearch<L> {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly stopped: 'max-depth' | 'max-states' | 'done' | 'aborted';
  /** The letters from the initial state `initial` to state `index`. */
  path(index: number): { initial: number; labels: L[] };
}

export interface LevelSearchOptions<S, L> {
  readonly maxDepth: number;
  readonly maxStates?: number;
  readonly signal?: AbortSignal;
  /** Called once for every new state; return true to keep it from being expanded. */
  readonly visit: (state: S, node: SearchNode, label: L | null) => boolean;
}

export function levelSearch<S, L>(
  system: TransitionSystem<S, L>,
  options: LevelSearchOptions<S, L>,
): LevelSearch<L> {
  const enc = new Encoder(system.encodedWords);
  const seen = new Map<string, number>();
  const parent: number[] = [];
  const label: (L | null)[] = [];
  const initialOf: number[] = [];
  const canon = (s: S) => (system.canonicalize === undefined ? s : system.canonicalize(s));
  const key = (s: S) => {
    enc.reset();
    system.encode(s, enc);
    enc.finish();
    return Buffer.from(enc.words.buffer, 0, system.encodedWords * 4).toString('latin1');
  };
  // The frontier is kept encoded when the system can decode: a level of the default bound
  // holds hundreds of thousands of states, too many to keep as objects.
  const decode = system.decode?.bind(system);
  const dec = new Decoder();
  type Held = { state: S | Int32Array; index: number };
  let frontier: Held[] = [];
  const hold = (c: S, index: number): Held =>
    decode === undefined
      ? { state: c, index }
      : { state: enc.words.slice(0, system.encodedWords), index };
  const release = (h: Held): S =>
    h.state instanceof Int32Array && decode !== undefined
      ? decode(dec.reset(h.state))
      : (h.state as S);
  let transitions = 0;
  let stopped: LevelSearch<L>['stopped'] = 'done';
  let depth = 0;
  const add = (s: S, from: number, l: L | null, init: number, d: number) => {
    const c = canon(s);
    const k = key(c);
    if (seen.has(k)) return;
    const index = parent.length;
    seen.set(k, index);
    parent.push(from);
    label.push(l);
    initialOf.push(init);
    if (!options.visit(c, { index, depth: d }, l)) frontier.push(hold(c, index));
  };
  [...system.initial()].forEach((s, i) => add(s, -1, null, i, 0));
  while (frontier.length > 0) {
    if (depth >= options.maxDepth) {
      stopped = 'max-depth';
      break;
    }
    if (options.signal?.aborted === true) {
      stopped = 'aborted';
      break;
    }
    const level = frontier;
    frontier = [];
    depth++;
    for (const held of level) {
      const index = held.index;
      system.successors(release(held), (l, next) => {
        transitions++;
        add(next, index, l, initialOf[index] ?? 0, depth);
      });
      if (options.maxStates !== undefined && parent.length >= options.maxStates) {
        stopped = 'max-states';
        frontier = [];
        break;
      }
    }
  }
  return {
    states: parent.length,
    transitions,
    depth,
    stopped,
    path(index) {
      const labels: L[] = [];
      let i = index;
      while (i >= 0 && label[i] !== null && label[i] !== undefined) {
        labels.push(label[i] as L);
        i = parent[i] ?? -1;
      }
      return { initial: initialOf[index] ?? 0, labels: labels.reverse() };
    },
  };
}
