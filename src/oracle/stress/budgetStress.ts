// The safety budget under attack: random traces aimed at it (randomBudgetTrace.ts) run on this
// machine's kernel one after another, each through the same path as `mmspec run --kernel`
// (fork limits on load, the budget over the text, the budget at each call, the cgroup); after
// each, no process may be left under the executors and Mlocked must come back to where it was.

import { parse } from '../../trace/parser.js';
import { resolveProgram } from '../../trace/resolve.js';
import { TraceError } from '../../trace/diagnostic.js';
import { staticFootprint } from '../../trace/budget/staticFootprint.js';
import { runProgram } from '../../trace/runner.js';
import { kernelEngine } from '../kernelEngine.js';
import { leftoverProcesses, mlockedKb } from './hostResidue.js';
import { budgetTraceText, budgetTraceValues } from './randomBudgetTrace.js';

export interface StressOptions {
  readonly count: number;
  readonly seed: number;
  /** Called after each trace with the figures so far. */
  readonly progress?: (figures: StressFigures) => void;
  readonly signal?: AbortSignal;
  /** How long Mlocked may take to come back after a trace (other processes move it too). */
  readonly settleMs?: number;
}

export interface StressFigures {
  traces: number;
  /** Refused when loaded (fork limits) or by the budget over the text. */
  refusedOnLoad: number;
  /** Refused by the budget at a call whose size was known only at run time. */
  refusedAtRun: number;
  /** A trace process was killed (SIGKILL: the cgroup's memory limit). */
  killed: number;
  ranToEnd: number;
  /** Other reasons a run stopped (a pages() range, a fork the kernel refused ...). */
  stoppedOtherwise: number;
  /** Traces after which a process was left. */
  leftProcesses: number;
  /** Traces after which Mlocked stayed above its baseline after settleMs, by any amount. */
  mlockedAbove: number;
  /** ... by more than LEAK_KB still CONFIRM_MS later: locked memory left behind. */
  mlockedLeaks: number;
  /** The largest excess of Mlocked over its baseline seen after a trace, in kB. */
  worstMlockedExcessKb: number;
  problems: string[];
  cgroup: 'v1' | 'v2' | null;
  seconds: number;
}

/**
 * More than this above the baseline is a leak. Less is the lag of munlocks still queued in a
 * per-CPU batch somewhere (or another process of the machine): measured up to ~100 kB after
 * some traces, always gone by the end of the run (see the README's figures).
 */
export const LEAK_KB = 1024;
/** How long an excess over LEAK_KB may take to go before it counts as a leak. */
const CONFIRM_MS = 3000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mlocked back at or under `baseline` within settleMs; else the excess in kB. */
async function mlockedExcess(baseline: number, settleMs: number): Promise<number> {
  const until = Date.now() + settleMs;
  for (;;) {
    const excess = (await mlockedKb()) - baseline;
    if (excess <= 0 || Date.now() >= until) return Math.max(0, excess);
    await sleep(10);
  }
}

export async function budgetStress(options: StressOptions): Promise<StressFigures> {
  const started = Date.now();
  const engine = kernelEngine({ traceTimeoutSeconds: 20 });
  const figures: StressFigures = {
    traces: 0,
    refusedOnLoad: 0,
    refusedAtRun: 0,
    killed: 0,
    ranToEnd: 0,
    stoppedOtherwise: 0,
    leftProcesses: 0,
    mlockedAbove: 0,
    mlockedLeaks: 0,
    worstMlockedExcessKb: 0,
    problems: [],
    cgroup: await engine.containment(),
    seconds: 0,
  };
  try {
    for (const values of budgetTraceValues(options.seed, options.count)) {
      if (options.signal?.aborted === true) break;
      const text = budgetTraceText(values);
      const baseline = await mlockedKb();
      await runOne(text, figures, engine);
      const first = await mlockedExcess(baseline, options.settleMs ?? 200);
      // Over LEAK_KB: wait longer before calling it a leak; other processes of this shared
      // machine lock and unlock megabytes now and then, and theirs come and go.
      const excess = first > LEAK_KB ? await mlockedExcess(baseline, CONFIRM_MS) : first;
      const left = leftoverProcesses();
      if (first > 0) figures.mlockedAbove++;
      if (excess > LEAK_KB) figures.mlockedLeaks++;
      figures.worstMlockedExcessKb = Math.max(figures.worstMlockedExcessKb, first);
      if (left.length > 0) figures.leftProcesses++;
      if (excess > LEAK_KB || left.length > 0) {
        const leak = excess > LEAK_KB ? [`Mlocked ${excess} kB above baseline`] : [];
        const why = [...left, ...leak];
        figures.problems.push(`trace ${figures.traces}: ${why.join('; ')}\n${text}`);
      }
      figures.traces++;
      figures.seconds = (Date.now() - started) / 1000;
      options.progress?.(figures);
    }
  } finally {
    await engine.close();
  }
  figures.seconds = (Date.now() - started) / 1000;
  return figures;
}

async function runOne(
  text: string,
  figures: StressFigures,
  engine: ReturnType<typeof kernelEngine>,
): Promise<void> {
  let program;
  let constants;
  try {
    program = parse(text, '<stress>');
    constants = resolveProgram(program);
    staticFootprint(program, constants);
  } catch (error) {
    if (!(error instanceof TraceError)) throw error;
    figures.refusedOnLoad++;
    return;
  }
  const outcome = await runProgram(program, engine, { constants });
  const stop = outcome.unsupported.at(-1)?.reason;
  if (stop === undefined) figures.ranToEnd++;
  else if (stop.startsWith('refusing to run on the real kernel')) figures.refusedAtRun++;
  else if (/signal 9|SIGKILL/.test(stop)) figures.killed++;
  else figures.stoppedOtherwise++;
}
