// What a fork child keeps (issue 14, *fork*; fork.2 NOTES, madvise.2 MADV_DONTFORK,
// prctl.2 PR_SET_THP_DISABLE): every VMA of the parent but the VM_DONTCOPY ones, with the same
// extent, backing, offset and flags save the lock bits (kernel/fork.c:dup_mmap copies each
// VMA and clears VM_LOCKED_MASK only); of def_flags the VM_INIT_DEF_MASK bits (mm_init);
// RLIMIT_MEMLOCK and CAP_IPC_LOCK (they belong to the task, not the mm); and the parent itself
// unchanged. What the child loses is forkChildUnlocked's.

import type { Mm, Vma } from '../../src/kernel/state.js';
import {
  VM_DONTCOPY,
  VM_INIT_DEF_MASK,
  VM_LOCKED_MASK,
  hasAny,
  maskFlags,
  withoutFlags,
} from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { sameProcess } from './_internals/mmFacts.js';
import { checkExtent, lockBitChecks } from '../../src/trace/syntax.js';

/** The child's copy of `p` keeps all of it but the lock bits (and the PTEs, judged elsewhere). */
const copied = (p: Vma, c: Vma): boolean =>
  c.start === p.start &&
  c.end === p.end &&
  c.pgoff === p.pgoff &&
  c.backing.kind === p.backing.kind &&
  (c.backing.kind !== 'file' || p.backing.kind !== 'file' || c.backing.file === p.backing.file) &&
  c.flags === withoutFlags(p.flags, VM_LOCKED_MASK);

function inherits(parent: Mm, child: Mm): boolean {
  const kept = parent.vmas.filter((v) => !hasAny(v.flags, VM_DONTCOPY));
  return (
    kept.length === child.vmas.length &&
    kept.every((p, i) => {
      const c = child.vmas[i];
      return c !== undefined && copied(p, c);
    }) &&
    child.defFlags === maskFlags(parent.defFlags, VM_INIT_DEF_MASK) &&
    child.rlimitMemlock === parent.rlimitMemlock &&
    child.capIpcLock === parent.capIpcLock &&
    child.otherPages === parent.otherPages
  );
}

export const forkChildInherits: TransitionInvariant = {
  kind: 'transition',
  calls: ['fork'],
  name: 'forkChildInherits',
  source: 'kernel/fork.c:dup_mmap, mm_init, copy_process',
  holds: ({ before, call, after }) => {
    if (call.call !== 'fork') return true;
    const parent = before.procs[before.procs.length - 1];
    const kept = after.procs[after.procs.length - 2];
    const child = after.procs[after.procs.length - 1];
    if (parent === undefined || kept === undefined || child === undefined) return false;
    return inherits(parent, child) && sameProcess(parent, kept);
  },
  // In the child's block: each VMA of the parent's regions with its extent and no lock bit (a
  // VM_DONTCOPY one gone), and def_flags without them (not in VM_INIT_DEF_MASK). Its other
  // flags, the limit and CAP_IPC_LOCK no observable of a trace reads: a comment says them.
  restate: ({ before }, trace) => {
    const parent = before.procs[before.procs.length - 1];
    const checks = trace.regions.flatMap((r) =>
      (parent?.vmas ?? [])
        .filter((v) => v.start >= r.firstVpn && v.start < r.firstVpn + r.pages)
        .flatMap((v) => {
          const at = r.at(v.start - r.firstVpn);
          if (hasAny(v.flags, VM_DONTCOPY)) return [checkExtent(at, 'none')];
          const extent = { start: at, end: r.at(v.end - r.firstVpn) };
          return [checkExtent(at, extent), ...lockBitChecks({ kind: 'vmflags', addr: at }, [])];
        }),
    );
    return {
      checks: [...checks, ...lockBitChecks({ kind: 'def_flags' }, [])],
      notes: [
        "the child's VMAs keep the parent's other flags, and it keeps RLIMIT_MEMLOCK and",
        'CAP_IPC_LOCK',
      ],
    };
  },
};
