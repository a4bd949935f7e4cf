// The kernel system's `judgement`: the simulator step a transition stands for, made once and
// read by every property's `holdsOn`, must give each property the verdict its own `holds`
// gives, and the explorer must come to the same report whether it asks through it or not.
import { describe, expect, it } from 'vitest';
import { kernelProperties } from '../../src/check/kernelProperties.js';
import { getModel } from '../../models/registry.js';
import { transitionsOf } from '../spec/boundTransitions.js';
import { smallBoundSummary } from './fixtures/smallBoundSummary.js';

describe('judging through the system judgement', () => {
  it('gives each property the verdict of its own holds, on real and mismatched transitions', () => {
    // A model whose properties fail on some transitions, so both verdicts are seen.
    const model = 'planted:relock-charged';
    const props = kernelProperties(getModel(model));
    const steps = transitionsOf(model, 'regions=2,pages=3,depth=3', 3000, 3);
    let failed = 0;
    let asked = 0;
    steps.forEach((s, i) => {
      // Also a transition whose before-state is another one's: verdicts that read it differ.
      const other = steps[(i * 7919) % steps.length]?.from ?? s.from;
      for (const from of [s.from, other]) {
        const j = props.judgement(from, s.to);
        for (const p of props.transitions) {
          if (p.holdsOn === undefined) continue;
          const direct = p.holds(from, s.letter, s.to);
          expect(j === null || p.holdsOn(j), `${p.name} on step ${i}`).toBe(direct);
          asked++;
          if (!direct) failed++;
        }
      }
    });
    expect(asked).toBeGreaterThan(100_000);
    expect(failed).toBeGreaterThan(0);
  });

  it.each(['linux-6.18', 'linux-4.4', 'planted:rlimit-whole-credit', 'planted:relock-charged'])(
    '%s, small bound: the same report with the judgement made once or per property',
    async (m) => {
      const on = await smallBoundSummary(m, { judgement: true });
      expect(on.verdicts.some(([, status]) => status === 'violated')).toBe(true);
      expect(on).toEqual(await smallBoundSummary(m, { judgement: false }));
    },
  );
});
