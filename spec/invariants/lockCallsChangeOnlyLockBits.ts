// Locking and population have no side effects on the mappings (issue 14, "no side effects" and
// "def_flags"). mlock, mlock2, munlock, mlockall and munlockall only rewrite the lock bits of
// the VMAs they reach (mm/mlock.c:apply_vma_lock_flags and apply_mlockall_flags hand
// mlock_fixup the old flags with VM_LOCKED_MASK replaced), and madvise's populate and zap
// advice (MADV_POPULATE_READ/WRITE, MADV_DONTNEED, MADV_DONTNEED_LOCKED) rewrite no flag at
// all (mm/madvise.c:madvise_populate, madvise_dontneed_free). So, successful or not:
// - the same addresses are mapped before and after: no extent grows or shrinks (splits and
//   merges are invisible page by page) and no stack grows (mm/gup.c: population does not
//   expand a stack VMA; the lock calls look VMAs up and never create one);
// - every mapped page keeps its flags other than VM_LOCKED|VM_LOCKONFAULT (madvise: all);
// - the range calls leave every page outside [addr, addr + len) exactly as it was;
// and when a lock call returns 0, the lock bits of every page it reaches are a function of
// its flags alone: VM_LOCKED for mlock and mlock2(0), VM_LOCKED|VM_LOCKONFAULT for
// MLOCK_ONFAULT, nothing for munlock; for mlockall(MCL_CURRENT[|MCL_ONFAULT]) and munlockall
// the same over every VMA. mlock_fixup leaves alone the VMAs it filters (VM_SPECIAL, hugetlb,
// secretmem, VM_DROPPABLE): their flags do not change at all.

import { MADV_DONTNEED, MADV_DONTNEED_LOCKED } from '../../src/uapi/constants.js';
import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../../src/uapi/constants.js';
import { MCL_CURRENT, MCL_ONFAULT, MLOCK_ONFAULT } from '../../src/uapi/constants.js';
import { VM_LOCKED, VM_LOCKONFAULT } from '../../src/uapi/vmFlags.js';
import { VM_LOCKED_MASK, hasAny, maskFlags } from '../../src/uapi/vmFlags.js';
import { vmFlags, withoutFlags } from '../../src/uapi/vmFlags.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { type Vma, currentMm } from '../../src/kernel/state.js';
import { checkExtent, lockBitChecks } from '../../src/trace/syntax.js';
import type { CheckStmt } from '../../src/trace/ast.js';
import type { Transition, TransitionInvariant } from './specInvariant.js';
import { argInt, mlockFixupSkips, vmaAt, vmaAtCursor, vmaCursor } from './_internals/mmFacts.js';
import { callRange } from './_internals/rangeFacts.js';
import { judgesAdvice } from './_internals/madviseFacts.js';

const NO_FLAG_ADVICE: ReadonlySet<number> = new Set([
  MADV_POPULATE_READ,
  MADV_POPULATE_WRITE,
  MADV_DONTNEED,
  MADV_DONTNEED_LOCKED,
]);
const ALL = { start: 0, end: Number.MAX_SAFE_INTEGER };

export interface Rule {
  /** Pages the call may change; every other page stays as it was. */
  readonly range: { readonly start: number; readonly end: number };
  /** Whether the lock bits may change (false: madvise, every flag stays). */
  readonly lockBitsMayChange: boolean;
  /** The lock bits a successful call leaves in its range, or null when it promises none. */
  readonly bits: number | null;
}

const lockOrOnfault = (onfault: boolean): number =>
  onfault ? vmFlags(VM_LOCKED | VM_LOCKONFAULT) : vmFlags(VM_LOCKED);

/**
 * What the property asks of `call`, or null for a call it says nothing about (exported for
 * test/spec/lockCallsChangeOnlyLockBits.test.ts, which judges every page with it).
 */
