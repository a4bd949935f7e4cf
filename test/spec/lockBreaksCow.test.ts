// lockBreaksCow: mlock of a private writable mapping leaves no page as the shared zero page
// (population writes). Holds on linux-6.18's own step, including over a page read before, and
// fails with one page planted back to the zero page; a read-only mapping is not judged.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { PTE_ZERO } from '../../src/kernel/state.js';
import { lockBreaksCow } from '../../spec/invariants/lockBreaksCow.js';
import { mapVma, planted, stepOk, transitionOf } from './plantedFaults.js';

const P = 4096n;
const MODEL = 'linux-6.18';

function mlocked(prot: bigint) {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = stepOk(MODEL, s0, { call: 'mmap', args: [0n, 2n * P, prot, 0x22n, -1n, 0n] });
  // A read first: the page is the zero page until something writes it.
  const r = stepOk(MODEL, m.s, { call: 'read', args: [m.v] });
  const t = transitionOf(MODEL, r.s, { call: 'mlock', args: [m.v, 2n * P] });
  return { t, at: Number(m.v / P) };
}

const zeroAt = (at: number) => (mm: Parameters<typeof mapVma>[0]) =>
  mapVma(mm, at, (v) => ({ ...v, ptes: v.ptes.with(at - v.start, at - v.start + 1, PTE_ZERO) }));

describe('lockBreaksCow', () => {
  it('mlock of a private writable mapping writes every page, the one read before too', () => {
    const { t, at } = mlocked(3n);
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(lockBreaksCow.holds(t)).toBe(true);
    expect(lockBreaksCow.holds(planted(t, zeroAt(at)))).toBe(false);
  });

  it('a read-only mapping keeps the zero page', () => {
    const { t, at } = mlocked(1n);
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(lockBreaksCow.holds(planted(t, zeroAt(at)))).toBe(true);
  });
});
