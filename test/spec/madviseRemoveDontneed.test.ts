// What run 7 of the mutation test (session mutmadv14) added to two madvise properties:
// madviseBadArgumentsRefused's MADV_REMOVE and MADV_FREE refusals and madviseDontneedPostcondition's pages
// outside the range. Each holds on linux-6.18's own step and fails on the same step with the
// result or state a faulty kernel would give, planted by hand.
//
//   before:  [ a: 2P rw- private anon, both pages written ]  ...  [ f: 2P MAP_SHARED file ]

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { PteRuns } from '../../src/kernel/pteRuns.js';
import type { Result } from '../../src/kernel/result.js';
import type { KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { madviseBadArgumentsRefused } from '../../spec/invariants/madviseBadArgumentsRefused.js';
import { madviseDontneedPostcondition } from '../../spec/invariants/madviseDontneedPostcondition.js';
import { mapVma, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const vpn = (x: bigint) => Number(x / P);
const zero: Result = { kind: 'value', value: 0n };
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;

function world(): { s: KernelState; a: bigint; f: bigint } {
  let s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const fd = stepOk(MODEL, s, { call: 'tmpfile', args: [2n * P] });
  const a = stepOk(MODEL, fd.s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
  const f = stepOk(MODEL, a.s, {
    call: 'mmap',
    args: [0n, 2n * P, RW, BigInt(U.MAP_SHARED), fd.v, 0n],
  });
  s = f.s;
  for (const page of [0n, 1n])
    s = stepOk(MODEL, s, { call: 'write', args: [a.v + page * P, 7n] }).s;
  return { s, a: a.v, f: f.v };
}

const w = world();
const madvise = (addr: bigint, len: bigint, advice: number): Transition =>
  transitionOf(MODEL, w.s, { call: 'madvise', args: [addr, len, BigInt(advice)] });

describe('madviseBadArgumentsRefused: MADV_REMOVE', () => {
  it('over anonymous memory: EINVAL; a success is caught', () => {
    const t = madvise(w.a, 2n * P, U.MADV_REMOVE);
    expect(t.result).toEqual(errno('EINVAL'));
    expect(madviseBadArgumentsRefused.holds(t)).toBe(true);
    expect(madviseBadArgumentsRefused.holds({ ...t, result: zero })).toBe(false);
    expect(madviseBadArgumentsRefused.holds({ ...t, result: errno('EACCES') })).toBe(false);
  });

  it('over a shared writable file mapping: no claim', () => {
    const t = madvise(w.f, 2n * P, U.MADV_REMOVE);
    expect(t.result).toEqual(zero);
    expect(madviseBadArgumentsRefused.holds(t)).toBe(true);
  });
});

describe('madviseBadArgumentsRefused: MADV_FREE of a file mapping', () => {
  it('EINVAL; a success is caught', () => {
    const t = madvise(w.f, 2n * P, U.MADV_FREE);
    expect(t.result).toEqual(errno('EINVAL'));
    expect(madviseBadArgumentsRefused.holds(t)).toBe(true);
    expect(madviseBadArgumentsRefused.holds({ ...t, result: zero })).toBe(false);
  });
});

describe('madviseDontneedPostcondition: the pages outside the range', () => {
  it('MADV_DONTNEED of the first page keeps the second; zapping it too is caught', () => {
    const t = madvise(w.a, P, U.MADV_DONTNEED);
    expect(t.result).toEqual(zero);
    expect(madviseDontneedPostcondition.holds(t)).toBe(true);
    const both = planted(t, (mm) =>
      mapVma(mm, vpn(w.a), (v) => ({ ...v, ptes: PteRuns.none(v.ptes.length) })),
    );
    expect(madviseDontneedPostcondition.holds(both)).toBe(false);
  });
});
