// fork(2) for a trace's `fork { ... }` block (kernel/fork.c:dup_mmap), and the child's exit at
// the end of the block (mm/mmap.c:exit_mmap).

import { exitMmap } from './exitMmap.js';
import { zapFinish } from './mlockBatch.js';
import { mapPages } from './pages.js';
import { PteRuns } from './pteRuns.js';
import { type Mm, type Vma, vmaWith, newMm } from './state.js';
import type { Tx } from './tx.js';
import { childPageTables, notePageTables } from './pageTables.js';
import {
  VM_DONTCOPY,
  VM_MIXEDMAP,
  VM_PFNMAP,
  VM_WIPEONFORK,
  hasAny,
  vmFlags,
} from '../uapi/vmFlags.js';

/**
 * Whether fork copies a VMA's page tables: only where the kernel must (mm/memory.c:
 * vma_needs_copy: an anon_vma, or a PFN/mixed map; never with VM_WIPEONFORK). Elsewhere the
 * child faults the pages in again, so a shared file mapping starts empty in the child.
 */
function copiesPtes(v: Vma): boolean {
  return (
    !hasAny(v.flags, VM_WIPEONFORK) &&
    (v.anonVma !== 0 || hasAny(v.flags, vmFlags(VM_PFNMAP | VM_MIXEDMAP)))
  );
}

/** The child's copy of a VMA. */
function childVma(tx: Tx, v: Vma): Vma {
  const flags = tx.model.decisions.forkVmaFlags(v.flags);
  const wipe = hasAny(v.flags, VM_WIPEONFORK);
  const ptes = copiesPtes(v) ? v.ptes : PteRuns.none(v.ptes.length);
  ptes.forEachRun(0, ptes.length, (_index, len, pte) => {
    if (pte > 0) mapPages(tx, pte, len, flags);
  });
  // kernel/fork.c:dup_mmap -> anon_vma_fork: a new anon_vma chained to the parent's.
  const anonVma = wipe || v.anonVma === 0 ? 0 : tx.newAnonVma();
  return vmaWith(v, v.start, v.end, flags, v.pgoff, ptes, anonVma, !wipe && v.anonVma !== 0);
}

export function forkEnter(tx: Tx): void {
  notePageTables(tx);
  const parent = tx.currentAsMm();
  const copied = parent.vmas.filter((v) => !hasAny(v.flags, VM_DONTCOPY));
  const vmas = copied.map((v) => childVma(tx, v));
  const child: Mm = newMm(
    vmas,
    tx.model.decisions.forkDefFlags(parent.defFlags),
    0,
    parent.rlimitMemlock,
    parent.capIpcLock,
    parent.otherPages,
    vmFlags(0),
    parent.fds,
    childPageTables(parent, copied.filter(copiesPtes)),
    parent.brkArea,
    parent.rlimitData,
    parent.thp,
    parent.hugePmds,
  );
  tx.setParents([...tx.parents(), parent]);
  tx.switchTo(child);
}

/** The child exits: every mapping goes (munlocking its pages); the parent runs again. */
export function forkExit(tx: Tx): void {
  // mm/mmap.c:exit_mmap does not drain the mlock batch on 6.18: the munlocks its zap queues
  // stay pending, on this CPU, until something drains it (6.12's tlb_finish_mmu does).
  exitMmap(tx);
  // The child's own program pages are always gathered by exit_mmap's zap.
  zapFinish(tx, true);
  const parents = tx.parents().slice();
  const parent = parents.pop();
  if (parent === undefined) throw new Error('forkExit: not inside a fork block');
  tx.setParents(parents);
  tx.switchTo(parent);
}
