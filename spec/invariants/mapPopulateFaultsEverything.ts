// MAP_POPULATE without MAP_NONBLOCK leaves every faultable page present (semantics 3.3):
// do_mmap asks for population when (flags & (MAP_POPULATE|MAP_NONBLOCK)) == MAP_POPULATE, and
// mm_populate faults the whole range in (mm/gup.c:__mm_populate; FOLL_FORCE, so even
// write-only or exec-only mappings). Not faultable, and so outside the property: PROT_NONE
// (-EFAULT), file pages past EOF (SIGBUS), VM_IO|VM_PFNMAP, a secretmem file (GUP refuses its
// VMAs: mm/gup.c:check_vma_flags, vma_is_secretmem; spec/litmus/memfd_secret+MAP_POPULATE.mmt),
// and VM_LOCKONFAULT VMAs, where population returns at once (flagged instead:
// flagged/mapPopulateIgnoredUnderOnfault.ts).

import { MAP_NONBLOCK, MAP_POPULATE, PAGE_SIZE } from '../../src/uapi/constants.js';
import { PTE_NONE, currentMm } from '../../src/kernel/state.js';
import type { KernelState, Vma } from '../../src/kernel/state.js';
import { VM_ACCESS_FLAGS, VM_IO, VM_PFNMAP, hasAny, vmFlags } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { arg, isLockOnFault, isSecretmem, pteAt, vpnOf } from './_internals/mmFacts.js';
import { pagePatterns } from './_internals/pagePatterns.js';

function faultable(s: KernelState, v: Vma, vpn: number): boolean {
  if (!hasAny(v.flags, VM_ACCESS_FLAGS) || isLockOnFault(v)) return false;
  if (hasAny(v.flags, vmFlags(VM_IO | VM_PFNMAP)) || isSecretmem(s, v)) return false;
  if (v.backing.kind !== 'file') return v.backing.kind === 'anon';
  const size = s.files[v.backing.file]?.size ?? 0;
  return (v.pgoff + vpn - v.start) * PAGE_SIZE < size;
}

/** Whether a successful mmap asked for population by MAP_POPULATE alone. */
export function askedToPopulate(flags: bigint): boolean {
  const f = Number(flags & 0xffffffffn);
  return (f & (MAP_POPULATE | MAP_NONBLOCK)) === MAP_POPULATE;
}

/** The VMAs of [start, end) and, for each page, whether it is missing though faultable. */
export function missingFaultable(
  s: KernelState,
  start: number,
  end: number,
  onfault: boolean,
): boolean {
  for (const v of currentMm(s).vmas) {
    if (v.end <= start || v.start >= end) continue;
    if (isLockOnFault(v) !== onfault) continue;
    for (let vpn = Math.max(start, v.start); vpn < Math.min(end, v.end); vpn++) {
      const pte = v.ptes.at(vpn - v.start);
      const counts = onfault ? hasAny(v.flags, VM_ACCESS_FLAGS) : faultable(s, v, vpn);
      if (counts && pte === PTE_NONE) return true;
    }
  }
  return false;
}

export const mapPopulateFaultsEverything: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mmap'],
  // `askedToPopulate` reads mmap's flags, which a letter fixes: without MAP_POPULATE, or with
  // MAP_NONBLOCK, it holds.
  judgesLetter: (c) => {
    const flags = c.call === 'mmap' ? c.arg(3) : undefined;
    return flags === undefined || askedToPopulate(flags);
  },
  name: 'mapPopulateFaultsEverything',
  source: 'mm/mmap.c:do_mmap, mm/gup.c:__mm_populate',
  holds: ({ call, result, after }) => {
    if (call.call !== 'mmap' || result.kind !== 'value' || !askedToPopulate(arg(call, 3)))
      return true;
    const start = vpnOf(result.value);
    const end = start + Math.ceil(Number(arg(call, 1)) / PAGE_SIZE);
    return !missingFaultable(after, start, end, false);
  },
  // Every page of the new mapping present (`[pzL]`) where the model left one missing.
  restate: ({ call, result, after }, trace) => {
    const start = result.kind === 'value' ? vpnOf(result.value) : 0;
    const end = start + Math.ceil(Number(arg(call, 1)) / PAGE_SIZE);
    return {
      checks: pagePatterns(trace, (vpn) =>
        vpn >= start && vpn < end && pteAt(currentMm(after), vpn) === PTE_NONE ? '[pzL]' : null,
      ),
    };
  },
};
