// validLockSucceeds: linux-6.18 locks and unlocks a mapped, populatable range within the limit;
// a refusal there, planted by hand, is caught, and the refusals with a cause are not judged
// (a guard marker among them, which mlockallCurrentPostcondition exempts too).

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import type { Transition } from '../../spec/invariants/index.js';
import { validLockSucceeds } from '../../spec/invariants/validLockSucceeds.js';
import { mapVma, planted, stepOk, transitionOf } from './plantedFaults.js';
import { mlockallCurrentPostcondition } from '../../spec/invariants/mlockallCurrentPostcondition.js';
import { MADV_GUARD_INSTALL, MCL_CURRENT } from '../../src/uapi/constants.js';
import { type Mm, PTE_NONE } from '../../src/kernel/state.js';
import { ANON, P } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;

describe('validLockSucceeds', () => {
  const setup = { rlimitMemlock: 2n * P, capIpcLock: false };
  const m = stepOk(MODEL, initialState(setup), {
    call: 'mmap',
    args: [0n, 2n * P, 3n, ANON, -1n, 0n],
  });

  it('mlock and munlock of the mapping succeed; an errno there is caught', () => {
    for (const call of ['mlock', 'munlock'] as const) {
      const t = transitionOf(MODEL, m.s, { call, args: [m.v, 2n * P] });
      expect(t.result).toEqual({ kind: 'value', value: 0n });
      expect(validLockSucceeds.holds(t)).toBe(true);
      for (const e of ['ENOMEM', 'EAGAIN', 'EPERM'])
        expect(validLockSucceeds.holds(as(t, errno(e)))).toBe(false);
    }
  });

  it('judges no call with a cause to fail: a hole, the limit', () => {
    const hole = transitionOf(MODEL, m.s, { call: 'mlock', args: [m.v, 3n * P] });
    expect(hole.result).toEqual(errno('ENOMEM'));
    expect(validLockSucceeds.holds(hole)).toBe(true);
    const locked = stepOk(MODEL, m.s, { call: 'mlock', args: [m.v, 2n * P] }).s;
    const more = stepOk(MODEL, locked, { call: 'mmap', args: [0n, P, 3n, ANON, -1n, 0n] });
    const limit = transitionOf(MODEL, more.s, { call: 'mlock', args: [more.v, P] });
    expect(limit.result).toEqual(errno('ENOMEM'));
    expect(validLockSucceeds.holds(limit)).toBe(true);
  });
  it('judges no mlock over a guard marker: population fails there (ENOMEM)', () => {
    // spec/litmus/mlock+MADV_GUARD_INSTALL.mmt
    const g = stepOk(MODEL, m.s, { call: 'madvise', args: [m.v, P, BigInt(MADV_GUARD_INSTALL)] });
    const t = transitionOf(MODEL, g.s, { call: 'mlock', args: [m.v, P] });
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(validLockSucceeds.holds(t)).toBe(true);
  });

  it('mlockall(MCL_CURRENT) past a guard marker leaves the rest of that VMA out', () => {
    // spec/litmus/mlockall+MADV_GUARD_INSTALL.mmt: mlockallCurrentPostcondition exempts it.
    const s = initialState({ rlimitMemlock: null, capIpcLock: true });
    const a = stepOk(MODEL, s, { call: 'mmap', args: [0n, 3n * P, 3n, ANON, -1n, 0n] });
    const g = stepOk(MODEL, a.s, {
      call: 'madvise',
      args: [a.v + P, P, BigInt(MADV_GUARD_INSTALL)],
    });
    const t = transitionOf(MODEL, g.s, { call: 'mlockall', args: [BigInt(MCL_CURRENT)] });
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(mlockallCurrentPostcondition.holds(t)).toBe(true);
    // Planted: page 0, before the marker, left unpopulated.
    const v0 = Number(a.v / P);
    const lost = (mm: Mm) => mapVma(mm, v0, (v) => ({ ...v, ptes: v.ptes.with(0, 1, PTE_NONE) }));
    expect(mlockallCurrentPostcondition.holds(planted(t, lost))).toBe(false);
  });
});
