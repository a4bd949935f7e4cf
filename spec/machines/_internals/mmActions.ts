// The context updates the machines' transitions make: a call's outcome, and page residency.

import { assign } from 'xstate';
import type { MmContext, Outcome, Residency } from '../mmContext.js';
import { emptyPages } from '../mmContext.js';
import type { MmEvent } from '../mmEvent.js';

type Pages = MmContext['pages'];

function withRegion(pages: Pages, k: number, f: (r: readonly Residency[]) => Residency[]): Pages {
  return pages.map((r, j) => (j === k ? f(r) : r));
}

/** Record the outcome of the call (the transition a failing call takes keeps everything else). */
export const outcome = (o: Outcome) =>
  assign<MmContext, MmEvent, undefined, MmEvent, never>({ last: o });

/** Every page of region k becomes `fill` (munmap empties it; population fills it). */
export const fillRegion = (k: number, fill: Residency) =>
  assign<MmContext, MmEvent, undefined, MmEvent, never>({
    pages: ({ context }) =>
      withRegion(context.pages, k, (r) =>
        fill === '.' ? emptyPages(r.length) : r.map(() => fill),
      ),
  });

/**
 * Population of a private writable VMA: gup with FOLL_WRITE faults every page in and breaks
 * COW, so the zero page is replaced too (mm/gup.c:populate_vma_page_range; semantics 2.6).
 */
export const populateRegion = (k: number) => fillRegion(k, 'p');

/** A write fault (mm/memory.c:do_anonymous_page, wp_page_copy): a real page. */
export const writePage = (k: number, i: number) =>
  assign<MmContext, MmEvent, undefined, MmEvent, never>({
    pages: ({ context }) =>
      withRegion(context.pages, k, (r) => r.map((x, j) => (j === i ? 'p' : x))),
  });

/** A read fault on a missing page of private anonymous memory maps the shared zero page. */
export const readPage = (k: number, i: number) =>
  assign<MmContext, MmEvent, undefined, MmEvent, never>({
    pages: ({ context }) =>
      withRegion(context.pages, k, (r) => r.map((x, j) => (j === i && x === '.' ? 'z' : x))),
  });
