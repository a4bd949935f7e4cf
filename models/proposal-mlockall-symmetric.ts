// mlockall made symmetric ("restore some sanity", the July 2015 thread): MCL_FUTURE alone
// leaves the VMAs as they are, and now MCL_CURRENT alone leaves def_flags as they are, so
// mlockall(MCL_CURRENT|MCL_ONFAULT) and mlockall(MCL_FUTURE) commute. munlockall still clears
// both.

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import { MCL_FUTURE } from '../src/uapi/constants.js';

export const proposalMlockallSymmetric = extend(linux618, {
  name: 'proposal-mlockall-symmetric',
  description:
    'Linux 6.18 except that mlockall without MCL_FUTURE leaves def_flags alone (MCL_CURRENT no ' +
    'longer cancels an earlier MCL_FUTURE)',
  provenance:
    'the mlockall/def_flags discussion of the mlock2 series, July 2015 ([PATCH V4 0/6] ' +
    '<1437508781-28655-1-git-send-email-emunson@akamai.com>); b0f205c2a308 kept the clearing',
  decisions: {
    mlockallDefFlags: (defFlags, mcl) =>
      mcl & MCL_FUTURE ? linux618.decisions.mlockallDefFlags(defFlags, mcl) : defFlags,
  },
});
