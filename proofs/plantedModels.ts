// Models that exist only to show the checks can fail (like DieHard.cfg, which expects a
// counterexample): each plants one wrong decision in Linux 6.18.

import { linux618 } from '../models/linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import type { KernelModel } from '../src/kernel/model.js';
import { MCL_CURRENT } from '../src/kernel/uapi.js';

/** mlockall(MCL_CURRENT) keeps MCL_FUTURE: apply_mlockall_flags without its first clearing. */
export const plantedMclCurrentKeepsFuture: KernelModel = extend(linux618, {
  name: 'planted-mcl-current-keeps-future',
  description:
    'Linux 6.18, except that mlockall(MCL_CURRENT) leaves the def_flags lock bits as they were',
  provenance: 'planted for proofs/claims.ts: the mutation the statechart bridge must catch',
  decisions: {
    mlockallDefFlags: (defFlags, mcl) =>
      mcl === MCL_CURRENT ? defFlags : linux618.decisions.mlockallDefFlags(defFlags, mcl),
  },
});

export const PLANTED_MODELS: readonly KernelModel[] = [plantedMclCurrentKeepsFuture];
