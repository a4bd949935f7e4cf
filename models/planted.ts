// Models that exist only to show the checks can fail (like DieHard.cfg, which expects a
// counterexample): each plants one wrong decision in Linux 6.18.

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import type { KernelModel } from '../src/kernel/model.js';
import { FOLL_MLOCK, FOLL_POPULATE, gupFlags } from '../src/kernel/gup.js';
import {
  MADV_POPULATE_WRITE,
  MCL_CURRENT,
  MCL_FUTURE,
  MCL_ONFAULT,
} from '../src/uapi/constants.js';
import { vmFlags } from '../src/uapi/vmFlags.js';
import { PLANTED_PROMISES } from './plantedPromises.js';

/** mlockall(MCL_CURRENT) keeps MCL_FUTURE: apply_mlockall_flags without its first clearing. */
export const plantedMclCurrentKeepsFuture: KernelModel = extend(linux618, {
  name: 'planted:mcl-current-keeps-future',
  description:
    'Linux 6.18, except that mlockall(MCL_CURRENT) leaves the def_flags lock bits as they were',
  provenance: 'planted for proofs/claims.ts: the mutation the statechart bridge must catch',
  decisions: {
    mlockallDefFlags: (defFlags, mcl) =>
      mcl === MCL_CURRENT ? defFlags : linux618.decisions.mlockallDefFlags(defFlags, mcl),
  },
});

/**
 * (a) The 4.4-era MAP_POPULATE bug: populate_vma_page_range asks for FOLL_TOUCH|FOLL_MLOCK
 * without FOLL_POPULATE for every VMA, so faultin_page, seeing FOLL_MLOCK without
 * FOLL_POPULATE, skips each missing page (mm/gup.c, 4.4-5.17): MAP_POPULATE and mlock
 * populate nothing.
 */
export const plantedMapPopulateFoll: KernelModel = extend(linux618, {
  name: 'planted:map-populate-foll',
  description: 'Linux 6.18, except that population asks for FOLL_MLOCK without FOLL_POPULATE',
  provenance:
    'planted for proofs/claims.ts: mm/gup.c populate_vma_page_range as 4.4 wrote it, FOLL_POPULATE dropped',
  decisions: {
    populateGupFlags: (f) => {
      const g = linux618.decisions.populateGupFlags(f);
      return g === null ? null : gupFlags((g & ~FOLL_POPULATE) | FOLL_MLOCK);
    },
  },
});

/** (b) An mlockall that clears every def_flags bit, not just VM_LOCKED|VM_LOCKONFAULT. */
export const plantedMlockallClearsDefFlags: KernelModel = extend(linux618, {
  name: 'planted:mlockall-clears-def-flags',
  description:
    'Linux 6.18, except that mlockall clears all of def_flags before MCL_FUTURE sets the lock bits',
  provenance:
    'planted for proofs/claims.ts: apply_mlockall_flags with def_flags = 0 instead of &= ~VM_LOCKED_MASK',
  decisions: {
    mlockallDefFlags: (_defFlags, mcl) => linux618.decisions.mlockallDefFlags(vmFlags(0), mcl),
  },
});

/** (c) An mlockall(MCL_FUTURE) that unlocks the VMAs already there. */
export const plantedMclFutureUnlocks: KernelModel = extend(linux618, {
  name: 'planted:mcl-future-unlocks',
  description:
    'Linux 6.18, except that mlockall(MCL_FUTURE) alone clears the lock bits of every VMA',
  provenance:
    'planted for proofs/claims.ts: apply_mlockall_flags without its early return for MCL_FUTURE',
  decisions: {
    mlockallVmaLockBits: (mcl) =>
      mcl & MCL_FUTURE && !(mcl & MCL_CURRENT)
        ? vmFlags(0)
        : linux618.decisions.mlockallVmaLockBits(mcl),
  },
});

/** A wrong RLIMIT_MEMLOCK credit: do_mlock credits the whole range, not what is locked in it. */
export const plantedRlimitWholeCredit: KernelModel = extend(linux618, {
  name: 'planted:rlimit-whole-credit',
  description:
    'Linux 6.18, except that the mlock limit check credits the whole range as if already locked',
  provenance: 'planted for issue 14: do_mlock with count_mm_mlocked_page_nr replaced by the length',
  decisions: {
    mlockLimitOk: (c) => c.capIpcLock || c.lockedVm <= c.limitPages,
  },
});

/** A relock charged twice: do_mlock without the credit of pages already locked (pre-4.9). */
export const plantedRelockCharged: KernelModel = extend(linux618, {
  name: 'planted:relock-charged',
  description:
    'Linux 6.18, except that the mlock limit check charges pages already in VM_LOCKED VMAs again',
  provenance: 'planted for issue 14: do_mlock as before 4.9 (commit 0cf2f6f6dc60), no credit',
  decisions: {
    mlockLimitOk: (c) => c.capIpcLock || c.lockedVm + c.lenPages <= c.limitPages,
  },
});

/**
 * An ENOMEM for a fully mapped range: do_mlock's limit test off by one (`<` for `<=`), so
 * locking exactly up to RLIMIT_MEMLOCK is refused.
 */
