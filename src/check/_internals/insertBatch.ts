// Successor keys wait here and go into the store in batches, in the order they were emitted
// (so indices, and therefore traces, are the same as one-by-one insertion). Why: each lookup
// in a table much larger than the cache is a cache miss; in a tight loop of lookups the CPU
// overlaps the misses of consecutive keys, which it cannot do when successor generation runs
// between them (lockbench (5,3): 35 s inserting one by one, 19 s batched, measured together
// with moving invariant checks to expansion time). A separate warm-up pass
// reading every home slot first (software prefetch) measured no better, so there is none.

import type { StateStore } from '../stateStore.js';
import { hashWords } from './hashWords.js';

const BATCH = 512;

export class InsertBatch<S> {
  private readonly keys: Int32Array;
  private readonly parents = new Int32Array(BATCH);
  private readonly hashes = new Int32Array(BATCH);
  /** The states themselves, for systems without `decode` (see Expander). */
  private readonly states: (S | undefined)[] = [];
  private count = 0;

  constructor(
    private readonly width: number,
    private readonly retained: S[] | null,
  ) {
    this.keys = new Int32Array(BATCH * width);
  }

  /** Queues `key`; inserts the whole batch into `store` when it is full. */
  add(key: Int32Array, parent: number, store: StateStore, shared: boolean, state: S): void {
    const width = this.width;
    if (this.retained !== null) this.states[this.count] = state;
    const at = this.count * width;
    for (let i = 0; i < width; i++) this.keys[at + i] = key[i] ?? 0;
    this.parents[this.count] = parent;
    if (++this.count === BATCH) this.flush(store, shared);
  }

  flush(store: StateStore, shared: boolean): void {
    const n = this.count;
    if (n === 0) return;
    const { width, keys, hashes, parents } = this;
    for (let j = 0; j < n; j++) hashes[j] = hashWords(keys, width, j * width);
    for (let j = 0; j < n; j++) {
      const parent = parents[j] ?? -1;
      const hash = hashes[j] ?? 0;
      const index = shared
        ? store.insertShared(keys, j * width, hash, parent)
        : store.insert(keys, j * width, hash, parent);
      if (this.retained !== null) {
        const state = this.states[j];
        if (index >= 0 && state !== undefined) this.retained[index] = state;
        this.states[j] = undefined;
      }
    }
    this.count = 0;
  }
}
