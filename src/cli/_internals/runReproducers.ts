// `check --emit-c DIR --kernel TARGET`: each reproducer just written, built static and run on
// the target (this machine, or a Debian kernel booted once under qemu for all of them), with
// the kernel's `uname -r` and each reproducer's verdict: does the kernel do what the model
// predicted along the counterexample?

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compileStatic } from '../../oracle/guest/compileStatic.js';
import type { KernelTarget } from '../../oracle/targets/kernelTargets.js';
import type { Writer } from './io.js';
import { ending, runBinaries, type Ran } from './runBinaries.js';

/** The reproducer's own exit codes (src/oracle/reproducer/emitC.ts). */
function verdict(r: Ran, model: string): string {
  if (!('exit' in r.end)) return 'could not tell: the reproducer was killed';
  if (r.end.exit === 0) return `reproduces: the kernel does what model ${model} predicts`;
  if (r.end.exit === 1) return `does not reproduce: the kernel differs from model ${model}`;
  if (r.end.exit === 3) return 'could not tell: the kernel cannot set up the trace';
  return 'could not tell: the reproducer failed';
}

/** Builds and runs `files` on `target`; writes the kernel line, each output and verdict. */
export async function runReproducers(
  files: readonly string[],
  target: KernelTarget,
  model: string,
  out: Writer,
  progress: Writer,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'mmspec-check-repro-'));
  try {
    const binaries: string[] = [];
    for (const file of files)
      binaries.push(await compileStatic(file, join(dir, basename(file).replace(/\.c$/, ''))));
    const name = target.kind === 'host' ? 'host' : target.target;
    const { header, runs } = await runBinaries(target, binaries, progress);
    out.write(header);
    for (const [i, r] of runs.entries()) {
      const file = files[i] ?? '';
      out.write(r.output.endsWith('\n') || r.output === '' ? r.output : `${r.output}\n`);
      out.write(`# ${file} on ${name}: ${verdict(r, model)} (${ending(r)})\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
