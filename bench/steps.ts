// The simulator's step on the checker's own calls (issue 15): every (state, call) pair a bound
// steps, the states decoded from their keys and the calls shared as the checker's call table
// shares them, replayed through step() on the counting model the checker uses. Where the
// simulator benchmark (simulator.ts) times a seeded mix on growing traces, this times what
// `mmspec check` asks of the step, without the properties, the encoding and the store.
//
// Figures (branch step34, linux-6.18, the default bound's depth 5: 1,875,246 pairs, 794,025 of
// which change nothing; 2 cores shared, load 4-6, so relative only): integ 9b18564 1,205 /
// 1,214 / 1,469 ns a step, step34 948 / 1,044 / 1,024 (least of 3 passes, alternated runs).

import { parseArgs } from 'node:util';
import type { BenchOutcome, Benchmark } from './benchmark.js';
import { resolveBound } from '../src/check/resolveBound.js';
import { kernelSystem } from '../src/check/kernelSystem.js';
import type { BoundedState } from '../src/check/boundedState.js';
import { callOf } from '../src/check/boundedState.js';
import { countingModel, emptyCoverage } from '../src/check/coverage.js';
import { Decoder } from '../src/explore/decoder.js';
import type { KernelCall } from '../src/kernel/call.js';
import type { KernelState } from '../src/kernel/state.js';
import { step } from '../src/kernel/step.js';
import { getModel } from '../models/registry.js';
import { cpuMicrosSince, leastAndMedian } from './_internals/cpuTime.js';
import { expandedKeys } from './_internals/expandedKeys.js';

const MODEL = 'linux-6.18';

export const stepsBenchmark: Benchmark = {
  name: 'steps',
  description:
    "CPU a step on every (state, call) pair a bound's search steps, properties and encoding left out (issue 15)",
  usage: '[default|regions=3,pages=4,depth=5,...] [--passes N]',
  async run(args, signal): Promise<BenchOutcome> {
    const { positionals, values } = parseArgs({
      args: [...args],
      options: { passes: { type: 'string', default: '3' } },
      allowPositionals: true,
    });
    const bound = resolveBound(positionals[0] ?? 'default');
    const passes = Math.max(1, Number(values.passes));
    const base = getModel(MODEL);
    const system = kernelSystem(base, bound);
    const model = countingModel(base, emptyCoverage(base));
    // The keys of the states the bound expands (all but its last level).
    const keys = await expandedKeys(system, bound.depth, signal);
    // The pairs, state by state as the explorer steps them; each state's calls from one table
    // by hint count and fork block, as kernelSystem's callsFor makes them.
    const decoder = new Decoder();
    const table = new Map<number, readonly (KernelCall | null)[]>();
    const states: KernelState[] = [];
    const calls: KernelCall[] = [];
    for (const key of keys) {
      const s: BoundedState | undefined = system.decode?.(decoder.reset(key));
      if (s === undefined) continue;
      const k = s.hints * 2 + (s.kernel.procs.length > 1 ? 1 : 0);
      let row = table.get(k);
      if (row === undefined) {
        row = system.alphabet.map((letter) => callOf(letter, s, bound.regions));
        table.set(k, row);
      }
      for (const call of row) {
        if (call === null) continue;
        states.push(s.kernel);
        calls.push(call);
      }
    }
    let unchanged = 0;
    const perStep: number[] = [];
    for (let pass = 0; pass < passes; pass++) {
      unchanged = 0;
      const t = process.cpuUsage();
      for (let i = 0; i < states.length; i++) {
        const before = states[i] as KernelState;
        if (step(model, before, calls[i] as KernelCall).state === before) unchanged++;
      }
      perStep.push((cpuMicrosSince(t) * 1000) / Math.max(1, states.length));
    }
    const [least, median] = leastAndMedian(perStep);
    const figures = {
      expanded: keys.length,
      pairs: states.length,
      unchanged,
      leastNanosecondsPerStep: Math.round(least),
      medianNanosecondsPerStep: Math.round(median),
    };
    const text = `steps ${bound.name} depth ${bound.depth}: ${keys.length} states expanded, ${states.length.toLocaleString('en')} (state, call) pairs (${unchanged.toLocaleString('en')} change nothing), ${passes} passes: ${least.toFixed(0)} ns least, ${median.toFixed(0)} ns median a step (user+system CPU)`;
    return { figures, text };
  },
};
