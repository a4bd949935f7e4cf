// invalidArgumentsRefused: linux-6.18 refuses munmap's and the lock calls' bad arguments with
// the errno of the first check that meets them; a kernel that accepted them, or refused them
// with another errno, is caught (faults planted by hand into the result).

import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { Transition } from '../../spec/invariants/index.js';
import { invalidArgumentsRefused } from '../../spec/invariants/invalidArgumentsRefused.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const TOP = 1n << 64n;
const TASK_SIZE = (1n << 47n) - P;

const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;
const zero: Result = { kind: 'value', value: 0n };

/** A process with `setup`, holding one 3-page private anonymous mapping `a`. */
function mapped(setup: { rlimitMemlock: bigint | null; capIpcLock: boolean }): {
  s: KernelState;
  a: bigint;
} {
  const m = stepOk(MODEL, initialState(setup), {
    call: 'mmap',
    args: [0n, 3n * P, 3n, ANON, -1n, 0n],
  });
  return { s: m.s, a: m.v };
}

/** `call` on linux-6.18 gives `want`, the property holds, and fails on each planted result. */
function judged(s: KernelState, call: KernelCall, want: Result, planted: Result[]): void {
  const t = transitionOf(MODEL, s, call);
  expect(t.result).toEqual(want);
  expect(invalidArgumentsRefused.holds(t)).toBe(true);
  for (const r of planted) expect(invalidArgumentsRefused.holds(as(t, r))).toBe(false);
}

describe('invalidArgumentsRefused', () => {
  const { s, a } = mapped({ rlimitMemlock: null, capIpcLock: true });

  it('munmap: unaligned, zero, past TASK_SIZE, above TASK_SIZE are EINVAL', () => {
    for (const args of [
      [a + 1n, P],
      [a, 0n],
      [a, TASK_SIZE],
      [TASK_SIZE + P, P],
    ])
      judged(s, { call: 'munmap', args }, errno('EINVAL'), [zero, errno('ENOMEM')]);
  });

  it('munmap of the last page below TASK_SIZE is not judged', () => {
    const t = transitionOf(MODEL, s, { call: 'munmap', args: [TASK_SIZE - P, P] });
    expect(t.result).toEqual(zero);
    expect(invalidArgumentsRefused.holds(as(t, errno('EINVAL')))).toBe(true);
  });

  it('munlock and a capable mlock of a range wrapping past 2^64 are EINVAL', () => {
    judged(s, { call: 'munlock', args: [a + 2n * P, TOP - P] }, errno('EINVAL'), [zero]);
    judged(s, { call: 'munlock', args: [TOP - P, P] }, errno('EINVAL'), [errno('ENOMEM')]);
    judged(s, { call: 'mlock', args: [a + 2n * P, TOP - P] }, errno('EINVAL'), [
      zero,
      errno('ENOMEM'),
    ]);
  });

  it('unprivileged: EPERM for a zero limit, then ENOMEM for the limit, before EINVAL', () => {
    const none = mapped({ rlimitMemlock: 0n, capIpcLock: false });
    judged(none.s, { call: 'mlock', args: [none.a + 2n * P, TOP - P] }, errno('EPERM'), [
      errno('EINVAL'),
      errno('ENOMEM'),
    ]);
    const some = mapped({ rlimitMemlock: 3n * P, capIpcLock: false });
    judged(some.s, { call: 'mlock', args: [some.a + 2n * P, TOP - P] }, errno('ENOMEM'), [
      errno('EINVAL'),
    ]);
  });

  it('RLIM_INFINITY is 2^52 - 1 pages: the credit decides between ENOMEM and EINVAL', () => {
    const u = mapped({ rlimitMemlock: null, capIpcLock: false });
    const wrap: KernelCall = { call: 'mlock', args: [u.a + 2n * P, TOP - P] };
    judged(u.s, wrap, errno('EINVAL'), [errno('ENOMEM')]);
    // A page locked below the range: no credit, ENOMEM.
    const below = stepOk(MODEL, u.s, { call: 'mlock', args: [u.a, P] }).s;
    judged(below, wrap, errno('ENOMEM'), [errno('EINVAL')]);
    // The locked page inside the range instead: the credit covers it, EINVAL.
    const inside = stepOk(MODEL, u.s, { call: 'mlock', args: [u.a + 2n * P, P] }).s;
    judged(inside, wrap, errno('EINVAL'), [errno('ENOMEM')]);
  });
});
