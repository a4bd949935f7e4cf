// capsetPostcondition, setrlimitPostcondition, madviseErrnoListed, mremapErrnoListed,
// munmapEinvalHasCause and mremapEinvalHasCause (spec/findings/mutation.md, run 8 files30): each
// holds on its model's own step (linux-6.18; nommu for the EINVAL properties and mremap's EPERM)
// and fails on the same step with the result or state a faulty kernel would give, planted by hand.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import type { KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import { capsetPostcondition } from '../../spec/invariants/capsetPostcondition.js';
import { madviseErrnoListed } from '../../spec/invariants/madviseErrnoListed.js';
import { munmapEinvalHasCause } from '../../spec/invariants/munmapEinvalHasCause.js';
import { mremapEinvalHasCause } from '../../spec/invariants/mremapEinvalHasCause.js';
import { mremapErrnoListed } from '../../spec/invariants/mremapErrnoListed.js';
import { setrlimitPostcondition } from '../../spec/invariants/setrlimitPostcondition.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;
const zero: Result = { kind: 'value', value: 0n };
const LOCK = BigInt(U.CAP_IPC_LOCK);
const MEMLOCK = BigInt(U.RLIMIT_MEMLOCK);
const DATA = BigInt(U.RLIMIT_DATA);

/** Capable and unlimited, with a 2-page locked mapping. */
function world(): KernelState {
  const s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const flags = ANON | BigInt(U.MAP_LOCKED);
  return stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, flags, -1n, 0n] }).s;
}
const w = world();
const capset = (s: KernelState, on: bigint): Transition =>
  transitionOf(MODEL, s, { call: 'capset', args: [LOCK, on] });
const setrlimit = (s: KernelState, resource: bigint, limit: bigint): Transition =>
  transitionOf(MODEL, s, { call: 'setrlimit', args: [resource, limit] });

describe('capsetPostcondition', () => {
  it('holds on a drop and a retake', () => {
    const drop = capset(w, 0n);
    expect(capsetPostcondition.holds(drop)).toBe(true);
    expect(capsetPostcondition.holds(capset(drop.after, 1n))).toBe(true);
  });

  it('a capability left as it was, or a refusal, is caught', () => {
    const drop = capset(w, 0n);
    expect(capsetPostcondition.holds(planted(drop, (mm) => ({ ...mm, capIpcLock: true })))).toBe(
      false,
    );
    const retake = capset(drop.after, 1n);
    expect(capsetPostcondition.holds(planted(retake, (mm) => ({ ...mm, capIpcLock: false })))).toBe(
      false,
    );
    expect(capsetPostcondition.holds(as(drop, errno('EPERM')))).toBe(false);
  });

  it('a drop that unlocks or uncharges the locked pages is caught', () => {
    const drop = capset(w, 0n);
    expect(capsetPostcondition.holds(planted(drop, (mm) => ({ ...mm, lockedVm: 0 })))).toBe(false);
  });
});

