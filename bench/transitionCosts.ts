// Where a transition's CPU goes, by kind (issue 15): the making of each transition (the step)
// and its judging, for the transitions that change the state and those that do not, by call and
// result (bench/_internals/costsByKind.ts). What a memo of the step could save is bounded by
// the cost of the kinds it would skip: the unchanged transitions need no successor rebuilt, the
// others do.
//
// Figures (linux-6.18, stop 39, one thread, the machine otherwise idle; the two timer reads a
// transition are in the step's figure): the default bound (34,517 states expanded, 1,875,246
// transitions): 39.4% of the transitions change nothing and take 15.8% of the time (0.53 us
// step, 0.84 us judging each); the others 2.07 us step and 2.69 us judging; mmap's successful
// calls that change the state take 18.2% alone (spec/reduction.md, "Stop 39").

import { parseArgs } from 'node:util';
import type { BenchOutcome, Benchmark } from './benchmark.js';
import { resolveBound } from '../src/check/resolveBound.js';
import { kernelSystem } from '../src/check/kernelSystem.js';
import { getModel } from '../models/registry.js';
import { expandedKeys } from './_internals/expandedKeys.js';
import { type KindCost, costsByKind } from './_internals/costsByKind.js';

const ROWS = 20;

export const transitionCostsBenchmark: Benchmark = {
  name: 'transition-costs',
  description:
    'CPU of making and of judging a transition, by whether it changes the state, call and result (issue 15)',
  usage: '[regions=3,pages=4,depth=5,...] [--model NAME] [--passes N]',
  slow: true,
  async run(args, signal): Promise<BenchOutcome> {
    const { positionals, values } = parseArgs({
      args: [...args],
      options: { model: { type: 'string' }, passes: { type: 'string', default: '2' } },
      allowPositionals: true,
    });
    const bound = resolveBound(positionals[0]);
    const system = kernelSystem(getModel(values.model ?? 'linux-6.18'), bound);
    const keys = await expandedKeys(system, bound.depth, signal);
    const kinds = costsByKind(system, keys, Math.max(1, Number(values.passes)), signal);
    const sum = (ks: readonly KindCost[], f: (k: KindCost) => number) =>
      ks.reduce((acc, k) => acc + f(k), 0);
    const unchanged = kinds.filter((k) => k.kind.startsWith('unchanged'));
    const changes = kinds.filter((k) => !k.kind.startsWith('unchanged'));
    const total = sum(kinds, (k) => k.stepNs + k.judgeNs);
    const transitions = sum(kinds, (k) => k.transitions);
    const per = (ks: readonly KindCost[], f: (k: KindCost) => number) =>
      sum(ks, f) /
      Math.max(
        1,
        sum(ks, (k) => k.transitions),
      );
    const figures = {
      expanded: keys.length,
      transitions,
      unchanged: sum(unchanged, (k) => k.transitions),
      unchangedCostShare: sum(unchanged, (k) => k.stepNs + k.judgeNs) / Math.max(1, total),
      unchangedStepNs: per(unchanged, (k) => k.stepNs),
      unchangedJudgeNs: per(unchanged, (k) => k.judgeNs),
      changesStepNs: per(changes, (k) => k.stepNs),
      changesJudgeNs: per(changes, (k) => k.judgeNs),
    };
    const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
    const us = (ns: number): string => (ns / 1000).toFixed(2);
    const rows = kinds
      .slice(0, ROWS)
      .map(
        (k) =>
          `  ${k.kind.padEnd(30)} ${String(k.transitions).padStart(9)}  step ${us(k.stepNs / k.transitions)} us` +
          `  judging ${us(k.judgeNs / k.transitions)} us (${(k.asked / k.transitions).toFixed(1)} asked)` +
          `  ${pct((k.stepNs + k.judgeNs) / Math.max(1, total))}`,
      );
    const text =
      `transition-costs ${system.name} depth ${bound.depth}: ${keys.length} states expanded, ${transitions} transitions; ` +
      `${figures.unchanged} change nothing (${pct(figures.unchanged / Math.max(1, transitions))}), ` +
      `${pct(figures.unchangedCostShare)} of the time (step ${us(figures.unchangedStepNs)} us, judging ${us(figures.unchangedJudgeNs)} us); ` +
      `the others step ${us(figures.changesStepNs)} us, judging ${us(figures.changesJudgeNs)} us\n` +
      rows.join('\n');
    return { figures, text };
  },
};
