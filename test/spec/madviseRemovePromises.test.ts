// The MADV_REMOVE promises of run 7x (session madv29): madviseRemovePostcondition and
// madviseRefusalsJustified's EACCES. Each holds on linux-6.18's own step and fails on the same
// step with the result or state a faulty kernel would give, planted by hand (the steps of
// litmus MADV_REMOVE+other_mappings).
//
//   w: [ 2P MAP_SHARED of f, both pages written ]
//   p: [ 2P MAP_PRIVATE of f: page 0 read (f's cache page), page 1 written (its own copy) ]
//   after madvise(w, 2P, MADV_REMOVE):  w [ . . ]   p [ . copy ]   f's cache empty

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import { PTE_NONE, type KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { madviseRefusalsJustified } from '../../spec/invariants/madviseRefusalsJustified.js';
import { madviseRemovePostcondition } from '../../spec/invariants/madviseRemovePostcondition.js';
import { mapVma, mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const vpn = (x: bigint) => Number(x / P);
const zero: Result = { kind: 'value', value: 0n };
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;

function world(): { s: KernelState; w: bigint; p: bigint } {
  let s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const fd = stepOk(MODEL, s, { call: 'tmpfile', args: [2n * P] });
  const shared = BigInt(U.MAP_SHARED);
  const w = stepOk(MODEL, fd.s, { call: 'mmap', args: [0n, 2n * P, RW, shared, fd.v, 0n] });
  const priv = BigInt(U.MAP_PRIVATE);
  const p = stepOk(MODEL, w.s, { call: 'mmap', args: [0n, 2n * P, RW, priv, fd.v, 0n] });
  s = p.s;
  for (const call of [
    { call: 'write', args: [w.v, 7n] },
    { call: 'write', args: [w.v + P, 7n] },
    { call: 'read', args: [p.v] },
    { call: 'write', args: [p.v + P, 5n] },
  ] as const)
    s = stepOk(MODEL, s, { call: call.call, args: [...call.args] }).s;
  return { s, w: w.v, p: p.v };
}

const w = world();
const remove = (addr: bigint): Transition =>
  transitionOf(MODEL, w.s, { call: 'madvise', args: [addr, 2n * P, BigInt(U.MADV_REMOVE)] });
/** The page at vpn `at` set to `pte` in `t`'s after state. */
const withPte = (t: Transition, at: number, pte: number): Transition =>
  planted(t, (mm) =>
    mapVma(mm, at, (v) => ({ ...v, ptes: v.ptes.with(at - v.start, at - v.start + 1, pte) })),
  );

describe('madviseRemovePostcondition', () => {
  const t = remove(w.w);

  it('the range unmapped, the private mapping loses the file page and keeps its copy', () => {
    expect(t.result).toEqual(zero);
    expect(madviseRemovePostcondition.holds(t)).toBe(true);
  });

  it('the file page left in the private mapping, or its copy dropped: caught', () => {
    const filePage =
      mmOf(t.before)
        .vmas.find((v) => v.start === vpn(w.p))
        ?.ptes.at(0) ?? 0;
    expect(filePage).toBeGreaterThan(0);
    expect(madviseRemovePostcondition.holds(withPte(t, vpn(w.p), filePage))).toBe(false);
    expect(madviseRemovePostcondition.holds(withPte(t, vpn(w.p) + 1, PTE_NONE))).toBe(false);
  });

  it('a page left in the page cache (no hole punched): caught', () => {
    const files = t.before.files;
    expect(madviseRemovePostcondition.holds({ ...t, after: { ...t.after, files } })).toBe(false);
  });
});

describe('madviseRefusalsJustified: MADV_REMOVE EACCES', () => {
  it('over the private mapping: justified; over the shared writable one: caught', () => {
    const t = remove(w.p);
    expect(t.result).toEqual(errno('EACCES'));
    expect(madviseRefusalsJustified.holds(t)).toBe(true);
    const shared = remove(w.w);
    expect(madviseRefusalsJustified.holds({ ...shared, result: errno('EACCES') })).toBe(false);
  });
});
