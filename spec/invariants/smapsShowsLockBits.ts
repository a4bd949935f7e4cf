// Introspection (proc.5 /proc/pid/smaps VmFlags; fs/proc/task_mmu.c:show_smap_vma_flags, `lf`
// since 6.2): smaps prints `lo` for a VMA iff it is VM_LOCKED and `lf` iff it is
// VM_LOCKONFAULT, and no mnemonic the kernel does not define. It needs the model (what its
// smaps prints is a decision point, smapsShowsMnemonic), so src/check/kernelProperties.ts
// evaluates it with the model's answer. Kernels before 6.2 print no `lf`, and break the
// property on purpose: no claim checks it on them.

import {
  VM_LOCKED,
  VM_LOCKONFAULT,
  type VmFlags,
  hasAny,
  mnemonics,
} from '../../src/uapi/vmFlags.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { CheckStmt } from '../../src/trace/ast.js';
import type { TraceView } from './specInvariant.js';

/**
 * The two-letter mnemonics show_smap_vma_flags can print (6.18, read in source: the bits
 * of include/linux/mm.h it names; arch and config dependent ones included).
 */
export const KERNEL_MNEMONICS: ReadonlySet<string> = new Set(
  (
    'rd wr ex sh mr mw me ms gd pf lo io sr rr dc de ac nr ht sf nl ar wf dd mg hg nh mm ' +
    'lf sd um uw ui ss sl gu mt bt dp'
  ).split(' '),
);

/** Whether a VMA with `flags` has a faithful smaps line, for one `shows` filter. */
function lineFaithful(flags: VmFlags, shows: (m: string) => boolean): boolean {
  const m = mnemonics(flags).filter(shows);
  if (m.includes('lo') !== hasAny(flags, VM_LOCKED)) return false;
  if (m.includes('lf') !== hasAny(flags, VM_LOCKONFAULT)) return false;
  return m.every((x) => KERNEL_MNEMONICS.has(x));
}

/**
 * Whether every VMA's smaps line shows exactly its lock bits and only known mnemonics. The
 * line is a function of the VMA's flags (fs/proc/task_mmu.c prints the flags alone), so the
 * answer is remembered per flags word for each filter: the explorer asks it of every state.
 */
export function smapsFaithful(s: KernelState, shows: (m: string) => boolean): boolean {
  let known = memo.get(shows);
  if (known === undefined) memo.set(shows, (known = new Map<VmFlags, boolean>()));
  for (const mm of s.procs)
    for (const v of mm.vmas) {
      let ok = known.get(v.flags);
      if (ok === undefined) known.set(v.flags, (ok = lineFaithful(v.flags, shows)));
      if (!ok) return false;
    }
  return true;
}

const memo = new WeakMap<(m: string) => boolean, Map<VmFlags, boolean>>();

export const SMAPS_SHOWS_LOCK_BITS = {
  name: 'smapsShowsLockBits',
  source: 'fs/proc/task_mmu.c:show_smap_vma_flags',
  /** Each region's smaps line demands what its VMA's lock bits are. */
  restate(s: KernelState, trace: TraceView): CheckStmt[] {
    return trace.regions.flatMap((_, r) =>
      trace.regionObserved(s, r).filter((c) => c.observable.kind === 'vmflags'),
    );
  },
} as const;
