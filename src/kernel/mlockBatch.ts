// The per-CPU mlock folio batch (mm/mlock.c, 5.18+). mlock_folio sets PG_mlocked at once and
// queues the folio; munlock_folio only queues it. The queue is processed when it fills up or
// when lru_add_drain() runs, and only then does an munlock clear PG_mlocked. So a page can stay
// mlocked after its last locked mapping is gone, and an mlock that meets a pending munlock of
// the same folio can be lost ("must have got cleared already by another CPU"), until reclaim.

import { type MlockBatchEntry, type Page, pageWith } from './state.js';
import { mappedLocked } from './pages.js';
import { pushRun } from './batchRuns.js';
import type { MutablePageRuns } from './pageRuns.js';
import * as runStack from './_internals/pageRunStack.js';
import type { Tx } from './tx.js';

/** FOLIO_BATCH_SIZE (include/linux/pagevec.h). */
const FOLIO_BATCH_SIZE = 31;

/**
 * `count` entries with `op` for the distinct pages [first, first + count), in order, each page
 * changed by `change` as it is queued (null frees it): the same result as queueing them one by
 * one, at the cost of a run. Once the batch has filled and drained, it holds only this run's
 * entries, and entries of distinct pages commute: every full batch after that is the pages'
 * `process` applied run-wise, and the last (count - filled) % FOLIO_BATCH_SIZE stay queued.
 */
export function enqueueRun(
  tx: Tx,
  first: number,
  count: number,
  op: MlockBatchEntry['op'],
  change: (p: Page) => Page | null,
): void {
  const pages = tx.writablePages();
  const one = Math.min(count, FOLIO_BATCH_SIZE - tx.batchLength());
  const rest = count - one;
  const pending = rest % FOLIO_BATCH_SIZE;
  queue(tx, pages, first, first + one, op, change);
  const bulk = first + one;
  const bulkEnd = first + count - pending;
  // No bulk (the bounds' runs are shorter than a batch): no closure made for it.
  if (bulkEnd > bulk)
    pages.updateRun(bulk, bulkEnd - bulk, (p) => {
      const changed = change(p);
      return changed === null ? null : process(changed, op);
    });
  // An munlock that ends unlocked settles a race on a page no locked VMA maps (see lruAddDrain).
  if (op === 'munlock' && tx.uncertain.some((id) => id >= bulk && id < bulkEnd))
    tx.uncertain = tx.uncertain.filter(
      (id) =>
        id < bulk ||
        id >= bulkEnd ||
        tx.allPages().get(id)?.mlocked === true ||
        mappedLocked(tx, id),
    );
  queue(tx, pages, bulkEnd, first + count, op, change);
}

/**
 * Pages [from, to) changed and queued (enqueueRun): changed run-wise first, which is the same
 * as one by one since each change reads only its own page, and the batch fills (and drains) at
 * the last of them if at all.
 */
function queue(
  tx: Tx,
  pages: MutablePageRuns,
  from: number,
  to: number,
  op: MlockBatchEntry['op'],
  change: (p: Page) => Page | null,
): void {
  pages.updateRun(from, to - from, change);
  pushRun(tx.batch(), from, to - from, op);
  if (tx.batchLength() >= FOLIO_BATCH_SIZE) lruAddDrain(tx);
}

/** __mlock_folio, __mlock_new_folio and __munlock_folio on one page. */
function process(p: Page, op: MlockBatchEntry['op']): Page {
  if (op === 'munlock') {
    if (p.unevictable && p.mlockCount > 1)
      return pageWith(p, p.mlocked, true, p.mlockCount - 1, p.mapCount);
    // Else assume that was the last mlock: reclaim will fix it if not.
    return pageWith(p, false, false, 0, p.mapCount);
  }
  // PG_mlocked was cleared while the entry waited: the folio stays evictable.
  if (!p.mlocked) return pageWith(p, false, false, p.mlockCount, p.mapCount);
  if (op === 'mlock' && p.unevictable) return pageWith(p, true, true, p.mlockCount + 1, p.mapCount);
  return pageWith(p, true, true, 1, p.mapCount);
}

/**
 * mm/swap.c:lru_add_drain -> mlock_drain_local: process the whole batch, oldest first.
 * NOTE: any task on the CPU may drain it earlier (a folio batch release in another process),
 * so an mlock processed after an munlock of the same folio may or may not have been lost:
 * such a page's PG_mlocked stays uncertain (KernelState.mlockUncertain) while it is mapped.
 */
