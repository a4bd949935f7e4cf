// Since Linux 6.17 a plain MREMAP_FIXED move that keeps the size may span several mappings and
// the holes between them (mremap.2, MREMAP_FIXED: "Since Linux 6.17, if old_size is equal to
// new_size and MREMAP_FIXED is specified, then old_size may span beyond the mapping in which
// old_address resides"; mm/mremap.c, "mm/mremap: permit mremap() move of multiple VMAs",
// Lorenzo Stoakes, 6.17). So such a move whose arguments are valid and whose old_address is
// mapped is never refused with EFAULT, the refusal of a range past its VMA. Before 6.17
// vma_to_resize answers EFAULT there (spec/litmus/mremap+MREMAP_FIXED+two_vmas.mmt, observed
// on 5.10, 6.1, 6.12 and 6.16): models/expectedVerdicts.ts lists it for those models.
// Not judged: MREMAP_DONTUNMAP (the man page does not say it spans), old_size 0 (a
// duplicate, one VMA), and a range over a VM_DONTEXPAND or VM_PFNMAP mapping (the man page
// keeps drivers with their own address logic out of a multi-mapping move).

import { PAGE } from '../../src/kernel/addr.js';
import { currentMm } from '../../src/kernel/state.js';
import { MREMAP_FIXED, MREMAP_MAYMOVE } from '../../src/uapi/constants.js';
import { hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { vmaAt, vpnOf } from './_internals/mmFacts.js';
import {
  MREMAP_UNRESIZABLE,
  argumentsInvalid,
  mremapArgs,
  newAddrInvalid,
} from './_internals/mremapFacts.js';

const MOVE_FIXED = BigInt(MREMAP_MAYMOVE | MREMAP_FIXED);

export const mremapFixedMoveSpansVmas: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['mremap'],
  name: 'mremapFixedMoveSpansVmas',
  source: 'mremap.2 MREMAP_FIXED (since Linux 6.17); mm/mremap.c (6.17, move of multiple VMAs)',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mremap' || result.kind !== 'errno' || result.errno !== 'EFAULT') return true;
    const a = mremapArgs(call);
    if (a.flags !== MOVE_FIXED || a.oldLen !== a.newLen || a.oldLen === 0n) return true;
    if (argumentsInvalid(a) || newAddrInvalid(a)) return true;
    const mm = currentMm(before);
    const start = vpnOf(a.addr);
    if (vmaAt(mm, start) === undefined) return true;
    const end = start + Number(a.oldLen / PAGE);
    const special = mm.vmas.some(
      (v) => v.start < end && v.end > start && hasAny(v.flags, MREMAP_UNRESIZABLE),
    );
    return special;
  },
  // The trace's `= ERR` expectation names the errno; the counterexample prints the result.
  restate: () => ({
    checks: [],
    notes: [
      'the MREMAP_FIXED move above keeps its size and starts in a mapping: since 6.17 it may span several mappings and holes, so EFAULT is no answer',
    ],
  }),
};
