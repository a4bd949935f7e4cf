// The promises of the page fault found from the mutation survivors of fault.ts
// (spec/findings/mutation.md, Run 10): each holds on linux-6.18's own step and fails on the
// same step with the state a faulty fault handler would leave, planted by hand.
//
//   before:  [ f: 2P MAP_SHARED tmpfile, page 0 written 9 ]  [ p: 2P MAP_PRIVATE tmpfile ]
//            [ a: 2P private anon, page 0 written 7 ]
//   the tmpfile's page cache: index 0 (reads 9), index 1 (read ahead with it, zeros)

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { PteRuns } from '../../src/kernel/pteRuns.js';
import { PTE_NONE, PTE_ZERO, type KernelState } from '../../src/kernel/state.js';
import type { Transition } from '../../spec/invariants/index.js';
import * as U from '../../src/uapi/constants.js';
import { accessKeepsOtherData } from '../../spec/invariants/accessKeepsOtherData.js';
import { accessSignalHasCause } from '../../spec/invariants/accessSignalHasCause.js';
import { faultMapsOnlyAround } from '../../spec/invariants/faultMapsOnlyAround.js';
import { mmapReadsItsContents } from '../../spec/invariants/mmapReadsItsContents.js';
import { privateWriteCopies } from '../../spec/invariants/privateWriteCopies.js';
import { readFaultMapsSharedPage } from '../../spec/invariants/readFaultMapsSharedPage.js';
import { sharedWriteReachesCache } from '../../spec/invariants/sharedWriteReachesCache.js';
import { mapVma, mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const vpn = (x: bigint) => Number(x / P);

function world(): { s: KernelState; fd: bigint; f: bigint; p: bigint; a: bigint } {
  let s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const fd = stepOk(MODEL, s, { call: 'tmpfile', args: [2n * P] });
  const map = (flags: number) =>
    stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, BigInt(flags), fd.v, 0n] });
  s = fd.s;
  const f = map(U.MAP_SHARED);
  s = f.s;
  const p = map(U.MAP_PRIVATE);
  s = p.s;
  const a = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
  s = stepOk(MODEL, a.s, { call: 'write', args: [a.v, 7n] }).s;
  s = stepOk(MODEL, s, { call: 'write', args: [f.v, 9n] }).s;
  return { s, fd: fd.v, f: f.v, p: p.v, a: a.v };
}

const w = world();
const pteOf = (s: KernelState, addr: bigint): number => {
  const v = mmOf(s).vmas.find((x) => x.start <= vpn(addr) && vpn(addr) < x.end);
  return v === undefined ? PTE_NONE : v.ptes.at(vpn(addr) - v.start);
};
/** `t` with the PTE of `addr` in the current process set to `pte`. */
const mapping = (t: Transition, addr: bigint, pte: number): Transition =>
  planted(t, (mm) =>
    mapVma(mm, vpn(addr), (v) => ({
      ...v,
      ptes: v.ptes.with(vpn(addr) - v.start, vpn(addr) - v.start + 1, pte),
    })),
  );
/** `t` with page `id` of the after state holding `data`. */
function holding(t: Transition, id: number, data: Map<number, number> | null): Transition {
  const pages = t.after.pages.copy();
  const p = pages.get(id);
  if (p === undefined) throw new Error(`no page ${id}`);
  pages.set(id, { ...p, data });
  return { ...t, after: { ...t.after, pages } };
}

const cachePage = pteOf(w.s, w.f);
const anonPage = pteOf(w.s, w.a);
const readPrivate = transitionOf(MODEL, w.s, { call: 'read', args: [w.p] });
const writePrivate = transitionOf(MODEL, w.s, { call: 'write', args: [w.p, 5n] });
const writeShared = transitionOf(MODEL, w.s, { call: 'write', args: [w.f + P, 3n] });
const readAnon = transitionOf(MODEL, w.s, { call: 'read', args: [w.a + P] });

describe('readFaultMapsSharedPage', () => {
  it("holds on 6.18's reads: the cache page for a private file mapping, the zero page for anon", () => {
    expect(readPrivate.result).toEqual({ kind: 'value', value: 9n });
    expect(pteOf(readPrivate.after, w.p)).toBe(cachePage);
    expect(readFaultMapsSharedPage.holds(readPrivate)).toBe(true);
    expect(readFaultMapsSharedPage.holds(readAnon)).toBe(true);
  });

  it('a read that maps a page of its own is caught', () => {
    expect(readFaultMapsSharedPage.holds(mapping(readPrivate, w.p, anonPage))).toBe(false);
    expect(readFaultMapsSharedPage.holds(mapping(readAnon, w.a + P, anonPage))).toBe(false);
  });
});

describe('privateWriteCopies', () => {
  it("holds on 6.18's write to a private file mapping: an anonymous copy", () => {
    expect(writePrivate.result.kind).toBe('value');
    expect(privateWriteCopies.holds(writePrivate)).toBe(true);
  });

  it('a write into the page cache page, or into a page another VMA maps, is caught', () => {
    expect(privateWriteCopies.holds(mapping(writePrivate, w.p, cachePage))).toBe(false);
    expect(privateWriteCopies.holds(mapping(writePrivate, w.p, anonPage))).toBe(false);
    expect(privateWriteCopies.holds(mapping(writePrivate, w.p, PTE_ZERO))).toBe(false);
  });
});

