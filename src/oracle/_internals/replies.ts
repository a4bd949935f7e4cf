// Executor replies turned into the engine's values (CallResult, Observed), or into errors
// that say what went wrong on the executor's side.

import { ERRNO, type Errno, type Signal } from '../../uapi/errno.js';
import type { CallResult } from '../../uapi/outcome.js';
import { describeWaitStatus, type Reply } from './protocol.js';
import { ExecutorError } from './executorProcess.js';

const ERRNO_BY_NUMBER = new Map<number, Errno>(
  Object.entries(ERRNO).map(([name, n]) => [n, name as Errno]),
);
const SIGNAL_BY_NUMBER = new Map<number, Signal>([
  [7, 'SIGBUS'],
  [11, 'SIGSEGV'],
]);

/** The error for a reply that is not what `what` expects (fail, dead, or a wrong shape). */
export function replyError(what: string, reply: Reply): ExecutorError {
  switch (reply.kind) {
    case 'fail':
      return new ExecutorError(
        `${what}: the executor could not ${reply.what} (errno ${reply.errno})`,
      );
    case 'dead':
      return new ExecutorError(`${what}: the trace process ${describeWaitStatus(reply.status)}`);
    default:
      return new ExecutorError(
        `${what}: unexpected executor reply ${JSON.stringify(reply, bigintJson)}`,
      );
  }
}

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function errnoName(what: string, n: number): Errno {
  const name = ERRNO_BY_NUMBER.get(n);
  // NOTE: an errno src/uapi/errno.ts does not list is reported, never mapped to another.
  if (name === undefined)
    throw new ExecutorError(
      `${what}: the kernel returned errno ${n}, unknown to src/uapi/errno.ts`,
    );
  return name;
}

/** The first value of an `ok` reply. */
export function okValue(what: string, reply: Reply): bigint {
  const value = reply.kind === 'ok' ? reply.values[0] : undefined;
  if (value === undefined) throw replyError(what, reply);
  return value;
}

/** A call's reply as a CallResult. */
export function callResult(what: string, reply: Reply): CallResult {
  switch (reply.kind) {
    case 'ok':
      return { kind: 'value', value: okValue(what, reply) };
    case 'err':
      return { kind: 'errno', errno: errnoName(what, reply.errno) };
    case 'sig': {
      const signal = SIGNAL_BY_NUMBER.get(reply.signo);
      if (signal === undefined) throw replyError(what, reply);
      return { kind: 'signal', signal };
    }
    default:
      throw replyError(what, reply);
  }
}
