// mprotect refuses bad arguments with the errno of the first check they fail, in the kernel's
// order (mprotect.2 ERRORS; mm/mprotect.c:do_mprotect_pkey, x86-64, 6.18), and a good call
// with nothing but the errno of the walk: the converse of mprotectPostcondition, so a kernel
// (or model) that changes protections it must refuse to, refuses a good call, or picks another
// errno among several failing checks is caught.
//  1. PROT_GROWSDOWN and PROT_GROWSUP together: EINVAL;
//  2. a start off a page boundary: EINVAL;
//  3. length 0: success, nothing done (even for unknown prot bits);
//  4. a range whose page-aligned end wraps past 2^64 (end <= start): ENOMEM;
//  5. a prot bit other than PROT_READ, PROT_WRITE, PROT_EXEC, PROT_SEM (the grows bits masked
//     out first; include/linux/mman.h:arch_validate_prot): EINVAL;
//  6. the first VMA ending after start: none, or (PROT_GROWSDOWN) one starting at or after the
//     end: ENOMEM; with PROT_GROWSDOWN one without VM_GROWSDOWN: EINVAL (the range then starts
//     at that VMA's start); without it, one starting after start: ENOMEM, and with
//     PROT_GROWSUP (x86 has no VM_GROWSUP) EINVAL;
//  7. the walk over the range, VMA by VMA: a VMA whose VM_MAY* bits do not allow the new
//     access bits: EACCES; a hole before the end: ENOMEM. Both stop the walk where they are
//     met, the VMAs before already changed (what they leave is mprotectPostcondition's when
//     the call succeeds; a refusal in steps 1-6 changes nothing: failedCallChangesNothing).
// mprotect_fixup may also fail with ENOMEM, stopping the walk there (RLIMIT_DATA when a
// mapping becomes data; no memory for a split, not modelled): a good walk may be refused with
// ENOMEM only, and under a finite RLIMIT_DATA any walk may end in ENOMEM (dataLimitExact's).
// pkeys (pkey_mprotect) and READ_IMPLIES_EXEC are not modelled.

import { PAGE_SIZE } from '../../src/uapi/constants.js';
import * as U from '../../src/uapi/constants.js';
import type { Errno } from '../../src/uapi/errno.js';
import { currentMm, type Mm } from '../../src/kernel/state.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { VM_GROWSDOWN, VM_MAYEXEC, VM_MAYREAD, VM_MAYWRITE } from '../../src/uapi/vmFlags.js';
import { VM_EXEC, VM_READ, VM_WRITE, hasAny, type VmFlags } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { oncePerCall } from './_internals/oncePerCall.js';
import { arg, protBits, vpnOf } from './_internals/mmFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

const PAGE = BigInt(PAGE_SIZE);
const GROWS = BigInt(U.PROT_GROWSDOWN | U.PROT_GROWSUP);
const KNOWN = BigInt(U.PROT_READ | U.PROT_WRITE | U.PROT_EXEC | U.PROT_SEM);

/** What the checks say of an mprotect: its errno, `ok` (length 0: nothing to do), or `good`. */
export type MprotectVerdict = Errno | 'ok' | 'good';

/** Whether a VMA with `flags` may take the access bits `access` (each VM_MAY* allows its VM_*). */
export function allows(flags: VmFlags, access: VmFlags): boolean {
  const pairs: readonly [VmFlags, VmFlags][] = [
    [VM_READ, VM_MAYREAD],
    [VM_WRITE, VM_MAYWRITE],
    [VM_EXEC, VM_MAYEXEC],
  ];
  return pairs.every(([bit, may]) => !hasAny(access, bit) || hasAny(flags, may));
}

/** Step 7: the walk from page `start` to `end` over the VMAs, the first of them at index `i`. */
function walkVerdict(
  mm: Mm,
  i: number,
  start: number,
  end: number,
  access: VmFlags,
): MprotectVerdict {
  let at = start;
  for (let j = i; j < mm.vmas.length && at < end; j++) {
    const v = mm.vmas[j];
    if (v === undefined || v.start > at) return 'ENOMEM';
    if (!allows(v.flags, access)) return 'EACCES';
    at = v.end;
  }
  return at < end ? 'ENOMEM' : 'good';
}