export function ruleOf(call: KernelCall, succeeded: boolean): Rule | null {
  const ok = <T>(v: T): T | null => (succeeded ? v : null);
  switch (call.call) {
    case 'mlock':
      return { range: callRange(call), lockBitsMayChange: true, bits: ok(lockOrOnfault(false)) };
    case 'mlock2': {
      const onfault = (argInt(call, 2) & MLOCK_ONFAULT) !== 0;
      return { range: callRange(call), lockBitsMayChange: true, bits: ok(lockOrOnfault(onfault)) };
    }
    case 'munlock':
      return { range: callRange(call), lockBitsMayChange: true, bits: ok(vmFlags(0)) };
    case 'mlockall': {
      const f = argInt(call, 0);
      const bits = f & MCL_CURRENT ? lockOrOnfault((f & MCL_ONFAULT) !== 0) : null;
      return { range: ALL, lockBitsMayChange: true, bits: succeeded ? bits : null };
    }
    case 'munlockall':
      return { range: ALL, lockBitsMayChange: true, bits: ok(vmFlags(0)) };
    case 'madvise':
      return NO_FLAG_ADVICE.has(argInt(call, 2))
        ? { range: callRange(call), lockBitsMayChange: false, bits: null }
        : null;
    default:
      return null;
  }
}

/** The flags `page` must have after the call, or 'any-lock-bits' when only the rest is fixed. */
function expectedFlags(t: Transition, rule: Rule, v: Vma, vpn: number): number | 'any-lock-bits' {
  const inRange = vpn >= rule.range.start && vpn < rule.range.end;
  if (!inRange || !rule.lockBitsMayChange || mlockFixupSkips(t.before, v)) return v.flags;
  if (rule.bits === null) return 'any-lock-bits';
  return vmFlags(withoutFlags(v.flags, VM_LOCKED_MASK) | rule.bits);
}

/**
 * Whether every page fares as the rule says. Between two VMA boundaries of either state or the
 * range's, every page fares alike, so those points stand for all (judged on every transition
 * of a search, so nothing is built). The VMA edges are taken in increasing order, merging the
 * two lists (each in address order), so the VMAs holding each edge are found by cursors that
 * only move forward: linear, where a vmaAt per edge was not. An edge both lists have is
 * judged once, and a VMA both states hold (the same object) is kept where the rule lets its
 * flags be (`sameVmaKept`), without the rule's expected flags being worked out.
 */
function boundariesKept(t: Transition, rule: Rule, a: readonly Vma[], b: readonly Vma[]): boolean {
  if (!pageKept(t, rule, rule.range.start) || !pageKept(t, rule, rule.range.end)) return false;
  const edges = 2 * (a.length + b.length);
  for (let i = 0, j = 0, ka = 0, kb = 0; i + j < edges;) {
    const ea = edge(a, i);
    const eb = edge(b, j);
    const vpn = ea <= eb ? ea : eb;
    if (ea <= eb) i++;
    if (eb <= ea) j++;
    ka = vmaCursor(a, ka, vpn);
    kb = vmaCursor(b, kb, vpn);
    const after = vmaAtCursor(a, ka, vpn);
    const before = vmaAtCursor(b, kb, vpn);
    if (after === before && sameVmaKept(rule, vpn)) continue;
    if (!vmaKept(t, rule, vpn, before, after)) return false;
  }
  return true;
}

/**
 * vmaKept's answer for a page that one VMA object holds before and after (or no VMA holds),
 * where it needs no flags: outside the range, or where the rule lets every lock bit be
 * (expectedFlags gives the VMA's own flags, or any lock bits, and the VMA has them).
 */
const sameVmaKept = (rule: Rule, vpn: number): boolean =>
  rule.bits === null || !rule.lockBitsMayChange || vpn < rule.range.start || vpn >= rule.range.end;

/**
 * boundariesKept when the list of VMAs is the very list it was: a page outside the range or
 * outside every VMA is kept as it is, so what is left is that each VMA the range meets has the
 * flags the rule wants at one of its pages in the range (every page of it in the range fares
 * alike), one VMA at a time rather than at each edge of both lists.
 */
function rangeHasBits(t: Transition, rule: Rule, vmas: readonly Vma[]): boolean {
  const { start, end } = rule.range;
  for (const v of vmas) {
    if (v.end <= start || v.start >= end) continue;
    const vpn = v.start > start ? v.start : start;
    if (!vmaKept(t, rule, vpn, v, v)) return false;
  }
  return true;
}

