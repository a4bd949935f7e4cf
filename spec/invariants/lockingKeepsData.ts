// No side effects (mlock.2, madvise.2 MADV_POPULATE_*: both only fault pages in and set lock
// bits; semantics 2.6, 2.7): mlock, mlock2, munlock, mlockall, munlockall and
// MADV_POPULATE_READ/WRITE never change what memory reads (a page mapped before reads the
// same bytes after, a COW copy included: mm/memory.c:wp_page_copy copies them) and never
// change which addresses are mapped (the only VMA changes they may make are the split and
// merge the new lock bits imply, mm/mlock.c:mlock_fixup; population never grows a stack:
// GUP does not expand VM_GROWSDOWN since 6.5, mm/gup.c:gup_vma_lookup).
// "Never dirties a clean shared page" is its own property: populatingNeverDirties.ts.

import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../../src/uapi/constants.js';
import { PTE_NONE, PTE_ZERO, currentMm } from '../../src/kernel/state.js';
import type { KernelState, Mm } from '../../src/kernel/state.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { TransitionInvariant } from './specInvariant.js';
import { judgesAdvice } from './_internals/madviseFacts.js';
import { argInt, isLockCall, vmaAt, vmaAtCursor, vmaCursor } from './_internals/mmFacts.js';

function judged(call: KernelCall): boolean {
  if (isLockCall(call)) return true;
  if (call.call !== 'madvise') return false;
  const advice = argInt(call, 2);
  return advice === MADV_POPULATE_READ || advice === MADV_POPULATE_WRITE;
}

/** The mapped page ranges of `mm`, adjacent VMAs joined, into `out` (reused: read per step). */
function extents(mm: Mm, out: number[]): number[] {
  out.length = 0;
  for (const v of mm.vmas) {
    if (out.length > 0 && out[out.length - 1] === v.start) out[out.length - 1] = v.end;
    else out.push(v.start, v.end);
  }
  return out;
}

const extentsBefore: number[] = [];
const extentsAfter: number[] = [];

/** Whether `a` and `b` map the same page ranges. */
function sameExtents(a: Mm, b: Mm): boolean {
  const x = extents(a, extentsAfter);
  const y = extents(b, extentsBefore);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** What the page a PTE maps reads, as sorted offset=value pairs ('' for zeros). */
export function contents(s: KernelState, pte: number): string {
  if (pte === PTE_ZERO) return '';
  const data = s.pages.get(pte)?.data;
  if (data === null || data === undefined) return '';
  return [...data.entries()]
    .filter(([, v]) => v !== 0)
    .sort(([a], [b]) => a - b)
    .join(';');
}

export const lockingKeepsData: TransitionInvariant = {
  kind: 'transition',
  // Every clause compares before with after (the same extents and contents before and after).
  holdsWhenUnchanged: true,
  calls: ['mlock', 'mlock2', 'munlock', 'mlockall', 'munlockall', 'madvise'],
  // `judged` reads madvise's advice, which a letter fixes: any other advice holds at once.
  judgesLetter: judgesAdvice(MADV_POPULATE_READ, MADV_POPULATE_WRITE),
  name: 'lockingKeepsData',
  source: 'mm/mlock.c:mlock_fixup; mm/gup.c:__mm_populate, faultin_page_range',
  holds: ({ before, call, after }) => {
    if (!judged(call)) return true;
    const b = currentMm(before);
    const a = currentMm(after);
    if (a.vmas !== b.vmas && !sameExtents(a, b)) return false;
    // The same VMAs (so the same PTEs) over the same pages: every page reads as it did.
    const samePages = after.pages === before.pages;
    if (a.vmas === b.vmas && samePages) return true;
    // The VMA of `a` that holds each page is found by a cursor that only moves forward (both
    // lists are in address order and the pages are visited in that order), not by a vmaAt a
    // page.
    const afterVmas = a.vmas;
    let k = 0;
    for (const v of b.vmas) {
      // A VMA still there as it was (values are immutable) maps the same PTEs, which read as
      // they did when no page changed either: what the loop below would find page by page.
      if (samePages && vmaAt(a, v.start) === v) continue;
      const ptes = v.ptes.toArray();
      for (let i = 0; i < ptes.length; i++) {
        const pte = ptes[i] ?? PTE_NONE;
        if (pte !== PTE_ZERO && pte <= 0) continue;
        const vpn = v.start + i;
        k = vmaCursor(afterVmas, k, vpn);
        const w = vmaAtCursor(afterVmas, k, vpn);
        const now = w === undefined ? PTE_NONE : w.ptes.at(vpn - w.start);
        if (now === pte && after.pages.get(now)?.data === before.pages.get(pte)?.data) continue;
        if (contents(after, now) !== contents(before, pte)) return false;
      }
    }
    return true;
  },
  // Every region as it was: the same extents, the same pages' contents.
  restate: ({ before }, trace) => ({
    checks: trace.regions.flatMap((_, r) => trace.regionObserved(before, r)),
    notes: ['locking and populating must not change what memory reads or which pages are mapped'],
  }),
};
