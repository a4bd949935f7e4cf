// Two ONFAULT flags for mlockall (the July 2015 mlock2 thread): MCL_ONFAULT modifies
// MCL_CURRENT only, and a second flag MCL_FUTURE_ONFAULT modifies MCL_FUTURE only, so that
// "lock what is there on fault, and lock future mappings fully" is one call. The rest of
// apply_mlockall_flags stays as merged (MCL_CURRENT still cancels MCL_FUTURE).
//
// NOTE: no value was proposed for the second flag; 8 is the next free MCL_ bit.

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import { MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT } from '../src/uapi/constants.js';
import {
  VM_LOCKED,
  VM_LOCKED_MASK,
  vmFlags,
  withFlags,
  withoutFlags,
} from '../src/uapi/vmFlags.js';

export const MCL_FUTURE_ONFAULT = 8;

export const proposalMlockallTwoOnfault = extend(linux618, {
  name: 'proposal-mlockall-two-onfault',
  description:
    'Linux 6.18 with MCL_ONFAULT for current mappings only and MCL_FUTURE_ONFAULT (8, free ' +
    'bit) for future ones',
  provenance:
    'the mlockall/def_flags discussion of the mlock2 series, July 2015 ([PATCH V4 0/6] ' +
    '<1437508781-28655-1-git-send-email-emunson@akamai.com>); b0f205c2a308 records the one-flag ' +
    'design that merged',
  constants: [{ name: 'MCL_FUTURE_ONFAULT', value: BigInt(MCL_FUTURE_ONFAULT), since: 'proposal' }],
  decisions: {
    // Each modifier needs the flag it modifies.
    mlockallFlagsValid: (f) =>
      f !== 0 &&
      !(f & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT | MCL_FUTURE_ONFAULT)) &&
      (!(f & MCL_ONFAULT) || (f & MCL_CURRENT) !== 0) &&
      (!(f & MCL_FUTURE_ONFAULT) || (f & MCL_FUTURE) !== 0),
    mlockallDefFlags: (defFlags, mcl) => {
      const f = withoutFlags(defFlags, VM_LOCKED_MASK);
      if (!(mcl & MCL_FUTURE)) return f;
      return withFlags(f, mcl & MCL_FUTURE_ONFAULT ? VM_LOCKED_MASK : VM_LOCKED);
    },
    mlockallVmaLockBits: (mcl) => {
      if (!(mcl & MCL_CURRENT)) return mcl & MCL_FUTURE ? null : vmFlags(0);
      return mcl & MCL_ONFAULT ? VM_LOCKED_MASK : VM_LOCKED;
    },
  },
});
