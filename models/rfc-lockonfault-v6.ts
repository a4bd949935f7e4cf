// The VM_LOCKONFAULT V6 patch as posted (July 2015), with the MAP_POPULATE regression a
// reviewer found by reading it: population asked FOLL_TOUCH|FOLL_MLOCK and added FOLL_POPULATE
// only for VM_LOCKED without VM_LOCKONFAULT, and faultin_page returned -ENOENT for FOLL_MLOCK
// without FOLL_POPULATE — so a VMA that is not VM_LOCKED was never faulted in.

import { linux44 } from './linux-4.4.js';
import { extend } from '../src/kernel/model.js';
import {
  FOLL_FORCE,
  FOLL_MLOCK,
  FOLL_POPULATE,
  FOLL_TOUCH,
  FOLL_WRITE,
} from '../src/kernel/gup.js';
import { gupFlags } from '../src/kernel/gup.js';
import { VM_ACCESS_FLAGS, VM_LOCKED, VM_LOCKED_MASK, VM_SHARED } from '../src/uapi/vmFlags.js';
import { VM_WRITE, hasAny, maskFlags, vmFlags } from '../src/uapi/vmFlags.js';

export const rfcLockonfaultV6 = extend(linux44, {
  name: 'rfc-lockonfault-v6',
  description:
    'The V6 VM_LOCKONFAULT patch: FOLL_POPULATE only for VM_LOCKED without VM_LOCKONFAULT, ' +
    'so MAP_POPULATE without MAP_LOCKED populates nothing',
  provenance:
    '[PATCH V6 3/6] mm: Introduce VM_LOCKONFAULT <1438184575-10537-4-git-send-email-emunson@akamai.com> ' +
    '(Eric B Munson, 29 Jul 2015); the regression found by Vlastimil Babka in ' +
    '<55C37E62.6020909@suse.cz>',
  decisions: {
    populateGupFlags: (f) => {
      const write = maskFlags(f, vmFlags(VM_WRITE | VM_SHARED)) === VM_WRITE;
      let g = FOLL_TOUCH | FOLL_MLOCK;
      if (maskFlags(f, VM_LOCKED_MASK) === VM_LOCKED) g |= FOLL_POPULATE;
      if (write) g |= FOLL_WRITE;
      if (hasAny(f, VM_ACCESS_FLAGS)) g |= FOLL_FORCE;
      return gupFlags(g);
    },
  },
});
