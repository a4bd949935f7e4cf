// The simulator's one entry point: a pure step function. Every consumer (trace runner,
// explorer, statechart bridge, truth tables, model diff) goes through it.

import { userRead, userWrite } from './access.js';
import type { KernelCall } from './call.js';
import { openFile } from './files.js';
import { READ_AROUND_PAGES } from './pageCache.js';
import { forkEnter, forkExit } from './fork.js';
import { sysBrk } from './brk.js';
import { sysExecve } from './execve.js';
import { sysCapset } from './capset.js';
import { sysSetrlimit } from './setrlimit.js';
import { sysMadvise } from './madvise.js';
import { lruAddDrain } from './mlockBatch.js';
import { sysMlock, sysMlock2, sysMunlock } from './mlock.js';
import { sysMlockall, sysMunlockall } from './mlockall.js';
import type { KernelModel } from './model.js';
import { sysMmap } from './mmap.js';
import { sysMprotect } from './mprotect.js';
import { sysMremap } from './mremap.js';
import { sysMunmap } from './munmap.js';
import { type Result, err, ok } from './result.js';
import { vpnToAddr } from './addr.js';
import type { KernelState } from './state.js';
import { Tx } from './tx.js';
import { FaultEnvironment } from './environment.js';
import { notePageTables } from './pageTables.js';
import { settleFolios } from './hugePmd.js';
import { type Population, populationAt } from './populateSteps.js';

export interface StepResult {
  readonly state: KernelState;
  readonly result: Result;
}

function dispatch(tx: Tx, c: KernelCall): Result {
  if (tx.model.decisions.callsNotBuilt?.has(c.call) === true) return err('ENOSYS');
  // Argument i is a[i], 0 when the call gives fewer (a read past the end is undefined, which V8
  // answers without a property lookup): read in place, since a helper called for each of up to
  // six arguments of every step was a call of its own (0.4-0.6% of the default bound's profile
  // on its one line).
  const a = c.args;
  switch (c.call) {
    case 'mmap':
      return sysMmap(tx, a[0] ?? 0n, a[1] ?? 0n, a[2] ?? 0n, a[3] ?? 0n, a[4] ?? 0n, a[5] ?? 0n);
    case 'munmap':
      return sysMunmap(tx, a[0] ?? 0n, a[1] ?? 0n);
    case 'mprotect':
      return sysMprotect(tx, a[0] ?? 0n, a[1] ?? 0n, a[2] ?? 0n);
    case 'mremap':
      return sysMremap(tx, a[0] ?? 0n, a[1] ?? 0n, a[2] ?? 0n, a[3] ?? 0n, a[4] ?? 0n);
    case 'mlock':
      return sysMlock(tx, a[0] ?? 0n, a[1] ?? 0n);
    case 'mlock2':
      return sysMlock2(tx, a[0] ?? 0n, a[1] ?? 0n, a[2] ?? 0n);
    case 'munlock':
      return sysMunlock(tx, a[0] ?? 0n, a[1] ?? 0n);
    case 'mlockall':
      return sysMlockall(tx, a[0] ?? 0n);
    case 'munlockall':
      return sysMunlockall(tx);
    case 'madvise':
      return sysMadvise(tx, a[0] ?? 0n, a[1] ?? 0n, a[2] ?? 0n);
    case 'brk':
      return sysBrk(tx, a[0] ?? 0n);
    case 'execve':
      sysExecve(tx);
      return ok(0n);
    case 'setrlimit':
      return sysSetrlimit(tx, a[0] ?? 0n, a[1] ?? 0n);
    case 'capset':
      return sysCapset(tx, a[0] ?? 0n, a[1] ?? 0n);
    case 'read':
      return userRead(tx, a[0] ?? 0n);
    case 'write':
      return userWrite(tx, a[0] ?? 0n, a.length > 1 ? (a[1] ?? 0n) : 1n);
    case 'tmpfile':
      return openFile(tx, 'regular', a[0] ?? 0n, READ_AROUND_PAGES);
    case 'fusefile':
      return openFile(tx, 'regular', a[0] ?? 0n, 0);
    case 'memfd_secret':
      if (!tx.model.decisions.secretmemEnabled) return err('ENOSYS');
      return openFile(tx, 'secretmem', a[0] ?? 0n, 0);
    case 'existing': {
      const v = tx.mm.vmas.find((x) => x.name === ('name' in c ? c.name : undefined));
      return v === undefined ? err('ENOENT') : ok(vpnToAddr(v.start));
    }
    case 'fork':
      forkEnter(tx);
      return ok(0n);
    case 'exit':
      forkExit(tx);
      return ok(0n);
    case 'lru_add_drain':
      lruAddDrain(tx);
      return ok(0n);
  }
}

/** Run one call on a state; the state given is never modified. */
export function step(model: KernelModel, state: KernelState, call: KernelCall): StepResult {
  const tx = new Tx(model, state);
  tx.env = FaultEnvironment.of(call);
  const answered = dispatch(tx, call);
  // A fault retried without progress: the call never returns, whatever its caller made of it.
  const result: Result = tx.env.hung ? { kind: 'hang' } : answered;
  settleFolios(tx);
  notePageTables(tx);
  return { state: tx.commit(), result };
}

/** A call started on a thread: its result, or the population it still has to do. */
export interface StartedCall {
  readonly state: KernelState;
  /** null while the call is populating (`population`). */
  readonly result: Result | null;
  readonly population: Population | null;
}

/**
 * Run the write-locked part of a call on a thread of the process: a call that populates
 * after dropping mmap_lock stops there, and populateSteps.ts does the rest step by step.
 * Every other call runs as `step` runs it.
 */
export function startCall(model: KernelModel, state: KernelState, call: KernelCall): StartedCall {
  const tx = new Tx(model, state);
  tx.deferPopulation = true;
  tx.env = FaultEnvironment.of(call);
  const answered = dispatch(tx, call);
  const result: Result = tx.env.hung ? { kind: 'hang' } : answered;
  settleFolios(tx);
  notePageTables(tx);
  const d = tx.deferred;
  if (d === null) return { state: tx.commit(), result, population: null };
  // The environment's answers stay with the call through its population steps.
  const inject = 'inject' in call ? call.inject : undefined;
  const population = populationAt(d, d.start, answered, inject);
  return { state: tx.commit(), result: null, population };
}
