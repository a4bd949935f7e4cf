// `npm run bench -- NAME [args] [--json]` runs one benchmark; `npm run bench` runs every
// registered benchmark at its default sizes. With --json, one JSON object a benchmark.

import type { Benchmark } from './benchmark.js';
import { lockbenchBenchmark } from './lockbench/lockbenchBenchmark.js';
import { simulatorBenchmark } from './simulator.js';
import { tracesBenchmark } from './traces.js';
import { graphPathsBenchmark } from './graphPaths.js';
import { checkBenchmark, deepCheckBenchmark } from './check.js';
import { randomBenchmark } from './random.js';
import { tablesBenchmark } from './tables.js';
import { kernelsBenchmark } from './kernels.js';
import { hugeMappingBenchmark } from './hugeMapping.js';

/** Every benchmark, by name. Add new ones here. */
const BENCHMARKS: readonly Benchmark[] = [
  lockbenchBenchmark,
  simulatorBenchmark,
  tracesBenchmark,
  graphPathsBenchmark,
  checkBenchmark,
  deepCheckBenchmark,
  randomBenchmark,
  tablesBenchmark,
  kernelsBenchmark,
  hugeMappingBenchmark,
];

function usage(): string {
  const lines = BENCHMARKS.map(
    (b) =>
      `  ${b.name} ${b.usage}${b.slow === true ? ' (slow: only when named)' : ''}\n      ${b.description}`,
  );
  return `usage: npm run bench -- [NAME [args]] [--json]\n${lines.join('\n')}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const [name, ...rest] = args;
  const chosen =
    name === undefined
      ? BENCHMARKS.filter((b) => b.slow !== true)
      : BENCHMARKS.filter((b) => b.name === name);
  if (chosen.length === 0) {
    process.stderr.write(`bench: unknown benchmark '${name ?? ''}'\n${usage()}\n`);
    return 2;
  }
  // Ctrl-C stops the exploration and still prints what was measured.
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  for (const benchmark of chosen) {
    const outcome = await benchmark.run(name === undefined ? [] : rest, abort.signal);
    process.stdout.write(`${json ? JSON.stringify(outcome.figures) : outcome.text}\n`);
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
