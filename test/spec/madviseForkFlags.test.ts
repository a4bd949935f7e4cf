// The fork advice (spec/findings/mutation.md, run 7x of session forkexec29): madviseForkFlags,
// madviseBadArgumentsRefused and madviseRefusalsJustified on MADV_DONTFORK, MADV_DOFORK,
// MADV_WIPEONFORK and MADV_KEEPONFORK hold on linux-6.18's own steps and fail on the same step
// with the state or result a faulty kernel would leave, planted by hand; and fork then leaves a
// VM_DONTCOPY VMA out of the child and gives a VM_WIPEONFORK one no page.
//
//   before:  [ a: 2P rw-, both pages written ]  ...  [ s: 2P MAP_SHARED|MAP_ANONYMOUS ]

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import { PTE_NONE, type KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import { VM_DONTCOPY, VM_IO, VM_WIPEONFORK, hasAny, vmFlags } from '../../src/uapi/vmFlags.js';
import type { Transition } from '../../spec/invariants/index.js';
import { forkChildInherits } from '../../spec/invariants/forkChildInherits.js';
import { forkChildReadsParentData } from '../../spec/invariants/forkChildReadsParentData.js';
import { madviseBadArgumentsRefused } from '../../spec/invariants/madviseBadArgumentsRefused.js';
import { madviseForkFlags } from '../../spec/invariants/madviseForkFlags.js';
import { madviseRefusalsJustified } from '../../spec/invariants/madviseRefusalsJustified.js';
import { flipFlags, mapVma, mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const vpn = (x: bigint) => Number(x / P);
const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const zero: Result = { kind: 'value', value: 0n };
const einval: Result = { kind: 'errno', errno: 'EINVAL' };

function world(): { s: KernelState; a: bigint; sh: bigint } {
  let s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const a = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
  s = a.s;
  for (const page of [0n, 1n])
    s = stepOk(MODEL, s, { call: 'write', args: [a.v + page * P, 7n] }).s;
  const shared = BigInt(U.MAP_SHARED | U.MAP_ANONYMOUS);
  const sh = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, shared, -1n, 0n] });
  return { s: sh.s, a: a.v, sh: sh.v };
}

const w = world();
const madvise = (s: KernelState, addr: bigint, len: bigint, advice: number): Transition =>
  transitionOf(MODEL, s, { call: 'madvise', args: [addr, len, BigInt(advice)] });
const flagsAt = (s: KernelState, addr: bigint) =>
  mmOf(s).vmas.find((v) => v.start <= vpn(addr) && vpn(addr) < v.end)?.flags ?? vmFlags(0);

describe('madviseForkFlags', () => {
  it("MADV_DONTFORK of a VMA's second page sets VM_DONTCOPY there only, and holds", () => {
    const t = madvise(w.s, w.a + P, P, U.MADV_DONTFORK);
    expect(t.result).toEqual(zero);
    expect(hasAny(flagsAt(t.after, w.a + P), VM_DONTCOPY)).toBe(true);
    expect(hasAny(flagsAt(t.after, w.a), VM_DONTCOPY)).toBe(false);
    expect(madviseForkFlags.holds(t)).toBe(true);
    // Nothing done (the advice taken for a no-op, as the model had it), or the whole VMA.
    expect(madviseForkFlags.holds({ ...t, after: t.before })).toBe(false);
    const whole = madvise(w.s, w.a, 2n * P, U.MADV_DONTFORK).after;
    expect(madviseForkFlags.holds({ ...t, after: whole })).toBe(false);
    // The other flag set instead, or as well.
    const wipe = planted(t, (mm) => flipFlags(mm, vpn(w.a + P), Number(VM_WIPEONFORK)));
    expect(madviseForkFlags.holds(wipe)).toBe(false);
    // The page's PTE dropped.
    const zapped = planted(t, (mm) =>
      mapVma(mm, vpn(w.a + P), (v) => ({ ...v, ptes: v.ptes.with(0, v.ptes.length, PTE_NONE) })),
    );
    expect(madviseForkFlags.holds(zapped)).toBe(false);
  });

  it('MADV_DOFORK and MADV_KEEPONFORK clear what DONTFORK and WIPEONFORK set', () => {
    const dc = stepOk(MODEL, w.s, { call: 'madvise', args: [w.a, 2n * P, 10n] }).s;
    const t = madvise(dc, w.a, 2n * P, U.MADV_DOFORK);
    expect(hasAny(flagsAt(t.after, w.a), VM_DONTCOPY)).toBe(false);
    expect(madviseForkFlags.holds(t)).toBe(true);
    expect(madviseForkFlags.holds({ ...t, after: dc })).toBe(false);
    const wf = stepOk(MODEL, w.s, { call: 'madvise', args: [w.a, 2n * P, 18n] }).s;
    expect(hasAny(flagsAt(wf, w.a), VM_WIPEONFORK)).toBe(true);
    const k = madvise(wf, w.a, P, U.MADV_KEEPONFORK);
    expect(hasAny(flagsAt(k.after, w.a), VM_WIPEONFORK)).toBe(false);
    expect(hasAny(flagsAt(k.after, w.a + P), VM_WIPEONFORK)).toBe(true);
    expect(madviseForkFlags.holds(k)).toBe(true);
    expect(madviseForkFlags.holds({ ...k, after: wf })).toBe(false);
  });
});

