// Michal Hocko's counter-proposal (linux-mm, 18-24 June 2015): MAP_FAULTPOPULATE, a
// counterpart of MAP_POPULATE, sets a sticky VM_FAULTPOPULATE that forbids every population
// but the direct page fault (no mm_populate prefault, no fault-around), usable without
// MAP_LOCKED. MAP_FAULTPOPULATE|MAP_LOCKED is then lock-on-fault, and mmap(MAP_FAULTPOPULATE)
// followed by mlock() too, with no new mlock flag: this design has no MLOCK_ONFAULT and no
// MCL_ONFAULT. munlock drops VM_LOCKED only; VM_FAULTPOPULATE lives on.
//
// NOTE: the mails give no values. MAP_FAULTPOPULATE is 0x200000, the first MAP_ bit above
// LEGACY_MAP_MASK that x86-64 6.18 leaves free; VM_FAULTPOPULATE is 0x1000, a bit of
// mmspec's flag word no modelled VM_ flag uses. No smaps mnemonic was proposed, so
// /proc/PID/smaps does not show it (Hocko: residency is for pagemap to show).
// NOTE: read-ahead, which the mails also name, only fills the page cache; it is not stopped here.

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import { MCL_ONFAULT } from '../src/uapi/constants.js';
import { VM_LOCKED, hasAny, vmFlags, withFlags } from '../src/uapi/vmFlags.js';

export const MAP_FAULTPOPULATE = 0x200000;
export const VM_FAULTPOPULATE = vmFlags(0x1000);

export const proposalMapFaultpopulate = extend(linux618, {
  name: 'proposal-map-faultpopulate',
  description:
    'Linux 6.18 with MAP_FAULTPOPULATE (0x200000, free bit) -> VM_FAULTPOPULATE (free bit): no ' +
    'prefault, no fault-around; lock-on-fault is MAP_FAULTPOPULATE plus VM_LOCKED; no ' +
    'MLOCK_ONFAULT, no MCL_ONFAULT',
  provenance:
    'Michal Hocko, Re: [RESEND PATCH V2 1/3] Add mmap flag to request pages are locked after ' +
    'page fault: <20150618152907.GG5858@dhcp22.suse.cz>, <20150622123826.GF4430@dhcp22.suse.cz>, ' +
    '<20150624085013.GB32756@dhcp22.suse.cz>',
  constants: [{ name: 'MAP_FAULTPOPULATE', value: BigInt(MAP_FAULTPOPULATE), since: 'proposal' }],
  decisions: {
    mmapVmFlagBits: (mapFlags) => {
      const f = linux618.decisions.mmapVmFlagBits(mapFlags);
      return mapFlags & MAP_FAULTPOPULATE ? withFlags(f, VM_FAULTPOPULATE) : f;
    },
    mapSharedValidateMask: linux618.decisions.mapSharedValidateMask | MAP_FAULTPOPULATE,
    // Only the direct fault populates: mm_populate (MAP_POPULATE, MAP_LOCKED, mlock,
    // mlockall, mremap growth) returns at once for the VMA.
    populateGupFlags: (f) =>
      hasAny(f, VM_FAULTPOPULATE) ? null : linux618.decisions.populateGupFlags(f),
    faultAroundAllowed: (f) => !hasAny(f, VM_FAULTPOPULATE),
    // No new mlock flags: lock-on-fault is asked for through the VMA.
    mlock2LockBits: (flags) => (flags !== 0 ? 'EINVAL' : VM_LOCKED),
    mlockallFlagsValid: (flags) =>
      !(flags & MCL_ONFAULT) && linux618.decisions.mlockallFlagsValid(flags),
  },
});
