// The checker's transition properties, timed on their own (issue 15): every state a bound
// expands up to `depth - 1` is decoded, its successors are made, and each transition is judged
// as the explorer's expander judges it (the system's judgedBy picks the properties, a property
// already violated is not asked again). Chunk by chunk, so that only a few thousand states are
// alive at once. User and system CPU of the judging alone is counted, a run at a time; the
// figures are the least and the median of the runs. `asked` is how many properties were asked
// in all and `failed` how many of those asks failed: a change of the dispatch that keeps both
// asks the same properties where it matters (`asked` falls when fewer are asked; `failed` must
// not move).
//
// Figures: spec/reduction.md, "Fewer judgements, and cheaper ones".

import { parseArgs } from 'node:util';
import type { BenchOutcome, Benchmark } from './benchmark.js';
import { resolveBound } from '../src/check/resolveBound.js';
import { kernelSystem } from '../src/check/kernelSystem.js';
import type { BoundedState } from '../src/check/boundedState.js';
import type { Letter } from '../src/check/letter.js';
import { Decoder } from '../src/explore/decoder.js';
import { getModel } from '../models/registry.js';
import { cpuMicrosSince, leastAndMedian } from './_internals/cpuTime.js';
import { expandedKeys } from './_internals/expandedKeys.js';

const MODEL = 'linux-6.18';
const CHUNK = 500;

interface Step {
  readonly from: BoundedState;
  readonly letter: Letter;
  readonly to: BoundedState;
}

export const judgingBenchmark: Benchmark = {
  name: 'judging',
  description: "CPU of the checker's transition properties on a transition (issue 15)",
  usage: '[regions=3,pages=4,depth=4,...] [--runs N]',
  async run(args, signal): Promise<BenchOutcome> {
    const { positionals, values } = parseArgs({
      args: [...args],
      options: { runs: { type: 'string', default: '5' } },
      allowPositionals: true,
    });
    const bound = resolveBound(positionals[0] ?? 'regions=3,pages=4,depth=4');
    const runs = Math.max(1, Number(values.runs));
    const system = kernelSystem(getModel(MODEL), bound);
    const props = system.transitionProperties ?? [];
    const judgedBy = system.judgedBy?.bind(system);
    const every = props.map((_, k) => k);
    const pick = (l: Letter, from: BoundedState, to: BoundedState): readonly number[] =>
      judgedBy === undefined ? every : judgedBy(l, from, to);
    const decode = system.decode?.bind(system);
    if (decode === undefined) throw new Error('judging: the system has no decoder');
    const keys = await expandedKeys(system, bound.depth, signal);
    const decoder = new Decoder();
    const judgeUs: number[] = [];
    let transitions = 0;
    let asked = 0;
    let failed = 0;
    for (let run = 0; run < runs; run++) {
      // A fresh record of violations each run, as a search starts with (-1: none yet).
      const violated = new Int32Array(props.length).fill(-1);
      let us = 0;
      transitions = 0;
      asked = 0;
      failed = 0;
      for (let c = 0; c < keys.length; c += CHUNK) {
        const steps: Step[] = [];
        for (const key of keys.slice(c, c + CHUNK)) {
          const from = decode(decoder.reset(key));
          system.successors(from, (letter, to) => steps.push({ from, letter, to }));
        }
        const t = process.cpuUsage();
        for (let i = 0; i < steps.length; i++) {
          const s = steps[i];
          if (s === undefined) continue;
          const judged = pick(s.letter, s.from, s.to);
          asked += judged.length;
          for (let j = 0; j < judged.length; j++) {
            const k = judged[j] ?? 0;
            if (violated[k] !== -1) continue;
            const prop = props[k];
            if (prop !== undefined && !prop.holds(s.from, s.letter, s.to)) {
              violated[k] = c + i;
              failed++;
            }
          }
        }
        us += cpuMicrosSince(t);
        transitions += steps.length;
      }
      judgeUs.push(us / Math.max(1, transitions));
    }
    const [least, median] = leastAndMedian(judgeUs);
    const figures = {
      expanded: keys.length,
      transitions,
      asked,
      failed,
      judgeLeastMicroseconds: least,
      judgeMedianMicroseconds: median,
    };
    const text = `judging ${bound.name} depth ${bound.depth}: ${keys.length} states expanded, ${transitions} transitions, ${asked} properties asked (${failed} failed), ${runs} runs: ${least.toFixed(3)} us least, ${median.toFixed(3)} us median a transition`;
    return { figures, text };
  },
};