export const plantedLimitOffByOne: KernelModel = extend(linux618, {
  name: 'planted:limit-off-by-one',
  description: 'Linux 6.18, except that mlock refuses to lock exactly up to RLIMIT_MEMLOCK',
  provenance: 'planted for issue 14: do_mlock comparing locked + len < lock_limit',
  decisions: {
    mlockLimitOk: (c) => c.capIpcLock || c.lockedVm + c.lenPages - c.alreadyLocked < c.limitPages,
  },
});

/**
 * An EINVAL where the page says EFAULT: madvise_behavior_valid that forgot
 * MADV_POPULATE_WRITE, so the advice is refused whatever the range (madvise.2: EFAULT where
 * an access would fault, success where none would).
 */
export const plantedPopulateWriteUnknown: KernelModel = extend(linux618, {
  name: 'planted:populate-write-unknown',
  description: 'Linux 6.18, except that madvise refuses MADV_POPULATE_WRITE with EINVAL',
  provenance:
    'planted for issue 14: mm/madvise.c madvise_behavior_valid without its MADV_POPULATE_WRITE case',
  decisions: {
    madviseBehaviorValid: (advice) =>
      advice !== MADV_POPULATE_WRITE && linux618.decisions.madviseBehaviorValid(advice),
  },
});

/**
 * An mlockall that changes state before failing: apply_mlockall_flags run before the
 * MCL_CURRENT RLIMIT_MEMLOCK check, so a refused mlockall has already set def_flags and the
 * lock bits of every VMA.
 */
export const plantedMlockallLimitLate: KernelModel = extend(linux618, {
  name: 'planted:mlockall-limit-late',
  description: 'Linux 6.18, except that mlockall checks RLIMIT_MEMLOCK after applying the flags',
  provenance: 'planted for issue 14: SYSCALL mlockall with the lock_limit test moved last',
  decisions: { mlockallLimitFirst: false },
});

/**
 * smaps without `lf`: show_smap_vma_flags missing its VM_LOCKONFAULT entry (as before 6.2),
 * planted into 6.18. NOTE: the decision point filters what smaps prints, so a model cannot
 * print a mnemonic the kernel does not define; the property checks that half all the same.
 */
export const plantedSmapsHidesLf: KernelModel = extend(linux618, {
  name: 'planted:smaps-hides-lf',
  description: 'Linux 6.18, except that smaps does not print lf for VM_LOCKONFAULT',
  provenance: 'planted for issue 14: fs/proc/task_mmu.c mnemonics without the lf line',
  decisions: { smapsShowsMnemonic: (m) => m !== 'lf' },
});

/**
 * mlockall(MCL_CURRENT|MCL_ONFAULT) that forgets MCL_ONFAULT for the VMAs already mapped:
 * apply_mlockall_flags computing the VMAs' bits without its VM_LOCKONFAULT line (the MCL_FUTURE
 * half in def_flags keeps it), so existing VMAs end VM_LOCKED alone and are populated whole.
 */
export const plantedMlockallOnfaultDropped: KernelModel = extend(linux618, {
  name: 'planted:mlockall-onfault-dropped',
  description:
    'Linux 6.18, except that mlockall(MCL_CURRENT|MCL_ONFAULT) gives existing VMAs VM_LOCKED without VM_LOCKONFAULT',
  provenance: 'planted for issue 14: apply_mlockall_flags without MCL_ONFAULT in the VMA bits',
  decisions: {
    mlockallVmaLockBits: (mcl) => linux618.decisions.mlockallVmaLockBits(mcl & ~MCL_ONFAULT),
  },
});

/**
 * mlockall validation that reads "MCL_ONFAULT must come with MCL_CURRENT" into mlock.2's
 * "together with MCL_CURRENT, MCL_FUTURE, or both": MCL_FUTURE|MCL_ONFAULT refused with EINVAL.
 */
export const plantedMlockallFutureOnfaultEinval: KernelModel = extend(linux618, {
  name: 'planted:mlockall-future-onfault-einval',
  description: 'Linux 6.18, except that mlockall(MCL_FUTURE|MCL_ONFAULT) is refused with EINVAL',
  provenance:
    'planted for issue 14: SYSCALL mlockall checking MCL_ONFAULT against MCL_CURRENT only',
  decisions: {
    mlockallFlagsValid: (f) =>
      linux618.decisions.mlockallFlagsValid(f) && !(f & MCL_ONFAULT && !(f & MCL_CURRENT)),
  },
});

/** Every planted model, for `--model planted:NAME` (listed by `mmspec models` as planted). */
export const PLANTED: readonly KernelModel[] = [
  plantedMclCurrentKeepsFuture,
  plantedMapPopulateFoll,
  plantedMlockallClearsDefFlags,
  plantedMclFutureUnlocks,
  plantedRlimitWholeCredit,
  plantedRelockCharged,
  plantedLimitOffByOne,
  plantedPopulateWriteUnknown,
  plantedMlockallLimitLate,
  plantedSmapsHidesLf,
  plantedMlockallOnfaultDropped,
  plantedMlockallFutureOnfaultEinval,
  ...PLANTED_PROMISES,
];
