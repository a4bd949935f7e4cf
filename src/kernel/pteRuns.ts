// The PTEs of one VMA, kept as runs rather than one entry a page, so that a mapping of 2^28
// pages that a trace maps, populates and locks whole costs a few runs, not a gigabyte. A run is
// `len` PTEs that are all the same marker (none, the zero page, a guard marker), or that map
// pages with consecutive ids (the simulator allocates ids in order, so a range populated in one
// go is one run). Values are immutable: every change returns a new PteRuns and shares nothing
// mutable with the old one.

import { firstAbove } from './_internals/firstAbove.js';
import { type Pte } from './state.js';

/** Is `b`, placed right after a run of `len` PTEs starting at `a`, its continuation? */
const continues = (a: Pte, len: number, b: Pte): boolean => (a > 0 ? b === a + len : b === a);

/** Appends the run (len, pte) to (ends, ptes), merging it into the last run when it continues. */
function push(ends: number[], ptes: Pte[], len: number, pte: Pte): void {
  if (len <= 0) return;
  const n = ends.length;
  // The first run reads nothing: ptes[-1] is no array index but a property name, which V8
  // looks up the slow way (3% of a step's samples when every new PteRuns read it).
  if (n === 0) {
    ends.push(len);
    ptes.push(pte);
    return;
  }
  const lastEnd = ends[n - 1] ?? 0;
  const lastPte = ptes[n - 1];
  if (lastPte !== undefined) {
    const lastLen = lastEnd - (n === 1 ? 0 : (ends[n - 2] ?? 0));
    if (continues(lastPte, lastLen, pte)) {
      ends[n - 1] = lastEnd + len;
      return;
    }
  }
  ends.push(lastEnd + len);
  ptes.push(pte);
}

/**
 * PteRuns.none of the small lengths, made once each: a value is immutable, so every new VMA of
 * that length (each mmap, the pieces fork and mremap start empty) shares one.
 */
const NONE_CACHED = 64;
const NONE: (PteRuns | undefined)[] = [];

export class PteRuns {
  /**
   * One entry a page, made on the first toArray() and kept: the value never changes, and the
   * checker encodes, hashes and judges the same small VMA's PTEs many times (every successor
   * of a state shares the VMAs its step left alone).
   */
  #expanded: readonly Pte[] | null = null;

  /**
   * How many PTEs: the end of the last run, kept as a field since nearly every method and
   * every walk of the step asks it.
   */
  readonly length: number;

  /** `ends[r]`: the index one past run r; `ptes[r]`: the PTE of its first page. */
  private constructor(
    private readonly ends: readonly number[],
    private readonly ptes: readonly Pte[],
  ) {
    this.length = ends.length === 0 ? 0 : (ends[ends.length - 1] ?? 0);
  }

  /** `length` PTEs all set to `pte` (a marker; a page id gives consecutive pages). */
  static fill(length: number, pte: Pte): PteRuns {
    const ends: number[] = [];
    const ptes: Pte[] = [];
    push(ends, ptes, length, pte);
    return new PteRuns(ends, ptes);
  }

  static none(length: number): PteRuns {
    if (length >= 0 && length < NONE_CACHED) return (NONE[length] ??= PteRuns.fill(length, 0));
    return PteRuns.fill(length, 0);
  }

  /** From one entry a page (tests); the list is copied. */
  static of(list: readonly Pte[]): PteRuns {
    return PteRuns.adopt(list.slice());
  }

  /**
   * From one entry a page, keeping `list` itself as the expanded form toArray returns: for a
   * caller that made the list for this and never changes it (decoding a packed state, which
   * the checker does for every state it expands).
   */
  static adopt(list: readonly Pte[]): PteRuns {
    const ends: number[] = [];
    const ptes: Pte[] = [];
    let first = list[0] ?? 0;
    for (let k = 1, start = 0; k <= list.length; k++) {
      const pte = list[k] ?? 0;
      if (k < list.length && continues(first, k - start, pte)) continue;
      ends.push(k);
      ptes.push(first);
      first = pte;
      start = k;
    }
    const runs = new PteRuns(ends, ptes);
    runs.#expanded = list;
    return runs;
  }

  /** How many runs: the memory this VMA's PTEs take. */
  get runCount(): number {
    return this.ends.length;
  }

  /** The run holding `index`. */
  private runAt(index: number): number {
    return firstAbove(this.ends, index);
  }

