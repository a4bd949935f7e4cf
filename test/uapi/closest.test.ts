// The nearest known name to a misspelt one, which every refusal of a name offers.

import { describe, expect, it } from 'vitest';
import { closest, didYouMean } from '../../src/uapi/closest.js';

const MODELS = ['linux-6.18', 'linux-6.1', 'linux-6.12', 'linux-5.10'];

describe('closest', () => {
  it('counts a swap of two neighbours as one edit, and prefers the candidate of the same length', () => {
    // `linux-6.1` is one deletion away too; `linux-6.18` one swap, and as long.
    expect(closest('linux-6.81', MODELS)).toBe('linux-6.18');
    expect(closest('linux-6.81', [...MODELS].reverse())).toBe('linux-6.18');
    expect(closest('lockLimitRespectd', ['lockLimitExact', 'lockLimitRespected'])).toBe(
      'lockLimitRespected',
    );
  });

  it('reads case as no edit, and offers nothing past a third of the name', () => {
    expect(closest('Linux-6.18', MODELS)).toBe('linux-6.18');
    expect(closest('map_locked', ['MAP_LOCKED', 'MAP_PRIVATE'])).toBe('MAP_LOCKED');
    expect(closest('freebsd-14', MODELS)).toBeUndefined();
    expect(didYouMean('freebsd-14', MODELS)).toBe('');
    expect(didYouMean('regons', ['regions', 'pages'])).toBe("; did you mean 'regions'?");
  });

  it('offers the one name a short one begins, when nothing is near', () => {
    const tables = ['mlock2-flags', 'mlockall-flags', 'mlockall-order', 'mmap-lock'];
    expect(closest('mlock2', tables)).toBe('mlock2-flags');
    expect(closest('MMAP', tables)).toBe('mmap-lock');
    // Two begin with it, or it is too short to say.
    expect(closest('mlockall', tables)).toBeUndefined();
    expect(closest('ml', ['mlock2-flags'])).toBeUndefined();
    // Of two one edit away, the one the name is the start of.
    expect(closest('linux-5.1', ['linux-6.1', 'linux-5.10'])).toBe('linux-5.10');
    expect(closest('linux-5.1', ['linux-5.10', 'linux-6.1'])).toBe('linux-5.10');
  });
});
