// The progress line numbers depths as the report does: while the states of depth 3 are
// expanded, those of depth 4 are being found, and the report of a run stopped there says 4.

import { describe, expect, it } from 'vitest';
import { exploreProgress } from '../../src/cli/_internals/exploreProgress.js';

const drawn = (depth: number, maxDepth: number): string => {
  const out: string[] = [];
  const line = exploreProgress({ write: (s: string) => out.push(s) }, maxDepth);
  line.update({ states: 34517, transitions: 156829, depth, seconds: 1, statesPerSecond: 34517 });
  return out.join('');
};

describe('exploreProgress', () => {
  it('shows the depth whose states are being found', () => {
    expect(drawn(3, 6)).toContain('depth 4/6 [#############.......] 34517 states');
    expect(drawn(0, 6)).toContain('depth 1/6 ');
    // The level at the bound is checked, not expanded: never past the bound.
    expect(drawn(6, 6)).toContain('depth 6/6 [####################]');
  });
});
