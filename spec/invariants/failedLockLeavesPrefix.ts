// A lock call that fails part way leaves exactly the documented prefix (issue 14, "failure
// atomicity", second half; mlock.2 ERRORS, ENOMEM: part of the range is not mapped).
// - mlock, mlock2, munlock (mm/mlock.c:apply_vma_lock_flags): the walk starts at the VMA that
//   holds addr (a range starting in a hole fails before touching anything) and hands each VMA's
//   part of the range to mlock_fixup in turn; at the first hole it returns ENOMEM. So the pages
//   [addr, hole) carry the call's lock bits (VM_LOCKED, VM_LOCKED|VM_LOCKONFAULT for
//   MLOCK_ONFAULT, none for munlock; VMAs mlock_fixup filters keep theirs), every other flag,
//   extent and PTE is as it was, locked_vm moves by exactly the locked pages the prefix gained
//   or lost, and nothing is populated: do_mlock returns before __mm_populate.
// - Before the walk, do_mlock refuses with ENOMEM where its RLIMIT_MEMLOCK check does (a caller
//   without CAP_IPC_LOCK; holes count, relocked pages do not: rangeFacts.mlockLimitRefuses; an
//   unlimited limit too, RLIM_INFINITY being 2^52 - 1 pages, which a range wrapping past 2^64
//   plus locked_vm exceeds: litmus mlock+overflow+unlimited): the prefix is then empty. Within
//   the limit, a refusal that changes nothing is the walk's own (a range starting in a hole, a
//   prefix that had the lock bits already).
// - When the walk covers the range, mlock's error comes from __mm_populate (EFAULT turned into
//   ENOMEM, ENOMEM into EAGAIN by __mlock_posix_error_return): the whole range carries the lock
//   bits, population only adds pages (a PTE of the range is never dropped), and it stops at the
//   failing VMA: __mm_populate breaks out of its VMA loop on an error it does not ignore, so no
//   later VMA of the range gains a page.
// - mlockall (SYSCALL mlockall): every refusal (EINVAL, EPERM, ENOMEM for the limit, EINTR)
//   comes before apply_mlockall_flags, and MCL_CURRENT's mm_populate ignores errors, so a
//   failed mlockall changes nothing of the process. Nor does a lock call the kernel does not
//   build (ENOSYS: mlock2 before 4.4, the whole family on nommu).
// EINVAL and EPERM of mlock, mlock2 and munlock are failedCallChangesNothing's.

import { MLOCK_ONFAULT } from '../../src/uapi/constants.js';
import { VM_IO, VM_LOCKED, VM_LOCKONFAULT } from '../../src/uapi/vmFlags.js';
import { VM_ACCESS_FLAGS, VM_LOCKED_MASK, VM_PFNMAP } from '../../src/uapi/vmFlags.js';
import { hasAny, mnemonics, vmFlags, withoutFlags, type VmFlags } from '../../src/uapi/vmFlags.js';
import type { KernelCall } from '../../src/kernel/call.js';
import {
  PTE_NONE,
  currentMm,
  type KernelState,
  type Mm,
  type Vma,
} from '../../src/kernel/state.js';
import type { TraceView, Transition, TransitionInvariant } from './specInvariant.js';
import type { CheckStmt } from '../../src/trace/ast.js';
import { checkVmLck, lockBitChecks, pageCount } from '../../src/trace/syntax.js';
import { argInt, mlockFixupSkips, othersKept, sameProcess, vmaAt } from './_internals/mmFacts.js';
import { keptOutside, lockedPagesIn, type PageRange } from './_internals/keptOutside.js';
import { callRange, mlockLimitRefuses } from './_internals/rangeFacts.js';

const REFUSALS: ReadonlySet<string> = new Set(['EINVAL', 'EPERM']);

/** The lock bits the call gives the VMAs it reaches, or null for a call outside the rule. */
function lockBitsOf(call: KernelCall): VmFlags | null {
  switch (call.call) {
    case 'mlock':
      return VM_LOCKED;
    case 'mlock2':
      return (argInt(call, 2) & MLOCK_ONFAULT) !== 0
        ? vmFlags(VM_LOCKED | VM_LOCKONFAULT)
        : VM_LOCKED;
    case 'munlock':
      return vmFlags(0);
    default:
      return null;
  }
}

