// `mmspec run-c FILE.c... [--kernel TARGET...]`: builds each self-contained C program (an
// `--emit-c` reproducer of `mmspec check`, a kselftest of `mmspec table --emit-kselftest`)
// statically with -Wall -Werror and runs it on each kernel target: on this machine for `host`,
// else in a Debian kernel booted once under qemu for all of them (guestProgram.ts). Prints the
// program's output, how it ended and, for TAP output, its totals. Exit status: 0 every program
// exited 0 everywhere (or, for a kselftest, KSFT_SKIP: the kernel lacks the feature), 1 one did not, 2 misuse (an unknown target, a program that does not
// compile, qemu or the image missing).

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { constants, release, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { compileStatic, ProgramBuildError } from '../oracle/guest/compileStatic.js';
import { runProgramsInGuest, type ProgramEnd } from '../oracle/guest/guestProgram.js';
import { GuestBootError } from '../oracle/guest/qemuGuest.js';
import { mmspecCacheDir } from '../oracle/targets/cacheDir.js';
import { KernelFetchError } from '../oracle/targets/kernelImage.js';
import {
  parseKernelTarget,
  UnknownKernelTargetError,
  type KernelTarget,
} from '../oracle/targets/kernelTargets.js';
import type { CliContext } from './_internals/io.js';

interface Ran {
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

/** Every binary on `target`: one after the other here, or in one guest booted for them all. */
async function runOn(
  target: KernelTarget,
  binaries: readonly string[],
  ctx: CliContext,
): Promise<{ header: string; runs: readonly Ran[] }> {
  if (target.kind === 'host') {
    const runs: Ran[] = [];
    for (const b of binaries) runs.push(await runOnHost(b));
    return { header: `# kernel host: uname -r ${release()}\n`, runs };
  }
  const r = await runProgramsInGuest(target, binaries, {
    cacheDir: mmspecCacheDir(),
    progress: (line) => ctx.stderr.write(`${line}\n`),
  });
  const pinned = r.image.fallback === undefined ? 'pinned' : `NOT pinned: ${r.image.fallback}`;
  return {
    header:
      `# kernel ${target.target}: Debian ${r.image.package} ${r.image.version} (${pinned}); ` +
      `uname -r ${r.release}; qemu ${r.accel}; booted in ${(r.bootMs / 1000).toFixed(1)} s\n`,
    runs: r.runs,
  };
}

/** kselftest's KSFT_SKIP (tools/testing/selftests/kselftest.h): the kernel lacks what the test needs. */
const KSFT_SKIP = 4;
const isSkip = (r: Ran) =>
  'exit' in r.end && r.end.exit === KSFT_SKIP && /^TAP version/m.test(r.output);

/** `exit N`, or `killed by signal N`, with the kselftest totals when the output is TAP. */
function ending(ran: Ran): string {
  const how = 'exit' in ran.end ? `exit ${ran.end.exit}` : `killed by signal ${ran.end.signal}`;
  const totals = /^# Totals: (.*)$/m.exec(ran.output)?.[1];
  const time = `${(ran.runMs / 1000).toFixed(1)} s`;
  return totals === undefined ? `${how} (${time})` : `${how}; TAP ${totals} (${time})`;
}

export function runCCommand(ctx: CliContext, done: (status: number) => void): Command {
  return new Command('run-c')
    .description(
      'build C reproducers (check --emit-c) or kselftests (table --emit-kselftest) statically and run them on kernel targets',
    )
    .argument('<files...>', 'the C programs')
    .option(
      '--kernel <target>',
      'where to run them: host (default), linux-X.Y; repeat for several',
      (value: string, previous: readonly string[] = []) => [...previous, value],
    )
    .action(async (files: string[], flags: { kernel?: string[] }) => {
      const dir = await mkdtemp(join(tmpdir(), 'mmspec-run-c-'));
      try {
        const targets = (flags.kernel ?? ['host']).map((k) => parseKernelTarget(k));
        const binaries: string[] = [];
        for (const file of files)
          binaries.push(await compileStatic(file, join(dir, basename(file).replace(/\.c$/, ''))));
        let failed = 0;
        let skipped = 0;
        let ran = 0;
        for (const target of targets) {
          const name = target.kind === 'host' ? 'host' : target.target;
          const { header, runs } = await runOn(target, binaries, ctx);
          ctx.stdout.write(header);
          for (const [i, r] of runs.entries()) {
            const file = files[i] ?? '';
            ran++;
            if (isSkip(r)) skipped++;
            else if (!('exit' in r.end) || r.end.exit !== 0) failed++;
            ctx.stdout.write(`# ${file} on ${name}:\n`);
            ctx.stdout.write(
              r.output.endsWith('\n') || r.output === '' ? r.output : `${r.output}\n`,
            );
            ctx.stdout.write(`# ${file} on ${name}: ${ending(r)}\n`);
          }
        }
        ctx.stdout.write(
          `# total: ${ran} runs, ${ran - failed - skipped} exited 0, ` +
            `${skipped} skipped (KSFT_SKIP), ${failed} did not\n`,
        );
        done(failed > 0 ? 1 : 0);
      } catch (error) {
        const known =
          error instanceof UnknownKernelTargetError ||
          error instanceof KernelFetchError ||
          error instanceof GuestBootError ||
          error instanceof ProgramBuildError;
        if (!known) throw error;
        ctx.stderr.write(`mmspec run-c: ${error.message}\n`);
        done(2);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
}
