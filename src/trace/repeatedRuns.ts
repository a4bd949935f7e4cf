// A trace run several times on an engine that cannot explore interleavings (a real kernel):
// `mmspec run --kernel --runs N`. A group of threads without a schedule runs truly
// concurrently there, so one run shows one outcome of the race; N runs show the set, judged
// like a model's interleavings (spec/trace-format.md, Extensions): a statement must hold in
// every run, a `check some` in at least one, and one that no run witnessed is reported as
// "not witnessed in N runs", not as a failure.

import type { Engine } from '../uapi/engine.js';
import type { Outcome, Step } from '../uapi/outcome.js';
import type { Program } from './ast.js';
import { type RunOptions, runProgram } from './runner.js';

/** The most runs `--runs` asks for. */
export const MAX_REPEATED_RUNS = 1000;

/**
 * Runs the program `runs` times, each in a fresh session. A run the engine could not finish
 * (or an interrupt) ends the series: that run's outcome is returned as it is.
 */
export async function runRepeatedly(
  program: Program,
  engine: Engine,
  options: RunOptions,
  runs: number,
): Promise<Outcome> {
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_REPEATED_RUNS)
    throw new RangeError(`runRepeatedly: runs must be 1..${MAX_REPEATED_RUNS}, not ${runs}`);
  const all: (readonly Step[])[] = [];
  let first: Outcome | undefined;
  for (let i = 0; i < runs; i++) {
    const outcome = await runProgram(program, engine, options);
    if (outcome.unsupported.length > 0 || outcome.interleavings !== undefined) return outcome;
    first ??= outcome;
    all.push(outcome.steps);
    if (options.signal?.aborted === true) return outcome;
  }
  if (first === undefined) throw new Error('runRepeatedly: no run');
  return { ...first, interleavings: all, repeated: runs };
}
