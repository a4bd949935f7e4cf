// The deterministic tails of the threads bound (`--reduce tails`, spec/reduction.md): once no
// call is left to start and one thread alone holds a population, the run has one way to go, a
// chain of that thread's population steps to a dead end. `quietTail` walks such a chain in
// place and says whether any of its steps breaks a property; a chain that breaks none need not
// be stored, since no run through it can reach a violation.

/** One step of a chain: the only successor of `s`, or null where the chain ends. */
export type ChainStep<S> = (s: S) => S | null;

/**
 * Whether every step of the chain from `start` breaks no property (`breaks(from, to)` false),
 * walking at most `limit` steps: a chain longer than that (a population retried for ever while
 * the progress property is not checked) is not called quiet, so it is stored and searched.
 */
export function quietTail<S>(
  start: S,
  step: ChainStep<S>,
  breaks: (from: S, to: S) => boolean,
  limit: number,
): boolean {
  let s = start;
  for (let k = 0; k <= limit; k++) {
    const next = step(s);
    if (next === null) return true;
    if (breaks(s, next)) return false;
    s = next;
  }
  return false;
}
