// The real kernel run must not eat the machine: the driver keeps the trace's footprint ledger
// (src/trace/budget, the same one that checks a trace's text before it runs) and refuses a
// call or a fork before it leaves for the executor when it would pass the budget. Sizes the
// text could not tell (they depend on addresses) are caught here.

import type { ConcreteCall } from '../../uapi/engine.js';
import type { CallResult } from '../../uapi/outcome.js';
import { BUDGET_LIMITS } from '../../trace/budget/budgetLimits.js';
import { BudgetRefusal, guarded } from '../../trace/budget/budgetedEngine.js';
import { FootprintLedger, type Footprint } from '../../trace/budget/footprintLedger.js';

/** The most a trace may make resident, summed over its processes, on the real kernel. */
export const SAFETY_LIMIT_BYTES = BUDGET_LIMITS.residentBytes;

/** Thrown before a call or fork would take a trace over the budget; nothing was run. */
export { BudgetRefusal as SafetyLimitError };

/** The ledger of one session, with its refusals as SafetyLimitError. */
export class SafetyBudget {
  private readonly ledger = new FootprintLedger();

  /** Throws BudgetRefusal (SafetyLimitError) if the call would exceed the budget; else counts it. */
  charge(call: ConcreteCall): void {
    guarded(() => this.ledger.charge(call));
  }

  /** Records what a call returned (the break brk leaves). */
  settle(call: ConcreteCall, result: CallResult): void {
    this.ledger.settle(call, result);
  }

  fork(): void {
    guarded(() => this.ledger.fork());
  }

  exit(): void {
    this.ledger.exit();
  }

  footprint(): Footprint {
    return this.ledger.footprint();
  }
}
