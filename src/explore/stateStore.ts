// The set of visited states: open addressing with linear probing over one Int32Array. A key of
// at most INLINE_WORDS words lives in its slot, `[tag, word0 .. wordW-1]`, so a probe touches
// one cache line (lockbench). A longer key (the kernel system's: 67 words wide, about 12 used)
// lives in a key arena as bytes with its trailing zero bytes cut off (keyArena.ts), and its slot
// holds `[tag, hash]`: a probe compares the full hash before it reads the arena, and a state
// costs the bytes it uses instead of the widest state's. `tag` is 0 for an empty slot, else
// the state's index + 1. States are numbered in discovery order, so with BFS the index range of
// a level is contiguous and `parentOf` gives shortest paths. The buffers may live in
// SharedArrayBuffers, in which case worker threads insert concurrently (see insert).

import { hashWords } from './_internals/hashWords.js';
import {
  growBuffer,
  growableBuffer,
  headerBytes,
  keyBytes,
  readRecord,
  recordEquals,
  writeRecord,
} from './_internals/keyArena.js';

/** A slot claimed by a worker that has not yet written its key. */
const BUSY = -1;
/**
 * Above this load factor the table grows before more states are expanded. Lower means
 * shorter probe runs for more memory: lockbench (5,3) took 18.4 s at 0.5 and 20.1 s at 0.7
 * (2^24 slots, 430 MB peak, against 2^23 slots, 291 MB).
 */
export const MAX_LOAD = 0.6;
/**
 * The load factor of a table of arena keys. Its slots are 8 bytes, and a probe compares hashes
 * before it reads the arena, so a longer probe run costs little beside the step function: on
 * the default kernel bound (385,788 states) 0.75 keeps the table at 2^19 slots instead of 2^20,
 * 4 MB and about 11 B/state less, and spares the last growth (a copy of the table).
 */
export const ARENA_MAX_LOAD = 0.75;
/** Keys up to this many words stay in their slot; longer ones go to the arena. */
export const INLINE_WORDS = 4;
/** counter[STATES] = number of states, counter[ARENA_USED] = bytes of the arena in use. */
const STATES = 0;
const ARENA_USED = 1;

export interface StateStoreBuffers {
  readonly width: number;
  readonly capacity: number;
  readonly table: ArrayBufferLike;
  /** State index -> table slot (inline keys) or arena offset (arena keys). */
  readonly whereOf: ArrayBufferLike;
  readonly parentOf: ArrayBufferLike;
  /** Growable; empty for inline keys. Kept (and grown in place) when the table is grown. */
  readonly arena: ArrayBufferLike;
  /** [0] = number of states, [1] = arena bytes in use; shared with every thread. */
  readonly counter: ArrayBufferLike;
}

/** Single-threaded inserts grow the table in place past this load (a batch can overshoot MAX_LOAD). */
const HARD_LOAD = 0.9;

/** Arena bytes kept free for the keys a batch may still insert after a thread found the store full. */
const arenaReserve = (width: number): number => 16 * 1024 * (4 * width + 2);

/** The typed views of a store's buffers and the figures of its table's size. */
interface Views {
  readonly capacity: number;
  readonly mask: number;
  /** States at which the table should grow before more are expanded (the max load). */
  readonly softLimit: number;
  readonly hardLimit: number;
  readonly table: Int32Array;
  /** State index -> table slot (inline keys) or arena offset (arena keys). */
  readonly whereOf: Int32Array;
  /** State index -> index of the state it was first reached from (-1 for initial states). */
  readonly parentOf: Int32Array;
  readonly counter: Int32Array;
}

function viewsOf(buffers: StateStoreBuffers, maxLoad: number): Views {
  const { capacity } = buffers;
  if (capacity < 2 || (capacity & (capacity - 1)) !== 0) {
    throw new RangeError(`StateStore: capacity must be a power of two, got ${capacity}`);
  }
  return {
    capacity,
    mask: capacity - 1,
    softLimit: Math.ceil(capacity * maxLoad),
    hardLimit: Math.floor(capacity * HARD_LOAD),
    table: new Int32Array(buffers.table),
    whereOf: new Int32Array(buffers.whereOf),
    parentOf: new Int32Array(buffers.parentOf),
    counter: new Int32Array(buffers.counter),
  };
}

/** The views of no table: what a store holds until its constructor sets its own. */
const NO_VIEWS: Views = viewsOf(
  {
    width: 1,
    capacity: 2,
    table: new ArrayBuffer(0),
    whereOf: new ArrayBuffer(0),
    parentOf: new ArrayBuffer(0),
    arena: new ArrayBuffer(0),
    counter: new ArrayBuffer(0),
  },
  MAX_LOAD,
);

