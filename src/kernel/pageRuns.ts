// The pages of a state by id, kept as runs of consecutive ids that share one Page value, so
// that 2^28 anonymous pages populated and mlocked in one call are one entry ("present, mlocked,
// zero-filled, mapcount 1"), and a page the trace touches on its own is split out of its run.
// A state's PageRuns is never changed: a step works on `copy()` (tx.ts) and commits it.

import { firstAbove } from './_internals/firstAbove.js';
import {
  pushPageRun,
  release,
  runCount,
  runId,
  runPage,
  stackTop,
} from './_internals/pageRunStack.js';
import type { Page } from './state.js';

export class PageRuns {
  /** Sorted, disjoint runs: ids firsts[r] .. firsts[r] + counts[r] - 1 are each pages[r]. */
  protected constructor(
    protected readonly firsts: number[],
    protected readonly counts: number[],
    protected readonly values: Page[],
  ) {}

  static empty(): PageRuns {
    return new PageRuns([], [], []);
  }

  /** From one entry a page (decoding a packed state, tests). */
  static of(entries: Iterable<readonly [number, Page]>): PageRuns {
    const store = PageRuns.empty().copy();
    for (const [id, page] of [...entries].sort((a, b) => a[0] - b[0])) store.set(id, page);
    return store;
  }

  /** Index of the run holding `id`, or -1. */
  protected find(id: number): number {
    const r = this.firstAfter(id) - 1;
    return r >= 0 && id < (this.firsts[r] ?? 0) + (this.counts[r] ?? 0) ? r : -1;
  }

  /** Index of the first run starting after `id`. */
  protected firstAfter(id: number): number {
    return firstAbove(this.firsts, id);
  }

  get(id: number): Page | undefined {
    const r = this.find(id);
    return r < 0 ? undefined : this.values[r];
  }

  has(id: number): boolean {
    return this.find(id) >= 0;
  }

  /** How many runs: the memory the pages take. */
  get runCount(): number {
    return this.firsts.length;
  }

  /** Each run overlapping ids [first, first + count), clipped to it, in id order. */
  forEachRun(
    first: number,
    count: number,
    visit: (id: number, count: number, page: Page) => void,
  ): void {
    const end = first + count;
    let r = this.firstAfter(first) - 1;
    if (r < 0 || first >= (this.firsts[r] ?? 0) + (this.counts[r] ?? 0)) r++;
    for (; r < this.firsts.length; r++) {
      const start = this.firsts[r] ?? 0;
      const page = this.values[r];
      if (start >= end || page === undefined) break;
      const from = Math.max(start, first);
      visit(from, Math.min(start + (this.counts[r] ?? 0), end) - from, page);
    }
  }

  /**
   * Whether `test` holds of every run, in id order (pages id .. id + count - 1, each `page`),
   * stopping at the first that fails: what a property that reads every page asks, with no
   * entry made a page (the checker asks it of every state it stores).
   */
  everyRun(test: (id: number, count: number, page: Page) => boolean): boolean {
    for (let r = 0; r < this.firsts.length; r++) {
      const page = this.values[r];
      if (page !== undefined && !test(this.firsts[r] ?? 0, this.counts[r] ?? 0, page)) return false;
    }
    return true;
  }

  /** Every page, one entry a page: only for states known to be small (checker, tests). */
  *entries(): IterableIterator<[number, Page]> {
    for (let r = 0; r < this.firsts.length; r++) {
      const page = this.values[r];
      if (page === undefined) continue;
      const first = this.firsts[r] ?? 0;
      for (let k = 0; k < (this.counts[r] ?? 0); k++) yield [first + k, page];
    }
  }

  /** A private copy a step may change. */
  copy(): MutablePageRuns {
    return new MutablePageRuns(this.firsts.slice(), this.counts.slice(), this.values.slice());
  }
}

export class MutablePageRuns extends PageRuns {
  /** Makes run boundaries fall at `id` (when a run straddles it). */
  private cut(id: number): void {
    const r = this.find(id);
    // -1 is read as no run (a read at -1 is a property lookup, V8's slow path).
    if (r < 0) return;
    const first = this.firsts[r];
    const value = this.values[r];
    if (first === undefined || value === undefined || first === id) return;
    const count = this.counts[r] ?? 0;
    this.counts[r] = id - first;
    this.firsts.splice(r + 1, 0, id);
    this.counts.splice(r + 1, 0, first + count - id);
    this.values.splice(r + 1, 0, value);
  }

  /** Page `id` becomes `page`, or is freed (null). */
  set(id: number, page: Page | null): void {
    this.setRun(id, 1, page);
  }

  /** Ids [first, first + count) all become `page`, or are freed (null). */
  setRun(first: number, count: number, page: Page | null): void {
    if (count <= 0) return;
    // The common cases of small states, without a search or a splice: a new last run, and
    // a run of exactly these ids.
    const n = this.firsts.length;
    if (
      page !== null &&
      (n === 0 || (this.firsts[n - 1] ?? 0) + (this.counts[n - 1] ?? 0) <= first)
    ) {
      this.firsts.push(first);
      this.counts.push(count);
      this.values.push(page);
      return;
    }
    const r = this.find(first);
    if (page !== null && r >= 0 && this.firsts[r] === first && this.counts[r] === count) {
      this.values[r] = page;
      return;
    }
    this.cut(first);
    this.cut(first + count);
    const from = this.firstAfter(first - 1);
    let to = from;
    while (to < this.firsts.length && (this.firsts[to] ?? 0) < first + count) to++;
    if (page === null) {
      this.firsts.splice(from, to - from);
      this.counts.splice(from, to - from);
      this.values.splice(from, to - from);
      return;
    }
    this.firsts.splice(from, to - from, first);
    this.counts.splice(from, to - from, count);
    this.values.splice(from, to - from, page);
  }

  /**
   * Each existing page of ids [first, first + count) becomes `change(page)` (null frees it):
   * called once a run, so a run of identical pages stays one run.
   */
  updateRun(first: number, count: number, change: (page: Page) => Page | null): void {
    const r = this.find(first);
    const value = r < 0 ? undefined : this.values[r];
    if (value !== undefined && this.firsts[r] === first && this.counts[r] === count) {
      const changed = change(value);
      if (changed !== null) this.values[r] = changed;
      else this.setRun(first, count, null);
      return;
    }
    const from = stackTop();
    this.forEachRun(first, count, pushPageRun);
    const to = stackTop();
    for (let k = from; k < to; k++) this.setRun(runId(k), runCount(k), change(runPage(k)));
    release(from);
  }
}
