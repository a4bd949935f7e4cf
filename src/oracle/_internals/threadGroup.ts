// A group of threads (Session.runThreads) as executor requests: each thread's calls, the
// schedule, the run, then each call's result (executorThreads.h says how the executor holds a
// thread at a page with userfaultfd, executorFuse.h how it holds one in the read of a
// `fusefile` page: a `until fault` step arms both, whichever the thread reaches first holds). The group's calls are charged to the session's safety
// budget before any of them runs, as a single thread's would be.

import type { ConcreteCall } from '../../uapi/engine.js';
import type { CallResult } from '../../uapi/outcome.js';
import {
  UnreachableScheduleError,
  type ThreadGroup,
  type ThreadGroupResults,
} from '../../uapi/threadSchedule.js';
import { ExecutorError } from './executorProcess.js';
import { request, type Reply } from './protocol.js';
import { callResult, replyError } from './replies.js';
import { callRequest } from './requests.js';
import type { SafetyBudget } from './safetyBudget.js';

/** The executor's bounds (executorThreads.h: GROUP_THREADS, GROUP_CALLS, GROUP_STEPS). */
export const GROUP_LIMITS = { threads: 4, calls: 32, steps: 64 } as const;

export type Send = (what: string, line: string) => Promise<Reply>;

/** `tcall T NR A0..A5`: only raw system calls run in a thread (no access, no file source). */
function threadCallRequest(thread: number, call: ConcreteCall): string {
  const line = callRequest(call);
  if (!line.startsWith('call ')) {
    throw new ExecutorError(
      `thread ${thread}: ${call.call} cannot run in a thread on the real kernel; only system ` +
        `calls do (make the mapping or file before the thread blocks)`,
    );
  }
  return `tcall ${thread.toString(16)} ${line.slice('call '.length)}`;
}

function checkBounds(group: ThreadGroup): void {
  const { threads, schedule } = group;
  const tooMany =
    threads.length > GROUP_LIMITS.threads
      ? `${threads.length} threads (at most ${GROUP_LIMITS.threads})`
      : threads.some((t) => t.length > GROUP_LIMITS.calls)
        ? `more than ${GROUP_LIMITS.calls} calls in a thread`
        : (schedule?.length ?? 0) > GROUP_LIMITS.steps
          ? `more than ${GROUP_LIMITS.steps} schedule steps`
          : undefined;
  if (tooMany !== undefined) throw new ExecutorError(`runThreads: ${tooMany}`);
  for (const step of schedule ?? []) {
    if (step.thread < 0 || step.thread >= threads.length) {
      throw new ExecutorError(`runThreads: a schedule step names thread ${step.thread}`);
    }
  }
}

async function expectOk(send: Send, what: string, line: string): Promise<void> {
  const reply = await send(what, line);
  if (reply.kind !== 'ok') throw replyError(what, reply);
}

/** Runs the group on the executor; rejects with UnreachableScheduleError as the contract says. */
export async function runThreadGroup(
  send: Send,
  budget: SafetyBudget,
  group: ThreadGroup,
  stepTimeoutMs: number,
): Promise<ThreadGroupResults> {
  checkBounds(group);
  const lines = group.threads.map((calls, t) => calls.map((c) => threadCallRequest(t, c)));
  for (const calls of group.threads) for (const c of calls) budget.charge(c);
  await expectOk(send, 'threads', 'tnew');
  for (const line of lines.flat()) await expectOk(send, 'thread call', line);
  for (const step of group.schedule ?? []) {
    const line =
      step.until === 'fault'
        ? request('tstep', BigInt(step.thread), 1n, step.addr)
        : request('tstep', BigInt(step.thread), 0n, 0n);
    await expectOk(send, 'schedule step', line);
  }
  const scheduled = group.schedule === null ? 0n : 1n;
  const run = await send('threads', request('trun', scheduled, BigInt(stepTimeoutMs)));
  const results: CallResult[][] = [];
  for (const [t, calls] of group.threads.entries()) {
    const out: CallResult[] = [];
    for (const [i, c] of calls.entries()) {
      const reply = await send('thread result', request('tresult', BigInt(t), BigInt(i)));
      if (reply.kind === 'none') continue;
      const result = callResult(c.call, reply);
      budget.settle(c, result);
      out.push(result);
    }
    results.push(out);
  }
  if (run.kind === 'unreachable') {
    if (group.schedule === null) {
      throw new ExecutorError(`threads: ${run.reason} (within ${stepTimeoutMs} ms)`);
    }
    throw new UnreachableScheduleError(run.step, run.reason);
  }
  if (run.kind !== 'ok') throw replyError('threads', run);
  return results;
}
