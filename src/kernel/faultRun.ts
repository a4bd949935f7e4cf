// Faulting in a run of PTEs at once, for GUP walks over huge ranges (populate.ts): what
// faultPage (fault.ts) does page by page, done for a whole run of identical PTEs when the
// outcome is the same for each page and no page's outcome depends on another's. That holds
// for anonymous memory: a read maps the zero page, a write gives each page a new anonymous
// page (copied from the zero page or from a shared page of the run, whose pages are one run
// of identical Page values). The mlock batch entries this queues are for distinct pages, and
// every GUP walk drains the batch when it ends, so queueing them run by run instead of page
// by page leaves the same state (mlockBatch.ts:enqueueRun).

import * as runStack from './_internals/pageRunStack.js';
import { prepareAnonVma } from './fault.js';
import { hugeFault } from './hugePmd.js';
import { mapPages, newPages, unmapCopiedPtes } from './pages.js';
import { PTE_GUARD, PTE_NONE, PTE_ZERO, type Page, type Pte, type Vma } from './state.js';
import type { Tx } from './tx.js';
import { VM_IO, VM_PFNMAP, VM_SHARED, hasAny, vmFlags } from '../uapi/vmFlags.js';

/**
 * How many of the `len` PTEs from `pte` (one run of v's PTEs) already allow the access, from
 * the first (GUP's follow_page_pte): a read needs a present PTE; a write to a private mapping
 * an anonymous page only this PTE maps (otherwise the fault copies it).
 */
export function satisfiedPrefix(tx: Tx, v: Vma, pte: Pte, len: number, write: boolean): number {
  if (pte === PTE_NONE || pte === PTE_GUARD) return 0;
  if (!write || hasAny(v.flags, VM_SHARED)) return len;
  if (pte === PTE_ZERO) return 0;
  // The page runs read into the module's stack, not through a closure (with a context for
  // its captured counters) made for every run a write walk meets.
  const from = runStack.stackTop();
  tx.allPages().forEachRun(pte, len, runStack.pushPageRun);
  const to = runStack.stackTop();
  let prefix = 0;
  for (let k = from; k < to; k++) {
    const p = runStack.runPage(k);
    if (runStack.runId(k) !== pte + prefix || p.file !== -1 || p.mapCount !== 1) break;
    prefix += runStack.runCount(k);
  }
  runStack.release(from);
  return prefix;
}

/**
 * Faults in the first pages of a run of `len` PTEs of vmas[i] starting at `vpn`, which do not
 * satisfy the access yet, run-wise. Returns how many it faulted in, or 0 when the run needs
 * faultPage page by page (file pages come from the page cache one index at a time).
 */
export function faultRun(tx: Tx, i: number, vpn: number, len: number, write: boolean): number {
  const v = tx.mm.vmas[i];
  if (v === undefined) throw new Error(`faultRun: no VMA at ${i}`);
  if (v.backing.kind !== 'anon' || hasAny(v.flags, vmFlags(VM_PFNMAP | VM_IO))) return 0;
  const index = vpn - v.start;
  const pte = v.ptes.at(index);
  if (pte === PTE_GUARD) return 0;
  // A huge PMD, mapped now or already there (hugePmd.ts): it covers the pages to its end.
  const huge = hugeFault(tx, i, vpn, write, (j) => prepareAnonVma(tx, j));
  if (huge > 0) return Math.min(huge, len);
  // mm/memory.c:do_anonymous_page — a read maps the shared zero page.
  if (pte === PTE_NONE && !write) {
    tx.setPtes(i, index, index + len, PTE_ZERO);
    return len;
  }
  if (!write) return 0;
  // A write copies: from the zero page, or (do_wp_page) from pages a fork child shares. The
  // pages of one PageRuns run are identical, so one new run copies them all.
  let count = len;
  let data: Page['data'] = null;
  if (pte > 0) {
    // The first run of pages only, read as satisfiedPrefix reads them (no closure).
    const from = runStack.stackTop();
    tx.allPages().forEachRun(pte, len, runStack.pushPageRun);
    if (runStack.stackTop() > from) {
      count = runStack.runId(from) === pte ? runStack.runCount(from) : 0;
      data = runStack.runPage(from).data;
    }
    runStack.release(from);
    if (count === 0) return 0;
  }
  const anon = prepareAnonVma(tx, i);
  const id = newPages(tx, count, -1, data);
  // mm/memory.c:wp_page_copy — the old pages leave this mapping first (munlocked if the VMA is
  // locked), then the copies are mapped (and mlocked by the fault path).
  unmapCopiedPtes(tx, pte, count, anon.flags);
  mapPages(tx, id, count, anon.flags, true);
  tx.setPtes(i, index, index + count, id);
  return count;
}
