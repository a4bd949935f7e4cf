// `mmspec draw FILE [--model NAME] [--kernel | --compare] [--format ascii|svg] [--out FILE]`:
// the address space after each statement of a trace — regions, VMAs with their lock bits,
// pages, VmLck, def_flags — in the terminal (ascii, within 100 columns) or as an SVG page.
// Exit status: 0 drawn; 2 the trace could not be run or an option is wrong.

import { writeFile } from 'node:fs/promises';
import { Command } from '@commander-js/extra-typings';
import { TraceError, formatDiagnostic } from '../trace/diagnostic.js';
import type { Engine } from '../uapi/engine.js';
import { renderAscii, renderAsciiCompare } from '../report/asciiDrawing.js';
import { drawTrace } from '../report/drawTrace.js';
import { drawingPage } from '../report/drawingPage.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { KernelEngineUnavailable } from './_internals/kernelEngineLoader.js';
import { loadTrace, modelEngineFor } from './_internals/loadTrace.js';
import { traceModelOption } from './_internals/sharedOptions.js';

const drawOptions = () =>
  new Command('draw')
    .description('draw the address space after each statement of a trace (ascii or svg)')
    .argument('<file>', 'a trace file')
    .addOption(traceModelOption())
    .option('--kernel', 'draw what the real kernel of this machine does')
    .option('--compare', 'draw the model and the kernel one above the other, differences marked')
    .option('--format <ascii|svg>', 'terminal text, or an HTML page of SVG pictures', 'ascii')
    .option('--out <file>', 'write to this file instead of standard output');

type DrawFlags = FlagsOf<ReturnType<typeof drawOptions>>;

export function drawCommand(ctx: CliContext, done: (status: number) => void) {
  return drawOptions().action(async (file, flags) => done(await draw(file, flags, ctx)));
}

async function draw(file: string, flags: DrawFlags, ctx: CliContext): Promise<number> {
  if (flags.format !== 'ascii' && flags.format !== 'svg') {
    ctx.stderr.write(`mmspec draw: --format takes ascii or svg, got '${flags.format}'\n`);
    return 2;
  }
  const loaded = await loadTrace(file, flags.model, ctx);
  if (!loaded.ok) return fail(loaded.file, loaded.error, ctx);
  const { program, constants, model } = loaded;
  let kernel: Engine | undefined;
  if (flags.kernel === true || flags.compare === true) {
    try {
      kernel = await ctx.engines.kernel();
    } catch (error) {
      if (!(error instanceof KernelEngineUnavailable)) throw error;
      ctx.stderr.write(`mmspec draw: ${error.message}\n`);
      return 2;
    }
  }
  try {
    const modelEngine =
      flags.kernel === true
        ? undefined
        : await modelEngineFor(program, model, flags.model !== undefined, ctx);
    if (typeof modelEngine === 'string' || modelEngine instanceof TraceError)
      return fail(file, modelEngine, ctx);
    const k = kernel === undefined ? undefined : await drawTrace(program, kernel, { constants });
    const m =
      modelEngine === undefined
        ? undefined
        : await drawTrace(program, modelEngine, {
            constants,
            ...(k?.outcome.restPages === undefined ? {} : { restPages: k.outcome.restPages }),
          });
    const drawings = [m, k].filter((d) => d !== undefined);
    const text =
      flags.format === 'svg'
        ? drawingPage(drawings)
        : m !== undefined && k !== undefined
          ? renderAsciiCompare(m, k)
          : drawings.map(renderAscii).join('\n');
    if (flags.out === undefined) ctx.stdout.write(text);
    else await writeFile(flags.out, text);
    return 0;
  } finally {
    await kernel?.close?.();
  }
}

function fail(file: string, error: TraceError | string, ctx: CliContext): number {
  ctx.stderr.write(
    error instanceof TraceError ? formatDiagnostic(error) : `${file}: error: ${error}\n`,
  );
  return 2;
}
