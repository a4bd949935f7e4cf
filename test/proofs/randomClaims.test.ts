// Every claim of proofs/randomClaims.ts: random mode with the claim's seeds finds every
// violation the exhaustive search of the bound finds within the claim's depth, with a trace
// no longer than the exhaustive one. A seed that stops finding one fails the test.

import { describe, expect, it } from 'vitest';
import { RANDOM_CLAIMS, type RandomClaim } from '../../proofs/randomClaims.js';
import { checkKernel } from '../../src/check/checkKernel.js';
import { randomCheck } from '../../src/check/randomCheck.js';
import { getModel } from '../../models/registry.js';

async function exhaustiveViolations(c: RandomClaim): Promise<Map<string, number>> {
  if (c.exhaustive !== null) return new Map(c.exhaustive.map((name) => [name, c.depth]));
  const report = await checkKernel(getModel(c.model), c.bound);
  const found = new Map<string, number>();
  for (const p of report.properties)
    if (p.counterexample !== undefined && p.counterexample.shortest <= c.depth)
      found.set(p.name, p.counterexample.steps.length);
  return found;
}

describe('proofs/randomClaims.ts', () => {
  for (const c of RANDOM_CLAIMS)
    for (const seed of c.seeds)
      it(`check --random ${c.runs} --seed ${seed} finds what the exhaustive search finds on ${c.model} (${c.bound.name})`, async () => {
        const wanted = await exhaustiveViolations(c);
        const report = randomCheck(getModel(c.model), c.bound, { runs: c.runs, seed });
        for (const [name, steps] of wanted) {
          const p = report.properties.find((x) => x.name === name);
          expect(p?.verdict, `${name} on ${c.model}`).toBe('violated');
          expect(p?.counterexample?.steps.length ?? Infinity).toBeLessThanOrEqual(steps);
        }
      }, 120_000);
});
