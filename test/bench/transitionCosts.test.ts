// The measuring stick of bench/transitionCosts.ts: every transition of the search is counted
// once, under the kind the step gave it, and the judging asks what the expander asks.

import { describe, expect, it } from 'vitest';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import { resolveBound } from '../../src/check/resolveBound.js';
import { explore } from '../../src/explore/explore.js';
import { getModel } from '../../models/registry.js';
import { expandedKeys } from '../../bench/_internals/expandedKeys.js';
import { costsByKind } from '../../bench/_internals/costsByKind.js';
import { Decoder } from '../../src/explore/decoder.js';

const system = kernelSystem(getModel('linux-6.18'), resolveBound('regions=3,pages=4,depth=3'));
const signal = new AbortController().signal;

describe('costsByKind', () => {
  it("counts the search's transitions once each, by whether they change the state", async () => {
    const keys = await expandedKeys(system, 3, signal);
    const kinds = costsByKind(system, keys, 1, signal);
    const report = await explore(system, { maxDepth: 3, exhaustive: true });
    const count = (f: (k: (typeof kinds)[number]) => boolean) =>
      kinds.filter(f).reduce((n, k) => n + k.transitions, 0);
    expect(count(() => true)).toBe(report.transitions);
    // The unchanged ones, counted apart: the step handed back the state it was given.
    let unchanged = 0;
    const decoder = new Decoder();
    for (const key of keys) {
      const from = system.decode?.(decoder.reset(key));
      if (from === undefined) continue;
      system.successors(from, (_l, to) => {
        if (to.kernel === from.kernel && to.hints === from.hints) unchanged++;
      });
    }
    expect(count((k) => k.kind.startsWith('unchanged '))).toBe(unchanged);
    expect(unchanged).toBeGreaterThan(0);
    expect(kinds.every((k) => /^(changes|unchanged) \w+ \w+$/.test(k.kind))).toBe(true);
    expect(kinds.every((k) => k.stepNs >= 0 && k.judgeNs >= 0 && k.asked > 0)).toBe(true);
    // Sorted by time, the costliest first.
    const time = kinds.map((k) => k.stepNs + k.judgeNs);
    expect(time).toEqual([...time].sort((a, b) => b - a));
  });
});
