// privateWritableAccounted: on linux-6.18's own steps (a private RW mapping, one with
// MAP_NORESERVE, a shared one, a read-only one made writable by mprotect) every VMA's
// VM_ACCOUNT agrees with its other flags, and each fails with VM_ACCOUNT flipped by hand.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { VM_ACCOUNT } from '../../src/uapi/vmFlags.js';
import { privateWritableAccounted } from '../../spec/invariants/privateWritableAccounted.js';
import { flipFlags, planted, stepOk } from './plantedFaults.js';
import type { Transition } from '../../spec/invariants/index.js';

const P = 4096n;
const MODEL = 'linux-6.18';
const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });

/** mmap(2P, prot, flags) as a transition, and the mapping's first vpn. */
function mapped(prot: bigint, flags: bigint): { t: Transition; at: number } {
  const call = { call: 'mmap' as const, args: [0n, 2n * P, prot, flags, -1n, 0n] };
  const m = stepOk(MODEL, s0, call);
  return {
    t: { before: s0, call, result: { kind: 'value', value: m.v }, after: m.s },
    at: Number(m.v / P),
  };
}

const holds = (t: Transition) => privateWritableAccounted.holds(t.after);
const flipped = (t: Transition, at: number) =>
  planted(t, (mm) => flipFlags(mm, at, Number(VM_ACCOUNT)));

describe('privateWritableAccounted', () => {
  for (const [what, prot, flags] of [
    ['private RW', 3n, 0x22n],
    ['private RW with MAP_NORESERVE', 3n, 0x4022n],
    ['shared anonymous RW', 3n, 0x21n],
  ] as const)
    it(`${what}: VM_ACCOUNT as it should be, and not the other way`, () => {
      const { t, at } = mapped(prot, flags);
      expect(holds(t)).toBe(true);
      expect(holds(flipped(t, at))).toBe(false);
    });

  it('mprotect charges a private read-only mapping it makes writable', () => {
    const { t, at } = mapped(1n, 0x22n);
    const call = { call: 'mprotect' as const, args: [BigInt(at) * P, 2n * P, 3n] };
    const m = stepOk(MODEL, t.after, call);
    const u: Transition = {
      before: t.after,
      call,
      result: { kind: 'value', value: 0n },
      after: m.s,
    };
    expect(holds(u)).toBe(true);
    expect(holds(flipped(u, at))).toBe(false);
  });

  it('a private read-only mapping is not judged', () => {
    const { t, at } = mapped(1n, 0x22n);
    expect(holds(t)).toBe(true);
    expect(holds(flipped(t, at))).toBe(true);
  });
});
