// `mmspec run FILE... [--model NAME] [--json] [--kernel [TARGET]] [--runs N] [--compare]`: runs
// traces on a model, on a real kernel (this machine's, or a Debian kernel under qemu: `--kernel
// linux-6.1`; `--runs N` runs each trace N times there), or on both side by side. Exit status: 0 every expectation and check held
// (and, with --compare, both sides agreed); 1 something failed or differed; 2 a trace could not
// be run, with a diagnostic on stderr.

import { Command } from '@commander-js/extra-typings';
import type { Program } from '../trace/ast.js';
import type { Constants } from '../trace/bindings.js';
import { compareOutcomes } from '../trace/compare.js';
import { compareExitStatus, comparisonJson, renderComparisonText } from '../trace/compareReport.js';
import { TraceError, diagnosticRecord, formatDiagnostic } from '../trace/diagnostic.js';
import type { Engine } from '../uapi/engine.js';
import {
  type ExitStatus,
  exitStatusOf,
  fileRun,
  renderRunText,
  runJson,
  tally,
} from '../trace/report.js';
import { type RunOptions, runProgram } from '../trace/runner.js';
import { MAX_REPEATED_RUNS, runRepeatedly } from '../trace/repeatedRuns.js';
import type { Json } from '../trace/json.js';
import type { Outcome } from '../uapi/outcome.js';
import { renderAscii, renderAsciiCompare } from '../report/asciiDrawing.js';
import { type Drawing, drawTrace } from '../report/drawTrace.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { KernelEngineUnavailable } from './_internals/kernelEngineLoader.js';
import { loadTrace, modelEngineFor, unknownModelLine } from './_internals/loadTrace.js';
import { UnknownModelError, isModelPath } from '../../models/registry.js';
import { ModelFileError } from '../../models/modelFileError.js';
import { onInterrupt } from './_internals/onInterrupt.js';
import { describeBudget } from '../trace/budget/budgetLimits.js';
import { staticFootprint } from '../trace/budget/staticFootprint.js';
import { budgetedEngine } from '../trace/budget/budgetedEngine.js';
import { expectedFor, judgeDifferences } from '../conform/expectedDifferences.js';
import { DEFAULT_MODEL } from '../../models/registry.js';
import { jsonOption, traceModelOption } from './_internals/sharedOptions.js';
import { counted } from '../trace/counted.js';

/** Stops the runs of a real-kernel command at SIGINT or SIGTERM, keeping what ran. */
interface Stop {
  readonly signal?: AbortSignal;
}

/**
 * `--kernel` takes an optional target, so `run --kernel X.mmt` hands the file to --kernel:
 * a value that is no target name but looks like a trace is given back to the files.
 */
export function splitKernelOption(
  files: readonly string[],
  kernel: boolean | string | undefined,
): { files: string[]; target: string | undefined } {
  if (typeof kernel !== 'string') return { files: [...files], target: undefined };
  const looksLikeTarget = kernel === 'host' || /^(linux-)?\d+\.\d+$/.test(kernel);
  if (looksLikeTarget || !(kernel.endsWith('.mmt') || kernel.includes('/')))
    return { files: [...files], target: kernel };
  return { files: [kernel, ...files], target: undefined };
}

interface FileOutcome {
  readonly status: ExitStatus;
  readonly json: Json;
  readonly held: number;
  readonly failed: number;
  /** Statements where the kernel and the model disagree (--compare only). */
  readonly differences?: number;
}

interface FileResult extends FileOutcome {
  readonly file: string;
}

