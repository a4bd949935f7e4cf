// madviseWillneedDrains (run 7y, session madv29b): MADV_WILLNEED over anonymous memory drains
// this CPU's batches. It holds on linux-6.18's own step and fails on the same step when the
// batch is left as it was, planted by hand; over a regular file, or when the arguments are
// refused before the walk, a pending entry may stay (the steps of litmus
// MADV_WILLNEED+pending_munlock).
//
//   f: a tmpfile, b: [ 2P MAP_SHARED of f, page 0 written ]
//   c: [ 1P MAP_SHARED of f, locked ], munmap(c): the munlock of f's page 0 pending
//   a: [ 2P private anonymous ]

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { madviseWillneedDrains } from '../../spec/invariants/madviseWillneedDrains.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';

function world(): { s: KernelState; a: bigint; b: bigint } {
  const s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const fd = stepOk(MODEL, s, { call: 'tmpfile', args: [2n * P] });
  const shared = BigInt(U.MAP_SHARED);
  const b = stepOk(MODEL, fd.s, { call: 'mmap', args: [0n, 2n * P, RW, shared, fd.v, 0n] });
  const a = stepOk(MODEL, b.s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
  const written = stepOk(MODEL, a.s, { call: 'write', args: [b.v, 7n] });
  const c = stepOk(MODEL, written.s, { call: 'mmap', args: [0n, P, RW, shared, fd.v, 0n] });
  const locked = stepOk(MODEL, c.s, { call: 'mlock', args: [c.v, P] });
  const unmapped = stepOk(MODEL, locked.s, { call: 'munmap', args: [c.v, P] });
  return { s: unmapped.s, a: a.v, b: b.v };
}

const w = world();
const willneed = (addr: bigint): Transition =>
  transitionOf(MODEL, w.s, { call: 'madvise', args: [addr, 2n * P, BigInt(U.MADV_WILLNEED)] });
/** `t` with the batch as it was before the call: a WILLNEED that drained nothing. */
const undrained = (t: Transition): Transition => ({
  ...t,
  after: { ...t.after, mlockBatch: t.before.mlockBatch },
});

describe('madviseWillneedDrains', () => {
  it('the munmap left an munlock pending', () => {
    expect(w.s.mlockBatch.length).toBeGreaterThan(0);
  });

  it('over anonymous memory the batch is drained', () => {
    const t = willneed(w.a);
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(t.after.mlockBatch).toEqual([]);
    expect(madviseWillneedDrains.holds(t)).toBe(true);
  });

  it('the batch left pending after an anonymous range: caught', () => {
    expect(madviseWillneedDrains.holds(undrained(willneed(w.a)))).toBe(false);
  });

  it('over a regular file, or refused before the walk, nothing is said', () => {
    const file = willneed(w.b);
    expect(file.after.mlockBatch.length).toBeGreaterThan(0);
    expect(madviseWillneedDrains.holds(file)).toBe(true);
    const unaligned = transitionOf(MODEL, w.s, {
      call: 'madvise',
      args: [w.a + 1n, P, BigInt(U.MADV_WILLNEED)],
    });
    expect(unaligned.result).toEqual({ kind: 'errno', errno: 'EINVAL' });
    expect(madviseWillneedDrains.holds(undrained(unaligned))).toBe(true);
  });
});
