// `mmspec review A B [--bound B] [--law-depth N] [--max-states N] [--workers N] [--json |
// --format markdown] [--traces DIR]`: one report on two models (registered names or files) for a reviewer of
// a flag design (src/review/reviewModels.ts). Exit status: 0 no difference within the bound;
// 1 they differ (or the search stopped early); 2 misuse.

import { readdir, writeFile } from 'node:fs/promises';
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
    lawDepth: wholeOption('law-depth', flags.lawDepth, 1),
    traces: flags.traces,
    maxStates: wholeOption('max-states', flags.maxStates, 1),
  };
}

export async function runReview(a: string, b: string, flags: ReviewFlags, ctx: CliContext) {
  const input = await orMisuse('review', ctx.stderr, async () => {
    const made = await inputs(a, b, flags);
    // Made before the search, so that a directory that cannot be made costs no minutes.
    if (made.traces !== undefined) await tracesDirectory(made.traces);
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
    // The report first: a trace that cannot be written loses nothing of it.
    ctx.stdout.write(
      flags.json === true
        ? `${JSON.stringify(reviewJson(report), null, 2)}\n`
        : renderReview(report, input.format),
    );
    if (input.traces !== undefined && !(await writeTraces(ctx, input.traces, reviewTraces(report))))
      return 2;
    return report.differences.kinds.length === 0 && report.differences.stopped !== 'max-states'
      ? 0
      : 1;
  } finally {
    session.dispose();
  }
}

/**
 * The directory of --traces: made (or writable) before the review, and holding no trace yet,
 * so that what it holds afterwards is this review's traces and nothing else.
 */
async function tracesDirectory(dir: string): Promise<void> {
  if (dir === '') throw new Misuse('--traces takes a directory, got an empty name');
  await outputDirectory('traces', dir);
  const held = (await readdir(dir)).filter((f) => f.endsWith('.mmt')).sort();
  if (held.length > 0)
    throw new Misuse(
      `--traces: ${dir} already holds ${counted(held.length, 'trace')} (${held[0] ?? ''}${held.length > 1 ? ', ...' : ''}): give an empty or new directory, so that its traces are this review's alone`,
    );
}

/**
 * The report's traces as files in `dir`, and on standard error where they are and which pass
 * where; false (said there too) when one cannot be written.
 */
async function writeTraces(
  ctx: CliContext,
  dir: string,
  traces: readonly ReviewTrace[],
): Promise<boolean> {
  for (const t of traces) {
    try {
      await writeFile(join(dir, t.file), t.text);
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
      ctx.stderr.write(
        `mmspec review: --traces: cannot write ${join(dir, t.file)} (${code}); the report above is complete\n`,
      );
      return false;
    }
  }
  ctx.stderr.write(
    [
      `mmspec review: wrote ${counted(traces.length, 'trace')} to ${dir}: mmspec run ${join(dir, '*.mmt')} (add --kernel host to run them on this kernel)`,
      '  difference-*: pass on model A, fail on model B at the checks that tell them apart',
      '  invariant-*: a counterexample, failing on the model it names where the invariant does',
      '  law-*-left, law-*-right: both pass on the model the law broke on; on a kernel, both passing means the kernel breaks it too',
      '',
    ].join('\n'),
  );
  return true;
}