const runOptions = () =>
  new Command('run')
    .description('run .mmt traces on a model, on the real kernel (--kernel), or both (--compare)')
    .argument('[files...]', 'trace files')
    .addOption(traceModelOption())
    .addOption(jsonOption())
    .option(
      '--kernel [target]',
      'run on a real kernel: host (this machine, the default) or linux-X.Y under qemu (mmspec kernels)',
    )
    .option('--compare', 'run on the real kernel and on the model, and show where they differ')
    .option('--draw', 'also draw the address space after each statement (mmspec draw)')
    .option(
      '--runs <n>',
      'with --kernel: run each trace n times; a check must hold in every run, a `check some` in one',
    )
    .addHelpText(
      'after',
      `\n${describeBudget()}\n\nSIGINT or SIGTERM stops a real-kernel run: the statements that ran are printed, with\nthe one it stopped at; exit status 128 + the signal number.`,
    )
    .option(
      '--expect-differences <file>',
      'with --compare: pass when exactly the traces the file lists for the kernel target differ',
    );

type RunFlags = FlagsOf<ReturnType<typeof runOptions>>;

export function runCommand(ctx: CliContext, done: (status: number) => void) {
  return runOptions().action(async (given, flags) => {
    const { files, target } = splitKernelOption(given, flags.kernel);
    if (files.length === 0) {
      ctx.stderr.write("mmspec run: error: missing required argument 'files'\n");
      done(2);
      return;
    }
    const kernel: Pick<RunFlags, 'kernel'> =
      flags.kernel === undefined ? {} : { kernel: target ?? true };
    done(await runFiles(files, { ...flags, ...kernel }, ctx));
  });
}

