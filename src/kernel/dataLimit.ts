// RLIMIT_DATA: mm->data_vm (VmData), the pages of private writable non-stack mappings, and the
// two checks of the limit: may_expand_vm's data part (mm/vma.c; mmap, brk's do_brk_flags,
// mprotect that makes a mapping writable) and brk's check_data_rlimit (include/linux/mm.h),
// which counts the heap and the program's data segment rather than data_vm.

import type { Tx } from './tx.js';
import { imageExtent, imagePagesOf } from './initialState.js';
import { PAGE, limitPages } from './addr.js';
import type { Mm } from './state.js';
import * as F from '../uapi/vmFlags.js';

/**
 * The private writable pages of the executor (src/oracle) that no VMA of the model stands for:
 * its .data and .bss (VmData less [heap]), measured on 6.18.44 from /proc/PID/maps: 3 + 445.
 */
export const OTHER_DATA_PAGES = 448;

/**
 * end_data - start_data of the executor's image (fields 45 and 46 of /proc/PID/stat, as proc(5)
 * numbers them, measured on 6.18.44), which check_data_rlimit adds to the heap's size.
 */
export const DATA_SEGMENT_BYTES = 23672n;

/**
 * The executor's own data as the model takes it, for a C reproducer to stand in for the
 * executor where a trace limits RLIMIT_DATA (src/oracle/reproducer pads its own data to it):
 * data_vm in pages (.data, .bss and the [heap] of a fresh image), and what brk's
 * check_data_rlimit measures (the heap from start_brk to the break, plus the data segment).
 */
export function executorData(): { readonly dataVmPages: number; readonly brkDataBytes: bigint } {
  const heap = imageExtent('[heap]');
  const heapPages = heap === undefined ? 0 : heap.end - heap.start;
  return {
    dataVmPages: OTHER_DATA_PAGES + heapPages,
    brkDataBytes: BigInt(heapPages) * PAGE + DATA_SEGMENT_BYTES,
  };
}

/** include/linux/mm.h:is_data_mapping — written privately, and not a stack (VM_STACK). */
export const isDataMapping = (flags: F.VmFlags): boolean =>
  F.maskFlags(flags, F.vmFlags(F.VM_WRITE | F.VM_SHARED | F.VM_GROWSDOWN)) === F.VM_WRITE;

/**
 * mm->data_vm in pages. The kernel keeps it as a counter (vm_stat_account); its value is the
 * sum over the data mappings, which is what the model computes, the rest of the process
 * included.
 */
export function dataVmOf(mm: Pick<Mm, 'vmas'>): number {
  let pages = OTHER_DATA_PAGES;
  for (const v of mm.vmas) if (isDataMapping(v.flags)) pages += v.end - v.start;
  return pages;
}

/**
 * VmData over the trace's regions, in pages: data_vm less what the rest of the process accounts
 * for (its .data and .bss, and the pre-existing data mappings the trace did not bind, [heap]
 * among them, within the extent the image gave them), as the executor subtracts the program's
 * own data mappings from /proc's VmData where they lie within the mappings it recorded
 * (src/oracle/observables.h:vmdata_bytes). So a trace reads its own mappings alone, on every
 * kernel whatever the executor's layout there; a brk growth merged into the unbound heap
 * (after an execve, brk.ts) is the trace's, as on the kernel.
 */
export function traceDataVm(mm: Pick<Mm, 'vmas'>, bound: ReadonlySet<string>): number {
  let pages = dataVmOf(mm) - OTHER_DATA_PAGES;
  for (const v of mm.vmas) if (isDataMapping(v.flags)) pages -= imagePagesOf(v, bound);
  return pages;
}

/**
 * mm/vma.c:may_expand_vm's RLIMIT_DATA part, through the model's decision (RLIMIT_AS is not
 * modelled: a trace cannot set it, and it is unlimited by default). `pages` more pages with
 * `flags`; the soft limit is also the hard one, as a trace sets both.
 */
export function mayExpandData(tx: Tx, flags: F.VmFlags, pages: number): boolean {
  const limit = tx.mm.rlimitData;
  // RLIM_INFINITY (2^52 pages) cannot be passed, in any version: the decision is not asked,
  // which keeps the checker's processes (never limited) as fast as before.
  if (limit === undefined) return true;
  return tx.model.decisions.dataLimitOk({
    vmFlags: flags,
    dataVm: dataVmOf(tx.mm),
    lenPages: pages,
    limitPages: limitPages(limit),
    hardLimitPages: limitPages(limit),
    softLimitZero: limit === 0n,
  });
}

/**
 * include/linux/mm.h:check_data_rlimit as brk calls it: the heap from start_brk to the new
 * break, plus the data segment, must fit in RLIMIT_DATA (bytes, not pages).
 */
export function dataRlimitOk(tx: Tx, newBrk: bigint, startBrk: bigint): boolean {
  const limit = tx.mm.rlimitData;
  if (limit === undefined) return true;
  return newBrk - startBrk + DATA_SEGMENT_BYTES <= limit;
}
