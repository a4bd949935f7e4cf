// Transparent hugepages of anonymous memory, mapped by a huge PMD (mm/huge_memory.c): when a
// fault maps a whole PMD at once, and when that PMD is split into 512 PTEs again. A huge PMD
// maps either a PMD-order folio (largeFolios.ts) or the huge zero page; the model keeps the
// VMA's 512 PTEs filled in either way (the folio's pages in order, or PTE_ZERO), so that every
// page-wise reader sees what the PMD maps, and Mm.hugePmds says which PMDs are huge.

import { HPAGE_PMD_NR, addLargeFolio, dropFreedFolios, updateFolio } from './largeFolios.js';
import { enqueueRun, lruAddDrain } from './mlockBatch.js';
import { hasPageTable, pmdOf } from './pageTables.js';
import { mapPages, mlocksPages, newPages } from './pages.js';
import { PmdRanges } from './pmdRanges.js';
import { PTE_NONE, PTE_ZERO, type Page, type Vma } from './state.js';
import type { Tx } from './tx.js';
import {
  VM_HUGEPAGE,
  VM_NOHUGEPAGE,
  VM_SPECIAL,
  type VmFlags,
  hasAny,
  vmFlags,
} from '../uapi/vmFlags.js';

/** The current process's huge PMDs with `set` for them (the field is absent when none). */
function setHugePmds(tx: Tx, set: PmdRanges): void {
  if (set.isEmpty) tx.dropMmField('hugePmds');
  else tx.mm.hugePmds = set;
}

/** Whether a huge PMD maps page `vpn` of the current process. */
export function pmdMapped(tx: Tx, vpn: number): boolean {
  return tx.mm.hugePmds?.has(pmdOf(vpn)) === true;
}

/**
 * mm/huge_memory.c:__thp_vma_allowable_orders and thp_vma_suitable_order, for the `madvise`
 * mode of the traces' kernels: the process has THP (no PR_SET_THP_DISABLE, `thp on`), the VMA
 * is anonymous and VM_HUGEPAGE without VM_NOHUGEPAGE, and the 2 MiB-aligned range around the
 * address lies inside it. mm/memory.c:__handle_mm_fault then takes the huge path only where
 * the PMD is still empty (pmd_none: no page table under it yet).
 */
function hugeFaultAllowed(tx: Tx, v: Vma, vpn: number): boolean {
  if (tx.mm.thp !== true || v.backing.kind !== 'anon') return false;
  if (!hasAny(v.flags, VM_HUGEPAGE) || hasAny(v.flags, vmFlags(VM_NOHUGEPAGE | VM_SPECIAL)))
    return false;
  const start = pmdOf(vpn) * HPAGE_PMD_NR;
  if (start < v.start || start + HPAGE_PMD_NR > v.end) return false;
  // An injected failure at a page of the range: the kernel would fall back to PTEs on a
  // failed huge allocation, and the environment answers page by page (environment.ts).
  if (!tx.env.empty && tx.env.firstIn(start, start + HPAGE_PMD_NR) < start + HPAGE_PMD_NR)
    return false;
  return !hasPageTable(tx, vpn);
}

/**
 * mm/huge_memory.c:__do_huge_pmd_anonymous_page — a new PMD-order folio for the PMD of vmas[i]
 * holding `vpn`: zero-filled, added to the anon rmap and the LRU (mlock_new_folio in a
 * VM_LOCKED VMA; a large folio never waits in the mlock batch: mm/mlock.c:mlock_new_folio
 * drains at once, folio_test_large), then mapped by one PMD. `prepare` gives the VMA its
 * anon_vma (fault.ts:prepareAnonVma).
 */
function mapNewHugeFolio(tx: Tx, i: number, vpn: number, prepare: (i: number) => Vma): void {
  const v = prepare(i);
  const start = pmdOf(vpn) * HPAGE_PMD_NR;
  const head = newPages(tx, HPAGE_PMD_NR, -1, null);
  addLargeFolio(tx, head);
  mapPages(tx, head, HPAGE_PMD_NR, v.flags, true);
  if (mlocksPages(v.flags)) lruAddDrain(tx);
  tx.setPtes(i, start - v.start, start - v.start + HPAGE_PMD_NR, head);
  setHugePmds(tx, (tx.mm.hugePmds ?? PmdRanges.EMPTY).add(pmdOf(vpn), pmdOf(vpn) + 1));
}

