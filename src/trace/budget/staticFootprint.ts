// The budget over a trace's text, before anything runs: the trace's sizes are constants once
// it is resolved (`16P`, `MAP_GROWSDOWN`), so the ledger can follow the statements as they
// will run, fork blocks included. A size that depends on an address (`b - a`) is known only
// when the trace runs; the real-kernel session charges it then, through the same ledger.

import type { CallStmt, Program, Stmt } from '../ast.js';
import type { Constants } from '../bindings.js';
import { TraceError } from '../diagnostic.js';
import { evaluate } from '../evaluate.js';
import type { ConcreteCall } from '../../uapi/engine.js';
import { BudgetExceededError, FootprintLedger, type Footprint } from './footprintLedger.js';

/**
 * Which arguments the ledger needs, by call; the others barely change what is counted (an
 * mlock's address only moves its rounding, and the run charges the exact length anyway).
 */
const READS: Partial<Record<CallStmt['call'], readonly number[]>> = {
  mmap: [1, 3],
  mremap: [2],
  mlock: [1],
  mlock2: [1],
  mlockall: [0],
};

export interface StaticFootprint extends Footprint {
  /** Lines of calls whose sizes depend on addresses: charged while the trace runs. */
  readonly deferred: readonly number[];
}

/**
 * What the trace can make resident and locked, by process and in sum, as far as its text
 * says. Throws a TraceError at the statement that would take it over BUDGET_LIMITS.
 */
export function staticFootprint(program: Program, constants: Constants): StaticFootprint {
  const ledger = new FootprintLedger();
  const deferred: number[] = [];
  const lookup = (name: string) => constants.get(name);
  const walk = (body: readonly Stmt[]): void => {
    for (const stmt of body) {
      try {
        if (stmt.kind === 'fork') {
          ledger.fork();
          walk(stmt.body);
          ledger.exit();
        } else if (stmt.kind === 'threads') {
          walk(stmt.threads.flatMap((t) => t.body));
        } else if (stmt.kind === 'call') {
          const call = concrete(stmt, lookup);
          if (call === undefined) deferred.push(stmt.pos.line);
          else ledger.charge(call);
        }
      } catch (error) {
        if (!(error instanceof BudgetExceededError)) throw error;
        throw new TraceError({
          file: program.file,
          source: program.source,
          pos: stmt.kind === 'call' ? stmt.callPos : stmt.pos,
          message: `over the real-kernel safety budget: ${error.message}`,
          expected: 'a trace within the budget of `mmspec run --help` (smaller sizes, fewer forks)',
          width: stmt.kind === 'call' ? stmt.call.length : 'fork'.length,
        });
      }
    }
  };
  walk(program.body);
  return { ...ledger.footprint(), deferred };
}

/** The call with the arguments the ledger reads, or undefined when one is not a constant. */
function concrete(
  stmt: CallStmt,
  lookup: (name: string) => bigint | undefined,
): ConcreteCall | undefined {
  if (stmt.call === 'existing') {
    const arg = stmt.args[0];
    return { call: 'existing', args: [], name: arg?.kind === 'string' ? arg.value : '' };
  }
  const reads = READS[stmt.call] ?? [];
  const args: bigint[] = [];
  for (const [i, expr] of stmt.args.entries()) {
    if (!reads.includes(i)) {
      args.push(0n);
      continue;
    }
    try {
      args.push(evaluate(expr, lookup));
    } catch {
      return undefined; // a region name: known when the trace runs
    }
  }
  return { call: stmt.call, args };
}
