// `npm run bench -- NAME [args] [--json]` runs one benchmark; `npm run bench` runs every
// registered benchmark at its default sizes. With --json, one JSON object a benchmark.

import type { Benchmark } from './benchmark.js';

/**
 * Every benchmark, by name, each imported only when it runs: together they load the kernel
 * models, the tables and the kernel targets, about 0.2 s of CPU that lockbench (which needs
 * none of it) would otherwise count. Add new ones here.
 */
const BENCHMARKS: readonly (readonly [name: string, load: () => Promise<Benchmark>])[] = [
  ['lockbench', async () => (await import('./lockbench/lockbenchBenchmark.js')).lockbenchBenchmark],
  ['simulator', async () => (await import('./simulator.js')).simulatorBenchmark],
  ['traces', async () => (await import('./traces.js')).tracesBenchmark],
  ['graphPaths', async () => (await import('./graphPaths.js')).graphPathsBenchmark],
  ['check', async () => (await import('./check.js')).checkBenchmark],
  ['check-deep', async () => (await import('./check.js')).deepCheckBenchmark],
  ['random', async () => (await import('./random.js')).randomBenchmark],
  ['tables', async () => (await import('./tables.js')).tablesBenchmark],
  ['kernels', async () => (await import('./kernels.js')).kernelsBenchmark],
  ['huge', async () => (await import('./hugeMapping.js')).hugeMappingBenchmark],
  ['region-memo', async () => (await import('./regionMemo.js')).regionMemoBenchmark],
  ['sleep-sets', async () => (await import('./sleepSets.js')).sleepSetsBenchmark],
  ['stabilizer', async () => (await import('./stabilizer.js')).stabilizerBenchmark],
  ['transition-costs', async () => (await import('./transitionCosts.js')).transitionCostsBenchmark],
  ['encoding', async () => (await import('./encoding.js')).encodingBenchmark],
  ['steps', async () => (await import('./steps.js')).stepsBenchmark],
  ['judging', async () => (await import('./judging.js')).judgingBenchmark],
];

/** The benchmark named `name`, loading only its module; every one when `name` names none. */
async function load(name: string | undefined): Promise<Benchmark[]> {
  const named = BENCHMARKS.filter(([n]) => n === name);
  return Promise.all((named.length > 0 ? named : BENCHMARKS).map(([, loadOne]) => loadOne()));
}

function usage(benchmarks: readonly Benchmark[]): string {
  const lines = benchmarks.map(
    (b) =>
      `  ${b.name} ${b.usage}${b.slow === true ? ' (slow: only when named)' : ''}\n      ${b.description}`,
  );
  return `usage: npm run bench -- [NAME [args]] [--json]\n${lines.join('\n')}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage(await load(undefined))}\n`);
    return 0;
  }
  const [name, ...rest] = args;
  // A name that is not in BENCHMARKS loads them all, for the usage; `b.name` is checked too, so
  // that a table entry that names another benchmark's module is found out.
  const loaded = await load(name);
  const chosen =
    name === undefined
      ? loaded.filter((b) => b.slow !== true)
      : loaded.filter((b) => b.name === name);
  if (chosen.length === 0) {
    process.stderr.write(`bench: unknown benchmark '${name ?? ''}'\n${usage(loaded)}\n`);
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
