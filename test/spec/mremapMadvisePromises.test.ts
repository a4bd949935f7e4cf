// The promises of mremap and madvise found from the mutation survivors of mremap.ts and
// madvise.ts (spec/findings/mutation.md, run 6c): each holds on linux-6.18's own step and fails
// on the same step with the result or state a faulty kernel would give, planted by hand.
//
//   before:  [ a: 2P rw- ]  ...  [ l: 2P rw- lo, populated ]  ...  [ f: 2P MAP_SHARED file lo ]

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { OTHER_DATA_PAGES, isDataMapping } from '../../src/kernel/dataLimit.js';
import { PteRuns } from '../../src/kernel/pteRuns.js';
import type { Result } from '../../src/kernel/result.js';
import { PTE_NONE, type KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import { VM_WRITE } from '../../src/uapi/vmFlags.js';
import type { Transition } from '../../spec/invariants/index.js';
import { madviseBadArgumentsRefused } from '../../spec/invariants/madviseBadArgumentsRefused.js';
import { madviseHoleIsEnomem } from '../../spec/invariants/madviseHoleIsEnomem.js';
import { madviseKeepsMappings } from '../../spec/invariants/madviseKeepsMappings.js';
import { madviseRefusalsJustified } from '../../spec/invariants/madviseRefusalsJustified.js';
import { mremapBadArgumentsRefused } from '../../spec/invariants/mremapBadArgumentsRefused.js';
import { mremapDataLimitRespected } from '../../spec/invariants/mremapDataLimitRespected.js';
import { mremapGrowthPopulated } from '../../spec/invariants/mremapGrowthPopulated.js';
import { mremapPostcondition } from '../../spec/invariants/mremapPostcondition.js';
import { mremapRefusalsJustified } from '../../spec/invariants/mremapRefusalsJustified.js';
import { flipFlags, mapVma, mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const LOCKED = ANON | BigInt(U.MAP_LOCKED);
const SHARED_LOCKED = BigInt(U.MAP_SHARED | U.MAP_LOCKED);
const MOVE_FIXED = BigInt(U.MREMAP_MAYMOVE | U.MREMAP_FIXED);

const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;
const zero: Result = { kind: 'value', value: 0n };
const vpn = (x: bigint) => Number(x / P);

interface World {
  readonly s: KernelState;
  /** A 2-page private anonymous mapping, unlocked, nothing present. */
  readonly a: bigint;
  /** A 2-page private anonymous mapping, locked and populated. */
  readonly l: bigint;
  /** A 2-page shared mapping of a 2-page file, locked. */
  readonly f: bigint;
}

function world(): World {
  let s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const map = (len: bigint, flags: bigint, fd = -1n): bigint => {
    const m = stepOk(MODEL, s, { call: 'mmap', args: [0n, len, RW, flags, fd, 0n] });
    s = m.s;
    return m.v;
  };
  const fd = stepOk(MODEL, s, { call: 'tmpfile', args: [2n * P] });
  s = fd.s;
  const a = map(2n * P, ANON);
  const l = map(2n * P, LOCKED);
  const f = map(2n * P, SHARED_LOCKED, fd.v);
  return { s, a, l, f };
}

const w = world();
const mremap = (...args: bigint[]): Transition =>
  transitionOf(MODEL, w.s, { call: 'mremap', args });
const madvise = (s: KernelState, addr: bigint, len: bigint, advice: number): Transition =>
  transitionOf(MODEL, s, { call: 'madvise', args: [addr, len, BigInt(advice)] });

describe('mremapRefusalsJustified', () => {
  it('a good move refused with EINVAL or EFAULT is caught', () => {
    const t = mremap(w.a, P, P, MOVE_FIXED, w.l);
    expect(t.result.kind).toBe('value');
    expect(mremapRefusalsJustified.holds(t)).toBe(true);
    expect(mremapRefusalsJustified.holds(as(t, errno('EINVAL')))).toBe(false);
    expect(mremapRefusalsJustified.holds(as(t, errno('EFAULT')))).toBe(false);
  });

  it('EFAULT for a hole in the old range and EINVAL for a bad flag are justified', () => {
    const hole = mremap(w.a + P, 2n * P, 3n * P, MOVE_FIXED, w.l);
    expect(hole.result).toEqual(errno('EFAULT'));
    expect(mremapRefusalsJustified.holds(hole)).toBe(true);
    const flag = mremap(w.a, 2n * P, 2n * P, 8n, 0n);
    expect(flag.result).toEqual(errno('EINVAL'));
    expect(mremapRefusalsJustified.holds(flag)).toBe(true);
  });

  it('old_len 0 of a private mapping may be EINVAL, of a shared one not', () => {
    const priv = mremap(w.a, 0n, P, MOVE_FIXED, w.l);
    expect(priv.result).toEqual(errno('EINVAL'));
    expect(mremapRefusalsJustified.holds(priv)).toBe(true);
    const shared = mremap(w.f, 0n, P, MOVE_FIXED, w.a);
    expect(shared.result.kind).toBe('value');
    expect(mremapRefusalsJustified.holds(as(shared, errno('EINVAL')))).toBe(false);
  });

  it('EFAULT for an old range running past its VMA into another is justified', () => {
    // w.a's second page remapped read-only: two VMAs under the old range.
    const two = stepOk(MODEL, w.s, {
      call: 'mmap',
      args: [w.a + P, P, BigInt(U.PROT_READ), ANON | BigInt(U.MAP_FIXED), -1n, 0n],
    });
    const dontunmap = BigInt(U.MREMAP_MAYMOVE | U.MREMAP_DONTUNMAP);
    const t = transitionOf(MODEL, two.s, {
      call: 'mremap',
      args: [w.a, 2n * P, 2n * P, dontunmap, 0n],
    });
    expect(t.result).toEqual(errno('EFAULT'));
    expect(mremapRefusalsJustified.holds(t)).toBe(true);
    // Within one VMA it is not.
    const one = mremap(w.a, 2n * P, 2n * P, MOVE_FIXED, w.l);
    expect(one.result.kind).toBe('value');
    expect(mremapRefusalsJustified.holds(as(one, errno('EFAULT')))).toBe(false);
  });
});

describe('mremapBadArgumentsRefused', () => {
  const bad: [string, bigint[]][] = [
    ['an unknown flag', [w.a, 2n * P, 2n * P, 8n, 0n]],
    ['a flag above bit 31', [w.a, 2n * P, 2n * P, 1n << 32n, 0n]],
    ['an unaligned old_address', [w.a + 1n, P, P, 0n, 0n]],
    ['new_len 0', [w.a, 2n * P, 0n, 0n, 0n]],
    ['MREMAP_FIXED without MREMAP_MAYMOVE', [w.a, 2n * P, 2n * P, 2n, w.l]],
    ['MREMAP_DONTUNMAP resizing', [w.a, P, 2n * P, 7n, w.l]],
    ['an overlapping target', [w.a, 2n * P, 2n * P, MOVE_FIXED, w.a + P]],
    ['an unaligned target', [w.a, P, P, MOVE_FIXED, w.a + P + 1n]],
  ];
  for (const [what, args] of bad)
    it(`${what} is EINVAL, and may not succeed`, () => {
      const t = mremap(...args);
      expect(t.result).toEqual(errno('EINVAL'));
      expect(mremapBadArgumentsRefused.holds(t)).toBe(true);
      expect(mremapBadArgumentsRefused.holds(as(t, { kind: 'value', value: w.a }))).toBe(false);
      expect(mremapBadArgumentsRefused.holds(as(t, errno('ENOMEM')))).toBe(false);
    });

  it('old_len 0 of a private mapping must fail', () => {
    const t = mremap(w.a, 0n, P, MOVE_FIXED, w.l);
    expect(mremapBadArgumentsRefused.holds(t)).toBe(true);
    expect(mremapBadArgumentsRefused.holds(as(t, { kind: 'value', value: w.l }))).toBe(false);
  });
});

describe('mremapGrowthPopulated', () => {
  it('a growing move of a locked VMA populates the growth; left empty it is caught', () => {
    // The second page of l moves to a and grows to two pages there.
    const t = mremap(w.l + P, P, 2n * P, MOVE_FIXED, w.a);
    expect(t.result).toEqual({ kind: 'value', value: w.a });
    expect(mremapGrowthPopulated.holds(t)).toBe(true);
    const unpopulated = planted(t, (mm) =>
      mapVma(mm, vpn(w.a), (v) => ({ ...v, ptes: v.ptes.with(1, 2, PTE_NONE) })),
    );
    expect(mremapGrowthPopulated.holds(unpopulated)).toBe(false);
  });

  it('old_len 0 of a locked shared VMA populates the copy (and mremapPostcondition allows it)', () => {
    const t = mremap(w.f, 0n, 2n * P, MOVE_FIXED, w.a);
    expect(t.result).toEqual({ kind: 'value', value: w.a });
    expect(mremapGrowthPopulated.holds(t)).toBe(true);
    expect(mremapPostcondition.holds(t)).toBe(true);
    const empty = planted(t, (mm) =>
      mapVma(mm, vpn(w.a), (v) => ({ ...v, ptes: PteRuns.none(v.end - v.start) })),
    );
    expect(mremapGrowthPopulated.holds(empty)).toBe(false);
  });
});

describe('madviseRefusalsJustified and madviseBadArgumentsRefused', () => {
  it('MADV_DONTNEED over a locked VMA is EINVAL; success there is caught', () => {
    const t = madvise(w.s, w.l, 2n * P, U.MADV_DONTNEED);
    expect(t.result).toEqual(errno('EINVAL'));
    expect(madviseRefusalsJustified.holds(t)).toBe(true);
    expect(madviseBadArgumentsRefused.holds(t)).toBe(true);
    expect(madviseBadArgumentsRefused.holds(as(t, zero))).toBe(false);
  });

  it('MADV_COLD and MADV_FREE refused on an unlocked VMA are caught', () => {
    for (const advice of [U.MADV_COLD, U.MADV_FREE, U.MADV_DONTNEED, U.MADV_WILLNEED]) {
      const t = madvise(w.s, w.a, 2n * P, advice);
      expect(t.result).toEqual(zero);
      expect(madviseRefusalsJustified.holds(t)).toBe(true);
      expect(madviseRefusalsJustified.holds(as(t, errno('EINVAL')))).toBe(false);
    }
  });

  it('MADV_DONTNEED_LOCKED on a locked VMA may not be refused', () => {
    const t = madvise(w.s, w.l, 2n * P, U.MADV_DONTNEED_LOCKED);
    expect(t.result).toEqual(zero);
    expect(madviseRefusalsJustified.holds(as(t, errno('EINVAL')))).toBe(false);
  });

  it('an advice no kernel knows must be EINVAL', () => {
    const t = madvise(w.s, w.a, 2n * P, 99);
    expect(t.result).toEqual(errno('EINVAL'));
    expect(madviseRefusalsJustified.holds(t)).toBe(true);
    expect(madviseBadArgumentsRefused.holds(t)).toBe(true);
    expect(madviseBadArgumentsRefused.holds(as(t, zero))).toBe(false);
  });
});

describe('madviseHoleIsEnomem', () => {
  // A written page at a + 1P, then MADV_DONTNEED of [a + 1P, a + 3P): the second page is a hole.
  const written = stepOk(MODEL, w.s, { call: 'write', args: [w.a + P, 7n] }).s;

  it('a hole is ENOMEM, after the mapped part was zapped', () => {
    const t = madvise(written, w.a + P, 2n * P, U.MADV_DONTNEED);
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(madviseHoleIsEnomem.holds(t)).toBe(true);
    // Planted: success over the hole; ENOMEM with the mapped page left in place.
    expect(madviseHoleIsEnomem.holds(as(t, zero))).toBe(false);
    expect(madviseHoleIsEnomem.holds({ ...t, after: written })).toBe(false);
    // Planted: another errno for the hole where no VMA refuses the advice.
    expect(madviseHoleIsEnomem.holds(as(t, errno('EINVAL')))).toBe(false);
  });

  it('a fully mapped range may succeed', () => {
    const t = madvise(written, w.a, 2n * P, U.MADV_DONTNEED);
    expect(t.result).toEqual(zero);
    expect(madviseHoleIsEnomem.holds(t)).toBe(true);
  });
});

describe('madviseKeepsMappings', () => {
  for (const advice of [U.MADV_NORMAL, U.MADV_WILLNEED, U.MADV_COLD, U.MADV_FREE])
    it(`advice ${advice} changes no mapping; a flag or page changed is caught`, () => {
      const t = madvise(w.s, w.a, 2n * P, advice);
      expect(t.result).toEqual(zero);
      expect(madviseKeepsMappings.holds(t)).toBe(true);
      expect(
        madviseKeepsMappings.holds(planted(t, (mm) => flipFlags(mm, vpn(w.a), VM_WRITE))),
      ).toBe(false);
      const zapped = madvise(w.s, w.l, 2n * P, U.MADV_DONTNEED_LOCKED).after;
      expect(madviseKeepsMappings.holds({ ...t, after: zapped })).toBe(false);
    });
});

describe('mremapDataLimitRespected', () => {
  // RLIMIT_DATA at the program's data (its image's data VMAs too) plus 2 pages: a 2-page data mapping d fills it; a 1-page
  // shared file mapping t is no data. Growing the first page of d onto t needs a third page.
  const image = mmOf(initialState({ rlimitMemlock: null, capIpcLock: true })).vmas;
  const ownData = image.reduce((n, v) => (isDataMapping(v.flags) ? n + v.end - v.start : n), 0);
  const limit = BigInt(OTHER_DATA_PAGES + ownData + 2) * P;
  const start = (rlimitData: bigint | null) => {
    let s = initialState({ rlimitMemlock: null, capIpcLock: true, rlimitData });
    const fd = stepOk(MODEL, s, { call: 'tmpfile', args: [2n * P] });
    const d = stepOk(MODEL, fd.s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
    const t = stepOk(MODEL, d.s, {
      call: 'mmap',
      args: [0n, 2n * P, RW, BigInt(U.MAP_SHARED), fd.v, 0n],
    });
    s = t.s;
    return { s, d: d.v, t: t.v };
  };

  it('a growth past RLIMIT_DATA is ENOMEM; made anyway it is caught', () => {
    const limited = start(limit);
    const call = { call: 'mremap' as const, args: [limited.d, P, 2n * P, MOVE_FIXED, limited.t] };
    const t = transitionOf(MODEL, limited.s, call);
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(mremapDataLimitRespected.holds(t)).toBe(true);
    // Planted: the same growth made as if no limit were set.
    const free = transitionOf(MODEL, start(null).s, call);
    expect(free.result.kind).toBe('value');
    expect(mremapDataLimitRespected.holds({ ...free, before: limited.s })).toBe(false);
  });

  it('a move that adds no data is not judged', () => {
    const limited = start(limit);
    const t = transitionOf(MODEL, limited.s, {
      call: 'mremap',
      args: [limited.d, P, P, MOVE_FIXED, limited.t],
    });
    expect(t.result.kind).toBe('value');
    expect(mremapDataLimitRespected.holds(t)).toBe(true);
  });
});
