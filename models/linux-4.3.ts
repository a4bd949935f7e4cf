// Linux 4.3: the kernel before lock-on-fault. No mlock2 system call, no MCL_ONFAULT, no
// VM_LOCKONFAULT; population asks FOLL_TOUCH|FOLL_POPULATE and faults everything in.

import { linux44 } from './linux-4.4.js';
import { extend } from '../src/kernel/model.js';
import { FOLL_FORCE, FOLL_POPULATE, FOLL_TOUCH, FOLL_WRITE, gupFlags } from '../src/kernel/gup.js';
import { MCL_CURRENT, MCL_FUTURE } from '../src/uapi/constants.js';
import { VM_ACCESS_FLAGS, VM_SHARED, VM_WRITE, hasAny, maskFlags } from '../src/uapi/vmFlags.js';
import { vmFlags } from '../src/uapi/vmFlags.js';

export const linux43 = extend(linux44, {
  name: 'linux-4.3',
  description:
    'Linux 4.3: before lock-on-fault (mlock2 is ENOSYS, MCL_ONFAULT is EINVAL); population ' +
    'faults every page in',
  provenance:
    'torvalds/linux v4.3 (mm/mlock.c, mm/gup.c as of 4.1-4.3: FOLL_MLOCK renamed FOLL_POPULATE ' +
    'in 4.1); lock-on-fault arrived in 4.4 with a8ca5d0ecbdd and b0f205c2a308',
  decisions: {
    mlock2LockBits: () => 'ENOSYS',
    // mm/mlock.c:SYSCALL mlockall (4.3): any bit but MCL_CURRENT|MCL_FUTURE is EINVAL.
    mlockallFlagsValid: (flags) => flags !== 0 && !(flags & ~(MCL_CURRENT | MCL_FUTURE)),
    populateGupFlags: (f) => {
      const write = maskFlags(f, vmFlags(VM_WRITE | VM_SHARED)) === VM_WRITE;
      return gupFlags(
        FOLL_TOUCH |
          FOLL_POPULATE |
          (write ? FOLL_WRITE : 0) |
          (hasAny(f, VM_ACCESS_FLAGS) ? FOLL_FORCE : 0),
      );
    },
  },
});
