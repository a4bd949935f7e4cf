// `mmspec check [--model NAME] [--bound B] [--prop NAME...] [--max-states N] [--max-memory MB]
// [--workers N] [--partition I/N] [--bitstate K] [--random N --seed S] [--emit-c DIR [--kernel T]]
// [--json] [--against BASE]`: explores every state of a bound (or random runs), checks every property of
// spec/invariants, prints each verdict, the shortest trace of each violation, statistics and
// coverage. Exit status: 0 every property held or failed only as models/expectedVerdicts.ts
// expects; 1 some other violation (or a property left unknown); 2 misuse. With --against, a
// violation the base shares from the same state is left out (regression mode). With --kernel,
// the --emit-c reproducers run on that kernel (host, or linux-X.Y under qemu), each with its
// verdict; a kernel that cannot be had is one line and status 2.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { checkKernel, markExpected, onlyExpected } from '../check/checkKernel.js';
import type { PropertyVerdict } from '../check/checkKernel.js';
import type { KernelBound } from '../check/kernelBound.js';
import type { Bitstate, Partition } from '../explore/exploreOptions.js';
import { THREAD_PROPERTY_NAMES, knownPropertyNames } from '../check/kernelProperties.js';
import { randomCheck } from '../check/randomCheck.js';
import {
  checkJson,
  randomJson,
  renderCheckText,
  renderRandomText,
} from '../check/renderCheckReport.js';
import { resolveBound } from '../check/resolveBound.js';
import { Misuse, isMisuse, wholeOption } from './_internals/misuse.js';
import { outputDirectory } from './_internals/outputDirectory.js';
import {
  DEFAULT_THREAD_REDUCTIONS,
  THREAD_REDUCTIONS,
  type ThreadReduction,
} from '../check/threadSystem.js';
import { searchSession } from './_internals/searchSession.js';
import { workersOption } from './_internals/workers.js';
import { kernelSystemRef } from './_internals/kernelSystemFor.js';
import { threadSystemRef } from '../check/threadSystemRef.js';
import { overriddenDecisions, wideningLines, widenBound } from './_internals/widenBound.js';
import { parse } from '../trace/parser.js';
import { emitC } from '../oracle/reproducer/emitC.js';
import { executorData } from '../kernel/dataLimit.js';
import { ProgramBuildError } from '../oracle/guest/compileStatic.js';
import { GuestBootError } from '../oracle/guest/qemuGuest.js';
import { KernelFetchError } from '../oracle/targets/kernelImage.js';
import { parseKernelTarget, UnknownKernelTargetError } from '../oracle/targets/kernelTargets.js';
import type { KernelTarget } from '../oracle/targets/kernelTargets.js';
import type { KernelModel } from '../kernel/model.js';
import { runReproducers } from './_internals/runReproducers.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { modelRef, resolveModel } from '../../models/registry.js';
import { expectedViolations } from '../../models/expectedVerdicts.js';
import {
  boundOption,
  jsonOption,
  maxStatesOption,
  workersFlag,
  modelOption,
} from './_internals/sharedOptions.js';
import { unknownName } from '../uapi/closest.js';

/** `--reduce calls+populations` (or `none`) as the threads bound's reductions. */
function reduceOption(text: string | undefined): readonly ThreadReduction[] | undefined {
  if (text === undefined) return undefined;
  if (text === 'none') return [];
  const kinds = text.split('+');
  for (const k of kinds)
    if (!(THREAD_REDUCTIONS as readonly string[]).includes(k))
      throw new Misuse(
        `--reduce takes none or ${THREAD_REDUCTIONS.join('+')} joined by +, got '${text}'`,
      );
  return THREAD_REDUCTIONS.filter((k) => kinds.includes(k));
}

/** `--bitstate k --hashes n` as a Bitstate. */
function bitstateOption(
  log2: string | undefined,
  hashes: string | undefined,
): Bitstate | undefined {
  if (log2 === undefined) return undefined;
  const log2Bits = Number(log2);
  if (!/^\d+$/.test(log2) || log2Bits < 10 || log2Bits > 32)
    throw new Misuse(`--bitstate takes k from 10 to 32 (2^k bits), got '${log2}'`);
  const k = wholeOption('hashes', hashes, 1) ?? 3;
  if (k > 8) throw new Misuse(`--hashes takes 1 to 8, got '${hashes ?? ''}'`);
  return { log2Bits, hashes: k };
}

