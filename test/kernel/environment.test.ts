// The environment's answers at a fault (src/kernel/environment.ts), one choice at a time, as
// each caller reports it: GUP's callers (MADV_POPULATE_*, mlock, mm_populate) and user accesses.

import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import { step } from '../../src/kernel/step.js';
import type { EnvFault } from '../../src/uapi/injection.js';
import type { CallResult } from '../../src/uapi/outcome.js';
import * as U from '../../src/uapi/constants.js';
import { A, P, Proc, errno, okv } from './kit.js';

const FILE_RW = BigInt(U.PROT_READ | U.PROT_WRITE);

/** Run `call` on `p` with the fault at page `page` of region A answering `fault`. */
function injected(
  p: Proc,
  fault: EnvFault,
  page: number,
  call: KernelCall['call'],
  ...args: bigint[]
): CallResult {
  const c = { call, args, inject: [{ fault, addr: A + BigInt(page) * P }] } as KernelCall;
  const next = step(p.model, p.state, c);
  p.state = next.state;
  p.last = next.result;
  return next.result;
}

const POPULATE_READ = BigInt(U.MADV_POPULATE_READ);
const POPULATE_WRITE = BigInt(U.MADV_POPULATE_WRITE);

/** A process with a fresh 4-page anonymous region at A. */
function fresh(): Proc {
  const p = new Proc();
  p.anon(A, 4);
  return p;
}

/** MADV_POPULATE_* of A's 4 pages meeting `fault` at `page`: its errno, then A's pages. */
function populate(p: Proc, fault: EnvFault, page: number, advice: bigint): [CallResult, string] {
  const r = injected(p, fault, page, 'madvise', A, 4n * P, advice);
  return [r, p.pages(A, 4)];
}

describe('VM_FAULT_OOM: an allocation fails at a page', () => {
  it('MADV_POPULATE_* returns ENOMEM and leaves the pages before it populated', () => {
    expect(populate(fresh(), 'VM_FAULT_OOM', 2, POPULATE_WRITE)).toEqual([errno('ENOMEM'), 'pp..']);
  });

  it('mlock returns EAGAIN (__mlock_posix_error_return), the VMA locked, the prefix mlocked', () => {
    const p = fresh();
    expect(injected(p, 'VM_FAULT_OOM', 1, 'mlock', A, 4n * P)).toEqual(errno('EAGAIN'));
    expect(p.pages(A, 4)).toBe('L...');
    expect(p.flags(A)).toContain('lo');
  });

  it('mmap(MAP_POPULATE) ignores it: success, population stops at the page', () => {
    const p = new Proc();
    const flags = BigInt(U.MAP_PRIVATE | U.MAP_ANONYMOUS | U.MAP_POPULATE);
    expect(injected(p, 'VM_FAULT_OOM', 3, 'mmap', A, 4n * P, FILE_RW, flags, -1n, 0n)).toEqual(
      okv(A),
    );
    expect(p.pages(A, 4)).toBe('ppp.');
  });

  it('an access is killed: SIGKILL', () => {
    const p = fresh();
    expect(injected(p, 'VM_FAULT_OOM', 0, 'write', A, 7n)).toEqual({
      kind: 'signal',
      signal: 'SIGKILL',
    });
    expect(p.pages(A, 1)).toBe('.');
  });

  it('a present page needs no fault: the environment is never asked', () => {
    const p = fresh();
    p.do('write', A, 7);
    expect(injected(p, 'VM_FAULT_OOM', 0, 'read', A)).toEqual(okv(7));
    expect(injected(p, 'VM_FAULT_OOM', 0, 'madvise', A, 4n * P, POPULATE_READ)).toEqual(okv(0));
  });
});

describe('VM_FAULT_SIGBUS: a page cannot be read in', () => {
  it('MADV_POPULATE_* returns EFAULT; mlock ENOMEM; an access SIGBUS', () => {
    const p = fresh();
    expect(injected(p, 'VM_FAULT_SIGBUS', 1, 'madvise', A, 4n * P, POPULATE_READ)).toEqual(
      errno('EFAULT'),
    );
    expect(p.pages(A, 4)).toBe('z...');
    expect(injected(p, 'VM_FAULT_SIGBUS', 3, 'mlock', A, 4n * P)).toEqual(errno('ENOMEM'));
    expect(p.pages(A, 4)).toBe('LLL.');
    expect(injected(p, 'VM_FAULT_SIGBUS', 3, 'read', A + 3n * P)).toEqual({
      kind: 'signal',
      signal: 'SIGBUS',
    });
  });

  it('mlockall(MCL_CURRENT) ignores it (mm_populate)', () => {
    const p = fresh();
    expect(injected(p, 'VM_FAULT_SIGBUS', 2, 'mlockall', BigInt(U.MCL_CURRENT))).toEqual(okv(0));
    expect(p.pages(A, 4)).toBe('LL..');
  });
});

describe('VM_FAULT_RETRY', () => {
  it('with progress: the retried fault succeeds, as if nothing happened', () => {
    const [p, q] = [fresh(), fresh()];
    expect(injected(p, 'VM_FAULT_RETRY', 2, 'mlock', A, 4n * P)).toEqual(okv(0));
    q.do('mlock', A, 4n * P);
    expect(p.pages(A, 4)).toBe(q.pages(A, 4));
    expect(injected(p, 'VM_FAULT_RETRY', 2, 'munlock', A, 4n * P)).toEqual(okv(0));
  });

  it('without progress: the call never returns (hang), for every caller', () => {
    const p = fresh();
    const hang = { kind: 'hang' };
    expect(injected(p, 'VM_FAULT_RETRY_FOREVER', 1, 'madvise', A, 4n * P, POPULATE_WRITE)).toEqual(
      hang,
    );
    expect(p.pages(A, 4)).toBe('p...');
    expect(injected(p, 'VM_FAULT_RETRY_FOREVER', 2, 'write', A + 2n * P)).toEqual(hang);
    // mm_populate ignores errors, not a call that never returns.
    expect(injected(p, 'VM_FAULT_RETRY_FOREVER', 3, 'mlockall', BigInt(U.MCL_CURRENT))).toEqual(
      hang,
    );
  });
});

describe('VM_FAULT_HWPOISON: a poisoned page', () => {
  it('MADV_POPULATE_* returns EHWPOISON (FOLL_HWPOISON), even where the page was present', () => {
    const p = fresh();
    p.do('write', A + P, 7);
    expect(populate(p, 'VM_FAULT_HWPOISON', 1, POPULATE_READ)).toEqual([
      errno('EHWPOISON'),
      'zp..',
    ]);
  });

  it('mlock has no FOLL_HWPOISON: EFAULT, reported as ENOMEM; an access gets SIGBUS', () => {
    const p = fresh();
    expect(injected(p, 'VM_FAULT_HWPOISON', 0, 'mlock', A, 4n * P)).toEqual(errno('ENOMEM'));
    p.do('write', A, 7);
    expect(injected(p, 'VM_FAULT_HWPOISON', 0, 'read', A)).toEqual({
      kind: 'signal',
      signal: 'SIGBUS',
    });
  });
});

describe('no injection', () => {
  it('a call without inject runs as before', () => {
    const [p, q] = [fresh(), fresh()];
    const c = { call: 'mlock', args: [A, 4n * P], inject: [] } as KernelCall;
    const r = step(p.model, p.state, c);
    q.do('mlock', A, 4n * P);
    expect(r.result).toEqual(q.last);
    expect(r.state).toEqual(q.state);
  });
});
