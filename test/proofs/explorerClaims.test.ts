// Every explorer claim of proofs/explorerClaims.ts, re-checked on its (small) bound: one
// exploration a model and bound, shared by every claim on it.

import { describe, expect, it } from 'vitest';
import { EXPLORER_CLAIMS } from '../../proofs/explorerClaims.js';
import { type CheckReport, checkKernel } from '../../src/check/checkKernel.js';
import { getModel } from '../../models/registry.js';

const runs = new Map<string, Promise<CheckReport>>();
function run(model: string, boundName: string): Promise<CheckReport> {
  const key = `${model} ${boundName}`;
  let r = runs.get(key);
  if (r === undefined) {
    const claim = EXPLORER_CLAIMS.find((c) => c.model === model && c.bound.name === boundName);
    if (claim === undefined) throw new Error(`no claim for ${key}`);
    r = checkKernel(getModel(model), claim.bound);
    runs.set(key, r);
  }
  return r;
}

describe('proofs/explorerClaims.ts', () => {
  for (const c of EXPLORER_CLAIMS) {
    it(`${c.property} ${c.expected.verdict} on ${c.model} (${c.bound.name})`, async () => {
      const report = await run(c.model, c.bound.name);
      const p = report.properties.find((x) => x.name === c.property);
      expect(p?.verdict).toBe(c.expected.verdict);
      if (c.expected.verdict === 'violated')
        expect(p?.counterexample?.shortest).toBe(c.expected.shortest);
    }, 60_000);
  }
});
