// validLockSucceeds: linux-6.18 locks and unlocks a mapped, populatable range within the limit;
// a refusal there, planted by hand, is caught, and the refusals with a cause are not judged.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import type { Transition } from '../../spec/invariants/index.js';
import { validLockSucceeds } from '../../spec/invariants/validLockSucceeds.js';
import { stepOk, transitionOf } from './plantedFaults.js';
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
});
