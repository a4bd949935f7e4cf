// What the tests of optional call families share: a letter of a bound's alphabet by the text a
// counterexample prints for it, and a replayed run printed as a trace and run on the model.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLetter } from '../../src/check/describeLetter.js';
import type { KernelBound } from '../../src/check/kernelBound.js';
import type { Letter } from '../../src/check/letter.js';
import { replayedTrace } from '../../src/check/replayedTrace.js';
import type { ReplayedStep } from '../../src/check/replayLetters.js';
import { print } from '../../src/trace/printer.js';
import { runCli } from '../runCli.js';

/** Picks letters of `letters` by their printed text (`brk(h + 2P)`). */
export const picker =
  (letters: readonly Letter[]) =>
  (text: string): Letter => {
    const l = letters.find((x) => describeLetter(x) === text);
    if (l === undefined) throw new Error(`no letter ${text}`);
    return l;
  };

/** A replayed run of `bound` (setup 0) printed as the trace a counterexample would be. */
export const printedRun = (bound: KernelBound, steps: readonly ReplayedStep[]): string =>
  print(
    replayedTrace({ bound, setup: 0, steps, file: 't', model: 'linux-6.18', comments: [] }).build(),
  );

/** `mmspec run` of the trace `text` on the model. */
export function runTrace(text: string): ReturnType<typeof runCli> {
  const file = join(mkdtempSync(join(tmpdir(), 'letter-run-')), 't.mmt');
  writeFileSync(file, text);
  return runCli(['run', file]);
}
