// One running executor (executor.c) and the transport to it (the pipes of a child process, or a
// guest's serial port): request/reply with a time limit, and the guarantee that no executor
// outlives this Node process. Its trace processes die with it (PR_SET_PDEATHSIG in every level),
// so killing the server ends everything below it.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { childTransport, type ExecutorTransport } from './executorTransport.js';
import { ProtocolError, describeWaitStatus, parseReply, type Reply } from './protocol.js';

/** The executor failed, died, timed out or said something unexpected: a tool error. */
export class ExecutorError extends Error {
  override name = 'ExecutorError';
}

const live = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

/** On exit, even an abrupt one, kill every executor still running (synchronous: no awaits). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

function unsolicited(line: string): string {
  try {
    const reply = parseReply(line);
    if (reply.kind === 'dead')
      return `a trace process ${describeWaitStatus(reply.status)} between requests`;
  } catch {
    // fall through: report the raw line
  }
  return `unexpected line '${line}'`;
}

interface Pending {
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class ExecutorProcess {
  private buffer = '';
  private pending: Pending | undefined;
  private failure: Error | undefined;
  private readonly hello: Promise<Reply>;

  private constructor(
    private readonly transport: ExecutorTransport,
    private readonly timeoutMs: number,
    leftover: string,
  ) {
    transport.output.setEncoding('utf8');
    transport.output.on('data', (chunk: string) => this.onData(chunk));
    transport.onGone((why) => this.fail(new ExecutorError(why)));
    this.hello = this.expect();
    if (leftover !== '') queueMicrotask(() => this.onData(leftover));
  }

  /** Starts an executor and waits for its greeting. */
  static async spawn(binary: string, args: readonly string[], timeoutMs: number) {
    installExitHook();
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(child);
    child.on('exit', () => live.delete(child));
    return ExecutorProcess.attach(childTransport(child), timeoutMs);
  }

  /**
   * Speaks to an executor already started at the other end of a transport (a guest's serial
   * port), whose greeting is still to come; `leftover` is what was read from it already.
   */
  static async attach(transport: ExecutorTransport, timeoutMs: number, leftover = '') {
    const executor = new ExecutorProcess(transport, timeoutMs, leftover);
    const hello = await executor.hello;
    if (hello.kind !== 'hello') throw new ProtocolError(JSON.stringify(hello));
    return { executor, hello };
  }

  get alive(): boolean {
    return this.failure === undefined;
  }

  /** Sends one request and resolves with its reply; rejects on death or timeout. */
  request(line: string): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new ExecutorError('executor: overlapping requests'));
    const reply = this.expect();
    this.transport.input.write(`${line}\n`);
    return reply;
  }

  /** Kills the executor and, through PR_SET_PDEATHSIG, every trace process under it. */
  kill(): void {
    this.fail(new ExecutorError('the executor was stopped'));
    this.transport.kill();
  }

  /**
   * Ends the executor by closing its stdin: the innermost process reads EOF and every level
   * exits and is reaped by its parent. SIGKILL instead would leave the killed trace processes
   * to init to reap (zombies where, as in some containers, PID 1 does not). Killed anyway
   * if it has not exited within graceMs.
   */
  close(graceMs = 1000): Promise<void> {
    this.fail(new ExecutorError('the executor was stopped'));
    return this.transport.end(graceMs);
  }

  private expect(): Promise<Reply> {
    this.setRef(true);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new ExecutorError(`the executor gave no reply within ${this.timeoutMs} ms`));
        this.transport.kill();
      }, this.timeoutMs);
      this.pending = { resolve, reject, timer };
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    const pending = this.pending;
    if (!pending) {
      // A line nobody asked for (a trace process died while idle): the request/reply pairing
      // can no longer be trusted, so this executor is done.
      this.fail(new ExecutorError(`the executor stopped: ${unsolicited(line)}`));
      void this.close();
      return;
    }
    this.pending = undefined;
    clearTimeout(pending.timer);
    this.setRef(false);
    try {
      pending.resolve(parseReply(line));
    } catch (e) {
      pending.reject(e instanceof Error ? e : new ExecutorError(String(e)));
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = undefined;
    this.setRef(false);
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(this.failure);
    }
  }

  /** An idle executor must not keep Node alive; one with a reply due must. */
  private setRef(on: boolean): void {
    this.transport.setRef(on);
  }
}