export function lruAddDrain(tx: Tx): void {
  // An empty batch (most drains: mlock_fixup and population drain twice a VMA) is answered
  // without making the step's runs of it.
  if (tx.batchLength() === 0) return;
  const pending = tx.takeBatch();
  // Pages munlocked so far in this drain, and the uncertain pages as they become: made on
  // first need, since most drains meet no munlock followed by an mlock of the same page and
  // no uncertain page (this runs at every lock change and every population).
  let munlocked: Set<number> | null = null;
  let uncertain: Set<number> | null = tx.uncertain.length > 0 ? new Set(tx.uncertain) : null;
  let changed = false;
  // Entries of one op for consecutive pages (enqueueRun's), each page once: processed a run
  // of identical pages at a time, in any order, as they touch only their own page. The runs of
  // pages of one entry run are read before any of them is written, as setRun may split the
  // runs being walked (pageRunStack.ts).
  for (const { first, count: n, op } of pending) {
    const from = runStack.stackTop();
    // A freed anonymous page is skipped: its entry only held a reference.
    tx.allPages().forEachRun(first, n, runStack.pushPageRun);
    const to = runStack.stackTop();
    for (let r = from; r < to; r++) {
      const id = runStack.runId(r);
      const count = runStack.runCount(r);
      const after = process(runStack.runPage(r), op);
      tx.writablePages().setRun(id, count, after);
      if (op === 'munlock') {
        munlocked ??= new Set();
        for (let page = id; page < id + count; page++) {
          munlocked.add(page);
          // Counted or lost, an mlock undone by this munlock ends unlocked, unless a VM_LOCKED
          // VMA still maps the page: had the racing mlock counted, mlock_count would still
          // count that mapping and the page stay mlocked (conform seed 41 on the host:
          // MAP_LOCKED+MAP_FIXED+mlock_count.mmt read LL beside another trace's drains).
          if (!after.mlocked && uncertain?.has(page) === true && !mappedLocked(tx, page)) {
            uncertain.delete(page);
            changed = true;
          }
        }
      } else if (munlocked !== null)
        for (let page = id; page < id + count; page++)
          if (munlocked.has(page) && !(uncertain?.has(page) ?? false)) {
            uncertain ??= new Set();
            uncertain.add(page);
            changed = true;
          }
    }
    runStack.release(from);
  }
  // A page taken out and put back leaves the set as it was: the old list is kept then, so that
  // a step that changed nothing still commits its start state.
  if (changed && uncertain !== null && !sameSet(uncertain, tx.uncertain))
    tx.uncertain = [...uncertain].sort((a, b) => a - b);
}

/** Whether `set` holds exactly the distinct ids of `list`. */
function sameSet(set: ReadonlySet<number>, list: readonly number[]): boolean {
  return set.size === list.length && list.every((id) => set.has(id));
}

/**
 * The end of a zap (mm/mmu_gather.c:tlb_finish_mmu): the pages it gathered are freed, and
 * where the model's free_pages_and_swap_cache drains first (zapFreeDrainsMlockBatch), the
 * munlocks the zap queued are processed now. A zap that gathered no page frees nothing.
 */
export function zapFinish(tx: Tx, gathered: boolean): void {
  if (gathered && tx.model.decisions.zapFreeDrainsMlockBatch) lruAddDrain(tx);
}

/**
 * An unknown number of entries goes through the batch: the rest of the process's own locked
 * pages, which the model does not count (the executor's text, data and stack), are munlocked
 * by an exit. Whether the batch filled up (FOLIO_BATCH_SIZE) and drained before the trace's
 * pages' entries, or after them, depends on how many of those pages were resident. So every
 * pending entry is processed, and each page it changed may still read the old way.
 */
export function floodBatch(tx: Tx): void {
  const before = new Map<number, boolean>();
  for (const { first, count } of tx.batch())
    for (let page = first; page < first + count; page++) {
      const p = tx.allPages().get(page);
      if (p !== undefined && !before.has(page)) before.set(page, p.mlocked);
    }
  lruAddDrain(tx);
  const changed = [...before].filter(([id, was]) => tx.allPages().get(id)?.mlocked !== was);
  tx.uncertain = [...new Set([...tx.uncertain, ...changed.map(([id]) => id)])].sort(
    (a, b) => a - b,
  );
}
