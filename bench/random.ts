// Detection power of `mmspec check --random`: for linux-6.18 and each planted model, the
// median number of random runs to the first violation of each property the exhaustive search
// finds, three ways: `before`, random mode as it was until swarm testing (fast-check arrays of
// letter indices, up to max(depth, 8), disabled letters skipped: previousRandom below);
// `uniform`, today's walk (fc.commands, up to 24 steps that run) with every letter on; `swarm`,
// a swarm configuration per run (src/check/swarmConfiguration.ts), what random mode does.
// A property not found within --cap runs counts as more than the cap.

import { parseArgs } from 'node:util';
import type { BenchOutcome, Benchmark } from './benchmark.js';
import type { KernelBound } from '../src/check/kernelBound.js';
import { DEFAULT_KERNEL_BOUND, NOHUGEPAGE_KERNEL_BOUND } from '../src/check/kernelBounds.js';
import { randomCheck } from '../src/check/randomCheck.js';
import fc from 'fast-check';
import { kernelSystem } from '../src/check/kernelSystem.js';
import { findProperty, replayLetters } from '../src/check/replayLetters.js';

type Mode = 'before' | 'uniform' | 'swarm';
import { getModel } from '../models/registry.js';

interface Target {
  readonly model: string;
  readonly bound: KernelBound;
  readonly property: string;
}

/** What the exhaustive search finds (proofs/explorerClaims.ts, proofs/randomClaims.ts). */
const TARGETS: readonly Target[] = [
  ...[
    'lockedVmMatchesLockedVmas',
    'mlockedPageHasLockedVmaStrict',
    'lockedVmaPageMlocked',
    'munlockallRestores',
  ].map((property) => ({ model: 'linux-6.18', bound: DEFAULT_KERNEL_BOUND, property })),
  {
    model: 'planted:mcl-current-keeps-future',
    bound: DEFAULT_KERNEL_BOUND,
    property: 'mclFutureClearingConsistent',
  },
  {
    model: 'planted:map-populate-foll',
    bound: DEFAULT_KERNEL_BOUND,
    property: 'mapPopulateFaultsEverything',
  },
  {
    model: 'planted:mlockall-clears-def-flags',
    bound: NOHUGEPAGE_KERNEL_BOUND,
    property: 'mclFutureClearingConsistent',
  },
  {
    model: 'planted:mcl-future-unlocks',
    bound: DEFAULT_KERNEL_BOUND,
    property: 'mclFutureAloneKeepsVmas',
  },
];

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? Infinity) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Runs to the first violation of `t.property` under `seed`, Infinity when not within `cap`. */
function runsToFirst(t: Target, mode: Mode, seed: number, cap: number): number {
  if (mode === 'before') return previousRandom(t, seed, cap);
  const r = randomCheck(getModel(t.model), t.bound, {
    runs: cap,
    seed,
    mode,
    properties: [t.property],
    firstOnly: true,
  });
  return r.properties[0]?.firstRun ?? Infinity;
}

/** The generator of random mode before swarm testing, kept here as the baseline. */
function previousRandom(t: Target, seed: number, cap: number): number {
  const system = kernelSystem(getModel(t.model), t.bound, { properties: [t.property] });
  const prop = findProperty(system, t.property);
  const n = system.alphabet.length;
  const sequence = fc.record({
    setup: fc.nat(t.bound.setups.length - 1),
    letters: fc.array(fc.nat(n - 1), { minLength: 1, maxLength: Math.max(t.bound.depth, 8) }),
  });
  let runs = 0;
  let first = Infinity;
  const letters = (idx: readonly number[]) =>
    idx.flatMap((i) => (system.alphabet[i] === undefined ? [] : [system.alphabet[i]]));
  fc.check(
    fc.property(sequence, ({ setup, letters: idx }) => {
      if (first === Infinity) runs++;
      const r = replayLetters(system, setup, letters(idx), prop, true);
      const holds = r === null || r.failsAt === null;
      if (!holds && first === Infinity) first = runs;
      return holds;
    }),
    { seed, numRuns: cap },
  );
  return first;
}

export const randomBenchmark: Benchmark = {
  name: 'random',
  description:
    'check --random: median runs to the first violation, uniform walks against swarm testing',
  usage: '[--seeds N] [--cap RUNS]',
  run(args, signal): Promise<BenchOutcome> {
    const { values } = parseArgs({
      args: [...args],
      options: { seeds: { type: 'string' }, cap: { type: 'string' } },
    });
    const seeds = Number(values.seeds ?? 7);
    const cap = Number(values.cap ?? 20000);
    if (!Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(cap) || cap < 1)
      throw new RangeError('random: --seeds and --cap take positive integers');
    const figures: Record<string, number> = {};
    const lines = [
      `random: median runs to the first violation over ${seeds} seeds (cap ${cap}): before / uniform / swarm`,
    ];
    const show = (n: number) => (Number.isFinite(n) ? String(n) : `>${cap}`);
    for (const t of TARGETS) {
      if (signal.aborted) break;
      const row: Record<Mode, number> = { before: Infinity, uniform: Infinity, swarm: Infinity };
      for (const mode of ['before', 'uniform', 'swarm'] as const) {
        const firsts = Array.from({ length: seeds }, (_, k) => runsToFirst(t, mode, k + 1, cap));
        row[mode] = median(firsts);
        figures[`${t.model} ${t.property} ${mode}`] = Number.isFinite(row[mode]) ? row[mode] : -1;
      }
      lines.push(
        `  ${t.model} (${t.bound.name}) ${t.property}: ${show(row.before)} / ${show(row.uniform)} / ${show(row.swarm)}`,
      );
    }
    return Promise.resolve({ figures, text: lines.join('\n') });
  },
};