describe('setrlimitPostcondition', () => {
  it('holds on a lowering, a refused raise, RLIM_INFINITY kept and RLIMIT_DATA', () => {
    const lower = setrlimit(w, MEMLOCK, P);
    expect(lower.result).toEqual(zero);
    expect(setrlimitPostcondition.holds(lower)).toBe(true);
    const raise = setrlimit(lower.after, MEMLOCK, U.RLIM_INFINITY);
    expect(raise.result).toEqual(errno('EPERM'));
    expect(setrlimitPostcondition.holds(raise)).toBe(true);
    expect(setrlimitPostcondition.holds(setrlimit(w, MEMLOCK, U.RLIM_INFINITY))).toBe(true);
    const data = setrlimit(w, DATA, 0n);
    expect(setrlimitPostcondition.holds(data)).toBe(true);
    expect(setrlimitPostcondition.holds(setrlimit(data.after, DATA, U.RLIM_INFINITY))).toBe(true);
    expect(setrlimitPostcondition.holds(setrlimit(w, DATA, U.RLIM_INFINITY))).toBe(true);
  });

  it('a limit not stored, stored as the wrong form, or a raise allowed is caught', () => {
    const lower = setrlimit(w, MEMLOCK, P);
    expect(
      setrlimitPostcondition.holds(planted(lower, (mm) => ({ ...mm, rlimitMemlock: null }))),
    ).toBe(false);
    const raise = setrlimit(lower.after, MEMLOCK, 2n * P);
    expect(setrlimitPostcondition.holds(as(raise, zero))).toBe(false);
    const data = setrlimit(w, DATA, U.RLIM_INFINITY);
    expect(
      setrlimitPostcondition.holds(
        planted(data, (mm) => ({ ...mm, rlimitData: null as unknown as bigint })),
      ),
    ).toBe(false);
  });

  it('a lowering that unlocks, or a resource out of range allowed, is caught', () => {
    const lower = setrlimit(w, MEMLOCK, 0n);
    expect(setrlimitPostcondition.holds(planted(lower, (mm) => ({ ...mm, lockedVm: 0 })))).toBe(
      false,
    );
    const bad = setrlimit(w, 16n, 0n);
    expect(bad.result).toEqual(errno('EINVAL'));
    expect(setrlimitPostcondition.holds(bad)).toBe(true);
    expect(setrlimitPostcondition.holds(as(bad, zero))).toBe(false);
    expect(mmOf(lower.after).rlimitMemlock).toBe(0n);
  });
});

describe('madviseErrnoListed', () => {
  const madvise = (advice: number): Transition => {
    const s = stepOk(MODEL, initialState({ rlimitMemlock: null, capIpcLock: true }), {
      call: 'mmap',
      args: [0n, 2n * P, RW, ANON, -1n, 0n],
    });
    return transitionOf(MODEL, s.s, { call: 'madvise', args: [s.v, 2n * P, BigInt(advice)] });
  };

  it('holds on success and on madvise.2 errnos', () => {
    const t = madvise(U.MADV_HUGEPAGE);
    expect(t.result).toEqual(zero);
    expect(madviseErrnoListed.holds(t)).toBe(true);
    expect(madviseErrnoListed.holds(as(t, errno('EINVAL')))).toBe(true);
    expect(madviseErrnoListed.holds(as(t, errno('ENOSYS')))).toBe(true);
    expect(madviseErrnoListed.holds(madvise(99))).toBe(true);
  });

  it('a visitor answering no errno, or one madvise.2 does not list, is caught', () => {
    const t = madvise(U.MADV_GUARD_REMOVE);
    expect(madviseErrnoListed.holds(as(t, errno(undefined as unknown as string)))).toBe(false);
    expect(madviseErrnoListed.holds(as(t, errno('EEXIST')))).toBe(false);
  });
});

