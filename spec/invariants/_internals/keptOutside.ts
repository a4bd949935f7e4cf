// What a call that only maps, unmaps or rewrites a range leaves elsewhere: every page outside
// the range maps as it did (the same flags, backing, file offset and PTE), whatever VMA
// split or merge happened at the range's edges. Shared by the post-conditions of mmap,
// mprotect and munmap, and by the documented prefix of a refused MREMAP_FIXED.

import type { Mm, Vma } from '../../../src/kernel/state.js';
import type { PteRuns } from '../../../src/kernel/pteRuns.js';
import { countsInLockedVm, vmaAtCursor, vmaCursor } from './mmFacts.js';

/** Pages [start, end). */
export interface PageRange {
  readonly start: number;
  readonly end: number;
}

const inRange = (vpn: number, r: PageRange): boolean => vpn >= r.start && vpn < r.end;

/** Same backing object and the same file offset at `vpn` (anon: the vpn of creation). */
export function sameMapping(b: Vma, a: Vma, vpn: number): boolean {
  if (b.backing.kind !== a.backing.kind) return false;
  if (b.backing.kind === 'file' && a.backing.kind === 'file' && b.backing.file !== a.backing.file)
    return false;
  return b.pgoff + (vpn - b.start) === a.pgoff + (vpn - a.start);
}

/**
 * The ranges' edges, sorted, without repeats, into `rangePoints` (`rangePointCount` of them):
 * one array reused, since a search judges keptOutside on most mmap, mprotect, munmap and
 * failed lock calls it makes. Two to six points, so an insertion sort.
 */
const rangePoints: number[] = [];
let rangePointCount = 0;

function addRangePoint(p: number): void {
  let i = rangePointCount;
  while (i > 0 && (rangePoints[i - 1] ?? 0) > p) i--;
  if (i > 0 && rangePoints[i - 1] === p) return;
  for (let j = rangePointCount; j > i; j--) rangePoints[j] = rangePoints[j - 1] ?? 0;
  rangePoints[i] = p;
  rangePointCount++;
}

function inAnyRange(vpn: number, ranges: readonly PageRange[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    if (r !== undefined && inRange(vpn, r)) return true;
  }
  return false;
}

/** Edge `e` of a list of VMAs: VMA e >> 1's start when e is even, else its end. */
function edge(vmas: readonly Vma[], e: number): number {
  const v = vmas[e >> 1];
  return v === undefined ? Infinity : (e & 1) === 0 ? v.start : v.end;
}

/** Whether `n` PTEs of `b` from `bi` are those of `a` from `ai`. */
function samePtes(b: PteRuns, bi: number, a: PteRuns, ai: number, n: number): boolean {
  if (a === b && ai === bi) return true;
  for (let k = 0; k < n; k++) if (b.at(bi + k) !== a.at(ai + k)) return false;
  return true;
}

/**
 * Whether every page of `after` outside `ranges` maps exactly as in `before`: no VMA gained or
 * lost, none with other flags, backing, offset or PTEs. The ranges themselves are not looked at.
 *
 * The points where what a page maps may change are every VMA edge of either mm and the ranges'
 * edges; between two consecutive points every page fares alike except for its PTE, which is
 * compared page by page, so nothing else is walked page by page. Each list's VMAs are in
 * address order and do not overlap, so its edges come in order: the three sequences (the
 * ranges' edges sorted first) are merged, and the VMA of each mm holding a point is found by a
 * cursor that only moves forward. (Until props37 the points were gathered by an insertion sort
 * and each looked up by a vmaAt in both lists: keptOutside and its addEdges were 2.0% self of a
 * single-worker profile at depth 6.)
 */
export function keptOutside(before: Mm, after: Mm, ranges: readonly PageRange[]): boolean {
  if (before.vmas === after.vmas) return true;
  rangePointCount = 0;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    if (r === undefined) continue;
    addRangePoint(r.start);
    addRangePoint(r.end);
  }
  const bv = before.vmas;
  const av = after.vmas;
  const bEdges = 2 * bv.length;
  const aEdges = 2 * av.length;
  let from = -Infinity;
  for (let i = 0, j = 0, r = 0, kb = 0, ka = 0; i < bEdges || j < aEdges || r < rangePointCount;) {
    const eb = i < bEdges ? edge(bv, i) : Infinity;
    const ea = j < aEdges ? edge(av, j) : Infinity;
    const er = r < rangePointCount ? (rangePoints[r] ?? Infinity) : Infinity;
    const to = Math.min(eb, ea, er);
    if (eb === to) i++;
    if (ea === to) j++;
    if (er === to) r++;
    if (to <= from) continue;
    const at = from;
    from = to;
    // [at, to) lies between two consecutive points (none before the first).
    if (at === -Infinity || inAnyRange(at, ranges)) continue;
    kb = vmaCursor(bv, kb, at);
    ka = vmaCursor(av, ka, at);
    const b = vmaAtCursor(bv, kb, at);
    const a = vmaAtCursor(av, ka, at);
    if (b === undefined || a === undefined) {
      if (b !== a) return false;
      continue;
    }
    // The same VMA (values are immutable): the same flags, mapping and PTEs.
    if (a === b) continue;
    if (a.flags !== b.flags || !sameMapping(b, a, at)) return false;
    // [at, to) lies inside both VMAs: their ends are points too.
    if (!samePtes(b.ptes, at - b.start, a.ptes, at - a.start, to - at)) return false;
  }
  return true;
}

/** Whether no VMA of `mm` holds a page of `range`. */
export function noVmaIn(mm: Mm, range: PageRange): boolean {
  return mm.vmas.every((v) => v.end <= range.start || v.start >= range.end);
}

/** The pages of `range` that VMAs of `mm` counted in locked_vm hold. */
export function lockedPagesIn(mm: Mm, range: PageRange): number {
  let n = 0;
  for (const v of mm.vmas)
    if (countsInLockedVm(v))
      n += Math.max(0, Math.min(v.end, range.end) - Math.max(v.start, range.start));
  return n;
}

/**
 * Whether `after` is `before` with the pages of `holes` unmapped and nothing else changed:
 * the same mapping outside them, none inside, the same def_flags, limit and capability, and
 * locked_vm less the locked pages the holes took (mm/vma.c:vms_complete_munmap_vmas
 * unaccounts VM_LOCKED VMAs it removes). Pages' own state (PG_mlocked of a page the hole
 * unmapped) is left to the page-level properties.
 */
export function onlyUnmapped(before: Mm, after: Mm, holes: readonly PageRange[]): boolean {
  let lockedGone = 0;
  for (const h of holes) {
    if (!noVmaIn(after, h)) return false;
    lockedGone += lockedPagesIn(before, h);
  }
  return (
    after.defFlags === before.defFlags &&
    after.rlimitMemlock === before.rlimitMemlock &&
    after.capIpcLock === before.capIpcLock &&
    after.lockedVm === before.lockedVm - lockedGone &&
    keptOutside(before, after, holes)
  );
}