/**
 * The huge-PMD paths of a fault on page `vpn` of vmas[i] (mm/memory.c:__handle_mm_fault):
 * - an empty PMD in a THP-eligible VMA: a read maps the huge zero page
 *   (do_huge_pmd_anonymous_page with use_zero_page, the default), a write a new huge folio;
 * - a write to the huge zero page: a new huge folio where the model says so
 *   (hugeZeroWriteAllocatesFolio: do_huge_zero_wp_pmd), else the PMD is split and the PTE
 *   fault below copies one page;
 * - a write to a huge folio another process maps too (after fork): do_huge_pmd_wp_page splits
 *   the PMD and falls back to the PTE fault, which copies one 4 KiB page.
 * Returns how many pages from `vpn` the huge path mapped (to the end of the PMD), or 0 when the
 * PTE fault is to run.
 */
export function hugeFault(
  tx: Tx,
  i: number,
  vpn: number,
  write: boolean,
  prepare: (i: number) => Vma,
): number {
  // Without `thp on` no PMD is huge and none may become so: the common case, first.
  if (tx.mm.thp !== true) return 0;
  const v = tx.mm.vmas[i];
  if (v === undefined) throw new Error(`hugeFault: no VMA at ${i}`);
  const start = pmdOf(vpn) * HPAGE_PMD_NR;
  const mapped = start + HPAGE_PMD_NR - vpn;
  const pte = v.ptes.at(vpn - v.start);
  if (pte === PTE_NONE) {
    if (!hugeFaultAllowed(tx, v, vpn)) return 0;
    if (write || !tx.model.decisions.readFaultMapsHugeZeroPage)
      mapNewHugeFolio(tx, i, vpn, prepare);
    else {
      tx.setPtes(i, start - v.start, start - v.start + HPAGE_PMD_NR, PTE_ZERO);
      setHugePmds(tx, (tx.mm.hugePmds ?? PmdRanges.EMPTY).add(pmdOf(vpn), pmdOf(vpn) + 1));
    }
    return mapped;
  }
  if (!write || !pmdMapped(tx, vpn)) return 0;
  if (pte === PTE_ZERO) {
    if (!tx.model.decisions.hugeZeroWriteAllocatesFolio) {
      splitHugePmd(tx, pmdOf(vpn), v.flags);
      return 0;
    }
    setHugePmds(tx, (tx.mm.hugePmds ?? PmdRanges.EMPTY).remove(pmdOf(vpn), pmdOf(vpn) + 1));
    mapNewHugeFolio(tx, i, vpn, prepare);
    return mapped;
  }
  if (pte > 0 && tx.page(pte).mapCount !== 1) splitHugePmd(tx, pmdOf(vpn), v.flags);
  return 0;
}

/** PG_dirty set, as folio_set_dirty does for every page of the folio. */
const dirtied = (p: Page): Page => {
  const { mlocked, unevictable, mlockCount, mapCount, file, data } = p;
  return { mlocked, unevictable, mlockCount, mapCount, file, data, dirty: true };
};

/**
 * mm/huge_memory.c:__split_huge_pmd_locked — the huge PMD `pmd` of a VMA with `flags` becomes
 * 512 PTEs mapping the same pages; the folio stays one large folio. A dirty PMD hands its bit
 * to the folio (folio_set_dirty): an anonymous huge folio is always mapped dirty, as the fault
 * that made it was a write. Where the model says so (pmdSplitMunlocksFolio, up to 6.12), the
 * PMD's rmap goes with a munlock of the folio in a VM_LOCKED VMA. The huge zero page leaves
 * PTEs of the small zero page (__split_huge_zero_page_pmd).
 */
