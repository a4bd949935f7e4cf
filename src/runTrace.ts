// The shortest way to use mmspec as a library: a trace's text in, its verdicts out, on a model
// (the trace's own, or the one named) — what `mmspec run FILE` does for one file.

import type { Program } from './trace/ast.js';
import { judge, type Verdict } from './trace/judge.js';
import { parse } from './trace/parser.js';
import { exitStatusOf, fileRun, type ExitStatus } from './trace/report.js';
import { resolveProgram } from './trace/resolve.js';
import { runProgram } from './trace/runner.js';
import type { Outcome } from './uapi/outcome.js';
import { engineOf } from './kernel/modelEngine.js';
import { DEFAULT_MODEL, resolveModel } from '../models/registry.js';

export interface TraceRun {
  readonly program: Program;
  /** The model it ran on. */
  readonly model: string;
  readonly outcome: Outcome;
  readonly verdicts: readonly Verdict[];
  /** As `mmspec run` would exit: 0 all held, 1 something failed, 2 it could not run to the end. */
  readonly exitStatus: ExitStatus;
}

/**
 * Parses, resolves and runs `source` on a model: `model` if given, else the trace's `model`
 * directive, else the default. Throws a TraceError (file, line, column) for a trace that
 * cannot be run, and UnknownModelError or ModelFileError for a model that cannot be had.
 */
export async function runTrace(
  source: string,
  options: { readonly file?: string; readonly model?: string } = {},
): Promise<TraceRun> {
  const program = parse(source, options.file ?? '<trace>');
  const name = options.model ?? program.directives.model?.name ?? DEFAULT_MODEL;
  const model = await resolveModel(name);
  const constants = resolveProgram(program, { extraConstants: model.constants });
  const outcome = await runProgram(program, engineOf(model), { constants });
  const verdicts = judge(program, outcome, constants);
  const exitStatus = exitStatusOf(fileRun(program, outcome, constants));
  return { program, model: model.name, outcome, verdicts, exitStatus };
}
