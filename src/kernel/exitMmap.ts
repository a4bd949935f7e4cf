// mm/mmap.c:exit_mmap's teardown of a process's mappings: a fork child's exit (fork.ts) and
// execve's release of the old image (execve.ts) run the same kernel path.

import { floodBatch } from './mlockBatch.js';
import { unmapPtes } from './pages.js';
import type { Tx } from './tx.js';
import { VM_LOCKED, hasAny } from '../uapi/vmFlags.js';

/** Every mapping of the current process goes, munlocking its pages; the list ends empty. */
export function exitMmap(tx: Tx): void {
  // Before 5.18 exit_mmap first munlocks the VM_LOCKED VMAs one after another, and
  // munlock_vma_pages_all clears a VMA's VM_LOCKED before its walk: the rmap walk
  // (try_to_munlock) that keeps a page mlocked finds only the VMAs not done yet. So each VMA
  // leaves the list once its pages are gone (litmus fork+MAP_LOCKED_twice+exit on the 5.10
  // guest: a file page two locked mappings of the child share is munlocked at its exit).
  for (let v = tx.mm.vmas[0]; v !== undefined; v = tx.mm.vmas[0]) {
    v.ptes.forEachRun(0, v.ptes.length, (_index, len, pte) => unmapPtes(tx, pte, len, v.flags));
    tx.mm.vmas.shift();
  }
  // A process that mlocked its own program (mlockall) munlocks all of it: how many entries
  // that pushes through the batch the model cannot know (floodBatch).
  if (hasAny(tx.mm.otherLock, VM_LOCKED)) floodBatch(tx);
}
