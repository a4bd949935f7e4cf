// Runs every claim on every engine (models and kernels) and judges it: a statement holds on an
// engine when every expectation and check of its trace held there; an unmentioned behaviour is
// confirmed when its trace held. The verdicts of each engine are kept so the report can say on
// which version a statement is false.

import type { Stmt } from '../../trace/ast.js';
import { judge, type Verdict } from '../../trace/judge.js';
import { runProgram } from '../../trace/runner.js';
import type { Engine } from '../../uapi/engine.js';
import type { Errno } from '../../uapi/errno.js';
import type { Outcome } from '../../uapi/outcome.js';
import type { ManClaim } from './manClaim.js';

/** A claim's trace judged on one engine; whether it held follows from the two (verdictHeld). */
export interface EngineVerdict {
  readonly engine: string;
  /** The expectations and checks that failed. */
  readonly failed: readonly Verdict[];
  readonly outcome: Outcome;
}

/** Why the engine could not run part of the claim's trace. */
export const unrunParts = (v: EngineVerdict): string[] =>
  v.outcome.unsupported.map((u) => u.reason);

/** A claim holds on an engine when every check held and no part of it went unrun. */
export const verdictHeld = (v: EngineVerdict): boolean =>
  v.failed.length === 0 && v.outcome.unsupported.length === 0;

export interface CheckedClaim {
  readonly claim: ManClaim;
  readonly verdicts: readonly EngineVerdict[];
}

export async function checkClaims(
  claims: readonly ManClaim[],
  engines: readonly Engine[],
): Promise<CheckedClaim[]> {
  const out: CheckedClaim[] = [];
  for (const claim of claims) {
    const verdicts: EngineVerdict[] = [];
    for (const engine of engines) {
      const outcome = await runProgram(claim.program, engine, { constants: claim.constants });
      const failed = judge(claim.program, outcome, claim.constants).filter((v) => !v.held);
      verdicts.push({ engine: engine.name, failed, outcome });
    }
    out.push({ claim, verdicts });
  }
  return out;
}

/** Every (call, errno) a run returned, calls named as in the trace. */
export function callErrnos(
  body: readonly Stmt[],
  outcome: Outcome,
): { call: string; errno: Errno }[] {
  const byLine = new Map(outcome.steps.map((s) => [s.line, s]));
  const found: { call: string; errno: Errno }[] = [];
  const walk = (stmts: readonly Stmt[]) => {
    for (const s of stmts) {
      if (s.kind === 'fork') walk(s.body);
      if (s.kind !== 'call') continue;
      const step = byLine.get(s.pos.line);
      if (step?.kind === 'call' && step.result.kind === 'errno')
        found.push({ call: s.call, errno: step.result.errno });
    }
  };
  walk(body);
  return found;
}
