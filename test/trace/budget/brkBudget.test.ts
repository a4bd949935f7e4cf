// The safety budget and brk: heap growth is counted from the break the last brk returned, and
// a growing brk before any brk told the run where the break is is refused.

import { describe, expect, it } from 'vitest';
import { BudgetExceededError, FootprintLedger } from '../../../src/trace/budget/footprintLedger.js';

const MiB = 1n << 20n;
const brk = (addr: bigint) => ({ call: 'brk' as const, args: [addr] });

describe('the budget over brk', () => {
  it('counts growth from the break brk(0) returned, and nothing for a shrink', () => {
    const ledger = new FootprintLedger();
    const h = 0x5000_0000n;
    ledger.charge(brk(0n));
    ledger.settle(brk(0n), { kind: 'value', value: h });
    ledger.charge(brk(h + 8n * MiB));
    ledger.settle(brk(h + 8n * MiB), { kind: 'value', value: h + 8n * MiB });
    expect(ledger.footprint().resident).toBe(8n * MiB);
    ledger.charge(brk(h));
    expect(ledger.footprint().resident).toBe(8n * MiB);
  });

  it('refuses a heap larger than the budget', () => {
    const ledger = new FootprintLedger();
    ledger.settle(brk(0n), { kind: 'value', value: 0x5000_0000n });
    expect(() => ledger.charge(brk(0x5000_0000n + 1024n * MiB))).toThrow(BudgetExceededError);
  });

  it('refuses growth before the break is known, and again after execve', () => {
    const ledger = new FootprintLedger();
    expect(() => ledger.charge(brk(0x5000_0000n))).toThrow(/before the break is known/);
    ledger.settle(brk(0n), { kind: 'value', value: 0x5000_0000n });
    ledger.charge({ call: 'execve', args: [] });
    expect(() => ledger.charge(brk(0x5000_1000n))).toThrow(/before the break is known/);
  });
});
