// `mmspec check [--model NAME] [--bound B] [--prop NAME...] [--max-states N] [--max-memory MB]
// [--workers N] [--random N --seed S] [--emit-c DIR] [--json]`: explores every state of a bound (or random
// runs), checks every property of spec/invariants, prints each verdict, the shortest trace of
// each violation, statistics and coverage. Exit status: 0 every property held; 1 some property
// was violated (or left unknown); 2 misuse.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { checkKernel } from '../check/checkKernel.js';
import type { PropertyVerdict } from '../check/checkKernel.js';
import type { KernelBound } from '../check/kernelBound.js';
import { knownPropertyNames } from '../check/kernelProperties.js';
import { randomCheck } from '../check/randomCheck.js';
import {
  checkJson,
  randomJson,
  renderCheckText,
  renderRandomText,
} from '../check/renderCheckReport.js';
import { resolveBound } from './_internals/resolveBound.js';
import { INTERRUPTED, Misuse, isMisuse, wholeOption } from './_internals/misuse.js';
import { exploreProgress } from './_internals/exploreProgress.js';
import { WORKERS_HELP, workersOption } from './_internals/workers.js';
import { kernelSystemRef } from './_internals/kernelSystemFor.js';
import { emitC } from '../oracle/reproducer/emitC.js';
import type { CliContext } from './_internals/io.js';
import { DEFAULT_MODEL, resolveModel } from '../../models/registry.js';

interface CheckFlags {
  readonly model: string;
  readonly bound?: string;
  readonly prop?: string[];
  readonly maxStates?: string;
  readonly maxMemory?: string;
  readonly workers?: string;
  readonly random?: string;
  readonly seed?: string;
  readonly emitC?: string;
  readonly json?: boolean;
}

export function checkCommand(ctx: CliContext, done: (status: number) => void): Command {
  return new Command('check')
    .description(
      'exhaustive (or random) exploration of a model within a bound, with shortest counterexamples',
    )
    .option(
      '--model <name>',
      'the model to explore (planted:NAME for the planted bugs of proofs/)',
      DEFAULT_MODEL,
    )
    .option(
      '--bound <bound>',
      'a named bound (default, small, def-nohugepage) or regions=3,pages=4,depth=5,...',
    )
    .option('--prop <names...>', `only these properties (${knownPropertyNames().length} known)`)
    .option('--max-states <n>', 'stop after n states')
    .option('--max-memory <mb>', 'stop before the process holds more than mb MB')
    .option('--workers <n>', WORKERS_HELP)
    .option('--random <n>', 'n random call sequences (fast-check) instead of exhaustive search')
    .option('--seed <s>', 'seed of the random sequences (printed, to replay a run)')
    .option(
      '--emit-c <dir>',
      'write each counterexample as DIR/NAME.mmt and a self-checking DIR/NAME.c',
    )
    .option('--json', 'print one JSON document instead of text')
    .action(async (flags: CheckFlags) => done(await runCheck(flags, ctx)));
}

async function writeReproducers(
  dir: string,
  model: string,
  bound: KernelBound,
  props: readonly PropertyVerdict[],
  ctx: CliContext,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const p of props) {
    const c = p.counterexample;
    if (c === undefined) continue;
    const name = `${p.name}${model.startsWith('planted') ? `.${model.replace(/[^a-z0-9-]/gi, '_')}` : ''}`;
    const title = `${p.name} fails on model ${model}: the calls of its shortest trace, then what ${model} predicts.\n${c.trace.text.trimEnd()}`;
    const defNoHugepage = bound.setups[c.setup]?.defNoHugepage === true;
    await writeFile(join(dir, `${name}.mmt`), c.trace.text);
    await writeFile(
      join(dir, `${name}.c`),
      emitC(c.prediction.program, { model, title, defNoHugepage }),
    );
    ctx.stderr.write(`wrote ${join(dir, `${name}.mmt`)} and ${name}.c\n`);
  }
}

export async function runCheck(flags: CheckFlags, ctx: CliContext): Promise<number> {
  let model;
  let bound: KernelBound;
  let options;
  try {
    model = await resolveModel(flags.model);
    bound = resolveBound(flags.bound);
    const known = knownPropertyNames();
    for (const p of flags.prop ?? [])
      if (!known.includes(p))
        throw new Misuse(`unknown property '${p}' (known: ${known.join(', ')})`);
    options = {
      maxStates: wholeOption('max-states', flags.maxStates, 1),
      maxMemoryMB: wholeOption('max-memory', flags.maxMemory, 1),
      workers: workersOption(flags.workers),
      random: wholeOption('random', flags.random, 1),
      seed: wholeOption('seed', flags.seed),
    };
  } catch (error) {
    if (!isMisuse(error)) throw error;
    ctx.stderr.write(`mmspec check: ${error.message}\n`);
    return 2;
  }
  const props = flags.prop ?? [];
  if (options.random !== undefined) {
    const seed = options.seed ?? Date.now() % 0x7fffffff;
    if (flags.json !== true)
      ctx.stderr.write(`# random runs: seed ${seed} (replay with --seed ${seed})\n`);
    const report = randomCheck(model, bound, { runs: options.random, seed, properties: props });
    if (flags.emitC !== undefined)
      await writeReproducers(flags.emitC, model.name, bound, report.properties, ctx);
    ctx.stdout.write(
      flags.json === true
        ? `${JSON.stringify(randomJson(report), null, 2)}\n`
        : renderRandomText(report),
    );
    return report.properties.every((p) => p.verdict === 'holds') ? 0 : 1;
  }
  const tty = 'isTTY' in ctx.stderr && ctx.stderr.isTTY === true;
  const progress = tty ? exploreProgress(ctx.stderr, bound.depth) : null;
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  try {
    const report = await checkKernel(model, bound, {
      properties: props,
      signal: abort.signal,
      workers: options.workers,
      ...(options.workers > 1
        ? { systemRef: kernelSystemRef(model.name, bound, { properties: props }) }
        : {}),
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
      ...(options.maxMemoryMB === undefined ? {} : { maxMemoryMB: options.maxMemoryMB }),
      ...(progress === null ? {} : { onProgress: progress.update }),
    });
    progress?.clear();
    if (report.depth === 0)
      ctx.stderr.write(
        `mmspec check: warning: no call of the bound changed a state (${report.states} initial states, depth 0): the verdicts checked the initial states only\n`,
      );
    if (flags.emitC !== undefined)
      await writeReproducers(flags.emitC, model.name, bound, report.properties, ctx);
    ctx.stdout.write(
      flags.json === true
        ? `${JSON.stringify(checkJson(report), null, 2)}\n`
        : renderCheckText(report),
    );
    if (abort.signal.aborted) return INTERRUPTED;
    return report.properties.every((p) => p.verdict === 'holds') ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}
