// `mmspec review A B [--bound B] [--law-depth N] [--max-states N] [--workers N] [--json |
// --format markdown]`: one report on two models (registered names or files) for a reviewer of
// a flag design (src/review/reviewModels.ts). Exit status: 0 no difference within the bound;
// 1 they differ (or the search stopped early); 2 misuse.

import { Command } from 'commander';
import { reviewModels } from '../review/reviewModels.js';
import { renderReview, reviewJson } from '../review/renderReview.js';
import type { ReviewFormat } from '../review/renderReview.js';
import type { CliContext } from './_internals/io.js';
import { exploreProgress } from './_internals/exploreProgress.js';
import { kernelSystemRef } from './_internals/kernelSystemFor.js';
import { Misuse, isMisuse, wholeOption } from './_internals/misuse.js';
import { resolveBound } from './_internals/resolveBound.js';
import { widenBound } from './_internals/widenBound.js';
import { workersOption } from './_internals/workers.js';
import { modelRef, modelSource, resolveModel } from '../../models/registry.js';
import {
  boundOption,
  jsonOption,
  maxStatesOption,
  workersFlag,
} from './_internals/sharedOptions.js';

interface ReviewFlags {
  readonly bound?: string;
  readonly lawDepth?: string;
  readonly maxStates?: string;
  readonly workers?: string;
  readonly json?: boolean;
  readonly format?: string;
}

export function reviewCommand(ctx: CliContext, done: (status: number) => void): Command {
  return new Command('review')
    .description(
      'review two flag designs: every kind of difference, invariants and laws on both, flag flow',
    )
    .argument('<a>', 'model A (a registered name or a model file)')
    .argument('<b>', 'model B')
    .addOption(boundOption())
    .option('--law-depth <n>', 'check the laws from every state to this depth (default 2)')
    .addOption(maxStatesOption('states in each exploration'))
    .addOption(workersFlag())
    .addOption(jsonOption())
    .option('--format <format>', 'text (default) or markdown')
    .action(async (a: string, b: string, flags: ReviewFlags) =>
      done(await runReview(a, b, flags, ctx)),
    );
}

async function inputs(a: string, b: string, flags: ReviewFlags) {
  const text = flags.format ?? 'text';
  const format: ReviewFormat | undefined =
    text === 'text' || text === 'markdown' ? text : undefined;
  if (format === undefined) throw new Misuse(`--format takes text or markdown, got '${text}'`);
  const ma = await resolveModel(a);
  const mb = await resolveModel(b);
  const bound = widenBound(resolveBound(flags.bound), [
    { model: ma, ref: a },
    { model: mb, ref: b },
  ]);
  return {
    format,
    ma,
    mb,
    bound,
    workers: workersOption(flags.workers),
    lawDepth: wholeOption('law-depth', flags.lawDepth, 0),
    maxStates: wholeOption('max-states', flags.maxStates, 1),
  };
}

export async function runReview(a: string, b: string, flags: ReviewFlags, ctx: CliContext) {
  let input;
  try {
    input = await inputs(a, b, flags);
  } catch (error) {
    if (!isMisuse(error)) throw error;
    ctx.stderr.write(`mmspec review: ${error.message}\n`);
    return 2;
  }
  const { bound, workers } = input;
  const side = (model: typeof input.ma, ref: string) => {
    const file = modelSource(ref);
    const check = {
      workers,
      ...(workers > 1 ? { systemRef: kernelSystemRef(modelRef(ref), bound, {}) } : {}),
    };
    const common = { model, check, ref };
    return file === undefined ? common : { ...common, file };
  };
  const tty = 'isTTY' in ctx.stderr && ctx.stderr.isTTY === true;
  const progress = tty ? exploreProgress(ctx.stderr, bound.depth) : undefined;
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  try {
    const report = await reviewModels(side(input.ma, a), side(input.mb, b), bound, {
      signal: abort.signal,
      ...(input.lawDepth === undefined ? {} : { lawDepth: input.lawDepth }),
      ...(input.maxStates === undefined ? {} : { maxStates: input.maxStates }),
      workers,
      ...(progress === undefined
        ? {}
        : {
            onProgress: progress.update,
            onPhase: (p: string) => {
              progress.clear();
              ctx.stderr.write(`mmspec review: ${p}...\n`);
            },
          }),
    });
    progress?.clear();
    ctx.stdout.write(
      flags.json === true
        ? `${JSON.stringify(reviewJson(report), null, 2)}\n`
        : renderReview(report, input.format),
    );
    return report.differences.kinds.length === 0 && report.differences.stopped !== 'max-states'
      ? 0
      : 1;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}
