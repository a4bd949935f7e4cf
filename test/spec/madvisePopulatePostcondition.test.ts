// madvisePopulatePostcondition: a MADV_POPULATE_READ/WRITE that returns 0 leaves every page of
// its range present, and after WRITE none is the shared zero page; one that fails at a hole
// leaves the pages before it so. Holds on linux-6.18's own step and fails with one page
// planted back to none (or to the zero page).

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { PTE_NONE, PTE_ZERO } from '../../src/kernel/state.js';
import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../../src/uapi/constants.js';
import { madvisePopulatePostcondition } from '../../spec/invariants/madvisePopulatePostcondition.js';
import { mapVma, planted, stepOk, transitionOf } from './plantedFaults.js';

const P = 4096n;
const MODEL = 'linux-6.18';

function populate(advice: number) {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = stepOk(MODEL, s0, { call: 'mmap', args: [0n, 2n * P, 3n, 0x22n, -1n, 0n] });
  const t = transitionOf(MODEL, m.s, { call: 'madvise', args: [m.v, 2n * P, BigInt(advice)] });
  return { t, at: Number(m.v / P) + 1 };
}

describe('madvisePopulatePostcondition', () => {
  it('MADV_POPULATE_READ: every page present', () => {
    const { t, at } = populate(MADV_POPULATE_READ);
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(madvisePopulatePostcondition.holds(t)).toBe(true);
    const missing = planted(t, (mm) =>
      mapVma(mm, at, (v) => ({
        ...v,
        ptes: v.ptes.with(at - v.start, at - v.start + 1, PTE_NONE),
      })),
    );
    expect(madvisePopulatePostcondition.holds(missing)).toBe(false);
  });

  it('MADV_POPULATE_WRITE: no page left as the zero page', () => {
    const { t, at } = populate(MADV_POPULATE_WRITE);
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(madvisePopulatePostcondition.holds(t)).toBe(true);
    const zero = planted(t, (mm) =>
      mapVma(mm, at, (v) => ({
        ...v,
        ptes: v.ptes.with(at - v.start, at - v.start + 1, PTE_ZERO),
      })),
    );
    expect(madvisePopulatePostcondition.holds(zero)).toBe(false);
  });

  it('MADV_POPULATE_WRITE up to a hole: ENOMEM, the pages before it written', () => {
    // a = mmap(3P); munmap(a + 2P, 1P); madvise(a, 3P, MADV_POPULATE_WRITE) = -1 ENOMEM
    const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
    const m = stepOk(MODEL, s0, { call: 'mmap', args: [0n, 3n * P, 3n, 0x22n, -1n, 0n] });
    const u = stepOk(MODEL, m.s, { call: 'munmap', args: [m.v + 2n * P, P] });
    const t = transitionOf(MODEL, u.s, {
      call: 'madvise',
      args: [m.v, 3n * P, BigInt(MADV_POPULATE_WRITE)],
    });
    expect(t.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(madvisePopulatePostcondition.holds(t)).toBe(true);
    const at = Number(m.v / P) + 1;
    const zero = planted(t, (mm) =>
      mapVma(mm, at, (v) => ({
        ...v,
        ptes: v.ptes.with(at - v.start, at - v.start + 1, PTE_ZERO),
      })),
    );
    expect(madvisePopulatePostcondition.holds(zero)).toBe(false);
  });
});
