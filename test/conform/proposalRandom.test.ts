// conform --random --model PROPOSAL: the swarm's random alphabet includes the names the
// proposal adds (flagGroups), so its new flags are drawn, counted as features and resolved.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { swarmTrace } from '../../src/conform/arbitraryTrace.js';
import { conformRandom } from '../../src/conform/randomConform.js';
import { renderTrace } from '../../src/conform/renderTrace.js';
import { flagGroups } from '../../src/conform/swarmConfiguration.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { getModel } from '../../models/registry.js';
import { engineOf } from './plantedModel.js';

const PROPOSALS = [
  ['proposal-map-lockonfault', 'mapExtra', 'MAP_LOCKONFAULT'],
  ['proposal-mlockall-two-onfault', 'mcl', 'MCL_FUTURE_ONFAULT'],
  ['rfc-madv-populate', 'madvise', 'MADV_POPULATE'],
] as const;

describe('conform: random traces on a proposal', () => {
  for (const [name, group, flag] of PROPOSALS)
    it(`draws ${name}'s ${flag} in the ${group} group, in traces that resolve on it`, () => {
      const model = getModel(name);
      const groups = flagGroups(model.constants);
      expect(groups[group]).toContain(flag);
      expect(flagGroups()[group]).not.toContain(flag);
      const runs = fc.sample(swarmTrace(8, groups), { seed: 11, numRuns: 400 });
      const texts = runs.map(({ trace }) => renderTrace(trace));
      const using = texts.filter((t) => t.text.includes(flag));
      expect(using.length).toBeGreaterThan(10);
      for (const t of using)
        expect(() => resolveProgram(t.program, { extraConstants: model.constants })).not.toThrow();
    });

  it('counts the new flag as a feature and finds the design differing from Linux with it', async () => {
    const model = getModel('proposal-map-lockonfault');
    const ctx = {
      engines: { reference: engineOf(getModel('linux-6.18')), candidate: engineOf(model) },
      constants: model.constants,
      jobs: 2,
    };
    const { summary, disagreements } = await conformRandom({ runs: 300, seed: 3 }, ctx, new Map());
    expect(summary.coverage?.missing).not.toContain('mapExtra:MAP_LOCKONFAULT');
    expect(summary.coverage?.features).toBeGreaterThan(flagGroups().mapExtra.length);
    expect(disagreements.some((d) => d.trace.includes('MAP_LOCKONFAULT'))).toBe(true);
  });
});
