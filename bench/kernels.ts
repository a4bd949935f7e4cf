// `npm run bench -- kernels [--targets host,linux-6.1,...|all]`: traces/s of the
// litmus corpus on each kernel target, with the boot excluded (the corpus once the guest is up)
// and included (fetch excluded: images are fetched before timing), and the boot time itself.
// Guests run one at a time, so a figure is not shared with another guest's CPU.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Program } from '../src/trace/ast.js';
import { parse } from '../src/trace/parser.js';
import { resolveProgram } from '../src/trace/resolve.js';
import { runProgram } from '../src/trace/runner.js';
import { kernelEngine } from '../src/oracle/kernelEngine.js';
import { mmspecCacheDir } from '../src/oracle/targets/cacheDir.js';
import { fetchKernelImage } from '../src/oracle/targets/kernelImage.js';
import {
  DEBIAN_KERNELS,
  parseKernelTarget,
  targetName,
} from '../src/oracle/targets/kernelTargets.js';
import type { Benchmark, BenchOutcome } from './benchmark.js';

function litmusPrograms(): Program[] {
  const dir = join(process.cwd(), 'spec', 'litmus');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mmt'))
    .map((f) => parse(readFileSync(join(dir, f), 'utf8'), f));
}

async function run(args: readonly string[], signal: AbortSignal): Promise<BenchOutcome> {
  const { values } = parseArgs({ args: [...args], options: { targets: { type: 'string' } } });
  // By default the host and one guest: `npm run bench` runs every benchmark, and eleven boots
  // under TCG would dominate it. --targets all measures every target.
  const names =
    values.targets === 'all'
      ? ['host', ...DEBIAN_KERNELS.map((k) => k.target)]
      : (values.targets ?? 'host,linux-6.1').split(',');
  const programs = litmusPrograms();
  const figures: Record<string, number> = { traces: programs.length };
  const lines: string[] = [];
  for (const name of names) {
    if (signal.aborted) break;
    const target = parseKernelTarget(name);
    if (target.kind === 'debian') await fetchKernelImage(target, { cacheDir: mmspecCacheDir() });
    const started = performance.now();
    const engine = kernelEngine({ target });
    const guest = await engine.guest();
    const booted = performance.now();
    for (const program of programs) {
      if (signal.aborted) break;
      await runProgram(program, engine, { constants: resolveProgram(program) });
    }
    const ended = performance.now();
    await engine.close();
    const key = targetName(target);
    const bootS = (booted - started) / 1000;
    const excluded = programs.length / ((ended - booted) / 1000);
    const included = programs.length / ((ended - started) / 1000);
    figures[`${key}.bootSeconds`] = Number(bootS.toFixed(1));
    figures[`${key}.tracesPerSecond`] = Number(excluded.toFixed(1));
    figures[`${key}.tracesPerSecondWithBoot`] = Number(included.toFixed(1));
    const how = guest === undefined ? 'host' : `${guest.release}, qemu ${guest.accel.accel}`;
    lines.push(
      `  ${key.padEnd(10)} boot ${bootS.toFixed(1).padStart(5)} s, ${excluded.toFixed(1).padStart(6)} traces/s ` +
        `(${included.toFixed(1)} with the boot)  [${how}]`,
    );
  }
  return {
    figures,
    text: `kernels: the litmus corpus (${programs.length} traces)\n${lines.join('\n')}`,
  };
}

export const kernelsBenchmark: Benchmark = {
  name: 'kernels',
  description: 'traces/s of the litmus corpus per kernel target, boot excluded and included',
  usage: '[--targets host,linux-6.1,...|all]',
  run,
};
