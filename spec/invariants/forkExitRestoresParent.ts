// A fork child's exit leaves its parent as the parent was (kernel/exit.c:exit_mm puts the
// child's own mm; mm/mmap.c:exit_mmap tears down that mm only): after the trace's `exit`, the
// process stack is one shorter and every process left (the parent that runs again, and any
// outer one) has the VMAs, PTEs, def_flags, locked_vm and lock of the rest it had before.
// What the child's pages become is pageMapCountExact's and the page-level properties'.

import type { TransitionInvariant } from './specInvariant.js';
import { sameProcess } from './_internals/mmFacts.js';

export const forkExitRestoresParent: TransitionInvariant = {
  kind: 'transition',
  calls: ['exit'],
  name: 'forkExitRestoresParent',
  source: 'kernel/exit.c:exit_mm; mm/mmap.c:exit_mmap',
  holds: ({ before, call, after }) => {
    if (call.call !== 'exit') return true;
    if (after.procs.length !== before.procs.length - 1) return false;
    return after.procs.every((mm, i) => {
      const was = before.procs[i];
      return was !== undefined && sameProcess(was, mm);
    });
  },
  // The parent's state is no single observable after the block: in words.
  restate: () => ({
    checks: [],
    notes: ['after the child exits, the parent must run again with its regions as they were'],
  }),
};
