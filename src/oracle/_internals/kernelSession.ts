// One trace on the real kernel: a process forked by the executor, driven call by call. Fork
// blocks nest (depth counts them); any death of a trace process breaks the session, and a
// broken session's executor is killed on close rather than reused.

import {
  UnavailableObservableError,
  type ConcreteCall,
  type ConcreteObservable,
  type Session,
} from '../../uapi/engine.js';
import type { CallResult, Observed } from '../../uapi/outcome.js';
import type { ThreadGroup, ThreadGroupResults } from '../../uapi/threadSchedule.js';
import { ExecutorError, type ExecutorProcess } from './executorProcess.js';
import type { Reply } from './protocol.js';
import { callResult, errnoName, okValue, replyError } from './replies.js';
import { callRequest, injectRequest, observed, observeRequest } from './requests.js';
import type { Injection } from '../../uapi/injection.js';
import { SafetyBudget } from './safetyBudget.js';
import { runThreadGroup } from './threadGroup.js';

const ENOENT = 2;
const EOPNOTSUPP = 95;

/** Observables this host cannot show, each with the reason. */
export type Unavailability = ReadonlyMap<ConcreteObservable['kind'], string>;

export interface SessionInit {
  readonly executor: ExecutorProcess;
  /** Gives the executor back: healthy ones are reused, others killed. */
  readonly release: (executor: ExecutorProcess, healthy: boolean) => void;
  readonly restPages: number;
  readonly rlimitMemlock: bigint | null;
  readonly unavailable: Unavailability;
  /** How long a schedule step may wait for its thread (held at its page, or its call's end). */
  readonly threadStepTimeoutMs: number;
}

export class KernelSession implements Session {
  readonly restPages: number;
  /** RLIMIT_MEMLOCK as actually set (see executor.c:set_memlock_limit); null = infinity. */
  readonly rlimitMemlock: bigint | null;
  private depth = 0;
  private broken: Error | undefined;
  private closed = false;
  /** A request is out (the run was interrupted while the kernel worked on it). */
  private inFlight = false;
  private readonly budget = new SafetyBudget();

  constructor(private readonly init: SessionInit) {
    this.restPages = init.restPages;
    this.rlimitMemlock = init.rlimitMemlock;
  }

  async call(call: ConcreteCall): Promise<CallResult> {
    const line = callRequest(call);
    for (const j of call.inject ?? []) await this.inject(j);
    this.budget.charge(call);
    const reply = await this.send(call.call, line);
    // NOTE: existing() of a mapping the process lacks is reported as ENOENT, as a lookup would.
    if (call.call === 'existing' && reply.kind === 'none')
      return { kind: 'errno', errno: 'ENOENT' };
    // A store's result is 0, a load's the byte read.
    const result = callResult(call.call, reply);
    this.budget.settle(call, result);
    return result;
  }

  /**
   * Arms one environment answer for the next call (executor.c:do_inject): a userfaultfd with
   * UFFD_FEATURE_SIGBUS for VM_FAULT_SIGBUS, MADV_HWPOISON for VM_FAULT_HWPOISON. A failure
   * this kernel cannot be made to show is an error of the run, with the reason.
   */
  private async inject(j: Injection): Promise<void> {
    const reply = await this.send('inject', injectRequest(j));
    if (reply.kind === 'ok') return;
    const why = reply.kind === 'err' ? `errno ${reply.errno}` : reply.kind;
    throw new ExecutorError(
      `inject ${j.fault}: this kernel cannot be made to show it (${why}; spec/limitations.md)`,
    );
  }

  /**
   * `thp on` (executor.c:do_thp): MADV_HUGEPAGE regions may fault in transparent hugepages.
   * Returns null, or why this kernel cannot (no CONFIG_TRANSPARENT_HUGEPAGE, mode `never`).
   */
  async enableThp(): Promise<string | null> {
    const reply = await this.send('thp', 'thp 1');
    if (reply.kind === 'ok') return null;
    if (reply.kind !== 'err') throw replyError('thp', reply);
    if (reply.errno === ENOENT)
      return 'thp on: this kernel has no transparent hugepages (no /sys/kernel/mm/transparent_hugepage)';
    if (reply.errno === EOPNOTSUPP)
      return 'thp on: transparent hugepages are [never] on this kernel (boot it with transparent_hugepage=madvise)';
    return `thp on: PR_SET_THP_DISABLE could not be cleared (errno ${reply.errno})`;
  }

  async observe(what: ConcreteObservable): Promise<Observed> {
    const reason = this.init.unavailable.get(what.kind);
    if (reason !== undefined) throw new UnavailableObservableError(what.kind, reason);
    return observed(what, await this.send(what.kind, observeRequest(what)));
  }

  /** The group's threads are real threads of the trace process (executorThreads.h). */
  runThreads(group: ThreadGroup): Promise<ThreadGroupResults> {
    return runThreadGroup(
      (what, line) => this.send(what, line),
      this.budget,
      group,
      this.init.threadStepTimeoutMs,
    );
  }

  async forkEnter(): Promise<void> {
    this.budget.fork();
    const reply = await this.send('fork', 'fork');
    if (reply.kind !== 'ok') this.budget.exit(); // no child runs
    if (reply.kind === 'err') {
      throw new ExecutorError(`fork: the kernel refused with ${errnoName('fork', reply.errno)}`);
    }
    if (reply.kind !== 'ok') throw replyError('fork', reply);
    this.depth++;
  }

  async forkExit(): Promise<number> {
    if (this.depth === 0) throw new ExecutorError('forkExit: no fork block is open');
    const reply = await this.send('fork exit', 'exit');
    this.depth--;
    this.budget.exit();
    return Number(okValue('fork exit', reply));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { executor, release } = this.init;
    // An unanswered request: the executor cannot take `end`; closing its stdin ends it.
    if (this.broken || !executor.alive || this.inFlight) {
      release(executor, false);
      return;
    }
    try {
      const reply = await executor.request('end');
      release(executor, reply.kind === 'ok');
    } catch (error) {
      release(executor, false);
      throw error;
    }
  }

  /** One request; a death or a transport failure breaks the session for good. */
  private async send(what: string, line: string): Promise<Reply> {
    if (this.closed) throw new ExecutorError(`${what}: the session is closed`);
    if (this.broken) throw this.broken;
    let reply: Reply;
    this.inFlight = true;
    try {
      reply = await this.init.executor.request(line);
    } catch (error) {
      this.broken = error instanceof Error ? error : new ExecutorError(String(error));
      throw this.broken;
    } finally {
      this.inFlight = false;
    }
    if (reply.kind === 'dead') {
      this.broken = replyError(what, reply);
      throw this.broken;
    }
    return reply;
  }
}
