// mremapGrowsInPlace: a growth with free space after the mapping happens in place. Holds on
// linux-6.18's own step (with and without MREMAP_MAYMOVE), and fails when the result is planted
// as a move elsewhere or as ENOMEM; a growth whose next page is mapped is not judged.
//
//   before:  [ a: 1P rw- ] (free)        after: [ a: 2P rw- ]

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mremapGrowsInPlace } from '../../spec/invariants/mremapGrowsInPlace.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const as = (t: Transition, result: Result): Transition => ({ ...t, result });

function oneMapping() {
  const s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = stepOk(MODEL, s, { call: 'mmap', args: [0n, P, RW, ANON, -1n, 0n] });
  return m;
}

describe('mremapGrowsInPlace', () => {
  for (const flags of [0n, BigInt(U.MREMAP_MAYMOVE)])
    it(`a growth into free space (flags ${flags}) stays in place; moved or refused, it is caught`, () => {
      const m = oneMapping();
      const t = transitionOf(MODEL, m.s, { call: 'mremap', args: [m.v, P, 2n * P, flags, 0n] });
      expect(t.result).toEqual({ kind: 'value', value: m.v });
      expect(mremapGrowsInPlace.holds(t)).toBe(true);
      expect(mremapGrowsInPlace.holds(as(t, { kind: 'value', value: m.v + 16n * P }))).toBe(false);
      expect(mremapGrowsInPlace.holds(as(t, { kind: 'errno', errno: 'ENOMEM' }))).toBe(false);
    });

  it('a growth whose next page is mapped is not judged', () => {
    const m = oneMapping();
    const next = stepOk(MODEL, m.s, {
      call: 'mmap',
      args: [m.v + P, P, RW, ANON | BigInt(U.MAP_FIXED), -1n, 0n],
    });
    const t = transitionOf(MODEL, next.s, { call: 'mremap', args: [m.v, P, 2n * P, 0n, 0n] });
    expect(mremapGrowsInPlace.holds(as(t, { kind: 'errno', errno: 'ENOMEM' }))).toBe(true);
  });
});