/** The first page of [start, end) no VMA of `mm` maps, or end. */
function firstHole(mm: Mm, start: number, end: number): number {
  let p = start;
  for (;;) {
    const v = vmaAt(mm, p);
    if (v === undefined || v.end >= end) return v === undefined ? Math.min(p, end) : end;
    p = v.end;
  }
}

/** Edge `k` of the VMAs of `mm`: the start of VMA k / 2, or its end for an odd k. */
const edgeOf = (mm: Mm, k: number): number => {
  const v = mm.vmas[k >> 1];
  return v === undefined ? Infinity : k & 1 ? v.end : v.start;
};

/**
 * The points where what a page of `range` maps may change: the range's start and every VMA
 * edge of either state inside it, in order, each once. Each list's VMAs are in address order
 * and do not overlap, so its edges come in order: the two are merged, not gathered into a Set
 * and sorted (three arrays, a Set and a sort on each failed lock call the search judged).
 */
export function points(b: Mm, a: Mm, range: PageRange): number[] {
  const ps = [range.start];
  let last = range.start;
  const nb = b.vmas.length * 2;
  const na = a.vmas.length * 2;
  let i = 0;
  let j = 0;
  while (i < nb || j < na) {
    const x = i < nb ? edgeOf(b, i) : Infinity;
    const y = j < na ? edgeOf(a, j) : Infinity;
    const p = Math.min(x, y);
    if (p >= range.end) break;
    if (x === p) i++;
    if (y === p) j++;
    if (p > last) {
      ps.push(p);
      last = p;
    }
  }
  return ps;
}

/** Whether population would fault the pages of `v` (mm/gup.c:__mm_populate, populate_vma_page_range). */
const populates = (s: KernelState, v: Vma): boolean =>
  hasAny(v.flags, VM_LOCKED) &&
  !hasAny(v.flags, VM_LOCKONFAULT) &&
  hasAny(v.flags, VM_ACCESS_FLAGS) &&
  !hasAny(v.flags, vmFlags(VM_IO | VM_PFNMAP)) &&
  !mlockFixupSkips(s, v);

/**
 * Whether the pages of `prefix` carry `bits` with every other flag and mapping kept; their PTEs
 * kept too when nothing was populated, else only gained, and none past the VMA where
 * population failed.
 */
function prefixLocked(
  t: Transition,
  prefix: PageRange,
  bits: VmFlags,
  populated: boolean,
): boolean {
  const b = currentMm(t.before);
  const a = currentMm(t.after);
  if (prefix.end <= prefix.start) return true;
  const ps = points(b, a, prefix);
  let failedIn: Vma | null = null;
  for (let i = 0; i < ps.length; i++) {
    const from = ps[i] ?? 0;
    const to = ps[i + 1] ?? prefix.end;
    const bv = vmaAt(b, from);
    const av = vmaAt(a, from);
    if (bv === undefined || av === undefined) return false;
    const want = mlockFixupSkips(t.before, bv)
      ? bv.flags
      : vmFlags(withoutFlags(bv.flags, VM_LOCKED_MASK) | bits);
    if (av.flags !== want || av.backing.kind !== bv.backing.kind) return false;
    if (bv.pgoff + (from - bv.start) !== av.pgoff + (from - av.start)) return false;
    for (let p = from; p < to; p++) {
      const before = bv.ptes.at(p - bv.start);
      const after = av.ptes.at(p - av.start);
      if (before === after) {
        if (after === PTE_NONE && populated && failedIn === null && populates(t.after, av))
          failedIn = av;
        continue;
      }
      // A changed PTE: only population may change one, adding a page, before the failure.
      if (!populated || after === PTE_NONE) return false;
      if (failedIn !== null && failedIn !== av && before === PTE_NONE) return false;
    }
  }
  return true;
}

/** mlock, mlock2 or munlock failing with an errno other than a refusal. */
function lockRangeFailed(t: Transition, bits: VmFlags): boolean {
  const b = currentMm(t.before);
  const a = currentMm(t.after);
  const { start, end } = callRange(t.call);
  const hole = firstHole(b, start, end);
  const prefix = { start, end: hole };
  const gained = lockedPagesIn(a, prefix) - lockedPagesIn(b, prefix);
  return (
    a.defFlags === b.defFlags &&
    a.rlimitMemlock === b.rlimitMemlock &&
    a.capIpcLock === b.capIpcLock &&
    a.otherLock === b.otherLock &&
    a.lockedVm === b.lockedVm + gained &&
    keptOutside(b, a, [prefix]) &&
    prefixLocked(t, prefix, bits, hole === end && t.call.call !== 'munlock')
  );
}

