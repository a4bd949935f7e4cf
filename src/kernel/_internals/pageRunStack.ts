// Runs of pages (id, count, page) read from a PageRuns before any of them is written, for the
// loops that change pages run by run (PageRuns.updateRun, mlockBatch.ts:lruAddDrain): setRun
// may split or join the runs being walked, so they are read into a list first. One list for
// the whole module, used as a stack, rather than an array of triples a call: these loops run
// at every lock change, population and drain, and each made a list and a closure.

import type { Page } from '../state.js';

/** Three parallel arrays; entries [from, top) belong to the innermost caller (see `read`). */
const ids: number[] = [];
const counts: number[] = [];
const pages: Page[] = [];
let top = 0;

/** forEachRun's visitor for the stack: one function, made once. */
export function pushPageRun(id: number, count: number, page: Page): void {
  ids[top] = id;
  counts[top] = count;
  pages[top] = page;
  top++;
}

/**
 * Where the caller's entries will start: call before pushing, and `release` with it when done,
 * so that a nested user (a change function that itself changes pages run-wise) keeps its own.
 */
export const stackTop = (): number => top;

/** Drops the entries from `from` on (and their pages, so that none is kept alive here). */
export function release(from: number): void {
  for (let k = from; k < top; k++) pages[k] = NO_PAGE;
  top = from;
}

export const runId = (k: number): number => ids[k] ?? 0;
export const runCount = (k: number): number => counts[k] ?? 0;
export const runPage = (k: number): Page => pages[k] ?? NO_PAGE;

/** What a released slot holds: never read as a page (reads stop at the stack's top). */
const NO_PAGE: Page = {
  mlocked: false,
  unevictable: false,
  mlockCount: 0,
  mapCount: 0,
  file: -1,
  data: null,
  dirty: false,
};
