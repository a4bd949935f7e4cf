// do_mlock's limit counts every page of the range, holes included, less the pages already
// locked (rangeFacts.mlockLimitRefuses): lockLimitRespected (c) forbids a partial lock where
// the check refuses, failedLockLeavesPrefix a refusal that changes nothing where it passes.
// Both hold on linux-6.18's own step and fail on the result a faulty kernel gives, planted by
// hand.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { Transition } from '../../spec/invariants/index.js';
import { failedLockLeavesPrefix } from '../../spec/invariants/failedLockLeavesPrefix.js';
import { lockLimitRespected } from '../../spec/invariants/lockLimitRespected.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P } from '../kernel/kit.js';

const MODEL = 'linux-6.18';

/** Unprivileged with a limit of `pages`: a 3-page mapping `a`, its first two pages locked. */
function twoLocked(pages: bigint): { s: KernelState; a: bigint } {
  const setup = { rlimitMemlock: pages * P, capIpcLock: false };
  const m = stepOk(MODEL, initialState(setup), {
    call: 'mmap',
    args: [0n, 3n * P, 3n, ANON, -1n, 0n],
  });
  return { s: stepOk(MODEL, m.s, { call: 'mlock', args: [m.v, 2n * P] }).s, a: m.v };
}

/** mlock of the last page and the hole after it. */
const intoHole = (a: bigint): KernelCall => ({ call: 'mlock', args: [a + 2n * P, 2n * P] });

describe('the limit counts the hole', () => {
  it('locked_vm 2 + 2 pages > 3: refused before the walk, a partial lock is caught', () => {
    const { s, a } = twoLocked(3n);
    const refused = transitionOf(MODEL, s, intoHole(a));
    expect(refused.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(lockLimitRespected.holds(refused)).toBe(true);
    expect(failedLockLeavesPrefix.holds(refused)).toBe(true);
    // What a kernel charging the mapped page alone does: it locks page 2, then meets the hole.
    const partial = transitionOf(MODEL, twoLocked(4n).s, intoHole(a));
    const planted: Transition = { ...refused, after: partial.after };
    expect(lockLimitRespected.holds(planted)).toBe(false);
  });

  it('locked_vm 2 + 2 pages <= 4: the walk locks page 2; refusing without a change is caught', () => {
    const { s, a } = twoLocked(4n);
    const walked = transitionOf(MODEL, s, intoHole(a));
    expect(walked.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(failedLockLeavesPrefix.holds(walked)).toBe(true);
    expect(lockLimitRespected.holds(walked)).toBe(true);
    const planted: Transition = { ...walked, after: s };
    expect(failedLockLeavesPrefix.holds(planted)).toBe(false);
  });
});
