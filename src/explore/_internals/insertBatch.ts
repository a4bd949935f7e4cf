// Successor keys wait here and go into the store in batches, in the order they were emitted
// (so indices, and therefore traces, are the same as one-by-one insertion). Why: each lookup
// in a table much larger than the cache is a cache miss. Before the lookups, one tight loop
// reads the home slot of every key in the batch: those loads are independent, so the CPU
// overlaps their misses, and the lookups that follow mostly hit the cache. Measured on
// lockbench (5,3), 2 workers: 10.3-10.6 s without that loop, 9.3-9.4 s with it (inserting one
// by one, before batches, took 35 s on one worker). The loads' sum is kept in `touched`,
// because a load whose value is never used may be compiled away.

import type { StateStore } from '../stateStore.js';

const BATCH = 512;
/**
 * The batch while `onFound` is set: each state waits alive for its check, and with 512 of
 * them waiting they outlived the collector's scavenges and left the cache (the default kernel
 * bound, one worker: the collector 3.5% -> 6.7% of the profile, checking them 2x slower than
 * checking decoded states). One at a time (stop 34) kept each state in cache for its check but
 * paid every lookup's cache misses one after another: at depth 6 the home slot's load alone
 * was 2.6% of a single-worker profile. Sixteen, whose states fit in the L2 cache, let
 * touchHomes overlap the misses of the home slots, of the arena offsets and of the records:
 * the store's share of that profile 10.3% -> 7.9%, the checks and the collector unchanged
 * (2.5 -> 2.7%, 2.8 -> 2.9%).
 */
const FOUND_BATCH = 16;

export class InsertBatch<S> {
  /** The queued keys, `width` words each; `nextAt` is free for the next one. */
  readonly keys: Int32Array;
  private readonly parents = new Int32Array(BATCH);
  private readonly hashes = new Int32Array(BATCH);
  /** Per key of the batch, how many of its words may be non-zero (see nextWritten). */
  private readonly written = new Int32Array(BATCH);
  /**
   * The states themselves, kept until the flush for systems without `decode` (see Expander)
   * and while `onFound` is set.
   */
  private readonly states: (S | undefined)[] = [];
  /** Called at the flush with each queued state the store did not hold yet, and its index. */
  onFound: ((state: S, index: number) => void) | null = null;
  private count = 0;
  /** Kept only so that touchHomes' loads are not compiled away. */
  touched = 0;

  constructor(
    private readonly width: number,
    private readonly retained: S[] | null,
  ) {
    this.keys = new Int32Array(BATCH * width);
  }

  /**
   * Where the next key goes in `keys` (`width` words from there): the caller encodes it in
   * place, then either `commit`s it or drops it by not committing.
   */
  get nextAt(): number {
    return this.count * this.width;
  }

  /**
   * How many words of the key at `nextAt` may be non-zero: what was last written there (keys
   * are zero-padded, and an encoding that fills less than the width need clear only up to this).
   */
  get nextWritten(): number {
    return this.written[this.count] ?? this.width;
  }

  /** Notes that the key at `nextAt` is non-zero in at most its first `words` words. */
  noteWritten(words: number): void {
    this.written[this.count] = words;
  }

  /**
   * Queues the key written at `nextAt`, of hash `hash` (hashWords: the caller has it already,
   * having compared it with the state being expanded); inserts the whole batch into `store`
   * when it is full.
   */
  commit(parent: number, store: StateStore, shared: boolean, state: S, hash: number): void {
    if (this.retained !== null || this.onFound !== null) this.states[this.count] = state;
    this.parents[this.count] = parent;
    this.hashes[this.count] = hash;
    if (++this.count === (this.onFound === null ? BATCH : FOUND_BATCH)) this.flush(store, shared);
  }

  flush(store: StateStore, shared: boolean): void {
    const n = this.count;
    if (n === 0) return;
    const { width, keys, hashes, parents } = this;
    this.touched = store.touchHomes(hashes, n);
    for (let j = 0; j < n; j++) {
      const parent = parents[j] ?? -1;
      const hash = hashes[j] ?? 0;
      const index = store.insert(keys, j * width, hash, parent, shared, this.written[j]);
      const state = this.states[j];
      if (state === undefined) continue;
      this.states[j] = undefined;
      if (index < 0) continue;
      if (this.retained !== null) this.retained[index] = state;
      if (this.onFound !== null) this.onFound(state, index);
    }
    this.count = 0;
  }
}
