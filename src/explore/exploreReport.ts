// What an exploration returns: statistics, and one verdict per property.

import type { SystemArg } from './transitionSystem.js';

/** Why an exploration ended. Everything but 'complete' leaves undecided properties unknown. */
export type StopReason =
  'complete' | 'all-violated' | 'max-depth' | 'max-states' | 'max-memory' | 'aborted';

export interface TraceStep<S, L> {
  readonly label: L;
  readonly state: S;
}

/** A path from an initial state; with BFS, no shorter path reaches a violation. */
export interface Trace<S, L> {
  readonly initial: S;
  readonly steps: readonly TraceStep<S, L>[];
}

export type Verdict<S, L> =
  | { readonly status: 'holds' }
  | {
      readonly status: 'violated';
      readonly trace: Trace<S, L>;
      /**
       * Where BFS found it: the violating state's place in BFS order (1: the first stored), or
       * for a transition property the place of the state the transition leaves.
       */
      readonly state?: number;
    }
  | {
      readonly status: 'unknown';
      readonly reason: StopReason;
      /**
       * Every run of up to this many steps was checked before the search stopped (every state
       * it reaches, every transition it takes): the property holds that far. Absent: none.
       */
      readonly toDepth?: number;
    };

export interface PropertyResult<S, L> {
  readonly name: string;
  readonly kind: 'invariant' | 'transition';
  readonly verdict: Verdict<S, L>;
}

export interface ExploreReport<S, L> {
  readonly system: string;
  readonly stopReason: StopReason;
  /** Distinct states stored (reached), initial states included. */
  readonly states: number;
  /** Transitions generated from expanded states, self-loops included. */
  readonly transitions: number;
  /** Greatest depth of a stored state. */
  readonly depth: number;
  /** Exploration alone, without start-up or loading the system. */
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** Peak resident set of the whole process, worker threads included. */
  readonly peakRssMB: number;
  /**
   * Bytes the visited set held at the end (hash table, state index, parents, packed keys): the
   * exact search's whole per-state memory, since its store is also its queue. Absent for a
   * bit-state search (see BitstateFigures.bytesPerState).
   */
  readonly storeBytes?: number;
  /** The search on disk (frontierMemoryMB without bitstate): bytes of its states file. */
  readonly diskBytes?: number;
  readonly workers: number;
  readonly properties: readonly PropertyResult<S, L>[];
  /** The system's statistics of the exploration (see TransitionSystem.takeStatistics). */
  readonly statistics?: SystemArg;
  /** Present for a bit-state search: how much of the space it may have missed. */
  readonly bitstate?: BitstateFigures;
}

/**
 * SPIN's estimate for a bit-state search (Holzmann, "An analysis of bitstate hashing", 1998):
 * after i states, a fraction 1 - e^(-k i / m) of the m bits is set, so a new state is taken as
 * seen with probability (1 - e^(-k i / m))^k; summed over the n states stored, that is the
 * expected number of omissions.
 */
export interface BitstateFigures {
  readonly bits: number;
  readonly hashes: number;
  /** m / n: SPIN calls a hash factor above 100 a search with high coverage. */
  readonly hashFactor: number;
  readonly expectedOmissions: number;
  /** 1 - e^(-expectedOmissions): that at least one state was omitted. */
  readonly omissionProbability: number;
  /** Bytes the search held per state reached: bitmap, frontier, parents. */
  readonly bytesPerState: number;
  /** The most bytes of one frontier level written to disk (see frontierMemoryMB); 0 for none. */
  readonly spilledBytes?: number;
}

/** The figures of a bit-state search of n states in m bits with k hash functions. */
export function bitstateFigures(n: number, m: number, k: number, bytes: number): BitstateFigures {
  let expected = 0;
  for (let i = 0; i < n; i++) expected += (1 - Math.exp((-k * i) / m)) ** k;
  return {
    bits: m,
    hashes: k,
    hashFactor: n > 0 ? m / n : Infinity,
    expectedOmissions: expected,
    omissionProbability: 1 - Math.exp(-expected),
    bytesPerState: n > 0 ? bytes / n : 0,
  };
}

/** The figures of an exploration that reports built on one (mmspec check, mmspec diff) pass on. */
export type SearchFigures = Pick<
  ExploreReport<unknown, unknown>,
  | 'stopReason'
  | 'states'
  | 'transitions'
  | 'depth'
  | 'seconds'
  | 'statesPerSecond'
  | 'peakRssMB'
  | 'storeBytes'
  | 'diskBytes'
  | 'workers'
  | 'bitstate'
>;

export function searchFigures<S, L>(r: ExploreReport<S, L>): SearchFigures {
  const { stopReason, states, transitions, depth, seconds, statesPerSecond, peakRssMB, workers } =
    r;
  const figures = {
    stopReason,
    states,
    transitions,
    depth,
    seconds,
    statesPerSecond,
    peakRssMB,
    workers,
  };
  return {
    ...figures,
    ...(r.storeBytes === undefined ? {} : { storeBytes: r.storeBytes }),
    ...(r.diskBytes === undefined ? {} : { diskBytes: r.diskBytes }),
    ...(r.bitstate === undefined ? {} : { bitstate: r.bitstate }),
  };
}
