// Linux 3.8: mlockall still wrote def_flags whole, so it cleared every other bit there (the
// VM_NOHUGEPAGE that s390 KVM sets) along with VM_LOCKED.

import { linux43 } from './linux-4.3.js';
import { extend } from '../src/kernel/model.js';
import { MCL_FUTURE } from '../src/uapi/constants.js';
import { VM_LOCKED, vmFlags } from '../src/uapi/vmFlags.js';

export const linux38 = extend(linux43, {
  name: 'linux-3.8',
  description:
    'Linux 3.8: mlockall and munlockall set def_flags to VM_LOCKED or 0, clobbering every ' +
    'other def_flags bit',
  provenance:
    'torvalds/linux v3.8 mm/mlock.c:do_mlockall; fixed for 3.9 by "mm: make mlockall preserve ' +
    'flags other than VM_LOCKED in def_flags" (Michel Lespinasse, ' +
    '<1356050997-2688-2-git-send-email-walken@google.com>, Dec 2012)',
  decisions: {
    // do_mlockall (3.8): def_flags = 0, then VM_LOCKED for MCL_FUTURE; nothing else survives.
    mlockallDefFlags: (_defFlags, mcl) => vmFlags(mcl & MCL_FUTURE ? VM_LOCKED : 0),
    // munlockall was do_mlockall(0): def_flags = 0.
    munlockallDefFlags: () => vmFlags(0),
    // 3.8 populates mmap's MAP_POPULATE/MAP_LOCKED (make_pages_present, mlock_vma_pages_range
    // in mmap_region), brk's and mremap's locked growth under the write lock; only mlock and
    // mlockall drop it first (do_mlock_pages, "mlock: do not hold mmap_sem for extended
    // periods of time", Michel Lespinasse, 2.6.38). 3.9 moved the rest to mm_populate.
    populatesAfterUnlock: (caller) => caller === 'mlock' || caller === 'mlockall',
  },
});
