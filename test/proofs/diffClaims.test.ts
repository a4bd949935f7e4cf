// Every claim of proofs/diffClaims.ts, re-checked on its bound.

import { describe, expect, it } from 'vitest';
import { DIFF_CLAIMS } from '../../proofs/diffClaims.js';
import { diffModels } from '../../src/review/diffModels.js';
import { getModel } from '../../models/registry.js';

describe('proofs/diffClaims.ts', () => {
  it.each(DIFF_CLAIMS)('$a vs $b on $bound.name: $expected.verdict', async (c) => {
    const r = await diffModels(getModel(c.a), getModel(c.b), c.bound);
    expect(r.verdict).toBe(c.expected.verdict);
    if (c.expected.verdict === 'differ') expect(r.finding?.steps.length).toBe(c.expected.steps);
    else expect(r.stopReason).toBe('max-depth');
  });
});
