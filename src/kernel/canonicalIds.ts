// The one renumbering of the ids a state carries. The simulator allocates page, anon_vma and
// file ids as it goes, so two states that hold the same memory may name it differently; every
// encoding of a state (encode.ts, and the bounded checker's packed codec) asks this walk for
// the canonical number of an id instead of numbering ids itself. Ids are numbered 1, 2, ... in
// order of first appearance in one fixed walk:
//   1. processes in order; each one's descriptors by fd, then its VMAs by address, each VMA's
//      anon_vma, file and PTEs in address order;
//   2. the files so far in order of first appearance, each one's page cache by index;
//   3. the mlock batch, oldest first (a freed page's entry names no page);
//   4. the uncertain pages (mlockUncertain) the walk has not met yet.

import {
  PTE_GUARD,
  PTE_NONE,
  PTE_ZERO,
  type KernelState,
  type Mm,
  type Pte,
  type Vma,
} from './state.js';

/**
 * Numbers ids 1, 2, ... in order of first appearance. Ids are small non-negative integers (the
 * simulator counts them up), so a table indexed by id, stamped with the walk it was written
 * in, replaces a Map: the checker numbers the ids of every successor it encodes.
 */
class Numbering {
  private stamps = new Int32Array(64);
  private numbers = new Int32Array(64);
  private walk = 0;
  /**
   * The original ids in canonical order: list[n - 1] is numbered n, for n <= count. Entries past
   * `count` are stale ones of an earlier walk: clearing resets the count, not the array (setting
   * an array's length is a call into V8's runtime, and emptying it frees its store, which the
   * next walk grows again; three of these a successor encoded cost about 1% of a search).
   */
  private readonly list: number[] = [];
  private count = 0;

  /** How many ids the walk has numbered. */
  get size(): number {
    return this.count;
  }

  /** Numbers `id` if the walk has not met it yet; returns its number (0 for a negative id). */
  add(id: number): number {
    if (id < 0) return 0;
    if (id >= this.stamps.length) this.grow(id);
    if (this.stamps[id] === this.walk) return this.numbers[id] ?? 0;
    this.stamps[id] = this.walk;
    this.list[this.count++] = id;
    this.numbers[id] = this.count;
    return this.count;
  }

  /** The id numbered `n` + 1 (n < size). */
  at(n: number): number {
    return this.list[n] ?? -1;
  }

  /** The original ids in canonical order, as a new array: order[n - 1] is numbered n. */
  get order(): number[] {
    return this.list.slice(0, this.count);
  }

  /** The canonical number of `id`, or 0 when the walk did not meet it. */
  of(id: number): number {
    return id >= 0 && this.stamps[id] === this.walk ? (this.numbers[id] ?? 0) : 0;
  }

  clear(): void {
    this.count = 0;
    this.walk++;
    if (this.walk === 0x7fffffff) {
      this.stamps.fill(0);
      this.walk = 1;
    }
  }

  private grow(id: number): void {
    const size = Math.max(id + 1, 2 * this.stamps.length);
    const stamps = new Int32Array(size);
    const numbers = new Int32Array(size);
    stamps.set(this.stamps);
    numbers.set(this.numbers);
    this.stamps = stamps;
    this.numbers = numbers;
  }
}

/**
 * Keys of a small map in ascending order, into a reused array (no sort when in order). Its
 * length is set only when the size differs from the last map's (a call into V8's runtime).
 */
function sortedKeys(map: ReadonlyMap<number, unknown>, out: number[]): number[] {
  if (out.length !== map.size) out.length = map.size;
  let sorted = true;
  let n = 0;
  for (const k of map.keys()) {
    if (n > 0 && k < (out[n - 1] ?? 0)) sorted = false;
    out[n++] = k;
  }
  if (!sorted) out.sort((a, b) => a - b);
  return out;
}

/**
 * The canonical numbering of one state; reusable (`number` starts afresh), so an encoder that
 * runs for every successor allocates nothing per state once its maps have grown.
 */
export class CanonicalIds {
  private readonly pages = new Numbering();
  private readonly anonVmas = new Numbering();
  private readonly files = new Numbering();
  /**
   * Scratch for sortedKeys, one for descriptor tables and one for page caches: their sizes
   * differ, and one array shared would have its length set (a runtime call) at each switch.
   */
  private readonly fdKeys: number[] = [];
  private readonly cacheKeys: number[] = [];

