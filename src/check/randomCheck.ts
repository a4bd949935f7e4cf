// Random mode, as swarm testing: each run draws its own configuration (swarmConfiguration.ts:
// the call families and argument values switched on, depth, initial process), then fast-check's
// model-based testing (fc.commands) walks within it, testing every property not yet violated
// after each step. The first run that violates one fails the fast-check property, fast-check
// shrinks it against that property, shrink.ts then simplifies its arguments, and the search
// goes on (the next round's seed) with the runs left, until every property is violated or the
// runs are spent. The same seed gives the same runs; a finding names the round's seed and
// fast-check's path, which replay it alone.

import fc from 'fast-check';
import type { KernelModel } from '../kernel/model.js';
import { type Counterexample, type PropertyVerdict, buildCounterexample } from './checkKernel.js';
import type { KernelBound } from './kernelBound.js';
import { kernelSystem } from './kernelSystem.js';
import { findProperty } from './replayLetters.js';
import {
  type RandomMode,
  type SwarmConfiguration,
  configurationArbitrary,
} from './swarmConfiguration.js';
import { LetterCommand, type NamedProperty, PropertyFails, Walk } from './_internals/walk.js';

export interface RandomOptions {
  readonly runs: number;
  readonly seed: number;
  /** Longest run (default: the bound's depth). */
  readonly maxSteps?: number;
  readonly properties?: readonly string[];
  /** `swarm` (default) or `uniform`, the walk over every letter that came before (for bench/). */
  readonly mode?: RandomMode;
  /** Stop at the first violation (bench/ counts the runs it took). */
  readonly firstOnly?: boolean;
}

/** Where a violation was met: enough to replay that one run. */
export interface RandomFinding {
  /** The run (1-based, shrink runs not counted) that violated the property. */
  readonly run: number;
  /** fast-check's seed and path of that run: `fc.check(..., { seed, path })` replays it. */
  readonly seed: number;
  readonly path: string;
  readonly configuration: SwarmConfiguration;
}

export interface RandomVerdict extends PropertyVerdict {
  /** The run whose trace is reported (the shortest trace found). */
  readonly found?: RandomFinding;
  /** The run that first violated the property: detection power, for bench/random.ts. */
  readonly firstRun?: number;
}

export interface RandomReport {
  readonly model: string;
  readonly bound: KernelBound;
  readonly mode: RandomMode;
  readonly seed: number;
  readonly runs: number;
  /** Runs made (fewer than `runs` when every property was violated first). */
  readonly done: number;
  readonly seconds: number;
  readonly properties: readonly RandomVerdict[];
}

/**
 * Longest run by default. Long runs within a small configuration rarely undo what they built
 * (few letters are on), so a 3- or 4-step pattern turns up as a subsequence far more often
 * than in a run of the bound's depth; fast-check and shrink.ts then cut the run down.
 * Measured with bench/random.ts (24 against 5 and 10 on linux-6.18's default bound).
 */
export const RANDOM_DEPTH = 24;

/** Runs shrunk again after a property is found, in search of a shorter trace. */
const RESHRINKS = 4;

/** The seed of round k: fast-check takes 32-bit seeds. */
function roundSeed(seed: number, k: number): number {
  return (seed + k * 0x9e3779b1) | 0;
}

interface Found {
  /** The run that first violated the property. */
  readonly first: number;
  /** Later runs that failed it and were shrunk. */
  readonly reshrinks: number;
  readonly finding: RandomFinding;
  readonly counterexample: Counterexample;
}

