// Pages: mapping and unmapping them, and the mlock calls those make (mm/rmap.c, mm/internal.h
// mlock_vma_folio / munlock_vma_folio). Since 5.18 a folio is mlocked by every VM_LOCKED mapping
// that notices it: the mlock_fixup page walk, or the fault that maps it.

import { mlockFolio, mlockNewFolio, munlockFolio } from './mlockBatch.js';
import type { Page, Pte } from './state.js';
import type { Tx } from './tx.js';
import { VM_LOCKED, VM_SPECIAL, type VmFlags, hasAny } from '../uapi/vmFlags.js';

/** mm/internal.h:mlock_vma_folio — only a VM_LOCKED, non-special mapping mlocks. */
export function mlocksPages(flags: VmFlags): boolean {
  return hasAny(flags, VM_LOCKED) && !hasAny(flags, VM_SPECIAL);
}

export function newPage(tx: Tx, file: number, data: Page['data']): number {
  const id = tx.nextPage++;
  tx.setPage(id, { mlocked: false, unevictable: false, mlockCount: 0, mapCount: 0, file, data });
  return id;
}

/**
 * A PTE of a mapping with `flags` now maps page `id`. `fresh`: a new anonymous page, which
 * a locked VMA mlocks with mlock_new_folio (mm/swap.c:folio_add_lru_vma).
 */
export function mapPage(tx: Tx, id: number, flags: VmFlags, fresh = false): void {
  const p = tx.page(id);
  tx.setPage(id, { ...p, mapCount: p.mapCount + 1 });
  if (!mlocksPages(flags)) return;
  if (!fresh && !tx.model.decisions.mlockPagesOnFault) return;
  if (fresh) mlockNewFolio(tx, id);
  else mlockFolio(tx, id);
}

/**
 * A PTE of a mapping with `flags` stops mapping `pte` (zap, unmap, COW). An anonymous page
 * nobody maps any more is freed; a page-cache page stays in its file's cache.
 */
export function unmapPte(tx: Tx, pte: Pte, flags: VmFlags): void {
  if (pte <= 0) return;
  if (mlocksPages(flags) && !stillLockedElsewhere(tx, pte, 1)) munlockPage(tx, pte);
  const p = tx.page(pte);
  const mapCount = p.mapCount - 1;
  if (mapCount === 0 && p.file < 0) {
    tx.setPage(pte, null);
    if (tx.uncertain.includes(pte)) tx.uncertain = tx.uncertain.filter((id) => id !== pte);
  } else tx.setPage(pte, { ...p, mapCount });
}

/** mm/mlock.c:mlock_pte_range — the mlock_fixup walk mlocks or munlocks a present page. */
export function mlockPage(tx: Tx, id: number, lock: boolean): void {
  if (lock) mlockFolio(tx, id);
  else if (!stillLockedElsewhere(tx, id, 0)) munlockPage(tx, id);
}

/**
 * 5.18+ queues the munlock in the mlock batch (munlock_folio); before, munlock_vma_page
 * cleared PG_mlocked at once (TestClearPageMlocked) and put the page back on an evictable LRU.
 */
function munlockPage(tx: Tx, id: number): void {
  if (tx.model.decisions.mlockPagesOnFault) munlockFolio(tx, id);
  else tx.setPage(id, { ...tx.page(id), mlocked: false, unevictable: false, mlockCount: 0 });
}

/**
 * Before 5.18 (mlockPagesOnFault false) munlock_vma_page asked the rmap walk
 * (try_to_munlock): a page another VM_LOCKED VMA maps, in any process, stays mlocked.
 * `self` is how many of those mappings are the one going away. 5.18+ counts instead
 * (mlock_count), so this is false there.
 */
function stillLockedElsewhere(tx: Tx, id: number, self: number): boolean {
  if (tx.model.decisions.mlockPagesOnFault) return false;
  let mappers = 0;
  for (const mm of [...tx.parents(), tx.mm])
    for (const v of mm.vmas)
      if (mlocksPages(v.flags)) for (const pte of v.ptes) if (pte === id) mappers++;
  return mappers > self;
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
  tx.setPage(id, { ...p, data: data.size === 0 ? null : data });
}
