// What a caller can bound or observe in an exploration.

import type { SystemRef } from './transitionSystem.js';

export interface ExploreProgress {
  readonly states: number;
  readonly transitions: number;
  /** Depth of the level being expanded. */
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
}

/** A property's first violation, told while the search goes on (BFS: its shortest). */
export interface ViolationFound {
  readonly property: string;
  /** The violating state's place in BFS order (1: the first state stored); for a transition
   * property, the place of the state the transition leaves. */
  readonly state: number;
  /** Seconds into the exploration when the driver noticed it (within one chunk or tick). */
  readonly seconds: number;
}

export interface ExploreOptions {
  /** States at this depth are checked but not expanded. */
  readonly maxDepth?: number;
  /** Stop once this many distinct states are stored (a state's successors may overshoot it). */
  readonly maxStates?: number;
  /** Stop, with a partial report, before the process would hold more than this (RSS). */
  readonly maxMemoryMB?: number;
  /** Aborting keeps everything found so far and returns a partial report. */
  readonly signal?: AbortSignal;
  /** Called about every 250 ms while exploring. */
  readonly onProgress?: (progress: ExploreProgress) => void;
  /** Called once per property, soon after its first violation is found. */
  readonly onViolation?: (found: ViolationFound) => void;
  /** Worker threads (default 1: explore on the calling thread). More need `systemRef`. */
  readonly workers?: number;
  /** How each worker thread builds the same system (functions cannot cross threads). */
  readonly systemRef?: SystemRef;
  /** Keep exploring after every property is violated (to count the whole space anyway). */
  readonly exhaustive?: boolean;
  /** Initial table slots (a power of two); the table doubles as it fills. */
  readonly initialCapacity?: number;
  /** Explore one part of N of the space, split on the first transitions (see Partition). */
  readonly partition?: Partition;
  /** Bit-state (supertrace) search: no state is stored, only bits of a hash bitmap. */
  readonly bitstate?: Bitstate;
  /**
   * Bit-state search: about the most MB its two frontier levels hold in memory; past it a
   * level goes to a temporary file and is read back from it. Exact search: the states go to a
   * temporary file (the visited set and the queue, as its store is), memory keeping 8 bytes a
   * state and at most about this many MB of new states before they are checked against the
   * file (one thread). The files are removed at the end, interrupted or not.
   */
  readonly frontierMemoryMB?: number;
}

/**
 * A bitmap of 2^log2Bits bits; a state is taken as seen when all `hashes` of its bits are set.
 * A state whose bits were all set by others is omitted, with its successors: the counts are
 * lower bounds and `holds` means no violation among the states reached (see BitstateFigures).
 */
export interface Bitstate {
  readonly log2Bits: number;
  readonly hashes: number;
}

/**
 * Part `index` (0-based) of `count`: the j-th transition out of initial state i is kept iff
 * (i + j) % count === index; deeper transitions are all kept. Every run begins with one first
 * transition, so the union of the parts is the whole space and the shortest counterexample of
 * the whole is the shortest of some part. A state reachable through first transitions of
 * several parts is explored (and counted) by each of them.
 */
export interface Partition {
  readonly index: number;
  readonly count: number;
}

/** Throws on a partition that names no part. */
export function checkPartition(p: Partition): void {
  if (
    !Number.isInteger(p.count) ||
    p.count < 1 ||
    !Number.isInteger(p.index) ||
    p.index < 0 ||
    p.index >= p.count
  )
    throw new RangeError(`explore: partition ${p.index}/${p.count} names no part`);
}

/** The options a search of a bound (mmspec check, mmspec diff) hands the explorer as they are. */
export type SearchOptions = Pick<
  ExploreOptions,
  | 'maxStates'
  | 'maxMemoryMB'
  | 'signal'
  | 'onProgress'
  | 'onViolation'
  | 'workers'
  | 'systemRef'
  | 'partition'
  | 'bitstate'
  | 'frontierMemoryMB'
>;
