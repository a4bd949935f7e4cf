// Would a symmetry reduction of transitions pay (issue 15)? The explorer stores one state of
// each class of states alike but for the placed regions' names. A state that some relabelling
// leaves as it is (two placed regions that hold alike) could also take one letter of each
// orbit of letters under its relabellings: the others' transitions are mirror images
// (bench/_internals/stabilizer.ts). This counts, over every state a bound
// expands, the states with such a relabelling and the transitions they would spare, and audits
// each spared transition: it must reach the state its orbit's first letter reaches, with the
// same kind of result and the same verdict from every transition property.
//
// Figures (linux-6.18, stop 39, one thread): at depth 4, 249 of the 3,265 states expanded have
// a relabelling (231 of order 2, 18 of order 6) and would spare 5,586 of 156,829 transitions
// (3.56%); at depth 5, 2,570 of 34,517 (2,435 of order 2, 135 of order 6), 57,971 of 1,875,246
// (3.09%); at depth 6, 23,932 of 385,736 (23,315 of order 2, 617 of order 6), 532,217 of
// 22,925,138 (2.32%; 122 s user, 729 MB peak); every spared transition audited alike. Too few
// to pay for the encodings that find the relabellings (spec/reduction.md, "Stop 39").

import { parseArgs } from 'node:util';
import type { BenchOutcome, Benchmark } from './benchmark.js';
import { resolveBound } from '../src/check/resolveBound.js';
import { kernelSystem } from '../src/check/kernelSystem.js';
import { getModel } from '../models/registry.js';
import { expandedKeys } from './_internals/expandedKeys.js';
import { stabilizer } from './_internals/stabilizer.js';
import { mirrorCensus } from './_internals/mirrorCensus.js';

export const stabilizerBenchmark: Benchmark = {
  name: 'stabilizer',
  description:
    "transitions a state's own symmetry would spare on a bound, the mirror images audited (issue 15)",
  usage: '[regions=3,pages=4,depth=5,...] [--model NAME]',
  slow: true,
  async run(args, signal): Promise<BenchOutcome> {
    const { positionals, values } = parseArgs({
      args: [...args],
      options: { model: { type: 'string' } },
      allowPositionals: true,
    });
    const bound = resolveBound(positionals[0]);
    const system = kernelSystem(getModel(values.model ?? 'linux-6.18'), bound);
    const keys = await expandedKeys(system, bound.depth, signal);
    const { orders, transitions, spared, otherwise, examples } = mirrorCensus(
      system,
      stabilizer(system),
      keys,
      signal,
    );
    const symmetric = keys.length - (orders.get(1) ?? 0);
    const figures = {
      expanded: keys.length,
      symmetric,
      transitions,
      spared,
      auditedOtherwise: otherwise,
      ...Object.fromEntries([...orders].map(([k, n]) => [`order${k}`, n])),
    };
    const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
    const byOrder = [...orders]
      .sort((a, b) => a[0] - b[0])
      .map(([k, n]) => `${n} of order ${k}`)
      .join(', ');
    const failures = examples.length === 0 ? '' : ` (${examples.join('; ')})`;
    const text =
      `stabilizer ${system.name} depth ${bound.depth}: ${keys.length} states expanded, ` +
      `${symmetric} left as they are by a relabelling (${byOrder}); ` +
      `${spared} of ${transitions} transitions mirror images (${pct(spared / Math.max(1, transitions))}), ` +
      `${otherwise} audited otherwise${failures}`;
    return { figures, text };
  },
};
