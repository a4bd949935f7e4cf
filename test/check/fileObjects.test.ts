// File objects a bound makes of its own (`calls=+mmapShmem+memfd_secret`): the state codec
// carries each reachable one (kind, size, page cache), each process's descriptor table and
// which object each file VMA and cached page belongs to; symmetry relabels a shmem object with
// the region it was mapped in; an object nothing reaches is dropped with its pages (the last
// fput); a bound without these families encodes as before.

import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/explore/decoder.js';
import { Encoder } from '../../src/explore/encoder.js';
import { kernelAlphabet } from '../../src/check/alphabet.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import type { BoundedState } from '../../src/check/boundedState.js';
import { describeLetter } from '../../src/check/describeLetter.js';
import { parseBound } from '../../src/check/parseBound.js';
import { DEFAULT_KERNEL_BOUND, SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { layoutOf } from '../../src/check/_internals/layout.js';
import { canonicalRegions, permuteRegions, permutations } from '../../src/check/symmetry.js';
import { stateKey } from '../../src/kernel/encode.js';
import { getModel } from '../../models/registry.js';

const linux = getModel('linux-6.18');
const bound = parseBound(
  'regions=2,pages=2,depth=3,calls=mmap+mmapShmem+memfd_secret+fork+access+munmap+execve',
  SMALL_KERNEL_BOUND,
);
const sys = kernelSystem(linux, bound, { symmetry: false });
const reduced = kernelSystem(linux, bound);

function words(system: typeof sys, s: BoundedState): string {
  const e = new Encoder(system.encodedWords);
  system.encode(s, e);
  e.finish();
  return e.words.join(',');
}

/** `s` packed and unpacked again. */
function decoded(s: BoundedState): BoundedState {
  const e = new Encoder(sys.encodedWords);
  sys.encode(s, e);
  e.finish();
  const back = sys.decode?.(new Decoder().reset(e.words));
  if (back === undefined) throw new Error('the system does not decode');
  return back;
}

function after(s: BoundedState, texts: readonly string[]): BoundedState {
  let state = s;
  for (const text of texts) {
    let found: BoundedState | undefined;
    sys.successors(state, (l, next) => {
      if (describeLetter(l) === text) found = next;
    });
    if (found === undefined) throw new Error(`no letter '${text}'`);
    state = found;
  }
  return state;
}

const start = (): BoundedState => {
  const [s] = sys.initial();
  if (s === undefined) throw new Error('no initial state');
  return s;
};

const SHMEM = 'mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0)';

describe('file objects in a bound', () => {
  it('only a bound naming the families has the letters and the wider encoding', () => {
    for (const b of [DEFAULT_KERNEL_BOUND, SMALL_KERNEL_BOUND]) {
      expect(layoutOf(b).objects).toBe(false);
      const calls = kernelAlphabet(b).map(describeLetter);
      expect(calls).not.toContain(SHMEM);
      expect(calls.some((c) => c.startsWith('memfd_secret'))).toBe(false);
    }
    expect(layoutOf(bound).objects).toBe(true);
    expect(kernelAlphabet(bound).map(describeLetter)).toEqual(
      expect.arrayContaining([SHMEM, 'memfd_secret(1P)']),
    );
  });

  it('decodes every state to one that encodes the same and keeps the same facts', () => {
    let seen = 0;
    let objects = 0;
    const visit = (s: BoundedState, depth: number): void => {
      const w = words(sys, s);
      const back = decoded(s);
      expect(words(sys, back)).toBe(w);
      expect(stateKey(back.kernel)).toBe(stateKey(s.kernel));
      if (back.kernel.files.some((f) => f.kind !== 'regular')) objects++;
      seen++;
      if (depth > 0) sys.successors(s, (_l, next) => visit(next, depth - 1));
    };
    visit(start(), 2);
    expect(seen).toBeGreaterThan(150);
    expect(objects).toBeGreaterThan(30);
  });

  it('relabelling regions relabels their shmem objects: the words of the representative', () => {
    const canonical = (s: BoundedState): string => {
      const e = new Encoder(reduced.encodedWords);
      reduced.encodeCanonical?.(s, e);
      e.finish();
      return e.words.join(',');
    };
    let permuted = 0;
    const visit = (s: BoundedState, depth: number): void => {
      for (const map of permutations(s.hints)) {
        const t = permuteRegions(s, map);
        if (canonicalRegions(t) !== t) permuted++;
        expect(canonical(t)).toBe(words(reduced, canonicalRegions(t)));
      }
      if (depth > 0) sys.successors(s, (_l, next) => visit(next, depth - 1));
    };
    visit(start(), 2);
    expect(permuted).toBeGreaterThan(50);
    // Two shmem regions, one written: which region holds the page is told apart, and the
    // representative of either order is the same.
    const a = after(start(), [SHMEM, SHMEM, 'write(a, 7)']);
    const b = after(start(), [SHMEM, SHMEM, 'write(b, 7)']);
    expect(words(sys, a)).not.toBe(words(sys, b));
    expect(canonical(a)).toBe(canonical(b));
  });

  it('drops an object nothing reaches any more, with its pages (the last fput)', () => {
    const written = after(start(), [SHMEM, 'write(a, 7)']);
    expect(written.kernel.files.find((f) => f.kind === 'shmem')?.cache.size).toBe(1);
    const unmapped = after(written, ['munmap(a, 2P)']);
    expect(unmapped.kernel.files.find((f) => f.kind === 'shmem')?.cache.size).toBe(0);
    expect(decoded(unmapped).kernel.files.map((f) => f.kind)).toEqual(['regular']);
    // A fork child still mapping it keeps it.
    const forked = after(written, ['fork {', 'munmap(a, 2P)']);
    expect(forked.kernel.files.find((f) => f.kind === 'shmem')?.cache.size).toBe(1);
  });

  it('execve closes the tmpfile and keeps the secretmem descriptor', () => {
    const execd = after(start(), ['memfd_secret(1P)', 'execve()']);
    const fds = [...(execd.kernel.procs[0]?.fds ?? new Map<number, number>())];
    expect(fds.map(([fd, file]) => [fd, execd.kernel.files[file]?.kind])).toEqual([
      [4, 'secretmem'],
    ]);
    const back = decoded(execd).kernel;
    expect([...(back.procs[0]?.fds ?? [])]).toEqual([[4, 0]]);
    expect(back.files.map((f) => f.kind)).toEqual(['secretmem']);
  });
});