/** `--partition I/N` (1-based, as batch engines number array tasks) as a 0-based Partition. */
function partitionOption(text: string | undefined): Partition | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const part = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || part < 1 || part > count)
    throw new Misuse(`--partition takes I/N with 1 <= I <= N (part I of N), got '${text}'`);
  return { index: part - 1, count };
}

const checkOptions = () =>
  new Command('check')
    .description(
      'exhaustive (or random) exploration of a model within a bound, with shortest counterexamples',
    )
    .addOption(modelOption('to explore'))
    .option(
      '--against <base>',
      'regression mode: report only violations the base model does not share from the same state',
    )
    .addOption(boundOption())
    .option('--prop <names...>', `only these properties (${knownPropertyNames().length} known)`)
    .addOption(maxStatesOption())
    .option('--max-memory <mb>', 'stop before the process holds more than mb MB')
    .addOption(workersFlag())
    .option(
      '--partition <I/N>',
      'explore part I of N of the bound (split on the first call); combine the --json reports with mmspec merge',
    )
    .option(
      '--bitstate <k>',
      'bit-state (supertrace) search in a bitmap of 2^k bits (10..32): stores no state, may omit some',
    )
    .option('--hashes <n>', 'hash functions of --bitstate (1..8)', '3')
    .option(
      '--frontier-memory <mb>',
      'keep the states on disk, at most about mb MB of new ones in memory (one thread); with --bitstate, a level past mb MB goes to disk',
    )
    .option(
      '--reduce <kinds>',
      `with threads=2: the reductions, none or ${THREAD_REDUCTIONS.join('+')} (default ${DEFAULT_THREAD_REDUCTIONS.join('+')}; spec/reduction.md)`,
    )
    .option('--random <n>', 'n random call sequences (fast-check) instead of exhaustive search')
    .option('--seed <s>', 'seed of the random sequences (printed, to replay a run)')
    .option(
      '--emit-c <dir>',
      'write each counterexample as DIR/NAME.mmt (what the property demands), DIR/NAME.prediction.mmt (what the model predicts) and DIR/NAME.c, which checks the prediction on a kernel',
    )
    .option(
      '--kernel <target>',
      'with --emit-c: run the reproducers on this kernel (host, linux-X.Y under qemu) and say whether each reproduces',
    )
    .addOption(jsonOption());

type CheckFlags = FlagsOf<ReturnType<typeof checkOptions>>;

export function checkCommand(ctx: CliContext, done: (status: number) => void) {
  return checkOptions().action(async (flags) => done(await runCheck(flags, ctx)));
}

async function writeReproducers(
  dir: string,
  model: string,
  bound: KernelBound,
  props: readonly PropertyVerdict[],
  ctx: CliContext,
): Promise<string[]> {
  const written: string[] = [];
  for (const p of props) {
    const c = p.counterexample;
    if (c === undefined) continue;
    const name = `${p.name}${model.startsWith('planted') ? `.${model.replace(/[^a-z0-9-]/gi, '_')}` : ''}`;
    // The C checks what the model predicts, which NAME.prediction.mmt states line for line (its
    // report names those lines); NAME.mmt states what the property demands instead.
    const prediction = `${name}.prediction.mmt`;
    const title = `${p.name} fails on model ${model}: the calls of its shortest trace, then what ${model} predicts (${prediction}, whose lines a differing check names).\n${c.trace.text.trimEnd()}`;
    const defNoHugepage = bound.setups[c.setup]?.defNoHugepage === true;
    await writeFile(join(dir, `${name}.mmt`), c.trace.text);
    await writeFile(join(dir, prediction), c.prediction.text);
    await writeFile(
      join(dir, `${name}.c`),
      // Read back from its text, so that each statement's line is its line in that file.
      emitC(parse(c.prediction.text, prediction), {
        model,
        title,
        defNoHugepage,
        programData: executorData(),
        traceFile: prediction,
      }),
    );
    ctx.stderr.write(`wrote ${join(dir, `${name}.mmt`)}, ${prediction} and ${name}.c\n`);
    written.push(join(dir, `${name}.c`));
  }
  return written;
}

