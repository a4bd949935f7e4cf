// ConcreteCall and ConcreteObservable values as executor request lines, and observation
// replies back as Observed values.

import { isPageFlag } from '../../uapi/pageFlags.js';
import { SYSCALL_NR } from '../../uapi/constants.js';
import {
  MAX_OBSERVED_PAGES,
  observedPages,
  type ConcreteCall,
  type ConcreteObservable,
} from '../../uapi/engine.js';
import type { Injection } from '../../uapi/injection.js';
import type { Observed } from '../../uapi/outcome.js';
import { request, type Reply } from './protocol.js';
import { okValue, replyError } from './replies.js';

const U64_MAX = (1n << 64n) - 1n;

function u64(call: string, value: bigint | undefined): bigint {
  const v = value ?? 0n;
  if (v < 0n || v > U64_MAX) {
    throw new RangeError(`kernelEngine: ${call} argument ${v} is not an unsigned 64-bit value`);
  }
  return v;
}

/** The request line for a call (arguments are passed exactly; missing ones are 0). */
export function callRequest(call: ConcreteCall): string {
  const arg = (i: number) => u64(call.call, call.args[i]);
  switch (call.call) {
    case 'read':
      return request('read', arg(0), 0n);
    case 'write':
      return request('write', arg(0), call.args.length > 1 ? arg(1) & 0xffn : 1n);
    case 'tmpfile':
    case 'fusefile':
    case 'memfd_secret':
      return request(call.call, arg(0));
    case 'existing': {
      const name = call.name ?? '';
      if (!/^\S+$/.test(name)) {
        throw new RangeError(
          `kernelEngine: existing needs a mapping name such as "[vvar]", got '${name}'`,
        );
      }
      return `existing ${name}`;
    }
    case 'execve':
      return 'execve';
    // Both take a pointer to a structure the executor builds (executor.c do_setrlimit,
    // do_capset): soft = hard = the limit; CAP_IPC_LOCK on or off in the effective set.
    case 'setrlimit':
      return request('setrlimit', arg(0), arg(1));
    case 'capset':
      return request('capset', arg(0), arg(1) === 0n ? 0n : 1n);
    default:
      return request('call', BigInt(SYSCALL_NR[call.call]), ...[0, 1, 2, 3, 4, 5].map(arg));
  }
}

/** `inject VM_FAULT_SIGBUS ADDR`: one environment answer for the next call. */
export function injectRequest(j: Injection): string {
  return `inject ${j.fault} ${u64('inject', j.addr).toString(16)}`;
}

export function observeRequest(what: ConcreteObservable): string {
  switch (what.kind) {
    case 'pages': {
      const pages = observedPages(what.addr, what.len);
      if (pages > MAX_OBSERVED_PAGES) {
        throw new RangeError(
          `kernelEngine: pages() over ${pages} pages; at most ${MAX_OBSERVED_PAGES}`,
        );
      }
      return request('pages', u64('pages', what.addr), u64('pages', what.len));
    }
    case 'vmflags':
    case 'vma':
    case 'page':
      return request(what.kind, u64(what.kind, what.addr));
    case 'vmas':
      return request('vmas', u64('vmas', what.addr), u64('vmas', what.len));
    case 'VmLck':
      return 'vmlck';
    case 'AnonHugePages':
      return 'anonhuge';
    case 'VmData':
      return 'vmdata';
    case 'Mlocked':
    case 'Unevictable':
      return 'counters';
    case 'def_flags':
      return 'def_flags';
  }
}

export function observed(what: ConcreteObservable, reply: Reply): Observed {
  const fail = () => replyError(what.kind, reply);
  switch (what.kind) {
    case 'pages':
      if (reply.kind !== 'pages') throw fail();
      return { kind: 'pages', letters: reply.letters };
    case 'vmflags':
      if (reply.kind === 'none') return { kind: 'vmflags', mnemonics: null };
      if (reply.kind !== 'flags') throw fail();
      return { kind: 'vmflags', mnemonics: reply.mnemonics };
    case 'vma': {
      if (reply.kind === 'none') return { kind: 'vma', extent: null };
      const [start, end] = reply.kind === 'ok' ? reply.values : [];
      if (start === undefined || end === undefined) throw fail();
      return { kind: 'vma', extent: { start, end } };
    }
    case 'vmas':
      return { kind: 'vmas', count: Number(okValue('vmas', reply)) };
    case 'page':
      if (reply.kind !== 'flags') throw fail();
      return { kind: 'page', flags: reply.mnemonics.filter(isPageFlag) };
    case 'VmLck':
      return { kind: 'VmLck', bytes: okValue('VmLck', reply) };
    case 'AnonHugePages':
      return { kind: 'AnonHugePages', bytes: okValue('AnonHugePages', reply) };
    case 'VmData':
      return { kind: 'VmData', bytes: okValue('VmData', reply) };
    case 'Mlocked':
    case 'Unevictable': {
      // `ok MLOCKED UNEVICTABLE`: both deltas in bytes, two's complement when negative.
      const [mlocked, unevictable] = reply.kind === 'ok' ? reply.values : [];
      const v = what.kind === 'Mlocked' ? mlocked : unevictable;
      if (v === undefined) throw fail();
      return { kind: what.kind, bytes: BigInt.asIntN(64, v) };
    }
    case 'def_flags':
      if (reply.kind !== 'flags') throw fail();
      return { kind: 'def_flags', mnemonics: reply.mnemonics };
  }
}
