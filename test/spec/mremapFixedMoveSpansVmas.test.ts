// mremapFixedMoveSpansVmas: since 6.17 a same-size MREMAP_FIXED move starting in a mapping may
// span several mappings and holes, so it is never EFAULT. Holds on linux-6.18's move over two
// VMAs and a hole; fails on a planted EFAULT and on linux-6.12's own (the to-6.16 refusal
// models/expectedVerdicts.ts lists); a hole at old_address, MREMAP_DONTUNMAP and a resize are
// not judged.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mremapFixedMoveSpansVmas } from '../../spec/invariants/mremapFixedMoveSpansVmas.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, B, P, RW } from '../kernel/kit.js';

const EFAULT: Result = { kind: 'errno', errno: 'EFAULT' };
const MOVE_FIXED = BigInt(U.MREMAP_MAYMOVE | U.MREMAP_FIXED);
const holds = (t: Transition): boolean => mremapFixedMoveSpansVmas.holds(t);

/** A 3-page mapping whose second page is its own VMA (read-only) and whose third is a hole. */
function split(model: string) {
  const s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = stepOk(model, s, { call: 'mmap', args: [0n, 3n * P, RW, ANON, -1n, 0n] });
  const p = stepOk(model, m.s, { call: 'mprotect', args: [m.v + P, P, BigInt(U.PROT_READ)] });
  const u = stepOk(model, p.s, { call: 'munmap', args: [m.v + 2n * P, P] });
  const call = (...args: bigint[]): Transition =>
    transitionOf(model, u.s, { call: 'mremap', args });
  return { a: m.v, call };
}

describe('mremapFixedMoveSpansVmas', () => {
  it('holds on linux-6.18: a move over two VMAs and a hole succeeds', () => {
    const { a, call } = split('linux-6.18');
    const move = call(a, 3n * P, 3n * P, MOVE_FIXED, B);
    expect(move.result).toEqual({ kind: 'value', value: B });
    expect(holds(move)).toBe(true);
  });

  it('a planted EFAULT is caught, and so is linux-6.12 (vma_to_resize before 6.17)', () => {
    const { a, call } = split('linux-6.18');
    expect(holds({ ...call(a, 2n * P, 2n * P, MOVE_FIXED, B), result: EFAULT })).toBe(false);
    const old = split('linux-6.12');
    const refused = old.call(old.a, 2n * P, 2n * P, MOVE_FIXED, B);
    expect(refused.result).toEqual(EFAULT);
    expect(holds(refused)).toBe(false);
  });

  it('judges neither a hole at old_address, MREMAP_DONTUNMAP nor a resize', () => {
    const { a, call } = split('linux-6.18');
    const hole = call(a + 2n * P, P, P, MOVE_FIXED, B);
    expect(hole.result).toEqual(EFAULT);
    expect(holds(hole)).toBe(true);
    const dontunmap = BigInt(U.MREMAP_DONTUNMAP) | MOVE_FIXED;
    expect(holds({ ...call(a, 2n * P, 2n * P, dontunmap, B), result: EFAULT })).toBe(true);
    expect(holds({ ...call(a, 2n * P, 3n * P, MOVE_FIXED, B), result: EFAULT })).toBe(true);
  });
});
