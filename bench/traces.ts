// `npm run bench -- traces [--depth N] [--no-kernel] [--json]`: traces/s of the trace runner on
// the model and on the real kernel, over the traces `mmspec conform --depth N` generates (each
// ~40 observations long), one trace at a time, and of conform's differential loop (both
// engines, two traces in flight); and over the litmus corpus, ordinary traces of a few calls
// and checks. The kernel figures are skipped off Linux or with --no-kernel.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Program } from '../src/trace/ast.js';
import { parse } from '../src/trace/parser.js';
import { conformDepth } from '../src/conform/exhaustive.js';
import { enumerate } from '../src/conform/enumerate.js';
import { renderTrace } from '../src/conform/renderTrace.js';
import { kernelEngine } from '../src/oracle/kernelEngine.js';
import type { Engine } from '../src/uapi/engine.js';
import { resolveProgram } from '../src/trace/resolve.js';
import { runProgram } from '../src/trace/runner.js';
import type { Benchmark, BenchOutcome } from './benchmark.js';
import { DEFAULT_MODEL, getModel } from '../models/registry.js';
import { engineOf } from '../src/kernel/modelEngine.js';

const DEFAULT_DEPTH = 2;

/** The litmus corpus, parsed (spec/litmus, from the repository's root). */
function litmusPrograms(): Program[] {
  const dir = join(process.cwd(), 'spec', 'litmus');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mmt'))
    .map((f) => parse(readFileSync(join(dir, f), 'utf8'), f));
}

/** Traces/s of one engine over `programs`, one at a time. */
async function rate(
  engine: Engine,
  programs: readonly Program[],
  signal: AbortSignal,
): Promise<number> {
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
  const model = engineOf(getModel(DEFAULT_MODEL));
  const generated = [...enumerate(depth)].map((t) => renderTrace(t).program);
  const litmus = litmusPrograms();
  const figures: Record<string, number> = {
    depth,
    modelTracesPerSecond: await rate(model, generated, signal),
    modelLitmusTracesPerSecond: await rate(model, litmus, signal),
  };
  if (process.platform === 'linux' && values['no-kernel'] !== true) {
    const kernel = kernelEngine();
    figures.kernelTracesPerSecond = await rate(kernel, generated, signal);
    figures.kernelLitmusTracesPerSecond = await rate(kernel, litmus, signal);
    const ctx = {
      engines: { reference: kernel, candidate: model },
      constants: [],
      jobs: 2,
      signal,
    };
    const { summary } = await conformDepth(depth, ctx, new Map());
    figures.conformTracesPerSecond = Math.round(summary.run / summary.seconds);
    await kernel.close();
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
