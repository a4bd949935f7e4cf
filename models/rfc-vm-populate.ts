// Linux 3.9-rc1: the series "Avoid populating unbounded num of ptes with mmap_sem held"
// (Michel Lespinasse, Dec 2012) on top of 3.8. mmap, brk and mremap populate in mm_populate
// after dropping the write lock, as mlock and mlockall already did (do_mlock_pages); mlockall
// keeps the other def_flags bits (the series' first patch); and its last patch adds VM_POPULATE:
// a VMA is marked when a call asks for it to be populated (MAP_POPULATE without MAP_NONBLOCK,
// MAP_LOCKED, mlock, mlockall's MCL_CURRENT and, through def_flags, MCL_FUTURE), and
// __mm_populate passes over every VMA without the mark. So a mapping another thread puts in
// the range while the population runs is populated only if it was asked to be.
// Reverted for 3.9-rc5 (Mar 2013): the mark only mattered for such racy programs.
//
// NOTE: VM_POPULATE is 0x1000 in the patch (include/linux/mm.h); 3.9 had no smaps VmFlags
// line and the flag was gone before one came, so it has no mnemonic.

import { linux38 } from './linux-3.8.js';
import { linux43 } from './linux-4.3.js';
import { extend } from '../src/kernel/model.js';
import { MAP_LOCKED, MAP_NONBLOCK, MAP_POPULATE } from '../src/uapi/constants.js';
import { VM_IO, VM_LOCKED, VM_PFNMAP, type VmFlags, hasAny } from '../src/uapi/vmFlags.js';
import { vmFlags, withFlags } from '../src/uapi/vmFlags.js';

export const VM_POPULATE = vmFlags(0x1000);

/**
 * Marked for population. In 3.9-rc1 every path that sets VM_LOCKED (MAP_LOCKED, mlock,
 * mlockall MCL_CURRENT, def_flags under MCL_FUTURE) sets VM_POPULATE with it, so a VM_LOCKED
 * VMA counts as marked and only mmap and mlock write the bit itself.
 * NOTE: the patch leaves VM_POPULATE on VMAs munlockall unlocks, where this model drops the
 * mark (mlockall's lock bits stay VM_LOCKED alone, as the bounded checker's encoding of the
 * rest of the process and of def_flags carries no other bit).
 */
const marked = (f: VmFlags): boolean => hasAny(f, withFlags(VM_POPULATE, VM_LOCKED));

export const rfcVmPopulate = extend(linux38, {
  name: 'rfc-vm-populate',
  description:
    'Linux 3.9-rc1: population after the write lock is dropped (mm_populate) only of VMAs ' +
    'marked VM_POPULATE by the call that asked for it (MAP_POPULATE, MAP_LOCKED, mlock, mlockall)',
  provenance:
    'Michel Lespinasse, "[PATCH 9/9] mm: introduce VM_POPULATE flag to better deal with racy ' +
    'userspace programs" <1356050997-2688-10-git-send-email-walken@google.com> (commit ' +
    '1869305009857cdeaabe6283bcdc2359c5784543, 3.9-rc1), series <1356050997-2688-1-git-send-' +
    'email-walken@google.com>; reverted by <20130327014000.GA9876@google.com> (3.9-rc5)',
  decisions: {
    // Patch 1 of the series: mlockall changes only VM_LOCKED in def_flags (as 4.3 does).
    mlockallDefFlags: (defFlags, mcl) => linux43.decisions.mlockallDefFlags(defFlags, mcl),
    munlockallDefFlags: (defFlags) => linux43.decisions.munlockallDefFlags(defFlags),
    // do_mlock: VM_LOCKED | VM_POPULATE; munlock clears VM_LOCKED only.
    mlockMarksVmas: VM_POPULATE,
    // calc_vm_flag_bits: MAP_LOCKED -> VM_LOCKED | VM_POPULATE; MAP_POPULATE without
    // MAP_NONBLOCK -> VM_POPULATE.
    mmapVmFlagBits: (mapFlags) => {
      const f = linux38.decisions.mmapVmFlagBits(mapFlags);
      const populate =
        mapFlags & MAP_LOCKED || (mapFlags & (MAP_POPULATE | MAP_NONBLOCK)) === MAP_POPULATE;
      return populate ? withFlags(f, VM_POPULATE) : f;
    },
    // do_mmap_pgoff: populate exactly when the new VMA is marked (def_flags' VM_LOCKED too).
    mmapPopulates: ({ vmFlags: f }) => marked(f),
    populatesAfterUnlock: () => true,
    // __mm_populate: (vm_flags & (VM_IO | VM_PFNMAP | VM_POPULATE)) != VM_POPULATE -> skip.
    populateSkipsVma: (f) => hasAny(f, vmFlags(VM_IO | VM_PFNMAP)) || !marked(f),
  },
});