/** What the arguments alone say: steps 1-5's verdict, or the range and bits the walk needs. */
type MprotectArguments =
  | { readonly verdict: MprotectVerdict }
  | {
      readonly verdict: null;
      readonly grows: number;
      readonly start: number;
      readonly end: number;
      readonly access: VmFlags;
    };

function readArguments(call: KernelCall): MprotectArguments {
  const start = BigInt.asUintN(64, arg(call, 0));
  const len = BigInt.asUintN(64, arg(call, 1));
  const prot64 = BigInt.asUintN(64, arg(call, 2));
  const grows = prot64 & GROWS;
  if (grows === GROWS) return { verdict: 'EINVAL' };
  if (start % PAGE !== 0n) return { verdict: 'EINVAL' };
  if (len === 0n) return { verdict: 'ok' };
  const aligned = BigInt.asUintN(64, len + PAGE - 1n) & ~(PAGE - 1n);
  const endAddr = BigInt.asUintN(64, start + aligned);
  if (endAddr <= start) return { verdict: 'ENOMEM' };
  const prot = prot64 & ~grows;
  if ((prot & ~KNOWN) !== 0n) return { verdict: 'EINVAL' };
  const s = vpnOf(start);
  return {
    verdict: null,
    grows: Number(grows),
    start: s,
    end: s + Number(aligned / PAGE),
    access: protBits(Number(prot)),
  };
}

const mprotectArguments = oncePerCall(readArguments);

/** The walk an mprotect makes once steps 1-6 pass: from page `start` (vmas[i]'s) to `end`. */
export interface MprotectWalk {
  readonly i: number;
  readonly start: number;
  readonly end: number;
  readonly access: VmFlags;
}

/** Steps 1-6 of mprotect(start, len, prot) on `mm`: their verdict, or the walk that follows. */
export function mprotectWalk(mm: Mm, call: KernelCall): MprotectVerdict | MprotectWalk {
  const args = mprotectArguments(call);
  if (args.verdict !== null) return args.verdict;
  const { grows, end, access } = args;
  let start = args.start;
  const i = mm.vmas.findIndex((v) => v.end > start);
  const first = mm.vmas[i];
  if (first === undefined || first.start >= end) return 'ENOMEM';
  if (grows === U.PROT_GROWSDOWN) {
    if (!hasAny(first.flags, VM_GROWSDOWN)) return 'EINVAL';
    start = first.start;
  } else {
    if (first.start > start) return 'ENOMEM';
    if (grows !== 0) return 'EINVAL';
  }
  return { i, start, end, access };
}

/** The checks of mprotect(start, len, prot) in the kernel's order, on `mm`. */
export function mprotectVerdict(mm: Mm, call: KernelCall): MprotectVerdict {
  const w = mprotectWalk(mm, call);
  return typeof w === 'string' ? w : walkVerdict(mm, w.i, w.start, w.end, w.access);
}

export const mprotectRefusalsInOrder: TransitionInvariant = {
  kind: 'transition',
  calls: ['mprotect'],
  name: 'mprotectRefusalsInOrder',
  source: 'mm/mprotect.c:do_mprotect_pkey; include/linux/mman.h:arch_validate_prot',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mprotect' || before.procs.length === 0) return true;
    // A kernel without the call (nommu's mprotect) refuses every call alike.
    if (result.kind === 'errno' && result.errno === 'ENOSYS') return true;
    const verdict = mprotectVerdict(currentMm(before), call);
    if (verdict === 'ok') return result.kind === 'value';
    if (result.kind !== 'errno') return verdict === 'good';
    // Under a finite RLIMIT_DATA, mprotect_fixup may refuse a VMA before the walk's verdict.
    const dataLimited = currentMm(before).rlimitData !== undefined;
    if (result.errno === 'ENOMEM' && (verdict === 'good' || dataLimited)) return true;
    return result.errno === verdict;
  },
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => {
    const verdict = mprotectVerdict(currentMm(t.before), t.call);
    return {
      ...acceptedResults(mprotectRefusalsInOrder, t),
      checks: [],
      notes: [
        verdict === 'good' || verdict === 'ok'
          ? 'the mprotect above passes every check of do_mprotect_pkey: it may fail only with ENOMEM'
          : `the mprotect above must fail with ${verdict}, the first check its arguments fail`,
      ],
    };
  },
};
