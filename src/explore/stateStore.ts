// The set of visited states: open addressing with linear probing over one Int32Array, each slot
// `[tag, word0 .. wordW-1]` so a probe touches one cache line. `tag` is 0 for an empty slot,
// else the state's index + 1. States are numbered in discovery order, so with BFS the index
// range of a level is contiguous and `parentOf` gives shortest paths. The buffers may live in
// SharedArrayBuffers, in which case worker threads insert concurrently (see insertShared).

import { hashWords } from './_internals/hashWords.js';

/** A slot claimed by a worker that has not yet written its key. */
const BUSY = -1;
/**
 * Above this load factor the table grows before more states are expanded. Lower means
 * shorter probe runs for more memory: lockbench (5,3) took 18.4 s at 0.5 and 20.1 s at 0.7
 * (2^24 slots, 430 MB peak, against 2^23 slots, 291 MB).
 */
export const MAX_LOAD = 0.6;

export interface StateStoreBuffers {
  readonly width: number;
  readonly capacity: number;
  readonly table: ArrayBufferLike;
  readonly slotOf: ArrayBufferLike;
  readonly parentOf: ArrayBufferLike;
  /** [0] = number of states; shared with every thread. */
  readonly counter: ArrayBufferLike;
}

/** Single-threaded inserts grow the table in place past this load (a batch can overshoot MAX_LOAD). */
const HARD_LOAD = 0.9;

export class StateStore {
  readonly width: number;
  private readonly stride: number;
  // Replaced only by growInPlace (single-threaded); shared stores are grown into a copy.
  buffers: StateStoreBuffers;
  capacity: number;
  private mask: number;
  private hardLimit: number;
  private table: Int32Array;
  /** State index -> table slot holding its key. */
  private slotOf: Int32Array;
  /** State index -> index of the state it was first reached from (-1 for initial states). */
  parentOf: Int32Array;
  private counter: Int32Array;

  constructor(buffers: StateStoreBuffers) {
    const { width, capacity } = buffers;
    if (capacity < 2 || (capacity & (capacity - 1)) !== 0) {
      throw new RangeError(`StateStore: capacity must be a power of two, got ${capacity}`);
    }
    this.width = width;
    this.stride = width + 1;
    this.buffers = buffers;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.hardLimit = Math.floor(capacity * HARD_LOAD);
    this.table = new Int32Array(buffers.table);
    this.slotOf = new Int32Array(buffers.slotOf);
    this.parentOf = new Int32Array(buffers.parentOf);
    this.counter = new Int32Array(buffers.counter);
  }

  /** Doubles a single-threaded store, keeping indices and parents. */
  growInPlace(): void {
    const next = this.grown(false);
    this.buffers = next.buffers;
    this.capacity = next.capacity;
    this.mask = next.mask;
    this.hardLimit = next.hardLimit;
    this.table = next.table;
    this.slotOf = next.slotOf;
    this.parentOf = next.parentOf;
    this.counter = next.counter;
  }

  /** An empty store; `shared` puts it in SharedArrayBuffers for worker threads. */
  static create(width: number, capacity: number, shared: boolean): StateStore {
    const alloc = (bytes: number): ArrayBufferLike =>
      shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    return new StateStore({
      width,
      capacity,
      table: alloc(capacity * (width + 1) * 4),
      slotOf: alloc(capacity * 4),
      parentOf: alloc(capacity * 4),
      counter: alloc(4),
    });
  }

  /** Bytes a store of this shape occupies (to respect a memory bound before growing). */
  static bytesFor(width: number, capacity: number): number {
    return capacity * (width + 3) * 4;
  }

  get size(): number {
    return Atomics.load(this.counter, 0);
  }

  /** True when the next level chunk should wait for `grown()`. */
  get full(): boolean {
    return this.size >= this.capacity * MAX_LOAD;
  }