describe('the refusals of the fork advice', () => {
  it('MADV_WIPEONFORK of shared anonymous memory is EINVAL; success is caught', () => {
    const t = madvise(w.s, w.sh, 2n * P, U.MADV_WIPEONFORK);
    expect(t.result).toEqual(einval);
    expect(madviseBadArgumentsRefused.holds(t)).toBe(true);
    expect(madviseBadArgumentsRefused.holds(as(t, zero))).toBe(false);
    // Private anonymous memory: refusing it is what madviseRefusalsJustified catches.
    const ok = madvise(w.s, w.a, 2n * P, U.MADV_WIPEONFORK);
    expect(ok.result).toEqual(zero);
    expect(madviseRefusalsJustified.holds(ok)).toBe(true);
    expect(madviseRefusalsJustified.holds(as(ok, einval))).toBe(false);
  });

  it('MADV_DOFORK of a VM_IO VMA is EINVAL; MADV_DONTFORK never is', () => {
    const io = { ...w.s, procs: [flipFlags(mmOf(w.s), vpn(w.a), Number(VM_IO))] };
    const t = madvise(io, w.a, 2n * P, U.MADV_DOFORK);
    expect(t.result).toEqual(einval);
    expect(madviseBadArgumentsRefused.holds(as(t, zero))).toBe(false);
    const d = madvise(io, w.a, 2n * P, U.MADV_DONTFORK);
    expect(d.result).toEqual(zero);
    expect(madviseRefusalsJustified.holds(as(d, einval))).toBe(false);
  });
});

describe('fork reads the flags', () => {
  it('a VM_DONTCOPY VMA is absent in the child; a VM_WIPEONFORK one reads zero', () => {
    const dc = stepOk(MODEL, w.s, { call: 'madvise', args: [w.a, P, 10n] }).s;
    const f = transitionOf(MODEL, dc, { call: 'fork', args: [] });
    expect(forkChildInherits.holds(f)).toBe(true);
    // The child given the VM_DONTCOPY VMA all the same.
    const kept = planted(f, () => ({ ...mmOf(f.after), vmas: mmOf(dc).vmas }));
    expect(forkChildInherits.holds(kept)).toBe(false);
    const wf = stepOk(MODEL, w.s, { call: 'madvise', args: [w.a, 2n * P, 18n] }).s;
    const g = transitionOf(MODEL, wf, { call: 'fork', args: [] });
    expect(forkChildReadsParentData.holds(g)).toBe(true);
    // The child given the parent's pages (no wipe).
    const unwiped = planted(g, (mm) => ({
      ...mm,
      vmas: mmOf(wf).vmas.map((v, i) => ({ ...(mm.vmas[i] ?? v), ptes: v.ptes })),
    }));
    expect(forkChildReadsParentData.holds(unwiped)).toBe(false);
  });
});
