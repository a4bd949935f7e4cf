// `npm run bench -- lockbench --regions K --pages P [--workers N] [--json]`: explores lockbench
// exhaustively and reports states, transitions, exploration seconds, states/s and peak RSS.

import { parseArgs } from 'node:util';
import { explore } from '../../src/explore/explore.js';
import type { Benchmark, BenchOutcome } from '../benchmark.js';
import { lockbenchSystem } from './lockbenchSystem.js';

/** The row lockbench.md sets the time and memory targets on. */
const DEFAULT_REGIONS = 5;
const DEFAULT_PAGES = 3;

function positive(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`lockbench: --${option} takes a positive integer, got '${text}'`);
  }
  return value;
}

async function run(args: readonly string[], signal: AbortSignal): Promise<BenchOutcome> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      regions: { type: 'string' },
      pages: { type: 'string' },
      workers: { type: 'string' },
      'max-states': { type: 'string' },
    },
  });
  const regions = positive('regions', values.regions, DEFAULT_REGIONS);
  const pages = positive('pages', values.pages, DEFAULT_PAGES);
  const workers = positive('workers', values.workers, 1);
  const maxStates = positive('max-states', values['max-states'], Infinity);
  const system = lockbenchSystem(regions, pages);
  const showProgress = process.stderr.isTTY;
  const report = await explore(system, {
    workers,
    maxStates,
    signal,
    systemRef: {
      module: new URL('./lockbenchSystem.js', import.meta.url).href,
      factory: 'lockbenchSystem',
      args: [regions, pages],
    },
    onProgress: showProgress
      ? (p) =>
          process.stderr.write(
            `\r${p.states} states, depth ${p.depth}, ${p.statesPerSecond} states/s `,
          )
      : undefined,
  });
  if (showProgress) process.stderr.write('\r\x1b[K');
  const figures = {
    states: report.states,
    transitions: report.transitions,
    seconds: Number(report.seconds.toFixed(3)),
    statesPerSecond: report.statesPerSecond,
    peakRssMB: report.peakRssMB,
  };
  const partial = report.stopReason === 'complete' ? '' : ` (partial: ${report.stopReason})`;
  const text =
    `lockbench K=${regions} P=${pages} workers=${workers}: ${figures.states} states, ` +
    `${figures.transitions} transitions, depth ${report.depth}, ${figures.seconds} s, ` +
    `${figures.statesPerSecond} states/s, peak ${figures.peakRssMB} MB${partial}`;
  return { figures, text };
}

export const lockbenchBenchmark: Benchmark = {
  name: 'lockbench',
  description: 'exhaustive explorer on the lockbench model (engine throughput)',
  usage: '--regions K --pages P [--workers N] [--max-states N]',
  run,
};
