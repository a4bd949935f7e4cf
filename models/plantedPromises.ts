// Planted models for the promises of issue 14 that came from the mutation survivors
// (spec/findings/mutation.md): each plants one wrong decision in Linux 6.18 that one of the
// new properties (lockLimitExact, forkChildInherits, execveResets) reports against linux-6.18.

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import type { KernelModel } from '../src/kernel/model.js';
import { VM_LOCKED, withoutFlags } from '../src/uapi/vmFlags.js';

/**
 * mlock_future_ok off by one (`<` for `<=`): a MAP_LOCKED mapping, a locked mremap growth or
 * secretmem that would bring locked_vm exactly to RLIMIT_MEMLOCK is refused with EAGAIN.
 */
export const plantedFutureLimitOffByOne: KernelModel = extend(linux618, {
  name: 'planted:future-limit-off-by-one',
  description:
    'Linux 6.18, except that MAP_LOCKED and mremap refuse to lock exactly up to RLIMIT_MEMLOCK',
  provenance: 'planted for issue 14 (lockLimitExact): mm/mmap.c mlock_future_ok comparing with <',
  decisions: {
    futureLimitOk: (c) =>
      linux618.decisions.futureLimitOk(c) &&
      (c.capIpcLock || c.lockedVm + c.lenPages < c.limitPages),
  },
});

/**
 * dup_mmap clearing VM_LOCKED but not VM_LOCKONFAULT (the mask VM_LOCKONFAULT's 4.4 series had
 * to widen): a child of a process that mlock2(MLOCK_ONFAULT)ed keeps a stray VM_LOCKONFAULT.
 */
export const plantedForkKeepsLockonfault: KernelModel = extend(linux618, {
  name: 'planted:fork-keeps-lockonfault',
  description: "Linux 6.18, except that a fork child's VMAs keep VM_LOCKONFAULT",
  provenance:
    'planted for issue 14 (forkChildInherits): kernel/fork.c dup_mmap clearing VM_LOCKED only',
  decisions: { forkVmaFlags: (f) => withoutFlags(f, VM_LOCKED) },
});

/**
 * mm_init copying def_flags whole: MCL_FUTURE's lock bits survive fork and execve, so the
 * new image locks every mapping it makes (mlockall.2: not preserved across execve).
 */
export const plantedMmInitKeepsMclFuture: KernelModel = extend(linux618, {
  name: 'planted:mm-init-keeps-mcl-future',
  description: 'Linux 6.18, except that fork and execve keep the def_flags lock bits',
  provenance: 'planted for issue 14 (execveResets): kernel/fork.c mm_init without VM_INIT_DEF_MASK',
  decisions: { forkDefFlags: (f) => f },
});

export const PLANTED_PROMISES: readonly KernelModel[] = [
  plantedFutureLimitOffByOne,
  plantedForkKeepsLockonfault,
  plantedMmInitKeepsMclFuture,
];
