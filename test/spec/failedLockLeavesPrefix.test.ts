// failedLockLeavesPrefix: an mlock that meets a hole leaves the VMAs before it locked and
// nothing else changed; a failed mlockall changes nothing. Each case holds on linux-6.18's own
// step and fails with one wrong thing planted by hand.
//
//   before:  [ a: 1P rw- ][ hole: 1P ][ c: 1P rw- ]     mlock(a, 3P) = -1 ENOMEM
//   after:   [ a: lo ]                [ c: as before ]

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import { initialState } from '../../src/kernel/initialState.js';
import { currentMm, type KernelState, type Mm } from '../../src/kernel/state.js';
import { MCL_CURRENT } from '../../src/uapi/constants.js';
import { VM_LOCKED } from '../../src/uapi/vmFlags.js';
import { failedLockLeavesPrefix, points } from '../../spec/invariants/failedLockLeavesPrefix.js';
import { flipFlags, mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';
import { threeModelTransitions } from './boundTransitions.js';

const MODEL = 'linux-6.18';

const ok = (s: KernelState, call: KernelCall) => stepOk(MODEL, s, call);
const transition = (s: KernelState, call: KernelCall) => transitionOf(MODEL, s, call);

/** Three pages mapped, the middle one unmapped: [a][hole][c]. */
function withHole(rlimitMemlock: bigint | null = null): { s: KernelState; a: bigint } {
  const s0 = initialState({ rlimitMemlock, capIpcLock: rlimitMemlock === null });
  const m = ok(s0, { call: 'mmap', args: [0n, 3n * P, RW, ANON, -1n, 0n] });
  const u = ok(m.s, { call: 'munmap', args: [m.v + P, P] });
  return { s: u.s, a: m.v };
}

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

/** failedLockLeavesPrefix's points as they were before props37: gathered, deduplicated, sorted. */
function pointsBefore(b: Mm, a: Mm, range: { start: number; end: number }): number[] {
  const ps = [range.start];
  for (const v of [...b.vmas, ...a.vmas])
    for (const p of [v.start, v.end]) if (p > range.start && p < range.end) ps.push(p);
  return [...new Set(ps)].sort((x, y) => x - y);
}

describe('failedLockLeavesPrefix: the points merged say what the points sorted said', () => {
  const mms = threeModelTransitions(3000).flatMap((s) => [
    currentMm(s.from.kernel),
    currentMm(s.to.judged ?? s.to.kernel),
  ]);
  // Ranges over the bounds' pages (vpns up to a few hundred past the first region), empty and
  // reversed ones included.
  const edges = [...new Set(mms.flatMap((m) => m.vmas.flatMap((v) => [v.start, v.end])))];

  it('on pairs of real states and ranges from their edges and next to them', () => {
    let longer = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: mms.length - 1 }),
        fc.nat({ max: mms.length - 1 }),
        fc.constantFrom(...edges),
        fc.integer({ min: -2, max: 2 }),
        fc.constantFrom(...edges),
        fc.integer({ min: -2, max: 2 }),
        (i, j, s, ds, e, de) => {
          const b = mms[i];
          const a = mms[j];
          if (b === undefined || a === undefined) return;
          const range = { start: s + ds, end: e + de };
          const want = pointsBefore(b, a, range);
          expect(points(b, a, range)).toEqual(want);
          if (want.length > 2) longer++;
        },
      ),
      { numRuns: 20_000, seed: 37 },
    );
    // Ranges that meet several edges of both states are common, not a corner.
    expect(longer).toBeGreaterThan(1000);
  });
});
