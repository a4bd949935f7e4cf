// mremapErrnoListed: mremap fails only with EAGAIN, EFAULT, EINVAL, ENOMEM or EPERM.
// Holds on linux-6.18's own refusals; fails when a refusal is planted with another errno, with
// none ('' stands for a mutant's), or with what is no errno at all (an address).

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import type { Errno } from '../../src/uapi/errno.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mremapErrnoListed } from '../../spec/invariants/mremapErrnoListed.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, B, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const errno = (e: unknown): Result => ({ kind: 'errno', errno: e as Errno });

describe('mremapErrnoListed', () => {
  const s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
  const call = (...args: bigint[]): Transition =>
    transitionOf(MODEL, m.s, { call: 'mremap', args });

  it("holds on linux-6.18's refusals: EFAULT for a hole, EINVAL for a bad flag", () => {
    const hole = call(m.v + 2n * P, P, P, 0n, 0n);
    expect(hole.result).toEqual(errno('EFAULT'));
    expect(mremapErrnoListed.holds(hole)).toBe(true);
    const flag = call(m.v, P, P, 8n, 0n);
    expect(flag.result).toEqual(errno('EINVAL'));
    expect(mremapErrnoListed.holds(flag)).toBe(true);
    for (const e of ['EAGAIN', 'ENOMEM', 'EPERM'])
      expect(mremapErrnoListed.holds(as(flag, errno(e)))).toBe(true);
  });

  it('an unlisted errno, an empty one or an address as the errno is caught', () => {
    const move = call(m.v, P, P, BigInt(U.MREMAP_MAYMOVE | U.MREMAP_FIXED), B);
    expect(move.result).toEqual({ kind: 'value', value: B });
    expect(mremapErrnoListed.holds(move)).toBe(true);
    expect(mremapErrnoListed.holds(as(move, errno('EBUSY')))).toBe(false);
    expect(mremapErrnoListed.holds(as(move, errno('')))).toBe(false);
    expect(mremapErrnoListed.holds(as(move, errno(B)))).toBe(false);
  });
});
