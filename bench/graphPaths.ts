// `npm run bench -- graphPaths [--bound RxP] [--depth N] [--no-share]`: statechart paths
// replayed on the simulator per second (src/graph), target >= 10,000/s at 2x2.

import type { Benchmark } from './benchmark.js';
import { linux618 } from '../models/linux-6.18.js';
import { runConformance } from '../src/graph/conformance.js';

function option(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
}

export const graphPathsBenchmark: Benchmark = {
  name: 'graphPaths',
  description:
    'statechart paths (shortest, every transition, simple) replayed on linux-6.18 per second',
  usage: '[--bound RxP] [--depth N] [--no-share]',
  run(args) {
    const [regions, pages] = option(args, '--bound', '2x2').split('x').map(Number);
    const depth = Number(option(args, '--depth', '3'));
    if (
      regions === undefined ||
      pages === undefined ||
      !Number.isInteger(regions) ||
      !Number.isInteger(pages)
    )
      return Promise.reject(new RangeError('graphPaths: --bound must be REGIONSxPAGES, e.g. 2x2'));
    const share = !args.includes('--no-share');
    const r = runConformance({
      model: linux618,
      shape: { regions, pages },
      simpleDepth: depth,
      sharePrefixes: share,
    });
    const figures = {
      states: r.states,
      transitions: r.transitions,
      paths: r.paths,
      steps: r.steps,
      simulatorSteps: r.simulatorSteps,
      graphSeconds: r.graphSeconds,
      replaySeconds: r.replaySeconds,
      pathsPerSecond: r.pathsPerSecond,
      mismatches: r.mismatches.length,
    };
    const text =
      `graphPaths ${regions}x${pages} depth ${depth}${share ? '' : ' (no shared prefixes)'}: ${r.states} states, ` +
      `${r.paths} paths, ${r.steps} steps (${r.simulatorSteps} simulated) in ${r.replaySeconds.toFixed(2)} s = ` +
      `${Math.round(r.pathsPerSecond)} paths/s; graph ${r.graphSeconds.toFixed(1)} s; ${r.mismatches.length} mismatches`;
    return Promise.resolve({ figures, text });
  },
};