/** Edge `e` of a list of VMAs: VMA e >> 1's start when e is even, else its end. */
function edge(vmas: readonly Vma[], e: number): number {
  const v = vmas[e >> 1];
  return v === undefined ? Infinity : (e & 1) === 0 ? v.start : v.end;
}

/** Whether page `vpn` fares as the rule says (exported for the test, as ruleOf). */
export function pageKept(t: Transition, rule: Rule, vpn: number): boolean {
  return vmaKept(t, rule, vpn, vmaAt(currentMm(t.before), vpn), vmaAt(currentMm(t.after), vpn));
}

/** Whether page `vpn`, held by `bv` before and `av` after (or none), fares as the rule says. */
function vmaKept(
  t: Transition,
  rule: Rule,
  vpn: number,
  bv: Vma | undefined,
  av: Vma | undefined,
): boolean {
  if (bv === undefined || av === undefined) return bv === av;
  const want = expectedFlags(t, rule, bv, vpn);
  return want === 'any-lock-bits'
    ? withoutFlags(av.flags, VM_LOCKED_MASK) === withoutFlags(bv.flags, VM_LOCKED_MASK)
    : av.flags === want;
}

export const lockCallsChangeOnlyLockBits: TransitionInvariant = {
  kind: 'transition',
  // A call that returned no value promises no lock bits (ruleOf: bits null), and what is left
  // (the same flags, extents, def_flags and locked_vm) a step that changed nothing keeps. A
  // successful lock call that changed nothing is still judged: its range must have the bits.
  holdsWhenUnchanged: ['errno', 'signal', 'hang'],
  calls: ['mlock', 'mlock2', 'munlock', 'mlockall', 'munlockall', 'madvise'],
  // ruleOf reads madvise's advice, which a letter fixes: advice outside NO_FLAG_ADVICE holds.
  judgesLetter: judgesAdvice(...NO_FLAG_ADVICE),
  name: 'lockCallsChangeOnlyLockBits',
  source:
    'mm/mlock.c:apply_vma_lock_flags, apply_mlockall_flags, mlock_fixup; mm/madvise.c:madvise_populate',
  holds: (t) => {
    const rule = ruleOf(t.call, t.result.kind === 'value');
    if (rule === null) return true;
    const b = currentMm(t.before);
    const a = currentMm(t.after);
    if (t.call.call === 'madvise' && (a.defFlags !== b.defFlags || a.lockedVm !== b.lockedVm))
      return false;
    // The same list of VMAs keeps every flag, which is all a failed call or madvise may do; a
    // lock call that succeeded must still have left its bits on every VMA of the range.
    if (a.vmas === b.vmas) return rule.bits === null || rangeHasBits(t, rule, a.vmas);
    return boundariesKept(t, rule, a.vmas, b.vmas);
  },
  // Each page of the trace's regions: unmapped if it was, else the lock bits it must have.
  restate: (t, trace) => {
    const rule = ruleOf(t.call, t.result.kind === 'value');
    const checks: CheckStmt[] = [];
    for (const r of trace.regions)
      for (let i = 0; i < r.pages; i++) {
        const bv = vmaAt(currentMm(t.before), r.firstVpn + i);
        if (bv === undefined) {
          checks.push(checkExtent(r.at(i), 'none'));
          continue;
        }
        const want = rule === null ? bv.flags : expectedFlags(t, rule, bv, r.firstVpn + i);
        if (want === 'any-lock-bits') continue;
        const bits = maskFlags(vmFlags(want), VM_LOCKED_MASK);
        const present = [
          ...(hasAny(bits, VM_LOCKED) ? ['lo'] : []),
          ...(hasAny(bits, VM_LOCKONFAULT) ? ['lf'] : []),
        ];
        checks.push(...lockBitChecks({ kind: 'vmflags', addr: r.at(i) }, present));
      }
    return {
      checks,
      notes: [
        'flags other than the lock bits, and pages outside the regions, must be kept too: the',
        "trace's checks read only lo and lf",
      ],
    };
  },
};
