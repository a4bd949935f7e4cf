// Removing a range of VMAs (mm/vma.c:do_vmi_align_munmap), used by munmap, MAP_FIXED and
// mremap: split at the edges, zap the pages (munlocking them), give back locked_vm.

import { removeItems } from './_internals/listEdits.js';
import { zapFinish } from './mlockBatch.js';
import { unmapPtes } from './pages.js';
import type { Tx } from './tx.js';
import { freePageTables, notePageTables } from './pageTables.js';
import { findVma, firstEndingAfter, splitAt } from './vmaList.js';
import type { Pte } from './state.js';
import { VM_LOCKED, type VmFlags, hasAny, vmFlags } from '../uapi/vmFlags.js';

/** Unmap [start, end) (page numbers); holes are fine. */
export function unmapRange(tx: Tx, start: number, end: number): void {
  // The tables this step's PTEs need, noted before their VMAs go.
  notePageTables(tx);
  const first = findVma(tx.mm.vmas, start);
  if (first >= 0) splitAt(tx, first, start);
  const last = findVma(tx.mm.vmas, end - 1);
  if (last >= 0) splitAt(tx, last, end);
  // NOTE: 6.18's unmap path does not drain the per-CPU mlock batch (verified: litmus
  // munmap_locked+pending_munlock.mmt): the munlocks the zap queues stay pending, and the
  // pages keep PG_mlocked until something else drains (6.12's drains: zapFinish).
  if (!intersects(tx, start, end)) return;
  const i = firstEndingAfter(tx.mm.vmas, start);
  const from = tx.mm.vmas[i]?.start ?? start;
  let to = from;
  zapping = tx;
  gathered = false;
  while (i < tx.mm.vmas.length) {
    const v = tx.mm.vmas[i];
    if (v === undefined || v.start >= end) break;
    zappingFlags = v.flags;
    v.ptes.forEachRun(0, v.ptes.length, zapRun);
    // mm/vma.c:vms_complete_munmap_vmas — locked_vm -= the locked pages removed.
    if (hasAny(v.flags, VM_LOCKED)) tx.mm.lockedVm -= v.end - v.start;
    removeItems(tx.mm.vmas, i, 1);
    to = v.end;
  }
  zapping = null;
  zapFinish(tx, gathered);
  freePageTables(tx, from, to);
}

/**
 * The step and the flags of the VMA unmapRange is zapping, and whether a page was met: module
 * state for one visitor made once, where a closure a VMA (and the context its captured `let`
 * needs) was made on every unmap. unmapPtes never unmaps a range, so no second zap starts
 * while one is under way.
 */
let zapping: Tx | null = null;
let zappingFlags: VmFlags = vmFlags(0);
let gathered = false;

function zapRun(_index: number, len: number, pte: Pte): void {
  if (pte > 0) gathered = true;
  if (zapping !== null) unmapPtes(zapping, pte, len, zappingFlags);
}

/** Whether any VMA intersects [start, end). */
export function intersects(tx: Tx, start: number, end: number): boolean {
  const v = tx.mm.vmas[firstEndingAfter(tx.mm.vmas, start)];
  return v !== undefined && v.start < end;
}

/** The mapped pages of [start, end) (mm/vma.c: vms->nr_pages, count_vma_pages_range). */
export function mappedPages(tx: Tx, start: number, end: number): number {
  let pages = 0;
  for (let i = firstEndingAfter(tx.mm.vmas, start); i < tx.mm.vmas.length; i++) {
    const v = tx.mm.vmas[i];
    if (v === undefined || v.start >= end) break;
    pages += Math.min(v.end, end) - Math.max(v.start, start);
  }
  return pages;
}
