// PG_dirty of a page-cache page, as /proc/kpageflags shows it (KPF_DIRTY). Only page-cache
// pages of a shared mapping are ever dirtied here: an anonymous page's PG_dirty stays clear
// while it is mapped (mm/memory.c:do_anonymous_page and wp_page_copy dirty the PTE, not the
// folio), and a private file mapping's write copies the cache page (do_cow_fault).
//
// What dirties a cache page (all through folio_mark_dirty):
//   - a write fault on a shared mapping: mm/memory.c:do_shared_fault and wp_page_shared call
//     fault_dirty_shared_page;
//   - GUP with FOLL_WRITE|FOLL_TOUCH on a present page (mm/gup.c:follow_page_pte), that is
//     MADV_POPULATE_WRITE: population for mlock/MAP_POPULATE/MAP_LOCKED asks FOLL_WRITE only
//     of private writable mappings (populate_vma_page_range), so it never dirties a shared page.
// A user write to a present page of a shared mapping faults only when its PTE is read-only:
// on a regular file always until the first write fault (ext4 has page_mkwrite, so the mapping
// wants write notification), on shmem and secretmem never after a read fault (the PTE was made
// writable and clean, and the hardware dirties only the PTE). The model keeps no PTE write bit,
// so it takes those two cases as the rule (spec/limitations.md says what that misses). Nothing
// here cleans a page: no writeback runs within a trace.

import type { Pte } from './state.js';
import type { Tx } from './tx.js';
import { VM_SHARED, hasAny, type VmFlags } from '../uapi/vmFlags.js';

/** folio_mark_dirty on the page `pte` maps, when it is a page-cache page. */
export function markDirty(tx: Tx, pte: Pte): void {
  if (pte <= 0) return;
  const p = tx.page(pte);
  if (p.file < 0 || p.dirty) return;
  const { mlocked, unevictable, mlockCount, mapCount, file, data } = p;
  tx.setPage(pte, { mlocked, unevictable, mlockCount, mapCount, file, data, dirty: true });
}

/**
 * A user write to the present page `pte` of a shared mapping, which needed no new page: a
 * write-protect fault (wp_page_shared) on a regular file; none on shmem or secretmem.
 */
export function userWriteDirties(tx: Tx, pte: Pte, flags: VmFlags): void {
  if (pte <= 0 || !hasAny(flags, VM_SHARED)) return;
  const file = tx.page(pte).file;
  if (file >= 0 && tx.file(file).kind === 'regular') markDirty(tx, pte);
}

/**
 * mm/gup.c:follow_page_pte under FOLL_WRITE (with FOLL_TOUCH, which every populating walk
 * sets): the present pages [vpn, vpn + count) of vmas[i] are dirtied, when the mapping is
 * shared (a private one's write was satisfied by an anonymous page, never dirty here).
 */
export function followTouch(tx: Tx, i: number, vpn: number, count: number, write: boolean): void {
  if (!write) return;
  const v = tx.mm.vmas[i];
  if (v === undefined || !hasAny(v.flags, VM_SHARED)) return;
  const ptes: number[] = [];
  v.ptes.forEachRun(vpn - v.start, vpn - v.start + count, (_index, len, pte) => {
    for (let k = 0; pte > 0 && k < len; k++) ptes.push(pte + k);
  });
  for (const pte of ptes) markDirty(tx, pte);
}
