// A differing run found among representatives (symmetry reduction) becomes a real run of the
// same length that ends in the same class of pairs.

import { describe, expect, it } from 'vitest';
import { Encoder } from '../../src/explore/encoder.js';
import type { Letter } from '../../src/check/letter.js';
import { concretizePair } from '../../src/review/concretizePair.js';
import { diffSystem } from '../../src/review/diffSystem.js';
import type { PairState } from '../../src/review/pairState.js';
import { canonicalPair } from '../../src/review/pairSymmetry.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { getModel } from '../../models/registry.js';

const system = diffSystem(
  getModel('linux-6.18'),
  getModel('planted:map-populate-foll'),
  SMALL_KERNEL_BOUND,
);

function key(s: PairState): string {
  const e = new Encoder(system.encodedWords);
  system.encode(s, e);
  e.finish();
  return e.words.join(',');
}

/** The pair after `texts`, applied to the real states. */
function run(texts: readonly string[]): { label: Letter; state: PairState }[] {
  let s = [...system.initial()][0];
  const steps: { label: Letter; state: PairState }[] = [];
  for (const t of texts) {
    let next: { label: Letter; state: PairState } | undefined;
    if (s === undefined) throw new Error('no initial state');
    system.successors(s, (label, state) => {
      if (system.describeLabel(label) === t) next = { label, state };
    });
    if (next === undefined) throw new Error(`${t} is not enabled`);
    steps.push(next);
    s = next.state;
  }
  return steps;
}

describe('concretizePair', () => {
  it('turns a run among representatives into a real run ending in the same class', () => {
    const texts = [
      'mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
      'mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED, -1, 0)',
      'mlock(a, 2P)',
    ];
    const real = run(texts);
    const reps = real.map((s) => ({ label: s.label, state: canonicalPair(s.state) }));
    // Symmetry orders the regions by what they hold, so the representative swaps
    // them and the last letter names the other one.
    expect(reps.some((r, i) => key(r.state) !== key(real[i]?.state ?? r.state))).toBe(true);
    const initial = [...system.initial()][0];
    if (initial === undefined) throw new Error('no initial state');
    const found = concretizePair(system, { initial, steps: reps });
    // Any letters reaching the same classes will do (a self-loop has several); the same length.
    expect(found.letters).toHaveLength(texts.length);
    const last = run(found.letters.map((l) => system.describeLabel(l))).at(-1)?.state;
    expect(last && key(canonicalPair(last))).toBe(key(reps.at(-1)?.state ?? initial));
    // Both regions locked: on linux-6.18 every page is mlocked, on the planted model (no
    // FOLL_POPULATE) none of mlock's.
    expect(last && system.invariants.every((inv) => inv.holds(last))).toBe(false);
  });
});
