// invalidFlagsRefused, limitWaivedByCapIpcLock and zeroLimitIsEperm: each holds on linux-6.18's
// own step, and fails on the same step with the result a faulty kernel would give planted by
// hand (a flag accepted, a capable caller refused for the limit, ENOMEM for a zero limit).

import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import { initialState } from '../../src/kernel/initialState.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { Result } from '../../src/kernel/result.js';
import { MCL_CURRENT, MCL_ONFAULT, MLOCK_ONFAULT } from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { invalidFlagsRefused } from '../../spec/invariants/invalidFlagsRefused.js';
import { limitWaivedByCapIpcLock } from '../../spec/invariants/limitWaivedByCapIpcLock.js';
import { zeroLimitIsEperm } from '../../spec/invariants/zeroLimitIsEperm.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const MAP_LOCKED = 0x2000n;

/** A process with `setup`, holding one 2-page private anonymous mapping `a`. */
function mapped(setup: { rlimitMemlock: bigint | null; capIpcLock: boolean }): {
  s: KernelState;
  a: bigint;
} {
  const m = stepOk(MODEL, initialState(setup), {
    call: 'mmap',
    args: [0n, 2n * P, 3n, ANON, -1n, 0n],
  });
  return { s: m.s, a: m.v };
}

const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;
const zero: Result = { kind: 'value', value: 0n };

describe('invalidFlagsRefused', () => {
  const { s, a } = mapped({ rlimitMemlock: null, capIpcLock: true });
  const calls: KernelCall[] = [
    { call: 'mlock2', args: [a, 2n * P, 2n] },
    { call: 'mlockall', args: [0n] },
    { call: 'mlockall', args: [BigInt(MCL_ONFAULT)] },
    { call: 'mlockall', args: [8n | BigInt(MCL_CURRENT)] },
  ];
  for (const call of calls)
    it(`${call.call}(${call.args.at(-1)}) is EINVAL, and may not succeed`, () => {
      const t = transitionOf(MODEL, s, call);
      expect(t.result).toEqual(errno('EINVAL'));
      expect(invalidFlagsRefused.holds(t)).toBe(true);
      expect(invalidFlagsRefused.holds(as(t, zero))).toBe(false);
      expect(invalidFlagsRefused.holds(as(t, errno('EPERM')))).toBe(false);
    });

  it('judges no valid call', () => {
    const t = transitionOf(MODEL, s, { call: 'mlock2', args: [a, 2n * P, BigInt(MLOCK_ONFAULT)] });
    expect(t.result).toEqual(zero);
    expect(invalidFlagsRefused.holds(as(t, errno('ENOMEM')))).toBe(true);
  });
});

describe('limitWaivedByCapIpcLock', () => {
  // CAP_IPC_LOCK with a limit of one page: 2 pages locked anyway.
  const { s, a } = mapped({ rlimitMemlock: P, capIpcLock: true });

  it('a capable mlock past the limit succeeds; ENOMEM there is wrong', () => {
    const t = transitionOf(MODEL, s, { call: 'mlock', args: [a, 2n * P] });
    expect(t.result).toEqual(zero);
    expect(limitWaivedByCapIpcLock.holds(t)).toBe(true);
    expect(limitWaivedByCapIpcLock.holds(as(t, errno('ENOMEM')))).toBe(false);
  });

  it('ENOMEM for a range with a hole stays allowed', () => {
    const t = transitionOf(MODEL, s, { call: 'mlock', args: [a, 3n * P] });
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(limitWaivedByCapIpcLock.holds(t)).toBe(true);
  });

  it('MAP_LOCKED and mlockall(MCL_CURRENT) past the limit: no EAGAIN, no ENOMEM', () => {
    const m = transitionOf(MODEL, s, {
      call: 'mmap',
      args: [0n, 2n * P, 3n, ANON | MAP_LOCKED, -1n, 0n],
    });
    expect(m.result.kind).toBe('value');
    expect(limitWaivedByCapIpcLock.holds(m)).toBe(true);
    expect(limitWaivedByCapIpcLock.holds(as(m, errno('EAGAIN')))).toBe(false);
    const all = transitionOf(MODEL, s, { call: 'mlockall', args: [BigInt(MCL_CURRENT)] });
    expect(all.result).toEqual(zero);
    expect(limitWaivedByCapIpcLock.holds(as(all, errno('ENOMEM')))).toBe(false);
  });

  it('judges no caller without the capability', () => {
    const u = mapped({ rlimitMemlock: P, capIpcLock: false });
    const t = transitionOf(MODEL, u.s, { call: 'mlock', args: [u.a, 2n * P] });
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(limitWaivedByCapIpcLock.holds(t)).toBe(true);
  });
});

describe('zeroLimitIsEperm', () => {
  const { s, a } = mapped({ rlimitMemlock: 0n, capIpcLock: false });
  const calls: KernelCall[] = [
    { call: 'mlock', args: [a, 2n * P] },
    { call: 'mlock', args: [a, 0n] },
    { call: 'mlock', args: [a, 3n * P] },
    { call: 'mlock2', args: [a, 2n * P, BigInt(MLOCK_ONFAULT)] },
    { call: 'mlockall', args: [BigInt(MCL_CURRENT)] },
  ];
  for (const call of calls)
    it(`${call.call} ${call.args.join(',')} is EPERM; ENOMEM (the limit first) is wrong`, () => {
      const t = transitionOf(MODEL, s, call);
      expect(t.result).toEqual(errno('EPERM'));
      expect(zeroLimitIsEperm.holds(t)).toBe(true);
      expect(zeroLimitIsEperm.holds(as(t, errno('ENOMEM')))).toBe(false);
      expect(zeroLimitIsEperm.holds(as(t, zero))).toBe(false);
    });

  it('a nonzero limit or the capability is not judged', () => {
    const u = mapped({ rlimitMemlock: P, capIpcLock: false });
    const t = transitionOf(MODEL, u.s, { call: 'mlock', args: [u.a, 2n * P] });
    expect(zeroLimitIsEperm.holds(t)).toBe(true);
  });
});
