// The persistent-set test of the threads bound's reduction (spec/reduction.md): once neither
// thread can start a call, each thread's future is one deterministic run of population steps,
// and the interleavings of two such runs are explored through one order where it is safe.
//
// `runsAloneFirst(s, first, other, steps)` says whether the search may take only `first`'s next
// step `a` at `s` and drop every interleaving that starts with `other`. It walks `other`'s solo
// run from `s`, t0 = s, t1, ..., tn (other done), and demands at every tk:
// - the diamond: `a` then `other`'s step reaches the same state as `other`'s step then `a`;
// - `a` breaks the same properties at tk as at s (so moving `a` to the front keeps its verdict);
// - `other`'s step breaks no property, before or after `a` (so no run that ends with one of
//   `other`'s steps is lost or lengthened).
// Then every run from s is a run of the reduced graph with `a` moved to the front: the same
// states from there on, the same verdicts, the same length (the argument: spec/reduction.md).

/** How the test steps and compares the states of a system with two threads. */
export interface ThreadSteps<S> {
  /** Thread `i`'s next step from `s` (a fresh state), or null when it has none. */
  readonly next: (s: S, i: number) => S | null;
  /** The state's canonical encoding, as a comparable string. */
  readonly key: (s: S) => string;
  /** The names of the properties thread `i`'s step from `from` to `to` breaks, joined. */
  readonly broken: (from: S, i: number, to: S) => string;
}

export function runsAloneFirst<S>(s: S, first: number, other: number, steps: ThreadSteps<S>) {
  let a = steps.next(s, first);
  if (a === null) return false;
  const verdict = steps.broken(s, first, a);
  let t = s;
  for (;;) {
    const b = steps.next(t, other);
    if (b === null) return true;
    if (steps.broken(t, other, b) !== '') return false;
    const ab = steps.next(a, other);
    if (ab === null || steps.broken(a, other, ab) !== '') return false;
    const ba = steps.next(b, first);
    if (ba === null || steps.broken(b, first, ba) !== verdict) return false;
    if (steps.key(ab) !== steps.key(ba)) return false;
    t = b;
    a = ba;
  }
}
