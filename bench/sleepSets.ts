// Would sleep sets over independent regions pay (issue 15 names "partial order reduction on
// independent regions")? Audits the independence of bench/_internals/regionIndependence.ts on
// the first levels of a bound, then explores the bound twice with a search of its own
// (bench/_internals/sleepSetSearch.ts), without and with sleep sets, and reports the states
// (which must agree) and the transitions the sleep sets would spare.
//
// Figures (linux-6.18, stop 38, one thread): the default bound (depth 5) reaches its 385,736
// states either way and sleeps 3,990 of 1,875,246 transitions (0.21%); at depth 6, 66,470 of
// 22,925,138 (0.29%), the same 4,537,849 states (spec/reduction.md). The audit relates 340,985
// pairs from the states to depth 3 and 4,622,057 to depth 4, all commuting and judged alike;
// with the mlock batch condition alone left out, 5,638 of 372,764 to depth 3 do not commute.

import { parseArgs } from 'node:util';
import type { BenchOutcome, Benchmark } from './benchmark.js';
import { resolveBound } from '../src/check/resolveBound.js';
import { kernelSystem } from '../src/check/kernelSystem.js';
import { getModel } from '../models/registry.js';
import { auditIndependence } from './_internals/auditIndependence.js';
import { regionIndependence } from './_internals/regionIndependence.js';
import { sleepSetSearch } from './_internals/sleepSetSearch.js';

export const sleepSetsBenchmark: Benchmark = {
  name: 'sleep-sets',
  description:
    'transitions sleep sets over independent regions would spare on a bound, the independence audited (issue 15)',
  usage: '[regions=3,pages=4,depth=5,...] [--model NAME] [--audit-depth N]',
  slow: true,
  async run(args, signal): Promise<BenchOutcome> {
    const { positionals, values } = parseArgs({
      args: [...args],
      options: { model: { type: 'string' }, 'audit-depth': { type: 'string' } },
      allowPositionals: true,
    });
    const bound = resolveBound(positionals[0]);
    const system = kernelSystem(getModel(values.model ?? 'linux-6.18'), bound);
    const relation = regionIndependence(system);
    const auditDepth = Math.min(Number(values['audit-depth'] ?? 2), bound.depth - 1);
    const audit = auditIndependence(system, relation, auditDepth);
    await Promise.resolve();
    const plain = sleepSetSearch(system, bound.depth, null, signal);
    const sleeping = sleepSetSearch(system, bound.depth, relation, signal);
    const all = sleeping.transitions + sleeping.slept;
    const figures = {
      states: plain.states,
      statesWithSleepSets: sleeping.states,
      transitions: plain.transitions,
      transitionsTaken: sleeping.transitions,
      transitionsAsleep: sleeping.slept,
      auditedPairs: audit.pairs,
      auditNotCommuting: audit.notCommuting,
      auditJudgedOtherwise: audit.judgedOtherwise,
    };
    const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
    const failures = audit.examples.length === 0 ? '' : ` (${audit.examples.join('; ')})`;
    const text =
      `sleep-sets ${system.name} depth ${bound.depth}: ${plain.states} states (${sleeping.states} with sleep sets), ` +
      `${plain.transitions} transitions, ${sleeping.slept} of ${all} asleep (${pct(sleeping.slept / Math.max(1, all))}); ` +
      `audit to depth ${auditDepth}: ${audit.pairs} independent pairs, ${audit.notCommuting} not commuting, ` +
      `${audit.judgedOtherwise} judged otherwise${failures}`;
    return { figures, text };
  },
};
