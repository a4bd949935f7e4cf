// failedLockLeavesPrefix: an mlock that meets a hole leaves the VMAs before it locked and
// nothing else changed; a failed mlockall changes nothing. Each case holds on linux-6.18's own
// step and fails with one wrong thing planted by hand.
//
//   before:  [ a: 1P rw- ][ hole: 1P ][ c: 1P rw- ]     mlock(a, 3P) = -1 ENOMEM
//   after:   [ a: lo ]                [ c: as before ]

import { describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { initialState } from '../../src/kernel/initialState.js';
import type { KernelState, Mm, Vma } from '../../src/kernel/state.js';
import { step } from '../../src/kernel/step.js';
import { MCL_CURRENT } from '../../src/uapi/constants.js';
import { VM_LOCKED, vmFlags } from '../../src/uapi/vmFlags.js';
import { failedLockLeavesPrefix } from '../../spec/invariants/failedLockLeavesPrefix.js';
import type { Transition } from '../../spec/invariants/index.js';

const P = 4096n;
const ANON = 0x22n; // MAP_PRIVATE|MAP_ANONYMOUS
const RW = 3n;
const MODEL = 'linux-6.18';

function ok(s: KernelState, call: KernelCall): { s: KernelState; v: bigint } {
  const r = step(getModel(MODEL), s, call);
  if (r.result.kind !== 'value')
    throw new Error(`${call.call} failed: ${JSON.stringify(r.result)}`);
  return { s: r.state, v: r.result.value };
}

function transition(s: KernelState, call: KernelCall): Transition {
  const r = step(getModel(MODEL), s, call);
  return { before: s, call, result: r.result, after: r.state };
}

/** Three pages mapped, the middle one unmapped: [a][hole][c]. */
function withHole(rlimitMemlock: bigint | null = null): { s: KernelState; a: bigint } {
  const s0 = initialState({ rlimitMemlock, capIpcLock: rlimitMemlock === null });
  const m = ok(s0, { call: 'mmap', args: [0n, 3n * P, RW, ANON, -1n, 0n] });
  const u = ok(m.s, { call: 'munmap', args: [m.v + P, P] });
  return { s: u.s, a: m.v };
}

const mmOf = (s: KernelState): Mm => {
  const mm = s.procs.at(-1);
  if (mm === undefined) throw new Error('no process');
  return mm;
};

function planted(t: Transition, f: (mm: Mm) => Mm): Transition {
  return { ...t, after: { ...t.after, procs: [...t.after.procs.slice(0, -1), f(mmOf(t.after))] } };
}

const flipFlags = (mm: Mm, at: number, bits: number): Mm => ({
  ...mm,
  vmas: mm.vmas.map((v): Vma =>
    v.start <= at && at < v.end ? { ...v, flags: vmFlags(Number(v.flags) ^ bits) } : v,
  ),
});

const vpn = (a: bigint) => Number(a / P);

describe('failedLockLeavesPrefix', () => {
  it('mlock across a hole: the page before it locked, the page after it not', () => {
    const { s, a } = withHole();
    const t = transition(s, { call: 'mlock', args: [a, 3n * P] });
    expect(t.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(mmOf(t.after).lockedVm).toBe(mmOf(t.before).lockedVm + 1);
    expect(failedLockLeavesPrefix.holds(t)).toBe(true);
    // Planted: the prefix left unlocked, the page past the hole locked, locked_vm off by one.
    expect(failedLockLeavesPrefix.holds(planted(t, (mm) => flipFlags(mm, vpn(a), VM_LOCKED)))).toBe(
      false,
    );
    const past = (mm: Mm) => ({
      ...flipFlags(mm, vpn(a) + 2, VM_LOCKED),
      lockedVm: mm.lockedVm + 1,
    });
    expect(failedLockLeavesPrefix.holds(planted(t, past))).toBe(false);
    const charged = (mm: Mm) => ({ ...mm, lockedVm: mm.lockedVm + 1 });
    expect(failedLockLeavesPrefix.holds(planted(t, charged))).toBe(false);
    // Planted: the whole call refused after all (nothing changed), with CAP_IPC_LOCK held.
    expect(failedLockLeavesPrefix.holds({ ...t, after: t.before })).toBe(false);
  });

  it('munlock across a hole unlocks the prefix only', () => {
    const { s, a } = withHole();
    const locked = ok(s, { call: 'mlockall', args: [BigInt(MCL_CURRENT)] });
    const t = transition(locked.s, { call: 'munlock', args: [a, 3n * P] });
    expect(t.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(failedLockLeavesPrefix.holds(t)).toBe(true);
    const past = (mm: Mm) => ({
      ...flipFlags(mm, vpn(a) + 2, VM_LOCKED),
      lockedVm: mm.lockedVm - 1,
    });
    expect(failedLockLeavesPrefix.holds(planted(t, past))).toBe(false);
  });

  it('a failed mlockall changes nothing', () => {
    const { s, a } = withHole(P);
    const t = transition(s, { call: 'mlockall', args: [BigInt(MCL_CURRENT)] });
    expect(t.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(failedLockLeavesPrefix.holds(t)).toBe(true);
    // Planted: mlockall locking a VMA before the limit refuses it.
    const early = (mm: Mm) => ({ ...flipFlags(mm, vpn(a), VM_LOCKED), lockedVm: mm.lockedVm + 1 });
    expect(failedLockLeavesPrefix.holds(planted(t, early))).toBe(false);
  });
});
