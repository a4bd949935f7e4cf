// The bit-state (supertrace) search: no state stored, only bits. It may omit states whose bits
// others set (so its counts are lower bounds), never invents one, and with a large bitmap it
// reaches every state and finds the same violations at the same depth.

import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lockbenchSystem } from '../../bench/lockbench/lockbenchSystem.js';
import { explore } from '../../src/explore/explore.js';
import { type ExploreReport, bitstateFigures } from '../../src/explore/exploreReport.js';
import { searchSummary } from './fixtures/searchSummary.js';

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

describe('bit-state search on worker threads and with its frontier on disk', () => {
  const ref = (k: number, p: number, planted = false) => ({
    module: new URL('../../dist/bench/lockbench/lockbenchSystem.js', import.meta.url).href,
    factory: 'lockbenchSystem',
    args: [k, p, planted],
  });
  const figures = (r: ExploreReport<unknown, unknown>) => ({
    ...searchSummary(r),
    depth: r.depth,
    expectedOmissions: r.bitstate?.expectedOmissions,
  });

  it('K=3 P=3, a bitmap small enough to omit states: 2 workers set the same bits as one thread', async () => {
    const bitstate = { log2Bits: 16, hashes: 2 };
    const one = await explore(lockbenchSystem(3, 3), { bitstate });
    const two = await explore(lockbenchSystem(3, 3), {
      bitstate,
      workers: 2,
      systemRef: ref(3, 3),
    });
    expect(one.states).toBeLessThan(17_496);
    expect(figures(two)).toEqual(figures(one));
    expect(two.workers).toBe(2);
  });

  it('the planted bug: the same shortest counterexample on 2 workers', async () => {
    const bitstate = { log2Bits: 20, hashes: 3 };
    const one = await explore(lockbenchSystem(2, 2, true), { bitstate });
    const two = await explore(lockbenchSystem(2, 2, true), {
      bitstate,
      workers: 2,
      systemRef: ref(2, 2, true),
    });
    expect(one.properties.some((p) => p.verdict.status === 'violated')).toBe(true);
    expect(figures(two)).toEqual(figures(one));
  });

  it('a frontier bound of 4 KiB spills the levels to disk: the same figures, no file left', async () => {
    const bitstate = { log2Bits: 24, hashes: 3 };
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('mmspec-frontier-'));
    const memory = await explore(lockbenchSystem(3, 3), { bitstate });
    for (const workers of [1, 2]) {
      const disk = await explore(lockbenchSystem(3, 3), {
        bitstate,
        frontierMemoryMB: 4096 / 2 ** 20,
        workers,
        systemRef: ref(3, 3),
      });
      expect(figures(disk)).toEqual(figures(memory));
      expect(disk.bitstate?.spilledBytes).toBeGreaterThan(10_000);
    }
    expect(memory.bitstate?.spilledBytes).toBe(0);
    const after = readdirSync(tmpdir()).filter((f) => f.startsWith('mmspec-frontier-'));
    expect(after).toEqual(before);
  });

  it('an interrupted search removes its temporary files too', async () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('mmspec-frontier-'));
    const abort = new AbortController();
    const r = await explore(lockbenchSystem(3, 3), {
      bitstate: { log2Bits: 24, hashes: 3 },
      frontierMemoryMB: 4096 / 2 ** 20,
      signal: abort.signal,
      onProgress: () => abort.abort(),
      maxStates: 12_000,
    });
    expect(['aborted', 'max-states']).toContain(r.stopReason);
    const after = readdirSync(tmpdir()).filter((f) => f.startsWith('mmspec-frontier-'));
    expect(after).toEqual(before);
  });
});
