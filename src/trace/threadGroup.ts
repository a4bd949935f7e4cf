// A `thread` group between the runner and an engine: each thread's calls evaluated in block
// order (the NULL hints placed as the runner places them), the schedule's steps with their
// addresses, and the results bound to the names the calls bind once the threads are joined.

import type { ScheduleStepSyntax, ThreadsStmt } from './ast.js';
import type { Bindings } from './bindings.js';
import { evaluate } from './evaluate.js';
import type { ConcreteCall } from '../uapi/engine.js';
import type { Step } from '../uapi/outcome.js';
import type { ScheduleStep, ThreadGroup, ThreadGroupResults } from '../uapi/threadSchedule.js';

/** The group as an engine takes it: every argument evaluated with the names before it. */
export function concreteGroup(stmt: ThreadsStmt, names: Bindings): ThreadGroup {
  const schedule = stmt.schedule?.steps.map((s) => scheduleStep(stmt, s, names)) ?? null;
  const threads = stmt.threads.map((t) => t.body.map((c): ConcreteCall => names.concreteCall(c)));
  return { threads, schedule };
}

function scheduleStep(stmt: ThreadsStmt, s: ScheduleStepSyntax, names: Bindings): ScheduleStep {
  const thread = stmt.threads.findIndex((t) => t.name === s.thread);
  if (s.until === 'return') return { thread, until: 'return' };
  return { thread, until: 'fault', addr: evaluate(s.addr, names.lookup) };
}

/**
 * The steps the threads' calls made, in block order, and their names bound. A thread that
 * returned fewer results than it has calls (an engine that gave up) leaves the rest unrun.
 */
export function joinGroup(
  stmt: ThreadsStmt,
  group: ThreadGroup,
  results: ThreadGroupResults,
  names: Bindings,
): Step[] {
  const steps: Step[] = [];
  stmt.threads.forEach((t, i) => {
    t.body.forEach((c, j) => {
      const result = results[i]?.[j];
      const call = group.threads[i]?.[j];
      if (result === undefined || call === undefined) return;
      names.bindResult(c, call, result);
      steps.push({ line: c.pos.line, kind: 'call', result });
    });
  });
  return steps;
}
