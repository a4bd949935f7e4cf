// KVM or TCG. /dev/kvm exists on these machines but a guest dies under it ("KVM internal
// error", or qemu aborting on an MSR it cannot set), so KVM is used only where a probe boot
// showed it works; the verdict is cached per host kernel and qemu (cacheDir/accel.json).

import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { release } from 'node:os';
import { join } from 'node:path';
import type { Accel } from './qemuGuest.js';

export interface AccelVerdict {
  readonly accel: Accel;
  /** How it was decided, for `mmspec kernels` and the reports. */
  readonly why: string;
}

/** What the verdict depends on: the host kernel and the qemu build. */
function hostKey(): string {
  let qemu = 'unknown';
  try {
    qemu =
      execFileSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  } catch {
    // qemu missing: reported when a guest boots
  }
  return `${release()} / ${qemu}`;
}

export function kvmUsable(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The cached verdict, if a probe ran on this host kernel and qemu. */
export function cachedAccel(cacheDir: string): AccelVerdict | undefined {
  if (process.env['MMSPEC_ACCEL'] === 'tcg') return { accel: 'tcg', why: 'MMSPEC_ACCEL=tcg' };
  if (!kvmUsable()) return { accel: 'tcg', why: 'no usable /dev/kvm' };
  try {
    const saved = JSON.parse(readFileSync(join(cacheDir, 'accel.json'), 'utf8')) as {
      key: string;
    } & AccelVerdict;
    return saved.key === hostKey() ? { accel: saved.accel, why: saved.why } : undefined;
  } catch {
    return undefined;
  }
}

/** Probes once: `tryKvm` boots a guest under KVM and resolves whether it came up. */
export async function decideAccel(
  cacheDir: string,
  tryKvm: () => Promise<string | undefined>,
): Promise<AccelVerdict> {
  const cached = cachedAccel(cacheDir);
  if (cached !== undefined) return cached;
  const failure = await tryKvm();
  const verdict: AccelVerdict =
    failure === undefined
      ? { accel: 'kvm', why: 'a probe boot under KVM succeeded' }
      : { accel: 'tcg', why: `a probe boot under KVM failed: ${failure}` };
  await mkdir(cacheDir, { recursive: true });
  await writeFile(join(cacheDir, 'accel.json'), JSON.stringify({ key: hostKey(), ...verdict }));
  return verdict;
}
