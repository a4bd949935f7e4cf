import { describe, expect, it } from 'vitest';
import { TraceError, formatDiagnostic } from '../../../src/trace/diagnostic.js';
import { BUDGET_LIMITS } from '../../../src/trace/budget/budgetLimits.js';
import { BudgetExceededError, FootprintLedger } from '../../../src/trace/budget/footprintLedger.js';
import { staticFootprint } from '../../../src/trace/budget/staticFootprint.js';
import { parse } from '../../../src/trace/parser.js';
import { resolveProgram } from '../../../src/trace/resolve.js';
import { FORKS_COW, FORKS_MLOCKALL, GROWSDOWN_TEN } from './escapes.js';

const MiB = 1n << 20n;
const RW_ANON = 'PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS';

function footprint(src: string) {
  const program = parse(src, 't.mmt');
  return staticFootprint(program, resolveProgram(program));
}

function refusal(src: string): TraceError {
  try {
    footprint(src);
  } catch (error) {
    if (error instanceof TraceError) return error;
    throw error;
  }
  throw new Error('the trace was accepted');
}

describe('the budget over a trace, before it runs', () => {
  it('counts fork children: 16 MiB then five nested forks with mlockall is refused at the fourth', () => {
    const e = refusal(FORKS_MLOCKALL);
    expect(formatDiagnostic(e)).toMatch(
      /^t\.mmt:8:7: error: over the real-kernel safety budget: a fork child that inherits 16 MiB would let the trace make 80 MiB resident \(and lockable\) across 5 processes, more than the budget of 64 MiB\n 8 \| {7}fork \{\n {3}\| {7}\^\^\^\^\n/,
    );
  });

  it('counts copy-on-write: the same children populating their copies are refused too', () => {
    expect(refusal(FORKS_COW).line).toBe(8);
  });

  it('counts MAP_GROWSDOWN at the RLIMIT_STACK it may grow to: the ninth of ten is refused', () => {
    const e = refusal(GROWSDOWN_TEN);
    expect(e.line).toBe(17); // g8 = mmap(...): 9 x 8 MiB
    expect(e.column).toBe(6); // the call, not the name
    expect(e.message).toMatch(/MAP_GROWSDOWN mapping that may grow to 8 MiB .* 72 MiB/);
  });

  it('states what each process can hold, and the sums', () => {
    const f = footprint(
      [
        `a = mmap(NULL, 1024P, ${RW_ANON}, -1, 0)`,
        `mlock(a, 256P)`,
        'fork {',
        '  mlockall(MCL_CURRENT|MCL_FUTURE)',
        `  b = mmap(NULL, 512P, ${RW_ANON}, -1, 0)`,
        '}',
        's = existing("[stack]")',
      ].join('\n'),
    );
    expect(f.processes).toEqual([
      { mapped: 4n * MiB + BUDGET_LIMITS.stackBytes, locked: 1n * MiB },
      { mapped: 6n * MiB, locked: 6n * MiB },
    ]);
    expect([f.resident, f.locked, f.deferred]).toEqual([18n * MiB, 7n * MiB, []]);
  });

  it('leaves sizes that depend on addresses to the run, which the ledger then refuses', () => {
    const src = [
      `a = mmap(NULL, 1P, ${RW_ANON}, -1, 0)`,
      `b = mmap(NULL, 1P, ${RW_ANON}, -1, 0)`,
      `c = mmap(NULL, b - a, ${RW_ANON}|MAP_POPULATE, -1, 0)`,
    ].join('\n');
    expect(footprint(src).deferred).toEqual([3]);
    const ledger = new FootprintLedger();
    expect(() => ledger.charge({ call: 'mmap', args: [0n, 1n << 30n, 3n, 0x8022n] })).toThrow(
      BudgetExceededError,
    );
    expect(ledger.footprint().resident).toBe(0n); // a refused call counts nothing
  });

  it('lets through what the kernel refuses anyway (lengths that wrap or pass TASK_SIZE)', () => {
    const f = footprint(
      [`a = mmap(NULL, -1, ${RW_ANON}, -1, 0)`, `mlock(a, -1)`, `mlock(a, 0x4000000000000)`].join(
        '\n',
      ),
    );
    expect(f.resident).toBe(0n);
  });
});
