// `npm run fuzz -- [--runs N] [--seed S]`: the long fuzz campaign of issue 13 against the
// command line, in process. Prints the tally: cases by kind and exit status, and the
// findings — uncaught exceptions, internal errors, runs over 2 s of CPU, misuse not reported
// in one line, raw control bytes — with the first inputs that showed each. Exit status 0 when there
// are none, 1 otherwise, 2 on a bad option. An out-of-memory abort ends the process itself:
// a run that prints its tally ran out of memory 0 times.

import { fileURLToPath } from 'node:url';
import { type FuzzTally, fuzz, litmusCorpus } from './fuzzCases.js';

function option(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isSafeInteger(n) || n < 0) {
    process.stderr.write(`fuzz: ${name} takes a whole number, got '${argv[i + 1] ?? ''}'\n`);
    process.exit(2);
  }
  return n;
}

function report(t: FuzzTally, seconds: number, heapMB: number): string {
  const f = t.findings;
  const lines = [
    `fuzz: ${t.runs} cases in ${seconds.toFixed(0)} s (${Object.entries(t.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')})`,
    `exit statuses: ${Object.entries(t.byStatus)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}`,
    `uncaught exceptions ${f.uncaught}, internal errors ${f.internal}, over 2 s of CPU ${f.slow} (slowest ${(t.slowestMs / 1000).toFixed(2)} s), out of memory 0 (peak heap ${heapMB} MB)`,
    `misuse not one line ${f.lines}, wrong exit status ${f.status}, raw control bytes ${f.control}`,
  ];
  for (const e of t.examples)
    lines.push('', `${e.kind} [${e.findings.join(', ')}]: ${e.input}`, e.excerpt);
  return `${lines.join('\n')}\n`;
}

async function run(argv: readonly string[]): Promise<number> {
  const runs = option(argv, '--runs', 10_000);
  const seed = option(argv, '--seed', 20261203);
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const t0 = performance.now();
  let peak = 0;
  const tally = await fuzz(litmusCorpus(root), {
    runs,
    seed,
    onCase: (t) => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (t.runs % 1000 === 0 && process.stderr.isTTY)
        process.stderr.write(`\r\x1b[K${t.runs}/${runs} cases`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  process.stdout.write(
    `seed ${seed}\n${report(tally, (performance.now() - t0) / 1000, Math.round(peak / 2 ** 20))}`,
  );
  return Object.values(tally.findings).some((n) => n > 0) ? 1 : 0;
}

process.exitCode = await run(process.argv.slice(2));
