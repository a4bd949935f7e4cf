// Thread symmetry of the threads bound (`--reduce symmetry`, spec/reduction.md): a state and its
// image with A and B swapped are stored as one, and the search keeps every verdict and shortest
// counterexample length of the full search while storing fewer states; a counterexample found
// through representatives is mapped back to a run of the system that names A as the thread that
// placed the group's regions, and its printed trace replays on the model: the demand ends as the
// full search's does (an ownership demand fails at its one check), the prediction holds.

import { describe, expect, it } from 'vitest';
import { checkThreads } from '../../src/check/checkThreads.js';
import { parseBound } from '../../src/check/parseBound.js';
import { DEFAULT_KERNEL_BOUND, THREADS_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { type ThreadsState, threadSystem } from '../../src/check/threadSystem.js';
import { swapThreads } from '../../src/check/threadSymmetry.js';
import { Encoder } from '../../src/explore/encoder.js';
import { getModel } from '../../models/registry.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { judge } from '../../src/trace/judge.js';
import { parse } from '../../src/trace/parser.js';
import { runProgram } from '../../src/trace/runner.js';

const CASES: readonly (readonly [model: string, base: 'threads' | 'default', bound: string])[] = [
  ['linux-6.18', 'threads', 'depth=3'],
  ['linux-6.18', 'threads', 'pages=3'],
  ['linux-3.8', 'threads', 'depth=4,calls=mmap+mmapFixed+munmap+mlock'],
  ['rfc-vm-populate', 'threads', 'calls=mmap+mmapFixed+munmap+mlock'],
  ['linux-6.18', 'threads', 'calls=mmap+mlock,depth=2,env=noprogress'],
  ['linux-6.18', 'default', 'regions=2,pages=2,depth=2,threads=2'],
];

const boundOf = (base: string, text: string) =>
  parseBound(text, base === 'threads' ? THREADS_KERNEL_BOUND : DEFAULT_KERNEL_BOUND);

async function replays(model: string, text: string, prediction: string) {
  const m = getModel(model);
  const demand = parse(text, 'demand.mmt');
  const failed = judge(demand, await runProgram(demand, engineOf(m))).filter((v) => !v.held);
  const predicted = parse(prediction, 'prediction.mmt');
  const seen = judge(predicted, await runProgram(predicted, engineOf(m)));
  return { failed: failed.length, predictionHolds: seen.every((v) => v.held) };
}

describe('thread symmetry', () => {
  for (const [model, base, text] of CASES)
    it(`keeps verdicts and shortest runs, and its traces replay: ${model}, ${base} + ${text}`, async () => {
      const bound = boundOf(base, text);
      const full = await checkThreads(getModel(model), bound, { reduce: [] });
      for (const reduce of [
        ['symmetry'],
        ['calls', 'prefix', 'symmetry'],
        ['calls', 'prefix', 'symmetry', 'leaves'],
      ] as const) {
        const r = await checkThreads(getModel(model), bound, { reduce });
        const verdicts = (x: typeof r) =>
          x.properties.map((p) => [p.name, p.verdict, p.counterexample?.shortest ?? null]);
        expect(verdicts(r), reduce.join('+')).toEqual(verdicts(full));
        expect(r.states, reduce.join('+')).toBeLessThan(full.states);
        for (const [k, p] of r.properties.entries()) {
          const c = p.counterexample;
          const f = full.properties[k]?.counterexample;
          if (c === undefined || f === undefined) continue;
          // The same outcome as the full search's trace (the ownership demand fails at its one
          // check; a progress trace, whose call hangs, shows the state it hangs in).
          const got = await replays(model, c.trace.text, c.prediction.text);
          const want = await replays(model, f.trace.text, f.prediction.text);
          expect(got, c.trace.text).toEqual(want);
          expect(got.predictionHolds).toBe(true);
        }
      }
    }, 120_000);

  it('takes a state and its image with the threads swapped to one representative', () => {
    const bound = boundOf('threads', 'depth=3');
    const system = threadSystem(getModel('linux-6.18'), bound, { reduce: ['symmetry'] });
    if (system.canonicalize === undefined) throw new Error('symmetry gives no canonicalize');
    const canonical = (x: ThreadsState) => system.canonicalize?.(x) ?? x;
    // Every state of the first three levels in the group: both namings, one representative.
    let level: ThreadsState[] = [...system.initial()];
    let compared = 0;
    for (let d = 0; d < 3; d++) {
      const next: ThreadsState[] = [];
      for (const s of level) system.successors(s, (_l, to) => next.push(to));
      for (const s of next) {
        if (s.threads === null) continue;
        expect(swapThreads(swapThreads(s))).toEqual(s);
        const key = (x: ThreadsState) => {
          const out = new Encoder(system.encodedWords);
          system.encode(x, out);
          out.finish();
          return out.words.join(',');
        };
        expect(key(canonical(swapThreads(s)))).toBe(key(canonical(s)));
        compared++;
      }
      level = next;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('is not a symmetry without the reduction: B never places a region', () => {
    const system = threadSystem(getModel('linux-6.18'), boundOf('threads', 'depth=2'));
    expect('canonicalize' in system).toBe(false);
    let placedByB = 0;
    for (const s of system.initial())
      system.successors(s, (l) => {
        if (l.thread === 1 && l.letter?.args.some((a) => a.kind === 'hint') === true) placedByB++;
      });
    expect(placedByB).toBe(0);
  });
});
