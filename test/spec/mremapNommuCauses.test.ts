// The mremap refusals both designs of mremap share, judged on nommu, whose expected verdicts
// excuse mremapRefusalsJustified, mremapBadArgumentsRefused and mremapLimitErrno whole
// (mm/nommu.c:do_mremap, v6.18): mremapUnalignedOrEmptyRefused, mremapEpermHasCause and
// mremapEnomemHasCause, mremapFixedLandsAtNewAddress. Each holds on nommu's own steps and on linux-6.18's, and fails when
// nommu's result is replaced by what a faulty do_mremap would answer.
//
//   [ p: 2P private anon ]   [ s: 2P shared anon (VM_MAYSHARE) ]

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import type { KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mremapEnomemHasCause } from '../../spec/invariants/mremapEnomemHasCause.js';
import { mremapEpermHasCause } from '../../spec/invariants/mremapEpermHasCause.js';
import { mremapFixedLandsAtNewAddress } from '../../spec/invariants/mremapFixedLandsAtNewAddress.js';
import { mremapUnalignedOrEmptyRefused } from '../../spec/invariants/mremapUnalignedOrEmptyRefused.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const SHARED_ANON = BigInt(U.MAP_SHARED | U.MAP_ANONYMOUS);
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;
const as = (t: Transition, result: Result): Transition => ({ ...t, result });

function world(model: string): { s: KernelState; p: bigint; sh: bigint } {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const p = stepOk(model, s0, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
  const sh = stepOk(model, p.s, { call: 'mmap', args: [0n, 2n * P, RW, SHARED_ANON, -1n, 0n] });
  return { s: sh.s, p: p.v, sh: sh.v };
}

for (const model of ['nommu', 'linux-6.18'])
  describe(`${model}: its own mremap answers keep the shared causes`, () => {
    const w = world(model);
    const mremap = (...args: bigint[]): Transition =>
      transitionOf(model, w.s, { call: 'mremap', args });

    it('new_size 0 and an unaligned old_address are EINVAL; a resize of them is caught', () => {
      for (const t of [mremap(w.p, 2n * P, 0n, 0n, 0n), mremap(w.p + 1n, P, P, 0n, 0n)]) {
        expect(t.result).toEqual(errno('EINVAL'));
        expect(mremapUnalignedOrEmptyRefused.holds(t)).toBe(true);
        expect(mremapUnalignedOrEmptyRefused.holds(as(t, { kind: 'value', value: w.p }))).toBe(
          false,
        );
        expect(mremapUnalignedOrEmptyRefused.holds(as(t, errno('ENOMEM')))).toBe(false);
      }
    });

    it('a shrink of the private mapping succeeds; EPERM or ENOMEM for it is caught', () => {
      const shrink = mremap(w.p, 2n * P, P, 0n, 0n);
      expect(shrink.result).toEqual({ kind: 'value', value: w.p });
      for (const p of [mremapEpermHasCause, mremapEnomemHasCause, mremapUnalignedOrEmptyRefused])
        expect(p.holds(shrink)).toBe(true);
      expect(mremapEpermHasCause.holds(as(shrink, errno('EPERM')))).toBe(false);
      expect(mremapEnomemHasCause.holds(as(shrink, errno('ENOMEM')))).toBe(false);
      const same = mremap(w.p, 2n * P, 2n * P, BigInt(U.MREMAP_MAYMOVE), 0n);
      expect(mremapEnomemHasCause.holds(as(same, errno('ENOMEM')))).toBe(false);
    });

    it('a growth may be ENOMEM, a shared mapping EPERM', () => {
      const grow = mremap(w.p, 2n * P, 3n * P, 0n, 0n);
      expect(mremapEnomemHasCause.holds(as(grow, errno('ENOMEM')))).toBe(true);
      const shared = mremap(w.sh, 2n * P, P, 0n, 0n);
      expect(mremapEpermHasCause.holds(shared)).toBe(true);
      expect(mremapEpermHasCause.holds(as(shared, errno('EPERM')))).toBe(true);
    });
  });

describe("nommu's own refusals", () => {
  it('EPERM for the shared mapping, ENOMEM for a growth past the region', () => {
    const w = world('nommu');
    const shared = transitionOf('nommu', w.s, { call: 'mremap', args: [w.sh, 2n * P, P, 0n, 0n] });
    expect(shared.result).toEqual(errno('EPERM'));
    const grow = transitionOf('nommu', w.s, {
      call: 'mremap',
      args: [w.p, 2n * P, 3n * P, 0n, 0n],
    });
    expect(grow.result).toEqual(errno('ENOMEM'));
    for (const t of [shared, grow]) {
      expect(mremapEpermHasCause.holds(t)).toBe(true);
      expect(mremapEnomemHasCause.holds(t)).toBe(true);
    }
  });
});

describe('mremapFixedLandsAtNewAddress', () => {
  const MOVE_FIXED = BigInt(U.MREMAP_MAYMOVE | U.MREMAP_FIXED);

  it('nommu: MREMAP_FIXED to old_address resizes there, elsewhere it is EINVAL; a resize answered for elsewhere is caught', () => {
    const w = world('nommu');
    const same = transitionOf('nommu', w.s, {
      call: 'mremap',
      args: [w.p, 2n * P, P, MOVE_FIXED, w.p],
    });
    expect(same.result).toEqual({ kind: 'value', value: w.p });
    expect(mremapFixedLandsAtNewAddress.holds(same)).toBe(true);
    const away = w.p + 8n * P;
    const elsewhere = transitionOf('nommu', w.s, {
      call: 'mremap',
      args: [w.p, 2n * P, P, MOVE_FIXED, away],
    });
    expect(elsewhere.result).toEqual(errno('EINVAL'));
    expect(mremapFixedLandsAtNewAddress.holds(elsewhere)).toBe(true);
    expect(mremapFixedLandsAtNewAddress.holds(as(elsewhere, { kind: 'value', value: w.p }))).toBe(
      false,
    );
  });

  it('linux-6.18: a MREMAP_FIXED move answers new_address; old_address instead is caught', () => {
    const w = world('linux-6.18');
    const away = w.sh + 4n * P;
    const move = transitionOf('linux-6.18', w.s, {
      call: 'mremap',
      args: [w.p, P, P, MOVE_FIXED, away],
    });
    expect(move.result).toEqual({ kind: 'value', value: away });
    expect(mremapFixedLandsAtNewAddress.holds(move)).toBe(true);
    expect(mremapFixedLandsAtNewAddress.holds(as(move, { kind: 'value', value: w.p }))).toBe(false);
  });
});
