import { describe, expect, it } from 'vitest';
import { lockbenchSystem } from '../../bench/lockbench/lockbenchSystem.js';
import { Encoder } from '../../src/explore/encoder.js';
import { explore } from '../../src/explore/explore.js';

// Reference counts from bench/lockbench/README.md: 3 * (2^(P+1) + 2)^K states.
describe('lockbench on the explorer', () => {
  it.each([
    [2, 2, 300],
    [2, 3, 972],
    [3, 2, 3000],
  ])('K=%i P=%i reaches %i states, every invariant holding', async (k, p, states) => {
    const report = await explore(lockbenchSystem(k, p));
    expect(report.states).toBe(states);
    expect(report.states).toBe(3 * (2 ** (p + 1) + 2) ** k);
    expect(report.properties.map((r) => r.verdict.status)).toEqual(['holds', 'holds']);
  });

  it('encodeWords writes what encode writes, for every successor of a small run', () => {
    const system = lockbenchSystem(5, 2);
    const encoder = new Encoder(system.encodedWords);
    const direct = new Int32Array(system.encodedWords + 3);
    let frontier = [...system.initial()];
    let compared = 0;
    for (let depth = 0; depth < 3; depth++) {
      const next: (typeof frontier)[number][] = [];
      for (const s of frontier)
        system.successors(s, (_label, t) => {
          encoder.reset();
          system.encode(t, encoder);
          encoder.finish();
          system.encodeWords?.(t, direct, 3);
          expect([...direct.subarray(3)]).toEqual([...encoder.words]);
          compared++;
          if (next.length < 200) next.push([...t]);
        });
      frontier = next;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('K=3 P=3 has 17,496 states and 437,400 transitions', async () => {
    const report = await explore(lockbenchSystem(3, 3));
    expect(report).toMatchObject({ states: 17_496, transitions: 437_400 });
  });

  it('finds the planted bug in two calls: mmap(MAP_LOCKED) then munlock', async () => {
    const system = lockbenchSystem(2, 2, true);
    const report = await explore(system);
    const result = report.properties.find((r) => r.name === 'mlockedOnlyInLockedSlots');
    if (result?.verdict.status !== 'violated') throw new Error('the mutant should be caught');
    const labels = result.verdict.trace.steps.map((s) => system.describeLabel(s.label));
    expect(labels).toHaveLength(2);
    expect(labels[1]).toMatch(/^munlock(all)?\(/);
  });
});
