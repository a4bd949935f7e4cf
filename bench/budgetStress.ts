// `npm run stress -- [--count N] [--seed S]`: the safety budget's stress run on this machine's
// kernel (src/oracle/stress/budgetStress.ts); prints the figures, and the traces that left
// something behind. Exit status 0 when none did, 1 otherwise, 2 on bad arguments. Needs root.

import { readFileSync } from 'node:fs';
import { LEAK_KB, budgetStress, type StressFigures } from '../src/oracle/stress/budgetStress.js';

const mlocked = () => /^Mlocked:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? '?';

function option(argv: readonly string[], name: string, fallback: number): number | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

function summary(f: StressFigures): string {
  return (
    `${f.traces} traces in ${f.seconds.toFixed(1)} s: ${f.refusedOnLoad} refused on load, ` +
    `${f.refusedAtRun} refused at a call, ${f.killed} killed by the cgroup, ${f.ranToEnd} ran ` +
    `to the end, ${f.stoppedOtherwise} stopped otherwise; left a process: ${f.leftProcesses}, ` +
    `Mlocked above baseline after 200 ms: ${f.mlockedAbove} (worst ${f.worstMlockedExcessKb} kB), ` +
    `over ${LEAK_KB} kB: ${f.mlockedLeaks}; ` +
    `cgroup ${f.cgroup ?? 'none'}`
  );
}

async function main(argv: readonly string[]): Promise<number> {
  const count = option(argv, '--count', 10_000);
  const seed = option(argv, '--seed', 1);
  if (count === undefined || seed === undefined) {
    process.stderr.write('usage: npm run stress -- [--count N] [--seed S]\n');
    return 2;
  }
  const before = mlocked();
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  let shown = 0;
  const figures = await budgetStress({
    count,
    seed,
    signal: abort.signal,
    progress: (f) => {
      if (f.traces - shown < 500) return;
      shown = f.traces;
      process.stderr.write(`${summary(f)}\n`);
    },
  });
  for (const p of figures.problems) process.stdout.write(`${p}\n`);
  process.stdout.write(`${summary(figures)}\n`);
  await new Promise((r) => setTimeout(r, 2000));
  process.stdout.write(`Mlocked before the run ${before} kB, 2 s after it ${mlocked()} kB\n`);
  return figures.problems.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
