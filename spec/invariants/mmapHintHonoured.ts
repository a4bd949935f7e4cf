// mmap without MAP_FIXED takes a non-NULL address as a hint (mmap.2 DESCRIPTION): do_mmap
// rounds it down to a page and raises it to vm.mmap_min_addr (mm/mmap.c:round_hint_to_min),
// and x86's arch_get_unmapped_area_topdown (arch/x86/kernel/sys_x86_64.c) returns it as it is
// when the range there is free: below TASK_SIZE, no VMA in it, and the stack guard gap of a
// VM_GROWSDOWN VMA above it left clear (vm_start_gap). So a successful mmap whose rounded hint
// is at or above mmap_min_addr and free must return exactly that hint; anywhere else is a
// kernel (or model) that ignores or moves a hint it could honour. Hints below mmap_min_addr
// are not judged: the sysctl differs between machines (the model takes mm/Kconfig's default,
// 65536; a host may set 4096), and hints are the only thing this property reads of it.
// MAP_FIXED and MAP_FIXED_NOREPLACE place the mapping themselves (mmapRefusalsInOrder,
// mmapPostcondition); refusals are mmapRefusalsInOrder's.

import { MAP_FIXED, MAP_FIXED_NOREPLACE, PAGE_SIZE } from '../../src/uapi/constants.js';
import { MMAP_MIN_ADDR, TASK_SIZE } from '../../src/kernel/addr.js';
import { currentMm, type Mm } from '../../src/kernel/state.js';
import { STACK_GUARD_GAP } from '../../src/kernel/unmappedArea.js';
import { VM_GROWSDOWN, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { arg, argInt } from './_internals/mmFacts.js';

const PAGE = BigInt(PAGE_SIZE);

/** Is [start, end) (pages) free of VMAs, with the guard gap below a stack above it clear? */
function free(mm: Mm, start: number, end: number): boolean {
  for (const v of mm.vmas) {
    if (v.end <= start) continue;
    const gap = hasAny(v.flags, VM_GROWSDOWN) ? STACK_GUARD_GAP : 0;
    return end <= v.start - gap;
  }
  return true;
}

/** The hint the call must be placed at, or null where the property does not judge. */
function honouredHint(mm: Mm, addr: bigint, len: bigint, flags: number): bigint | null {
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) return null;
  const hint = BigInt.asUintN(64, addr) & ~(PAGE - 1n);
  const bytes = (BigInt.asUintN(64, len) + PAGE - 1n) & ~(PAGE - 1n);
  if (hint < MMAP_MIN_ADDR || bytes === 0n || bytes > TASK_SIZE || hint > TASK_SIZE - bytes)
    return null;
  const start = Number(hint / PAGE);
  return free(mm, start, start + Number(bytes / PAGE)) ? hint : null;
}

export const mmapHintHonoured: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mmap'],
  name: 'mmapHintHonoured',
  source:
    'mm/mmap.c:do_mmap, round_hint_to_min; arch/x86/kernel/sys_x86_64.c:arch_get_unmapped_area_topdown',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mmap' || result.kind !== 'value' || before.procs.length === 0) return true;
    const hint = honouredHint(currentMm(before), arg(call, 0), arg(call, 1), argInt(call, 3));
    return hint === null || result.value === hint;
  },
  // The counterexample's mmap line prints the address the call returned.
  restate: () => ({
    checks: [],
    notes: ['the mmap above had a free hint at or above mmap_min_addr: it must be placed there'],
  }),
};
