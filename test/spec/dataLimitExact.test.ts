// dataLimitExact: under RLIMIT_DATA a private writable mmap is made within the limit and
// refused with ENOMEM beyond it; a shared or read-only one is never refused for it. Each case
// holds on linux-6.18's own step and fails with the other result planted by hand.

import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import { dataVmOf } from '../../src/kernel/dataLimit.js';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { Transition } from '../../spec/invariants/index.js';
import { dataLimitExact } from '../../spec/invariants/dataLimitExact.js';
import { mmOf, transitionOf } from './plantedFaults.js';

const P = 4096n;
const MODEL = 'linux-6.18';
const PRIVATE_ANON = 0x22n;
const SHARED_ANON = 0x21n;
const MAP_FIXED = 0x10n;

/** A process whose RLIMIT_DATA leaves room for exactly two more data pages. */
function twoPagesOfRoom(): KernelState {
  const probe = initialState({ rlimitMemlock: null, capIpcLock: true });
  const limit = BigInt(dataVmOf(mmOf(probe)) + 2) * P;
  return initialState({ rlimitMemlock: null, capIpcLock: true, rlimitData: limit });
}

const mmap = (pages: bigint, prot: bigint, flags: bigint, addr = 0n): KernelCall => ({
  call: 'mmap',
  args: [addr, pages * P, prot, flags, -1n, 0n],
});
const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const ENOMEM: Result = { kind: 'errno', errno: 'ENOMEM' };

describe('dataLimitExact', () => {
  const s = twoPagesOfRoom();

  it('a data mapping that just fits is made; ENOMEM there is wrong', () => {
    const t = transitionOf(MODEL, s, mmap(2n, 3n, PRIVATE_ANON));
    expect(t.result.kind).toBe('value');
    expect(dataLimitExact.holds(t)).toBe(true);
    expect(dataLimitExact.holds(as(t, ENOMEM))).toBe(false);
  });

  it('one page more is ENOMEM; success there is wrong', () => {
    const t = transitionOf(MODEL, s, mmap(3n, 3n, PRIVATE_ANON));
    expect(t.result).toEqual(ENOMEM);
    expect(dataLimitExact.holds(t)).toBe(true);
    expect(dataLimitExact.holds(as(t, { kind: 'value', value: 0x10000000n }))).toBe(false);
  });

  it('shared or read-only mappings are not data: never refused for the limit', () => {
    for (const [prot, flags] of [
      [3n, SHARED_ANON],
      [1n, PRIVATE_ANON],
    ] as const) {
      const t = transitionOf(MODEL, s, mmap(3n, prot, flags));
      expect(t.result.kind).toBe('value');
      expect(dataLimitExact.holds(t)).toBe(true);
      expect(dataLimitExact.holds(as(t, ENOMEM))).toBe(false);
    }
  });

  it('a MAP_FIXED over a data mapping is charged only for the pages it adds', () => {
    const first = transitionOf(MODEL, s, mmap(2n, 3n, PRIVATE_ANON));
    if (first.result.kind !== 'value') throw new Error('mmap failed');
    const over = mmap(2n, 3n, PRIVATE_ANON | MAP_FIXED, first.result.value);
    const t = transitionOf(MODEL, first.after, over);
    expect(t.result.kind).toBe('value');
    expect(dataLimitExact.holds(t)).toBe(true);
    expect(dataLimitExact.holds(as(t, ENOMEM))).toBe(false);
  });
});
