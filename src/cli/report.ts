// `mmspec report [--out DIR] [--kernel] [--bound NAME]`: a static site of what mmspec knows —
// models, the litmus corpus on every model (and on this machine's kernel with --kernel), the
// properties with their counterexamples drawn step by step, truth tables, documents, claims.
// Exit status: 0 built; 2 a bad option or no kernel engine for --kernel.

import { Command } from '@commander-js/extra-typings';
import { REGISTERED } from '../../models/registry.js';
import { buildSite } from '../report/site/buildSite.js';
import type { Engine } from '../uapi/engine.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { KernelEngineUnavailable } from './_internals/kernelEngineLoader.js';
import { isMisuse } from './_internals/misuse.js';
import { resolveBound } from '../check/resolveBound.js';

const reportOptions = () =>
  new Command('report')
    .description('build a static site of models, litmus traces, properties, tables and documents')
    .option('--out <dir>', 'the folder to write', 'mmspec-report')
    .option('--kernel', "also run the litmus corpus on this machine's kernel")
    .option('--bound <name>', 'the bound the properties are checked on', 'small');

type ReportFlags = FlagsOf<ReturnType<typeof reportOptions>>;

export function reportCommand(ctx: CliContext, done: (status: number) => void) {
  return reportOptions().action(async (flags) => done(await report(flags, ctx)));
}

async function report(flags: ReportFlags, ctx: CliContext): Promise<number> {
  let bound;
  try {
    bound = resolveBound(flags.bound);
  } catch (error) {
    if (!isMisuse(error)) throw error;
    ctx.stderr.write(`mmspec report: ${error.message}\n`);
    return 2;
  }
  const kernels: Engine[] = [];
  if (flags.kernel === true) {
    try {
      kernels.push(await ctx.engines.kernel());
    } catch (error) {
      if (!(error instanceof KernelEngineUnavailable)) throw error;
      ctx.stderr.write(`mmspec report: ${error.message}\n`);
      return 2;
    }
  }
  const tty = 'isTTY' in ctx.stderr && ctx.stderr.isTTY === true;
  try {
    const figures = await buildSite({
      out: flags.out,
      models: REGISTERED,
      kernels,
      bound,
      ...(tty ? { onProgress: (what: string) => void ctx.stderr.write(`\r\x1b[K${what}`) } : {}),
    });
    if (tty) ctx.stderr.write('\r\x1b[K');
    ctx.stdout.write(
      `wrote ${figures.pages} pages to ${flags.out} in ${figures.seconds.toFixed(1)} s: open ${flags.out}/index.html\n`,
    );
    return 0;
  } finally {
    for (const k of kernels) await k.close?.();
  }
}
