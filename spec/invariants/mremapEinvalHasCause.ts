// mremap's EINVAL has a cause one of the designs of mremap gives (mremap.2 ERRORS EINVAL;
// mm/mremap.c with an MMU, mm/nommu.c:do_mremap without one). mremapRefusalsJustified holds MMU
// kernels to today's design alone; a kernel of another design, whose expected verdicts must
// excuse it there, is held here to the union: what mremapRefusalsJustified accepts, or
// - before 5.13 (5.7 to 5.12), MREMAP_DONTUNMAP where the VMA at old_address is not private
//   anonymous memory: vma_to_resize refused it until "mm: Extend MREMAP_DONTUNMAP to
//   non-anonymous mappings" (e346b3813067); mremap.2 MREMAP_DONTUNMAP dates the change
//   (spec/litmus/MREMAP_DONTUNMAP+MAP_SHARED_file.mmt on the 5.10 guest). A private anonymous
//   one is no cause in any design that has the flag;
// - one of nommu's do_mremap causes, in its order: old_size or new_size 0 once page-aligned,
//   an unaligned old_address, MREMAP_FIXED naming another address than old_address, no VMA
//   from old_address to old_address + old_size exactly.

import { PAGE, U64_MASK, pageAlign, toVpn, vpnToAddr } from '../../src/kernel/addr.js';
import { currentMm } from '../../src/kernel/state.js';
import { MREMAP_DONTUNMAP, MREMAP_FIXED } from '../../src/uapi/constants.js';
import { VM_SHARED, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { mremapRefusalsJustified } from './mremapRefusalsJustified.js';
import { vmaAt } from './_internals/mmFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

export const mremapEinvalHasCause: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['mremap'],
  name: 'mremapEinvalHasCause',
  source: 'mm/mremap.c:check_mremap_params, vma_to_resize; mm/nommu.c:do_mremap',
  holds: (t) => {
    const { before, call, result } = t;
    if (call.call !== 'mremap' || result.kind !== 'errno' || result.errno !== 'EINVAL') return true;
    if (before.procs.length === 0 || mremapRefusalsJustified.holds(t)) return true;
    const [addr = 0n, oldLen = 0n, newLen = 0n, flags = 0n, newAddr = 0n] = call.args.map(
      (a) => a & U64_MASK,
    );
    const v = vmaAt(currentMm(before), toVpn(addr));
    const anonPrivate = v?.backing.kind === 'anon' && !hasAny(v.flags, VM_SHARED);
    if ((flags & BigInt(MREMAP_DONTUNMAP)) !== 0n && v !== undefined && !anonPrivate) return true;
    if (pageAlign(oldLen) === 0n || pageAlign(newLen) === 0n || addr % PAGE !== 0n) return true;
    if ((flags & BigInt(MREMAP_FIXED)) !== 0n && newAddr !== addr) return true;
    return (
      v === undefined ||
      vpnToAddr(v.start) !== addr ||
      vpnToAddr(v.end) !== addr + pageAlign(oldLen)
    );
  },
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => ({
    ...acceptedResults(mremapEinvalHasCause, t),
    checks: [],
    notes: ['the mremap above was refused with EINVAL where no design of mremap refuses'],
  }),
};
