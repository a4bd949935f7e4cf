// `npm run bench -- traces [--depth N] [--no-kernel] [--json]`: traces/s of the trace runner on
// the model and on the real kernel, over the traces `mmspec conform --depth N` generates (each
// ~20 observations long), one trace at a time, and of conform's differential loop (both
// engines, two traces in flight). The kernel figures are skipped off Linux or with --no-kernel.

import { parseArgs } from 'node:util';
import { conformDepth } from '../src/check/conform/exhaustive.js';
import { enumerate } from '../src/check/conform/enumerate.js';
import { renderTrace } from '../src/check/conform/renderTrace.js';
import { modelEngine, DEFAULT_MODEL } from '../src/kernel/modelEngine.js';
import { kernelEngine } from '../src/oracle/kernelEngine.js';
import type { Engine } from '../src/trace/engine.js';
import { resolveProgram } from '../src/trace/resolve.js';
import { runProgram } from '../src/trace/runner.js';
import type { Benchmark, BenchOutcome } from './benchmark.js';

const DEFAULT_DEPTH = 2;

/** Traces/s of one engine over every trace to `depth`, one at a time. */
async function rate(engine: Engine, depth: number, signal: AbortSignal): Promise<number> {
  const programs = [...enumerate(depth)].map((t) => renderTrace(t).program);
  const started = performance.now();
  let done = 0;
  for (const program of programs) {
    if (signal.aborted) break;
    await runProgram(program, engine, { constants: resolveProgram(program) });
    done++;
  }
  return Math.round(done / ((performance.now() - started) / 1000));
}

async function run(args: readonly string[], signal: AbortSignal): Promise<BenchOutcome> {
  const { values } = parseArgs({
    args: [...args],
    options: { depth: { type: 'string' }, 'no-kernel': { type: 'boolean' } },
  });
  const depth = values.depth === undefined ? DEFAULT_DEPTH : Number(values.depth);
  if (!Number.isInteger(depth) || depth < 0)
    throw new RangeError(`traces: --depth takes a whole number, got '${values.depth ?? ''}'`);
  const model = modelEngine(DEFAULT_MODEL);
  const figures: Record<string, number> = {
    depth,
    modelTracesPerSecond: await rate(model, depth, signal),
  };
  if (process.platform === 'linux' && values['no-kernel'] !== true) {
    const kernel = kernelEngine();
    figures.kernelTracesPerSecond = await rate(kernel, depth, signal);
    const ctx = {
      engines: { reference: kernel, candidate: model },
      constants: [],
      jobs: 2,
      signal,
    };
    const { summary } = await conformDepth(depth, ctx, new Map());
    figures.conformTracesPerSecond = Math.round(summary.run / summary.seconds);
  }
  const text = Object.entries(figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return { figures, text: `traces: ${text}` };
}

export const tracesBenchmark: Benchmark = {
  name: 'traces',
  description: 'traces/s on the model, on the real kernel, and through conform (both)',
  usage: '[--depth N] [--no-kernel]',
  run,
};
