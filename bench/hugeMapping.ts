// A trace that maps, locks and populates 2^40 bytes on the model (issue 13's acceptance: under
// a second and under 200 MB): the run's user CPU time (process.cpuUsage, fair on a shared
// machine where wall time is not), its wall time, and the process's peak RSS, Node included.

import { parse } from '../src/trace/parser.js';
import { resolveProgram } from '../src/trace/resolve.js';
import { runProgram } from '../src/trace/runner.js';
import { engineOf } from '../src/kernel/modelEngine.js';
import type { Benchmark, BenchOutcome } from './benchmark.js';
import { DEFAULT_MODEL, getModel } from '../models/registry.js';

/** 2^40 bytes: mapped locked and populated, split, relocked, forked, moved, unmapped. */
const TRACE = `a = mmap(NULL, 268435456P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED|MAP_POPULATE, -1, 0)
check VmLck = 268435456P
check pages(a + 134217728P, 2P) = "LL"
munlock(a + 134217728P, 1P) = 0
mprotect(a + 134217732P, 2P, PROT_READ) = 0
check vmas(a, 268435456P) = 5
mlock(a, 268435456P) = 0
mprotect(a + 134217732P, 2P, PROT_READ|PROT_WRITE) = 0
check vmas(a, 268435456P) = 1
fork {
  madvise(a, 268435456P, MADV_POPULATE_WRITE) = 0
  check pages(a, 1P) = "p"
}
b = mremap(a, 268435456P, 268435457P, MREMAP_MAYMOVE)
check VmLck = 268435457P
munmap(b, 268435457P) = 0
check VmLck = 0
`;

async function run(): Promise<BenchOutcome> {
  const program = parse(TRACE, 'huge.mmt');
  const engine = engineOf(getModel(DEFAULT_MODEL));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const outcome = await runProgram(program, engine, { constants: resolveProgram(program) });
  const seconds = (performance.now() - started) / 1000;
  const userSeconds = process.cpuUsage(cpu).user / 1e6;
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  if (outcome.unsupported.length > 0)
    throw new Error(`the huge trace did not run: ${outcome.unsupported[0]?.reason ?? ''}`);
  const statements = outcome.steps.length;
  return {
    figures: { statements, userSeconds, seconds: Number(seconds.toFixed(3)), peakRssMB },
    text: `huge: a 2^40-byte mapping locked, populated, split, forked, moved and unmapped (${statements} statements) in ${userSeconds.toFixed(2)} s user CPU (${seconds.toFixed(2)} s wall), peak RSS ${peakRssMB} MB (Node included)`,
  };
}

export const hugeMappingBenchmark: Benchmark = {
  name: 'huge',
  description: 'a 2^40-byte mapping on the model: user CPU and peak RSS (target < 1 s, < 200 MB)',
  usage: '',
  run: () => run(),
};
