// The pairs a fork makes: each VMA of the child with the parent's VMA of the same extent, which
// dup_mmap copied it from (kernel/fork.c). The fork properties judge each pair; a child's VMA
// the parent had not is forkChildInherits' to judge, so it has no pair here.

import type { KernelState, Vma } from '../../../src/kernel/state.js';

/**
 * Whether `judge` holds of every (parent's VMA, child's copy) of a fork from `before` to
 * `after`; false when the fork left no parent or no child to compare.
 */
export function everyForkedVma(
  before: KernelState,
  after: KernelState,
  judge: (parent: Vma, child: Vma) => boolean,
): boolean {
  const parent = before.procs[before.procs.length - 1];
  const child = after.procs[after.procs.length - 1];
  if (parent === undefined || child === undefined) return false;
  return child.vmas.every((c) => {
    const p = parent.vmas.find((v) => v.start === c.start && v.end === c.end);
    return p === undefined || judge(p, c);
  });
}
