// `mmspec conform [--model NAME] [--depth N] [--random N] [--seed S] [--json]`: holds a model
// to the real kernel of this machine (or, with --reference, to another model) on the litmus
// corpus, on every trace to a depth, and on random traces. Exit status: 0 no disagreement;
// 1 some disagreement; 2 misuse (a bad option, an unknown model, no kernel engine).

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { conform } from '../conform/conform.js';
import { conformExitStatus, conformJson, renderConformText } from '../conform/conformReport.js';
import type { LitmusSource } from '../conform/litmusConform.js';
import { progressBar } from '../conform/progressBar.js';
import type { Engine } from '../uapi/engine.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { Misuse, isMisuse, wholeOption } from './_internals/misuse.js';
import { onInterrupt } from './_internals/onInterrupt.js';
import { DEFAULT_MODEL } from '../../models/registry.js';
import { packageRoot } from '../package/packageRoot.js';
import { jsonOption, modelOption } from './_internals/sharedOptions.js';

/** The package's own spec/litmus, found from this file in src/ or in dist/src/. */
function defaultLitmusDir(): string {
  return join(packageRoot(), 'spec', 'litmus');
}

const conformOptions = () =>
  new Command('conform')
    .description(
      'differential testing: hold a model to the real kernel on litmus, bounded and random traces',
    )
    .addOption(modelOption('held to the kernel'))
    .option('--reference <name>', 'hold the model to another model instead of the real kernel')
    .option('--kernel <target>', 'the real kernel: host (default) or linux-X.Y under qemu', 'host')
    .option('--depth <n>', 'every trace of up to n steps over the bounded alphabet', '1')
    .option('--random <n>', 'n random traces (fast-check), disagreements shrunk', '100')
    .option('--seed <s>', 'seed of the random traces (printed, to replay a run)')
    .option('--max-steps <n>', 'the most steps a random trace takes', '8')
    .option('--jobs <n>', 'traces run at once', '2')
    .option('--litmus <dir>', 'the litmus corpus', defaultLitmusDir())
    .option('--no-litmus', 'skip the litmus corpus')
    .addOption(jsonOption());

type ConformFlags = FlagsOf<ReturnType<typeof conformOptions>>;

export function conformCommand(ctx: CliContext, done: (status: number) => void) {
  return conformOptions().action(async (flags) => done(await runConform(flags, ctx)));
}

export async function runConform(flags: ConformFlags, ctx: CliContext): Promise<number> {
  let pair: { reference: Engine; candidate: Engine };
  let options;
  let jobs: number;
  try {
    const depth = wholeOption('depth', flags.depth) ?? 0;
    const random = wholeOption('random', flags.random) ?? 0;
    const seed = wholeOption('seed', flags.seed) ?? Date.now() % 0x7fffffff;
    jobs = wholeOption('jobs', flags.jobs, 1) ?? 1;
    const maxSteps = wholeOption('max-steps', flags.maxSteps) ?? 0;
    options = { litmus: await litmusSources(flags.litmus, ctx), depth, random, seed, maxSteps };
    pair = await engines(flags, ctx);
  } catch (error) {
    if (!isMisuse(error)) throw error;
    ctx.stderr.write(`mmspec conform: ${error.message}\n`);
    return 2;
  }
  const tty = 'isTTY' in ctx.stderr && ctx.stderr.isTTY === true;
  const bar = tty ? progressBar(ctx.stderr) : undefined;
  if (options.random > 0 && flags.json !== true)
    ctx.stderr.write(
      `# random traces: seed ${options.seed} (replay with --seed ${options.seed})\n`,
    );
  const interrupt = onInterrupt();
  try {
    const constants = await ctx.engines.constants(flags.model ?? DEFAULT_MODEL);
    const report = await conform(options, {
      engines: pair,
      constants,
      jobs,
      signal: interrupt.signal,
      ...(bar === undefined ? {} : { onProgress: bar.update }),
    });
    bar?.clear();
    ctx.stdout.write(
      flags.json === true
        ? `${JSON.stringify(conformJson(report), null, 2)}\n`
        : renderConformText(report),
    );
    const signo = interrupt.signo();
    if (signo !== undefined) return 128 + signo;
    const compared = report.parts.reduce((n, p) => n + p.agreed + p.disagreed, 0);
    if (compared === 0) {
      // No C compiler, no kernel executor, or every trace unsupported: nothing was held to
      // the reference, which must not read as a pass.
      ctx.stderr.write(
        'mmspec conform: nothing could be compared (0 agreed, 0 disagreed): see the unsupported reasons above\n',
      );
      return 1;
    }
    return conformExitStatus(report);
  } finally {
    interrupt.dispose();
    // The real kernel's executors: ended so that none outlives the run.
    await pair.reference.close?.();
    await pair.candidate.close?.();
  }
}

async function engines(
  flags: ConformFlags,
  ctx: CliContext,
): Promise<{ reference: Engine; candidate: Engine }> {
  const candidate = await ctx.engines.model(flags.model ?? DEFAULT_MODEL);
  const reference =
    flags.reference === undefined
      ? await ctx.engines.kernel(flags.kernel, (line) => ctx.stderr.write(line))
      : await ctx.engines.model(flags.reference);
  return { reference, candidate };
}

async function litmusSources(dir: string | false, ctx: CliContext): Promise<LitmusSource[]> {
  if (dir === false) return [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.mmt')).sort();
  } catch {
    throw new Misuse(`cannot read the litmus corpus ${dir} (--litmus DIR, or --no-litmus)`);
  }
  return Promise.all(
    names.map(async (n) => {
      const file = join(dir, n);
      try {
        return { file, source: await ctx.readFile(file) };
      } catch (error) {
        const why = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
        throw new Misuse(`cannot read the litmus trace ${file} (${why})`);
      }
    }),
  );
}
