// The states a kernel bound's search expands, as the store keeps them: the micro-benchmarks of
// the step, the encoding and the properties replay the search's own work from these.

import type { KernelSystem } from '../../src/check/kernelSystem.js';
import { Encoder } from '../../src/explore/encoder.js';
import { explore } from '../../src/explore/explore.js';

/**
 * The key of every state a search of `system` to `maxDepth` expands (all but its last level),
 * in the order it expands them: the search runs with no property, exhaustively.
 */
export async function expandedKeys(
  system: KernelSystem,
  maxDepth: number,
  signal: AbortSignal,
): Promise<Int32Array[]> {
  const words = system.encodedWords;
  const encoder = new Encoder(words);
  const encode = (system.encodeCanonical ?? system.encode).bind(system);
  const keys: Int32Array[] = [];
  await explore(
    {
      ...system,
      invariants: [],
      transitionProperties: [],
      successors: (s, emit) => {
        encoder.reset();
        encode(s, encoder);
        encoder.finish();
        keys.push(encoder.words.slice(0, words));
        system.successors(s, emit);
      },
    },
    { maxDepth, exhaustive: true, signal },
  );
  return keys;
}
