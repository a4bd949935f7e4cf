// The ends of the threads bound (`--reduce tails`, spec/reduction.md): once no call is left to
// start, a state's future is small and fixed: the interleavings of the populations the threads
// still hold (a chain when one thread alone holds one). `quietFuture` walks that future in
// place and says whether any step of it breaks a property; a state whose future breaks none
// need not be stored, since no run through it can reach a violation.

/**
 * Whether no transition reachable from `start` breaks a property (`breaks(from, to)` false),
 * walking the successors depth first, at most `limit` states: a future larger than that is not
 * called quiet, so the state is stored and searched. With `key`, a state seen is not walked
 * again; without (a chain, one successor a state), nothing is kept and `limit` alone ends a
 * chain that loops.
 */
export function quietFuture<S, L>(
  start: S,
  successors: (s: S, emit: (label: L, next: S) => void) => void,
  breaks: (from: S, label: L, to: S) => boolean,
  key: ((s: S) => string) | null,
  limit: number,
): boolean {
  const seen = new Set<string>(key === null ? [] : [key(start)]);
  let walked = 1;
  const stack: S[] = [start];
  for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
    const from = s;
    let broken = false;
    successors(from, (label, next) => {
      if (broken) return;
      if (breaks(from, label, next)) {
        broken = true;
        return;
      }
      walked++;
      if (key !== null) {
        const k = key(next);
        if (seen.has(k)) return;
        seen.add(k);
      }
      stack.push(next);
    });
    if (broken || walked > limit) return false;
  }
  return true;
}
