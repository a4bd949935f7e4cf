// `mmspec check --partition I/N` + `mmspec merge`: the parts of a bound, merged, decide every
// property as one run of the whole bound does, with counterexamples as short.

import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../src/check/checkKernel.js';
import type { CheckReport } from '../../src/check/checkKernel.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { MergeError, mergeReports } from '../../src/check/mergeReports.js';
import { checkJson } from '../../src/check/renderCheckReport.js';
import { getModel } from '../../models/registry.js';

const N = 4;

async function parts(model: string): Promise<[CheckReport, CheckReport[]]> {
  const m = getModel(model);
  const whole = await checkKernel(m, SMALL_KERNEL_BOUND);
  const split: CheckReport[] = [];
  for (let index = 0; index < N; index++)
    split.push(await checkKernel(m, SMALL_KERNEL_BOUND, { partition: { index, count: N } }));
  return [whole, split];
}

const verdicts = (r: CheckReport) =>
  r.properties.map((p) => [p.name, p.verdict, p.counterexample?.shortest ?? null]);

describe('check --partition I/N and merge', () => {
  for (const model of ['linux-6.18', 'planted:map-populate-foll', 'planted:mcl-future-unlocks']) {
    it(`${model}: 4 parts merged give the verdicts and shortest lengths of one run`, async () => {
      const [whole, split] = await parts(model);
      const merged = mergeReports(split.map(checkJson));
      expect(merged.missing).toEqual([]);
      expect(merged.properties.map((p) => [p.name, p.verdict, p.shortest])).toEqual(
        verdicts(whole),
      );
      // Each part is a real share of the work, and together they cover at least every state.
      for (const part of split) expect(part.states).toBeLessThan(whole.states);
      expect(merged.states).toBeGreaterThanOrEqual(whole.states);
      // Every call the whole run made, some part made too.
      for (const call of whole.coverage.calls.keys())
        expect(merged.coverage.calls[call]).toBeDefined();
    });
  }

  it('a missing part makes every verdict that is not a violation unknown, naming the part', async () => {
    const [whole, split] = await parts('planted:map-populate-foll');
    const merged = mergeReports(split.filter((_, k) => k !== 2).map(checkJson));
    expect(merged.missing).toEqual([3]);
    for (const p of merged.properties) {
      const one = whole.properties.find((q) => q.name === p.name);
      if (p.verdict === 'violated') expect(one?.verdict).toBe('violated');
      else {
        expect(p.verdict).toBe('unknown');
        expect(p.reason).toBe('missing part 3 of 4');
      }
    }
  });

  it('refuses reports of different bounds or a part given twice', async () => {
    const m = getModel('linux-6.18');
    const a = checkJson(
      await checkKernel(m, SMALL_KERNEL_BOUND, {
        partition: { index: 0, count: 2 },
        maxStates: 50,
      }),
    );
    expect(() => mergeReports([a, a])).toThrow(MergeError);
    expect(() => mergeReports([a, { ...a, bound: 'default' }])).toThrow(/different searches/);
  });
});
