// A call refused with EINVAL or EPERM changes nothing: the argument checks (mm/mlock.c:do_mlock,
// SYSCALL mlockall, can_do_mlock; mm/mmap.c:do_mmap; mm/mremap.c:check_mremap_params;
// mm/mprotect.c, mm/madvise.c) all run before the first VMA is touched. ENOMEM, EAGAIN and
// EFAULT are left out on purpose: a failed mlock leaves the VMAs it reached VM_LOCKED and
// unpopulated (semantics 18.6), and a failed populate may have faulted some pages in.
// madvise is left out too: it walks VMA by VMA and refuses a VM_LOCKED one with EINVAL only
// when it reaches it, after zapping the VMAs before it (mm/madvise.c:madvise_walk_vmas,
// madvise_dontneed_free_valid_vma).
// One refusal has a documented prefix: mremap(MREMAP_FIXED) before 6.17 unmaps the target
// [new_addr, new_addr + new_len) and, when shrinking, the tail [addr + new_len, addr + old_len)
// in mremap_to before vma_to_resize looks at the source, so its EINVAL (5.7 to 5.12: a
// MREMAP_DONTUNMAP of anything but private anonymous memory; old_len 0 of a private mapping
// found again) leaves exactly those pages unmapped, nothing else changed
// (spec/litmus/MREMAP_DONTUNMAP+MAP_SHARED_file.mmt, observed on the 5.10 guest). 6.17's
// rework (check_prep_vma) checks the source first; what it still does after the unmap fails
// with EAGAIN or ENOMEM, outside this property.

import { toVpn } from '../../src/kernel/addr.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { sameState } from '../../src/kernel/encode.js';
import { currentMm } from '../../src/kernel/state.js';
import { MREMAP_FIXED, PAGE_SIZE } from '../../src/uapi/constants.js';
import { callsExcept, type Transition, type TransitionInvariant } from './specInvariant.js';
import { arg, argInt } from './_internals/mmFacts.js';
import { type PageRange, onlyUnmapped } from './_internals/keptOutside.js';

const PAGE = BigInt(PAGE_SIZE);
const REFUSALS: ReadonlySet<string> = new Set(['EINVAL', 'EPERM']);

/** What a refused mremap(MREMAP_FIXED) may have unmapped first: the target and the tail. */
function mremapFixedPrefix(call: KernelCall): readonly PageRange[] {
  // PAGE_ALIGN(old_len), PAGE_ALIGN(new_len) (mm/mremap.c, SYSCALL mremap).
  const pages = (i: number) => Number((arg(call, i) + PAGE - 1n) / PAGE);
  const addr = toVpn(arg(call, 0));
  const [oldPages, newPages] = [pages(1), pages(2)];
  const target = toVpn(arg(call, 4));
  const holes = [{ start: target, end: target + newPages }];
  if (newPages < oldPages) holes.push({ start: addr + newPages, end: addr + oldPages });
  return holes;
}

/** The refused call left the documented prefix of mremap(MREMAP_FIXED) and nothing else. */
function leftMremapPrefix({ before, call, result, after }: Transition): boolean {
  if (call.call !== 'mremap' || (argInt(call, 3) & MREMAP_FIXED) === 0) return false;
  if (result.kind !== 'errno' || result.errno !== 'EINVAL') return false;
  if (before.procs.length !== after.procs.length) return false;
  if (before.procs.some((mm, i) => i < before.procs.length - 1 && mm !== after.procs[i]))
    return false;
  return onlyUnmapped(currentMm(before), currentMm(after), mremapFixedPrefix(call));
}

export const failedCallChangesNothing: TransitionInvariant = {
  kind: 'transition',
  // Its one clause on the state: the state after is the state before (sameState is reflexive).
  holdsWhenUnchanged: true,
  // It judges refusals alone: its second test holds for any result but an errno (on the
  // 156,829 transitions of regions=3,pages=4,depth=4 it was asked 80,784 times, 5,075 of them
  // on an errno).
  results: ['errno'],
  calls: callsExcept('madvise'),
  name: 'failedCallChangesNothing',
  source: 'mm/mlock.c:do_mlock, can_do_mlock; mm/mmap.c:do_mmap; mm/mremap.c:check_mremap_params',
  holds: (t) =>
    t.call.call === 'madvise' ||
    t.result.kind !== 'errno' ||
    !REFUSALS.has(t.result.errno) ||
    sameState(t.before, t.after) ||
    leftMremapPrefix(t),
  // Everything the trace observes as it was before the call.
  restate: ({ before, call }, trace) => ({
    checks: trace.observed(before),
    ...(call.call === 'mremap'
      ? { notes: ['or, for MREMAP_FIXED before 6.17, that with the target and the tail unmapped'] }
      : {}),
  }),
};