  /**
   * Adds the key at `keys[at .. at + width)` if absent. Returns the new state's index (>= 0),
   * or -(index + 1) of the state already there. Single-threaded callers only.
   */
  insert(keys: Int32Array, at: number, hash: number, parent: number): number {
    if ((this.counter[0] ?? 0) >= this.hardLimit) this.growInPlace();
    const { table, stride, mask, width } = this;
    let slot = hash & mask;
    for (;;) {
      const base = slot * stride;
      const tag = table[base] ?? 0;
      if (tag === 0) {
        const index = this.counter[0] ?? 0;
        this.counter[0] = index + 1;
        for (let i = 0; i < width; i++) table[base + 1 + i] = keys[at + i] ?? 0;
        table[base] = index + 1;
        this.slotOf[index] = slot;
        this.parentOf[index] = parent;
        return index;
      }
      if (this.keyAt(base, keys, at)) return -tag;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * `insert` for several threads on shared buffers: a slot is claimed by compare-and-swap of
   * its tag from empty to BUSY, the key is written, then the tag is published with the index;
   * a reader that meets BUSY waits for the publication, which is a few stores away.
   */
  insertShared(keys: Int32Array, at: number, hash: number, parent: number): number {
    const { table, stride, mask, width } = this;
    let slot = hash & mask;
    for (;;) {
      const base = slot * stride;
      // A plain read, not Atomics.load: most probes find a published key, and only claiming a
      // slot needs the compare-and-swap (lockbench (5,3), 2 workers: 13.1 s -> 10.9 s, medians).
      let tag = table[base] ?? 0;
      if (tag === 0) {
        tag = Atomics.compareExchange(table, base, 0, BUSY);
        if (tag === 0) {
          for (let i = 0; i < width; i++) table[base + 1 + i] = keys[at + i] ?? 0;
          const index = Atomics.add(this.counter, 0, 1);
          if (index >= this.hardLimit) {
            throw new RangeError(
              `StateStore: shared table nearly full (${index} of ${this.capacity}) within one chunk; raise initialCapacity`,
            );
          }
          this.slotOf[index] = slot;
          this.parentOf[index] = parent;
          Atomics.store(table, base, index + 1);
          return index;
        }
      }
      while (tag === BUSY) tag = Atomics.load(table, base);
      if (this.keyAt(base, keys, at)) return -tag;
      // The plain read of the tag does not order the key reads after it on weakly ordered
      // CPUs; the atomic re-read does, so a stale key cannot make us skip our own key.
      Atomics.load(table, base);
      if (this.keyAt(base, keys, at)) return -tag;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Reads the home slot of each of `hashes[0 .. n)` and returns a sum of what it read, which
   * the caller must keep (a load whose value is unused is compiled away). See InsertBatch.
   */
  touchHomes(hashes: Int32Array, n: number): number {
    const { table, stride, mask } = this;
    let sum = 0;
    for (let j = 0; j < n; j++) sum = (sum + (table[((hashes[j] ?? 0) & mask) * stride] ?? 0)) | 0;
    return sum;
  }

  /** Copies the key of state `index` into `out`. */
  keyOf(index: number, out: Int32Array): Int32Array {
    const base = (this.slotOf[index] ?? 0) * this.stride + 1;
    for (let i = 0; i < this.width; i++) out[i] = this.table[base + i] ?? 0;
    return out;
  }

  /** A store twice (or more) as large with the same states, indices and parents. */
  grown(shared: boolean, capacity = this.capacity * 2): StateStore {
    const next = StateStore.create(this.width, capacity, shared);
    next.copyFrom(this);
    return next;
  }

  /** Rehashes in the old table's slot order: sequential reads, only the writes are random. */
  private copyFrom(from: StateStore): void {
    const { table, stride, mask, width } = this;
    const old = from.table;
    for (let base = 0; base < old.length; base += stride) {
      const tag = old[base] ?? 0;
      if (tag <= 0) continue;
      let slot = hashWords(old, width, base + 1) & mask;
      while ((table[slot * stride] ?? 0) !== 0) slot = (slot + 1) & mask;
      const to = slot * stride;
      for (let i = 1; i <= width; i++) table[to + i] = old[base + i] ?? 0;
      table[to] = tag;
      this.slotOf[tag - 1] = slot;
    }
    const n = from.size;
    this.parentOf.set(from.parentOf.subarray(0, n));
    this.counter[0] = n;
  }

  private keyAt(base: number, keys: Int32Array, at: number): boolean {
    const { table, width } = this;
    for (let i = 0; i < width; i++) if (table[base + 1 + i] !== keys[at + i]) return false;
    return true;
  }
}
