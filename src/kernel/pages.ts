// Pages: mapping and unmapping them, and the mlock calls those make (mm/rmap.c, mm/internal.h
// mlock_vma_folio / munlock_vma_folio). Since 5.18 a folio is mlocked by every VM_LOCKED mapping
// that notices it: the mlock_fixup page walk, or the fault that maps it.

import { munlockRestOfFolios } from './largeFolios.js';
import { enqueueRun } from './mlockBatch.js';
import { type Page, type Pte, pageWith } from './state.js';
import type { Tx } from './tx.js';
import { VM_LOCKED, VM_SPECIAL, type VmFlags, hasAny, vmFlags } from '../uapi/vmFlags.js';

/** mm/internal.h:mlock_vma_folio — only a VM_LOCKED, non-special mapping mlocks. */
export function mlocksPages(flags: VmFlags): boolean {
  return hasAny(flags, VM_LOCKED) && !hasAny(flags, VM_SPECIAL);
}

export function newPage(tx: Tx, file: number, data: Page['data']): number {
  return newPages(tx, 1, file, data);
}

/** `count` new pages with consecutive ids, one run; returns the first id. */
export function newPages(tx: Tx, count: number, file: number, data: Page['data']): number {
  const id = tx.nextPage;
  tx.nextPage += count;
  const page = {
    mlocked: false,
    unevictable: false,
    mlockCount: 0,
    mapCount: 0,
    file,
    data,
    dirty: false,
  };
  tx.writablePages().setRun(id, count, page);
  return id;
}

/**
 * A PTE of a mapping with `flags` now maps page `id`. `fresh`: a new anonymous page, which
 * a locked VMA mlocks with mlock_new_folio (mm/swap.c:folio_add_lru_vma).
 */
export function mapPage(tx: Tx, id: number, flags: VmFlags, fresh = false): void {
  mapPages(tx, id, 1, flags, fresh);
}

/** mapPage for the distinct pages [first, first + count), run-wise. */
export function mapPages(tx: Tx, first: number, count: number, flags: VmFlags, fresh = false) {
  // Before 5.18 (mlockPagesOnFault false) only a new anonymous page is mlocked as it is mapped;
  // the others wait for population's FOLL_MLOCK (populate.ts).
  if (!mlocksPages(flags) || (!fresh && !tx.model.decisions.mlockPagesOnFault))
    tx.writablePages().updateRun(first, count, mapped);
  // mlock_folio and mlock_new_folio set PG_mlocked at once and queue the folio.
  else enqueueRun(tx, first, count, fresh ? 'new' : 'mlock', mappedMlocked);
}

// The page changes of mapping and unmapping, made once at module level: they read nothing but
// the page, and each was a closure made on every call (mapPages, unmapPtes run for most steps).
const mapped = (p: Page): Page =>
  pageWith(p, p.mlocked, p.unevictable, p.mlockCount, p.mapCount + 1);
const mappedMlocked = (p: Page): Page =>
  pageWith(p, true, p.unevictable, p.mlockCount, p.mapCount + 1);
/** One mapping fewer: an anonymous page nobody maps any more is freed (null). */
const unmapped = (p: Page): Page | null =>
  p.mapCount === 1 && p.file < 0
    ? null
    : pageWith(p, p.mlocked, p.unevictable, p.mlockCount, p.mapCount - 1);
const unmappedMunlocked = (p: Page): Page | null => unmapped(munlocked(p));

/**
 * A PTE of a mapping with `flags` stops mapping `pte` (zap, unmap, COW). An anonymous page
 * nobody maps any more is freed; a page-cache page stays in its file's cache.
 */
export function unmapPte(tx: Tx, pte: Pte, flags: VmFlags): void {
  unmapPtes(tx, pte, 1, flags);
}

/** unmapPte for a run of `count` PTEs from `pte` (markers need nothing). */
export function unmapPtes(tx: Tx, pte: Pte, count: number, flags: VmFlags): void {
  if (pte <= 0) return;
  if (!mlocksPages(flags)) tx.writablePages().updateRun(pte, count, unmapped);
  else if (tx.model.decisions.mlockPagesOnFault) enqueueRun(tx, pte, count, 'munlock', unmapped);
  else
    for (const [id, n, kept] of lockedElsewhere(tx, pte, count, 1))
      tx.writablePages().updateRun(id, n, kept ? unmapped : unmappedMunlocked);
  if (tx.largeFolios !== undefined && mlocksPages(flags)) munlockRestOfFolios(tx, pte, count);
  if (uncertainFreed(tx, pte, pte + count))
    tx.uncertain = tx.uncertain.filter((id) => tx.allPages().has(id));
}

/** Whether a page of [from, to) whose mlock state is uncertain is gone (a loop, no closure). */
function uncertainFreed(tx: Tx, from: number, to: number): boolean {
  const uncertain = tx.uncertain;
  for (let k = 0; k < uncertain.length; k++) {
    const id = uncertain[k] ?? 0;
    if (id >= from && id < to && !tx.allPages().has(id)) return true;
  }
  return false;
}

