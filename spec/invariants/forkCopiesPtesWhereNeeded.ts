// fork copies the page tables of a VMA only where it must (kernel/fork.c:dup_mmap ->
// mm/memory.c:copy_page_range, vma_needs_copy: a VMA with an anon_vma, or a PFN or mixed map;
// never a VM_WIPEONFORK one): there the child's PTEs are the parent's (the same pages,
// COW-shared), elsewhere the child starts with no page present and faults them in on demand.
// Verified on the host: spec/litmus/fork+MAP_SHARED+mlock.mmt (a shared mapping's page reads
// "." in the child). What the child reads is forkChildReadsParentData's; a guard marker is
// guard.ts's business and is not judged.

import { PTE_GUARD } from '../../src/kernel/state.js';
import type { Vma } from '../../src/kernel/state.js';
import { VM_MIXEDMAP, VM_PFNMAP, VM_WIPEONFORK, hasAny, vmFlags } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { everyForkedVma } from './_internals/forkedVmas.js';

const needsCopy = (p: Vma): boolean =>
  !hasAny(p.flags, VM_WIPEONFORK) &&
  (p.anonVma !== 0 || hasAny(p.flags, vmFlags(VM_PFNMAP | VM_MIXEDMAP)));

/** Whether the child's copy `c` of `p` has the parent's PTEs, or none present, as it should. */
function copiedAsNeeded(p: Vma, c: Vma): boolean {
  const copy = needsCopy(p);
  for (let i = 0; i < c.ptes.length; i++) {
    const pte = c.ptes.at(i);
    if (pte === PTE_GUARD) continue;
    if (copy ? pte !== p.ptes.at(i) : pte > 0) return false;
  }
  return true;
}

export const forkCopiesPtesWhereNeeded: TransitionInvariant = {
  kind: 'transition',
  calls: ['fork'],
  name: 'forkCopiesPtesWhereNeeded',
  source: 'kernel/fork.c:dup_mmap; mm/memory.c:vma_needs_copy, copy_page_range',
  holds: ({ before, call, after }) => {
    if (call.call !== 'fork') return true;
    return everyForkedVma(before, after, copiedAsNeeded);
  },
  // Each region page the parent maps without an anon_vma reads as not present in the child.
  restate: () => ({
    checks: [],
    notes: [
      "the child must have the parent's PTEs where the VMA has an anon_vma (or is a PFN or",
      'mixed map), and no page present elsewhere',
    ],
  }),
};
