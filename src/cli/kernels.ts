// `mmspec kernels [--fetch TARGET...|all] [--json]`: the kernel targets (`--kernel TARGET`), the
// Debian package pinned for each, what is cached, and whether guests run under KVM or TCG.
// --fetch downloads images ahead of use (the same fetch a first `--kernel linux-X` does).

import { Command } from '@commander-js/extra-typings';
import { mmspecCacheDir } from '../oracle/targets/cacheDir.js';
import { fetchKernelImage, KernelFetchError } from '../oracle/targets/kernelImage.js';
import { kernelInventory, renderInventory } from '../oracle/targets/kernelInventory.js';
import {
  DEBIAN_KERNELS,
  parseKernelTarget,
  UnknownKernelTargetError,
  type DebianKernel,
} from '../oracle/targets/kernelTargets.js';
import type { CliContext } from './_internals/io.js';
import { jsonOption } from './_internals/sharedOptions.js';

function fetchList(names: readonly string[]): DebianKernel[] {
  if (names.includes('all')) return [...DEBIAN_KERNELS];
  return names.flatMap((n) => {
    const t = parseKernelTarget(n);
    return t.kind === 'debian' ? [t] : [];
  });
}

export function kernelsCommand(ctx: CliContext, done: (status: number) => void) {
  return new Command('kernels')
    .description(
      'list the kernel targets (--kernel TARGET), their pinned Debian packages and cache',
    )
    .option('--fetch <targets...>', "fetch these targets' images now (or: all)")
    .addOption(jsonOption())
    .action(async (flags) => {
      const cacheDir = mmspecCacheDir();
      try {
        for (const kernel of fetchList(flags.fetch ?? [])) {
          await fetchKernelImage(kernel, {
            cacheDir,
            progress: (line) => ctx.stderr.write(`${line}\n`),
          });
        }
      } catch (error) {
        if (!(error instanceof KernelFetchError || error instanceof UnknownKernelTargetError))
          throw error;
        ctx.stderr.write(`mmspec kernels: ${error.message}\n`);
        done(2);
        return;
      }
      const inventory = await kernelInventory(cacheDir);
      ctx.stdout.write(
        flags.json === true
          ? `${JSON.stringify(inventory, null, 2)}\n`
          : renderInventory(inventory),
      );
      done(0);
    });
}
