// The kernel explorer's throughput: `mmspec check` at a bound (the default: 3 regions of 4
// pages, depth 5), in states per second, with transitions, seconds and peak memory.

import type { BenchOutcome, Benchmark } from './benchmark.js';
import { checkKernel } from '../src/check/kernel/checkKernel.js';
import { parseBound } from '../src/check/kernel/kernelBound.js';
import { getModel } from '../src/kernel/modelEngine.js';
import { DEFAULT_KERNEL_BOUND } from '../proofs/kernelBounds.js';

export const checkBenchmark: Benchmark = {
  name: 'check',
  description: 'kernel-model exploration (mmspec check) at a bound: states/s, peak MB',
  usage: '[regions=3,pages=4,depth=5,...]',
  async run(args, signal): Promise<BenchOutcome> {
    const bound =
      args[0] === undefined ? DEFAULT_KERNEL_BOUND : parseBound(args[0], DEFAULT_KERNEL_BOUND);
    const r = await checkKernel(getModel('linux-6.18'), bound, { signal });
    const figures = {
      states: r.states,
      transitions: r.transitions,
      depth: r.depth,
      seconds: r.seconds,
      statesPerSecond: r.statesPerSecond,
      peakMB: r.peakRssMB,
    };
    const text = `check ${bound.name}: ${r.states} states, ${r.transitions} transitions, depth ${r.depth}, ${r.seconds.toFixed(1)} s, ${Math.round(r.statesPerSecond)} states/s, peak ${r.peakRssMB} MB`;
    return { figures, text };
  },
};
