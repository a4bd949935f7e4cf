// A poisoned page on a kernel that has CONFIG_MEMORY_FAILURE (the linux-6.12 guest; the host
// has not): the VM_FAULT_HWPOISON litmus trace, made real with MADV_HWPOISON by the executor,
// agrees with the model. One boot under qemu; skipped, with the reason, where qemu is missing
// or the image is neither cached nor downloadable.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mmspecCacheDir } from '../../../src/oracle/targets/cacheDir.js';
import { cachedKernelImage } from '../../../src/oracle/targets/kernelImage.js';
import { parseKernelTarget } from '../../../src/oracle/targets/kernelTargets.js';
import { runCli } from '../../runCli.js';

function works(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args);
    return true;
  } catch {
    return false;
  }
}

const target = parseKernelTarget('linux-6.12');
const cached =
  target.kind === 'debian' && (await cachedKernelImage(target, mmspecCacheDir())) !== undefined;
const skip = !works('qemu-system-x86_64', ['--version'])
  ? 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)'
  : !cached && !works('getent', ['hosts', 'deb.debian.org'])
    ? 'linux-6.12 is not cached and deb.debian.org is unreachable'
    : undefined;

describe.skipIf(skip !== undefined)(
  `a poisoned page on linux-6.12 under qemu${skip === undefined ? '' : ` (skipped: ${skip})`}`,
  () => {
    it('MADV_POPULATE_READ answers EHWPOISON, mlock ENOMEM, a read SIGBUS, as the model says', async () => {
      const trace = 'spec/litmus/env/VM_FAULT_HWPOISON+MADV_POPULATE.mmt';
      const r = await runCli(['run', '--compare', '--kernel', 'linux-6.12', trace]);
      expect(r.stdout).toMatch(
        /= -1 EHWPOISON +# kernel -1 EHWPOISON held \| model -1 EHWPOISON held/,
      );
      expect(r.stdout).toMatch(
        /# total: 1 trace, \d+ held, 0 failed, 0 could not run, 0 differences/,
      );
      expect(r.status).toBe(0);
    }, 600_000);
  },
);
