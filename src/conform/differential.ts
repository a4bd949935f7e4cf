// One trace, two engines: the reference (the real kernel, or in tests a model standing in for
// it) and the candidate model. The reference runs first, because its measure of the rest of the
// process is the candidate's parameter (mlockall(MCL_CURRENT) counts the whole address space).
// A trace either side could not run is unsupported, with the reason, never a disagreement.

import type { Program } from '../trace/ast.js';
import type { Constants } from '../trace/bindings.js';
import { compareOutcomes, type Comparison } from '../trace/compare.js';
import type { Engine } from '../uapi/engine.js';
import type { Outcome } from '../uapi/outcome.js';
import { runProgram } from '../trace/runner.js';

/** The two sides of every comparison conform makes. */
export interface EnginePair {
  /** What the model is held to: the real kernel, or another model in tests. */
  readonly reference: Engine;
  readonly candidate: Engine;
}

export type Verdict =
  | { readonly kind: 'agree' }
  | {
      readonly kind: 'disagree';
      readonly reference: Outcome;
      readonly candidate: Outcome;
      readonly comparison: Comparison;
    }
  | { readonly kind: 'unsupported'; readonly reason: string };

function unsupportedReason(side: string, outcome: Outcome): string | undefined {
  const first = outcome.unsupported[0];
  if (first === undefined) return undefined;
  const where = first.line === undefined ? '' : ` at line ${first.line}`;
  return `${side}${where}: ${first.reason}`;
}

export async function differential(
  program: Program,
  constants: Constants,
  engines: EnginePair,
): Promise<Verdict> {
  const reference = await runProgram(program, engines.reference, { constants });
  const refused = unsupportedReason('reference', reference);
  if (refused !== undefined) return { kind: 'unsupported', reason: refused };
  const candidate = await runProgram(
    program,
    engines.candidate,
    reference.restPages === undefined
      ? { constants }
      : { constants, restPages: reference.restPages },
  );
  const failed = unsupportedReason('model', candidate);
  if (failed !== undefined) return { kind: 'unsupported', reason: failed };
  const comparison = compareOutcomes(program, reference, candidate, constants);
  if (comparison.differences === 0) return { kind: 'agree' };
  return { kind: 'disagree', reference, candidate, comparison };
}
