// CPU time of a stretch of a benchmark, and the figures the micro-benchmarks report of runs.

/** CPU microseconds (user and system) since `t0` (process.cpuUsage()). */
export function cpuMicrosSince(t0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(t0);
  return d.user + d.system;
}

/** The least and the median of `xs` (0 and 0 when empty). */
export function leastAndMedian(xs: readonly number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  return [s[0] ?? 0, s[s.length >> 1] ?? 0];
}
