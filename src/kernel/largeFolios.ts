// Large folios: a transparent hugepage is one PMD-order folio of 512 pages (HPAGE_PMD_NR), which
// the kernel locks, unlocks and dirties as a whole: PG_mlocked, PG_unevictable, mlock_count and
// PG_dirty are the folio's (include/linux/page-flags.h: PF_NO_TAIL for mlocked and dirty). The
// model keeps a folio's pages as 512 consecutive page ids, each with its own mapCount (a PTE
// maps one page) and the folio's flags copied into all of them, so that every page-wise reader
// (pagemap letters, the counters, the properties) reads the folio's state. KernelState.
// largeFolios lists the first id of each; a folio outlives its PMD (a split PMD leaves it whole,
// hugePmd.ts) and goes when its last page is freed.
//
// NOTE: the kernel queues a partly unmapped folio for a deferred split (mm/rmap.c:
// __folio_remove_rmap -> deferred_split_folio) and frees its unmapped pages only when memory
// runs short; the model frees each page as its last PTE goes (spec/limitations.md).

import { enqueueRun, lruAddDrain } from './mlockBatch.js';
import { firstAbove } from './_internals/firstAbove.js';
import type { KernelState, Page } from './state.js';
import type { Tx } from './tx.js';

/** HPAGE_PMD_NR: pages in a PMD-order folio (x86-64: 2 MiB / 4 KiB). */
export const HPAGE_PMD_NR = 512;

/** The first page of the large folio holding page `id`, or null for a 4 KiB folio. */
export function folioHead(heads: readonly number[] | undefined, id: number): number | null {
  if (heads === undefined) return null;
  const head = heads[firstAbove(heads, id) - 1];
  return head !== undefined && id < head + HPAGE_PMD_NR ? head : null;
}

/** Whether any page of [first, first + count) belongs to a large folio. */
export function touchesLargeFolio(tx: Tx, first: number, count: number): boolean {
  const heads = tx.largeFolios;
  if (heads === undefined || heads.length === 0) return false;
  return heads.some((h) => h < first + count && first < h + HPAGE_PMD_NR);
}

/** Record the 512 pages from `head` (already allocated, newPages) as one large folio. */
export function addLargeFolio(tx: Tx, head: number): void {
  const heads = [...(tx.largeFolios ?? []), head].sort((a, b) => a - b);
  tx.largeFolios = heads;
}

/**
 * Change every live page of the folio at `head` with `change` (the folio's flags are the
 * pages'). Freed pages are skipped.
 */
export function updateFolio(tx: Tx, head: number, change: (p: Page) => Page): void {
  tx.writablePages().updateRun(head, HPAGE_PMD_NR, change);
}

/** Forget the folios none of whose pages is left (mm/page_alloc.c frees the folio). */
export function dropFreedFolios(tx: Tx): void {
  const heads = tx.largeFolios;
  if (heads === undefined || heads.length === 0) return;
  const pages = tx.allPages();
  const live = heads.filter((h) => {
    let any = false;
    pages.forEachRun(h, HPAGE_PMD_NR, () => {
      any = true;
    });
    return any;
  });
  if (live.length !== heads.length) tx.largeFolios = live.length === 0 ? undefined : live;
}

/** The state's large folio heads, for readers of a committed state (observe, properties). */
export function largeFolioOf(state: KernelState, id: number): number | null {
  return folioHead(state.largeFolios, id);
}

/**
 * mm/rmap.c:__folio_remove_rmap ends with munlock_vma_folio: PTEs of a large folio leaving a
 * VM_LOCKED VMA munlock the whole folio (mm/internal.h: "always munlock the folio and page
 * reclaim will correct it if it's wrong"), the pages still mapped too; at once, as a large
 * folio never waits in the batch. Here for the PTEs of pages [first, first + count), whose own
 * munlocks the caller queued (pages.ts:unmapPtes). Measured on 6.18.44: munmap of half of an
 * mlocked huge folio leaves the other half, in a VM_LOCKED VMA, unlocked
 * (litmus thp/MADV_HUGEPAGE+mlock+munmap_half.mmt).
 */
export function munlockRestOfFolios(tx: Tx, first: number, count: number): void {
  const heads = tx.largeFolios;
  if (heads === undefined || !tx.model.decisions.mlockPagesOnFault) return;
  const end = first + count;
  let touched = false;
  for (const head of heads) {
    if (head >= end || head + HPAGE_PMD_NR <= first) continue;
    touched = true;
    if (head < first) enqueueRun(tx, head, first - head, 'munlock', (p) => p);
    if (end < head + HPAGE_PMD_NR)
      enqueueRun(tx, end, head + HPAGE_PMD_NR - end, 'munlock', (p) => p);
  }
  if (touched) lruAddDrain(tx);
}