export function randomCheck(
  model: KernelModel,
  bound: KernelBound,
  o: RandomOptions,
): RandomReport {
  const t0 = performance.now();
  const mode = o.mode ?? 'swarm';
  const system = kernelSystem(
    model,
    bound,
    o.properties === undefined ? {} : { properties: o.properties },
  );
  const props: NamedProperty[] = [
    ...system.invariants.map((i) => i.name),
    ...(system.transitionProperties ?? []).map((t) => t.name),
  ].map((name) => ({ name, property: findProperty(system, name) }));
  const runArbitrary = configurationArbitrary(
    mode,
    bound,
    o.maxSteps ?? Math.max(bound.depth, RANDOM_DEPTH),
  ).chain((configuration) =>
    fc
      .commands(
        configuration.families.map((f) =>
          fc.constantFrom(...f.letters).map((l) => new LetterCommand(l)),
        ),
        // Disabled letters are skipped, and the walk stops at its depth: generate more.
        { maxCommands: 4 * configuration.depth, size: 'max' },
      )
      .map((commands) => ({ configuration, commands })),
  );
  const found = new Map<string, Found>();
  // A property found is watched on: fast-check's shrinking stops at a local minimum (an mmap
  // then an mlock where one MAP_LOCKED mmap would do), which another run may beat. The next
  // RESHRINKS runs that fail it are shrunk too, then only those that fail it in fewer steps
  // than its trace has; the shortest trace is kept.
  const within = (name: string): number => {
    const f = found.get(name);
    if (f === undefined) return Infinity;
    return f.reshrinks < RESHRINKS ? Infinity : f.counterexample.steps.length - 1;
  };
  let done = 0;
  for (let round = 0; done < o.runs; round++) {
    const seed = roundSeed(o.seed, round);
    // Null while searching; once a run fails, fast-check shrinks against that property only.
    const failing: { target: string | null; run: number } = { target: null, run: 0 };
    const watchedNow = props.map((p) => ({ ...p, within: within(p.name) }));
    if (watchedNow.every((p) => p.within < 1)) break;
    const property = fc.property(runArbitrary, ({ configuration, commands }) => {
      if (failing.target === null) done++;
      const watched = watchedNow.filter(
        (p) => failing.target === null || p.name === failing.target,
      );
      const walk = new Walk(system, configuration.setup, watched, configuration.depth);
      try {
        fc.modelRun(() => ({ model: walk, real: {} }), commands);
      } catch (error) {
        if (!(error instanceof PropertyFails)) throw error;
        if (failing.target === null) {
          failing.target = error.property;
          failing.run = done;
        }
        return false;
      }
      return true;
    });
    const details = fc.check(property, { seed, numRuns: o.runs - done });
    if (!details.failed) break;
    const value = details.counterexample?.[0];
    const { target: name, run: firstRun } = failing;
    // A failure that is not a violation is a bug of mmspec: report it, do not hide it.
    if (name === null || value === undefined) throw details.errorInstance;
    const prop = watchedNow.find((p) => p.name === name);
    if (prop === undefined) throw new Error(`randomCheck: no property '${name}'`);
    const walk = new Walk(system, value.configuration.setup, [prop], value.configuration.depth);
    try {
      fc.modelRun(() => ({ model: walk, real: {} }), value.commands);
    } catch (error) {
      if (!(error instanceof PropertyFails)) throw error;
    }
    const finding: RandomFinding = {
      run: firstRun,
      seed,
      path: details.counterexamplePath ?? '',
      configuration: value.configuration,
    };
    const origin = `random run ${firstRun} (fast-check seed ${seed}, path ${finding.path})`;
    const counterexample = buildCounterexample(
      system,
      name,
      value.configuration.setup,
      walk.ran,
      walk.ran.length,
      origin,
    );
    const before = found.get(name);
    if (before === undefined)
      found.set(name, { first: firstRun, reshrinks: 0, finding, counterexample });
    else {
      const shorter = counterexample.steps.length < before.counterexample.steps.length;
      found.set(name, {
        ...(shorter ? { finding, counterexample } : before),
        first: before.first,
        reshrinks: before.reshrinks + 1,
      });
    }
    if (o.firstOnly === true) break;
  }
  const vacuous = new Set(system.neverJudged);
  const properties = props.map(({ name, property }): RandomVerdict => {
    const f = found.get(name);
    // Random runs draw from the same alphabet: a property none of its letters is one it judges
    // was never asked in them either.
    return f === undefined
      ? {
          name,
          kind: property.kind,
          verdict: 'holds',
          ...(vacuous.has(name) ? { vacuous: true } : {}),
        }
      : {
          name,
          kind: property.kind,
          verdict: 'violated',
          counterexample: f.counterexample,
          found: f.finding,
          firstRun: f.first,
        };
  });
  return {
    model: model.name,
    bound,
    mode,
    seed: o.seed,
    runs: o.runs,
    done,
    seconds: (performance.now() - t0) / 1000,
    properties,
  };
}
