// `mmspec diff A B [--bound B] [--max-states N] [--workers N] [--json]`: runs two models side
// by side on the same calls within a bound (src/review) and prints the shortest trace a check
// tells them apart by, or that none exists within the bound. Exit status: 0 no observable
// difference within the bound; 1 a difference (or the bound was not covered: --max-states,
// Ctrl-C); 2 misuse (unknown model, bad bound).

import type { KernelModel } from '../kernel/model.js';
import type { KernelBound } from '../check/kernelBound.js';
import { diffModels } from '../review/diffModels.js';
import { diffJson, renderDiffText } from '../review/renderDiffReport.js';
import { searchSession } from './_internals/searchSession.js';
import { twoModelCommand } from './_internals/twoModelCommand.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { resolveBound } from '../check/resolveBound.js';
import { orMisuse, wholeOption } from './_internals/misuse.js';
import { pairSystemRef } from '../review/pairSystemFor.js';
import { workersOption } from './_internals/workers.js';
import { wideningLines, widenBound } from './_internals/widenBound.js';
import { modelRef, resolveModel } from '../../models/registry.js';

/** diff adds nothing to the options both side-by-side commands take. */
type DiffFlags = FlagsOf<ReturnType<typeof twoModelCommand>>;

interface DiffInput {
  readonly a: KernelModel;
  readonly b: KernelModel;
  readonly bound: KernelBound;
  readonly maxStates: number | undefined;
  readonly workers: number;
}

async function inputOf(a: string, b: string, flags: DiffFlags): Promise<DiffInput> {
  const maxStates = wholeOption('max-states', flags.maxStates, 1);
  const ma = await resolveModel(a);
  const mb = await resolveModel(b);
  const models = [
    { model: ma, ref: a },
    { model: mb, ref: b },
  ];
  return {
    workers: workersOption(flags.workers),
    a: ma,
    b: mb,
    bound: widenBound(resolveBound(flags.bound), models, true),
    maxStates,
  };
}

export function diffCommand(ctx: CliContext, done: (status: number) => void) {
  return twoModelCommand('diff').action(async (a, b, flags) =>
    done(await runDiff(a, b, flags, ctx)),
  );
}

export async function runDiff(
  a: string,
  b: string,
  flags: DiffFlags,
  ctx: CliContext,
): Promise<number> {
  const input = await orMisuse('diff', ctx.stderr, () => inputOf(a, b, flags));
  if (input === undefined) return 2;
  const session = searchSession(ctx, 'diff', input.bound.depth);
  const progress = session.progress;
  try {
    const report = await diffModels(input.a, input.b, input.bound, {
      signal: session.signal,
      workers: input.workers,
      names: { a, b },
      ...(input.workers > 1
        ? { systemRef: pairSystemRef('diff', modelRef(a), modelRef(b), input.bound) }
        : {}),
      ...(input.maxStates === undefined ? {} : { maxStates: input.maxStates }),
      onProgress: progress.update,
    });
    progress.clear();
    ctx.stdout.write(
      flags.json === true
        ? `${JSON.stringify(diffJson(report), null, 2)}\n`
        : `${renderDiffText(report)}${wideningLines(input.bound, [], undefined)
            .map((l) => `${l}\n`)
            .join('')}`,
    );
    const interrupted = session.interruptedStatus();
    if (interrupted !== undefined) return interrupted;
    return report.verdict === 'same' ? 0 : 1;
  } finally {
    session.dispose();
  }
}
