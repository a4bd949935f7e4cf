// Runs self-contained static programs (`--emit-c` reproducers, a table's kselftests) on a Debian
// kernel target: one boot of the target with the programs in a second initramfs archive
// (programInitramfs.ts); init runs them one after the other on the scratch disk and writes
// each one's output, then how it ended, on the first serial port (init.c, program mode), and
// powers the guest off.
// The executor path (guestLauncher.ts) is not involved.

import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { basename } from 'node:path';
import { fetchKernelImage, type KernelImage } from '../targets/kernelImage.js';
import type { DebianKernel } from '../targets/kernelTargets.js';
import { cachedAccel } from './accelProbe.js';
import { buildInitramfs } from './initramfs.js';
import { programInitramfs } from './programInitramfs.js';
import { GuestBootError, QemuGuest } from './qemuGuest.js';
import { scratchDisk } from './scratchDisk.js';

export interface GuestProgramOptions {
  readonly cacheDir: string;
  readonly progress?: (line: string) => void;
  /** How long all programs may run once the guest is up; default 300 s (TCG on a loaded host). */
  readonly runTimeoutMs?: number;
}

/** How the program ended: its exit status, or the signal that killed it. */
export type ProgramEnd = { readonly exit: number } | { readonly signal: number };

export interface ProgramRun {
  /** The program's stdout and stderr, interleaved as written. */
  readonly output: string;
  readonly end: ProgramEnd;
  readonly runMs: number;
}

export interface GuestProgramsRun {
  readonly image: KernelImage;
  /** `uname -r` in the guest. */
  readonly release: string;
  readonly accel: 'kvm' | 'tcg';
  readonly bootMs: number;
  /** One per program, in order. */
  readonly runs: readonly ProgramRun[];
}

const END = /\n@mmspec-program (exit|signal)=(\d+)\n/g;

/** Splits what the port carried into each program's output and end, as far as it has arrived. */
export function parseProgramOutputs(text: string): { output: string; end: ProgramEnd }[] {
  const out: { output: string; end: ProgramEnd }[] = [];
  let from = 0;
  for (const m of text.matchAll(END)) {
    const n = Number(m[2]);
    out.push({
      output: text.slice(from, m.index),
      end: m[1] === 'exit' ? { exit: n } : { signal: n },
    });
    from = m.index + m[0].length;
  }
  return out;
}

/** Reads the port until `count` programs have ended, timing each from the previous end. */
function readRuns(socket: Socket, leftover: string, count: number, timeoutMs: number) {
  return new Promise<ProgramRun[]>((resolve, reject) => {
    let text = leftover;
    let last = Date.now();
    const times: number[] = [];
    const timer = setTimeout(() => {
      socket.off('data', onData);
      reject(new GuestBootError(`the programs did not end within ${timeoutMs / 1000} s:\n${text}`));
    }, timeoutMs);
    const done = () => {
      const runs = parseProgramOutputs(text);
      while (times.length < runs.length) {
        const now = Date.now();
        times.push(now - last);
        last = now;
      }
      if (runs.length < count) return false;
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(runs.map((r, i) => ({ ...r, runMs: times[i] ?? 0 })));
      return true;
    };
    const onData = (chunk: string) => {
      text += chunk;
      done();
    };
    if (done()) return;
    socket.on('data', onData);
    socket.once('close', () => {
      if (done()) return;
      clearTimeout(timer);
      reject(new GuestBootError(`the guest stopped before the programs ended:\n${text}`));
    });
    socket.resume();
  });
}

/** Boots `kernel` once with `programPaths` (static binaries) as its job, run in that order. */
export async function runProgramsInGuest(
  kernel: DebianKernel,
  programPaths: readonly string[],
  options: GuestProgramOptions,
): Promise<GuestProgramsRun> {
  const { cacheDir } = options;
  const image = await fetchKernelImage(kernel, {
    cacheDir,
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  const [base, scratch, programs] = await Promise.all([
    buildInitramfs(cacheDir),
    scratchDisk(cacheDir),
    Promise.all(programPaths.map((p) => readFile(p))),
  ]);
  const initramfs = await programInitramfs(cacheDir, base, programs);
  // No probe here: KVM only where an earlier probe found it works (accelProbe.ts).
  const accel = cachedAccel(cacheDir)?.accel ?? 'tcg';
  const what =
    programPaths.length === 1 ? basename(programPaths[0] ?? '') : `${programPaths.length} programs`;
  options.progress?.(`mmspec: booting ${kernel.target} under qemu (${accel}) to run ${what}...`);
  const guest = await QemuGuest.boot({ vmlinuz: image.vmlinuz, initramfs, scratch, accel });
  try {
    const port = guest.ports[0];
    if (port === undefined) throw new Error('runProgramsInGuest: the guest has no port');
    const runs = await readRuns(
      port.socket,
      port.leftover,
      programPaths.length,
      options.runTimeoutMs ?? 300_000,
    );
    return { image, release: guest.release, accel, bootMs: guest.bootMs, runs };
  } finally {
    await guest.close();
  }
}
