// "did you mean MAP_ANONYMOUS?": the known name nearest a misspelt one, if near enough. Here,
// below every room, so that each that refuses a name (a constant, a model, a property, a table,
// a kernel, a bound's key) can offer the one meant.

/**
 * Edits from `a` to `b`: insertions, deletions, substitutions and swaps of two neighbours
 * (`linux-6.81` is one edit from `linux-6.18`), each substring edited once.
 */
function distance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/**
 * The candidate nearest `name` within a third of its length (at least 1 edit), if any; case
 * counts as no edit (`Linux-6.18`, `map_locked`). Of two as near, the one that goes on from
 * `name`, else the one closer in length.
 * Failing that, the one candidate `name` begins (`mlock2` for `mlock2-flags`), when only one
 * does and `name` has three letters or more.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const all = [...candidates];
  const near = nearest(name, all);
  if (near !== undefined || name.length < 3) return near;
  const lower = name.toLowerCase();
  const begun = all.filter((c) => c.toLowerCase().startsWith(lower));
  return begun.length === 1 ? begun[0] : undefined;
}

function nearest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    // The distance is at least the difference in length: skipping those keeps a 10,000-letter
    // misspelling linear instead of 10,000 x the candidates' length.
    const skew = Math.abs(c.length - name.length);
    if (skew > bestDistance) continue;
    const d = distance(lower, c.toLowerCase());
    // Of two as near, one that goes on from the name (`linux-5.10` for `linux-5.1`), then the
    // one closer in length.
    const goesOn = (x: string) => x.toLowerCase().startsWith(lower);
    const tie =
      d === bestDistance &&
      best !== undefined &&
      (goesOn(c) !== goesOn(best) ? goesOn(c) : skew < Math.abs(best.length - name.length));
    const better = d < bestDistance || tie;
    if (better) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean 'X'?` for the candidate nearest `name`, or nothing: for error messages. */
export const didYouMean = (name: string, candidates: Iterable<string>): string => {
  const hint = closest(name, candidates);
  return hint === undefined ? '' : `; did you mean '${hint}'?`;
};

/** `unknown model 'x'; did you mean 'y'? (known: a, b)`: a refused name, the one meant, the rest. */
export const unknownName = (what: string, name: string, known: readonly string[]): string =>
  `unknown ${what} '${name}'${didYouMean(name, known)} (known: ${known.join(', ') || 'none'})`;
