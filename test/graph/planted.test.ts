// Planted disagreements: one transition of the statechart mutated, and separately one decision
// of the simulator; each must come back as its shortest trace.

import { describe, expect, it } from 'vitest';
import { runConformance } from '../../src/graph/conformance.js';
import { linux618 } from '../../models/linux-6.18.js';
import { createMmMachine, mmStates } from '../../spec/machines/mmMachine.js';
import { plantedMclCurrentKeepsFuture } from '../../models/planted.js';
import type { MmStateConfig } from '../../spec/machines/_internals/machineTypes.js';

const shape = { regions: 2, pages: 1 };

/** The statechart with one wrong transition: in `future`, mlockall(MCL_CURRENT) stays there. */
function mutatedMachine() {
  const states = mmStates(shape);
  const def = states.defFlags;
  const future = def?.states?.future;
  if (def === undefined || future === undefined)
    throw new Error('mutatedMachine: no defFlags.future');
  const on = { ...(future.on as Record<string, unknown>), 'mlockall(1)': { target: 'future' } };
  const mutated: MmStateConfig = { ...def, states: { ...def.states, future: { ...future, on } } };
  return createMmMachine(shape, { ...states, defFlags: mutated });
}

describe('planted disagreements', () => {
  it('the unmutated machine and linux-6.18 agree', () => {
    const r = runConformance({ model: linux618, shape, simpleDepth: 2 });
    expect(r.mismatches).toEqual([]);
  });

  it('a mutated statechart transition is reported as the shortest trace', () => {
    const r = runConformance({ model: linux618, shape, simpleDepth: 2, machine: mutatedMachine() });
    const first = r.mismatches[0];
    expect(first?.kind).toBe('disagreement');
    expect(first?.events.map((e) => e.type)).toEqual(['mlockall(2)', 'mlockall(1)']);
    expect(first?.step).toBe(2);
    expect(first?.trace).toContain('mlockall(MCL_FUTURE) = 0\nmlockall(MCL_CURRENT) = 0\n');
    expect(first?.trace).toContain('check def_flags has lo');
  });

  it('a mutated simulator decision is reported as the shortest trace, with the invariant it breaks', () => {
    const r = runConformance({ model: plantedMclCurrentKeepsFuture, shape, simpleDepth: 2 });
    const first = r.mismatches[0];
    expect(first?.events.map((e) => e.type)).toEqual(['mlockall(2)', 'mlockall(1)']);
    expect(first?.trace).toContain('check def_flags lacks lo lf');
    expect(r.invariants.find((i) => i.name === 'mclFutureClearingConsistent')?.verdict).toBe(
      'fails',
    );
    expect(
      r.mismatches.some((m) => m.invariant === 'mclFutureClearingConsistent' && m.step === 2),
    ).toBe(true);
  });
});
