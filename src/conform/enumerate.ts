// Every trace up to a depth over the alphabet, shortest first, in a fixed order (so a run can be
// compared with the last, and the first disagreement found is a shortest one). A non-default
// setup counts as one step: rlimit and CAP_IPC_LOCK are choices like any call.

import { ALPHABET, SETUPS } from './alphabet.js';
import { DEFAULT_SETUP, type ConformSetup, type ConformTrace, type Op } from './op.js';

export interface Alphabet {
  readonly ops: readonly Op[];
  readonly setups: readonly ConformSetup[];
}

export const DEFAULT_ALPHABET: Alphabet = { ops: ALPHABET, setups: SETUPS };

/** How many traces enumerate(depth) yields. */
export function countTraces(depth: number, alphabet: Alphabet = DEFAULT_ALPHABET): number {
  const n = alphabet.ops.length;
  let total = 0;
  for (let k = 0; k <= depth; k++) {
    total += n ** k;
    if (k < depth) total += alphabet.setups.length * n ** k;
  }
  return total;
}

function* sequences(ops: readonly Op[], length: number): Generator<readonly Op[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const head of sequences(ops, length - 1)) for (const op of ops) yield [...head, op];
}

/** Traces of total depth 0, 1, ..., depth; within a depth, the default setup first. */
export function* enumerate(
  depth: number,
  alphabet: Alphabet = DEFAULT_ALPHABET,
): Generator<ConformTrace> {
  for (let k = 0; k <= depth; k++) {
    for (const ops of sequences(alphabet.ops, k)) yield { setup: DEFAULT_SETUP, ops };
    if (k === 0) continue;
    for (const setup of alphabet.setups)
      for (const ops of sequences(alphabet.ops, k - 1)) yield { setup, ops };
  }
}
