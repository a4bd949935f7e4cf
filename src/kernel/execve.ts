// execve(2) of the same program (fs/exec.c:begin_new_exec -> exec_mmap): the process gets a
// new mm from mm_alloc and the old one is torn down (mm/mmap.c:exit_mmap). What survives is
// what lives outside the mm: rlimits, credentials, descriptors without close-on-exec.

import { programImage } from './initialState.js';
import { exitMmap } from './exitMmap.js';
import { lruAddDrain } from './mlockBatch.js';
import type { Mm } from './state.js';
import type { Tx } from './tx.js';

export function sysExecve(tx: Tx): void {
  const old = tx.currentAsMm();
  // exit_mmap of the old mm: every page unmapped, munlocked if its VMA was locked; locked_vm
  // goes with the mm.
  exitMmap(tx);
  const fresh: Mm = {
    ...old,
    // The new image's heap is its own: an anon_vma that came from no fork.
    ...programImage(tx.model.decisions.vdsoDataVmFlags, {
      anonVma: tx.newAnonVma(),
      forked: false,
    }),
    // kernel/fork.c:mm_init, reached through mm_alloc while current->mm is still the old mm:
    // def_flags keeps only VM_INIT_DEF_MASK, so MCL_FUTURE's lock bits are gone (semantics 8, 20).
    defFlags: tx.model.decisions.forkDefFlags(old.defFlags),
    // Regular files come from tmpfile(), opened O_CLOEXEC; memfd_secret's descriptor is not.
    fds: new Map([...old.fds].filter(([, file]) => tx.file(file).kind !== 'regular')),
  };
  tx.switchTo(fresh);
  // NOTE: loading the new image maps and unmaps memory of its own (the executor drains the
  // batch explicitly before it answers), so the munlocks exit_mmap queued are processed here.
  lruAddDrain(tx);
}
