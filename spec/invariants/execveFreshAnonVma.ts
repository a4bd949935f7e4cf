// execve's new image starts from no fork (fs/exec.c:exec_mmap with a new mm from mm_alloc): the
// counterpart of forkChildAnonVma. None of the new mm's VMAs shares an anon_vma with the old
// mm, and none has an anon_vma chained to a parent's (the model's anonVmaForked: the old image
// may have been a fork child, the new one is not), so the new heap merges with a neighbour
// like any fresh VMA (mm/vma.c:is_mergeable_anon_vma); the heap has one, as the first image's.
// The checker stores the state after execve without the new image's mappings
// (src/check/kernelSystem.ts withoutProgramImage) but shows transition properties the whole
// state the model returned (BoundedState.judged).

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';

export const execveFreshAnonVma: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['execve'],
  name: 'execveFreshAnonVma',
  source: 'fs/exec.c:exec_mmap; kernel/fork.c:mm_alloc; mm/rmap.c:anon_vma_prepare',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'execve' || result.kind !== 'value') return true;
    const old = new Set(
      currentMm(before)
        .vmas.map((v) => v.anonVma)
        .filter((a) => a !== 0),
    );
    return currentMm(after).vmas.every(
      (v) =>
        !v.anonVmaForked &&
        !old.has(v.anonVma) &&
        // The program's libc writes its heap before the executor answers (malloc), so the new
        // heap has had an anon_vma prepared for it (mm/rmap.c:__anon_vma_prepare).
        (v.name !== '[heap]' || v.anonVma > 0),
    );
  },
  // No observable shows an anon_vma: in words.
  restate: () => ({
    checks: [],
    notes: [
      'no VMA of the new image may share an anon_vma with the old image or inherit one; its heap has one',
    ],
  }),
};
