// What `mmspec kernels` shows: every target with its pinned package, what is cached, and how a
// guest would run here (qemu present? KVM or TCG?).

import { execFileSync } from 'node:child_process';
import { release } from 'node:os';
import { cachedAccel, kvmUsable } from '../guest/accelProbe.js';
import { cachedKernelImage, type KernelImage } from './kernelImage.js';
import { DEBIAN_KERNELS, type DebianKernel } from './kernelTargets.js';

export interface TargetRow {
  readonly kernel: DebianKernel;
  /** The cached image (pinned or fallback), if any. */
  readonly cached: KernelImage | undefined;
}

export interface Inventory {
  readonly hostRelease: string;
  readonly rows: readonly TargetRow[];
  /** `QEMU emulator version ...`, or undefined when qemu-system-x86_64 is missing. */
  readonly qemu: string | undefined;
  readonly accel: string;
  readonly cacheDir: string;
}

function qemuVersion(): string | undefined {
  try {
    const out = execFileSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' });
    return out.split('\n')[0];
  } catch {
    return undefined;
  }
}

export async function kernelInventory(cacheDir: string): Promise<Inventory> {
  const rows = await Promise.all(
    DEBIAN_KERNELS.map(async (kernel) => ({
      kernel,
      cached: await cachedKernelImage(kernel, cacheDir),
    })),
  );
  const verdict = cachedAccel(cacheDir);
  const accel =
    verdict !== undefined
      ? `${verdict.accel} (${verdict.why})`
      : kvmUsable()
        ? 'not probed yet: the first boot tries KVM and falls back to tcg'
        : 'tcg (no usable /dev/kvm)';
  return { hostRelease: release(), rows, qemu: qemuVersion(), accel, cacheDir };
}

export function renderInventory(inv: Inventory): string {
  const lines = [`host        this machine's kernel, ${inv.hostRelease}`];
  const w = Math.max(...inv.rows.map((r) => r.kernel.package.length));
  for (const { kernel, cached } of inv.rows) {
    let state = 'not cached (fetched on first use)';
    if (cached !== undefined)
      state =
        cached.fallback === undefined
          ? 'cached'
          : `cached: FALLBACK ${cached.package} ${cached.version} (pinned version gone)`;
    lines.push(
      `${kernel.target.padEnd(11)} ${kernel.package.padEnd(w)}  ${kernel.version.padEnd(18)} ${state}`,
    );
  }
  lines.push('');
  lines.push(`qemu:  ${inv.qemu ?? 'MISSING: install it with `apt-get install qemu-system-x86`'}`);
  lines.push(`accel: ${inv.accel}`);
  lines.push(`cache: ${inv.cacheDir}`);
  return `${lines.join('\n')}\n`;
}
