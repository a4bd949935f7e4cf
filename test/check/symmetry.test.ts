// Symmetry reduction and the packed search against a plain one: the representative of a state
// does not move when taken again (idempotent), also after MREMAP_DONTUNMAP left a VMA's anon
// pgoff pointing into another region; and the packed, reduced explorer finds the states,
// transitions and verdicts a plain search with string keys finds.

import { describe, expect, it } from 'vitest';
import { Encoder } from '../../src/explore/encoder.js';
import { checkKernel } from '../../src/check/checkKernel.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import type { BoundedState } from '../../src/check/boundedState.js';
import { canonicalRegions, permuteRegions, permutations } from '../../src/check/symmetry.js';
import { DEFAULT_KERNEL_BOUND, SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { parseBound } from '../../src/check/parseBound.js';
import { getModel } from '../../models/registry.js';
import { stateKey } from '../../src/kernel/encode.js';

const linux = getModel('linux-6.18');
const sys = kernelSystem(linux, SMALL_KERNEL_BOUND, { symmetry: false });

function words(s: BoundedState): string {
  const e = new Encoder(sys.encodedWords);
  sys.encode(s, e);
  e.finish();
  return e.words.join(',');
}

type System = ReturnType<typeof kernelSystem>;

/**
 * The state after `texts` from setup 0, every step taken by `system` (the unreduced small bound
 * unless given), each successor passed through `each` (a representative, as the explorer keeps).
 */
function after(
  texts: readonly string[],
  system: System = sys,
  each: (s: BoundedState) => BoundedState = (s) => s,
): BoundedState {
  let s = [...system.initial()][0];
  for (const t of texts) {
    let next: BoundedState | undefined;
    if (s === undefined) throw new Error('no initial state');
    system.successors(s, (l, n) => {
      if (system.describeLabel(l) === t) next = n;
    });
    if (next === undefined) throw new Error(`'${t}' is not enabled`);
    s = each(next);
  }
  if (s === undefined) throw new Error('no initial state');
  return s;
}

/** The words `system` stores for `s`: its representative's, as the explorer encodes them. */
function canonicalWords(system: System, s: BoundedState): string {
  const e = new Encoder(system.encodedWords);
  system.encodeCanonical?.(s, e);
  e.finish();
  return e.words.join(',');
}

const MMAP = 'mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)';
const MMAP_LOCKED =
  'mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED, -1, 0)';
const DONTUNMAP = 'mremap(a, 2P, 2P, MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP, b)';

describe('symmetry reduction over regions', () => {
  it('is idempotent after MREMAP_DONTUNMAP into another region', () => {
    // a, with a page, moved into b: b's VMA keeps a's anon pgoff, which points into region a
    // (copy_vma resets the pgoff of a VMA without an anon_vma, hence the write first).
    for (const first of [MMAP, MMAP_LOCKED]) {
      const s = after([first, 'write(a, 7)', MMAP, DONTUNMAP]);
      expect(s.result?.kind).toBe('value');
      const once = canonicalRegions(s);
      expect(words(canonicalRegions(once))).toBe(words(once));
      // Every relabelling of the regions has the same representative.
      for (const map of permutations(s.hints))
        expect(words(canonicalRegions(permuteRegions(s, map)))).toBe(words(once));
    }
  });

  it('is idempotent on every state of the small bound', () => {
    let seen = 0;
    const visit = (s: BoundedState, depth: number): void => {
      const once = canonicalRegions(s);
      expect(words(canonicalRegions(once))).toBe(words(once));
      seen++;
      if (depth > 0) sys.successors(s, (_l, next) => visit(next, depth - 1));
    };
    for (const s of sys.initial()) visit(s, 2);
    expect(seen).toBeGreaterThan(1000);
  });
});

describe('the representative', () => {
  // Canonical, not only idempotent: every relabelling of a state has the same representative.
  // Each run below reached a state whose regions are alike in themselves but tied to the others
  // differently, which the regions' own hashes once left tied, so that the state and its
  // relabelling were stored as two (185 such states at the default bound's depth 5, stop 38).
  const system = kernelSystem(linux, DEFAULT_KERNEL_BOUND);
  const M = 'mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)';
  const ML = 'mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED, -1, 0)';
  const keyOf = (s: BoundedState): string => canonicalWords(system, s);
  const everyRelabelling = (s: BoundedState): string[] => [
    ...new Set(permutations(s.hints).map((map) => keyOf(permuteRegions(s, map)))),
  ];

  it.each([
    // a's VMAs share the anon_vma of the split, b's faulted apart have one each.
    [
      'anon_vmas shared inside a region',
      [M, ML, 'munmap(a + 1P, 1P)', 'munmap(b + 1P, 1P)', 'mlockall(MCL_CURRENT)'],
    ],
    // b holds a VMA moved from a (its pgoff points into a, its anon_vma is a's) and one from c.
    [
      'pgoffs into, and anon_vmas shared with, another region',
      [
        M,
        M,
        ML,
        'mremap(a, 4P, 4P, MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP, b)',
        'mremap(c, 4P, 4P, MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP, b)',
      ],
    ],
    // A page of one region waits in the mlock batch.
    [
      'a page in the mlock batch',
      [M, M, 'munmap(a + 1P, 1P)', 'mlockall(MCL_CURRENT)', 'munmap(a + 1P, 1P)'],
    ],
  ])('is the same for every relabelling: %s', (_what, texts) => {
    expect(everyRelabelling(after(texts, system, canonicalRegions))).toHaveLength(1);
  });

  it('is the same for every relabelling of every state of the default bound to depth 3', () => {
    let level = [...system.initial()];
    const seen = new Set(level.map(keyOf));
    let relabelled = 0;
    for (let depth = 0; depth <= 3; depth++) {
      const next: BoundedState[] = [];
      for (const s of level) {
        expect(everyRelabelling(s)).toHaveLength(1);
        if (s.hints > 1) relabelled++;
        if (depth < 3)
          system.successors(s, (_l, n) => {
            const key = keyOf(n);
            if (seen.has(key)) return;
            seen.add(key);
            next.push(canonicalRegions(n));
          });
      }
      level = next;
    }
    expect(relabelled).toBeGreaterThan(1000);
  });
});

describe('encodeCanonical', () => {
  // The explorer encodes successors this way (src/explore/_internals/expander.ts), and
  // everything else (traces, partitions, replays) through canonicalize then encode: the two
  // must write the same words, or a counterexample's states would not be found again.
  const reduced = kernelSystem(linux, SMALL_KERNEL_BOUND);
  const heap = kernelSystem(
    linux,
    parseBound('regions=3,pages=2,depth=2,calls=+brk', SMALL_KERNEL_BOUND),
  );
  const representativeWords = (system: typeof reduced, s: BoundedState): string => {
    const e = new Encoder(system.encodedWords);
    system.encode(canonicalRegions(s), e);
    e.finish();
    return e.words.join(',');
  };

  it('writes the words of the representative, whatever the regions relabelling', () => {
    let permuted = 0;
    for (const system of [reduced, heap]) {
      const visit = (s: BoundedState, depth: number): void => {
        for (const map of permutations(s.hints)) {
          const t = permuteRegions(s, map);
          if (canonicalRegions(t) !== t) permuted++;
          expect(canonicalWords(system, t)).toBe(representativeWords(system, t));
        }
        if (depth > 0) system.successors(s, (_l, next) => visit(next, depth - 1));
      };
      for (const s of system.initial()) visit(s, 2);
    }
    // Not vacuous: many of the states visited were not their own representative.
    expect(permuted).toBeGreaterThan(100);
    // MREMAP_DONTUNMAP into another region: an anon pgoff that points into another region.
    for (const first of [MMAP, MMAP_LOCKED]) {
      const s = after([first, 'write(a, 7)', MMAP, DONTUNMAP]);
      for (const map of permutations(s.hints)) {
        const t = permuteRegions(s, map);
        expect(canonicalWords(reduced, t)).toBe(representativeWords(reduced, t));
      }
    }
  });
});

/** Breadth-first search with the kernel's string keys in a Set: no packing, no reduction. */
function plainSearch(depth: number): { states: number; transitions: number } {
  const keyOf = (s: BoundedState) => `${s.setup}/${s.hints}/${stateKey(s.kernel)}`;
  let level = [...sys.initial()];
  const seen = new Set(level.map(keyOf));
  let transitions = 0;
  for (let d = 0; d < depth; d++) {
    const next: BoundedState[] = [];
    for (const s of level)
      sys.successors(s, (_l, n) => {
        transitions++;
        const k = keyOf(n);
        if (seen.has(k)) return;
        seen.add(k);
        next.push(n);
      });
    level = next;
  }
  return { states: seen.size, transitions };
}

describe('the packed search against a plain one', () => {
  it('finds the same states and transitions unreduced, and the same verdicts reduced', async () => {
    const bound = { ...SMALL_KERNEL_BOUND, depth: 3 };
    const plain = plainSearch(bound.depth);
    const packed = await checkKernel(linux, bound, { symmetry: false, workers: 1 });
    expect({ states: packed.states, transitions: packed.transitions }).toEqual(plain);
    const reduced = await checkKernel(linux, bound, { workers: 1 });
    expect(reduced.states).toBeLessThan(plain.states);
    expect(reduced.properties.map((p) => [p.name, p.verdict])).toEqual(
      packed.properties.map((p) => [p.name, p.verdict]),
    );
  });
});
