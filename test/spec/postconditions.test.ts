// The post-conditions of mmap, mprotect and munmap, and the documented prefix of a refused
// mremap(MREMAP_FIXED): each holds on a model's own step and fails on the same step with the
// one thing it forbids planted by hand.
//
//   before:  [ a: 2P rw- ]        mmap / mprotect(a, 1P) / munmap(a, 1P) act on a's first page
//   planted: the second page (outside the range) changed, or locked_vm off by a page

import { describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';
import { initialState } from '../../src/kernel/initialState.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { step } from '../../src/kernel/step.js';
import type { KernelState } from '../../src/kernel/state.js';
import { MAP_LOCKED, MREMAP_DONTUNMAP, MREMAP_FIXED } from '../../src/uapi/constants.js';
import { MAP_GROWSDOWN, MAP_NONBLOCK, MAP_POPULATE, MAP_STACK } from '../../src/uapi/constants.js';
import { MAP_DROPPABLE, MAP_NORESERVE, MCL_FUTURE } from '../../src/uapi/constants.js';
import { MREMAP_MAYMOVE } from '../../src/uapi/constants.js';
import { VM_GROWSDOWN, VM_LOCKED, VM_NOHUGEPAGE, VM_WRITE } from '../../src/uapi/vmFlags.js';
import { VM_MAYEXEC, VM_NORESERVE } from '../../src/uapi/vmFlags.js';
import { failedCallChangesNothing } from '../../spec/invariants/failedCallChangesNothing.js';
import { mmapPostcondition } from '../../spec/invariants/mmapPostcondition.js';
import { mprotectPostcondition } from '../../spec/invariants/mprotectPostcondition.js';
import { munmapPostcondition } from '../../spec/invariants/munmapPostcondition.js';
import { flipFlags, mapVma, mmOf, planted, stepOk } from './plantedFaults.js';
import { withFlags } from '../../src/uapi/vmFlags.js';
import { ANON, P, RW } from '../kernel/kit.js';
import type { Transition } from '../../spec/invariants/index.js';

const ok = (s: KernelState, model: string, call: KernelCall) => stepOk(model, s, call);

/** 2 private anonymous pages mapped (and written), then `call` on them. */
function run(call: (a: bigint) => KernelCall, model = 'linux-6.18', mapFlags = ANON): Transition {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = ok(s0, model, { call: 'mmap', args: [0n, 2n * P, RW, mapFlags, -1n, 0n] });
  const c = call(m.v);
  const r = step(getModel(model), m.s, c);
  return { before: m.s, call: c, result: r.result, after: r.state };
}

const vpn = (a: bigint) => Number(a / P);

describe('mmapPostcondition', () => {
  it('holds on mmap, and fails on a wrong access bit, lock bit, locked_vm or neighbour', () => {
    const t = run((a) => ({ call: 'mmap', args: [a + 2n * P, P, RW, ANON | 0x10n, -1n, 0n] }));
    expect(t.result.kind).toBe('value');
    expect(mmapPostcondition.holds(t)).toBe(true);
    const at = t.result.kind === 'value' ? vpn(t.result.value) : 0;
    expect(mmapPostcondition.holds(planted(t, (mm) => flipFlags(mm, at, VM_WRITE)))).toBe(false);
    expect(mmapPostcondition.holds(planted(t, (mm) => flipFlags(mm, at, VM_LOCKED)))).toBe(false);
    // do_mmap's VM_MAYEXEC taken from a mapping whose file is not on a noexec mount.
    expect(mmapPostcondition.holds(planted(t, (mm) => flipFlags(mm, at, VM_MAYEXEC)))).toBe(false);
    expect(mmapPostcondition.holds(planted(t, (mm) => ({ ...mm, lockedVm: 1 })))).toBe(false);
    // The first mapping, outside the new range, loses VM_WRITE.
    expect(mmapPostcondition.holds(planted(t, (mm) => flipFlags(mm, at - 2, VM_WRITE)))).toBe(
      false,
    );
  });

  it('MAP_LOCKED: VM_LOCKED, charged and populated', () => {
    const flags = ANON | BigInt(MAP_LOCKED);
    const t = run((a) => ({ call: 'mmap', args: [a + 2n * P, P, RW, flags | 0x10n, -1n, 0n] }));
    expect(mmapPostcondition.holds(t)).toBe(true);
    const at = t.result.kind === 'value' ? vpn(t.result.value) : 0;
    expect(mmapPostcondition.holds(planted(t, (mm) => flipFlags(mm, at, VM_LOCKED)))).toBe(false);
    expect(mmapPostcondition.holds(planted(t, (mm) => ({ ...mm, lockedVm: 0 })))).toBe(false);
    const unpopulated = planted(t, (mm) => ({
      ...mm,
      vmas: mm.vmas.map((v) => (v.start === at ? { ...v, ptes: v.ptes.with(0, 1, 0) } : v)),
    }));
    expect(mmapPostcondition.holds(unpopulated)).toBe(false);
  });

  it('MAP_GROWSDOWN, MAP_STACK, MAP_NORESERVE: VM_GROWSDOWN, VM_NOHUGEPAGE, VM_NORESERVE as asked', () => {
    for (const [flag, bit] of [
      [MAP_GROWSDOWN, VM_GROWSDOWN],
      [MAP_STACK, VM_NOHUGEPAGE],
      [MAP_NORESERVE, VM_NORESERVE],
    ] as const) {
      const flags = ANON | BigInt(flag) | 0x10n;
      const t = run((a) => ({ call: 'mmap', args: [a + 2n * P, P, RW, flags, -1n, 0n] }));
      expect(mmapPostcondition.holds(t)).toBe(true);
      const at = t.result.kind === 'value' ? vpn(t.result.value) : 0;
      // Planted: the bit dropped; the bit set on a mapping that did not ask for it.
      expect(mmapPostcondition.holds(planted(t, (mm) => flipFlags(mm, at, Number(bit))))).toBe(
        false,
      );
      const plain = run((a) => ({
        call: 'mmap',
        args: [a + 2n * P, P, RW, ANON | 0x10n, -1n, 0n],
      }));
      const pat = plain.result.kind === 'value' ? vpn(plain.result.value) : 0;
      expect(mmapPostcondition.holds(planted(plain, (mm) => flipFlags(mm, pat, Number(bit))))).toBe(
        false,
      );
    }
  });

  it('MAP_DROPPABLE under MCL_FUTURE: populated but never VM_LOCKED (bit 40 read right)', () => {
    const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
    const f = ok(s0, 'linux-6.18', { call: 'mlockall', args: [BigInt(MCL_FUTURE)] });
    const c: KernelCall = {
      call: 'mmap',
      args: [0n, P, RW, BigInt(MAP_DROPPABLE) | 0x20n, -1n, 0n],
    };
    const r = step(getModel('linux-6.18'), f.s, c);
    const t: Transition = { before: f.s, call: c, result: r.result, after: r.state };
    expect(t.result.kind).toBe('value');
    expect(mmapPostcondition.holds(t)).toBe(true);
    const at = t.result.kind === 'value' ? vpn(t.result.value) : 0;
    // Planted: __mmap_complete's unlocking of a droppable mapping forgotten (flipFlags' 32-bit
    // XOR would lose bit 40, so the bit is added with withFlags).
    const kept = planted(t, (mm) => ({
      ...mapVma(mm, at, (v) => ({ ...v, flags: withFlags(v.flags, VM_LOCKED) })),
      lockedVm: mm.lockedVm + 1,
    }));
    expect(mmapPostcondition.holds(kept)).toBe(false);
  });

  it('a mapping asked for no population has no page present', () => {
    const t = run((a) => ({ call: 'mmap', args: [a + 2n * P, P, RW, ANON | 0x10n, -1n, 0n] }));
    const at = t.result.kind === 'value' ? vpn(t.result.value) : 0;
    // The new page merged into a's VMA: planted at its offset there.
    const populated = planted(t, (mm) =>
      mapVma(mm, at, (v) => ({ ...v, ptes: v.ptes.with(at - v.start, at - v.start + 1, 1) })),
    );
    expect(mmapPostcondition.holds(populated)).toBe(false);
    // MAP_POPULATE|MAP_NONBLOCK populates nothing either (MAP_NONBLOCK cancels it).
    const nonblock = ANON | BigInt(MAP_POPULATE | MAP_NONBLOCK) | 0x10n;
    const n = run((a) => ({ call: 'mmap', args: [a + 2n * P, P, RW, nonblock, -1n, 0n] }));
    expect(mmapPostcondition.holds(n)).toBe(true);
  });
});

describe('mprotectPostcondition', () => {
  it('holds on mprotect, and fails on a flag changed outside the access bits or the range', () => {
    const t = run((a) => ({ call: 'mprotect', args: [a, P, 1n] }));
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(mprotectPostcondition.holds(t)).toBe(true);
    const a = vpn(t.call.args[0] ?? 0n);
    expect(mprotectPostcondition.holds(planted(t, (mm) => flipFlags(mm, a, VM_LOCKED)))).toBe(
      false,
    );
    expect(mprotectPostcondition.holds(planted(t, (mm) => flipFlags(mm, a, VM_WRITE)))).toBe(false);
    // The second page, outside the range, loses VM_WRITE too.
    expect(mprotectPostcondition.holds(planted(t, (mm) => flipFlags(mm, a + 1, VM_WRITE)))).toBe(
      false,
    );
  });
});

describe('munmapPostcondition', () => {
  it('holds on munmap, and fails when a page outside the range or locked_vm changes', () => {
    const flags = ANON | BigInt(MAP_LOCKED);
    const t = run((a) => ({ call: 'munmap', args: [a, P] }), 'linux-6.18', flags);
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(munmapPostcondition.holds(t)).toBe(true);
    const at = vpn(t.call.args[0] ?? 0n) + 1;
    expect(munmapPostcondition.holds(planted(t, (mm) => flipFlags(mm, at, VM_LOCKED)))).toBe(false);
    expect(munmapPostcondition.holds(planted(t, (mm) => ({ ...mm, lockedVm: 2 })))).toBe(false);
  });
});

describe('failedCallChangesNothing: the mremap(MREMAP_FIXED) prefix', () => {
  it('5.10 refuses MREMAP_DONTUNMAP of a shared mapping after unmapping the target, only that', () => {
    const flags = BigInt(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP);
    const shared = 0x21n; // MAP_SHARED|MAP_ANONYMOUS
    const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
    const m = ok(s0, 'linux-5.10', { call: 'mmap', args: [0n, P, RW, shared, -1n, 0n] });
    const target = ok(m.s, 'linux-5.10', { call: 'mmap', args: [0n, P, RW, ANON, -1n, 0n] });
    const c: KernelCall = { call: 'mremap', args: [m.v, P, P, flags, target.v] };
    const r = step(getModel('linux-5.10'), target.s, c);
    const t: Transition = { before: target.s, call: c, result: r.result, after: r.state };
    expect(t.result).toEqual({ kind: 'errno', errno: 'EINVAL' });
    expect(mmOf(t.after).vmas.some((v) => v.start === vpn(target.v))).toBe(false);
    expect(failedCallChangesNothing.holds(t)).toBe(true);
    // Planted: the source goes too, or the refusal is EPERM (no prefix documented for it).
    const src = vpn(m.v);
    const sourceGone = planted(t, (mm) => ({
      ...mm,
      vmas: mm.vmas.filter((v) => v.start !== src),
    }));
    expect(failedCallChangesNothing.holds(sourceGone)).toBe(false);
    const eperm: Transition = { ...t, result: { kind: 'errno', errno: 'EPERM' } };
    expect(failedCallChangesNothing.holds(eperm)).toBe(false);
  });
});
