// The messages between the parallel driver and its worker threads.

import type { Partition } from '../exploreOptions.js';
import type { StateStoreBuffers } from '../stateStore.js';
import type { SystemArg, SystemRef } from '../transitionSystem.js';

/** The words of the shared control array (an Int32Array of CONTROL_SLOTS), by name. */
export const Control = {
  /** The next state of the level to claim. */
  CURSOR: 0,
  /** One past the level's last state. */
  LEVEL_END: 1,
  /** Non-zero: stop claiming work (abort, memory bound, every property violated). */
  STOP: 2,
} as const;
export const CONTROL_SLOTS = Object.keys(Control).length;
/** States a worker claims at a time from the level's shared cursor. */
export const CHUNK = 256;

export interface WorkerInit {
  readonly ref: SystemRef;
  readonly store: StateStoreBuffers;
  readonly control: SharedArrayBuffer;
  readonly violations: SharedArrayBuffer;
  /** Int32 per invariant: violations of states checked as found (Expander.checkFoundInto). */
  readonly found: SharedArrayBuffer;
  readonly maxStates: number;
  readonly exhaustive: boolean;
  readonly partition: Partition | null;
  /** States below this index are the initial ones. */
  readonly initialCount: number;
}

/** Expand from the cursor until the level ends; `store` when the table was grown. */
export interface RunMessage {
  readonly type: 'run';
  /** Check each new state as it is found (the level the depth bound leaves unexpanded). */
  readonly checkFound: boolean;
  readonly store?: StateStoreBuffers;
}

/**
 * Check the invariants of the states from the cursor to LEVEL_END without expanding them (the
 * level the depth bound leaves unexpanded), claimed in chunks as `run` claims states.
 */
export interface CheckMessage {
  readonly type: 'check';
}

/** The exploration is over: hand over the system's statistics (see takeStatistics). */
export interface FinishMessage {
  readonly type: 'finish';
}

export type DriverMessage = RunMessage | CheckMessage | FinishMessage;

/** A chunk of a level for a bit-state worker to expand (see BitstateChunk). */
export interface ChunkJob {
  /** `count` states of one level, `width` words each, zero-padded. */
  readonly keys: Int32Array;
  readonly count: number;
  /** The first state's place in BFS order. */
  readonly firstIndex: number;
  /** False at the depth bound: check the states, do not expand them. */
  readonly expand: boolean;
}

/** What the worker hands back for a chunk. */
export interface ChunkResult {
  readonly transitions: number;
  /** Per property (invariants first): the first state of the chunk violating it, or NONE. */
  readonly violations: Int32Array;
  /** Records `[parent, ordinal, h1, h2, length, key words...]`, `used` words of them. */
  readonly successors: Int32Array;
  readonly used: number;
}

/** What a bit-state worker needs: no store, the driver holds the bits. */
export interface BitstateInit {
  readonly ref: SystemRef;
  readonly partition: Partition | null;
  readonly initialCount: number;
}

/** Expand one chunk of a level (see BitstateChunk), or hand over the statistics. */
export type BitstateMessage = { readonly type: 'expand'; readonly job: ChunkJob } | FinishMessage;

export type WorkerReply =
  | { readonly type: 'ready'; readonly name: string; readonly encodedWords: number }
  | { readonly type: 'expanded'; readonly result: ChunkResult }
  /** `paused`: the table is too full, grow it and run again; `stopped`: a limit was hit. */
  | { readonly type: 'done' | 'paused' | 'stopped'; readonly transitions: number }
  | { readonly type: 'finished'; readonly statistics: SystemArg };
