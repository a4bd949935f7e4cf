// The flag-flow section's "reached by" comes from a name-based reading of src/kernel: a helper
// whose name is also a local (a callback parameter `visit`, a variable `start`) would make
// every call seem to reach every decision point. The population decision is reached by the
// calls that populate, and by nothing that only unmaps, forks or reads.

import { describe, expect, it } from 'vitest';
import { decisionCallers } from '../../src/review/decisionCallers.js';

describe('decisionCallers', () => {
  it('populateGupFlags: the populating calls and no others', () => {
    const calls = decisionCallers().get('populateGupFlags') ?? [];
    expect(calls).toEqual(expect.arrayContaining(['mlock', 'mlockall', 'mmap', 'madvise']));
    for (const never of ['munmap', 'fork', 'exit', 'munlock', 'munlockall', 'read'])
      expect(calls).not.toContain(never);
  });
});
