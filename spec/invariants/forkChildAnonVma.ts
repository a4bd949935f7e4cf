// Each VMA a fork child gets has an anon_vma of its own exactly where the parent's had one
// (kernel/fork.c:dup_mmap: a VM_WIPEONFORK VMA gets none, any other goes through
// mm/rmap.c:anon_vma_fork, which does nothing for a VMA without one and otherwise links the
// child's VMA to every anon_vma of the parent's chain and gives it one that is not the
// parent's: a new one, or an ancestor's no VMA uses any more, never the parent VMA's own,
// which the parent still uses). Its chain then has more than one entry, so it merges only
// with a neighbour of the same anon_vma (mm/vma.c:is_mergeable_anon_vma; litmus
// fork+mlock_split+unmerged.mmt): the model's anonVmaForked. Without an anon_vma the child's
// VMA is as fresh as any.

import type { Vma } from '../../src/kernel/state.js';
import { VM_WIPEONFORK, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { everyForkedVma } from './_internals/forkedVmas.js';

/** Whether the child's copy `c` of `p` has the anon_vma dup_mmap gives it. */
function anonVmaForked(p: Vma, c: Vma): boolean {
  if (p.anonVma === 0 || hasAny(p.flags, VM_WIPEONFORK)) return c.anonVma === 0 && !c.anonVmaForked;
  return c.anonVma !== 0 && c.anonVma !== p.anonVma && c.anonVmaForked;
}

export const forkChildAnonVma: TransitionInvariant = {
  kind: 'transition',
  calls: ['fork'],
  name: 'forkChildAnonVma',
  source: 'kernel/fork.c:dup_mmap; mm/rmap.c:anon_vma_fork',
  holds: ({ before, call, after }) => {
    if (call.call !== 'fork') return true;
    return everyForkedVma(before, after, anonVmaForked);
  },
  // No observable shows an anon_vma; what it decides (merges) shows only later: in words.
  restate: () => ({
    checks: [],
    notes: [
      "each of the child's VMAs must have an anon_vma of its own (not the parent's) exactly",
      "where the parent's had one and is not VM_WIPEONFORK, chained to the parent's",
    ],
  }),
};
