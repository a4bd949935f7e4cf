// Static C programs run on a kernel target: one after the other on this machine for `host`,
// else in a Debian kernel booted once under qemu for all of them (guestProgram.ts). Shared by
// `mmspec run-c` and `mmspec check --emit-c DIR --kernel TARGET`.

import { spawn } from 'node:child_process';
import { constants, release } from 'node:os';
import { runProgramsInGuest, type ProgramEnd } from '../../oracle/guest/guestProgram.js';
import { mmspecCacheDir } from '../../oracle/targets/cacheDir.js';
import type { KernelTarget } from '../../oracle/targets/kernelTargets.js';
import type { Writer } from './io.js';

export interface Ran {
  readonly output: string;
  readonly end: ProgramEnd;
  readonly runMs: number;
}

function runOnHost(binary: string): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({
        output,
        end: signal === null ? { exit: code ?? 0 } : { signal: constants.signals[signal] },
        runMs: Date.now() - started,
      }),
    );
  });
}

/**
 * Every binary on `target`, in order; `header` names the kernel (its `uname -r`, and for a
 * guest the Debian package and how qemu ran it). Fetch and boot lines go to `progress`.
 */
export async function runBinaries(
  target: KernelTarget,
  binaries: readonly string[],
  progress: Writer,
): Promise<{ header: string; runs: readonly Ran[] }> {
  if (target.kind === 'host') {
    const runs: Ran[] = [];
    for (const b of binaries) runs.push(await runOnHost(b));
    return { header: `# kernel host: uname -r ${release()}\n`, runs };
  }
  const r = await runProgramsInGuest(target, binaries, {
    cacheDir: mmspecCacheDir(),
    progress: (line) => progress.write(`${line}\n`),
  });
  const pinned = r.image.fallback === undefined ? 'pinned' : `NOT pinned: ${r.image.fallback}`;
  return {
    header:
      `# kernel ${target.target}: Debian ${r.image.package} ${r.image.version} (${pinned}); ` +
      `uname -r ${r.release}; qemu ${r.accel}; booted in ${(r.bootMs / 1000).toFixed(1)} s\n`,
    runs: r.runs,
  };
}

/** `exit N`, or `killed by signal N`, with the kselftest totals when the output is TAP. */
export function ending(ran: Ran): string {
  const how = 'exit' in ran.end ? `exit ${ran.end.exit}` : `killed by signal ${ran.end.signal}`;
  const totals = /^# Totals: (.*)$/m.exec(ran.output)?.[1];
  const time = `${(ran.runMs / 1000).toFixed(1)} s`;
  return totals === undefined ? `${how} (${time})` : `${how}; TAP ${totals} (${time})`;
}