/**
 * The lock bits each VMA of the trace's regions must have after a range call that failed at
 * its first hole: `bits` from the start of the range to the hole (a VMA mlock_fixup skips keeps
 * its own), as before the call elsewhere; one pair of checks where a VMA's part of either
 * begins; and VmLck moved by the pages of the prefix that gain or lose VM_LOCKED.
 */
function prefixLockChecks(
  before: KernelState,
  call: KernelCall,
  bits: VmFlags,
  trace: TraceView,
): CheckStmt[] {
  const b = currentMm(before);
  const { start, end } = callRange(call);
  const hole = firstHole(b, start, end);
  let lockedVm = b.lockedVm;
  for (let vpn = start; vpn < hole; vpn++) {
    const v = vmaAt(b, vpn);
    if (v === undefined || mlockFixupSkips(before, v)) continue;
    lockedVm += (hasAny(bits, VM_LOCKED) ? 1 : 0) - (hasAny(v.flags, VM_LOCKED) ? 1 : 0);
  }
  const vmas = trace.regions.flatMap((r) => {
    const checks: CheckStmt[] = [];
    let last: string | null = null;
    for (let vpn = r.firstVpn; vpn < r.firstVpn + r.pages; vpn++) {
      const v = vmaAt(b, vpn);
      const inPrefix = vpn >= start && vpn < hole;
      const key = v === undefined ? null : `${v.start}:${inPrefix}`;
      if (v === undefined || key === last) {
        last = key;
        continue;
      }
      last = key;
      const want = inPrefix && !mlockFixupSkips(before, v) ? bits : v.flags;
      const addr = { kind: 'vmflags' as const, addr: r.at(vpn - r.firstVpn) };
      checks.push(...lockBitChecks(addr, mnemonics(want)));
    }
    return checks;
  });
  return [...vmas, checkVmLck(pageCount(lockedVm))];
}

export const failedLockLeavesPrefix: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  name: 'failedLockLeavesPrefix',
  source: 'mm/mlock.c:apply_vma_lock_flags, do_mlock, SYSCALL mlockall; mm/gup.c:__mm_populate',
  calls: ['mlock', 'mlock2', 'munlock', 'mlockall'],
  holds: (t) => {
    if (t.result.kind !== 'errno') return true;
    const bits = lockBitsOf(t.call);
    // mlockall, and a lock call the kernel does not build (ENOSYS): nothing changed.
    if (t.call.call === 'mlockall' || (bits !== null && t.result.errno === 'ENOSYS'))
      return othersKept(t.before, t.after) && sameProcess(currentMm(t.before), currentMm(t.after));
    if (bits === null || REFUSALS.has(t.result.errno)) return true;
    if (!othersKept(t.before, t.after)) return false;
    if (lockRangeFailed(t, bits)) return true;
    // do_mlock's RLIMIT_MEMLOCK refusal, before the walk: the prefix is empty.
    const b = currentMm(t.before);
    const limited = !b.capIpcLock && t.call.call !== 'munlock' && mlockLimitRefuses(b, t.call);
    return limited && t.result.errno === 'ENOMEM' && sameProcess(b, currentMm(t.after));
  },
  // A failed mlockall, a call the kernel does not build, or do_mlock's limit refusal:
  // everything the trace observes as it was. Else the walk's prefix: each VMA of the range
  // before the first hole with the call's lock bits (prefixLockChecks).
  restate: ({ before, call, result }, trace) => {
    const bits = lockBitsOf(call);
    const b = currentMm(before);
    const unbuilt = result.kind === 'errno' && result.errno === 'ENOSYS';
    if (bits === null || unbuilt)
      return {
        checks: [...trace.observed(before), ...trace.restLockObserved(before)],
        notes: ['the stack stands for the rest of the process, whose lock bits stay as they were'],
      };
    if (!b.capIpcLock && call.call !== 'munlock' && mlockLimitRefuses(b, call))
      return {
        checks: trace.observed(before),
        notes: [
          'do_mlock refuses the range for RLIMIT_MEMLOCK before the walk: the prefix is empty',
        ],
      };
    return {
      checks: prefixLockChecks(before, call, bits, trace),
      notes: ['every other flag, extent and page of the range is as before the call'],
    };
  },
};
