// Facts about a simulator mm the invariants share: which VMAs count in locked_vm, which are
// locked, what a PTE holds. Kept apart from src/kernel on purpose: the invariants restate the
// rule of spec/semantics.md instead of calling the code they check.

import { oncePerCall } from './oncePerCall.js';
import { TASK_SIZE, toVpn } from '../../../src/kernel/addr.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../src/uapi/constants.js';
import {
  MCL_CURRENT,
  MCL_FUTURE,
  MCL_ONFAULT,
  MLOCK_ONFAULT,
} from '../../../src/uapi/constants.js';
import { VM_EXEC, VM_READ, VM_WRITE, vmFlags, type VmFlags } from '../../../src/uapi/vmFlags.js';
import type { KernelCall } from '../../../src/kernel/call.js';
import { type LetterCall, letterArgInt } from '../specInvariant.js';
import { PTE_NONE, type KernelState, type Mm, type Vma } from '../../../src/kernel/state.js';
import {
  VM_DROPPABLE,
  VM_HUGETLB,
  VM_LOCKED,
  VM_LOCKONFAULT,
  VM_LOCKED_MASK,
  VM_SPECIAL,
  hasAny,
  maskFlags,
  withoutFlags,
} from '../../../src/uapi/vmFlags.js';

export const isLocked = (v: Vma): boolean => hasAny(v.flags, VM_LOCKED);
export const isLockOnFault = (v: Vma): boolean => hasAny(v.flags, VM_LOCKONFAULT);

/** Facts sheet 2.8: special, hugetlb and droppable VMAs are never counted in locked_vm. */
export const countsInLockedVm = (v: Vma): boolean =>
  isLocked(v) &&
  !hasAny(v.flags, VM_SPECIAL) &&
  !hasAny(v.flags, VM_HUGETLB) &&
  !hasAny(v.flags, VM_DROPPABLE);

/** I1: locked_vm as the flags say it should be, the part of the process no VMA stands for included. */
export function lockedVmOfVmas(mm: Mm): number {
  let pages = hasAny(mm.otherLock, VM_LOCKED) ? mm.otherPages : 0;
  for (const v of mm.vmas) if (countsInLockedVm(v)) pages += v.end - v.start;
  return pages;
}

export const isSecretmem = (s: KernelState, v: Vma): boolean =>
  v.backing.kind === 'file' && s.files[v.backing.file]?.kind === 'secretmem';

/** mm/mlock.c:mlock_fixup's filter: VMAs whose flags no lock call changes. */
export const mlockFixupSkips = (s: KernelState, v: Vma): boolean =>
  hasAny(v.flags, VM_SPECIAL) ||
  hasAny(v.flags, VM_HUGETLB) ||
  hasAny(v.flags, VM_DROPPABLE) ||
  isSecretmem(s, v);

export const lockBits = (mm: Mm) => maskFlags(mm.defFlags, VM_LOCKED_MASK);
export const otherDefBits = (mm: Mm) => withoutFlags(mm.defFlags, VM_LOCKED_MASK);

/** How many PTEs of all processes of `s` map each page id (what /proc/kpagecount counts). */
export function ptesMapping(s: KernelState): Map<number, number> {
  const count = new Map<number, number>();
  for (const mm of s.procs)
    for (const v of mm.vmas)
      v.ptes.forEachRun(0, v.ptes.length, (_index, len, pte) => {
        if (pte <= 0) return;
        for (let id = pte; id < pte + len; id++) count.set(id, (count.get(id) ?? 0) + 1);
      });
  return count;
}

/** The VMA of `mm` that holds page `vpn`. */
export function vmaAt(mm: Mm, vpn: number): Vma | undefined {
  // A loop, not find: properties ask this for every page of every transition.
  for (const v of mm.vmas) if (v.start <= vpn && vpn < v.end) return v;
  return undefined;
}

/**
 * A cursor over an address-ordered list of VMAs, moved forward only: from index `k`, the first
 * VMA that ends past `vpn` (the list's length when none does). The properties that walk both
 * states' VMAs in address order find each page's VMA so, not by a vmaAt (a linear search) a page.
 */
export function vmaCursor(vmas: readonly Vma[], k: number, vpn: number): number {
  while (k < vmas.length && (vmas[k]?.end ?? 0) <= vpn) k++;
  return k;
}

/** The VMA at cursor `k` (vmaCursor's answer for `vpn`) when it holds `vpn`. */
export function vmaAtCursor(vmas: readonly Vma[], k: number, vpn: number): Vma | undefined {
  const v = vmas[k];
  return v !== undefined && v.start <= vpn ? v : undefined;
}

/** The PTE at `vpn` in `mm`, PTE_NONE when no VMA maps it. */
export function pteAt(mm: Mm, vpn: number): number {
  const v = vmaAt(mm, vpn);
  return v === undefined ? PTE_NONE : v.ptes.at(vpn - v.start);
}

/** Same VMAs with the same flags and PTEs (what a call that changes nothing leaves). */
export function sameVmas(a: Mm, b: Mm): boolean {
  if (a.vmas === b.vmas) return true;
  return (
    a.vmas.length === b.vmas.length &&
    a.vmas.every((v, i) => {
      const w = b.vmas[i];
      return (
        w !== undefined &&
        v.start === w.start &&
        v.end === w.end &&
        v.flags === w.flags &&
        v.ptes.equals(w.ptes)
      );
    })
  );
}

export const arg = (c: KernelCall, i: number): bigint => c.args[i] ?? 0n;

/**
 * Whether the environment may fail the call (src/uapi/injection.ts): an injected failure
 * other than a VM_FAULT_RETRY the retry gets past. Such calls answer for the failure, and are
 * judged by populateFailsAtInjectedPage, not by the promises about a healthy machine.
 */
