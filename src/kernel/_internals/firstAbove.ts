// Binary search over an ascending list of numbers: the run lists of pteRuns.ts and pageRuns.ts,
// the large-folio heads of largeFolios.ts.

/** The index of the first element of `sorted` (ascending) greater than `x`; its length if none. */
export function firstAbove(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
