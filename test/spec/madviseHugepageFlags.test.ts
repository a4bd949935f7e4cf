// madviseHugepageFlags (spec/findings/mutation.md, run 7 of session mutmadv14): holds on
// linux-6.18's own MADV_HUGEPAGE and MADV_NOHUGEPAGE steps, and fails on the same step with the
// state a faulty kernel would leave, planted by hand.
//
//   before:  [ a: 2P rw-, both pages written ]

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { PteRuns } from '../../src/kernel/pteRuns.js';
import type { KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import { VM_HUGEPAGE, VM_NOHUGEPAGE, hasAny, vmFlags } from '../../src/uapi/vmFlags.js';
import type { Transition } from '../../spec/invariants/index.js';
import { madviseHugepageFlags } from '../../spec/invariants/madviseHugepageFlags.js';
import { flipFlags, mapVma, mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const vpn = (x: bigint) => Number(x / P);

function world(): { s: KernelState; a: bigint } {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = stepOk(MODEL, s0, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
  let s = m.s;
  for (const page of [0n, 1n])
    s = stepOk(MODEL, s, { call: 'write', args: [m.v + page * P, 7n] }).s;
  return { s, a: m.v };
}

const w = world();
const madvise = (s: KernelState, addr: bigint, len: bigint, advice: number): Transition =>
  transitionOf(MODEL, s, { call: 'madvise', args: [addr, len, BigInt(advice)] });
const flagsAt = (s: KernelState, addr: bigint) =>
  mmOf(s).vmas.find((v) => v.start <= vpn(addr) && vpn(addr) < v.end)?.flags ?? vmFlags(0);

describe('madviseHugepageFlags', () => {
  it("MADV_HUGEPAGE of a VMA's second page sets VM_HUGEPAGE there only, and holds", () => {
    const t = madvise(w.s, w.a + P, P, U.MADV_HUGEPAGE);
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(hasAny(flagsAt(t.after, w.a + P), VM_HUGEPAGE)).toBe(true);
    expect(hasAny(flagsAt(t.after, w.a), VM_HUGEPAGE)).toBe(false);
    expect(madviseHugepageFlags.holds(t)).toBe(true);
  });

  it('advice that changes nothing, or the whole VMA, or the wrong flag, is caught', () => {
    const t = madvise(w.s, w.a + P, P, U.MADV_HUGEPAGE);
    // Nothing done (the advice taken for a no-op hint).
    expect(madviseHugepageFlags.holds({ ...t, after: t.before })).toBe(false);
    // The page before the range changed too.
    const whole = madvise(w.s, w.a, 2n * P, U.MADV_HUGEPAGE).after;
    expect(madviseHugepageFlags.holds({ ...t, after: whole })).toBe(false);
    // VM_NOHUGEPAGE set as well (the other flag not cleared), or another flag changed.
    const both = planted(t, (mm) => flipFlags(mm, vpn(w.a + P), Number(VM_NOHUGEPAGE)));
    expect(madviseHugepageFlags.holds(both)).toBe(false);
    // The page's PTE dropped (a zap, not a flag change).
    const zapped = planted(t, (mm) =>
      mapVma(mm, vpn(w.a + P), (v) => ({ ...v, ptes: PteRuns.none(v.ptes.length) })),
    );
    expect(madviseHugepageFlags.holds(zapped)).toBe(false);
    // def_flags or locked_vm touched.
    expect(madviseHugepageFlags.holds(planted(t, (mm) => ({ ...mm, lockedVm: 1 })))).toBe(false);
  });

  it('MADV_NOHUGEPAGE after MADV_HUGEPAGE clears VM_HUGEPAGE; leaving it is caught', () => {
    const huge = stepOk(MODEL, w.s, { call: 'madvise', args: [w.a, 2n * P, 14n] }).s;
    const t = madvise(huge, w.a, 2n * P, U.MADV_NOHUGEPAGE);
    expect(hasAny(flagsAt(t.after, w.a), VM_NOHUGEPAGE)).toBe(true);
    expect(hasAny(flagsAt(t.after, w.a), VM_HUGEPAGE)).toBe(false);
    expect(madviseHugepageFlags.holds(t)).toBe(true);
    const kept = planted(t, (mm) => flipFlags(mm, vpn(w.a), Number(VM_HUGEPAGE)));
    expect(madviseHugepageFlags.holds(kept)).toBe(false);
    // MADV_HUGEPAGE's flags where MADV_NOHUGEPAGE was asked.
    expect(madviseHugepageFlags.holds({ ...t, after: huge })).toBe(false);
  });

  it('over a hole before the VMA: ENOMEM, the mapped part changed all the same', () => {
    const holed = stepOk(MODEL, w.s, { call: 'munmap', args: [w.a, P] }).s;
    const t = madvise(holed, w.a, 2n * P, U.MADV_HUGEPAGE);
    expect(t.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(madviseHugepageFlags.holds(t)).toBe(true);
    expect(madviseHugepageFlags.holds({ ...t, after: t.before })).toBe(false);
  });

  it('other advice and refused arguments are not its business', () => {
    const t = madvise(w.s, w.a, 2n * P, U.MADV_DONTNEED);
    expect(madviseHugepageFlags.holds(t)).toBe(true);
    const unaligned = madvise(w.s, w.a + 1n, P, U.MADV_HUGEPAGE);
    expect(unaligned.result).toEqual({ kind: 'errno', errno: 'EINVAL' });
    expect(madviseHugepageFlags.holds(unaligned)).toBe(true);
  });
});
