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
  | { readonly status: 'violated'; readonly trace: Trace<S, L> }
  | { readonly status: 'unknown'; readonly reason: StopReason };

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
  readonly workers: number;
  readonly properties: readonly PropertyResult<S, L>[];
  /** The system's statistics of the exploration (see TransitionSystem.takeStatistics). */
  readonly statistics?: SystemArg;
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
  | 'workers'
>;

export function searchFigures<S, L>(r: ExploreReport<S, L>): SearchFigures {
  const { stopReason, states, transitions, depth, seconds, statesPerSecond, peakRssMB, workers } =
    r;
  return { stopReason, states, transitions, depth, seconds, statesPerSecond, peakRssMB, workers };
}
