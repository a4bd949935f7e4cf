// Runs a resolved Program on an Engine: starts a session with the directives' setup, makes
// each call with evaluated arguments, observes what checks read, and always closes the
// session. The Outcome records what happened; judging it is judge.ts's business.

import type { CallStmt, CheckStmt, Program, Stmt, ThreadsStmt } from './ast.js';
import { concreteGroup, joinGroup } from './threadGroup.js';
import { Bindings, type Constants, constantTable } from './bindings.js';
import type { ConcreteObservable, Engine, Session, Setup } from '../uapi/engine.js';
import { mapObservable } from '../uapi/engine.js';
import { MAX_OBSERVED_PAGES, UnavailableObservableError, observedPages } from '../uapi/engine.js';
import { evaluate } from './evaluate.js';
import type { Outcome, Step, Unsupported } from '../uapi/outcome.js';

export interface RunOptions {
  /** What names mean (resolveProgram's result); by default the uapi vocabulary alone. */
  readonly constants?: Constants;
  /** Pages of the rest of the process, for a model (--compare passes the kernel's count). */
  readonly restPages?: number;
  /**
   * Stops the run (SIGINT of `mmspec run`): the statement running, or the next, is recorded
   * as where the run stopped, with the signal's reason; what ran is kept.
   */
  readonly signal?: AbortSignal;
  /**
   * Stops before the statement at this line, as if interrupted there: the model side of an
   * interrupted `--compare` runs as far as the kernel side did.
   */
  readonly stopBefore?: { readonly line: number; readonly reason: string };
}

/** The run was stopped from outside (options.signal) before it reached its end. */
export class RunInterruptedError extends Error {
  constructor(reason: string, during: boolean) {
    super(
      `interrupted by ${reason} ${during ? 'while this statement ran' : 'before this statement'}`,
    );
    this.name = 'RunInterruptedError';
  }
}

/** The process setup the trace's directives ask for. */
export function setupOf(program: Program, constants: Constants, restPages?: number): Setup {
  const limit = program.directives.rlimitMemlock?.value;
  const rlimitMemlock =
    limit === undefined || limit === 'unlimited' ? null : evaluate(limit, (n) => constants.get(n));
  const capIpcLock = program.directives.capIpcLock?.on ?? true;
  const thp = program.directives.thp?.on === true ? { thp: true } : {};
  const data = program.directives.rlimitData?.value;
  const rlimitData =
    data === undefined || data === 'unlimited'
      ? {}
      : { rlimitData: evaluate(data, (n) => constants.get(n)) };
  const setup = { rlimitMemlock, capIpcLock, ...rlimitData, ...thp };
  return restPages === undefined ? setup : { ...setup, restPages };
}

interface Run {
  session: Session;
  /** Every session the run used: a branch of a group goes on in a session of its own. */
  readonly sessions: Session[];
  /** Which end of each explored group to follow (from `prefix`, then the first). */
  readonly prefix: readonly number[];
  readonly taken: number[];
  /** The choices of the runs still to make: each other end of a group met here. */
  readonly more: number[][];
  readonly steps: Step[];
  readonly unsupported: Unsupported[];
  /** The statement being run, so an engine failure is reported at its line. */
  line: number | undefined;
  readonly signal: AbortSignal | undefined;
  readonly stopBefore: RunOptions['stopBefore'];
}

/** The most runs of one trace over the ends of its groups of threads. */
export const MAX_INTERLEAVED_RUNS = 10_000;

/**
 * Runs the program to its end. An engine that throws (it cannot do something, or broke)
 * ends the run: the reason is recorded in `unsupported` at the statement's line, never lost.
 * A group of threads without a schedule on an engine that explores (a model) is run in every
 * interleaving: the program runs again from the start for each distinct end of each group
 * (the model is deterministic), and the Outcome lists each run's steps in `interleavings`.
 */
export async function runProgram(
  program: Program,
  engine: Engine,
  options: RunOptions = {},
): Promise<Outcome> {
  const first = await runOnce(program, engine, options, []);
  if (first.more === null) return first.outcome;
  const runs = [first.outcome];
  const queue = [...first.more];
  const unsupported = [...first.outcome.unsupported];
  for (let prefix = queue.shift(); prefix !== undefined; prefix = queue.shift()) {
    if (runs.length >= MAX_INTERLEAVED_RUNS) {
      unsupported.push({
        reason: `more than ${MAX_INTERLEAVED_RUNS} interleaved runs: give a schedule`,
      });
      break;
    }
    const next = await runOnce(program, engine, options, prefix);
    runs.push(next.outcome);
    queue.push(...(next.more ?? []));
    for (const u of next.outcome.unsupported) {
      if (!unsupported.some((x) => x.line === u.line && x.reason === u.reason)) unsupported.push(u);
    }
  }
  return { ...first.outcome, unsupported, interleavings: runs.map((r) => r.steps) };
}

