// The brk and execve promises (spec/findings/mutation.md, run 7x of session forkexec29):
// brkRefusalsJustified, brkLimitsRespected, brkGrowsHeapInPlace, brkPostcondition's
// unpopulated growth and execveFreshAnonVma hold on linux-6.18's own steps and fail on the same step with the result or state a faulty kernel
// would give, planted by hand.
//
//   before:  ... [heap (forked anon_vma)] brk ...... (nothing above for a while)
//   brk +1P: ... [heap][g: 1P]          (a forked heap never grows in place)
//   brk +2P: ... [heap][g: 2P]          (g grows in place)

import { describe, expect, it } from 'vitest';
import { DATA_SEGMENT_BYTES } from '../../src/kernel/dataLimit.js';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import type { KernelState, Mm } from '../../src/kernel/state.js';
import type { Transition } from '../../spec/invariants/index.js';
import { brkGrowsHeapInPlace } from '../../spec/invariants/brkGrowsHeapInPlace.js';
import { brkLimitsRespected } from '../../spec/invariants/brkLimitsRespected.js';
import { brkPostcondition } from '../../spec/invariants/brkPostcondition.js';
import { brkRefusalsJustified } from '../../spec/invariants/brkRefusalsJustified.js';
import { execveFreshAnonVma } from '../../spec/invariants/execveFreshAnonVma.js';
import { mapVma, mmOf, planted, transitionOf } from './plantedFaults.js';
import { P } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const value = (v: bigint): Result => ({ kind: 'value', value: v });
const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const brk = (s: KernelState, addr: bigint): Transition =>
  transitionOf(MODEL, s, { call: 'brk', args: [addr] });

function world(rlimitData?: bigint): { s: KernelState; old: bigint; start: bigint } {
  const s = initialState({
    rlimitMemlock: null,
    capIpcLock: true,
    ...(rlimitData === undefined ? {} : { rlimitData }),
  });
  const area = mmOf(s).brkArea;
  if (area === undefined) throw new Error('no heap');
  return { s, old: BigInt(area.brk), start: BigInt(area.startBrk) };
}

describe('brkRefusalsJustified and brkLimitsRespected', () => {
  it('a growth no limit stops moves the break; keeping the old one is caught', () => {
    const w = world();
    const t = brk(w.s, w.old + P);
    expect(t.result).toEqual(value(w.old + P));
    expect(brkRefusalsJustified.holds(t)).toBe(true);
    expect(brkLimitsRespected.holds(t)).toBe(true);
    expect(brkRefusalsJustified.holds(as(t, value(w.old)))).toBe(false);
  });

  it('brk(0) asks only, and a growth past RLIMIT_DATA is refused; moving is caught', () => {
    const w = world();
    const ask = brk(w.s, 0n);
    expect(ask.result).toEqual(value(w.old));
    expect(brkLimitsRespected.holds(ask)).toBe(true);
    expect(brkLimitsRespected.holds(as(ask, value(0n)))).toBe(false);
    // RLIMIT_DATA exactly what the heap and the data segment use now: no growth fits.
    const limited = world(w.old - w.start + DATA_SEGMENT_BYTES);
    const t = brk(limited.s, limited.old + P);
    expect(t.result).toEqual(value(limited.old));
    expect(brkLimitsRespected.holds(t)).toBe(true);
    expect(brkRefusalsJustified.holds(t)).toBe(true);
    expect(brkLimitsRespected.holds(as(t, value(limited.old + P)))).toBe(false);
  });
});

describe('brkGrowsHeapInPlace', () => {
  it('the forked heap is not grown; the growth after it is; the other way round is caught', () => {
    const w = world();
    const first = brk(w.s, w.old + P);
    expect(brkGrowsHeapInPlace.holds(first)).toBe(true);
    const second = brk(first.after, w.old + 2n * P);
    expect(brkGrowsHeapInPlace.holds(second)).toBe(true);
    // The second growth as a VMA of its own: the first growth's VMA kept at one page.
    const from = Number((w.old + P) / P);
    const split = planted(second, (mm) => ({
      ...mm,
      vmas: mm.vmas.flatMap((v) =>
        v.start < from && from < v.end
          ? [
              { ...v, end: from, ptes: v.ptes.slice(0, from - v.start) },
              {
                ...v,
                start: from,
                pgoff: v.pgoff + from - v.start,
                ptes: v.ptes.slice(from - v.start, v.end - v.start),
              },
            ]
          : [v],
      ),
    }));
    expect(brkGrowsHeapInPlace.holds(split)).toBe(false);
  });
});

describe("brkPostcondition's unpopulated growth", () => {
  it('a growth without VM_LOCKED has no page present; a populated one is caught', () => {
    const w = world();
    const t = brk(w.s, w.old + P);
    expect(brkPostcondition.holds(t)).toBe(true);
    const vpn = Number(w.old / P);
    const faulted = planted(t, (mm) =>
      mapVma(mm, vpn, (v) => ({ ...v, ptes: v.ptes.with(vpn - v.start, vpn - v.start + 1, 1) })),
    );
    expect(brkPostcondition.holds(faulted)).toBe(false);
  });
});

describe('execveFreshAnonVma', () => {
  it("the new image's heap has an anon_vma of its own, from no fork; the old one is caught", () => {
    const w = world();
    const t = transitionOf(MODEL, w.s, { call: 'execve', args: [] });
    expect(t.result.kind).toBe('value');
    expect(execveFreshAnonVma.holds(t)).toBe(true);
    // The heap's anon_vma marked as inherited (execve.ts's `forked: true`), or the old one kept.
    const heap = (mm: Mm) => mm.vmas.findIndex((v) => v.name === '[heap]');
    const forked = planted(t, (mm) => ({
      ...mm,
      vmas: mm.vmas.map((v, i) => (i === heap(mm) ? { ...v, anonVmaForked: true } : v)),
    }));
    expect(execveFreshAnonVma.holds(forked)).toBe(false);
    const oldHeap = mmOf(w.s).vmas[heap(mmOf(w.s))];
    const kept = planted(t, (mm) => ({
      ...mm,
      vmas: mm.vmas.map((v, i) =>
        i === heap(mm) ? { ...v, anonVma: oldHeap?.anonVma ?? 1, anonVmaForked: false } : v,
      ),
    }));
    expect(execveFreshAnonVma.holds(kept)).toBe(false);
    // A heap no anon_vma was prepared for (execve.ts's heapAnon left out).
    const none = planted(t, (mm) => ({
      ...mm,
      vmas: mm.vmas.map((v, i) => (i === heap(mm) ? { ...v, anonVma: 0 } : v)),
    }));
    expect(execveFreshAnonVma.holds(none)).toBe(false);
  });
});