export function splitHugePmd(tx: Tx, pmd: number, flags: VmFlags): void {
  const set = tx.mm.hugePmds;
  if (set === undefined || !set.has(pmd)) return;
  setHugePmds(tx, set.remove(pmd, pmd + 1));
  const start = pmd * HPAGE_PMD_NR;
  const v = tx.mm.vmas.find((x) => x.start <= start && start < x.end);
  const head = v?.ptes.at(start - v.start) ?? PTE_NONE;
  if (head <= 0) return;
  updateFolio(tx, head, dirtied);
  if (tx.model.decisions.pmdSplitMunlocksFolio && mlocksPages(flags)) {
    enqueueRun(tx, head, HPAGE_PMD_NR, 'munlock', (p) => p);
    lruAddDrain(tx);
  }
}

/**
 * mm/huge_memory.c:vma_adjust_trans_huge — a VMA boundary is about to fall at `at` inside `v`:
 * a huge PMD across it is split first (split_huge_pmd_if_needed).
 */
export function adjustTransHuge(tx: Tx, v: Vma, at: number): void {
  if (tx.mm.hugePmds === undefined || at % HPAGE_PMD_NR === 0) return;
  if (at > v.start && at < v.end) splitHugePmd(tx, pmdOf(at), v.flags);
}

/**
 * mm/memory.c:zap_pmd_range — before the PTEs of [start, end) of `v` are zapped: a huge PMD
 * the range covers whole goes with its mapping (zap_huge_pmd, which frees the page table
 * deposited for it, so the next fault there may map a huge PMD again); one it covers in part
 * is split (__split_huge_pmd) and only its PTEs in the range are zapped.
 */
export function zapHugePmds(tx: Tx, v: Vma, start: number, end: number): void {
  const set = tx.mm.hugePmds;
  if (set === undefined) return;
  for (const [from, to] of set.ranges(pmdOf(start), pmdOf(end - 1) + 1))
    for (let pmd = from; pmd < to; pmd++) {
      const s = pmd * HPAGE_PMD_NR;
      if (start <= s && s + HPAGE_PMD_NR <= end) {
        setHugePmds(tx, (tx.mm.hugePmds ?? PmdRanges.EMPTY).remove(pmd, pmd + 1));
        tx.mm.pageTables = tx.mm.pageTables.remove(pmd, pmd + 1);
      } else splitHugePmd(tx, pmd, v.flags);
    }
}

/**
 * At the end of a step: a huge PMD whose VMA no longer covers it whole with the same pages
 * (munmap of the VMA, exit, mremap) is forgotten. NOTE: mremap of a whole aligned huge PMD
 * moves it in the kernel (move_huge_pmd); the model leaves 512 PTEs at the new place
 * (spec/limitations.md).
 */
export function settleHugePmds(tx: Tx): void {
  const set = tx.mm.hugePmds;
  if (set === undefined) return;
  let kept = set;
  for (const pmd of set.pmds()) if (!wholeHugeMapping(tx, pmd)) kept = kept.remove(pmd, pmd + 1);
  if (kept !== set) setHugePmds(tx, kept);
}

/** Whether one VMA maps PMD `pmd` whole with the huge zero page or one folio's pages in order. */
function wholeHugeMapping(tx: Tx, pmd: number): boolean {
  const start = pmd * HPAGE_PMD_NR;
  const v = tx.mm.vmas.find((x) => x.start <= start && start < x.end);
  if (v === undefined || v.end < start + HPAGE_PMD_NR) return false;
  const index = start - v.start;
  const first = v.ptes.at(index);
  if (first === PTE_NONE || v.ptes.runLength(index) < HPAGE_PMD_NR) return false;
  return first === PTE_ZERO || (first > 0 && tx.largeFolios?.includes(first) === true);
}

/** The end of a step: stale huge PMDs forgotten, then the folios none of whose pages is left. */
export function settleFolios(tx: Tx): void {
  if (tx.mm.hugePmds !== undefined) settleHugePmds(tx);
  if (tx.largeFolios !== undefined) dropFreedFolios(tx);
}