export async function runFiles(
  files: readonly string[],
  flags: RunFlags,
  ctx: CliContext,
): Promise<number> {
  // Only real-kernel runs take the signals (a model run stops at once, as before), and from
  // the start, so no signal finds the run without its handler.
  const onKernel = flags.kernel !== undefined || flags.compare === true;
  const runsProblem = runsOptionProblem(flags, onKernel);
  if (runsProblem !== undefined) {
    ctx.stderr.write(`mmspec run: ${runsProblem}\n`);
    return 2;
  }
  const interrupt = onKernel ? onInterrupt() : undefined;
  let kernel: Engine | undefined;
  if (
    flags.model !== undefined &&
    (isModelPath(flags.model) || (flags.kernel !== undefined && flags.compare !== true))
  ) {
    // On the kernel alone the model only lends its flag names: an unknown one is still misuse.
    // A model file that does not load (a type error) is misuse before any trace is read: its
    // one message, not an unknown name in every trace that uses the flags it adds.
    const problem = await unknownModel(flags.model, ctx);
    if (problem !== undefined) {
      ctx.stderr.write(`mmspec run: ${problem}\n`);
      return 2;
    }
  }
  if (onKernel) {
    try {
      const target = typeof flags.kernel === 'string' ? flags.kernel : undefined;
      kernel = await ctx.engines.kernel(target, (line) => ctx.stderr.write(line));
    } catch (error) {
      interrupt?.dispose();
      if (!(error instanceof KernelEngineUnavailable)) throw error;
      ctx.stderr.write(`mmspec: ${error.message}\n`);
      return 2;
    }
  }
  const results: FileResult[] = [];
  const stop: Stop = interrupt === undefined ? {} : { signal: interrupt.signal };
  try {
    for (const file of files) {
      results.push({ ...(await runFile(file, flags, kernel, ctx, stop)), file });
      if (interrupt?.signal.aborted === true) break;
    }
  } finally {
    interrupt?.dispose();
    await kernel?.close?.();
  }
  const status = results.reduce<ExitStatus>((s, r) => (r.status > s ? r.status : s), 0);
  const held = results.reduce((n, r) => n + r.held, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const errors = results.filter((r) => r.status === 2).length;
  const differences = results.reduce((n, r) => n + (r.differences ?? 0), 0);
  const compared = flags.compare === true ? `, ${counted(differences, 'difference')}` : '';
  if (flags.json === true) {
    const total = {
      files: results.length,
      held,
      failed,
      couldNotRun: errors,
      ...(flags.compare === true ? { differences } : {}),
    };
    ctx.stdout.write(
      `${JSON.stringify({ files: results.map((r) => r.json), total, exitStatus: status }, null, 2)}\n`,
    );
  } else {
    ctx.stdout.write(
      `# total: ${results.length} trace${results.length === 1 ? '' : 's'}, ${held} held, ${failed} failed, ${errors} could not run${compared}\n`,
    );
  }
  const signo = interrupt?.signo();
  if (signo !== undefined) {
    ctx.stderr.write(`mmspec: interrupted; the runs above stop where the signal found them\n`);
    return 128 + signo;
  }
  if (flags.expectDifferences !== undefined) return expectationStatus(flags, results, ctx);
  return status;
}

/** --expect-differences: 0 when the traces that differed are exactly those listed, else 1. */
async function expectationStatus(
  flags: RunFlags,
  results: readonly FileResult[],
  ctx: CliContext,
): Promise<ExitStatus> {
  const file = flags.expectDifferences ?? '';
  const target = typeof flags.kernel === 'string' ? flags.kernel : 'host';
  let expected: Set<string>;
  try {
    expected = expectedFor(await ctx.readFile(file), file, target, flags.model ?? DEFAULT_MODEL);
  } catch (error) {
    ctx.stderr.write(`mmspec run: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const differed = results.filter((r) => (r.differences ?? 0) > 0 || r.status === 2);
  const verdict = judgeDifferences(
    expected,
    differed.map((r) => r.file),
    results.map((r) => r.file),
  );
  for (const name of verdict.unexpected)
    ctx.stderr.write(`# differs, and ${file} does not list it: ${name}\n`);
  for (const name of verdict.vanished)
    ctx.stderr.write(`# listed in ${file}, but agrees now: ${name}\n`);
  const ok = verdict.unexpected.length === 0 && verdict.vanished.length === 0;
  ctx.stderr.write(
    `# ${target}: ${counted(differed.length, 'trace differs', 'traces differ')}, ${ok ? 'exactly those expected' : 'NOT those expected'} (${file})\n`,
  );
  return ok ? 0 : 1;
}

async function runFile(
  file: string,
  flags: RunFlags,
  kernel: Engine | undefined,
  ctx: CliContext,
  stop: Stop,
): Promise<FileOutcome> {
  const loaded = await loadTrace(file, flags.model, ctx);
  if (!loaded.ok) return failure(loaded.file, loaded.error, ctx);
  const { program, constants, model } = loaded;
  if (kernel !== undefined) {
    // The safety budget, before anything runs; sizes known only at run time are charged then.
    try {
      staticFootprint(program, constants);
    } catch (error) {
      if (error instanceof TraceError) return failure(file, error, ctx);
      throw error;
    }
  }
  if (kernel !== undefined && flags.compare !== true)
    return runOn(program, constants, kernel, flags, ctx, stop);
  const engine = await modelEngineFor(program, model, flags.model !== undefined, ctx);
  if (!isEngine(engine)) return failure(file, engine, ctx);
  if (kernel === undefined) return runOn(program, constants, engine, flags, ctx, stop);
  return compareOn(program, constants, kernel, engine, flags, ctx, stop);
}

/** Why --runs cannot be followed, or undefined when it can (or is not given). */
function runsOptionProblem(flags: RunFlags, onKernel: boolean): string | undefined {
  if (flags.runs === undefined) return undefined;
  const n = /^[0-9]+$/.test(flags.runs) ? Number(flags.runs) : NaN;
  if (!(n >= 1 && n <= MAX_REPEATED_RUNS))
    return `--runs takes a count from 1 to ${MAX_REPEATED_RUNS}, not '${flags.runs}'`;
  if (!onKernel || flags.compare === true || flags.draw === true)
    return '--runs is for --kernel alone (a model already runs every interleaving)';
  return undefined;
}

/** Why `--model NAME` names no model, or undefined when it names one. */
async function unknownModel(name: string, ctx: CliContext): Promise<string | undefined> {
  try {
    await ctx.engines.model(name);
    return undefined;
  } catch (error) {
    if (error instanceof ModelFileError) return error.message;
    if (!(error instanceof UnknownModelError)) throw error;
    return unknownModelLine(name, 'from --model', error.known);
  }
}

function isEngine(e: Engine | TraceError | string): e is Engine {
  return typeof e !== 'string' && !(e instanceof TraceError);
}

async function runOn(
  program: Program,
  constants: Constants,
  engine: Engine,
  flags: RunFlags,
  ctx: CliContext,
  stop: Stop,
): Promise<FileOutcome> {
  const options = { constants, ...stop };
  // On a kernel (which cannot explore) a `check some` is judged over the runs, even just one.
  const onKernel = flags.kernel !== undefined && flags.draw !== true;
  const { outcome, drawing } = onKernel
    ? { outcome: await runRepeatedly(program, engine, options, Number(flags.runs ?? '1')) }
    : await runOrDraw(program, engine, flags, options);
  const run = fileRun(program, outcome, constants);
  if (flags.json !== true) ctx.stdout.write(renderRunText(run));
  if (flags.json !== true && drawing !== undefined) ctx.stdout.write(renderAscii(drawing));
  const { held, failed } = tally(run.verdicts);
  return { status: exitStatusOf(run), json: runJson(run), held, failed };
}

async function compareOn(
  program: Program,
  constants: Constants,
  kernel: Engine,
  model: Engine,
  flags: RunFlags,
  ctx: CliContext,
  stop: Stop,
): Promise<FileOutcome> {
  // The kernel first: its measure of the rest of the process is the model's parameter.
  const kd = await runOrDraw(program, kernel, flags, { constants, ...stop });
  const k = kd.outcome;
  // The model under the kernel's budget: it stops where the kernel side was refused, and
  // where the kernel side was interrupted.
  const interrupted = k.unsupported.find((u) => u.reason.startsWith('interrupted by'));
  const stopBefore =
    interrupted?.line === undefined
      ? {}
      : {
          stopBefore: {
            line: interrupted.line,
            reason: 'not run: the kernel side was interrupted here',
          },
        };
  const md = await runOrDraw(program, budgetedEngine(model), flags, {
    constants,
    ...(k.restPages === undefined ? {} : { restPages: k.restPages }),
    ...stopBefore,
  });
  const m = md.outcome;
  const run = {
    program,
    kernel: k,
    model: m,
    comparison: compareOutcomes(program, k, m, constants),
  };
  if (flags.json !== true) ctx.stdout.write(renderComparisonText(run));
  if (flags.json !== true && md.drawing !== undefined && kd.drawing !== undefined)
    ctx.stdout.write(renderAsciiCompare(md.drawing, kd.drawing));
  const verdicts = [...run.comparison.kernelVerdicts, ...run.comparison.modelVerdicts];
  const { held, failed } = tally(verdicts);
  return {
    status: compareExitStatus(run),
    json: comparisonJson(run),
    differences: run.comparison.differences,
    held,
    failed,
  };
}

/** The run, drawn frame by frame when --draw asks (the drawing's run is the run). */
async function runOrDraw(
  program: Program,
  engine: Engine,
  flags: RunFlags,
  options: RunOptions,
): Promise<{ outcome: Outcome; drawing?: Drawing }> {
  if (flags.draw === true && flags.json !== true) {
    const drawing = await drawTrace(program, engine, options);
    return { outcome: drawing.outcome, drawing };
  }
  return { outcome: await runProgram(program, engine, options) };
}

function failure(file: string, error: TraceError | string, ctx: CliContext): FileOutcome {
  if (error instanceof TraceError) {
    ctx.stderr.write(formatDiagnostic(error));
    return {
      status: 2,
      held: 0,
      failed: 0,
      json: { file, exitStatus: 2, error: diagnosticRecord(error) },
    };
  }
  ctx.stderr.write(`${file}: error: ${error}\n`);
  return {
    status: 2,
    held: 0,
    failed: 0,
    json: { file, exitStatus: 2, error: { file, message: error } },
  };
}
