// The messages between the parallel driver and its worker threads.

import type { Partition } from '../exploreOptions.js';
import type { ChunkJob, ChunkResult } from './bitstateChunk.js';
import type { StateStoreBuffers } from '../stateStore.js';
import type { SystemArg, SystemRef } from '../transitionSystem.js';

/** Slots of the shared control array. */
export const CURSOR = 0;
export const LEVEL_END = 1;
/** Non-zero: stop claiming work (abort, memory bound, every property violated). */
export const STOP = 2;
export const CONTROL_SLOTS = 3;
/** States a worker claims at a time from the level's shared cursor. */
export const CHUNK = 256;

export interface WorkerInit {
  readonly ref: SystemRef;
  readonly store: StateStoreBuffers;
  readonly control: SharedArrayBuffer;
  readonly violations: SharedArrayBuffer;
  readonly maxStates: number;
  readonly exhaustive: boolean;
  readonly partition: Partition | null;
  /** States below this index are the initial ones. */
  readonly initialCount: number;
}

/** Expand from the cursor until the level ends; `store` when the table was grown. */
export interface RunMessage {
  readonly type: 'run';
  readonly store?: StateStoreBuffers;
}

/** The exploration is over: hand over the system's statistics (see takeStatistics). */
export interface FinishMessage {
  readonly type: 'finish';
}

export type DriverMessage = RunMessage | FinishMessage;

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
