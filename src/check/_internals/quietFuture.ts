// The ends of the threads bound (`--reduce tails`, `ends`, spec/reduction.md): once no call is
// left to start, a state's future is small and fixed: the interleavings of the populations the
// threads still hold (a chain when one thread alone holds one). `quietFuture` walks that future
// in place and says whether any step of it breaks a property; a state whose future breaks none
// need not be stored, since no run through it can reach a violation.

import { QuietMemo } from './quietMemo.js';

export { QuietMemo };

type Successors<S, L> = (s: S, emit: (label: L, next: S) => void) => void;
type Breaks<S, L> = (from: S, label: L, to: S) => boolean;

/**
 * Whether no transition reachable from `start` breaks a property (`breaks(from, to)` false),
 * walking at most `limit` states: a future larger than that is not called quiet, so the state
 * is stored and searched. Without `key` (a chain, one successor a state) nothing is kept and
 * `limit` alone ends a chain that loops. With `key` (the state's packed words, read before
 * the next call), the future is walked depth first and a
 * state seen is not walked again; with `memo` too, a state an earlier walk settled is not
 * walked again, and every state this walk settles is remembered (`keyedWalk`).
 */
export function quietFuture<S, L>(
  start: S,
  successors: Successors<S, L>,
  breaks: Breaks<S, L>,
  key: ((s: S) => Int32Array) | null,
  limit: number,
  memo: QuietMemo | null = null,
): boolean {
  if (key !== null) return keyedWalk(start, successors, breaks, key, limit, memo);
  let walked = 1;
  for (let s: S | undefined = start; s !== undefined;) {
    const from: S = s;
    let broken = false;
    let after: S | undefined;
    successors(from, (label, next) => {
      if (breaks(from, label, next)) broken = true;
      after = next;
      walked++;
    });
    if (broken || walked > limit) return false;
    s = after;
  }
  return true;
}

/** A state of the walk's path: its number in the memo and the successors left to walk. */
interface Frame<S> {
  readonly id: number;
  readonly next: readonly S[];
  at: number;
}

/**
 * The depth-first walk in post-order: a state is settled quiet when every state after it is
 * (popped with its successors walked), and loud with every state on the path to it when a step
 * breaks a property. So each state is walked once however many walks reach it, and a walk that
 * finds a break leaves what it settled for the next. A step back to a state on the path (a
 * population retried at the same page, `env=noprogress`) leaves the states popped after it
 * unsettled until the whole walk is found quiet: their futures pass through a state not yet
 * settled. Without a memo the walk keeps its own.
 */
function keyedWalk<S, L>(
  start: S,
  successors: Successors<S, L>,
  breaks: Breaks<S, L>,
  key: (s: S) => Int32Array,
  limit: number,
  shared: QuietMemo | null,
): boolean {
  const memo = shared ?? new QuietMemo(Number.MAX_SAFE_INTEGER);
  memo.clearIfFull();
  const first = memo.intern(key(start));
  const known = memo.get(first);
  if (known !== undefined) return known;
  const seen = new Set<number>();
  const onPath = new Set<number>();
  const path: Frame<S>[] = [];
  let looped = false;
  /** Pushes `s`'s frame; false when one of its steps breaks a property. */
  const open = (s: S, id: number): boolean => {
    const next: S[] = [];
    let broken = false;
    successors(s, (label, n) => {
      if (broken || breaks(s, label, n)) broken = true;
      else next.push(n);
    });
    seen.add(id);
    if (broken) return false;
    path.push({ id, next, at: 0 });
    onPath.add(id);
    return true;
  };
  /** Settles `id` and every state on the path loud. */
  const loud = (id: number): false => {
    memo.set(id, false);
    for (const f of path) memo.set(f.id, false);
    return false;
  };
  if (!open(start, first)) return loud(first);
  while (path.length > 0) {
    const top = path[path.length - 1] as Frame<S>;
    const next = top.next[top.at++];
    if (next === undefined) {
      path.pop();
      onPath.delete(top.id);
      if (!looped) memo.set(top.id, true);
      continue;
    }
    const id = memo.intern(key(next));
    if (onPath.has(id)) looped = true;
    if (seen.has(id)) continue;
    // NOTE: a state settled by an earlier walk is not counted against `limit`, so with a memo
    // a future past the limit may be called quiet where a walk without one stores it: both
    // are sound (a quiet future is quiet however it was walked), but the counts of a bound
    // whose futures reach the limit then depend on the order the search met them.
    const settled = memo.get(id);
    if (settled === true) continue;
    if (settled === false || !open(next, id)) return loud(id);
    if (seen.size > limit) {
      memo.set(first, false);
      return false;
    }
  }
  if (looped) for (const id of seen) memo.set(id, true);
  return true;
}
