// Several transition properties take a shorter path when the state after still holds the very
// list of VMAs, or the very VMA, that the state before held (values are immutable, so the same
// object maps the same pages): lockCallsChangeOnlyLockBits checks the range's VMAs one by one
// instead of walking every edge of both lists, keptOutside skips a VMA both states hold. Each
// must say what the long path says. So every transition of two bounds, and made-up ones (every
// result, the state before as the state after), is judged twice: as it is, and with the state
// after's current process holding equal copies of its VMAs in a new list, which no identity
// test can recognise. A shortcut that decided otherwise than the walk fails here. (No bound
// with args=edge: a made-up success of a call over most of the address space would have the
// postconditions walk it page by page.)

import { describe, expect, it } from 'vitest';
import type { BoundedState } from '../../src/check/boundedState.js';
import { kernelProperties } from '../../src/check/kernelProperties.js';
import type { Result } from '../../src/kernel/result.js';
import { type KernelState, mmWithVmas, vmaWithPtes } from '../../src/kernel/state.js';
import { getModel } from '../../models/registry.js';
import { threeModelTransitions } from './boundTransitions.js';

/** `k` with its current process's VMAs copied into new objects and a new list. */
function copiedVmas(k: KernelState): KernelState {
  const mm = k.procs.at(-1);
  if (mm === undefined) return k;
  const copy = mmWithVmas(
    mm,
    mm.vmas.map((v) => vmaWithPtes(v, v.ptes)),
  );
  return { ...k, procs: [...k.procs.slice(0, -1), copy] };
}

const RESULTS: readonly Result[] = [
  { kind: 'value', value: 0n },
  { kind: 'errno', errno: 'ENOMEM' },
  { kind: 'errno', errno: 'EINVAL' },
];

const PROPERTIES = [
  'lockCallsChangeOnlyLockBits',
  'mmapPostcondition',
  'munmapPostcondition',
  'mprotectPostcondition',
  'failedLockLeavesPrefix',
  'madviseDontneedPostcondition',
];

describe('the paths taken on the very same VMAs say what the walk says', () => {
  const steps = threeModelTransitions(4000);
  const props = kernelProperties(getModel('linux-6.18')).transitions;

  it.each(PROPERTIES)('%s', (name) => {
    const prop = props.find((p) => p.name === name);
    expect(prop).toBeDefined();
    if (prop === undefined) return;
    let differ = 0;
    let failed = 0;
    for (const s of steps) {
      const { judged: _judged, ...rest } = s.to;
      const afters = [judgedAfter(s.to), s.from.kernel];
      for (const kernel of afters)
        for (const result of [s.to.result ?? RESULTS[0], ...RESULTS]) {
          if (result === undefined) continue;
          const to: BoundedState = { ...rest, kernel, result };
          const copied: BoundedState = { ...rest, kernel: copiedVmas(kernel), result };
          const short = prop.holds(s.from, s.letter, to);
          if (short !== prop.holds(s.from, s.letter, copied)) differ++;
          if (!short) failed++;
        }
    }
    expect(differ).toBe(0);
    // Not vacuous: the property fails on many of them, on both paths alike.
    expect(failed).toBeGreaterThan(50);
  });
});

/** The state a step is judged on (the model's whole one where the bound keeps less). */
const judgedAfter = (to: BoundedState): KernelState => to.judged ?? to.kernel;
