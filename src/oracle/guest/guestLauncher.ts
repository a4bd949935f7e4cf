// The executors of one Debian kernel target: fetches the image, builds the initramfs, boots the
// guest on first use (KVM if the probe says it works, else TCG) and hands out its serial ports
// one executor at a time. A port whose executor broke is retired; when none is left a new guest
// boots (the old one is stopped once its last port is given back).

import { ExecutorProcess } from '../_internals/executorProcess.js';
import type { Launched } from '../_internals/executorPool.js';
import { socketTransport } from '../_internals/executorTransport.js';
import { fetchKernelImage, type KernelImage } from '../targets/kernelImage.js';
import type { DebianKernel } from '../targets/kernelTargets.js';
import { cachedAccel, decideAccel, type AccelVerdict } from './accelProbe.js';
import { buildInitramfs } from './initramfs.js';
import { QemuGuest, type GuestSpec } from './qemuGuest.js';
import { scratchDisk } from './scratchDisk.js';

export interface GuestInfo {
  readonly image: KernelImage;
  /** `uname -r` in the guest. */
  readonly release: string;
  readonly accel: AccelVerdict;
  /** qemu start to every port's greeting, for the first guest. */
  readonly bootMs: number;
}

export interface GuestLauncherOptions {
  readonly cacheDir: string;
  readonly progress?: (line: string) => void;
  /** How long one request may take; default 30 s (TCG is several times slower than the host). */
  readonly requestTimeoutMs?: number;
}

interface Booted {
  readonly guest: QemuGuest;
  next: number;
  open: number;
}

const PROBE_TIMEOUT_MS = 20_000;

export class GuestLauncher {
  private current: Promise<Booted> | undefined;
  private spec: Promise<Omit<GuestSpec, 'accel'> & { image: KernelImage }> | undefined;
  private accel: AccelVerdict | undefined;
  private readonly all: Booted[] = [];
  info: GuestInfo | undefined;

  constructor(
    private readonly kernel: DebianKernel,
    private readonly options: GuestLauncherOptions,
  ) {}

  /** Boots the guest if it is not running yet; resolves with what it is. */
  async boot(): Promise<GuestInfo> {
    await (this.current ??= this.bootOne());
    if (this.info === undefined) throw new Error('GuestLauncher.boot: no guest info');
    return this.info;
  }

  async launch(): Promise<Launched> {
    let booted = await (this.current ??= this.bootOne());
    if (booted.next >= booted.guest.ports.length) {
      this.current = this.bootOne();
      booted = await this.current;
    }
    const port = booted.guest.ports[booted.next++];
    if (port === undefined) throw new Error('GuestLauncher.launch: no port');
    booted.open++;
    const transport = socketTransport(port.socket);
    transport.onGone(() => {
      booted.open--;
      if (booted.open === 0 && booted.next >= booted.guest.ports.length) void this.stop(booted);
    });
    port.socket.resume();
    return ExecutorProcess.attach(
      transport,
      this.options.requestTimeoutMs ?? 30_000,
      port.leftover,
    );
  }

  async close(): Promise<void> {
    const all = [...this.all];
    this.all.length = 0;
    this.current = undefined;
    await Promise.all(all.map((b) => b.guest.close()));
  }

  private async stop(booted: Booted): Promise<void> {
    const i = this.all.indexOf(booted);
    if (i >= 0) this.all.splice(i, 1);
    await booted.guest.close();
  }

  private prepare() {
    const { cacheDir } = this.options;
    return (this.spec ??= (async () => {
      const image = await fetchKernelImage(this.kernel, {
        cacheDir,
        ...(this.options.progress === undefined ? {} : { progress: this.options.progress }),
      });
      const [initramfs, scratch] = await Promise.all([
        buildInitramfs(cacheDir),
        scratchDisk(cacheDir),
      ]);
      return { image, vmlinuz: image.vmlinuz, initramfs, scratch };
    })());
  }

  private async bootOne(): Promise<Booted> {
    const { image, ...spec } = await this.prepare();
    let guest: QemuGuest | undefined;
    this.accel ??= cachedAccel(this.options.cacheDir);
    if (this.accel === undefined) {
      this.accel = await decideAccel(this.options.cacheDir, async () => {
        try {
          guest = await QemuGuest.boot({ ...spec, accel: 'kvm', bootTimeoutMs: PROBE_TIMEOUT_MS });
          return undefined;
        } catch (error) {
          return (error instanceof Error ? error.message : String(error)).split('\n')[0];
        }
      });
    }
    if (guest === undefined) {
      this.options.progress?.(
        `mmspec: booting ${this.kernel.target} under qemu (${this.accel.accel})...`,
      );
      guest = await QemuGuest.boot({ ...spec, accel: this.accel.accel });
    }
    this.info ??= { image, release: guest.release, accel: this.accel, bootMs: guest.bootMs };
    const booted: Booted = { guest, next: 0, open: 0 };
    this.all.push(booted);
    return booted;
  }
}