describe('sharedWriteReachesCache', () => {
  it("holds on 6.18's write to a shared file mapping", () => {
    expect(writeShared.result.kind).toBe('value');
    expect(sharedWriteReachesCache.holds(writeShared)).toBe(true);
  });

  it('a shared write that lands in a page outside the cache is caught', () => {
    expect(sharedWriteReachesCache.holds(mapping(writeShared, w.f + P, anonPage))).toBe(false);
  });
});

describe('accessKeepsOtherData', () => {
  it("holds on 6.18's reads and writes", () => {
    for (const t of [readPrivate, writePrivate, writeShared, readAnon])
      expect(accessKeepsOtherData.holds(t)).toBe(true);
  });

  it('a read returning another byte is caught', () => {
    expect(
      accessKeepsOtherData.holds({ ...readPrivate, result: { kind: 'value', value: 0n } }),
    ).toBe(false);
  });

  it('a private write the file sees, or a copy that lost its bytes, is caught', () => {
    expect(accessKeepsOtherData.holds(holding(writePrivate, cachePage, new Map([[0, 5]])))).toBe(
      false,
    );
    const copy = pteOf(writePrivate.after, w.p);
    expect(
      accessKeepsOtherData.holds(
        holding(
          writePrivate,
          copy,
          new Map([
            [0, 5],
            [1, 1],
          ]),
        ),
      ),
    ).toBe(false);
  });

  it('a write that stored nothing is caught', () => {
    expect(accessKeepsOtherData.holds(holding(writeShared, cachePage + 1, null))).toBe(false);
  });
});

describe('faultMapsOnlyAround', () => {
  it("holds on 6.18's faults, fault-around included", () => {
    const around = transitionOf(MODEL, w.s, { call: 'read', args: [w.p + P] });
    expect(pteOf(around.after, w.p)).toBe(cachePage);
    for (const t of [around, readPrivate, writePrivate, writeShared, readAnon])
      expect(faultMapsOnlyAround.holds(t)).toBe(true);
  });

  it('a write fault that maps around, or a fault that changes another VMA, is caught', () => {
    expect(faultMapsOnlyAround.holds(mapping(writePrivate, w.p + P, cachePage + 1))).toBe(false);
    expect(faultMapsOnlyAround.holds(mapping(readPrivate, w.a + P, PTE_ZERO))).toBe(false);
  });

  it('a read that replaces a present page is caught', () => {
    const again = transitionOf(MODEL, readPrivate.after, { call: 'read', args: [w.p] });
    expect(faultMapsOnlyAround.holds(again)).toBe(true);
    expect(faultMapsOnlyAround.holds(mapping(again, w.p, anonPage))).toBe(false);
  });

  it('a VMA grown by a fault that is no stack is caught', () => {
    const grown = planted(readPrivate, (mm) =>
      mapVma(mm, vpn(w.a), (v) => ({
        ...v,
        start: v.start - 1,
        ptes: PteRuns.none(1).concat(v.ptes),
      })),
    );
    expect(faultMapsOnlyAround.holds(grown)).toBe(false);
  });
});

describe('mmapReadsItsContents', () => {
  const locked = transitionOf(MODEL, w.s, {
    call: 'mmap',
    args: [0n, 2n * P, RW, BigInt(U.MAP_PRIVATE | U.MAP_LOCKED), w.fd, 0n],
  });

  it("holds on 6.18's MAP_PRIVATE|MAP_LOCKED mapping: the COW copies carry the file's bytes", () => {
    expect(locked.result.kind).toBe('value');
    expect(mmapReadsItsContents.holds(locked)).toBe(true);
  });

  it('a copy that lost the bytes of the file is caught', () => {
    const at = locked.result.kind === 'value' ? locked.result.value : 0n;
    const copy = pteOf(locked.after, at);
    expect(copy).toBeGreaterThan(0);
    expect(copy).not.toBe(cachePage);
    expect(mmapReadsItsContents.holds(holding(locked, copy, null))).toBe(false);
  });
});

describe('accessSignalHasCause', () => {
  const sigbus = { kind: 'signal', signal: 'SIGBUS' } as const;
  const sigsegv = { kind: 'signal', signal: 'SIGSEGV' } as const;

  it("holds on 6.18's accesses: success on mapped pages, SIGSEGV against the protection", () => {
    for (const t of [readPrivate, writePrivate, writeShared, readAnon])
      expect(accessSignalHasCause.holds(t)).toBe(true);
    const ro = stepOk(MODEL, w.s, { call: 'mprotect', args: [w.a, 2n * P, 1n] });
    const refused = transitionOf(MODEL, ro.s, { call: 'write', args: [w.a, 1n] });
    expect(refused.result).toEqual(sigsegv);
    expect(accessSignalHasCause.holds(refused)).toBe(true);
    expect(accessSignalHasCause.holds({ ...refused, result: { kind: 'value', value: 0n } })).toBe(
      false,
    );
  });

  it('a signal on a page the access may touch, or the wrong signal, is caught', () => {
    expect(accessSignalHasCause.holds({ ...readPrivate, result: sigbus })).toBe(false);
    expect(accessSignalHasCause.holds({ ...writeShared, result: sigsegv })).toBe(false);
  });
});
