// The promises of fork and execve found from the mutation survivors of fork.ts and execve.ts
// (spec/findings/mutation.md, run 7 of session mutmadv14): each holds on linux-6.18's own step
// and fails on the same step with the state a faulty kernel would leave, planted by hand.
//
//   before:  [ a: 2P rw- private anon, page 0 written ]  ...  [ f: 2P MAP_SHARED file, page 1 written ]

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { PteRuns } from '../../src/kernel/pteRuns.js';
import { PTE_ZERO, type KernelState, pageWith } from '../../src/kernel/state.js';
import type { Transition } from '../../spec/invariants/index.js';
import * as U from '../../src/uapi/constants.js';
import { forkChildReadsParentData } from '../../spec/invariants/forkChildReadsParentData.js';
import { pageMapCountExact } from '../../spec/invariants/pageMapCountExact.js';
import { forkExitRestoresParent } from '../../spec/invariants/forkExitRestoresParent.js';
import { forkCopiesPtesWhereNeeded } from '../../spec/invariants/forkCopiesPtesWhereNeeded.js';
import { forkChildAnonVma } from '../../spec/invariants/forkChildAnonVma.js';
import { mapVma, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const vpn = (x: bigint) => Number(x / P);

function world(): { s: KernelState; a: bigint; f: bigint } {
  let s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const fd = stepOk(MODEL, s, { call: 'tmpfile', args: [2n * P] });
  s = fd.s;
  const a = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
  s = a.s;
  const f = stepOk(MODEL, s, {
    call: 'mmap',
    args: [0n, 2n * P, RW, BigInt(U.MAP_SHARED), fd.v, 0n],
  });
  s = stepOk(MODEL, f.s, { call: 'write', args: [a.v, 7n] }).s;
  s = stepOk(MODEL, s, { call: 'write', args: [f.v + P, 9n] }).s;
  return { s, a: a.v, f: f.v };
}

const w = world();
const fork = transitionOf(MODEL, w.s, { call: 'fork', args: [] });

describe('forkChildReadsParentData', () => {
  it("holds on 6.18's fork: the private page copied, the shared file page read from the cache", () => {
    expect(fork.result.kind).toBe('value');
    expect(forkChildReadsParentData.holds(fork)).toBe(true);
  });

  it('a child whose private page reads zero is caught', () => {
    const lost = planted(fork, (mm) =>
      mapVma(mm, vpn(w.a), (v) => ({ ...v, ptes: PteRuns.none(v.ptes.length) })),
    );
    expect(forkChildReadsParentData.holds(lost)).toBe(false);
    const zeroPage = planted(fork, (mm) =>
      mapVma(mm, vpn(w.a), (v) => ({ ...v, ptes: PteRuns.fill(v.ptes.length, PTE_ZERO) })),
    );
    expect(forkChildReadsParentData.holds(zeroPage)).toBe(false);
  });

  it('a child mapping another page where the parent has one is caught', () => {
    const other = planted(fork, (mm) => {
      const f = mm.vmas.find((v) => v.start === vpn(w.f));
      const page = f?.ptes.at(1) ?? 0;
      return mapVma(mm, vpn(w.a), (v) => ({ ...v, ptes: PteRuns.fill(v.ptes.length, page) }));
    });
    expect(forkChildReadsParentData.holds(other)).toBe(false);
  });

  it('calls other than fork are not its business', () => {
    const t = transitionOf(MODEL, w.s, { call: 'munmap', args: [w.a, P] });
    expect(forkChildReadsParentData.holds(t)).toBe(true);
  });
});

/** `t` with page `id` of the after state mapped `by` more (or fewer) times than it is. */
function miscounted(t: Transition, id: number, by: number): Transition {
  const pages = t.after.pages.copy();
  const p = pages.get(id);
  if (p === undefined) throw new Error(`no page ${id}`);
  pages.set(id, pageWith(p, p.mlocked, p.unevictable, p.mlockCount, p.mapCount + by));
  return { ...t, after: { ...t.after, pages } };
}

describe('pageMapCountExact', () => {
  /** The page the PTE of region `addr`'s page `i` maps. */
  const page = (s: KernelState, addr: bigint, i = 0) =>
    s.procs
      .at(-1)
      ?.vmas.find((v) => v.start === vpn(addr))
      ?.ptes.at(i) ?? 0;

  it("holds on 6.18's fork, the child's exit and execve", () => {
    expect(pageMapCountExact.holds(fork)).toBe(true);
    const exit = transitionOf(MODEL, fork.after, { call: 'exit', args: [] });
    expect(pageMapCountExact.holds(exit)).toBe(true);
    const execve = transitionOf(MODEL, w.s, { call: 'execve', args: [] });
    expect(pageMapCountExact.holds(execve)).toBe(true);
  });

  it('a copied PTE not counted, or a zapped one still counted, is caught', () => {
    const id = page(w.s, w.a);
    expect(id).toBeGreaterThan(0);
    // The child's copy of the private page not counted (2 PTEs map it).
    expect(pageMapCountExact.holds(miscounted(fork, id, -1))).toBe(false);
    // The child's exit leaving its mapping counted.
    const exit = transitionOf(MODEL, fork.after, { call: 'exit', args: [] });
    expect(pageMapCountExact.holds(miscounted(exit, id, 1))).toBe(false);
    // execve leaving the old image's file page counted (the cache keeps the page).
    const execve = transitionOf(MODEL, w.s, { call: 'execve', args: [] });
    const cached = page(w.s, w.f, 1);
    expect(cached).toBeGreaterThan(0);
    expect(pageMapCountExact.holds(miscounted(execve, cached, 1))).toBe(false);
  });
});

describe('forkExitRestoresParent', () => {
  it("holds on 6.18's exit; a child that stays, or a parent changed, is caught", () => {
    const exit = transitionOf(MODEL, fork.after, { call: 'exit', args: [] });
    expect(forkExitRestoresParent.holds(exit)).toBe(true);
    expect(forkExitRestoresParent.holds({ ...exit, after: exit.before })).toBe(false);
    const changed = planted(exit, (mm) => ({ ...mm, lockedVm: mm.lockedVm + 1 }));
    expect(forkExitRestoresParent.holds(changed)).toBe(false);
  });
});

describe('forkCopiesPtesWhereNeeded', () => {
  it("holds on 6.18's fork: the anonymous page copied, the shared file mapping empty", () => {
    expect(forkCopiesPtesWhereNeeded.holds(fork)).toBe(true);
  });

  it('a shared file page copied, or a private page not copied, is caught', () => {
    const parentF = w.s.procs.at(-1)?.vmas.find((v) => v.start === vpn(w.f));
    const copiedShared = planted(fork, (mm) =>
      mapVma(mm, vpn(w.f), (v) => ({ ...v, ptes: parentF?.ptes ?? v.ptes })),
    );
    expect(forkCopiesPtesWhereNeeded.holds(copiedShared)).toBe(false);
    const lost = planted(fork, (mm) =>
      mapVma(mm, vpn(w.a), (v) => ({ ...v, ptes: PteRuns.none(v.ptes.length) })),
    );
    expect(forkCopiesPtesWhereNeeded.holds(lost)).toBe(false);
  });
});

describe('forkChildAnonVma', () => {
  it("holds on 6.18's fork; the parent's anon_vma shared, or a chain not marked, is caught", () => {
    expect(forkChildAnonVma.holds(fork)).toBe(true);
    const parentA = w.s.procs.at(-1)?.vmas.find((v) => v.start === vpn(w.a));
    expect(parentA?.anonVma).not.toBe(0);
    const shared = planted(fork, (mm) =>
      mapVma(mm, vpn(w.a), (v) => ({ ...v, anonVma: parentA?.anonVma ?? 0 })),
    );
    expect(forkChildAnonVma.holds(shared)).toBe(false);
    const single = planted(fork, (mm) =>
      mapVma(mm, vpn(w.a), (v) => ({ ...v, anonVmaForked: false })),
    );
    expect(forkChildAnonVma.holds(single)).toBe(false);
    // The shared file mapping has none: giving it one is caught too.
    const given = planted(fork, (mm) => mapVma(mm, vpn(w.f), (v) => ({ ...v, anonVma: 99 })));
    expect(forkChildAnonVma.holds(given)).toBe(false);
  });
});
