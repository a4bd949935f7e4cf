// Every claim of proofs/claims.ts, re-checked: a verdict that changes fails the test.

import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../proofs/claims.js';
import { ClaimChecker } from '../../proofs/checkClaims.js';

const checker = new ClaimChecker();

describe('proofs/claims.ts', () => {
  for (const claim of CLAIMS) {
    for (const model of claim.models) {
      const b = claim.bound;
      const where =
        b.checker === 'graph'
          ? `graph ${b.regions}x${b.pages} depth ${b.depth}`
          : `witness of ${b.calls.length} calls`;
      it(`${claim.invariant} ${claim.expected.verdict} on ${model} (${where})`, () => {
        expect(checker.check(claim, model).verdict).toBe(claim.expected.verdict);
      }, 120_000);
    }
  }
});
