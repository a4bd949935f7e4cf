// One running executor (executor.c) and the pipes to it: request/reply with a time limit, and
// the guarantee that no executor outlives this Node process. Its trace processes die with it
// (PR_SET_PDEATHSIG in every level), so killing the server ends everything below it.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Socket } from 'node:net';
import { ProtocolError, describeWaitStatus, parseReply, type Reply } from './protocol.js';

/** The executor failed, died, timed out or said something unexpected: a tool error. */
export class ExecutorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutorError';
  }
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
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly timeoutMs: number,
  ) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.resume(); // never let a full stderr pipe block it
    child.on('error', (e) => this.fail(new ExecutorError(`executor: ${e.message}`)));
    child.on('exit', (code, signal) =>
      this.fail(new ExecutorError(`the executor exited (${signal ?? `status ${code ?? '?'}`})`)),
    );
    child.stdin.on('error', () => undefined); // a dead reader shows up as 'exit' above
    this.hello = this.expect();
  }

  /** Starts an executor and waits for its greeting. */
  static async spawn(binary: string, args: readonly string[], timeoutMs: number) {
    installExitHook();
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(child);
    child.on('exit', () => live.delete(child));
    const executor = new ExecutorProcess(child, timeoutMs);
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
    this.child.stdin.write(`${line}\n`);
    return reply;
  }

  /** Kills the executor and, through PR_SET_PDEATHSIG, every trace process under it. */
  kill(): void {
    this.fail(new ExecutorError('the executor was stopped'));
    this.child.kill('SIGKILL');
  }

  /**
   * Ends the executor by closing its stdin: the innermost process reads EOF and every level
   * exits and is reaped by its parent. SIGKILL instead would leave the killed trace processes
   * to init to reap (zombies where, as in some containers, PID 1 does not). Killed anyway
   * if it has not exited within graceMs.
   */
  close(graceMs = 1000): Promise<void> {
    this.fail(new ExecutorError('the executor was stopped'));
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      // Waiting for the exit must keep Node alive: an idle executor was unref'd.
      this.setRef(true);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      timer.unref();
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin.end();
    });
  }

  private expect(): Promise<Reply> {
    this.setRef(true);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new ExecutorError(`the executor gave no reply within ${this.timeoutMs} ms`));
        this.child.kill('SIGKILL');
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
    if (on) this.child.ref();
    else this.child.unref();
    for (const stream of [this.child.stdout, this.child.stdin, this.child.stderr]) {
      if (!(stream instanceof Socket)) continue;
      if (on) stream.ref();
      else stream.unref();
    }
  }
}