  /** The PTE at `index` (none beyond the end). */
  at(index: number): Pte {
    if (index < 0 || index >= this.length) return 0;
    const r = this.runAt(index);
    const pte = this.ptes[r] ?? 0;
    if (pte <= 0) return pte;
    const start = r === 0 ? 0 : (this.ends[r - 1] ?? 0);
    return pte + (index - start);
  }

  /** How many PTEs from `index` to the end of its run (1 beyond the end). */
  runLength(index: number): number {
    if (index < 0 || index >= this.length) return 1;
    return (this.ends[this.runAt(index)] ?? 0) - index;
  }

  /**
   * Calls `visit(index, len, pte)` for each run overlapping [from, to), clipped to it, in order;
   * `pte` is the PTE at `index` (the next pages, if any, follow it).
   */
  forEachRun(
    from: number,
    to: number,
    visit: (index: number, len: number, pte: Pte) => void,
  ): void {
    const end = Math.min(to, this.length);
    for (let r = this.runAt(Math.max(0, from)); r < this.ends.length; r++) {
      const start = r === 0 ? 0 : (this.ends[r - 1] ?? 0);
      if (start >= end) break;
      const runEnd = this.ends[r] ?? 0;
      const index = Math.max(start, from);
      const pte = this.ptes[r] ?? 0;
      visit(index, Math.min(runEnd, end) - index, pte > 0 ? pte + (index - start) : pte);
    }
  }

  /** Appends the runs of [from, to) to (ends, ptes). */
  private copyTo(ends: number[], ptes: Pte[], from: number, to: number): void {
    const end = Math.min(to, this.length);
    for (let r = from <= 0 ? 0 : this.runAt(from); r < this.ends.length; r++) {
      const start = r === 0 ? 0 : (this.ends[r - 1] ?? 0);
      if (start >= end) break;
      const index = Math.max(start, from);
      const pte = this.ptes[r] ?? 0;
      push(
        ends,
        ptes,
        Math.min(this.ends[r] ?? 0, end) - index,
        pte > 0 ? pte + (index - start) : pte,
      );
    }
  }

  slice(from: number, to: number): PteRuns {
    if (from <= 0 && to >= this.length) return this;
    const ends: number[] = [];
    const ptes: Pte[] = [];
    this.copyTo(ends, ptes, from, to);
    return new PteRuns(ends, ptes);
  }

  concat(other: PteRuns): PteRuns {
    const ends = this.ends.slice();
    const ptes = this.ptes.slice();
    other.copyTo(ends, ptes, 0, other.length);
    return new PteRuns(ends, ptes);
  }

  /** [from, to) set to `pte` (a marker, or pages pte, pte + 1, ...). */
  with(from: number, to: number, pte: Pte): PteRuns {
    const ends: number[] = [];
    const ptes: Pte[] = [];
    const length = this.length;
    let start = 0;
    let placed = false;
    for (let r = 0; r < this.ends.length; r++) {
      const end = this.ends[r] ?? 0;
      const first = this.ptes[r] ?? 0;
      // The part of run r before `from`, then the new run, then the part after `to`.
      if (start < from) push(ends, ptes, Math.min(end, from) - start, first);
      if (!placed && end >= from) {
        push(ends, ptes, to - from, pte);
        placed = true;
      }
      if (end > to) {
        const at = Math.max(start, to);
        push(ends, ptes, end - at, first > 0 ? first + (at - start) : first);
      }
      start = end;
    }
    if (!placed) push(ends, ptes, to - from, pte);
    if (length > 0 && (ends[ends.length - 1] ?? 0) !== Math.max(length, to))
      throw new Error('PteRuns.with: lost a run');
    return new PteRuns(ends, ptes);
  }

  /** Whether both hold the same PTEs (the same runs: runs are kept merged). */
  equals(other: PteRuns): boolean {
    return (
      this === other ||
      (this.ends.length === other.ends.length &&
        this.ends.every((e, r) => e === other.ends[r] && this.ptes[r] === other.ptes[r]))
    );
  }

  /** One entry a page: only for VMAs known to be small (the bounded checker, tests). */
  toArray(): readonly Pte[] {
    if (this.#expanded !== null) return this.#expanded;
    const out: Pte[] = [];
    this.forEachRun(0, this.length, (_index, len, pte) => {
      for (let k = 0; k < len; k++) out.push(pte > 0 ? pte + k : pte);
    });
    this.#expanded = out;
    return out;
  }
}
