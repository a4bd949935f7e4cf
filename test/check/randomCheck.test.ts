// check's random mode: swarm configurations from the seed, replayable, shrunk, and reported
// with the seed, fast-check path and configuration that found each violation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomCheck } from '../../src/check/randomCheck.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { configurationArbitrary } from '../../src/check/swarmConfiguration.js';
import type { Letter } from '../../src/check/letter.js';
import { renderRandomText } from '../../src/check/renderCheckReport.js';
import { main } from '../../src/cli/main.js';
import { getModel } from '../../models/registry.js';

const planted = getModel('planted:mcl-future-unlocks');

describe('check --random', () => {
  it('draws a different configuration per run: some families and values off, depth varies', () => {
    const configs = fc.sample(configurationArbitrary('swarm', SMALL_KERNEL_BOUND, 24), {
      seed: 3,
      numRuns: 100,
    });
    const families = new Set(configs.map((c) => c.families.map((f) => f.family).join(' ')));
    expect(families.size).toBeGreaterThan(50);
    expect(new Set(configs.map((c) => c.depth)).size).toBeGreaterThan(4);
    for (const c of configs) {
      expect(c.families.some((f) => f.family === 'mmap')).toBe(true);
      for (const f of c.families) expect(f.letters.length).toBeGreaterThan(0);
    }
  });

  it('finds a planted bug, shrinks it to the shortest run, and the same seed gives the same report', () => {
    const run = () =>
      randomCheck(planted, SMALL_KERNEL_BOUND, {
        runs: 300,
        seed: 11,
        properties: ['mclFutureAloneKeepsVmas'],
      });
    const a = run();
    const p = a.properties[0];
    expect(p?.verdict).toBe('violated');
    expect(p?.counterexample?.steps.length).toBe(2);
    expect(p?.found?.configuration.families.length).toBeGreaterThan(0);
    const b = run();
    expect(b.properties[0]?.counterexample?.trace.text).toBe(p?.counterexample?.trace.text);
    expect(b.properties[0]?.found).toEqual(p?.found);
    const text = renderRandomText(a);
    expect(text).toMatch(/found in run \d+: fast-check seed -?\d+, path [\d:]+/);
    expect(text).toMatch(/configuration: setup \d, depth \d+; mmap: /);
  });

  it("the letters a model's overridden decisions add join their call's family, both modes", () => {
    const bound = {
      ...SMALL_KERNEL_BOUND,
      extraFlags: [
        { name: 'MAP_LOCKONFAULT', value: 0x80000, text: 'MAP_LOCKONFAULT' },
        { name: 'MCL_EXAMPLE', value: 0x10, text: 'MCL_EXAMPLE' },
      ],
    };
    const texts = (letters: readonly Letter[]) =>
      letters.flatMap((l) => l.args.flatMap((a) => (a.kind === 'int' ? [a.text] : [])));
    const configs = fc.sample(configurationArbitrary('swarm', bound, 24), {
      seed: 5,
      numRuns: 200,
    });
    const seen = new Set(configs.flatMap((c) => c.families.flatMap((f) => texts(f.letters))));
    expect(seen).toContain('MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKONFAULT');
    expect(seen).toContain('MCL_CURRENT|MCL_EXAMPLE');
    for (const c of configs)
      for (const f of c.families)
        if (texts(f.letters).some((t) => t.includes('MAP_LOCKONFAULT')))
          expect(f.family).toBe('mmap');
    const [u] = fc.sample(configurationArbitrary('uniform', bound, 24), { seed: 1, numRuns: 1 });
    expect(texts(u?.families[0]?.letters ?? [])).toContain('MAP_SHARED|MAP_LOCKONFAULT');
  });

  it('the uniform walk is every letter on, one group, the full depth', () => {
    const [c] = fc.sample(configurationArbitrary('uniform', SMALL_KERNEL_BOUND, 24), {
      seed: 1,
      numRuns: 1,
    });
    expect(c?.families).toHaveLength(1);
    expect(c?.depth).toBe(24);
  });

  it('the CLI prints the seed to replay and exits 1 on a violation', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const status = await main(
      ['check', '--model', planted.name, '--bound', 'small', '--random', '200', '--seed', '5'],
      {
        stdout: { write: (s: string) => out.push(s) },
        stderr: { write: (s: string) => err.push(s) },
      },
    );
    expect(status).toBe(1);
    expect(err.join('')).toContain('replay with --seed 5');
    expect(out.join('')).toMatch(/mclFutureAloneKeepsVmas: VIOLATED/);
  });
});
