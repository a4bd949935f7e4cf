// One Debian kernel booted under qemu-system-x86_64: `-kernel` the target's image, `-initrd` our
// initramfs (init + executor), a scratch ext4 disk on NVMe (snapshot=on: the cached image is
// never written), the console on ttyS0 into a log file, and CHANNELS more serial ports, each a
// unix socket that qemu connects to at start-up (so nothing the guest writes is lost). On each
// port the guest's init starts an executor that first says `guest RELEASE`.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHANNELS = 3;

export type Accel = 'kvm' | 'tcg';

export interface GuestSpec {
  readonly vmlinuz: string;
  readonly initramfs: string;
  /** An ext4 image; the guest writes to a throw-away overlay. */
  readonly scratch: string;
  readonly accel: Accel;
  readonly memoryMb?: number;
  /** How long the boot may take before the guest is given up; default 300 s (TCG, loaded host). */
  readonly bootTimeoutMs?: number;
}

export interface GuestPort {
  readonly socket: Socket;
  /** What was read past the `guest RELEASE` line. */
  readonly leftover: string;
}

/** qemu is missing, or the guest did not come up: the message says what to do. */
export class GuestBootError extends Error {
  override name = 'GuestBootError';
}

const running = new Set<ChildProcess>();
let hooked = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

export function qemuArgs(spec: GuestSpec, dir: string): string[] {
  // pku=off: with protection keys, x86 gives a PROT_EXEC-only mapping an execute-only pkey, so
  // population cannot read it and mlock fails with ENOMEM (litmus mlock+PROT_EXEC); the
  // reference machine's CPU has no PKU, and the guest must not differ from it in that.
  // la57=off: with 5-level paging TASK_SIZE is 2^56 less a page instead of 2^47 less a page,
  // so a MAP_FIXED mapping or a munmap past 2^47 succeeds (litmus mmap+bad_arguments,
  // munmap+invalid_arguments, where the munmap then took the executor's stack); the reference
  // machine pages at 4 levels, and the models take its TASK_SIZE.
  const cpu =
    spec.accel === 'kvm'
      ? ['-accel', 'kvm', '-cpu', 'host,pku=off,la57=off']
      : ['-accel', 'tcg', '-cpu', 'max,pku=off,la57=off'];
  const ports = Array.from({ length: CHANNELS }, (_, i) => [
    '-chardev',
    `socket,id=c${i + 1},path=${join(dir, `c${i + 1}.sock`)}`,
    '-serial',
    `chardev:c${i + 1}`,
  ]).flat();
  return [
    ...cpu,
    ...['-m', `${spec.memoryMb ?? 512}M`, '-smp', '1'],
    ...['-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot'],
    ...['-kernel', spec.vmlinuz, '-initrd', spec.initramfs],
    '-append',
    // THP for MADV_HUGEPAGE regions as on the host (init also writes `madvise`; the executor
    // turns it off in every trace but a `thp on` one); panic=-1 with -no-reboot: a panic ends qemu.
    // no_timer_check: on a loaded host a TCG guest can miss the IO-APIC timer check and panic
    // ("IO-APIC + timer doesn't work!"). The rest only shortens a boot under TCG (no crypto
    // self-tests, no TSC watchdog, no speculation mitigations): none of it touches what the
    // traces observe.
    'console=ttyS0 panic=-1 transparent_hugepage=madvise rdinit=/init quiet loglevel=4 ' +
      'no_timer_check cryptomgr.notests tsc=reliable mitigations=off',
    ...['-chardev', `file,id=con,path=${join(dir, 'console.log')}`, '-serial', 'chardev:con'],
    ...ports,
    ...['-drive', `file=${spec.scratch},if=none,id=scratch,format=raw,snapshot=on`],
    ...['-device', 'nvme,drive=scratch,serial=mmspec'],
  ];
}