/**
 * The old pages of COW copies leave `count` PTEs from `pte` of a mapping with `flags`
 * (mm/memory.c:wp_page_copy). Before 5.18 (wpPageCopyMunlocksOldPage) a locked VMA munlocks
 * each at once, and the rmap walk that keeps it mlocked for another locked VMA runs only while
 * more than one PTE still maps it: with one mapping left it loses PG_mlocked, that mapping
 * locked or not.
 */
export function unmapCopiedPtes(tx: Tx, pte: Pte, count: number, flags: VmFlags): void {
  if (pte <= 0 || !tx.model.decisions.wpPageCopyMunlocksOldPage || !mlocksPages(flags))
    return unmapPtes(tx, pte, count, flags);
  const pieces: Array<[number, number, boolean]> = [];
  tx.allPages().forEachRun(pte, count, (id, n, p) => pieces.push([id, n, p.mapCount === 2]));
  for (const [id, n, lastButOne] of pieces) {
    if (!lastButOne) unmapPtes(tx, id, n, flags);
    else {
      unmapPtes(tx, id, n, vmFlags(0));
      tx.writablePages().updateRun(id, n, munlocked);
    }
  }
}

/** mm/mlock.c:mlock_pte_range — the mlock_fixup walk mlocks or munlocks present pages. */
export function mlockPages(tx: Tx, first: number, count: number, lock: boolean): void {
  if (lock)
    enqueueRun(tx, first, count, 'mlock', (p) =>
      pageWith(p, true, p.unevictable, p.mlockCount, p.mapCount),
    );
  else if (tx.model.decisions.mlockPagesOnFault) enqueueRun(tx, first, count, 'munlock', (p) => p);
  else
    for (const [id, n, kept] of lockedElsewhere(tx, first, count, 0))
      if (!kept) tx.writablePages().updateRun(id, n, munlocked);
}

/**
 * 5.18+ queues the munlock in the mlock batch (munlock_folio); before, munlock_vma_page
 * cleared PG_mlocked at once (TestClearPageMlocked) and put the page back on an evictable LRU.
 */
const munlocked = (p: Page): Page => pageWith(p, false, false, 0, p.mapCount);

/** Whether a VM_LOCKED VMA of any process of the trace still maps page `id` (rmap's view). */
export function mappedLocked(tx: Tx, id: number): boolean {
  return lockedElsewhere(tx, id, 1, 0).some(([, , locked]) => locked);
}

/**
 * Before 5.18 (mlockPagesOnFault false) munlock_vma_page asked the rmap walk
 * (try_to_munlock): a page another VM_LOCKED VMA maps, in any process, stays mlocked.
 * `self` is how many of those mappings are the one going away. 5.18+ counts instead
 * (mlock_count) and never asks. Returns ids [first, first + count) in pieces, in order, each
 * with whether more than `self` locked mappings map it; counted run by run of PTEs.
 */
function lockedElsewhere(
  tx: Tx,
  first: number,
  count: number,
  self: number,
): Array<[number, number, boolean]> {
  const end = first + count;
  const delta = new Map<number, number>([
    [first, 0],
    [end, 0],
  ]);
  const add = (id: number, d: number): void => {
    delta.set(id, (delta.get(id) ?? 0) + d);
  };
  for (const mm of [...tx.parents(), tx.mm])
    for (const v of mm.vmas)
      if (mlocksPages(v.flags))
        v.ptes.forEachRun(0, v.ptes.length, (_index, len, pte) => {
          const from = Math.max(pte, first);
          const to = Math.min(pte + len, end);
          if (pte <= 0 || from >= to) return;
          add(from, 1);
          add(to, -1);
        });
  const points = [...delta.keys()].sort((a, b) => a - b);
  const pieces: Array<[number, number, boolean]> = [];
  let mappers = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const at = points[k] ?? end;
    const next = points[k + 1] ?? end;
    mappers += delta.get(at) ?? 0;
    if (at >= first && next <= end && next > at) pieces.push([at, next - at, mappers > self]);
  }
  return pieces;
}

/** The byte at `offset` of a page; the zero page and unwritten bytes read 0. */
export function readByte(tx: Tx, pte: Pte, offset: number): number {
  if (pte <= 0) return 0;
  return tx.page(pte).data?.get(offset) ?? 0;
}

export function writeByte(tx: Tx, id: number, offset: number, value: number): void {
  const p = tx.page(id);
  const data = new Map(p.data ?? []);
  if (value === 0) data.delete(offset);
  else data.set(offset, value);
  const { mlocked, unevictable, mlockCount, mapCount, file, dirty } = p;
  tx.setPage(id, {
    mlocked,
    unevictable,
    mlockCount,
    mapCount,
    file,
    data: data.size === 0 ? null : data,
    dirty,
  });
}
