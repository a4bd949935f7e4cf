// The page cache of a file object: reading pages in, and readahead (mm/filemap.c,
// mm/readahead.c). Only regular files read ahead, as far as their device's ra_pages says (0 for
// the FUSE file); shmem and secretmem allocate one page a fault.

import { MODEL_MAX_SINGLE_PAGES, ModelLimitError } from './modelPageLimit.js';
import { newPage } from './pages.js';
import type { Tx } from './tx.js';

const PAGE_BYTES = 4096;
/**
 * mm/readahead.c:page_cache_ra_order via do_sync_mmap_readahead — the "read-around" window of
 * a missing page: ra_pages centred on it. NOTE: ra_pages is the backing device's read_ahead_kb
 * (128 KiB on the reference machine's ext4 /tmp); another device would read ahead differently.
 */
export const READ_AROUND_PAGES = 32;

/** DIV_ROUND_UP(i_size, PAGE_SIZE): the first page index past end of file. */
export function eofIndex(tx: Tx, fileId: number): number {
  return Math.ceil(tx.file(fileId).size / PAGE_BYTES);
}

/** Put pages [first, end) of a file in its cache (up to end of file). */
export function readIn(tx: Tx, fileId: number, first: number, end: number): void {
  const file = tx.file(fileId);
  const last = Math.min(end, eofIndex(tx, fileId));
  if (last - first > MODEL_MAX_SINGLE_PAGES)
    throw new ModelLimitError('reading in', BigInt(last - Math.max(0, first)));
  let cache: Map<number, number> | null = null;
  for (let index = Math.max(0, first); index < last; index++) {
    if ((cache ?? file.cache).has(index)) continue;
    cache ??= new Map(file.cache);
    cache.set(index, newPage(tx, fileId, null));
  }
  if (cache !== null) tx.setFile(fileId, { ...file, cache });
}

/**
 * mm/filemap.c:filemap_fault — the cache page `index`, read in if absent (a regular file reads
 * the whole read-around window); an index at or past end of file is SIGBUS.
 */
export function cachePage(tx: Tx, fileId: number, index: number): number | 'SIGBUS' {
  if (index >= eofIndex(tx, fileId)) return 'SIGBUS';
  const cached = tx.file(fileId).cache.get(index);
  if (cached !== undefined) return cached;
  // do_sync_mmap_readahead returns at once when ra_pages is 0: filemap_fault reads one folio.
  const file = tx.file(fileId);
  if (file.kind === 'regular' && file.raPages > 0) {
    const half = file.raPages / 2;
    readIn(tx, fileId, index - half, index + half);
  } else readIn(tx, fileId, index, index + 1);
  const page = tx.file(fileId).cache.get(index);
  if (page === undefined) throw new Error('cachePage: the page was not read in');
  return page;
}