const EMPTY_ARENA = new Uint8Array(0);

/** A view of the whole of `buffer` as it is now: fixed-length, not length-tracking. */
const fixedView = (buffer: ArrayBufferLike): Uint8Array =>
  new Uint8Array(buffer, 0, buffer.byteLength);

export class StateStore {
  readonly width: number;
  /** Keys in the slots (width <= INLINE_WORDS) or in the arena. */
  readonly inline: boolean;
  private readonly stride: number;
  /** MAX_LOAD for inline keys, ARENA_MAX_LOAD for arena keys. */
  private readonly maxLoad: number;
  // Replaced only by growInPlace (single-threaded); shared stores are grown into a copy.
  buffers: StateStoreBuffers;
  /**
   * Replaced by growInPlace. NOTE: created with NO_VIEWS and then set, so V8 takes the field as
   * mutable from the start. Stored once, it is taken as constant by the optimized insert, flush
   * and expandRange; the first growth then discards that code, and optimized again (insert
   * already compiled on its own, too large to inline then), flush calls insert once per
   * transition instead of inlining it (lockbench (5,3): 3.6% more user CPU than 70c53c4).
   */
  private views: Views = NO_VIEWS;
  /**
   * A fixed-length view of the arena, made again whenever this store grows it. NOTE: not a
   * length-tracking view (`new Uint8Array(buffer)` of a growable buffer): Node 20's V8 reads
   * those through a slow path, 40 times slower for a growable SharedArrayBuffer and 3 times for
   * a growable ArrayBuffer than a fixed view (spec/reduction.md), and recordEquals reads the
   * arena for every successor found again (5.4% of a worker's CPU on the default bound). A
   * worker's view never goes stale: only this thread grows a shared arena, between rounds, and
   * the workers then make their stores again from the buffers it sends (exploreParallel.ts).
   * Created empty and then set, like `views`, so V8 takes the field as mutable from the start.
   */
  private arena: Uint8Array = EMPTY_ARENA;

  constructor(buffers: StateStoreBuffers) {
    this.width = buffers.width;
    this.inline = this.width <= INLINE_WORDS;
    this.stride = this.inline ? this.width + 1 : 2;
    this.maxLoad = this.inline ? MAX_LOAD : ARENA_MAX_LOAD;
    this.buffers = buffers;
    this.views = viewsOf(buffers, this.maxLoad);
    this.arena = fixedView(buffers.arena);
  }

  get capacity(): number {
    return this.views.capacity;
  }

  /** State index -> index of the state it was first reached from (-1 for initial states). */
  get parentOf(): Int32Array {
    return this.views.parentOf;
  }

  /** The index of the state `index` was first reached from (-1 for an initial state). */
  parentAt(index: number): number {
    return this.views.parentOf[index] ?? -1;
  }

  /** Doubles a single-threaded store's table, keeping indices, parents and the arena. */
  growInPlace(): void {
    const next = this.grown(false);
    this.buffers = next.buffers;
    this.views = next.views;
    this.arena = next.arena;
  }

  /**
   * An empty store; `shared` puts it in SharedArrayBuffers for worker threads. `arenaOf`: a
   * store whose key arena the new one takes over (the table grown into a copy).
   */
  static create(
    width: number,
    capacity: number,
    shared: boolean,
    arenaOf?: StateStore,
  ): StateStore {
    const alloc = (bytes: number): ArrayBufferLike =>
      shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    const inline = width <= INLINE_WORDS;
    // Reserved, not resident: the pages of the arena never written take no memory.
    const arenaBytes = inline ? 0 : Math.max(4 * arenaReserve(width), capacity * 32);
    return new StateStore({
      width,
      capacity,
      table: alloc(capacity * (inline ? width + 1 : 2) * 4),
      whereOf: alloc(capacity * 4),
      parentOf: alloc(capacity * 4),
      arena: arenaOf?.buffers.arena ?? growableBuffer(arenaBytes, shared),
      counter: alloc(8),
    });
  }

  /**
   * Bytes a store of this shape occupies (to respect a memory bound before growing): for arena
   * keys, the arena counted as if every state used the full width.
   */
  static bytesFor(width: number, capacity: number): number {
    if (width <= INLINE_WORDS) return capacity * (width + 3) * 4;
    const record = headerBytes(4 * width) + 4 * width;
    return capacity * 4 * 4 + Math.ceil(capacity * ARENA_MAX_LOAD) * record;
  }

  get size(): number {
    return Atomics.load(this.views.counter, STATES);
  }

  /** Bytes of the key arena in use (0 for inline keys): what the stored keys really take. */
  get arenaBytes(): number {
    return Atomics.load(this.views.counter, ARENA_USED) >>> 0;
  }

