// The kernel targets: `host` (this machine's kernel) and one Debian kernel per series Debian
// ships, booted under qemu. This table is the ONE place that pins which Debian package each
// target is; every report prints the package and version that actually ran. Debian's archive
// drops old point releases: when a pinned version is gone, kernelImage.ts falls back to the
// newest package of the same series and says so.
//
// Pinned on 2026-12-03 from bullseye(-security), bookworm(-security, -backports),
// trixie(-backports), sid and experimental (`apt-cache madison`): 5.10, 6.1 and 6.12 as issue 10
// names them, the newer series at their newest point release then.

import { unknownName } from '../../uapi/closest.js';

/** Where a target's kernel image sits inside its package. */
export type ImageLayout =
  /** linux-image-*: /boot/vmlinuz-ABI (up to 6.18). */
  | 'boot'
  /** linux-binary-* (6.19 on): /usr/lib/modules/ABI/vmlinuz. */
  | 'modules';

export interface DebianKernel {
  /** The target name users type: `linux-6.1`. */
  readonly target: string;
  /** The upstream series: `6.1`. */
  readonly series: string;
  /** The Debian binary package pinned. */
  readonly package: string;
  /** Its exact Debian version. */
  readonly version: string;
  /** The suite it was found in when pinned (documentation; the private source list has all). */
  readonly suite: string;
  readonly layout: ImageLayout;
}

/**
 * One line a target, oldest series first: the series, the Debian binary package pinned, its
 * exact version and the suite it was found in. A linux-binary-* package (6.19 on) keeps the
 * image under /usr/lib/modules; a linux-image-* one under /boot.
 */
const PINNED = `
5.10  linux-image-5.10.0-32-cloud-amd64-unsigned       5.10.223-1          bullseye
6.1   linux-image-6.1.0-57-cloud-amd64-unsigned        6.1.192-3           bookworm-security
6.12  linux-image-6.12.117+deb12-cloud-amd64-unsigned  6.12.117-1~deb12u1  bookworm-security
6.16  linux-image-6.16.12+deb13-cloud-amd64            6.16.12-1~bpo13+1   trixie-backports
6.17  linux-image-6.17.13+deb13-cloud-amd64            6.17.13-1~bpo13+1   trixie-backports
6.18  linux-image-6.18.15+deb13-cloud-amd64            6.18.15-1~bpo13+1   trixie-backports
6.19  linux-binary-6.19.14+deb13-cloud-amd64           6.19.14-1~bpo13+1   trixie-backports
7.0   linux-binary-7.0.13+deb13-cloud-amd64            7.0.13-1~bpo13+1    trixie-backports
7.1   linux-binary-7.1.13+deb13-cloud-amd64            7.1.13-1~bpo13+1    trixie-backports
7.2   linux-binary-7.2.13+deb14-cloud-amd64            7.2.13-1            sid
7.3   linux-binary-7.3.4+deb13-cloud-amd64             7.3.4-1~bpo13+1     trixie-backports
`;

/** Every Debian kernel target, oldest series first. */
export const DEBIAN_KERNELS: readonly DebianKernel[] = PINNED.trim()
  .split('\n')
  .map((line) => {
    const [series, pkg, version, suite] = line.trim().split(/\s+/);
    if (series === undefined || pkg === undefined || version === undefined || suite === undefined)
      throw new Error(`kernelTargets: a pinned line needs 4 fields: '${line}'`);
    const layout: ImageLayout = pkg.startsWith('linux-binary-') ? 'modules' : 'boot';
    return { target: `linux-${series}`, series, package: pkg, version, suite, layout };
  });

/** A kernel to run traces on: this machine's, or a Debian kernel under qemu. */
export type KernelTarget = { readonly kind: 'host' } | ({ readonly kind: 'debian' } & DebianKernel);

export const HOST_TARGET: KernelTarget = { kind: 'host' };

/** The names `--kernel` accepts, for messages. */
export function targetNames(): string[] {
  return ['host', ...DEBIAN_KERNELS.map((k) => k.target)];
}

/** Thrown for a target name that is not in the table; the message lists the valid ones. */
export class UnknownKernelTargetError extends Error {
  constructor(name: string) {
    super(unknownName('kernel target', name, targetNames()));
    this.name = 'UnknownKernelTargetError';
  }
}

/**
 * `host` (or nothing: `--kernel` alone), `linux-6.1`, or the bare series `6.1`.
 */
export function parseKernelTarget(name: string | true | undefined): KernelTarget {
  if (name === undefined || name === true || name === 'host') return HOST_TARGET;
  const series = name.startsWith('linux-') ? name.slice('linux-'.length) : name;
  const found = DEBIAN_KERNELS.find((k) => k.series === series);
  if (found === undefined) throw new UnknownKernelTargetError(name);
  return { kind: 'debian', ...found };
}

/** The name of a target as users type it. */
export function targetName(target: KernelTarget): string {
  return target.kind === 'host' ? 'host' : target.target;
}

/**
 * Whether a Debian package name belongs to a series (the fallback searches by it): the ABI part
 * of the name starts with the series, `linux-image-6.1.0-57-...` or `linux-binary-7.3.4+deb13-...`,
 * and the flavour is the same cloud-amd64 build.
 */
export function packageOfSeries(pkg: string, kernelOfSeries: DebianKernel): boolean {
  const prefix = kernelOfSeries.layout === 'modules' ? 'linux-binary-' : 'linux-image-';
  if (!pkg.startsWith(prefix)) return false;
  const abi = pkg.slice(prefix.length);
  const wantsUnsigned = kernelOfSeries.package.endsWith('-unsigned');
  if (wantsUnsigned !== pkg.endsWith('-unsigned')) return false;
  if (!/-cloud-amd64(-unsigned)?$/.test(pkg)) return false;
  const m = /^(\d+)\.(\d+)\.\d+/.exec(abi);
  return m !== null && `${m[1]}.${m[2]}` === kernelOfSeries.series && !abi.includes('.0-0.deb');
}
