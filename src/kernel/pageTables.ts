// Which PMDs of an address space have a page table (a PTE page, 512 PTEs for 2 MiB). A table
// appears with the first PTE set under its PMD and outlives the PTEs in it: a zap such as
// MADV_DONTNEED leaves it, unless it empties a whole PMD under CONFIG_PT_RECLAIM; otherwise only
// free_pgtables after an unmap takes it away. It matters to one decision: fault-around from a
// file's last page maps nothing under a PMD without one (see faultAround.ts).

import { PmdRanges } from './pmdRanges.js';
import type { Mm, Vma } from './state.js';
import { currentMm } from './state.js';
import { PTE_NONE } from './state.js';
import type { Tx } from './tx.js';

/** PTEs in one page table: a PMD entry maps 2 MiB. */
export const PTRS_PER_PTE = 512;

export const pmdOf = (vpn: number): number => Math.floor(vpn / PTRS_PER_PTE);

/** The PMDs that [start, end) (page numbers, non-empty) lies under, as a range. */
const pmdSpan = (start: number, end: number): [number, number] => [
  pmdOf(start),
  pmdOf(end - 1) + 1,
];

/** `tables` with the PMDs under which `v` sets a PTE (a page, the zero page, a guard marker). */
function withPtesOf(tables: PmdRanges, v: Vma): PmdRanges {
  // Quick answers for the common VMAs: no PTE at all, or all under PMDs with tables.
  if (v.ptes.runCount === 1 && v.ptes.at(0) === PTE_NONE) return tables;
  if (tables.hasAll(pmdOf(v.start), pmdOf(v.end - 1) + 1)) return tables;
  noting = tables;
  notingStart = v.start;
  v.ptes.forEachRun(0, v.ptes.length, noteRun);
  const out = noting;
  noting = PmdRanges.EMPTY;
  return out;
}

/**
 * The tables withPtesOf is adding to, and where its VMA starts: module state for one visitor
 * made once, rather than a closure a VMA (withPtesOf runs for every VMA a step changed).
 * PmdRanges.add calls nothing back, so no second walk starts while one is under way.
 */
let noting = PmdRanges.EMPTY;
let notingStart = 0;

function noteRun(index: number, len: number, pte: number): void {
  const at = notingStart + index;
  if (pte !== PTE_NONE) noting = noting.add(pmdOf(at), pmdOf(at + len - 1) + 1);
}

/**
 * Adds a table under every PTE the current process has: after a step (step.ts), and mid-step
 * (unmap, mremap) to note the tables of this step's PTEs before VMAs go. Run-wise, so it costs
 * the runs of PTEs, not the pages; and only for the VMAs the step changed. Every state has
 * every PTE of its current process under a table: each commit follows this (step.ts,
 * populateSteps.ts), initial states have no PTE, and the checker's codec and symmetry keep a
 * region's table with it. Within a step tables are only added, or freed where no remaining VMA
 * lies (freePageTables) or no PTE is (reclaimPageTables), so a VMA the step kept as it was
 * still has its PTEs under tables, unless the step made another process current (fork, exit).
 */
export function notePageTables(tx: Tx): void {
  let tables = tx.mm.pageTables;
  const kept = tx.switchedProcess ? NO_VMAS : currentMm(tx.startState).vmas;
  const vmas = tx.mm.vmas;
  let j = 0;
  for (let i = 0; i < vmas.length; i++) {
    const v = vmas[i] as Vma;
    // Both lists are in address order: the kept VMA, if any, is the first not below v. Most
    // VMAs of a step are kept in place: that case is told by identity alone, with no read of
    // either VMA's start.
    let k = kept[j];
    if (k === v) {
      j++;
      continue;
    }
    while (k !== undefined && k.start < v.start) k = kept[++j];
    if (k !== v) tables = withPtesOf(tables, v);
  }
  tx.mm.pageTables = tables;
}

const NO_VMAS: readonly Vma[] = [];

