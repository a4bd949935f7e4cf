// mremapPostcondition: a move takes the pages with it and leaves nothing behind (or, under
// MREMAP_DONTUNMAP, the old range without PTEs and lock bits), a shrink in place only unmaps
// the tail, and locked_vm moves by the locked pages gained or lost. Each holds on linux-6.18's
// own step and fails with one wrong thing planted by hand.
//
//   before:  [ a: 2P rw- lo, written ]   [ b: 1P rw- ]
//   mremap(a, 2P, 3P, MREMAP_MAYMOVE)   the whole VMA moves (b sits past it) and grows

import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import { initialState } from '../../src/kernel/initialState.js';
import type { KernelState, Mm, Vma } from '../../src/kernel/state.js';
import { PteRuns } from '../../src/kernel/pteRuns.js';
import {
  MADV_DONTNEED_LOCKED,
  MAP_LOCKED,
  MAP_POPULATE,
  MAP_SHARED,
  MREMAP_DONTUNMAP,
  MREMAP_MAYMOVE,
} from '../../src/uapi/constants.js';
import { VM_LOCKED, VM_WRITE, vmFlags } from '../../src/uapi/vmFlags.js';
import { mremapPostcondition } from '../../spec/invariants/mremapPostcondition.js';
import { mapVma, mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { A, ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';

const ok = (s: KernelState, call: KernelCall) => stepOk(MODEL, s, call);
const transition = (s: KernelState, call: KernelCall) => transitionOf(MODEL, s, call);

const flip = (bits: number) => (v: Vma) => ({ ...v, flags: vmFlags(Number(v.flags) ^ bits) });

/** A locked, populated 2-page mapping `a` with a 1-page mapping right after it. */
function setup(): { s: KernelState; a: bigint; b: bigint } {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const flags = ANON | BigInt(MAP_LOCKED | MAP_POPULATE);
  const a = ok(s0, { call: 'mmap', args: [0n, 2n * P, RW, flags, -1n, 0n] });
  const b = ok(a.s, { call: 'mmap', args: [a.v + 2n * P, P, 1n, ANON | 0x10n, -1n, 0n] });
  return { s: b.s, a: a.v, b: b.v };
}

const vpn = (x: bigint) => Number(x / P);

describe('mremapPostcondition', () => {
  it('a growing move takes the locked pages along and charges the growth', () => {
    const { s, a, b } = setup();
    const t = transition(s, { call: 'mremap', args: [a, 2n * P, 3n * P, BigInt(MREMAP_MAYMOVE)] });
    expect(t.result.kind).toBe('value');
    if (t.result.kind !== 'value') return;
    const to = vpn(t.result.value);
    expect(to).not.toBe(vpn(a));
    expect(mremapPostcondition.holds(t)).toBe(true);
    // Planted: locked_vm not charged for the growth; a page outside both ranges changed; the
    // moved page's PTE lost; the moved range unlocked (and uncharged).
    expect(
      mremapPostcondition.holds(planted(t, (mm) => ({ ...mm, lockedVm: mm.lockedVm - 1 }))),
    ).toBe(false);
    expect(mremapPostcondition.holds(planted(t, (mm) => mapVma(mm, vpn(b), flip(VM_WRITE))))).toBe(
      false,
    );
    const lost = (mm: Mm) => mapVma(mm, to, (v) => ({ ...v, ptes: PteRuns.none(v.end - v.start) }));
    expect(mremapPostcondition.holds(planted(t, lost))).toBe(false);
    const unlocked = (mm: Mm) => ({
      ...mapVma(mm, to, flip(VM_LOCKED)),
      lockedVm: mm.lockedVm - 3,
    });
    expect(mremapPostcondition.holds(planted(t, unlocked))).toBe(false);
  });

  it('MREMAP_DONTUNMAP leaves the old range mapped, without PTEs or lock bits', () => {
    const { s, a } = setup();
    const flags = BigInt(MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
    const t = transition(s, { call: 'mremap', args: [a, 2n * P, 2n * P, flags, 0n] });
    expect(t.result.kind).toBe('value');
    // 6.18 charges the destination without crediting the source (the flagged leak): allowed.
    expect(mremapPostcondition.holds(t)).toBe(true);
    // Planted: the old range still locked.
    const stillLocked = (mm: Mm) => ({ ...mapVma(mm, vpn(a), flip(VM_LOCKED)) });
    expect(mremapPostcondition.holds(planted(t, stillLocked))).toBe(false);
    // Planted: locked_vm charged more than the leak can explain.
    expect(
      mremapPostcondition.holds(planted(t, (mm) => ({ ...mm, lockedVm: mm.lockedVm + 3 }))),
    ).toBe(false);
  });

  it('a shrink in place unmaps the tail only', () => {
    const { s, a } = setup();
    const t = transition(s, { call: 'mremap', args: [a, 2n * P, P, 0n] });
    expect(t.result).toEqual({ kind: 'value', value: a });
    expect(mremapPostcondition.holds(t)).toBe(true);
    expect(
      mremapPostcondition.holds(planted(t, (mm) => ({ ...mm, lockedVm: mm.lockedVm + 1 }))),
    ).toBe(false);
    expect(mremapPostcondition.holds(planted(t, (mm) => mapVma(mm, vpn(a), flip(VM_LOCKED))))).toBe(
      false,
    );
  });
  it('a locked shared file VMA grown in place may have its cached pages filled by fault-around', () => {
    // spec/litmus/mremap+grow+fault_around.mmt: page 0 zapped (still cached), the growth's read
    // fault maps it again.
    const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
    const f = ok(s0, { call: 'tmpfile', args: [3n * P] });
    const shared = BigInt(MAP_SHARED | MAP_LOCKED);
    const m = ok(f.s, { call: 'mmap', args: [A, P, RW, shared, f.v, 0n] });
    const z = ok(m.s, { call: 'madvise', args: [m.v, P, BigInt(MADV_DONTNEED_LOCKED)] });
    const t = transition(z.s, { call: 'mremap', args: [m.v, P, 2n * P, BigInt(MREMAP_MAYMOVE)] });
    expect(t.result).toEqual({ kind: 'value', value: m.v });
    const filled = mmOf(t.after)
      .vmas.find((v) => v.start === vpn(m.v))
      ?.ptes.at(0);
    expect(filled).toBeGreaterThan(0);
    expect(mremapPostcondition.holds(t)).toBe(true);
    // Planted: page 0 filled with another page than its cached one.
    const other = (mm: Mm) =>
      mapVma(mm, vpn(m.v), (v) => ({ ...v, ptes: v.ptes.with(0, 1, (filled ?? 0) + 1) }));
    expect(mremapPostcondition.holds(planted(t, other))).toBe(false);
  });
});
