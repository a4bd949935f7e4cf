// Pages: mapping and unmapping them, and their mlock state (mm/mlock.c, mm/rmap.c).
// Since 5.18 a folio is mlocked by every VM_LOCKED mapping that notices it (the mlock_fixup
// page walk, or the fault that maps it) and keeps PG_mlocked while its mlock_count is above 0.

import type { Page, Pte } from './state.js';
import type { Tx } from './tx.js';
import { VM_LOCKED, VM_SPECIAL, type VmFlags, hasAny } from './vmFlags.js';

/** mm/internal.h:mlock_vma_folio — only a VM_LOCKED, non-special mapping mlocks. */
export function mlocksPages(flags: VmFlags): boolean {
  return hasAny(flags, VM_LOCKED) && !hasAny(flags, VM_SPECIAL);
}

export function newPage(tx: Tx, file: number, data: Page['data']): number {
  const id = tx.nextPage++;
  tx.setPage(id, { mlockCount: 0, mapCount: 0, file, data });
  return id;
}

/** A PTE of a mapping with `flags` now maps page `id`. */
export function mapPage(tx: Tx, id: number, flags: VmFlags): void {
  const p = tx.page(id);
  tx.setPage(id, {
    ...p,
    mapCount: p.mapCount + 1,
    mlockCount: mlocksPages(flags) ? p.mlockCount + 1 : p.mlockCount,
  });
}

/**
 * A PTE of a mapping with `flags` stops mapping `pte` (zap, unmap, COW). An anonymous page
 * nobody maps any more is freed; a page-cache page stays in its file's cache.
 */
export function unmapPte(tx: Tx, pte: Pte, flags: VmFlags): void {
  if (pte <= 0) return;
  const p = tx.page(pte);
  const mapCount = p.mapCount - 1;
  const mlockCount = mlocksPages(flags) ? Math.max(0, p.mlockCount - 1) : p.mlockCount;
  if (mapCount === 0 && p.file < 0) tx.setPage(pte, null);
  else tx.setPage(pte, { ...p, mapCount, mlockCount: mapCount === 0 ? 0 : mlockCount });
}

/** mm/mlock.c:mlock_folio / munlock_folio, from the mlock_fixup page walk. */
export function mlockPage(tx: Tx, id: number, lock: boolean): void {
  const p = tx.page(id);
  const mlockCount = lock ? p.mlockCount + 1 : Math.max(0, p.mlockCount - 1);
  tx.setPage(id, { ...p, mlockCount });
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