  /**
   * Walks `state` (see the file comment) and numbers every id in it; returns `this`. `vmasOf`,
   * when given, holds each process's VMAs in the order the walk takes them instead of its own
   * list. The same walk as begin, meetProcess, meetVma and meetPte for every PTE, then rest:
   * the checker's codec takes those steps itself, numbering each id as it writes it, so that
   * it walks the VMAs and their PTEs once rather than twice.
   */
  number(state: KernelState, vmasOf: readonly (readonly Vma[])[] | null = null): this {
    this.begin();
    for (let i = 0; i < state.procs.length; i++) {
      const mm = state.procs[i];
      if (mm === undefined) continue;
      this.meetProcess(mm);
      const vmas = vmasOf?.[i] ?? mm.vmas;
      for (let j = 0; j < vmas.length; j++) {
        const v = vmas[j];
        if (v === undefined) continue;
        this.meetVma(v);
        // One number a page: only the bounded checker and tests encode states, whose
        // mappings are small (a huge run would number every page of it).
        const ptes = v.ptes.toArray();
        for (let k = 0; k < ptes.length; k++) this.meetPte(ptes[k] ?? PTE_NONE);
      }
    }
    return this.rest(state);
  }

  /** Starts a walk afresh: step 1 follows, process by process (meetProcess), then rest. */
  begin(): void {
    this.pages.clear();
    this.anonVmas.clear();
    this.files.clear();
  }

  /** Step 1's start for a process: its descriptors' files, by fd. */
  meetProcess(mm: Mm): void {
    // No iterator over an empty descriptor table: this runs for every successor encoded.
    if (mm.fds.size > 0)
      for (const fd of sortedKeys(mm.fds, this.fdKeys)) this.files.add(mm.fds.get(fd) ?? -1);
  }

  /** Step 1 for a VMA before its PTEs (meetPte, in address order): its anon_vma and file. */
  meetVma(v: Vma): void {
    if (v.anonVma !== 0) this.anonVmas.add(v.anonVma);
    if (v.backing.kind === 'file') this.files.add(v.backing.file);
  }

  /** Step 1 for one PTE: numbers the page it maps; returns its reference (as `pte` does). */
  meetPte(p: Pte): number {
    if (p > 0) return 2 + this.pages.add(p);
    return this.pte(p);
  }

  /** Steps 2 to 4, once every process has been met; returns `this`. */
  rest(state: KernelState): this {
    for (let n = 0; n < this.files.size; n++) {
      const id = this.files.at(n);
      const cache = state.files[id]?.cache;
      if (cache === undefined) continue;
      for (const index of sortedKeys(cache, this.cacheKeys)) this.pages.add(cache.get(index) ?? -1);
    }
    for (const e of state.mlockBatch) if (state.pages.has(e.page)) this.pages.add(e.page);
    for (const id of state.mlockUncertain) this.pages.add(id);
    return this;
  }

  /** The page ids of the state in canonical order: `pageOrder[n - 1]` is page n. */
  get pageOrder(): readonly number[] {
    return this.pages.order;
  }

  /** How many pages the state holds (pageOrder's length, without making the list). */
  get pageCount(): number {
    return this.pages.size;
  }

  /** The id of page n + 1 of the walk (pageOrder[n], n < pageCount). */
  pageAt(n: number): number {
    return this.pages.at(n);
  }

  /** The file ids the state reaches, in canonical order. */
  get fileOrder(): readonly number[] {
    return this.files.order;
  }

  /** The canonical number of a page id (0: not in the state, e.g. freed). */
  page(id: number): number {
    return this.pages.of(id);
  }

  /** The canonical number of an anon_vma id (0 stays 0: no anon_vma yet). */
  anonVma(id: number): number {
    return this.anonVmas.of(id);
  }

  /** The canonical number of a file id (0: the state reaches no such file). */
  file(id: number): number {
    return this.files.of(id);
  }

  /** A PTE as a canonical reference: 0 none, 1 the zero page, 2 a guard marker, 2 + n page n. */
  pte(p: Pte): number {
    if (p === PTE_NONE) return 0;
    if (p === PTE_ZERO) return 1;
    if (p === PTE_GUARD) return 2;
    return 2 + this.pages.of(p);
  }
}

/** The PTE a canonical reference stands for, page n given as n (the inverse of `pte`). */
export function pteOfRef(ref: number): Pte {
  if (ref === 0) return PTE_NONE;
  if (ref === 1) return PTE_ZERO;
  if (ref === 2) return PTE_GUARD;
  return ref - 2;
}