export const metFailure = (c: KernelCall): boolean =>
  'inject' in c && (c.inject ?? []).some((j) => j.fault !== 'VM_FAULT_RETRY');
/**
 * The arguments as the kernel reads an int: their low 32 bits, signed. Read once a call: the
 * properties of a transition ask 2.4 of them a transition on average (383,708 on the 156,829
 * transitions of regions=3,pages=4,depth=4), and a BigInt.asIntN and a Number each cost about
 * 200 instructions against about 70 for the cached read (cachegrind, a loop of each).
 */
const intArgs = oncePerCall((c: KernelCall): readonly number[] =>
  c.args.map((a) => Number(BigInt.asIntN(32, a))),
);
export const argInt = (c: KernelCall, i: number): number => intArgs(c)[i] ?? 0;
export const vpnOf = (addr: bigint): number => toVpn(addr);

/** The process as a call that changed nothing leaves it: VMAs, def_flags, locked_vm, the rest's lock. */
export const sameProcess = (a: Mm, b: Mm): boolean =>
  sameVmas(a, b) &&
  a.defFlags === b.defFlags &&
  a.lockedVm === b.lockedVm &&
  a.otherLock === b.otherLock;
/** The lock calls: mlock, mlock2, munlock, mlockall, munlockall. */
export function isLockCall(call: KernelCall): boolean {
  switch (call.call) {
    case 'mlock':
    case 'mlock2':
    case 'munlock':
    case 'mlockall':
    case 'munlockall':
      return true;
    default:
      return false;
  }
}

/**
 * Whether the flags of mlock2 or mlockall are outside what their man page accepts (mlock2: any
 * flag but MLOCK_ONFAULT; mlockall: none, an unknown bit, or MCL_ONFAULT alone): mm/mlock.c's
 * SYSCALL mlock2 and SYSCALL mlockall refuse them with EINVAL first. False for other calls.
 */
export function lockFlagsInvalid(call: KernelCall): boolean {
  switch (call.call) {
    case 'mlock2':
      return flagsInvalid('mlock2', argInt(call, 2));
    case 'mlockall':
      return flagsInvalid('mlockall', argInt(call, 0));
    default:
      return false;
  }
}

/** lockFlagsInvalid on the flags `f` of mlock2 or mlockall. */
function flagsInvalid(call: 'mlock2' | 'mlockall', f: number): boolean {
  if (call === 'mlock2') return (f & ~MLOCK_ONFAULT) !== 0;
  return f === 0 || (f & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) !== 0 || f === MCL_ONFAULT;
}

/**
 * lockFlagsInvalid of the calls a letter makes, read on the flags it fixes: undefined where
 * the letter does not fix them (no `judgesLetter` may refuse it then).
 */
export function letterLockFlagsInvalid(c: LetterCall): boolean | undefined {
  if (c.call !== 'mlock2' && c.call !== 'mlockall') return false;
  const f = letterArgInt(c, c.call === 'mlock2' ? 2 : 0);
  return f === undefined ? undefined : flagsInvalid(c.call, f);
}

/** include/linux/mman.h:calc_vm_prot_bits — PROT_READ, PROT_WRITE, PROT_EXEC to VM_READ, VM_WRITE, VM_EXEC. */
export function protBits(prot: number): VmFlags {
  let f = 0;
  if (prot & PROT_READ) f |= VM_READ;
  if (prot & PROT_WRITE) f |= VM_WRITE;
  if (prot & PROT_EXEC) f |= VM_EXEC;
  return vmFlags(f);
}

/** The processes other than the caller are the same objects: a call touches only its own mm. */
export const othersKept = (before: KernelState, after: KernelState): boolean =>
  before.procs.length === after.procs.length &&
  before.procs.every((mm, i) => i === before.procs.length - 1 || mm === after.procs[i]);

const PAGE_BYTES = 4096n;
const U64 = (1n << 64n) - 1n;

/**
 * The range of (addr, len) as do_mlock and SYSCALL munlock round it — start down to its page,
 * PAGE_ALIGN(len + offset_in_page(addr)) in 64 bits — in bytes, unwrapped: `end` reaches 2^64
 * or beyond exactly when apply_vma_lock_flags finds `end < start` (EINVAL).
 */
export const lockRangeBytes: (call: KernelCall) => {
  readonly start: bigint;
  readonly end: bigint;
} = oncePerCall((call) => {
  // Read once a call (oncePerCall): the limit, refusal and prefix properties all ask it.
  const addr = arg(call, 0) & U64;
  const off = addr % PAGE_BYTES;
  const len = (arg(call, 1) + off + PAGE_BYTES - 1n) & U64 & ~(PAGE_BYTES - 1n);
  return { start: addr - off, end: addr - off + len };
});

/** The page-aligned range of an mlock, mlock2 or munlock wraps past 2^64. */
export const lockRangeWraps = (call: KernelCall): boolean => lockRangeBytes(call).end > U64;

/**
 * munmap's arguments that mm/vma.c:do_vmi_munmap refuses with EINVAL (munmap.2 ERRORS): an
 * unaligned address, an address above TASK_SIZE, a length reaching past TASK_SIZE, or a length
 * that is 0 once page-aligned.
 */
export function munmapArgsInvalid(call: KernelCall): boolean {
  const addr = arg(call, 0) & U64;
  const len = arg(call, 1) & U64;
  const aligned = (len + PAGE_BYTES - 1n) & U64 & ~(PAGE_BYTES - 1n);
  return addr % PAGE_BYTES !== 0n || addr > TASK_SIZE || len > TASK_SIZE - addr || aligned === 0n;
}
