// What a call that only maps, unmaps or rewrites a range leaves elsewhere: every page outside
// the range maps as it did (the same flags, backing, file offset and PTE), whatever VMA
// split or merge happened at the range's edges. Shared by the post-conditions of mmap,
// mprotect and munmap, and by the documented prefix of a refused MREMAP_FIXED.

import type { Mm, Vma } from '../../../src/kernel/state.js';
import { countsInLockedVm, vmaAt } from './mmFacts.js';

/** Pages [start, end). */
export interface PageRange {
  readonly start: number;
  readonly end: number;
}

const inRange = (vpn: number, r: PageRange): boolean => vpn >= r.start && vpn < r.end;

/** Same backing object and the same file offset at `vpn` (anon: the vpn of creation). */
function sameMapping(b: Vma, a: Vma, vpn: number): boolean {
  if (b.backing.kind !== a.backing.kind) return false;
  if (b.backing.kind === 'file' && a.backing.kind === 'file' && b.backing.file !== a.backing.file)
    return false;
  return b.pgoff + (vpn - b.start) === a.pgoff + (vpn - a.start);
}

/**
 * The points where what a page maps may change: every VMA edge of either mm and the range's
 * edges. Between two consecutive points every page fares alike except for its PTE, which is
 * compared as runs, so nothing is walked page by page. Sorted, without repeats, into `points`
 * (one array reused: a search judges this on every mmap, mprotect and munmap it makes), and
 * how many there are returned.
 */
const points: number[] = [];
function boundaries(before: Mm, after: Mm, ranges: readonly PageRange[]): number {
  let n = 0;
  const add = (p: number): void => {
    // Insertion into the sorted prefix: a few dozen points at most.
    let i = n;
    while (i > 0 && (points[i - 1] ?? 0) > p) i--;
    if (i > 0 && points[i - 1] === p) return;
    for (let j = n; j > i; j--) points[j] = points[j - 1] ?? 0;
    points[i] = p;
    n++;
  };
  for (const r of ranges) {
    add(r.start);
    add(r.end);
  }
  for (const v of before.vmas) {
    add(v.start);
    add(v.end);
  }
  for (const v of after.vmas) {
    add(v.start);
    add(v.end);
  }
  return n;
}

/**
 * Whether every page of `after` outside `ranges` maps exactly as in `before`: no VMA gained or
 * lost, none with other flags, backing, offset or PTEs. The ranges themselves are not looked at.
 */
export function keptOutside(before: Mm, after: Mm, ranges: readonly PageRange[]): boolean {
  if (before.vmas === after.vmas) return true;
  const count = boundaries(before, after, ranges);
  for (let i = 0; i + 1 < count; i++) {
    const from = points[i] ?? 0;
    const to = points[i + 1] ?? 0;
    if (ranges.some((r) => inRange(from, r))) continue;
    const b = vmaAt(before, from);
    const a = vmaAt(after, from);
    if (b === undefined || a === undefined) {
      if (b !== a) return false;
      continue;
    }
    // The same VMA (values are immutable): the same flags, mapping and PTEs, nothing to copy.
    if (a === b) continue;
    if (a.flags !== b.flags || !sameMapping(b, a, from)) return false;
    const bp = b.ptes.slice(from - b.start, to - b.start);
    const ap = a.ptes.slice(from - a.start, to - a.start);
    if (!bp.equals(ap)) return false;
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
