// Which PMDs of an address space have a page table (a PTE page, 512 PTEs for 2 MiB). A table
// appears with the first PTE set under its PMD and outlives the PTEs in it: zapping
// (MADV_DONTNEED, munlock, an exiting child) leaves it, only free_pgtables after an unmap takes
// it away. It matters to one decision: fault-around from a file's last page maps nothing under
// a PMD without one (see faultAround.ts).

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

/** `mm`'s tables plus those its PTEs need: every table a PTE was set in exists. */
export function withPageTables(mm: Mm): Mm {
  const pageTables = sortedUnion(mm.pageTables, pmdsWithPtes(mm.vmas));
  return pageTables.length === mm.pageTables.length ? mm : { ...mm, pageTables };
}

/**
 * VMA objects seen without a single PTE. A cache only: a VMA is never changed once the step
 * that made it is over (Tx copies it first), so the answer stays true.
 */
const WITHOUT_PTES = new WeakSet<Vma>();

/**
 * At the end of a step: the current process keeps a table under every PTE it set. Runs after
 * every call, so it skips PMDs that have a table and VMAs known to have no PTE.
 */
export function notePageTables(tx: Tx): void {
  const tables = tx.mm.pageTables;
  const added: number[] = [];
  for (const v of tx.mm.vmas) {
    if (WITHOUT_PTES.has(v)) continue;
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
    if (!any) WITHOUT_PTES.add(v);
  }
  if (added.length > 0) tx.mm.pageTables = sortedUnion(tables, added);
}

/** Whether the PMD over `vpn` has a page table now (set earlier, or by a PTE of this step). */
export function hasPageTable(tx: Tx, vpn: number): boolean {
  const pmd = pmdOf(vpn);
  if (tx.mm.pageTables.includes(pmd)) return true;
  return pmdsWithPtes(tx.mm.vmas).includes(pmd);
}

/** Page tables for the PMDs over [start, end) (mremap's move_page_tables allocates them). */
export function addPageTables(tx: Tx, start: number, end: number): void {
  const added: number[] = [];
  for (let pmd = pmdOf(start); pmd <= pmdOf(end - 1); pmd++) added.push(pmd);
  tx.mm.pageTables = sortedUnion(tx.mm.pageTables, added);
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
    (pmd) =>
      pmd < first ||
      pmd > last ||
      tx.mm.vmas.some((v) => pmdOf(v.start) <= pmd && pmdOf(v.end - 1) >= pmd),
  );
  if (kept.length !== tx.mm.pageTables.length) tx.mm.pageTables = kept;
}

/**
 * A fork child's tables (mm/memory.c:copy_page_range): only VMAs whose page tables are copied
 * (`copied`) get them, under every PMD where the parent has one.
 */
export function childPageTables(parent: Mm, copied: readonly Vma[]): readonly number[] {
  return parent.pageTables.filter((pmd) =>
    copied.some((v) => pmdOf(v.start) <= pmd && pmdOf(v.end - 1) >= pmd),
  );
}