describe('munmapEinvalHasCause', () => {
  // nommu: a 2-page anonymous mapping and a 2-page shared mapping of a file.
  const NOMMU = 'nommu';
  let s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const fd = stepOk(NOMMU, s, { call: 'tmpfile', args: [2n * P] });
  s = fd.s;
  const anon = stepOk(NOMMU, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
  s = anon.s;
  const shared = BigInt(U.MAP_SHARED);
  const file = stepOk(NOMMU, s, { call: 'mmap', args: [0n, 2n * P, RW, shared, fd.v, 0n] });
  s = file.s;
  const munmap = (model: string, addr: bigint, len: bigint): Transition =>
    transitionOf(model, s, { call: 'munmap', args: [addr, len] });

  it("holds on nommu's refusals: a file mapping in part, a range past the VMA, a hole", () => {
    for (const t of [
      munmap(NOMMU, file.v, P),
      munmap(NOMMU, file.v + P, P),
      munmap(NOMMU, anon.v + P, 2n * P),
      munmap(NOMMU, anon.v - 16n * P, P),
    ]) {
      expect(t.result).toEqual(errno('EINVAL'));
      expect(munmapEinvalHasCause.holds(t)).toBe(true);
    }
    expect(munmapEinvalHasCause.holds(munmap(MODEL, anon.v, 0n))).toBe(true);
  });

  it('EINVAL for a whole mapping, or for part of an anonymous one, is caught', () => {
    for (const t of [munmap(NOMMU, file.v, 2n * P), munmap(NOMMU, anon.v + P, P)]) {
      expect(t.result).toEqual(zero);
      expect(munmapEinvalHasCause.holds(as(t, errno('EINVAL')))).toBe(false);
    }
    expect(munmapEinvalHasCause.holds(as(munmap(MODEL, anon.v, P), errno('EINVAL')))).toBe(false);
  });
});

describe('mremapEinvalHasCause', () => {
  const NOMMU = 'nommu';
  const map = stepOk(NOMMU, initialState({ rlimitMemlock: null, capIpcLock: true }), {
    call: 'mmap',
    args: [0n, 2n * P, RW, ANON, -1n, 0n],
  });
  const mremap = (model: string, ...args: bigint[]): Transition =>
    transitionOf(model, map.s, { call: 'mremap', args });

  it("holds on nommu's refusals: part of a VMA, MREMAP_FIXED elsewhere, new_size 0", () => {
    const fixed = BigInt(U.MREMAP_FIXED | U.MREMAP_MAYMOVE);
    for (const t of [
      mremap(NOMMU, map.v, P, P, 0n, 0n),
      mremap(NOMMU, map.v, 2n * P, 2n * P, fixed, map.v + 16n * P),
      mremap(NOMMU, map.v, 2n * P, 0n, 0n, 0n),
    ]) {
      expect(t.result).toEqual(errno('EINVAL'));
      expect(mremapEinvalHasCause.holds(t)).toBe(true);
    }
  });

  it('EINVAL for a shrink of a whole VMA is caught', () => {
    const t = mremap(NOMMU, map.v, 2n * P, P, 0n, 0n);
    expect(t.result.kind).toBe('value');
    expect(mremapEinvalHasCause.holds(as(t, errno('EINVAL')))).toBe(false);
  });

  // Before 5.13 (e346b3813067) MREMAP_DONTUNMAP takes private anonymous memory alone.
  const dontunmap = BigInt(U.MREMAP_MAYMOVE | U.MREMAP_DONTUNMAP);
  const shared = (ANON & ~BigInt(U.MAP_PRIVATE)) | BigInt(U.MAP_SHARED);
  const whole = (model: string, flags: bigint): Transition => {
    const m = stepOk(model, initialState({ rlimitMemlock: null, capIpcLock: true }), {
      call: 'mmap',
      args: [0n, 2n * P, RW, flags, -1n, 0n],
    });
    return transitionOf(model, m.s, {
      call: 'mremap',
      args: [m.v, 2n * P, 2n * P, dontunmap, m.v + 16n * P],
    });
  };

  it("holds on linux-5.10's MREMAP_DONTUNMAP refusal of a shared mapping", () => {
    const t = whole('linux-5.10', shared);
    expect(t.result).toEqual(errno('EINVAL'));
    expect(mremapEinvalHasCause.holds(t)).toBe(true);
  });

  it('EINVAL for MREMAP_DONTUNMAP of a whole private anonymous mapping is caught', () => {
    for (const model of ['linux-5.10', MODEL]) {
      const t = whole(model, ANON);
      expect(t.result.kind).toBe('value');
      expect(mremapEinvalHasCause.holds(as(t, errno('EINVAL')))).toBe(false);
    }
  });
});

describe('mremapErrnoListed', () => {
  it("holds on nommu's EPERM for a shared mapping, and is caught on an errno mremap.2 does not list", () => {
    const NOMMU = 'nommu';
    const shared = (ANON & ~BigInt(U.MAP_PRIVATE)) | BigInt(U.MAP_SHARED);
    const map = stepOk(NOMMU, initialState({ rlimitMemlock: null, capIpcLock: true }), {
      call: 'mmap',
      args: [0n, 2n * P, RW, shared, -1n, 0n],
    });
    const t = transitionOf(NOMMU, map.s, { call: 'mremap', args: [map.v, 2n * P, P, 0n, 0n] });
    expect(t.result).toEqual(errno('EPERM'));
    expect(mremapErrnoListed.holds(t)).toBe(true);
    expect(mremapErrnoListed.holds(as(t, errno('')))).toBe(false);
    expect(mremapErrnoListed.holds(as(t, errno('EBUSY')))).toBe(false);
  });
});
