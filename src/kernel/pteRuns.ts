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

/**
 * The runs a PteRuns method is building, in two lists for the whole module rather than two
 * new ones a call: an array grown by push gets room for 17 entries on its first push, and most
 * PTE lists hold one to three runs, so each PteRuns the step made carried two mostly empty
 * backing stores (sliceVma and `with` made a third of a step's bytes). Built here, then copied
 * out at their exact length (`built`). Entries [0, size) are the runs so far; no method builds
 * two lists at once (nothing here calls out while building).
 */
const buildEnds: number[] = [];
const buildPtes: Pte[] = [];
let size = 0;

/** Appends the run (len, pte) to the list being built, merged into the last run if it continues. */
function push(len: number, pte: Pte): void {
  if (len <= 0) return;
  const n = size;
  // The first run reads nothing: ptes[-1] is no array index but a property name, which V8
  // looks up the slow way (3% of a step's samples when every new PteRuns read it).
  if (n > 0) {
    const lastEnd = buildEnds[n - 1] ?? 0;
    const lastPte = buildPtes[n - 1] ?? 0;
    const lastLen = lastEnd - (n === 1 ? 0 : (buildEnds[n - 2] ?? 0));
    if (continues(lastPte, lastLen, pte)) {
      buildEnds[n - 1] = lastEnd + len;
      return;
    }
    buildEnds[n] = lastEnd + len;
  } else {
    buildEnds[n] = len;
  }
  buildPtes[n] = pte;
  size = n + 1;
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
    push(length, pte);
    return PteRuns.built();
  }

  /** The list built so far (push), copied out at its length; the builder starts empty again. */
  private static built(): PteRuns {
    const n = size;
    size = 0;
    return new PteRuns(buildEnds.slice(0, n), buildPtes.slice(0, n));
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
    let first = list[0] ?? 0;
    for (let k = 1, start = 0; k <= list.length; k++) {
      const pte = list[k] ?? 0;
      if (k < list.length && continues(first, k - start, pte)) continue;
      push(k - start, first);
      first = pte;
      start = k;
    }
    const runs = PteRuns.built();
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

  /** Appends the runs of [from, to) to the list being built. */
  private copyTo(from: number, to: number): void {
    const end = Math.min(to, this.length);
    for (let r = from <= 0 ? 0 : this.runAt(from); r < this.ends.length; r++) {
      const start = r === 0 ? 0 : (this.ends[r - 1] ?? 0);
      if (start >= end) break;
      const index = Math.max(start, from);
      const pte = this.ptes[r] ?? 0;
      push(Math.min(this.ends[r] ?? 0, end) - index, pte > 0 ? pte + (index - start) : pte);
    }
  }

  slice(from: number, to: number): PteRuns {
    if (from <= 0 && to >= this.length) return this;
    this.copyTo(from, to);
    return PteRuns.built();
  }

  concat(other: PteRuns): PteRuns {
    this.copyTo(0, this.length);
    other.copyTo(0, other.length);
    return PteRuns.built();
  }

  /** [from, to) set to `pte` (a marker, or pages pte, pte + 1, ...). */
  with(from: number, to: number, pte: Pte): PteRuns {
    const length = this.length;
    let start = 0;
    let placed = false;
    for (let r = 0; r < this.ends.length; r++) {
      const end = this.ends[r] ?? 0;
      const first = this.ptes[r] ?? 0;
      // The part of run r before `from`, then the new run, then the part after `to`.
      if (start < from) push(Math.min(end, from) - start, first);
      if (!placed && end >= from) {
        push(to - from, pte);
        placed = true;
      }
      if (end > to) {
        const at = Math.max(start, to);
        push(end - at, first > 0 ? first + (at - start) : first);
      }
      start = end;
    }
    if (!placed) push(to - from, pte);
    if (length > 0 && (size === 0 ? 0 : (buildEnds[size - 1] ?? 0)) !== Math.max(length, to)) {
      size = 0;
      throw new Error('PteRuns.with: lost a run');
    }
    return PteRuns.built();
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
