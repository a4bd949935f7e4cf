// mmapHintHonoured (spec/findings/mutation.md, session mutmmap14): holds on linux-6.18's own
// steps and fails on the same step when the mapping is placed elsewhere than a free hint.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mmapHintHonoured } from '../../spec/invariants/mmapHintHonoured.js';
import { transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const HINT = 0x1000_0000n;
const at = (t: Transition, value: bigint): Transition => ({
  ...t,
  result: { kind: 'value', value },
});

describe('mmapHintHonoured', () => {
  const s = initialState({ rlimitMemlock: null, capIpcLock: true });

  it('a free hint is where the mapping goes; elsewhere fails', () => {
    const t = transitionOf('linux-6.18', s, {
      call: 'mmap',
      args: [HINT + 5n, 2n * P, RW, ANON, -1n, 0n],
    });
    expect(t.result).toEqual({ kind: 'value', value: HINT });
    expect(mmapHintHonoured.holds(t)).toBe(true);
    // Planted: the hint ignored (the top-down search's address), or raised to mmap_min_addr.
    expect(mmapHintHonoured.holds(at(t, 0x7eff_ffff_e000n))).toBe(false);
    expect(mmapHintHonoured.holds(at(t, 0x10000n))).toBe(false);
  });

  it('does not judge a hint below mmap_min_addr, MAP_FIXED, or a refusal', () => {
    const low = transitionOf('linux-6.18', s, {
      call: 'mmap',
      args: [0x2000n, P, RW, ANON, -1n, 0n],
    });
    expect(mmapHintHonoured.holds(at(low, 0x7eff_ffff_f000n))).toBe(true);
    const fixed = transitionOf('linux-6.18', s, {
      call: 'mmap',
      args: [HINT, P, RW, ANON | 0x10n, -1n, 0n],
    });
    expect(mmapHintHonoured.holds(at(fixed, HINT + P))).toBe(true);
  });
});
