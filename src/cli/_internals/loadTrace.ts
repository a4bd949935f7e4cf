// Reads, parses and resolves one trace file, and picks the model it runs on. Every way this
// can fail is a value the run command reports and turns into exit status 2.

import type { Program } from '../../trace/ast.js';
import type { Constants } from '../../trace/bindings.js';
import { TraceError } from '../../trace/diagnostic.js';
import type { Engine } from '../../uapi/engine.js';
import { parse } from '../../trace/parser.js';
import { resolveProgram } from '../../trace/resolve.js';
import type { CliContext } from './io.js';
import {
  DEFAULT_MODEL,
  UnknownModelError,
  isModelPath,
  modelNames,
  modelsAdding,
} from '../../../models/registry.js';
import { targetNames } from '../../oracle/targets/kernelTargets.js';
import { ModelFileError } from '../../../models/modelFileError.js';
import { didYouMean } from '../../uapi/closest.js';

export type Loaded =
  | {
      readonly ok: true;
      readonly program: Program;
      readonly constants: Constants;
      readonly model: string;
    }
  /** `diagnostic` is a TraceError to format, or a one-line message for the file. */
  | { readonly ok: false; readonly file: string; readonly error: TraceError | string };

/** `--model` wins over the trace's `model` directive, which wins over the default. */
export async function loadTrace(
  file: string,
  modelOption: string | undefined,
  ctx: CliContext,
): Promise<Loaded> {
  let source: string;
  try {
    source = await ctx.readFile(file);
  } catch (error) {
    const why = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return { ok: false, file, error: `cannot read the trace (${why})` };
  }
  try {
    const program = parse(source, file);
    const directive = program.directives.model;
    // A trace is data that travels by mail: its own directive may name a model, never load a
    // file (which would run that file's code). A file is given on the command line, --model.
    if (modelOption === undefined && directive !== undefined && isModelPath(directive.name))
      return {
        ok: false,
        file,
        error: new TraceError({
          file,
          source,
          pos: directive.pos,
          message: `a trace's model directive names a model, not a file ('${directive.name}')`,
          expected: 'a model of `mmspec models`; a model file is given with --model PATH',
          width: 'model'.length,
        }),
      };
    const model = modelOption ?? directive?.name ?? DEFAULT_MODEL;
    const extraConstants = await ctx.engines.constants(model);
    const constants = resolveProgram(program, {
      extraConstants,
      model,
      addedBy: (name) => modelsAdding(name).filter((m) => m !== model),
      modelUnregistered: !isModelPath(model) && !modelNames().includes(model),
      // A model file's own name is known once it is loaded, later: its traces' clauses go
      // unchecked rather than refused.
      ...(isModelPath(model) ? {} : { versions: [...modelNames(), ...targetNames()] }),
    });
    if (program.body.length === 0) return { ok: false, file, error: emptyTrace(program) };
    return { ok: true, program, constants, model };
  } catch (error) {
    if (error instanceof TraceError) return { ok: false, file, error };
    throw error;
  }
}

/** The model's engine, or why there is none: at the `model` directive when it named it. */
/** What a model name must be: one of these, which `mmspec models` lists. */
const knownModels = (known: readonly string[]): string =>
  `a known model: ${known.join(', ') || 'none is registered yet'} (mmspec models lists them)`;

/** A model name given outside a trace (`from --model`, or `the default`) that names no model. */
export function unknownModelLine(model: string, from: string, known: readonly string[]): string {
  const hint = didYouMean(model, known);
  return `unknown model '${model}' (${from})${hint === '' ? '; expected' : `${hint} Expected`} ${knownModels(known)}`;
}

export async function modelEngineFor(
  program: Program,
  model: string,
  fromOption: boolean,
  ctx: CliContext,
): Promise<Engine | TraceError | string> {
  try {
    return await ctx.engines.model(model);
  } catch (error) {
    if (error instanceof ModelFileError) return error.message;
    if (!(error instanceof UnknownModelError)) throw error;
    const directive = program.directives.model;
    if (fromOption || directive === undefined)
      return unknownModelLine(model, fromOption ? 'from --model' : 'the default', error.known);
    const line = program.source.split(/\r?\n/)[directive.pos.line - 1] ?? '';
    const column = line.indexOf(directive.name, directive.pos.column + 'model'.length) + 1;
    const pos = { line: directive.pos.line, column: column > 0 ? column : directive.pos.column };
    return new TraceError({
      file: program.file,
      source: program.source,
      pos,
      message: `unknown model '${model}'${didYouMean(model, error.known)}`,
      // A trace made on a model file names the file's model, which only --model loads.
      expected: `${knownModels(error.known)}; a model file's trace runs with --model FILE`,
      width: model.length,
    });
  }
}

/** A trace with no statement would pass while showing nothing: it is reported instead. */
function emptyTrace(program: Program): TraceError {
  const lines = program.source.split(/\r?\n/);
  const last = lines.length;
  return new TraceError({
    file: program.file,
    source: program.source,
    pos: { line: last, column: (lines[last - 1] ?? '').length + 1 },
    message: 'the trace has no statements: it would check nothing',
    expected: 'at least one statement: a call such as mlock(a, 1P), check ..., or fork {',
  });
}
