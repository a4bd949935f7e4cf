// A poisoned page on a kernel that has CONFIG_MEMORY_FAILURE (the linux-6.12 guest; the host
// has not): the VM_FAULT_HWPOISON litmus trace, made real with MADV_HWPOISON by the executor,
// agrees with the model. One boot under qemu; skipped, with the reason, where qemu is missing
// or the image is neither cached nor downloadable.

import { describe, expect, it } from 'vitest';
import { runCli } from '../../runCli.js';
import { guestSkipReason } from './guestSkipReason.js';

const skip = await guestSkipReason('linux-6.12');

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
