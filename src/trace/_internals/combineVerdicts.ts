// The verdicts of a trace run in every interleaving of its threads: one verdict a statement,
// holding when it held in every run (for `check some`, in at least one), seen as the set of
// what the runs saw.

import type { Verdict } from '../judge.js';

const keyOf = (v: Verdict): string => `${v.line}:${v.column}:${v.subject}`;

/** `runs`: each run's verdicts; `some`: the lines of `check some` statements. */
export function combineVerdicts(
  runs: readonly (readonly Verdict[])[],
  some: ReadonlySet<number>,
): Verdict[] {
  const order: string[] = [];
  const byKey = new Map<string, Verdict[]>();
  for (const run of runs) {
    for (const v of run) {
      const key = keyOf(v);
      const all = byKey.get(key);
      if (all === undefined) {
        order.push(key);
        byKey.set(key, [v]);
      } else all.push(v);
    }
  }
  return order.map((key) => {
    const all = byKey.get(key) ?? [];
    const first = all[0] as Verdict;
    const seen = [...new Set(all.map((v) => v.seen))];
    const held = some.has(first.line) ? all.some((v) => v.held) : all.every((v) => v.held);
    // A statement some runs never reached fails: it must hold in every interleaving.
    const reached = all.length === runs.length || some.has(first.line);
    return {
      ...first,
      held: held && reached,
      seen: seen.length === 1 ? (seen[0] ?? '') : `{${seen.join(', ')}}`,
    };
  });
}