/** --emit-c DIR, and with --kernel each reproducer run there (text after the report). */
async function emitReproducers(
  flags: CheckFlags,
  target: KernelTarget | undefined,
  model: string,
  bound: KernelBound,
  props: readonly PropertyVerdict[],
  ctx: CliContext,
): Promise<(() => Promise<void>) | undefined> {
  if (flags.emitC === undefined) return undefined;
  const files = await writeReproducers(flags.emitC, model, bound, props, ctx);
  if (target === undefined) return undefined;
  // With --json the report owns stdout; the runs go to stderr.
  const out = flags.json === true ? ctx.stderr : ctx.stdout;
  return async () => {
    if (files.length === 0) out.write('# no counterexample: no reproducer to run\n');
    else await runReproducers(files, target, model, out, ctx.stderr);
  };
}

function parseOptions(flags: CheckFlags) {
  return {
    maxStates: wholeOption('max-states', flags.maxStates, 1),
    maxMemoryMB: wholeOption('max-memory', flags.maxMemory, 1),
    workers: workersOption(flags.workers),
    random: wholeOption('random', flags.random, 1),
    seed: wholeOption('seed', flags.seed),
    partition: partitionOption(flags.partition),
    bitstate: bitstateOption(flags.bitstate, flags.hashes),
    frontierMemoryMB: wholeOption('frontier-memory', flags.frontierMemory, 1),
    reduce: reduceOption(flags.reduce),
  };
}
type CheckOptions = ReturnType<typeof parseOptions>;

export async function runCheck(flags: CheckFlags, ctx: CliContext): Promise<number> {
  let model;
  let against;
  let bound: KernelBound;
  let options;
  let target: KernelTarget | undefined;
  try {
    model = await resolveModel(flags.model);
    against = flags.against === undefined ? undefined : await resolveModel(flags.against);
    bound = widenBound(resolveBound(flags.bound), [
      { model, ref: flags.model },
      ...(against === undefined || flags.against === undefined
        ? []
        : [{ model: against, ref: flags.against }]),
    ]);
    if (flags.against !== undefined && flags.random !== undefined)
      throw new Misuse('--against works with the exhaustive search, not with --random');
    const known = knownPropertyNames();
    for (const p of flags.prop ?? []) {
      if (!known.includes(p)) throw new Misuse(unknownName('property', p, known));
      // Each bound checks its own properties: a name of the other kind would get no verdict.
      const ofThreads = THREAD_PROPERTY_NAMES.includes(p);
      if (ofThreads !== (bound.threads === 2))
        throw new Misuse(
          ofThreads
            ? `'${p}' is a property of the threads bound: add threads=2 to --bound`
            : `'${p}' is not checked with two threads (the threads bound checks ${THREAD_PROPERTY_NAMES.join(', ')})`,
        );
    }
    options = parseOptions(flags);
    if (options.reduce !== undefined && bound.threads !== 2)
      throw new Misuse('--reduce reduces the interleavings of threads=2: add threads=2 to --bound');
    if (options.frontierMemoryMB !== undefined && options.bitstate === undefined) {
      // The exact search on disk runs on one thread.
      if (flags.workers !== undefined && options.workers > 1)
        throw new Misuse(
          '--frontier-memory without --bitstate keeps the states on disk, on one thread: drop --workers',
        );
      options = { ...options, workers: 1 };
    }
    if (options.partition !== undefined && options.random !== undefined)
      throw new Misuse('--partition splits an exhaustive search; it does not apply to --random');
    // Made before the search, so that a directory that cannot be made loses no report.
    if (flags.emitC !== undefined) await outputDirectory('emit-c', flags.emitC);
    if (flags.kernel !== undefined && flags.emitC === undefined)
      throw new Misuse('--kernel runs the reproducers of --emit-c DIR: give --emit-c too');
    target = flags.kernel === undefined ? undefined : parseKernelTarget(flags.kernel);
  } catch (error) {
    if (!isMisuse(error) && !(error instanceof UnknownKernelTargetError)) throw error;
    ctx.stderr.write(`mmspec check: ${error.message}\n`);
    return 2;
  }
  const props = flags.prop ?? [];
  let status: number;
  let runRepros: (() => Promise<void>) | undefined;
  if (options.random !== undefined) {
    const seed = options.seed ?? Date.now() % 0x7fffffff;
    if (flags.json !== true)
      ctx.stderr.write(`# random runs: seed ${seed} (replay with --seed ${seed})\n`);
    const report = randomCheck(model, bound, { runs: options.random, seed, properties: props });
    runRepros = await emitReproducers(flags, target, model.name, bound, report.properties, ctx);
    ctx.stdout.write(
      flags.json === true
        ? `${JSON.stringify(randomJson(report), null, 2)}\n`
        : renderRandomText(report),
    );
    status = report.properties.every((p) => p.verdict === 'holds') ? 0 : 1;
  } else {
    const run = { model, against, bound, options, props, target };
    ({ status, runRepros } = await runExhaustive(flags, ctx, run));
  }
  if (runRepros === undefined) return status;
  try {
    await runRepros();
  } catch (error) {
    const known =
      error instanceof KernelFetchError ||
      error instanceof GuestBootError ||
      error instanceof ProgramBuildError;
    if (!known) throw error;
    ctx.stderr.write(`mmspec check: ${error.message}\n`);
    return 2;
  }
  return status;
}

