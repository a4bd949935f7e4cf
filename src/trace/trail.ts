// Replays an Outcome over its Program: each statement with the step the engine recorded for it
// and the names as they stood when it ran. An Outcome holds results only; the addresses names
// were bound to are rebuilt here with the runner's own rules (bindings.ts), so the judge, the
// report and the comparison all read the same names, on any engine's Outcome.

import type { Program, Stmt } from './ast.js';
import { Bindings, type Constants, constantTable } from './bindings.js';
import type { ConcreteCall } from '../uapi/engine.js';
import type { Outcome, Step } from '../uapi/outcome.js';

export interface TrailEntry {
  readonly stmt: Stmt;
  /** What the engine recorded; undefined when the run ended before this statement. */
  readonly step: Step | undefined;
  /** Names before the statement ran: what its expressions read. */
  readonly before: Bindings;
  /** Names after it: a binding call has bound its name. */
  readonly after: Bindings;
  /** The call as the engine received it (NULL hint placed), for calls that ran. */
  readonly call?: ConcreteCall;
  /** A fork's statements, run in the child; a group's threads' calls, thread by thread. */
  readonly body: readonly TrailEntry[];
}

export function trail(
  program: Program,
  outcome: Outcome,
  constants: Constants = constantTable(),
): TrailEntry[] {
  const steps = new Map<number, Step>();
  for (const step of outcome.steps) steps.set(step.line, step);
  const state = { stopped: false };
  return walk(program.body, Bindings.start(constants), steps, state);
}

function walk(
  body: readonly Stmt[],
  names: Bindings,
  steps: ReadonlyMap<number, Step>,
  state: { stopped: boolean },
): TrailEntry[] {
  const entries: TrailEntry[] = [];
  for (const stmt of body) {
    const before = names.fork();
    if (stmt.kind === 'fork') {
      const inner = walk(stmt.body, names.fork(), steps, state);
      entries.push({ stmt, step: steps.get(stmt.pos.line), before, after: before, body: inner });
      continue;
    }
    if (stmt.kind === 'threads') {
      // Names bound in one thread are not read by another (resolve.ts), so in turn is right.
      const inner = walk(
        stmt.threads.flatMap((t) => t.body),
        names,
        steps,
        state,
      );
      entries.push({ stmt, step: undefined, before, after: names.fork(), body: inner });
      continue;
    }
    const step = state.stopped ? undefined : steps.get(stmt.pos.line);
    if (step === undefined && stmt.kind === 'check') {
      // A check the engine could not see changes no names: the run went on after it.
      entries.push({ stmt, step, before, after: before, body: [] });
      continue;
    }
    if (step === undefined) {
      // The run ended here (an engine could not go on): later names cannot be rebuilt.
      state.stopped = true;
      entries.push({ stmt, step, before, after: before, body: [] });
      continue;
    }
    if (stmt.kind === 'call' && step.kind === 'call') {
      const call = names.concreteCall(stmt);
      names.bindResult(stmt, call, step.result);
      entries.push({ stmt, step, before, after: names.fork(), call, body: [] });
    } else {
      entries.push({ stmt, step, before, after: before, body: [] });
    }
  }
  return entries;
}