/**
 * mm/pt_reclaim.c (CONFIG_PT_RECLAIM): after MADV_DONTNEED zapped [start, end) of one VMA, the
 * table of every PMD the range covers whole is freed if no PTE is left in it (zap_pte_range,
 * reclaim_pt_is_enabled: end - start >= PMD_SIZE; a guard marker keeps it).
 */
export function reclaimPageTables(tx: Tx, start: number, end: number): void {
  notePageTables(tx);
  const from = pmdOf(start + PTRS_PER_PTE - 1);
  const to = Math.floor(end / PTRS_PER_PTE);
  if (from >= to) return;
  let mapped = PmdRanges.EMPTY;
  for (const v of tx.mm.vmas) mapped = withPtesOf(mapped, v);
  const tables = tx.mm.pageTables;
  const kept = tables.intersect(mapped.ranges(from, to));
  let out = tables.remove(from, to);
  for (const [s, e] of kept.ranges()) out = out.add(s, e);
  tx.mm.pageTables = out;
}

/** Whether the PMD over `vpn` has a page table now (set earlier, or by a PTE of this step). */
export function hasPageTable(tx: Tx, vpn: number): boolean {
  notePageTables(tx);
  return tx.mm.pageTables.has(pmdOf(vpn));
}

/**
 * mm/mremap.c:move_page_tables moving `pages` pages from `from` to `to`: extent by extent (up
 * to the next PMD boundary of either side), the destination PMD gets a page table when the
 * source PMD had one (`sourceTables`, taken before the source went), empty or not. Extents
 * never cross a source PMD, so each source range of tables gives the destination PMDs under
 * its image.
 */
export function movePageTables(
  tx: Tx,
  sourceTables: PmdRanges,
  from: number,
  to: number,
  pages: number,
): void {
  if (pages <= 0) return;
  let tables = tx.mm.pageTables;
  for (const [s, e] of sourceTables.ranges(...pmdSpan(from, from + pages))) {
    const first = Math.max(from, s * PTRS_PER_PTE);
    const last = Math.min(from + pages, e * PTRS_PER_PTE);
    tables = tables.add(...pmdSpan(to + (first - from), to + (last - from)));
  }
  tx.mm.pageTables = tables;
}

/**
 * mm/memory.c:free_pgtables after VMAs covering [start, end) were removed: the tables of the
 * PMDs they overlapped go, unless another VMA still lies under the same PMD (it bounds the
 * freeing as floor or ceiling). A mapping that replaces them (MAP_FIXED) is not in the list
 * yet when the tables are freed (mm/vma.c:vms_clear_ptes), so it keeps none of them.
 */
export function freePageTables(tx: Tx, start: number, end: number): void {
  const [first, last] = pmdSpan(start, end);
  const tables = tx.mm.pageTables;
  // No table under the range: nothing to free (most unmaps of the bounds and benchmarks).
  if (!tables.hasAny(first, last)) return;
  // The tables under the remaining VMAs that overlap the range's PMDs (no list of them made:
  // this runs for every unmap, mremap and MAP_FIXED over pages).
  let kept = PmdRanges.EMPTY;
  for (const v of tx.mm.vmas)
    if (v.end > first * PTRS_PER_PTE && v.start < last * PTRS_PER_PTE)
      kept = tables.keptIn(kept, pmdOf(v.start), pmdOf(v.end - 1) + 1);
  let out = tables.remove(first, last);
  for (const [s, e] of kept.ranges(first, last)) out = out.add(s, e);
  tx.mm.pageTables = out;
}

/**
 * A fork child's tables (mm/memory.c:copy_page_range): only VMAs whose page tables are copied
 * (`copied`) get them, under every PMD where the parent has one.
 */
export function childPageTables(parent: Mm, copied: readonly Vma[]): PmdRanges {
  return parent.pageTables.intersect(copied.map((v) => pmdSpan(v.start, v.end)));
}
