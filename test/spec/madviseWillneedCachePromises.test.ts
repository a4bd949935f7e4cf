// madviseWillneedCachesOnlyItsRange (run 8b, session madv30): MADV_WILLNEED reads ahead a
// regular file's pages of its range alone and puts nothing in a shmem or secretmem object's
// cache (mm/madvise.c:madvise_willneed; litmus MADV_WILLNEED+shmem). It holds on linux-6.18's
// own steps and fails on the same steps with a page planted by hand in a cache, or one taken out.
//
//   f: a tmpfile of 4P, b: [ 2P MAP_SHARED of f at offset 1P ] (file pages 1 and 2)
//   m: [ 2P MAP_SHARED|MAP_ANONYMOUS ] (a shmem object), x: [ 1P of memfd_secret(1P) ]

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { FileObject, KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { madviseWillneedCachesOnlyItsRange as cachesOnlyItsRange } from '../../spec/invariants/madviseWillneedCachesOnlyItsRange.js';
import { mmOf, stepOk, transitionOf } from './plantedFaults.js';
import { P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const SHARED = BigInt(U.MAP_SHARED);

function world(): { s: KernelState; b: bigint; m: bigint; x: bigint } {
  const s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const fd = stepOk(MODEL, s, { call: 'tmpfile', args: [4n * P] });
  const b = stepOk(MODEL, fd.s, { call: 'mmap', args: [0n, 2n * P, RW, SHARED, fd.v, P] });
  const anon = BigInt(U.MAP_SHARED | U.MAP_ANONYMOUS);
  const m = stepOk(MODEL, b.s, { call: 'mmap', args: [0n, 2n * P, RW, anon, -1n, 0n] });
  const sfd = stepOk(MODEL, m.s, { call: 'memfd_secret', args: [P] });
  const x = stepOk(MODEL, sfd.s, { call: 'mmap', args: [0n, P, RW, SHARED, sfd.v, 0n] });
  return { s: x.s, b: b.v, m: m.v, x: x.v };
}

const w = world();
const willneed = (addr: bigint, len: bigint): Transition =>
  transitionOf(MODEL, w.s, { call: 'madvise', args: [addr, len, BigInt(U.MADV_WILLNEED)] });

/** The file object the VMA at `addr` maps. */
function fileAt(s: KernelState, addr: bigint): number {
  const v = mmOf(s).vmas.find((x) => BigInt(x.start) * P === addr);
  if (v?.backing.kind !== 'file') throw new Error('no file VMA there');
  return v.backing.file;
}

/** `t` with file `id`'s cache in the after state changed by `f`. */
function plantedCache(
  t: Transition,
  id: number,
  f: (cache: Map<number, number>) => void,
): Transition {
  const files = [...t.after.files];
  const file = files[id] as FileObject;
  const cache = new Map(file.cache);
  f(cache);
  files[id] = { ...file, cache };
  return { ...t, after: { ...t.after, files } };
}

describe('madviseWillneedCachesOnlyItsRange', () => {
  it('over a regular file the range is read in, and only the range', () => {
    const t = willneed(w.b + P, P);
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect([...(t.after.files[fileAt(w.s, w.b)]?.cache.keys() ?? [])]).toEqual([2]);
    expect(cachesOnlyItsRange.holds(t)).toBe(true);
  });

  it('a page read in outside the range, or one dropped: caught', () => {
    const t = willneed(w.b + P, P);
    const id = fileAt(w.s, w.b);
    const page = t.after.nextPage;
    expect(cachesOnlyItsRange.holds(plantedCache(t, id, (c) => c.set(1, page)))).toBe(false);
    expect(cachesOnlyItsRange.holds(plantedCache(t, id, (c) => c.set(3, page)))).toBe(false);
    expect(cachesOnlyItsRange.holds(plantedCache(t, id, (c) => c.set(0, page)))).toBe(false);
    const again = transitionOf(MODEL, t.after, t.call);
    expect(cachesOnlyItsRange.holds(again)).toBe(true);
    expect(cachesOnlyItsRange.holds(plantedCache(again, id, (c) => c.delete(2)))).toBe(false);
  });

  it('over shmem and secretmem nothing is cached', () => {
    for (const [addr, len] of [
      [w.m, 2n * P],
      [w.x, P],
    ] as const) {
      const t = willneed(addr, len);
      expect(t.result).toEqual({ kind: 'value', value: 0n });
      const id = fileAt(w.s, addr);
      expect(t.after.files[id]?.cache.size).toBe(0);
      expect(cachesOnlyItsRange.holds(t)).toBe(true);
      const page = t.after.nextPage;
      expect(cachesOnlyItsRange.holds(plantedCache(t, id, (c) => c.set(0, page)))).toBe(false);
    }
  });
});
