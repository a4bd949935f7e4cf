// A swarm configuration (Groce et al., "Swarm testing", ISSTA 2012): for one random run, which
// call families and which of their argument values are switched on, how deep the run goes
// and from which initial process. A run walks only within its configuration, choosing a
// family first and then one of its letters, so a rare call (munlockall is 1 letter of 83) is
// as likely as a common one, and a combination the uniform walk almost never meets (a locked
// region, a second one, an MREMAP_DONTUNMAP between them) comes up in a good share of runs.

import fc from 'fast-check';
import { familyLetters, kernelAlphabet } from './alphabet.js';
import { extraLetters } from './_internals/extraLetters.js';
import type { CallFamily, KernelBound } from './kernelBound.js';
import { describeLetter } from './describeLetter.js';
import type { Letter } from './letter.js';

export interface SwarmFamily {
  /** `every`: the uniform walk's one group of all letters. */
  readonly family: CallFamily | 'every';
  /** The letters of the family switched on: never empty. */
  readonly letters: readonly Letter[];
}

export interface SwarmConfiguration {
  readonly setup: number;
  /** Most steps a run takes (letters that ran; fast-check may generate fewer). */
  readonly depth: number;
  readonly families: readonly SwarmFamily[];
}

/** How runs choose their configuration: `uniform` is every letter on, one family of all. */
export type RandomMode = 'swarm' | 'uniform';

/** A fresh configuration per run: families, their values, depth and setup all drawn. */
export function swarmConfiguration(
  bound: KernelBound,
  maxDepth: number,
): fc.Arbitrary<SwarmConfiguration> {
  // The letters the models' overridden decisions add (bound.extraFlags) join the family of
  // their call, so a run may switch a proposal's new flag on like any other value.
  const extras = extraLetters(bound);
  const groups = bound.calls
    .map((family) => ({
      family,
      letters: [...familyLetters(bound, family), ...extras.filter((l) => l.call === family)],
    }))
    .filter((g) => g.letters.length > 0);
  // NULL-hint mmap stays on (some of its values): without it no region is ever mapped and
  // every letter that names one is disabled, so the run would be wasted.
  const always = groups.filter((g) => g.family === 'mmap');
  const optional = groups.filter((g) => g.family !== 'mmap');
  const families = fc
    .subarray(optional, { minLength: always.length > 0 ? 0 : 1 })
    .map((some) => [...always, ...some])
    .chain((on) =>
      fc.tuple(
        ...on.map((g) =>
          fc
            .subarray([...g.letters], { minLength: 1 })
            .map((letters): SwarmFamily => ({ family: g.family, letters })),
        ),
      ),
    );
  return fc.record({
    // The default process three times in four: the others (no CAP_IPC_LOCK, a small or zero
    // RLIMIT_MEMLOCK) make most locking calls fail, a run there explores less.
    setup: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, fc.nat(bound.setups.length - 1)),
    // Long: a run within a few letters rarely undoes what it built, and a 3- or 4-step
    // pattern is likelier as a subsequence of more steps (bench/random.ts: depth 1..24 took
    // 2-3 times the runs of 12..24 or 24 to the first violation on linux-6.18).
    depth: fc.integer({ min: Math.ceil((2 * maxDepth) / 3), max: maxDepth }),
    families,
  });
}

/** The walk before swarm testing: every letter on, each as likely, the full depth. */
export function uniformConfiguration(
  bound: KernelBound,
  maxDepth: number,
): fc.Arbitrary<SwarmConfiguration> {
  const letters = kernelAlphabet(bound);
  return fc.nat(bound.setups.length - 1).map((setup) => ({
    setup,
    depth: maxDepth,
    families: [{ family: 'every', letters }],
  }));
}

export function configurationArbitrary(
  mode: RandomMode,
  bound: KernelBound,
  maxDepth: number,
): fc.Arbitrary<SwarmConfiguration> {
  return mode === 'swarm'
    ? swarmConfiguration(bound, maxDepth)
    : uniformConfiguration(bound, maxDepth);
}

/** `setup 1, depth 4; mmap: a = mmap(...), ...; munlockall: munlockall()`. */
export function describeConfiguration(c: SwarmConfiguration): string {
  const on = c.families.map(
    (f) => `${f.family}: ${f.letters.map((l) => describeLetter(l)).join(', ')}`,
  );
  return [`setup ${c.setup}, depth ${c.depth}`, ...on].join('; ');
}
