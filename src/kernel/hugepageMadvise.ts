// MADV_HUGEPAGE and MADV_NOHUGEPAGE (mm/khugepaged.c:hugepage_madvise, since 2.6.38): set one
// of VM_HUGEPAGE / VM_NOHUGEPAGE and clear the other, which splits or merges the VMA like any
// flag change (mm/madvise.c:madvise_update_vma). Whether a VM_HUGEPAGE VMA then gets
// transparent hugepages is the fault's business (hugePmd.ts); changing the flag splits no PMD
// and no folio. NOTE: khugepaged, which MADV_HUGEPAGE registers the mm with and which may
// later collapse PTE-mapped pages into a new huge folio, is not modelled
// (spec/limitations.md); the litmus traces set MADV_NOHUGEPAGE where it could run.

import type { Tx } from './tx.js';
import { modifyFlags } from './vmaList.js';
import { VM_HUGEPAGE, VM_NOHUGEPAGE, withFlags, withoutFlags } from '../uapi/vmFlags.js';

/** The madvise visitor of MADV_HUGEPAGE (`huge`) or MADV_NOHUGEPAGE. */
export function hugepageMadvise(huge: boolean) {
  return (tx: Tx, i: number, start: number, end: number): null => {
    const v = tx.mm.vmas[i];
    // Stryker disable next-line ConditionalExpression,StringLiteral: madvise's walk passes only indices of VMAs it has read
    if (v === undefined) throw new Error(`hugepageMadvise: no VMA at ${i}`);
    const [set, clear] = huge ? [VM_HUGEPAGE, VM_NOHUGEPAGE] : [VM_NOHUGEPAGE, VM_HUGEPAGE];
    const flags = withFlags(withoutFlags(v.flags, clear), set);
    // madvise_update_vma: flags already as asked change nothing, split nothing.
    if (flags !== v.flags) modifyFlags(tx, i, start, end, flags);
    return null;
  };
}
