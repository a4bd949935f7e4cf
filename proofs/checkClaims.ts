// Checks claims: the graph bound through the statechart bridge (one run a model and bound,
// shared by every claim on it), the witness bound by stepping its calls. Returns what each
// check explored, for the ledger (proofs/ledger.json).

import { runConformance } from '../src/graph/conformance.js';
import type { ConformanceReport } from '../src/graph/conformance.js';
import { getModel } from '../models/registry.js';
import { initialState } from '../src/kernel/initialState.js';
import type { KernelModel } from '../src/kernel/model.js';
import { step } from '../src/kernel/step.js';
import { findInvariant, invariantHolds } from '../spec/invariants/index.js';
import type { Claim, GraphBound, Verdict } from './claims.js';

export interface ClaimResult {
  readonly claim: Claim;
  readonly model: string;
  readonly verdict: Verdict['verdict'];
  readonly explored: Readonly<Record<string, number>>;
}

export class ClaimChecker {
  private readonly runs = new Map<string, ConformanceReport>();

  private graphRun(model: KernelModel, b: GraphBound): ConformanceReport {
    const key = `${model.name} ${b.regions}x${b.pages} ${b.depth}`;
    let r = this.runs.get(key);
    if (r === undefined) {
      r = runConformance({
        model,
        shape: { regions: b.regions, pages: b.pages },
        simpleDepth: b.depth,
      });
      this.runs.set(key, r);
    }
    return r;
  }

  check(claim: Claim, modelName: string): ClaimResult {
    const model: KernelModel = getModel(modelName);
    const inv = findInvariant(claim.invariant);
    if (inv === undefined) throw new RangeError(`ClaimChecker: no invariant '${claim.invariant}'`);
    const b = claim.bound;
    if (b.checker === 'graph') {
      const r = this.graphRun(model, b);
      const v = r.invariants.find((i) => i.name === inv.name);
      return {
        claim,
        model: modelName,
        verdict: v?.verdict ?? 'holds',
        explored: {
          states: r.states,
          transitions: r.transitions,
          paths: r.paths,
          steps: r.steps,
          mismatches: r.mismatches.length,
        },
      };
    }
    let state = initialState({ rlimitMemlock: null, capIpcLock: true });
    let holds = true;
    for (const call of b.calls) {
      const next = step(model, state, call);
      holds &&= invariantHolds(inv, {
        before: state,
        call,
        result: next.result,
        after: next.state,
      });
      state = next.state;
    }
    return {
      claim,
      model: modelName,
      verdict: holds ? 'holds' : 'fails',
      explored: { steps: b.calls.length },
    };
  }
}