  /**
   * Bytes the stored states occupy: the whole table, the index and parent of each state, the
   * arena words in use (the pages of the arena never written are not resident).
   */
  get bytesHeld(): number {
    return this.views.table.byteLength + this.size * 8 + this.arenaBytes;
  }

  /** True when the next level chunk should wait for `grown()`: table or arena too full. */
  get full(): boolean {
    return this.tableFull || this.arenaFull;
  }

  private get tableFull(): boolean {
    return this.size >= this.views.softLimit;
  }

  private get arenaFull(): boolean {
    return !this.inline && this.arenaBytes + arenaReserve(this.width) > this.arena.length;
  }

  /**
   * Adds the key at `keys[at .. at + width)` if absent. Returns the new state's index (>= 0),
   * or -(index + 1) of the state already there. A single-threaded store grows as it fills.
   *
   * `shared`: several threads insert into shared buffers. A slot is claimed by compare-and-swap
   * of its tag from empty to BUSY, the key is written, then the tag is published with the
   * index; a reader that meets BUSY waits for the publication, which is a few stores away.
   *
   * `zeroFrom`: the key's words from there on are known to be zero (an Encoder's length), so
   * neither comparing nor storing it reads its zero padding.
   */
  insert(
    keys: Int32Array,
    at: number,
    hash: number,
    parent: number,
    shared = false,
    zeroFrom = this.width,
  ): number {
    if (!shared) {
      if ((this.views.counter[STATES] ?? 0) >= this.views.hardLimit) this.growInPlace();
      if (this.arenaFull) this.growArena();
    }
    const { table, mask } = this.views;
    const stride = this.stride;
    let slot = hash & mask;
    for (;;) {
      const base = slot * stride;
      // A plain read, not Atomics.load: most probes find a published key, and only claiming a
      // slot needs the compare-and-swap (lockbench (5,3), 2 workers: 13.1 s -> 10.9 s, medians).
      let tag = table[base] ?? 0;
      if (tag === 0) {
        if (shared) tag = Atomics.compareExchange(table, base, 0, BUSY);
        if (tag === 0) return this.claim(base, slot, keys, at, hash, parent, shared, zeroFrom);
      }
      while (tag === BUSY) tag = Atomics.load(table, base);
      if (this.keyAt(base, tag, keys, at, hash, zeroFrom)) return -tag;
      if (shared) {
        // The plain read of the tag does not order the key reads after it on weakly ordered
        // CPUs; the atomic re-read does, so a stale key cannot make us skip our own key.
        Atomics.load(table, base);
        if (this.keyAt(base, tag, keys, at, hash, zeroFrom)) return -tag;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Numbers the state, writes its key and parent into the claimed slot, publishes the tag. */
  private claim(
    base: number,
    slot: number,
    keys: Int32Array,
    at: number,
    hash: number,
    parent: number,
    shared: boolean,
    zeroFrom: number,
  ): number {
    const { table, counter, parentOf, hardLimit, capacity } = this.views;
    let index: number;
    if (shared) {
      index = Atomics.add(counter, STATES, 1);
      if (index >= hardLimit)
        throw new RangeError(
          `StateStore: shared table nearly full (${index} of ${capacity}) within one chunk; raise initialCapacity`,
        );
    } else {
      index = counter[STATES] ?? 0;
      counter[STATES] = index + 1;
    }
    this.writeKey(base, slot, index, keys, at, hash, shared, zeroFrom);
    parentOf[index] = parent;
    if (shared) Atomics.store(table, base, index + 1);
    else table[base] = index + 1;
    return index;
  }

  /** The index of the key at `keys[at .. at + width)` of hash `hash`, or -1 if absent. */
  indexOf(keys: Int32Array, at: number, hash: number): number {
    const { table, mask } = this.views;
    const stride = this.stride;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const tag = table[slot * stride] ?? 0;
      if (tag === 0) return -1;
      if (this.keyAt(slot * stride, tag, keys, at, hash, this.width)) return tag - 1;
    }
  }

  /**
   * Reads the home slot of each of `hashes[0 .. n)`, then, for arena keys whose home holds the
   * same hash (a state found again, most successors at depth), the state's arena offset and the
   * first byte of its record: what insert's key comparison reads next. Each pass's loads are
   * independent of one another, so the CPU overlaps their cache misses; insert then finds them
   * cached (before the second pass, the offset and the record were two misses a state found
   * again, one after the other). Returns a sum of what it read, which the caller must keep (a
   * load whose value is unused is compiled away). See InsertBatch.
   */
  touchHomes(hashes: Int32Array, n: number): number {
    const { table, mask, whereOf } = this.views;
    const stride = this.stride;
    let sum = 0;
    for (let j = 0; j < n; j++) sum = (sum + (table[((hashes[j] ?? 0) & mask) * stride] ?? 0)) | 0;
    if (this.inline) return sum;
    const arena = this.arena;
    for (let j = 0; j < n; j++) {
      const hash = hashes[j] ?? 0;
      const base = (hash & mask) * stride;
      const tag = table[base] ?? 0;
      if (tag <= 0 || table[base + 1] !== hash) continue;
      sum = (sum + (arena[(whereOf[tag - 1] ?? 0) >>> 0] ?? 0)) | 0;
    }
    return sum;
  }

  /** Copies the key of state `index` into `out` (zero-padded to the width). */
  keyOf(index: number, out: Int32Array): Int32Array {
    const where = this.views.whereOf[index] ?? 0;
    if (this.inline) {
      const base = where * this.stride + 1;
      const table = this.views.table;
      for (let i = 0; i < this.width; i++) out[i] = table[base + i] ?? 0;
      return out;
    }
    return readRecord(this.arena, where >>> 0, out, this.width);
  }

  /**
   * A store with the same states, indices and parents and room for more: the table doubled
   * (or to `capacity`) when it is too full, the arena grown in place when it is.
   */
  grown(shared: boolean, capacity?: number): StateStore {
    if (this.arenaFull) this.growArena();
    if (capacity === undefined && !this.tableFull && this.size < this.views.hardLimit)
      return new StateStore(this.buffers);
    const next = StateStore.create(this.width, capacity ?? this.capacity * 2, shared, this);
    next.copyFrom(this);
    return next;
  }

  /** Doubles the arena in place (its records keep their offsets) and views it again. */
  private growArena(): void {
    growBuffer(this.buffers.arena, this.arena.length * 2);
    this.arena = fixedView(this.buffers.arena);
  }

  /** Rehashes in the old table's slot order: sequential reads, only the writes are random. */
  private copyFrom(from: StateStore): void {
    const { table, mask, whereOf, parentOf, counter } = this.views;
    const { stride, width, inline } = this;
    const old = from.views.table;
    for (let base = 0; base < old.length; base += stride) {
      const tag = old[base] ?? 0;
      if (tag <= 0) continue;
      const hash = inline ? hashWords(old, width, base + 1) : (old[base + 1] ?? 0);
      let slot = hash & mask;
      while ((table[slot * stride] ?? 0) !== 0) slot = (slot + 1) & mask;
      const to = slot * stride;
      for (let i = 1; i < stride; i++) table[to + i] = old[base + i] ?? 0;
      table[to] = tag;
      if (inline) whereOf[tag - 1] = slot;
    }
    const n = from.size;
    if (!inline) whereOf.set(from.views.whereOf.subarray(0, n));
    parentOf.set(from.views.parentOf.subarray(0, n));
    counter[STATES] = n;
    counter[ARENA_USED] = from.arenaBytes;
  }

  /** Writes the key of a claimed slot: inline, or appended to the arena without its zero tail. */
  private writeKey(
    base: number,
    slot: number,
    index: number,
    keys: Int32Array,
    at: number,
    hash: number,
    shared: boolean,
    zeroFrom: number,
  ): void {
    const { table, whereOf, counter } = this.views;
    const width = this.width;
    if (this.inline) {
      for (let i = 0; i < width; i++) table[base + 1 + i] = keys[at + i] ?? 0;
      whereOf[index] = slot;
      return;
    }
    const length = keyBytes(keys, at, zeroFrom);
    const record = headerBytes(length) + length;
    let offset: number;
    if (shared) offset = Atomics.add(counter, ARENA_USED, record) >>> 0;
    else {
      offset = (counter[ARENA_USED] ?? 0) >>> 0;
      counter[ARENA_USED] = offset + record;
    }
    const arena = this.arena;
    if (offset + record > arena.length)
      throw new RangeError('StateStore: the key arena filled within one chunk');
    writeRecord(arena, offset, keys, at, length);
    whereOf[index] = offset;
    table[base + 1] = hash;
  }

  private keyAt(
    base: number,
    tag: number,
    keys: Int32Array,
    at: number,
    hash: number,
    zeroFrom: number,
  ): boolean {
    const table = this.views.table;
    const width = this.width;
    if (this.inline) {
      for (let i = 0; i < width; i++) if (table[base + 1 + i] !== keys[at + i]) return false;
      return true;
    }
    if (table[base + 1] !== hash) return false;
    const offset = (this.views.whereOf[tag - 1] ?? 0) >>> 0;
    return recordEquals(this.arena, offset, keys, at, zeroFrom);
  }
}
