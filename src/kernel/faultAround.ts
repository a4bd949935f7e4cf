// Fault-around (mm/memory.c:do_fault_around, mm/filemap.c:filemap_map_pages): a read fault on
// a file mapping maps every page the page cache already holds in the aligned block around the
// address, not just the one asked for. So an MLOCK2_ONFAULT region can find neighbours present,
// and a fault past end of file can still map the cached pages before it.

import { mapPage } from './pages.js';
import { eofIndex } from './pageCache.js';
import { type FileObject, PTE_NONE, vmaWithPtes } from './state.js';
import type { Tx } from './tx.js';
import { replaceVma } from './vmaList.js';
import { PTRS_PER_PTE, hasPageTable } from './pageTables.js';

/** fault_around_bytes: 64 KiB. */
const FAULT_AROUND_PAGES = 16;
/**
 * mm/filemap.c:filemap_map_pages as 6.18 has it (commit 74207de2ba10, "do not populate page
 * table entries beyond i_size"): the first cached page of the window [start, end] (below
 * i_size: next_uptodate_folio) decides `can_map_large`. When that page is the file's last one
 * (`last`), filemap_map_pmd is skipped, so a PMD with no page table yet gets none,
 * pte_offset_map_lock finds nothing and no page of the window is mapped (shmem is exempt). So
 * a region's first fault, past EOF in a VMA that starts at the file's last page, maps nothing,
 * while the same fault after any other page of the region was mapped maps the last page.
 */
function mayMapFromCache(
  tx: Tx,
  file: FileObject,
  last: number,
  start: number,
  end: number,
  vpn: number,
): boolean {
  let first = -1;
  for (let index = start; index <= Math.min(end, last); index++)
    if (file.cache.has(index)) {
      first = index;
      break;
    }
  if (first < 0) return false;
  if (!tx.model.decisions.faultAroundSparesLastPageWithoutTable) return true;
  return first !== last || file.kind === 'shmem' || hasPageTable(tx, vpn);
}

/**
 * Maps the cached pages of the block around `vpn` in vmas[i] (clamped to the VMA, to the page
 * table `vpn` lies under, and to end of file). Returns whether the page at `vpn` is mapped afterwards. Secretmem has no
 * ->map_pages and is never faulted around.
 */
export function faultAround(tx: Tx, i: number, vpn: number): boolean {
  const v = tx.mm.vmas[i];
  if (v === undefined || v.backing.kind !== 'file') return false;
  if (!tx.model.decisions.faultAroundAllowed(v.flags)) return false;
  const fileId = v.backing.file;
  const file = tx.file(fileId);
  if (file.kind === 'secretmem') return false;
  const from = Math.max(vpn - (vpn % FAULT_AROUND_PAGES), v.start);
  // filemap_map_pages maps under one PTE page: a window that starts at the VMA's start, past
  // the block's alignment, stops at the table's end (do_fault_around's to_pte; 5.10's
  // end_pgoff likewise; spec/litmus/fault_around+page_table_end.mmt).
  const tableEnd = from - (from % PTRS_PER_PTE) + PTRS_PER_PTE;
  const to = Math.min(from + FAULT_AROUND_PAGES, v.end, tableEnd);
  const eof = eofIndex(tx, fileId);
  const start = v.pgoff + (from - v.start);
  if (!mayMapFromCache(tx, file, eof - 1, start, start + (to - 1 - from), vpn)) return false;
  let ptes = v.ptes;
  for (let p = from; p < to; p++) {
    const index = v.pgoff + (p - v.start);
    if (index >= eof || ptes.at(p - v.start) !== PTE_NONE) continue;
    const page = file.cache.get(index);
    if (page === undefined) continue;
    ptes = ptes.with(p - v.start, p - v.start + 1, page);
    mapPage(tx, page, v.flags);
  }
  if (ptes !== v.ptes) replaceVma(tx, i, vmaWithPtes(v, ptes));
  return ptes.at(vpn - v.start) !== PTE_NONE;
}
