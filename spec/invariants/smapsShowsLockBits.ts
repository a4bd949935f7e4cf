// Introspection (proc.5 /proc/pid/smaps VmFlags; fs/proc/task_mmu.c:show_smap_vma_flags, `lf`
// since 6.2): smaps prints `lo` for a VMA iff it is VM_LOCKED and `lf` iff it is
// VM_LOCKONFAULT, and no mnemonic the kernel does not define. It needs the model (what its
// smaps prints is a decision point, smapsShowsMnemonic), so src/check/kernelProperties.ts
// evaluates it with the model's answer. Kernels before 6.2 print no `lf`, and break the
// property on purpose: no claim checks it on them.

import { observe } from '../../src/kernel/observe.js';
import { vpnToAddr } from '../../src/kernel/addr.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { CheckStmt } from '../../src/trace/ast.js';
import type { TraceView } from './specInvariant.js';
import { isLockOnFault, isLocked } from './_internals/mmFacts.js';

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

const NO_NAMES: ReadonlySet<string> = new Set();

/** Whether every VMA's smaps line shows exactly its lock bits and only known mnemonics. */
export function smapsFaithful(s: KernelState, shows: (m: string) => boolean): boolean {
  for (let p = 0; p < s.procs.length; p++) {
    const view = { ...s, procs: s.procs.slice(0, p + 1) };
    const mm = view.procs[p];
    for (const v of mm?.vmas ?? []) {
      const o = observe(view, { kind: 'vmflags', addr: vpnToAddr(v.start) }, NO_NAMES, shows);
      if (o.kind !== 'vmflags' || o.mnemonics === null) return false;
      const m = o.mnemonics;
      if (m.includes('lo') !== isLocked(v) || m.includes('lf') !== isLockOnFault(v)) return false;
      if (m.some((x) => !KERNEL_MNEMONICS.has(x))) return false;
    }
  }
  return true;
}

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
