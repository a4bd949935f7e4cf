// The thread races of threadRaces.ts on a Debian kernel under qemu (linux-6.12): the same
// executor, its threads held by the guest kernel's userfaultfd, three runs of each race giving
// the one outcome the host gives. Skipped where qemu is missing or the image is neither cached nor downloadable.

import { afterAll, describe, expect, it } from 'vitest';
import { guestSkipReason } from './guestSkipReason.js';
import { kernelEngine } from '../../../src/oracle/kernelEngine.js';
import { parseKernelTarget } from '../../../src/oracle/targets/kernelTargets.js';
import { outcomeOf, RACES } from '../threadRaces.js';

const target = parseKernelTarget('linux-6.12');
const skip = await guestSkipReason('linux-6.12');

describe.skipIf(skip !== undefined)(
  `thread races on linux-6.12${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    const engine = kernelEngine({ target });
    afterAll(() => engine.close());

    it(
      "each race gives the host's one outcome, three runs each",
      { timeout: 300_000 },
      async () => {
        await engine.guest();
        for (const race of RACES) {
          const seen = new Set<string>();
          for (let i = 0; i < 3; i++) seen.add(await outcomeOf(engine, race));
          expect([...seen], race.name).toEqual([race.expected]);
        }
      },
    );
  },
);
