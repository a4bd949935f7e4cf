// `mmspec run-c FILE.c... [--kernel TARGET...]`: builds each self-contained C program (an
// `--emit-c` reproducer of `mmspec check`, a kselftest of `mmspec table --emit-kselftest`)
// statically with -Wall -Werror and runs it on each kernel target: on this machine for `host`,
// else in a Debian kernel booted once under qemu for all of them (guestProgram.ts). Prints the
// program's output, how it ended and, for TAP output, its totals. Exit status: 0 every program
// exited 0 everywhere (or, for a kselftest, KSFT_SKIP: the kernel lacks the feature), 1 one did not, 2 misuse (a file not .c or missing, an unknown target, a program that does not
// compile, qemu or the image missing).

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { compileStatic, ProgramBuildError } from '../oracle/guest/compileStatic.js';
import { GuestBootError } from '../oracle/guest/qemuGuest.js';
import { KernelFetchError } from '../oracle/targets/kernelImage.js';
import { parseKernelTarget, UnknownKernelTargetError } from '../oracle/targets/kernelTargets.js';
import type { CliContext } from './_internals/io.js';
import { collect } from './_internals/sharedOptions.js';
import { ending, runBinaries, type Ran } from './_internals/runBinaries.js';
import { counted } from '../trace/counted.js';

/** kselftest's KSFT_SKIP (tools/testing/selftests/kselftest.h): the kernel lacks what the test needs. */
const KSFT_SKIP = 4;
const isSkip = (r: Ran) =>
  'exit' in r.end && r.end.exit === KSFT_SKIP && /^TAP version/m.test(r.output);

/**
 * Why `file` is no program run-c can build, if it is not: cc would take any other file for
 * the linker (a trace, `x.mmt`, ends in ld's "treating as linker script").
 */
function notAProgram(file: string): string | undefined {
  if (!file.endsWith('.c')) {
    const trace = file.endsWith('.mmt') ? `; a trace runs with mmspec run ${file}` : '';
    return `${file} is not a C program: run-c takes .c files (check --emit-c, table --emit-kselftest)${trace}`;
  }
  if (!existsSync(file)) return `${file}: no such file`;
  return undefined;
}

export function runCCommand(ctx: CliContext, done: (status: number) => void) {
  return new Command('run-c')
    .description(
      'build C reproducers (check --emit-c) or kselftests (table --emit-kselftest) statically and run them on kernel targets',
    )
    .argument('<files...>', 'the C programs')
    .option(
      '--kernel <target>',
      'where to run them: host (default), linux-X.Y; repeat for several',
      collect,
    )
    .action(async (files: string[], flags: { kernel?: string[] }) => {
      const refusal = files.map(notAProgram).find((r) => r !== undefined);
      if (refusal !== undefined) {
        ctx.stderr.write(`mmspec run-c: ${refusal}\n`);
        return done(2);
      }
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
          const { header, runs } = await runBinaries(target, binaries, ctx.stderr);
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
          `# total: ${counted(ran, 'run')}, ${ran - failed - skipped} exited 0, ` +
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
