// MADV_REMOVE's post-condition (madvise.2 MADV_REMOVE: frees the range's pages and their
// backing store, a hole punched in the file, so that a later access reads zeroes;
// mm/madvise.c:madvise_remove -> vfs_fallocate(FALLOC_FL_PUNCH_HOLE), mm/shmem.c:
// shmem_fallocate -> unmap_mapping_range with even_cows 0, then the truncation): when the call
// returns 0,
// - no page of the range is mapped any more (a guard marker, which the zap keeps, stays);
// - the file's page cache holds none of the range's pages (the next access reads zeroes),
//   and the rest of it as before;
// - every other mapping of those cache pages, in any process, shared or private, has lost
//   them, and every other PTE, VMA and flag of every process is as it was (a private
//   mapping's written copy is its own page and stays).
// Host 6.18: litmus MADV_REMOVE+other_mappings (a second shared mapping and a private one
// that only read the page lose it; the private copy stays), MADV_REMOVE+MAP_PRIVATE_file.
// Found from the mutation survivors (run 7x): no property judged a successful MADV_REMOVE, so
// a hole punched in the wrong place, or one left mapped elsewhere, went unseen.

import {
  type KernelState,
  type Mm,
  PTE_GUARD,
  PTE_NONE,
  currentMm,
} from '../../src/kernel/state.js';
import { checkPages } from '../../src/trace/syntax.js';
import * as U from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { adviceOf, judgesAdvice } from './_internals/madviseFacts.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';

/** The hole: the file page indices of the range, per file, and the cache pages there before. */
interface Hole {
  readonly indices: ReadonlyMap<number, readonly number[]>;
  readonly pages: ReadonlySet<number>;
}

/** The hole the range punches, or undefined if a page of it maps no file (no success then). */
function holeOf(s: KernelState, mm: Mm, start: number, end: number): Hole | undefined {
  const indices = new Map<number, number[]>();
  const pages = new Set<number>();
  for (const v of mm.vmas) {
    if (v.end <= start || v.start >= end) continue;
    if (v.backing.kind !== 'file') return undefined;
    const file = v.backing.file;
    const list = indices.get(file) ?? [];
    for (let vpn = Math.max(start, v.start); vpn < Math.min(end, v.end); vpn++) {
      const index = v.pgoff + (vpn - v.start);
      list.push(index);
      const id = s.files[file]?.cache.get(index);
      if (id !== undefined) pages.add(id);
    }
    indices.set(file, list);
  }
  return { indices, pages };
}

/** Whether each file's page cache is as it was but for the hole's indices, which are gone. */
function cacheLosesOnlyHole(before: KernelState, after: KernelState, hole: Hole): boolean {
  return before.files.every((f, id) => {
    const now = after.files[id]?.cache;
    if (now === undefined) return false;
    const gone = new Set(hole.indices.get(id) ?? []);
    for (const [index, page] of f.cache)
      if (now.get(index) !== (gone.has(index) ? undefined : page)) return false;
    return [...now.keys()].every((index) => f.cache.has(index));
  });
}

/** Whether `after`'s mm is `before`'s with the PTE rule of the hole (`range` in this mm only). */
function strippedOnly(
  before: Mm,
  after: Mm,
  hole: Hole,
  range: { readonly start: number; readonly end: number } | null,
): boolean {
  if (before.vmas.length !== after.vmas.length) return false;
  return before.vmas.every((b, i) => {
    const a = after.vmas[i];
    if (a === undefined || a.start !== b.start || a.end !== b.end || a.flags !== b.flags)
      return false;
    for (let vpn = b.start; vpn < b.end; vpn++) {
      const was = b.ptes.at(vpn - b.start);
      const inRange = range !== null && vpn >= range.start && vpn < range.end;
      const want = inRange
        ? was === PTE_GUARD
          ? PTE_GUARD
          : PTE_NONE
        : hole.pages.has(was)
          ? PTE_NONE
          : was;
      if (a.ptes.at(vpn - a.start) !== want) return false;
    }
    return true;
  });
}

export const madviseRemovePostcondition: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['madvise'],
  // Its first test after the result's is the advice: MADV_REMOVE alone.
  judgesLetter: judgesAdvice(U.MADV_REMOVE),
  name: 'madviseRemovePostcondition',
  source: 'mm/madvise.c:madvise_remove; mm/shmem.c:shmem_fallocate',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'madvise' || result.kind !== 'value') return true;
    if (adviceOf(call) !== U.MADV_REMOVE) return true;
    const range = callRange(call);
    const hole = holeOf(before, currentMm(before), range.start, range.end);
    if (hole === undefined) return false;
    if (!cacheLosesOnlyHole(before, after, hole)) return false;
    if (after.procs.length !== before.procs.length) return false;
    const last = before.procs.length - 1;
    return before.procs.every((mm, p) => {
      const now = after.procs[p];
      return now !== undefined && strippedOnly(mm, now, hole, p === last ? range : null);
    });
  },
  // No page of the range present: each region page inside it reads as not present.
  restate: ({ call }, trace) => {
    const { start, end } = callRange(call);
    return {
      checks: regionPagesIn(trace, start, end).map(({ region, page }) =>
        checkPages(region.at(page), 1, '.'),
      ),
      notes: ['no mapping, in any process, may keep a page of the hole MADV_REMOVE punched'],
    };
  },
};
