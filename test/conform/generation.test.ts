import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryTrace, swarmTrace } from '../../src/conform/arbitraryTrace.js';
import { FEATURES, FeatureCoverage } from '../../src/conform/_internals/featureCoverage.js';
import { countTraces, enumerate } from '../../src/conform/enumerate.js';
import { renderTrace } from '../../src/conform/renderTrace.js';
import { resolveProgram } from '../../src/trace/resolve.js';

const texts = (seed: number) =>
  fc.sample(arbitraryTrace(), { seed, numRuns: 50 }).map((t) => renderTrace(t).text);

describe('conform: generation', () => {
  it('gives the same random traces for the same seed, and others for another', () => {
    expect(texts(7)).toEqual(texts(7));
    expect(texts(7)).not.toEqual(texts(8));
  });

  it('enumerates as many traces as countTraces says, shortest first, deterministically', () => {
    const all = [...enumerate(2)].map((t) => renderTrace(t).text);
    expect(all).toHaveLength(countTraces(2));
    expect([...enumerate(2)].map((t) => renderTrace(t).text)).toEqual(all);
    const lengths = [...enumerate(2)].map(
      (t) => t.ops.length + (t.setup.rlimitBytes === null && t.setup.capIpcLock ? 0 : 1),
    );
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
  });

  it('renders traces that parse and resolve, each region observed page by page', () => {
    for (const trace of [
      ...enumerate(1),
      ...fc.sample(arbitraryTrace(), { seed: 3, numRuns: 200 }),
    ]) {
      const { program, text } = renderTrace(trace);
      expect(() => resolveProgram(program)).not.toThrow();
      expect(text).toContain('check vmflags(b + 3P)');
      expect(text).toContain('check def_flags');
    }
  });

  it('keeps each swarm trace to its configuration, and covers the whole alphabet over a run', () => {
    const coverage = new FeatureCoverage();
    const runs = fc.sample(swarmTrace(), { seed: 5, numRuns: 2000 });
    for (const { configuration, trace } of runs) {
      coverage.add(trace);
      const one = new FeatureCoverage();
      one.add(trace);
      const off = FEATURES.filter(
        (f) => f.startsWith('call:') && !configuration.calls.some((c) => f === `call:${c}`),
      );
      for (const f of off) expect(one.summary().missing).toContain(f);
    }
    expect(coverage.summary()).toEqual({
      features: FEATURES.length,
      covered: FEATURES.length,
      missing: [],
    });
    // Swarm: most traces leave some calls out.
    expect(runs.filter((r) => r.configuration.calls.length < 13).length).toBeGreaterThan(1500);
  });

  it('puts a setup in the directives', () => {
    const { text } = renderTrace({ setup: { capIpcLock: false, rlimitBytes: 4095 }, ops: [] });
    expect(text.startsWith('rlimit MEMLOCK 4095\ncap CAP_IPC_LOCK off\n\n')).toBe(true);
  });
});
