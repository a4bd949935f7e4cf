// Runs one self-contained static program (an `--emit-c` reproducer, a table's kselftest) on a
// Debian kernel target: one boot of the target with the program in a second initramfs archive
// (programInitramfs.ts); init runs it on the scratch disk and writes its output, then how it
// ended, on the first serial port (init.c, program mode), and powers the guest off.
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
  /** How long the program may run once the guest is up; default 300 s (TCG on a loaded host). */
  readonly runTimeoutMs?: number;
}

/** How the program ended: its exit status, or the signal that killed it. */
export type ProgramEnd = { readonly exit: number } | { readonly signal: number };

export interface GuestProgramRun {
  readonly image: KernelImage;
  /** `uname -r` in the guest. */
  readonly release: string;
  readonly accel: 'kvm' | 'tcg';
  /** The program's stdout and stderr, interleaved as written. */
  readonly output: string;
  readonly end: ProgramEnd;
  readonly bootMs: number;
  readonly runMs: number;
}

// Anchored: init's line is the last thing on the port, whatever the program printed before.
const END = /\n@mmspec-program (exit|signal)=(\d+)\n$/;

/** Splits what the port carried into the program's output and its end, once the end arrived. */
export function parseProgramOutput(text: string): { output: string; end: ProgramEnd } | undefined {
  const m = END.exec(text);
  if (m === null) return undefined;
  const n = Number(m[2]);
  return { output: text.slice(0, m.index), end: m[1] === 'exit' ? { exit: n } : { signal: n } };
}

function readUntilEnd(socket: Socket, leftover: string, timeoutMs: number) {
  return new Promise<{ output: string; end: ProgramEnd }>((resolve, reject) => {
    let text = leftover;
    const timer = setTimeout(() => {
      socket.off('data', onData);
      reject(new GuestBootError(`the program did not end within ${timeoutMs / 1000} s:\n${text}`));
    }, timeoutMs);
    const done = () => {
      const parsed = parseProgramOutput(text);
      if (parsed === undefined) return false;
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(parsed);
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
      reject(new GuestBootError(`the guest stopped before the program ended:\n${text}`));
    });
    socket.resume();
  });
}

/** Boots `kernel` once with `programPath` (a static binary) as its job and returns what it did. */
export async function runProgramInGuest(
  kernel: DebianKernel,
  programPath: string,
  options: GuestProgramOptions,
): Promise<GuestProgramRun> {
  const { cacheDir } = options;
  const image = await fetchKernelImage(kernel, {
    cacheDir,
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  const [base, scratch, program] = await Promise.all([
    buildInitramfs(cacheDir),
    scratchDisk(cacheDir),
    readFile(programPath),
  ]);
  const initramfs = await programInitramfs(cacheDir, base, program);
  // No probe here: KVM only where an earlier probe found it works (accelProbe.ts).
  const accel = cachedAccel(cacheDir)?.accel ?? 'tcg';
  options.progress?.(
    `mmspec: booting ${kernel.target} under qemu (${accel}) to run ${basename(programPath)}...`,
  );
  const guest = await QemuGuest.boot({ vmlinuz: image.vmlinuz, initramfs, scratch, accel });
  try {
    const port = guest.ports[0];
    if (port === undefined) throw new Error('runProgramInGuest: the guest has no port');
    const started = Date.now();
    const { output, end } = await readUntilEnd(
      port.socket,
      port.leftover,
      options.runTimeoutMs ?? 300_000,
    );
    return {
      image,
      release: guest.release,
      accel,
      output,
      end,
      bootMs: guest.bootMs,
      runMs: Date.now() - started,
    };
  } finally {
    await guest.close();
  }
}
