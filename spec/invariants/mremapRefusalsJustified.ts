// mremap refuses with EINVAL or EFAULT only where mremap.2 ERRORS says so (issue 14, errno
// fidelity; the mremap half of refusalsJustified), so a kernel or model that refuses a good
// mremap is caught, not only one that accepts a bad one:
// - EINVAL: the arguments alone (an unknown flag, an unaligned old_address, new_size 0,
//   MREMAP_FIXED or MREMAP_DONTUNMAP without MREMAP_MAYMOVE, MREMAP_DONTUNMAP resizing); the new
//   address of a move (unaligned, overlapping the old range, past TASK_SIZE); old_size 0 where
//   old_address is not a shareable mapping, or without MREMAP_MAYMOVE; MREMAP_DONTUNMAP of a
//   VM_DONTEXPAND or VM_PFNMAP mapping (mm/mremap.c:check_mremap_params, check_prep_vma); a
//   shrink whose unmapped tail runs past TASK_SIZE (the munmap of the tail refuses it).
//   From 5.13 ("mm: Extend MREMAP_DONTUNMAP to non-anonymous mappings", e346b3813067)
//   MREMAP_DONTUNMAP takes any mapping but a special one: before, a shared or file mapping is
//   EINVAL (spec/litmus/MREMAP_DONTUNMAP+MAP_SHARED_file.mmt; models/expectedVerdicts.ts).
// - EFAULT: some page of [old_address, old_address + old_size) is unmapped (the page at
//   old_address when old_size is 0), or a VM_DONTEXPAND / VM_PFNMAP mapping would grow
//   (mm/mremap.c:vma_to_resize, check_prep_vma); or the range runs past the VMA at
//   old_address into another mapping (mremap.2: EFAULT "even if there exist mappings that
//   cover the whole address space requested"; old_len > vm_end - addr in vma_to_resize,
//   check_prep_vma; from 6.17 only a MREMAP_FIXED move of the same size spans VMAs, and
//   MREMAP_DONTUNMAP without MREMAP_FIXED does not: spec/litmus/MREMAP_DONTUNMAP+two_vmas.mmt).
// Other errnos are judged elsewhere (EAGAIN: lockLimitExact; EPERM: none on an MMU kernel).

import { acceptedResults } from './_internals/acceptedResults.js';
import { PAGE } from '../../src/kernel/addr.js';
import { currentMm } from '../../src/kernel/state.js';
import { MREMAP_DONTUNMAP, MREMAP_MAYMOVE } from '../../src/uapi/constants.js';
import { VM_SHARED, hasAny } from '../../src/uapi/vmFlags.js';
import type { Mm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { vmaAt, vpnOf } from './_internals/mmFacts.js';
import {
  MREMAP_UNRESIZABLE,
  type MremapArgs,
  argumentsInvalid,
  mremapArgs,
  newAddrInvalid,
  shrinkTailInvalid,
} from './_internals/mremapFacts.js';

/** Some page of the old range (the page at old_address for old_size 0) has no VMA. */
function oldRangeHasHole(mm: Mm, a: MremapArgs): boolean {
  const start = vpnOf(a.addr);
  const end = start + Math.max(1, Number(a.oldLen / PAGE));
  for (let vpn = start; vpn < end; vpn++) if (vmaAt(mm, vpn) === undefined) return true;
  return false;
}

function einvalListed(mm: Mm, a: MremapArgs): boolean {
  if (argumentsInvalid(a) || newAddrInvalid(a) || shrinkTailInvalid(a)) return true;
  const v = vmaAt(mm, vpnOf(a.addr));
  if (a.oldLen === 0n && (v === undefined || !hasAny(v.flags, VM_SHARED))) return true;
  if (a.oldLen === 0n && (a.flags & BigInt(MREMAP_MAYMOVE)) === 0n) return true;
  return (
    (a.flags & BigInt(MREMAP_DONTUNMAP)) !== 0n &&
    v !== undefined &&
    hasAny(v.flags, MREMAP_UNRESIZABLE)
  );
}

function efaultListed(mm: Mm, a: MremapArgs): boolean {
  if (oldRangeHasHole(mm, a)) return true;
  const v = vmaAt(mm, vpnOf(a.addr));
  if (v !== undefined && vpnOf(a.addr) + Number(a.oldLen / PAGE) > v.end) return true;
  return a.newLen > a.oldLen && v !== undefined && hasAny(v.flags, MREMAP_UNRESIZABLE);
}

export const mremapRefusalsJustified: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['mremap'],
  name: 'mremapRefusalsJustified',
  source: 'mm/mremap.c:check_mremap_params, check_prep_vma, vma_to_resize (mremap.2 ERRORS)',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mremap' || result.kind !== 'errno') return true;
    const mm = currentMm(before);
    if (result.errno === 'EINVAL') return einvalListed(mm, mremapArgs(call));
    if (result.errno === 'EFAULT') return efaultListed(mm, mremapArgs(call));
    return true;
  },
  // What mremap.2 leaves it: success, or an errno its arguments justify (`!= -1 EINVAL`).
  restate: (t) => ({
    ...acceptedResults(mremapRefusalsJustified, t),
    checks: [],
    notes: ['the mremap above was refused where mremap.2 lists no such error for its arguments'],
  }),
};
