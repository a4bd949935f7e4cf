// A breadth-first search of a kernel bound with sleep sets (Godefroid 1996, ch. 5) over the
// independence of bench/_internals/regionIndependence.ts, and without, to count what they would
// spare (issue 15). Its own small search, states keyed by their canonical encoding as text:
// a measurement, not the explorer (src/explore), which has no sleep sets.
//
// The rule, with letters ordered by kind (a letter with its region left out) so that the order
// survives the symmetry reduction's renaming of regions: the successor of `s` by letter `a`
// sleeps every letter `c` independent of `a` at `s` that `s` slept already, or that `s` took and
// whose kind is below `a`'s. A state found again on the same level sleeps only what every
// arrival sleeps; one found on a later level keeps its own. Each sleep set is kept in the frame
// of the representative stored, its letters renamed with the regions (symmetry.ts:canonicalMap).
// Why it keeps every state within the bound, at its depth: take, among the shortest runs to a
// state's class, the one whose kinds read least in dictionary order. Were one of its letters
// asleep where the run takes it, that letter commutes back past the letters that put it to
// sleep to before one of higher kind: a run as short, reaching the same class, that reads less.

import type { BoundedState } from '../../src/check/boundedState.js';
import type { KernelSystem } from '../../src/check/kernelSystem.js';
import type { Letter } from '../../src/check/letter.js';
import { canonicalMap } from '../../src/check/symmetry.js';
import { Decoder } from '../../src/explore/decoder.js';
import { Encoder } from '../../src/explore/encoder.js';
import type { RegionIndependence } from './regionIndependence.js';

export interface SleepSetFigures {
  readonly states: number;
  /** Transitions taken (stepped and judged). */
  readonly transitions: number;
  /** Transitions asleep: letters enabled but not taken. */
  readonly slept: number;
  /** States per depth, from 0. */
  readonly levels: readonly number[];
}

/** A state's key: its representative's words as text. */
function keyText(words: Int32Array): string {
  return Buffer.from(words.buffer, words.byteOffset, words.byteLength).toString('latin1');
}

/**
 * Explores `system` to `maxDepth` calls, with sleep sets over `relation` when `relation` is
 * given, and counts states and transitions. `signal` stops it between states.
 */
export function sleepSetSearch(
  system: KernelSystem,
  maxDepth: number,
  relation: RegionIndependence | null,
  signal?: AbortSignal,
): SleepSetFigures {
  const alphabet = system.alphabet;
  const width = system.encodedWords;
  const encoder = new Encoder(width);
  const decoder = new Decoder();
  const encode = (system.encodeCanonical ?? system.encode).bind(system);
  const decode = system.decode?.bind(system);
  if (decode === undefined) throw new TypeError('sleepSetSearch: the system must decode');
  const indexOf = new Map<Letter, number>(alphabet.map((l, i) => [l, i]));
  const keyOf = (s: BoundedState): string => {
    encoder.reset();
    encode(s, encoder);
    encoder.finish();
    return keyText(encoder.words.subarray(0, width));
  };
  const fromKey = (key: string): BoundedState => {
    const bytes = Buffer.from(key, 'latin1');
    const words = new Int32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + width * 4),
    );
    return decode(decoder.reset(words));
  };
  /** Per state: its depth and the letters it sleeps (a set of letter indices). */
  const seen = new Map<string, { depth: number; asleep: Set<number> }>();
  let frontier: string[] = [];
  for (const s of system.initial()) {
    const key = keyOf(s);
    if (seen.has(key)) continue;
    seen.set(key, { depth: 0, asleep: new Set() });
    frontier.push(key);
  }
  const levels = [frontier.length];
  let transitions = 0;
  let slept = 0;
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const key of frontier) {
      if (signal?.aborted === true) throw new Error('sleepSetSearch: interrupted');
      const s = fromKey(key);
      const asleep = seen.get(key)?.asleep ?? new Set<number>();
      const steps: { letter: number; next: BoundedState }[] = [];
      system.successors(s, (letter, n) =>
        steps.push({ letter: indexOf.get(letter) ?? -1, next: n }),
      );
      for (const { letter: a, next: n } of steps) {
        if (asleep.has(a)) {
          slept++;
          continue;
        }
        transitions++;
        const childAsleep = new Set<number>();
        if (relation !== null)
          for (const { letter: c, next: nc } of steps) {
            if (c === a || !relation.independent(s, c, a, nc, n)) continue;
            if (asleep.has(c) || (relation.kindOf[c] ?? 0) < (relation.kindOf[a] ?? 0))
              childAsleep.add(renamed(relation, c, canonicalMap(n)));
          }
        const childKey = keyOf(n);
        const got = seen.get(childKey);
        if (got === undefined) {
          seen.set(childKey, { depth: depth + 1, asleep: childAsleep });
          next.push(childKey);
        } else if (got.depth === depth + 1) {
          for (const c of got.asleep) if (!childAsleep.has(c)) got.asleep.delete(c);
        }
      }
    }
    frontier = next;
    levels.push(next.length);
  }
  return { states: seen.size, transitions, slept, levels };
}

/** Letter `c` of a successor, in the frame of its representative (region k moved to map[k]). */
function renamed(relation: RegionIndependence, c: number, map: readonly number[] | null): number {
  const region = relation.regionOf[c] ?? -1;
  if (map === null || region < 0 || region >= map.length) return c;
  const to = relation.letterOn(relation.kindOf[c] ?? 0, map[region] ?? region);
  return to < 0 ? c : to;
}
