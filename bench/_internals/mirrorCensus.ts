// The census of bench/stabilizer.ts: over the states a search expands, how many a relabelling
// leaves as they are, how many transitions are mirror images of another letter's, and an audit
// of each of those: it must reach the state its orbit's first letter reaches (canonical
// words), with the same kind of result and the same verdict from every transition property.

import type { BoundedState } from '../../src/check/boundedState.js';
import type { KernelSystem } from '../../src/check/kernelSystem.js';
import type { Letter } from '../../src/check/letter.js';
import type { Result } from '../../src/kernel/result.js';
import { Decoder } from '../../src/explore/decoder.js';
import { Encoder } from '../../src/explore/encoder.js';
import type { Stabilizer } from './stabilizer.js';

export interface MirrorCensus {
  /** States expanded, by the order of their stabilizer. */
  readonly orders: ReadonlyMap<number, number>;
  readonly transitions: number;
  /** Transitions whose letter is not its orbit's first. */
  readonly spared: number;
  /** Spared transitions that went elsewhere, or were judged otherwise, than their orbit's first. */
  readonly otherwise: number;
  readonly examples: readonly string[];
}

/** What a spared transition must share with its orbit's first. */
interface Outcome {
  readonly words: string;
  readonly result: string;
  readonly verdicts: string;
}

/** The kind of result, and the errno or signal: a mirror letter's address is another region's. */
const resultKind = (r: Result | null): string =>
  r === null ? 'none' : r.kind === 'errno' ? r.errno : r.kind === 'signal' ? r.signal : r.kind;

/** The census over the states whose keys are `keys` (bench/_internals/expandedKeys.ts). */
export function mirrorCensus(
  system: KernelSystem,
  stab: Stabilizer,
  keys: readonly Int32Array[],
  signal: AbortSignal,
): MirrorCensus {
  const decode = system.decode?.bind(system);
  if (decode === undefined) throw new Error('mirrorCensus: the system has no decoder');
  const encodeCanonical = (system.encodeCanonical ?? system.encode).bind(system);
  const props = system.transitionProperties ?? [];
  const index = new Map<Letter, number>(system.alphabet.map((l, i) => [l, i]));
  const decoder = new Decoder();
  const encoder = new Encoder(system.encodedWords);
  const outcomeOf = (from: BoundedState, letter: Letter, to: BoundedState): Outcome => {
    encoder.reset();
    encodeCanonical(to, encoder);
    encoder.finish();
    return {
      words: encoder.words.join(','),
      result: resultKind(to.result),
      verdicts: props.map((p) => (p.holds(from, letter, to) ? '1' : '0')).join(''),
    };
  };
  const orders = new Map<number, number>();
  let transitions = 0;
  let spared = 0;
  let otherwise = 0;
  const examples: string[] = [];
  for (const key of keys) {
    if (signal.aborted) break;
    const from = decode(decoder.reset(key));
    const first = stab.representatives(from);
    const order = stab.order;
    orders.set(order, (orders.get(order) ?? 0) + 1);
    // Only a state with a relabelling has mirror images to audit.
    const outcomes = new Map<number, Outcome>();
    system.successors(from, (letter, to) => {
      transitions++;
      const i = index.get(letter) ?? -1;
      if (first[i] !== i) spared++;
      if (order > 1) outcomes.set(i, outcomeOf(from, letter, to));
    });
    for (const [i, outcome] of outcomes) {
      const j = first[i] ?? i;
      if (j === i) continue;
      const mirror = outcomes.get(j);
      const same =
        mirror !== undefined &&
        mirror.words === outcome.words &&
        mirror.result === outcome.result &&
        mirror.verdicts === outcome.verdicts;
      if (same) continue;
      otherwise++;
      if (examples.length < 3)
        examples.push(`letter ${i} against ${j} at a state of ${from.hints} regions`);
    }
  }
  return { orders, transitions, spared, otherwise, examples };
}
