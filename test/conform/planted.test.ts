import { describe, expect, it } from 'vitest';
import type { ConformContext } from '../../src/conform/conformContext.js';
import { conformDepth } from '../../src/conform/exhaustive.js';
import { conformRandom } from '../../src/conform/randomConform.js';
import { parse } from '../../src/trace/parser.js';
import { plantedPair } from './plantedModel.js';

function context(): ConformContext {
  return { engines: plantedPair(), constants: [], jobs: 2 };
}

describe('conform: a planted disagreement (mlockall forgets MCL_ONFAULT in def_flags)', () => {
  it('is found at depth 1, as one-step traces whose reproducer names the fault', async () => {
    const { summary, disagreements } = await conformDepth(1, context(), new Map());
    expect(summary.disagreed).toBeGreaterThan(0);
    expect(summary.agreed + summary.disagreed + summary.unsupported).toBe(summary.run);
    const first = disagreements[0];
    expect(first?.steps).toBe(1);
    expect(first?.trace).toMatch(/mlockall\(\S*MCL_FUTURE\|MCL_ONFAULT\)/);
    expect(first?.trace).toContain('check def_flags has lf');
    // The reproducer is a trace: it parses back.
    expect(() => parse(first?.trace ?? '', 'repro.mmt')).not.toThrow();
  });

  it('is found by random traces and shrunk to a short trace, the same for the same seed', async () => {
    const run = () => conformRandom({ runs: 300, seed: 42 }, context(), new Map());
    const a = await run();
    expect(a.summary.disagreed).toBeGreaterThan(0);
    expect(a.summary.run).toBe(300);
    const shrunk = a.disagreements[0];
    expect(shrunk?.steps).toBeLessThanOrEqual(2);
    expect(shrunk?.trace).toMatch(/mlockall\([^)]*MCL_FUTURE/);
    const b = await run();
    expect(b.disagreements.map((d) => d.trace)).toEqual(a.disagreements.map((d) => d.trace));
  });

  it('finds nothing when the model is held to itself', async () => {
    const { reference } = plantedPair();
    const ctx = { ...context(), engines: { reference, candidate: reference } };
    const { summary } = await conformRandom({ runs: 100, seed: 1 }, ctx, new Map());
    expect(summary.disagreed).toBe(0);
    expect(summary.agreed).toBe(100);
  });
});
