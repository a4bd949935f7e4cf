// `mmspec review A B [--bound B] [--law-depth N] [--max-states N] [--workers N] [--json |
// --format markdown] [--traces DIR]`: one report on two models (registered names or files) for a reviewer of
// a flag design (src/review/reviewModels.ts). Exit status: 0 no difference within the bound;
// 1 they differ (or the search stopped early); 2 misuse.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reviewModels } from '../review/reviewModels.js';
import { renderReview, reviewJson } from '../review/renderReview.js';
import type { ReviewFormat } from '../review/renderReview.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { searchSession } from './_internals/searchSession.js';
import { twoModelCommand } from './_internals/twoModelCommand.js';
import { kernelSystemRef } from './_internals/kernelSystemFor.js';
import { Misuse, orMisuse, wholeOption } from './_internals/misuse.js';
import { resolveBound } from '../check/resolveBound.js';
import { widenBound } from './_internals/widenBound.js';
import { workersOption } from './_internals/workers.js';
import { modelRef, modelSource, resolveModel } from '../../models/registry.js';
import { type ReviewTrace, reviewTraces } from '../review/reviewTraces.js';
import { counted } from '../trace/counted.js';
import { outputDirectory } from './_internals/outputDirectory.js';

const reviewOptions = () =>
  twoModelCommand('review')
    .option('--law-depth <n>', 'check the laws from every state to this depth (default 3)')
    .option('--format <format>', 'text (default) or markdown')
    .option(
      '--traces <dir>',
      'write every trace of the report to DIR (each kind of difference, each invariant counterexample, both sides of each broken law), to run on models and kernels',
    );

type ReviewFlags = FlagsOf<ReturnType<typeof reviewOptions>>;

export function reviewCommand(ctx: CliContext, done: (status: number) => void) {
  return reviewOptions().action(async (a, b, flags) => done(await runReview(a, b, flags, ctx)));
}

async function inputs(a: string, b: string, flags: ReviewFlags) {
  const text = flags.format ?? 'text';
  const format: ReviewFormat | undefined =
    text === 'text' || text === 'markdown' ? text : undefined;
  if (format === undefined) throw new Misuse(`--format takes text or markdown, got '${text}'`);
  const ma = await resolveModel(a);
  const mb = await resolveModel(b);
  const base = resolveBound(flags.bound);
  const sideA = { model: ma, ref: a };
  const sideB = { model: mb, ref: b };
  return {
    format,
    ma,
    mb,
    bound: widenBound(base, [sideA, sideB], true),
    // Each invariant check widens by its own model only, narrowed as the search for differences
    // is (`mmspec check --model` also tries Linux's names where an override delegates to them).
    checkBounds: { a: widenBound(base, [sideA], true), b: widenBound(base, [sideB], true) },
    workers: workersOption(flags.workers),
    lawDepth: wholeOption('law-depth', flags.lawDepth, 0),
    traces: flags.traces,
    maxStates: wholeOption('max-states', flags.maxStates, 1),
  };
}

export async function runReview(a: string, b: string, flags: ReviewFlags, ctx: CliContext) {
  const input = await orMisuse('review', ctx.stderr, async () => {
    const made = await inputs(a, b, flags);
    // Made before the search, so that a directory that cannot be made costs no minutes.
    if (made.traces !== undefined) await outputDirectory('traces', made.traces);
    return made;
  });
  if (input === undefined) return 2;
  const { bound, workers } = input;
  const side = (model: typeof input.ma, ref: string, checkBound: typeof bound) => {
    const file = modelSource(ref);
    const check = {
      workers,
      ...(workers > 1 ? { systemRef: kernelSystemRef(modelRef(ref), checkBound, {}) } : {}),
    };
    const common = { model, check, ref, checkBound };
    return file === undefined ? common : { ...common, file };
  };
  const session = searchSession(ctx, 'review', bound.depth);
  const progress = session.progress;
  const started = performance.now();
  try {
    const report = await reviewModels(
      side(input.ma, a, input.checkBounds.a),
      side(input.mb, b, input.checkBounds.b),
      bound,
      {
        signal: session.signal,
        ...(input.lawDepth === undefined ? {} : { lawDepth: input.lawDepth }),
        ...(input.maxStates === undefined ? {} : { maxStates: input.maxStates }),
        workers,
        onProgress: progress.update,
        // One line a phase, with the time so far, whether or not standard error is a terminal:
        // a review of the default bound takes minutes.
        onPhase: (p: string) => {
          progress.clear();
          const at = (performance.now() - started) / 1000;
          ctx.stderr.write(`mmspec review: ${p} (at ${at.toFixed(1)} s)...\n`);
        },
      },
    );
    progress.clear();
    if (input.traces !== undefined) await writeTraces(ctx, input.traces, reviewTraces(report));
    ctx.stdout.write(
      flags.json === true
        ? `${JSON.stringify(reviewJson(report), null, 2)}\n`
        : renderReview(report, input.format),
    );
    return report.differences.kinds.length === 0 && report.differences.stopped !== 'max-states'
      ? 0
      : 1;
  } finally {
    session.dispose();
  }
}

/** The report's traces as files in `dir`, and one line on standard error that says where. */
async function writeTraces(ctx: CliContext, dir: string, traces: readonly ReviewTrace[]) {
  for (const t of traces) await writeFile(join(dir, t.file), t.text);
  const example =
    traces[0] === undefined ? '' : `: mmspec run --kernel host ${join(dir, traces[0].file)}`;
  ctx.stderr.write(`mmspec review: wrote ${counted(traces.length, 'trace')} to ${dir}${example}\n`);
}
