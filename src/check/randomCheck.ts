// Random mode: fast-check generates letter sequences (any length up to `maxSteps`, any
// initial process of the bound), replays them on the model and tests every property; a
// failure is shrunk by fast-check, then by shrink.ts, and printed like an exhaustive one.
// Replayable: the same seed gives the same sequences.

import fc from 'fast-check';
import type { KernelModel } from '../kernel/model.js';
import { type Counterexample, type PropertyVerdict, buildCounterexample } from './checkKernel.js';
import type { KernelBound } from './kernelBound.js';
import { kernelSystem } from './kernelSystem.js';
import { findProperty, replayLetters } from './replayLetters.js';

export interface RandomOptions {
  readonly runs: number;
  readonly seed: number;
  readonly maxSteps?: number;
  readonly properties?: readonly string[];
}

export interface RandomReport {
  readonly model: string;
  readonly seed: number;
  readonly runs: number;
  readonly seconds: number;
  readonly properties: readonly PropertyVerdict[];
}

export function randomCheck(
  model: KernelModel,
  bound: KernelBound,
  o: RandomOptions,
): RandomReport {
  const t0 = performance.now();
  const system = kernelSystem(
    model,
    bound,
    o.properties === undefined ? {} : { properties: o.properties },
  );
  const n = system.alphabet.length;
  const sequence = fc.record({
    setup: fc.nat(bound.setups.length - 1),
    letters: fc.array(fc.nat(n - 1), {
      minLength: 1,
      maxLength: o.maxSteps ?? Math.max(bound.depth, 8),
    }),
  });
  const names = [
    ...system.invariants.map((i) => i.name),
    ...(system.transitionProperties ?? []).map((t) => t.name),
  ];
  const properties = names.map((name): PropertyVerdict => {
    const prop = findProperty(system, name);
    const kind = prop.kind;
    const picked = (idx: readonly number[]) =>
      idx.flatMap((i) => (system.alphabet[i] === undefined ? [] : [system.alphabet[i]]));
    const run = fc.check(
      fc.property(sequence, ({ setup, letters }) => {
        const r = replayLetters(system, setup, picked(letters), prop, true);
        return r === null || r.failsAt === null;
      }),
      { seed: o.seed, numRuns: o.runs },
    );
    if (!run.failed || run.counterexample === null) return { name, kind, verdict: 'holds' };
    const [{ setup, letters }] = run.counterexample;
    // Only the letters that ran: the disabled ones were skipped.
    const replay = replayLetters(system, setup, picked(letters), prop, true);
    const ran = (replay?.steps ?? []).map((s) => s.letter);
    const counterexample: Counterexample = buildCounterexample(
      system,
      name,
      setup,
      ran,
      ran.length,
    );
    return { name, kind, verdict: 'violated', counterexample };
  });
  return {
    model: model.name,
    seed: o.seed,
    runs: o.runs,
    seconds: (performance.now() - t0) / 1000,
    properties,
  };
}
