// The detection power of random mode (`mmspec check --random`, src/check/randomCheck.ts):
// with a fixed seed and 2000 runs, swarm testing finds every property that the exhaustive
// search of the same bound finds violated within 4 steps, on linux-6.18 and on every planted
// model. Re-checked by test/proofs/randomClaims.test.ts, which runs both searches (the
// default bound's exhaustive verdicts, 23 s on two workers, are taken from the list below and
// the explorer's claims instead of being searched again).

import { PLANTED } from '../models/planted.js';
import type { KernelBound } from '../src/check/kernelBound.js';
import {
  DEFAULT_KERNEL_BOUND,
  NOHUGEPAGE_KERNEL_BOUND,
  SMALL_KERNEL_BOUND,
} from '../src/check/kernelBounds.js';

export interface RandomClaim {
  readonly model: string;
  readonly bound: KernelBound;
  readonly runs: number;
  readonly seeds: readonly number[];
  /** The exhaustive search's violations of at most `depth` steps must all be found. */
  readonly depth: number;
  /** Null: run the exhaustive search of the bound to know them. */
  readonly exhaustive: readonly string[] | null;
}

/** What `mmspec check` finds on linux-6.18's default bound (3 and 4 steps; README, ledger). */
export const LINUX_618_DEFAULT_VIOLATIONS: readonly string[] = [
  'lockedVmMatchesLockedVmas',
  'mlockedPageHasLockedVmaStrict',
  'lockedVmaPageMlocked',
  'munlockallRestores',
];

const MODELS = ['linux-6.18', ...PLANTED.map((m) => m.name)];

export const RANDOM_CLAIMS: readonly RandomClaim[] = [
  ...[SMALL_KERNEL_BOUND, NOHUGEPAGE_KERNEL_BOUND].flatMap((bound) =>
    MODELS.map((model): RandomClaim => ({
      model,
      bound,
      runs: 2000,
      seeds: [7],
      depth: 4,
      exhaustive: null,
    })),
  ),
  {
    model: 'linux-6.18',
    bound: DEFAULT_KERNEL_BOUND,
    runs: 2000,
    seeds: [7],
    depth: 4,
    exhaustive: LINUX_618_DEFAULT_VIOLATIONS,
  },
];