/** Reads the first line from a socket, keeping what follows it. */
function firstLine(socket: Socket): Promise<{ line: string; leftover: string }> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    socket.setEncoding('utf8');
    const onData = (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      socket.off('data', onData);
      socket.pause();
      resolve({ line: buffer.slice(0, nl), leftover: buffer.slice(nl + 1) });
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new GuestBootError('a guest serial port closed at boot')));
  });
}

export class QemuGuest {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly servers: readonly Server[],
    /** `uname -r` in the guest. */
    readonly release: string,
    readonly ports: readonly GuestPort[],
    /** From spawning qemu to every port's greeting. */
    readonly bootMs: number,
  ) {}

  static async boot(spec: GuestSpec): Promise<QemuGuest> {
    const dir = await mkdtemp(join(tmpdir(), 'mmspec-guest-'));
    const servers: Server[] = [];
    const connected: Promise<Socket>[] = [];
    for (let i = 1; i <= CHANNELS; i++) {
      const server = createServer();
      servers.push(server);
      connected.push(new Promise((resolve) => server.once('connection', resolve)));
      await new Promise<void>((resolve) => server.listen(join(dir, `c${i}.sock`), resolve));
    }
    const started = Date.now();
    const child = spawn('qemu-system-x86_64', qemuArgs(spec, dir), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    killOnExit(child);
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (c: string) => (stderr += c));
    const cleanup = async () => {
      child.kill('SIGKILL');
      for (const s of servers) s.close();
      await rm(dir, { recursive: true, force: true });
    };
    const died = new Promise<never>((_, reject) => {
      child.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          new GuestBootError(
            e.code === 'ENOENT'
              ? 'qemu-system-x86_64 is not installed; install it: apt-get install qemu-system-x86'
              : `qemu-system-x86_64: ${e.message}`,
          ),
        ),
      );
      child.once('exit', (code, signal) => {
        void readFile(join(dir, 'console.log'), 'utf8')
          .catch(() => '')
          .then((log) => {
            const tail = `${stderr}\n${log}`.trim().split('\n').slice(-6).join('\n  ');
            const how = signal ?? `status ${code ?? '?'}`;
            reject(new GuestBootError(`the guest stopped while booting (${how}):\n  ${tail}`));
          });
      });
    });
    const timeoutMs = spec.bootTimeoutMs ?? 300_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new GuestBootError(`the guest did not come up within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
    });
    try {
      const greeted = Promise.all(
        connected.map(async (c) => ({ socket: await c, ...(await firstLine(await c)) })),
      );
      const ports = await Promise.race([greeted, died, timeout]);
      const release = /^guest (\S+)$/.exec(ports[0]?.line ?? '')?.[1];
      if (release === undefined)
        throw new GuestBootError(`the guest said '${ports[0]?.line ?? ''}'`);
      child.removeAllListeners('exit');
      child.unref();
      return new QemuGuest(
        child,
        dir,
        servers,
        release,
        ports.map(({ socket, leftover }) => ({ socket, leftover })),
        Date.now() - started,
      );
    } catch (error) {
      died.catch(() => undefined);
      const log = await readFile(join(dir, 'console.log'), 'utf8').catch(() => '');
      await cleanup();
      // qemu itself failed (an abort under KVM, a bad option): its own words say why.
      const said = stderr.trim().split('\n')[0] ?? '';
      if (error instanceof GuestBootError && said !== '' && !error.message.includes(said))
        throw new GuestBootError(`${error.message}; qemu said: ${said}`);
      if (!(error instanceof GuestBootError) || log === '' || error.message.includes('\n'))
        throw error;
      const tail = log.replace(/\r/g, '').trim().split('\n').slice(-4).join('\n  ');
      throw new GuestBootError(`${error.message}; the console's last lines:\n  ${tail}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops qemu and removes the sockets. */
  async close(): Promise<void> {
    for (const p of this.ports) p.socket.destroy();
    this.child.kill('SIGKILL');
    for (const s of this.servers) s.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
