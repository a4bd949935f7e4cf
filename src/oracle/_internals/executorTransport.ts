// How the driver reaches one executor: the pipes of a child process on this machine, or a serial
// port of a guest kernel under qemu (a socket). ExecutorProcess speaks the protocol over either.

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';

export interface ExecutorTransport {
  /** What the executor writes. */
  readonly output: Readable;
  /** What the executor reads. */
  readonly input: Writable;
  /** Called once when the executor can no longer be reached, with why. */
  onGone(listener: (why: string) => void): void;
  /** Whether it is already gone. */
  readonly gone: boolean;
  /** Ends it at once. */
  kill(): void;
  /** Ends it gracefully (the executor reads EOF), killing it after graceMs. */
  end(graceMs: number): Promise<void>;
  /** Whether a pending reply keeps Node alive. */
  setRef(on: boolean): void;
}

function refStreams(streams: readonly unknown[], on: boolean): void {
  for (const stream of streams) {
    if (!(stream instanceof Socket)) continue;
    if (on) stream.ref();
    else stream.unref();
  }
}

/** A child process: the host's executor, its stdin and stdout. */
export function childTransport(child: ChildProcessWithoutNullStreams): ExecutorTransport {
  child.stderr.resume(); // never let a full stderr pipe block it
  child.stdin.on('error', () => undefined); // a dead reader shows up as 'exit'
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    output: child.stdout,
    input: child.stdin,
    onGone(listener) {
      child.on('error', (e) => listener(`executor: ${e.message}`));
      child.on('exit', (code, signal) =>
        listener(`the executor exited (${signal ?? `status ${code ?? '?'}`})`),
      );
    },
    get gone() {
      return exited();
    },
    kill: () => child.kill('SIGKILL'),
    end(graceMs) {
      if (exited()) return Promise.resolve();
      return new Promise((resolve) => {
        child.ref();
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        timer.unref();
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin.end();
      });
    },
    setRef(on) {
      if (on) child.ref();
      else child.unref();
      refStreams([child.stdout, child.stdin, child.stderr], on);
    },
  };
}

/**
 * A connected socket: a guest's serial port. The guest's executor cannot be signalled from
 * here; ending the socket retires the port (the guest keeps its executor, unused).
 */
export function socketTransport(socket: Socket): ExecutorTransport {
  let gone = false;
  socket.on('error', () => undefined); // shows up as 'close'
  socket.once('close', () => (gone = true));
  return {
    output: socket,
    input: socket,
    onGone(listener) {
      socket.once('close', () => listener('the guest serial port closed'));
    },
    get gone() {
      return gone || socket.destroyed;
    },
    kill: () => socket.destroy(),
    end: () => {
      socket.destroy();
      return Promise.resolve();
    },
    setRef: (on) => refStreams([socket], on),
  };
}
