// The progress line numbers depths as the report does: while the states of depth 3 are
// expanded, those of depth 4 are being found, and the report of a run stopped there says 4.

import { describe, expect, it } from 'vitest';
import { exploreProgress, periodicProgress } from '../../src/cli/_internals/exploreProgress.js';

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

describe('periodicProgress', () => {
  it('writes a line at most every period, none in a run shorter than one', () => {
    const out: string[] = [];
    let clock = 0;
    const line = periodicProgress({ write: (s) => out.push(s) }, 'check', 6, 10_000, () => clock);
    const at = (ms: number, states: number) => {
      clock = ms;
      line.update({
        states,
        transitions: 2 * states,
        depth: 3,
        seconds: ms / 1000,
        statesPerSecond: 100,
      });
    };
    at(9_999, 10);
    expect(out).toEqual([]);
    at(10_000, 20);
    at(15_000, 30);
    at(20_000, 40);
    expect(out).toEqual([
      'mmspec check: depth 4/6, 20 states, 40 transitions, 100/s\n',
      'mmspec check: depth 4/6, 40 states, 80 transitions, 100/s\n',
    ]);
  });
});