interface ExhaustiveRun {
  readonly model: KernelModel;
  readonly against: KernelModel | undefined;
  readonly bound: KernelBound;
  readonly options: CheckOptions;
  readonly props: readonly string[];
  readonly target: KernelTarget | undefined;
}

async function runExhaustive(
  flags: CheckFlags,
  ctx: CliContext,
  { model, against, bound, options, props, target }: ExhaustiveRun,
): Promise<{ status: number; runRepros: (() => Promise<void>) | undefined }> {
  const session = searchSession(ctx, 'check', bound.depth);
  const progress = session.progress;
  try {
    const explored = await checkKernel(model, bound, {
      properties: props,
      ...(against === undefined ? {} : { against }),
      signal: session.signal,
      workers: options.workers,
      ...(options.bitstate === undefined ? {} : { bitstate: options.bitstate }),
      ...(options.frontierMemoryMB === undefined
        ? {}
        : { frontierMemoryMB: options.frontierMemoryMB }),
      ...(options.workers > 1 && bound.threads === 2
        ? {
            systemRef: threadSystemRef(modelRef(flags.model), bound, {
              reduce: options.reduce ?? DEFAULT_THREAD_REDUCTIONS,
              properties: props,
            }),
          }
        : options.workers > 1
          ? {
              systemRef: kernelSystemRef(
                modelRef(flags.model),
                bound,
                { properties: props },
                flags.against === undefined ? null : modelRef(flags.against),
              ),
            }
          : {}),
      ...(options.partition === undefined ? {} : { partition: options.partition }),
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
      ...(options.reduce === undefined ? {} : { reduce: options.reduce }),
      ...(options.maxMemoryMB === undefined ? {} : { maxMemoryMB: options.maxMemoryMB }),
      onProgress: progress.update,
      // Each violation as soon as BFS finds it (so its shortest run): a one-step bug shows in
      // the first fraction of a second, however long the rest of the bound takes.
      onViolation: (found) => {
        progress.clear();
        const known = against === undefined && expectedViolations(model.name)[found.property];
        ctx.stderr.write(
          `mmspec check: ${found.property} ${known === undefined || known === false ? 'VIOLATED' : 'violated as expected'}, found at state ${found.state} of the search, ${found.seconds.toFixed(2)} s in; the search goes on\n`,
        );
      },
    });
    progress.clear();
    // A base's quirks are left out by the search itself; the model's own are listed as known.
    const report = markExpected(
      explored,
      against === undefined ? expectedViolations(model.name) : {},
    );
    if (report.depth === 0)
      ctx.stderr.write(
        `mmspec check: warning: no call of the bound changed a state (${report.states} initial states, depth 0): the verdicts checked the initial states only\n`,
      );
    const runRepros = await emitReproducers(
      flags,
      target,
      model.name,
      bound,
      report.properties,
      ctx,
    );
    const overridden = overriddenDecisions([{ model, ref: flags.model }]);
    const extra = wideningLines(bound, overridden, report.coverage.decisions);
    ctx.stdout.write(
      flags.json === true
        ? `${JSON.stringify({ ...checkJson(report), extraFlags: bound.extraFlags ?? [], overridden }, null, 2)}\n`
        : `${renderCheckText(report)}${extra.map((l) => `${l}\n`).join('')}`,
    );
    const interrupted = session.interruptedStatus();
    if (interrupted !== undefined) return { status: interrupted, runRepros: undefined };
    return { status: onlyExpected(report) ? 0 : 1, runRepros };
  } finally {
    session.dispose();
  }
}
