// Boots ONE Debian kernel under qemu (linux-6.1, the pinned package; fetched into the user's
// cache on first use) and runs litmus traces on it through the CLI, as a user would. One boot
// for the whole file: each costs seconds of CPU (tens under TCG on a loaded machine).
// Skipped, with the reason, only where qemu is not installed or the image is neither cached
// nor downloadable.

import { describe, expect, it } from 'vitest';
import { guestSkipReason } from './guestSkipReason.js';
import { main } from '../../../src/cli/main.js';

const skip = await guestSkipReason('linux-6.1');

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
