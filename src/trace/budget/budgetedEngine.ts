// An engine held to the real kernel's safety budget. `run --compare` runs its model side
// through it, so a call the kernel side refused for the budget (a size known only at run
// time) is refused on the model side too, at the same statement with the same words, instead
// of the model populating gigabytes page by page while the kernel side waits to be closed.

import type { ConcreteCall, Engine, Session, Setup } from '../../uapi/engine.js';
import type { ThreadGroup } from '../../uapi/threadSchedule.js';
import { BudgetExceededError, FootprintLedger } from './footprintLedger.js';

/** The error a budgeted session throws; the message matches the kernel side's refusal. */
export class BudgetRefusal extends Error {
  constructor(reason: string) {
    super(`refusing to run on the real kernel: ${reason} (mmspec run --help states the budget)`);
    this.name = 'BudgetRefusal';
  }
}

/** Runs `f`, a charge to a FootprintLedger; over the budget it throws the BudgetRefusal. */
export function guarded(f: () => void): void {
  try {
    f();
  } catch (error) {
    if (error instanceof BudgetExceededError) throw new BudgetRefusal(error.message);
    throw error;
  }
}

export function budgetedEngine(engine: Engine): Engine {
  const start = async (setup: Setup): Promise<Session> => {
    const inner = await engine.start(setup);
    const ledger = new FootprintLedger();
    const threads = inner.runThreads?.bind(inner);
    // A group's calls are charged before its threads start, as each thread's would be.
    const runThreads = threads && {
      runThreads: async (group: ThreadGroup) => {
        for (const c of group.threads.flat()) guarded(() => ledger.charge(c));
        const results = await threads(group);
        group.threads.forEach((calls, i) =>
          calls.forEach((c, j) => {
            const r = results[i]?.[j];
            if (r !== undefined) ledger.settle(c, r);
          }),
        );
        return results;
      },
    };
    return {
      ...runThreads,
      restPages: inner.restPages,
      call: async (call: ConcreteCall) => {
        guarded(() => ledger.charge(call));
        const result = await inner.call(call);
        ledger.settle(call, result);
        return result;
      },
      observe: (what) => inner.observe(what),
      forkEnter: async () => {
        guarded(() => ledger.fork());
        await inner.forkEnter();
      },
      forkExit: async () => {
        const status = await inner.forkExit();
        ledger.exit();
        return status;
      },
      close: () => inner.close(),
    };
  };
  return engine.close === undefined
    ? { name: engine.name, start }
    : { name: engine.name, start, close: () => engine.close?.() ?? Promise.resolve() };
}