/** One run, following `prefix` at the groups it explores; `more`: null if it explored none. */
async function runOnce(
  program: Program,
  engine: Engine,
  options: RunOptions,
  prefix: readonly number[],
): Promise<{ outcome: Outcome; more: number[][] | null }> {
  const constants = options.constants ?? constantTable();
  const unsupported: Unsupported[] = [];
  let session: Session;
  try {
    session = await engine.start(setupOf(program, constants, options.restPages));
  } catch (error) {
    const outcome = { engine: engine.name, steps: [], unsupported: [{ reason: reasonOf(error) }] };
    return { outcome, more: null };
  }
  const run: Run = {
    session,
    sessions: [session],
    prefix,
    taken: [],
    more: [],
    steps: [],
    unsupported,
    line: undefined,
    signal: options.signal,
    stopBefore: options.stopBefore,
  };
  try {
    await runBlock(run, program.body, Bindings.start(constants));
  } catch (error) {
    unsupported.push(
      run.line === undefined
        ? { reason: reasonOf(error) }
        : { line: run.line, reason: reasonOf(error) },
    );
  } finally {
    for (const s of run.sessions) {
      try {
        await s.close();
      } catch (error) {
        unsupported.push({ reason: `closing the session: ${reasonOf(error)}` });
      }
    }
  }
  const outcome = {
    engine: engine.name,
    steps: run.steps,
    unsupported,
    restPages: session.restPages,
  };
  return { outcome, more: run.taken.length > 0 ? run.more : null };
}

async function runBlock(run: Run, body: readonly Stmt[], names: Bindings): Promise<void> {
  for (const stmt of body) {
    run.line = stmt.pos.line;
    if (run.signal?.aborted === true)
      throw new RunInterruptedError(reasonOf(run.signal.reason), false);
    if (run.stopBefore?.line === stmt.pos.line) throw new Error(run.stopBefore.reason);
    if (stmt.kind === 'call') await runCall(run, stmt, names);
    else if (stmt.kind === 'check') await runCheck(run, stmt, names);
    else if (stmt.kind === 'threads') await runThreads(run, stmt, names);
    else {
      await interruptible(run, run.session.forkEnter());
      await runBlock(run, stmt.body, names.fork());
      run.line = stmt.pos.line;
      const exitStatus = await interruptible(run, run.session.forkExit());
      run.steps.push({ line: stmt.pos.line, kind: 'fork', exitStatus });
    }
  }
}

async function runCall(run: Run, stmt: CallStmt, names: Bindings): Promise<void> {
  const call = names.concreteCall(stmt);
  const result = await interruptible(run, run.session.call(call));
  names.bindResult(stmt, call, result);
  run.steps.push({ line: stmt.pos.line, kind: 'call', result });
}

/**
 * A group of threads: explored on an engine that can (each end one run of the program), run
 * by the engine's runThreads otherwise, Unsupported where the engine has neither.
 */
async function runThreads(run: Run, stmt: ThreadsStmt, names: Bindings): Promise<void> {
  const group = concreteGroup(stmt, names);
  const explore = run.session.exploreThreads?.bind(run.session);
  if (group.schedule === null && explore !== undefined) {
    const ends = await interruptible(run, explore(group));
    const k = run.taken.length;
    const pick = run.prefix[k] ?? 0;
    if (k >= run.prefix.length)
      for (let j = 1; j < ends.length; j++) run.more.push([...run.taken, j]);
    run.taken.push(pick);
    const end = ends[pick];
    if (end === undefined) throw new Error('the group ended differently when run again');
    run.session = end.session;
    run.sessions.push(end.session);
    run.steps.push(...joinGroup(stmt, group, end.results, names));
    return;
  }
  const threads = run.session.runThreads?.bind(run.session);
  if (threads === undefined) {
    throw new Error(
      'this engine cannot run threads (its session has no runThreads): the group is not run',
    );
  }
  const results = await interruptible(run, threads(group));
  run.steps.push(...joinGroup(stmt, group, results, names));
}

async function runCheck(run: Run, stmt: CheckStmt, names: Bindings): Promise<void> {
  try {
    const observed = await interruptible(run, run.session.observe(concreteObservable(stmt, names)));
    run.steps.push({ line: stmt.pos.line, kind: 'check', observed });
  } catch (error) {
    // Looking changes nothing, so a check this host cannot see is skipped and the run goes on.
    if (!(error instanceof UnavailableObservableError)) throw error;
    run.unsupported.push({ line: stmt.pos.line, reason: error.message });
  }
}

export function concreteObservable(stmt: CheckStmt, names: Bindings): ConcreteObservable {
  const o = mapObservable(stmt.observable, (e) => evaluate(e, names.lookup));
  if (o.kind === 'pages') {
    const pages = observedPages(o.addr, o.len);
    if (pages > MAX_OBSERVED_PAGES) {
      throw new RangeError(
        `pages() over ${pages} pages: one check reads at most ${MAX_OBSERVED_PAGES} pages (128 MiB)`,
      );
    }
  }
  return o;
}

/** The engine's answer, or RunInterruptedError as soon as the run's signal fires. */
function interruptible<T>(run: Run, pending: Promise<T>): Promise<T> {
  const signal = run.signal;
  if (signal === undefined) return pending;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RunInterruptedError(reasonOf(signal.reason), true));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
