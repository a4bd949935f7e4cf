// Guard regions (mm/madvise.c:madvise_guard_install/remove, 6.13): markers in page tables
// that make any access fault with SIGSEGV and stop GUP, so mlock over one fails with ENOMEM
// once it has populated the pages before it.

import { prepareAnonVma } from './fault.js';
import { unmapPtes } from './pages.js';
import { PTE_GUARD, PTE_NONE, vmaWithPtes } from './state.js';
import type { Tx } from './tx.js';
import { replaceVma } from './vmaList.js';
import { VM_HUGETLB, VM_LOCKED, VM_SPECIAL, hasAny, vmFlags } from '../uapi/vmFlags.js';

/** madvise_guard_install: not on special, hugetlb or locked VMAs; present pages are zapped. */
export function guardInstall(tx: Tx, i: number, start: number, end: number): 'EINVAL' | null {
  const v0 = tx.mm.vmas[i];
  // Stryker disable next-line StringLiteral: madvise's walk passes only indices of VMAs it has read
  if (v0 === undefined) return 'EINVAL';
  if (hasAny(v0.flags, vmFlags(VM_SPECIAL | VM_HUGETLB | VM_LOCKED))) return 'EINVAL';
  // The markers live in page tables fork must copy: the VMA gets an anon_vma.
  const v = prepareAnonVma(tx, i);
  v.ptes.forEachRun(start - v.start, end - v.start, (_index, len, pte) =>
    unmapPtes(tx, pte, len, v.flags),
  );
  replaceVma(tx, i, vmaWithPtes(v, v.ptes.with(start - v.start, end - v.start, PTE_GUARD)));
  return null;
}

/** madvise_guard_remove: allowed on locked VMAs too; only markers are cleared. */
export function guardRemove(tx: Tx, i: number, start: number, end: number): 'EINVAL' | null {
  const v = tx.mm.vmas[i];
  if (v === undefined || hasAny(v.flags, vmFlags(VM_SPECIAL | VM_HUGETLB))) return 'EINVAL';
  let ptes = v.ptes;
  v.ptes.forEachRun(start - v.start, end - v.start, (index, len, pte) => {
    if (pte === PTE_GUARD) ptes = ptes.with(index, index + len, PTE_NONE);
  });
  replaceVma(tx, i, vmaWithPtes(v, ptes));
  return null;
}
