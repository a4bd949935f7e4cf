// Which PMDs of an address space have a page table (a PTE page, 512 PTEs for 2 MiB). A table
// appears with the first PTE set under its PMD and outlives the PTEs in it: a zap such as
// MADV_DONTNEED leaves it, unless it empties a whole PMD under CONFIG_PT_RECLAIM; otherwise only
// free_pgtables after an unmap takes it away. It matters to one decision: fault-around from a
// file's last page maps nothing under a PMD without one (see faultAround.ts).

import type { Mm, Vma } from './state.js';
import { PTE_NONE } from './state.js';
import type { Tx } from './tx.js';

/** PTEs in one page table: a PMD entry maps 2 MiB. */
export const PTRS_PER_PTE = 512;

export const pmdOf = (vpn: number): number => Math.floor(vpn / PTRS_PER_PTE);

/** The PMDs under which some VMA sets a PTE (a page, the zero page, a guard marker). */
function pmdsWithPtes(vmas: readonly Vma[]): number[] {
  const out: number[] = [];
  for (const v of vmas)
    v.ptes.forEach((pte, k) => {
      if (pte === PTE_NONE) return;
      const pmd = pmdOf(v.start + k);
      if (out[out.length - 1] !== pmd) out.push(pmd);
    });
  return out;
}

function sortedUnion(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** Whether some of `v` lies under `pmd`. */
const underPmd = (v: Vma, pmd: number): boolean => pmdOf(v.start) <= pmd && pmdOf(v.end - 1) >= pmd;

/**
 * VMA objects seen without a single PTE at the end of a step. A cache only: once its step is
 * over a VMA object is never changed (the next step's Tx copies it before setting a PTE), so
 * the answer stays true. Mid-step a VMA the Tx owns may still get PTEs: no caching then.
 */
const WITHOUT_PTES = new WeakSet<Vma>();

/**
 * Adds a table under every PTE the current process has. `stepEnd`: called once the step is
 * over (step.ts), when it may use and fill WITHOUT_PTES; mid-step callers (unmap, mremap) note
 * the tables of this step's PTEs before VMAs go.
 */
export function notePageTables(tx: Tx, stepEnd = false): void {
  const tables = tx.mm.pageTables;
  const added: number[] = [];
  for (const v of tx.mm.vmas) {
    if (stepEnd && WITHOUT_PTES.has(v)) continue;
    let any = false;
    for (let pmd = pmdOf(v.start); pmd <= pmdOf(v.end - 1); pmd++) {
      if (tables.includes(pmd) || added.includes(pmd)) {
        any = true;
        continue;
      }
      const from = Math.max(v.start, pmd * PTRS_PER_PTE) - v.start;
      const to = Math.min(v.end, (pmd + 1) * PTRS_PER_PTE) - v.start;
      for (let k = from; k < to; k++)
        if ((v.ptes[k] ?? PTE_NONE) !== PTE_NONE) {
          added.push(pmd);
          any = true;
          break;
        }
    }
    if (stepEnd && !any) WITHOUT_PTES.add(v);
  }
  if (added.length > 0) tx.mm.pageTables = sortedUnion(tables, added);
}

/**
 * mm/pt_reclaim.c (CONFIG_PT_RECLAIM): after MADV_DONTNEED zapped [start, end) of one VMA, the
 * table of every PMD the range covers whole is freed if no PTE is left in it (zap_pte_range,
 * reclaim_pt_is_enabled: end - start >= PMD_SIZE; a guard marker keeps it).
 */
export function reclaimPageTables(tx: Tx, start: number, end: number): void {
  notePageTables(tx);
  const mapped = pmdsWithPtes(tx.mm.vmas);
  const whole: number[] = [];
  for (let pmd = pmdOf(start + PTRS_PER_PTE - 1); (pmd + 1) * PTRS_PER_PTE <= end; pmd++)
    if (!mapped.includes(pmd)) whole.push(pmd);
  if (whole.length === 0) return;
  tx.mm.pageTables = tx.mm.pageTables.filter((pmd) => !whole.includes(pmd));
}

/** Whether the PMD over `vpn` has a page table now (set earlier, or by a PTE of this step). */
export function hasPageTable(tx: Tx, vpn: number): boolean {
  notePageTables(tx);
  return tx.mm.pageTables.includes(pmdOf(vpn));
}

/**
 * mm/mremap.c:move_page_tables moving `pages` pages from `from` to `to`: extent by extent (up
 * to the next PMD boundary of either side), the destination PMD gets a page table when the
 * source PMD had one (`sourceTables`, taken before the source went), empty or not.
 */
export function movePageTables(
  tx: Tx,
  sourceTables: readonly number[],
  from: number,
  to: number,
  pages: number,
): void {
  const added: number[] = [];
  for (let off = 0; off < pages;) {
    const extent = Math.min(
      PTRS_PER_PTE - ((from + off) % PTRS_PER_PTE),
      PTRS_PER_PTE - ((to + off) % PTRS_PER_PTE),
      pages - off,
    );
    if (sourceTables.includes(pmdOf(from + off))) added.push(pmdOf(to + off));
    off += extent;
  }
  if (added.length > 0) tx.mm.pageTables = sortedUnion(tx.mm.pageTables, added);
}

/**
 * mm/memory.c:free_pgtables after VMAs covering [start, end) were removed: the tables of the
 * PMDs they overlapped go, unless another VMA still lies under the same PMD (it bounds the
 * freeing as floor or ceiling). A mapping that replaces them (MAP_FIXED) is not in the list
 * yet when the tables are freed (mm/vma.c:vms_clear_ptes), so it keeps none of them.
 */
export function freePageTables(tx: Tx, start: number, end: number): void {
  const first = pmdOf(start);
  const last = pmdOf(end - 1);
  const kept = tx.mm.pageTables.filter(
    (pmd) => pmd < first || pmd > last || tx.mm.vmas.some((v) => underPmd(v, pmd)),
  );
  if (kept.length !== tx.mm.pageTables.length) tx.mm.pageTables = kept;
}

/**
 * A fork child's tables (mm/memory.c:copy_page_range): only VMAs whose page tables are copied
 * (`copied`) get them, under every PMD where the parent has one.
 */
export function childPageTables(parent: Mm, copied: readonly Vma[]): readonly number[] {
  return parent.pageTables.filter((pmd) => copied.some((v) => underPmd(v, pmd)));
}
