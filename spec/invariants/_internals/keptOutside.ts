// What a call that only maps, unmaps or rewrites a range leaves elsewhere: every page outside
// the range maps as it did (the same flags, backing, file offset and PTE), whatever VMA
// split or merge happened at the range's edges. Shared by the post-conditions of mmap,
// mprotect and munmap, and by the documented prefix of a refused MREMAP_FIXED.

import type { Mm, Vma } from '../../../src/kernel/state.js';
import type { PteRuns } from '../../../src/kernel/pteRuns.js';
import { countsInLockedVm, vmaAt } from './mmFacts.js';

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
 * The points where what a page maps may change: every VMA edge of either mm and the range's
 * edges. Between two consecutive points every page fares alike except for its PTE, which is
 * compared page by page, so nothing else is walked page by page. Sorted, without repeats, into
 * `points`, `pointCount` of them: one array reused, and no closure or copy made, since a search
 * judges this on most mmap, mprotect, munmap and failed lock calls it makes (3.3% of a
 * single-worker profile at depth 6 when it made a closure for each call and for each point,
 * and two PTE slices for each point).
 */
const points: number[] = [];
let pointCount = 0;

function addPoint(p: number): void {
  // Insertion into the sorted prefix: a few dozen points at most.
  let i = pointCount;
  while (i > 0 && (points[i - 1] ?? 0) > p) i--;
  if (i > 0 && points[i - 1] === p) return;
  for (let j = pointCount; j > i; j--) points[j] = points[j - 1] ?? 0;
  points[i] = p;
  pointCount++;
}

function boundaries(before: Mm, after: Mm, ranges: readonly PageRange[]): void {
  pointCount = 0;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    if (r === undefined) continue;
    addPoint(r.start);
    addPoint(r.end);
  }
  addEdges(before);
  addEdges(after);
}

function addEdges(mm: Mm): void {
  for (let i = 0; i < mm.vmas.length; i++) {
    const v = mm.vmas[i];
    if (v === undefined) continue;
    addPoint(v.start);
    addPoint(v.end);
  }
}

function inAnyRange(vpn: number, ranges: readonly PageRange[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    if (r !== undefined && inRange(vpn, r)) return true;
  }
  return false;
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
 */
export function keptOutside(before: Mm, after: Mm, ranges: readonly PageRange[]): boolean {
  if (before.vmas === after.vmas) return true;
  boundaries(before, after, ranges);
  for (let i = 0; i + 1 < pointCount; i++) {
    const from = points[i] ?? 0;
    const to = points[i + 1] ?? 0;
    if (inAnyRange(from, ranges)) continue;
    const b = vmaAt(before, from);
    const a = vmaAt(after, from);
    if (b === undefined || a === undefined) {
      if (b !== a) return false;
      continue;
    }
    // The same VMA (values are immutable): the same flags, mapping and PTEs.
    if (a === b) continue;
    if (a.flags !== b.flags || !sameMapping(b, a, from)) return false;
    // [from, to) lies inside both VMAs: their ends are points too.
    if (!samePtes(b.ptes, from - b.start, a.ptes, from - a.start, to - from)) return false;
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
