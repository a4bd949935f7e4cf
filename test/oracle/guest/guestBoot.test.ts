// Boots ONE Debian kernel under qemu (linux-6.1, the pinned package; fetched into the user's
// cache on first use) and runs litmus traces on it through the CLI, as a user would. One boot
// for the whole file: each costs seconds of CPU (tens under TCG on a loaded machine).
// Skipped, with the reason, only where qemu is not installed or the image is neither cached
// nor downloadable.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { qemuInstalled } from './qemuInstalled.js';
import { main } from '../../../src/cli/main.js';
import { mmspecCacheDir } from '../../../src/oracle/targets/cacheDir.js';
import { cachedKernelImage } from '../../../src/oracle/targets/kernelImage.js';
import { parseKernelTarget } from '../../../src/oracle/targets/kernelTargets.js';

function archiveReachable(): boolean {
  try {
    execFileSync('getent', ['hosts', 'deb.debian.org']);
    return true;
  } catch {
    return false;
  }
}

const target = parseKernelTarget('linux-6.1');
const cached =
  target.kind === 'debian' && (await cachedKernelImage(target, mmspecCacheDir())) !== undefined;
const skip = !qemuInstalled()
  ? 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)'
  : !cached && !archiveReachable()
    ? 'linux-6.1 is not cached and deb.debian.org is unreachable'
    : undefined;

describe.skipIf(skip !== undefined)(
  `a Debian kernel under qemu${skip === undefined ? '' : ` (skipped: ${skip})`}`,
  () => {
    it('runs litmus traces on linux-6.1 and compares them with the model, naming the guest', async () => {
      const out: string[] = [];
      const err: string[] = [];
      const status = await main(
        [
          'run',
          '--compare',
          '--kernel',
          'linux-6.1',
          'spec/litmus/MAP_LOCKED.mmt',
          'spec/litmus/MLOCK2_ONFAULT+read.mmt',
        ],
        {
          stdout: { write: (s: string) => out.push(s) },
          stderr: { write: (s: string) => err.push(s) },
        },
      );
      const stdout = out.join('');
      const stderr = err.join('');
      // the guest line: the pinned package and the guest's own uname -r
      expect(stderr).toMatch(
        /# kernel linux-6\.1: Debian linux-image-6\.1\.0-57-cloud-amd64-unsigned 6\.1\.192-3 \(pinned\); uname -r 6\.1\.0-57-cloud-amd64; qemu (tcg|kvm)/,
      );
      // every report names the kernel that ran
      expect(stdout).toMatch(/kernel \(kernel 6\.1\.0-57-cloud-amd64 \(linux-6\.1: Debian /);
      // both traces hold on 6.1 as on the model: mlock of a MAP_LOCKED mapping, lock-on-fault
      expect(stdout).toMatch(
        /# total: 2 traces, \d+ held, 0 failed, 0 could not run, 0 differences/,
      );
      expect(status).toBe(0);
    }, 600_000);
  },
);
