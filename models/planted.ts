// Models that exist only to show the checks can fail (like DieHard.cfg, which expects a
// counterexample): each plants one wrong decision in Linux 6.18.

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import type { KernelModel } from '../src/kernel/model.js';
import { FOLL_MLOCK, FOLL_POPULATE, gupFlags } from '../src/kernel/gup.js';
import { MCL_CURRENT, MCL_FUTURE } from '../src/uapi/constants.js';
import { vmFlags } from '../src/uapi/vmFlags.js';

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

/** Every planted model, for `--model planted:NAME` (listed by `mmspec models` as planted). */
export const PLANTED: readonly KernelModel[] = [
  plantedMclCurrentKeepsFuture,
  plantedMapPopulateFoll,
  plantedMlockallClearsDefFlags,
  plantedMclFutureUnlocks,
  plantedRlimitWholeCredit,
  plantedRelockCharged,
];
