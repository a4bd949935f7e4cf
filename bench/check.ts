// The kernel explorer's throughput: `mmspec check` at a bound (the default: 3 regions of 4
// pages, depth 5), in states per second, with transitions, seconds and peak memory.

import { parseArgs } from 'node:util';
import type { BenchOutcome, Benchmark } from './benchmark.js';
import { checkKernel } from '../src/check/checkKernel.js';
import { parseBound } from '../src/check/kernelBound.js';
import { kernelSystemRef } from '../src/cli/_internals/kernelSystemFor.js';
import { DEFAULT_KERNEL_BOUND } from '../src/check/kernelBounds.js';
import { getModel } from '../models/registry.js';

const MODEL = 'linux-6.18';

export const checkBenchmark: Benchmark = {
  name: 'check',
  description: 'kernel-model exploration (mmspec check) at a bound: states/s, peak MB',
  usage: '[regions=3,pages=4,depth=5,...] [--workers N]',
  async run(args, signal): Promise<BenchOutcome> {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { workers: { type: 'string' } },
      allowPositionals: true,
    });
    const workers = Number(values.workers ?? 1);
    if (!Number.isInteger(workers) || workers < 1)
      throw new RangeError(`check: --workers takes a positive integer, got '${values.workers}'`);
    const bound =
      positionals[0] === undefined
        ? DEFAULT_KERNEL_BOUND
        : parseBound(positionals[0], DEFAULT_KERNEL_BOUND);
    const r = await checkKernel(getModel(MODEL), bound, {
      signal,
      workers,
      ...(workers > 1 ? { systemRef: kernelSystemRef(MODEL, bound, {}) } : {}),
    });
    const figures = {
      states: r.states,
      transitions: r.transitions,
      depth: r.depth,
      seconds: r.seconds,
      statesPerSecond: r.statesPerSecond,
      peakMB: r.peakRssMB,
      workers,
    };
    const text = `check ${bound.name}: ${r.states} states, ${r.transitions} transitions, depth ${r.depth}, ${r.seconds.toFixed(1)} s, ${Math.round(r.statesPerSecond)} states/s, ${workers} worker${workers === 1 ? '' : 's'}, peak ${r.peakRssMB} MB`;
    return { figures, text };
  },
};
