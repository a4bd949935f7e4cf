// brkPostcondition: brk's growth under MCL_FUTURE is charged and populated, its shrinking only
// unmaps the pages between the breaks, and a refusal changes nothing; each holds on
// linux-6.18's own step and fails with one wrong thing planted by hand.
//
//   heap:  [start_brk ... brk)  brk(brk + 2P) grows it by two pages; brk(brk) shrinks it back

import { describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { initialState } from '../../src/kernel/initialState.js';
import type { KernelState, Mm } from '../../src/kernel/state.js';
import { PTE_NONE } from '../../src/kernel/state.js';
import { PteRuns } from '../../src/kernel/pteRuns.js';
import { step } from '../../src/kernel/step.js';
import { MCL_FUTURE } from '../../src/uapi/constants.js';
import { VM_LOCKED, vmFlags } from '../../src/uapi/vmFlags.js';
import { brkPostcondition } from '../../spec/invariants/brkPostcondition.js';
import { mapVma, mmOf, planted, transitionOf } from './plantedFaults.js';

const P = 4096n;
const MODEL = 'linux-6.18';

const transition = (s: KernelState, call: KernelCall) => transitionOf(MODEL, s, call);

/** The process after mlockall(MCL_FUTURE), and its break. */
function locked(): { s: KernelState; brk: bigint } {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const r = step(getModel(MODEL), s0, { call: 'mlockall', args: [BigInt(MCL_FUTURE)] });
  const area = mmOf(r.state).brkArea;
  if (area === undefined) throw new Error('no heap');
  return { s: r.state, brk: BigInt(area.brk) };
}

const vpn = (a: bigint) => Number((a + P - 1n) / P);

describe('brkPostcondition', () => {
  it('growth under MCL_FUTURE: locked, charged and populated', () => {
    const { s, brk } = locked();
    const t = transition(s, { call: 'brk', args: [brk + 2n * P] });
    expect(t.result).toEqual({ kind: 'value', value: brk + 2n * P });
    expect(brkPostcondition.holds(t)).toBe(true);
    const at = vpn(brk);
    const unpopulated = (mm: Mm) =>
      mapVma(mm, at, (v) => ({ ...v, ptes: PteRuns.fill(v.end - v.start, PTE_NONE) }));
    expect(brkPostcondition.holds(planted(t, unpopulated))).toBe(false);
    expect(brkPostcondition.holds(planted(t, (mm) => ({ ...mm, lockedVm: mm.lockedVm - 2 })))).toBe(
      false,
    );
    const unlocked = (mm: Mm) =>
      mapVma(mm, at, (v) => ({ ...v, flags: vmFlags(Number(v.flags) & ~VM_LOCKED) }));
    expect(brkPostcondition.holds(planted(t, unlocked))).toBe(false);
    // Planted: an answer that is neither the break asked for nor the old one.
    expect(brkPostcondition.holds({ ...t, result: { kind: 'value', value: brk + P } })).toBe(false);
  });

  it('shrinking unmaps the pages between the breaks and gives their locked_vm back', () => {
    const { s, brk } = locked();
    const grown = step(getModel(MODEL), s, { call: 'brk', args: [brk + 2n * P] }).state;
    const t = transition(grown, { call: 'brk', args: [brk + P] });
    expect(t.result).toEqual({ kind: 'value', value: brk + P });
    expect(brkPostcondition.holds(t)).toBe(true);
    expect(brkPostcondition.holds(planted(t, (mm) => ({ ...mm, lockedVm: mm.lockedVm + 1 })))).toBe(
      false,
    );
    // Planted: the page below the new break unmapped too.
    const below = vpn(brk);
    const tooMuch = (mm: Mm) => ({
      ...mm,
      vmas: mm.vmas.filter((v) => !(v.start <= below && below < v.end)),
      lockedVm: mm.lockedVm - 1,
    });
    expect(brkPostcondition.holds(planted(t, tooMuch))).toBe(false);
  });

  it('a refused brk changes nothing and answers the old break', () => {
    const { s, brk } = locked();
    // Below start_brk: refused (brk(0) reads the break).
    const t = transition(s, { call: 'brk', args: [0n] });
    expect(t.result).toEqual({ kind: 'value', value: brk });
    expect(brkPostcondition.holds(t)).toBe(true);
    expect(brkPostcondition.holds(planted(t, (mm) => ({ ...mm, lockedVm: mm.lockedVm + 1 })))).toBe(
      false,
    );
  });
});
