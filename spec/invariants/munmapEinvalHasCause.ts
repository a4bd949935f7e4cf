// munmap's EINVAL has a cause one of the two designs of munmap gives (munmap.2 ERRORS EINVAL;
// mm/vma.c:do_vmi_munmap with an MMU, mm/nommu.c:do_munmap without one). refusalsJustified
// holds MMU kernels to the first alone; a nommu kernel, whose expected verdicts must excuse
// refusalsJustified (it refuses ranges an MMU kernel unmaps), is held here to the union:
// - the arguments: an unaligned address, a range beyond TASK_SIZE, a length 0 once aligned
//   (do_vmi_munmap; do_munmap's own checks of these are the same or narrower);
// - without an MMU, the range must lie in the first VMA it meets: no VMA ends after the start
//   and begins before the end; a file-backed one not named whole from its start to its end
//   (the range may not start inside it, must end at its end); an anonymous one that the range
//   is not exactly and does not lie within.
// On an MMU kernel the second clause never excuses anything refusalsJustified would not, since
// do_vmi_munmap answers EINVAL only for the first.

import { PAGE, U64_MASK, pageAlign, toVpn, vpnToAddr } from '../../src/kernel/addr.js';
import { currentMm } from '../../src/kernel/state.js';
import { firstEndingAfter } from '../../src/kernel/vmaList.js';
import type { TransitionInvariant } from './specInvariant.js';
import { munmapArgsInvalid } from './_internals/mmFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

export const munmapEinvalHasCause: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['munmap'],
  name: 'munmapEinvalHasCause',
  source: 'mm/vma.c:do_vmi_munmap; mm/nommu.c:do_munmap',
  holds: ({ before, call, result }) => {
    if (call.call !== 'munmap' || result.kind !== 'errno' || result.errno !== 'EINVAL') return true;
    if (before.procs.length === 0 || munmapArgsInvalid(call)) return true;
    const start = (call.args[0] ?? 0n) & U64_MASK;
    const end = (start + pageAlign((call.args[1] ?? 0n) & U64_MASK)) & U64_MASK;
    const mm = currentMm(before);
    const v = mm.vmas[firstEndingAfter(mm.vmas, toVpn(start))];
    if (v === undefined || vpnToAddr(v.start) >= end) return true;
    const vs = vpnToAddr(v.start);
    const ve = vpnToAddr(v.end);
    if (v.backing.kind === 'file') return start > vs || end !== ve;
    if (start === vs && end === ve) return false;
    return start < vs || end > ve || start % PAGE !== 0n;
  },
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => ({
    ...acceptedResults(munmapEinvalHasCause, t),
    checks: [],
    notes: ['the munmap above was refused with EINVAL where neither design of munmap refuses'],
  }),
};
