// mremapOldAddressMapped: mremap never succeeds when no mapping holds old_address. Holds on
// linux-6.18 (EFAULT for a shrink over a hole, success from a mapped page over a hole past it);
// fails on a planted success and on linux-5.10's own (before 5.16 a shrink looks no VMA up).

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mremapOldAddressMapped } from '../../spec/invariants/mremapOldAddressMapped.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const holds = (t: Transition): boolean => mremapOldAddressMapped.holds(t);

/** A 2-page mapping followed by a 2-page hole. */
function beforeHole(model: string) {
  const s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = stepOk(model, s, { call: 'mmap', args: [0n, 4n * P, RW, ANON, -1n, 0n] });
  const u = stepOk(model, m.s, { call: 'munmap', args: [m.v + 2n * P, 2n * P] });
  const call = (...args: bigint[]): Transition =>
    transitionOf(model, u.s, { call: 'mremap', args });
  return { a: m.v, call };
}

describe('mremapOldAddressMapped', () => {
  it('holds on linux-6.18: EFAULT over a hole, a shrink from a mapped page past its end', () => {
    const { a, call } = beforeHole('linux-6.18');
    const hole = call(a + 2n * P, 2n * P, P, 0n, 0n);
    expect(hole.result).toEqual({ kind: 'errno', errno: 'EFAULT' });
    expect(holds(hole)).toBe(true);
    const past = call(a + P, 3n * P, P, 0n, 0n);
    expect(past.result).toEqual({ kind: 'value', value: a + P });
    expect(holds(past)).toBe(true);
  });

  it('a planted success over a hole is caught, and so is linux-5.10 (no lookup before 5.16)', () => {
    const { a, call } = beforeHole('linux-6.18');
    const hole = call(a + 2n * P, 2n * P, P, 0n, 0n);
    expect(holds({ ...hole, result: { kind: 'value', value: a + 2n * P } })).toBe(false);
    const old = beforeHole('linux-5.10');
    const shrink = old.call(old.a + 2n * P, 2n * P, P, 0n, 0n);
    expect(shrink.result).toEqual({ kind: 'value', value: old.a + 2n * P });
    expect(holds(shrink)).toBe(false);
  });
});
