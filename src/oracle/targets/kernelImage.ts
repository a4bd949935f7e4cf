// A Debian kernel target's image on this machine: fetched on first use with `apt-get download`
// (private apt state, _internals/aptArchive.ts), unpacked with `dpkg-deb -x`, and only the
// kernel image kept, under the cache directory:
//   kernels/PACKAGE_VERSION/vmlinuz   and  kernels/TARGET.json (what was chosen, and why).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AptArchive, AptError, type PackageVersion } from './_internals/aptArchive.js';
import { choosePackage, type Choice } from './_internals/choosePackage.js';
import type { DebianKernel } from './kernelTargets.js';

export interface KernelImage extends Choice {
  readonly target: string;
  /** The bzImage to pass to qemu -kernel. */
  readonly vmlinuz: string;
}

/** The kernel could not be had; the message says what to run to fix it. */
export class KernelFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KernelFetchError';
  }
}

export interface FetchOptions {
  readonly cacheDir: string;
  /** One line of progress at a time (stderr in the CLI). */
  readonly progress?: (line: string) => void;
}

const dirOf = (cacheDir: string, p: PackageVersion) =>
  join(cacheDir, 'kernels', `${p.package}_${p.version.replace(/[:~]/g, '_')}`);

/** The image if it is cached (pinned, or the fallback chosen earlier), without the network. */
export async function cachedKernelImage(
  kernel: DebianKernel,
  cacheDir: string,
): Promise<KernelImage | undefined> {
  const pinned = join(dirOf(cacheDir, kernel), 'vmlinuz');
  if (existsSync(pinned))
    return {
      target: kernel.target,
      package: kernel.package,
      version: kernel.version,
      vmlinuz: pinned,
    };
  try {
    const chosen = JSON.parse(
      await readFile(join(cacheDir, 'kernels', `${kernel.target}.json`), 'utf8'),
    ) as KernelImage;
    return existsSync(chosen.vmlinuz) ? chosen : undefined;
  } catch {
    return undefined;
  }
}

function prefixOf(kernel: DebianKernel): string {
  return `${kernel.layout === 'modules' ? 'linux-binary-' : 'linux-image-'}${kernel.series}.`;
}

async function choose(kernel: DebianKernel, apt: AptArchive, progress: (l: string) => void) {
  let fresh = false;
  if (!apt.hasLists) {
    progress(`mmspec: reading Debian's package lists (apt-get update, private state)...`);
    await apt.update();
    fresh = true;
  }
  let choice = choosePackage(kernel, await apt.versions(prefixOf(kernel)));
  if (choice?.fallback !== undefined || choice === undefined) {
    if (!fresh) {
      progress(`mmspec: ${kernel.package} ${kernel.version} not in the lists; updating them...`);
      await apt.update();
      choice = choosePackage(kernel, await apt.versions(prefixOf(kernel)));
    }
  }
  if (choice === undefined)
    throw new KernelFetchError(`Debian's archive has no ${kernel.series} cloud kernel any more`);
  return choice;
}

/**
 * Unpacks only the kernel image: `dpkg-deb --fsys-tarfile` piped to tar, keeping paths with
 * `vmlinuz` (/boot/vmlinuz-ABI, or /usr/lib/modules/ABI/vmlinuz from 6.19 on); the thousands of
 * modules beside it are never written.
 */
async function unpackImage(deb: string, into: string, dest: string): Promise<void> {
  await mkdir(into, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const dpkg = spawn('dpkg-deb', ['--fsys-tarfile', deb], { stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '-C', into, '--wildcards', '*vmlinuz*'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    dpkg.stdout.pipe(tar.stdin);
    let said = '';
    dpkg.stderr.on('data', (c: Buffer) => (said += c.toString()));
    tar.stderr.on('data', (c: Buffer) => (said += c.toString()));
    const fail = (e: Error) => reject(new KernelFetchError(`unpacking ${deb}: ${e.message}`));
    dpkg.on('error', fail);
    tar.on('error', fail);
    tar.on('exit', (code) =>
      code === 0
        ? resolve()
        : fail(new Error(`dpkg-deb | tar exited ${code ?? '?'}: ${said.trim()}`)),
    );
  });
  const candidates = [
    ...(await readdir(join(into, 'boot')).catch(() => [] as string[]))
      .filter((n) => n.startsWith('vmlinuz-'))
      .map((n) => join(into, 'boot', n)),
    ...(await readdir(join(into, 'usr/lib/modules')).catch(() => [] as string[])).map((v) =>
      join(into, 'usr/lib/modules', v, 'vmlinuz'),
    ),
  ].filter((p) => existsSync(p));
  const image = candidates[0];
  if (image === undefined) throw new KernelFetchError(`${deb} holds no vmlinuz`);
  await copyFile(image, `${dest}.tmp`);
  await rename(`${dest}.tmp`, dest);
}

/** The image of a target, fetching it on first use. */
export async function fetchKernelImage(
  kernel: DebianKernel,
  options: FetchOptions,
): Promise<KernelImage> {
  const cached = await cachedKernelImage(kernel, options.cacheDir);
  if (cached !== undefined) return cached;
  const progress = options.progress ?? (() => undefined);
  const apt = new AptArchive(join(options.cacheDir, 'apt'));
  try {
    const choice = await choose(kernel, apt, progress);
    const dir = dirOf(options.cacheDir, choice);
    const work = `${dir}.unpack-${process.pid}`;
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    const started = Date.now();
    progress(`mmspec: downloading ${kernel.target}: ${choice.package} ${choice.version}...`);
    await apt.download(choice, work);
    const deb = (await readdir(work)).find((n) => n.endsWith('.deb'));
    if (deb === undefined) throw new KernelFetchError(`apt-get download left no .deb in ${work}`);
    const size = (await stat(join(work, deb))).size;
    await mkdir(dir, { recursive: true });
    await unpackImage(join(work, deb), join(work, 'x'), join(dir, 'vmlinuz'));
    await rm(work, { recursive: true, force: true });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    progress(
      `mmspec: ${kernel.target}: ${(size / 1e6).toFixed(1)} MB fetched and unpacked in ${seconds} s`,
    );
    const image: KernelImage = { target: kernel.target, ...choice, vmlinuz: join(dir, 'vmlinuz') };
    await writeFile(
      join(options.cacheDir, 'kernels', `${kernel.target}.json`),
      JSON.stringify(image),
    );
    return image;
  } catch (error) {
    if (error instanceof KernelFetchError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    const hint =
      error instanceof AptError
        ? 'check the network (it needs http://deb.debian.org), then run the command again'
        : 'run the command again';
    throw new KernelFetchError(
      `cannot fetch ${kernel.target} (${kernel.package}): ${why}; ${hint}`,
    );
  }
}
