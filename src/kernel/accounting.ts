// mm counters that are derived rather than stored: total_vm (VmSize) and the locked pages
// the trace's own regions account for (VmLck as the trace sees it).

import type { Mm } from './state.js';
import type { Tx } from './tx.js';
import { limitPages } from './addr.js';
import { imagePagesOf } from './initialState.js';
import { VM_LOCKED, type VmFlags, hasAny } from '../uapi/vmFlags.js';

/** mm->total_vm: every mapped page, the rest of the process included. */
export function totalVmOf(mm: Pick<Mm, 'vmas' | 'otherPages'>): number {
  let pages = mm.otherPages;
  for (const v of mm.vmas) pages += v.end - v.start;
  return pages;
}

export const totalVm = (tx: Tx): number => totalVmOf(tx.mm);

/**
 * VmLck over the trace's regions: locked_vm less what the rest of the process accounts for
 * (the part no VMA stands for, and pre-existing mappings the trace did not bind, within the
 * extent the image gave them: imagePagesOf). Computed from the counter, not from the flags, so
 * a leak of locked_vm stays visible.
 */
export function traceVmLck(mm: Mm, bound: ReadonlySet<string>): number {
  let pages = mm.lockedVm;
  if (hasAny(mm.otherLock, VM_LOCKED)) pages -= mm.otherPages;
  for (const v of mm.vmas) if (hasAny(v.flags, VM_LOCKED)) pages -= imagePagesOf(v, bound);
  return pages;
}

/**
 * mm/mmap.c:mlock_future_ok for the current process, through the model's decision: may
 * `pages` more pages with `flags` be locked (mmap, mremap growth, stack growth, secretmem)?
 */
export function mlockFutureOk(tx: Tx, flags: VmFlags, pages: number): boolean {
  return tx.model.decisions.futureLimitOk({
    vmFlags: flags,
    lockedVm: tx.mm.lockedVm,
    lenPages: pages,
    limitPages: limitPages(tx.mm.rlimitMemlock),
    capIpcLock: tx.mm.capIpcLock,
  });
}
