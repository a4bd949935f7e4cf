// The bit-state (supertrace) search: no state stored, only bits. It may omit states whose bits
// others set (so its counts are lower bounds), never invents one, and with a large bitmap it
// reaches every state and finds the same violations at the same depth.

import { describe, expect, it } from 'vitest';
import { lockbenchSystem } from '../../bench/lockbench/lockbenchSystem.js';
import { explore } from '../../src/explore/explore.js';
import { bitstateFigures } from '../../src/explore/exploreReport.js';

describe('bit-state search on lockbench', () => {
  it('K=3 P=3: a large bitmap reaches all 17,496 states and transitions, with few expected omissions', async () => {
    const exact = await explore(lockbenchSystem(3, 3));
    const bits = await explore(lockbenchSystem(3, 3), { bitstate: { log2Bits: 24, hashes: 3 } });
    expect(exact.states).toBe(17_496);
    expect(bits.states).toBeLessThanOrEqual(exact.states);
    expect(bits.states).toBeGreaterThan(exact.states * 0.999);
    if (bits.states === exact.states) expect(bits.transitions).toBe(exact.transitions);
    expect(bits.properties.map((p) => p.verdict.status)).toEqual(
      exact.properties.map((p) => p.verdict.status),
    );
    expect(bits.bitstate?.hashFactor).toBeGreaterThan(900);
    expect(bits.bitstate?.expectedOmissions).toBeLessThan(0.01);
  });

  it('K=3 P=3: a bitmap too small omits states, and says so', async () => {
    const bits = await explore(lockbenchSystem(3, 3), { bitstate: { log2Bits: 14, hashes: 2 } });
    expect(bits.states).toBeLessThan(17_496);
    expect(bits.states).toBeGreaterThan(1000);
    expect(bits.bitstate?.expectedOmissions).toBeGreaterThan(100);
    expect(bits.bitstate?.omissionProbability).toBeCloseTo(1, 6);
  });

  it('finds the planted bug by the same two calls, the trace replayed from the bits', async () => {
    const system = lockbenchSystem(2, 2, true);
    const exact = await explore(system);
    const bits = await explore(system, { bitstate: { log2Bits: 20, hashes: 3 } });
    for (const p of exact.properties) {
      const b = bits.properties.find((q) => q.name === p.name);
      expect(b?.verdict.status).toBe(p.verdict.status);
      if (p.verdict.status === 'violated' && b?.verdict.status === 'violated') {
        expect(b.verdict.trace.steps).toHaveLength(p.verdict.trace.steps.length);
        expect(b.verdict.trace.steps.map((s) => system.describeLabel(s.label))[1]).toMatch(
          /^munlock(all)?\(/,
        );
      }
    }
  });

  it("SPIN's estimate: no omission expected in an empty bitmap, about n^2 k^2/2m when sparse", () => {
    expect(bitstateFigures(1, 2 ** 20, 3, 0).expectedOmissions).toBe(0);
    const f = bitstateFigures(1000, 2 ** 30, 1, 0);
    expect(f.expectedOmissions).toBeCloseTo((1000 * 999) / 2 / 2 ** 30, 6);
  });
});
