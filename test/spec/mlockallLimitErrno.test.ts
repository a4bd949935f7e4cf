// lockLimitExact's mlockall half: beyond RLIMIT_MEMLOCK, mlockall(MCL_CURRENT) with valid flags
// is refused with ENOMEM (mm/mlock.c:SYSCALL mlockall). Holds on linux-6.18's own step; an
// answer with another errno, planted by hand, is caught.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import { MCL_CURRENT } from '../../src/uapi/constants.js';
import { lockLimitExact } from '../../spec/invariants/lockLimitExact.js';
import { transitionOf } from './plantedFaults.js';
import { P } from '../kernel/kit.js';

const MODEL = 'linux-6.18';

describe('lockLimitExact: mlockall beyond the limit', () => {
  // Unprivileged with 2 pages: the rest of the process alone is beyond it.
  const s = initialState({ rlimitMemlock: 2n * P, capIpcLock: false });
  const t = transitionOf(MODEL, s, { call: 'mlockall', args: [BigInt(MCL_CURRENT)] });

  it('is ENOMEM on linux-6.18', () => {
    expect(t.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(lockLimitExact.holds(t)).toBe(true);
  });

  it('another errno, or success, is caught', () => {
    for (const result of [
      { kind: 'errno', errno: 'EAGAIN' },
      { kind: 'errno', errno: 'EPERM' },
      { kind: 'value', value: 0n },
    ] as Result[])
      expect(lockLimitExact.holds({ ...t, result })).toBe(false);
  });
});
