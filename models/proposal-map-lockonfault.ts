// Eric Munson's design (linux-mm, June-July 2015): a new mmap flag MAP_LOCKONFAULT that sets
// VM_LOCKONFAULT, one MAP_ flag to one VM_ flag, next to mlock2(MLOCK_ONFAULT) and
// mlockall(MCL_ONFAULT) (which did merge, in 4.4; the mmap flag did not).
//
// NOTE: the V2 and V4 series kept VM_LOCKONFAULT as a lock state of its own; from V5 on it is
// a modifier of VM_LOCKED, as merged. The model uses the merged form: MAP_LOCKONFAULT asks for
// VM_LOCKED|VM_LOCKONFAULT, so can_do_mlock and RLIMIT_MEMLOCK apply as for MAP_LOCKED (the
// changelog said the limit is charged "as if the entire mapping will be faulted in").

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import { VM_LOCKED_MASK, withFlags } from '../src/uapi/vmFlags.js';

/**
 * The value the V4 patch gives it in include/uapi/asm-generic/mman.h, which x86 used then.
 * 4.15 later gave this bit to MAP_SYNC, so on a 6.18 base MAP_LOCKONFAULT and MAP_SYNC are
 * the same bit: a plain mapping ignores MAP_SYNC, and MAP_SHARED_VALIDATE accepts the bit here.
 */
export const MAP_LOCKONFAULT = 0x80000;

export const proposalMapLockonfault = extend(linux618, {
  name: 'proposal-map-lockonfault',
  description:
    'Linux 6.18 plus MAP_LOCKONFAULT (0x80000): mmap sets VM_LOCKED|VM_LOCKONFAULT, lock on ' +
    'fault without a second call',
  provenance:
    '[RESEND PATCH V2 1/3] Add mmap flag to request pages are locked after page fault ' +
    '<1433942810-7852-2-git-send-email-emunson@akamai.com> (10 Jun 2015); value from [PATCH V4 ' +
    '5/6] mm: mmap: Add mmap flag to request VM_LOCKONFAULT <1437508781-28655-6-git-send-email-emunson@akamai.com>',
  // The V4 patch's bit, which 4.15 gave MAP_SYNC (see MAP_LOCKONFAULT above): shared, meant.
  constants: [
    {
      name: 'MAP_LOCKONFAULT',
      value: BigInt(MAP_LOCKONFAULT),
      since: 'proposal',
      sameValueAs: 'MAP_SYNC',
    },
  ],
  decisions: {
    // calc_vm_flag_bits with the V4 patch's extra translation.
    mmapVmFlagBits: (mapFlags) => {
      const f = linux618.decisions.mmapVmFlagBits(mapFlags);
      return mapFlags & MAP_LOCKONFAULT ? withFlags(f, VM_LOCKED_MASK) : f;
    },
    mapSharedValidateMask: linux618.decisions.mapSharedValidateMask | MAP_LOCKONFAULT,
  },
});
