// quietFuture's memo (spec/reduction.md, 'ends'): a walk remembers what it found, so a later
// walk stops where an earlier one went, and the answers are the answers without a memo.

import { describe, expect, it } from 'vitest';
import { QuietMemo, quietFuture } from '../../src/check/_internals/quietFuture.js';

// A small grid of states "i,j" (i, j < 3): a step adds one to i or to j. The step into `bad`
// breaks a property.
const grid = (bad: string | null) => {
  let expanded = 0;
  const successors = (s: string, emit: (l: string, n: string) => void) => {
    expanded++;
    const [i = 0, j = 0] = s.split(',').map(Number);
    if (i < 2) emit('a', `${i + 1},${j}`);
    if (j < 2) emit('b', `${i},${j + 1}`);
  };
  const breaks = (_f: string, _l: string, to: string) => to === bad;
  return { successors, breaks, expanded: () => expanded };
};
const key = (s: string) => Int32Array.from(s, (c) => c.charCodeAt(0));

describe('quietFuture with a memo', () => {
  it('gives the answers a walk without a memo gives, in any order of questions', () => {
    for (const bad of [null, '2,2', '1,2', '2,0']) {
      const starts = ['1,1', '0,0', '2,1', '0,2', '1,1', '0,0'];
      const plain = starts.map((s) => {
        const g = grid(bad);
        return quietFuture(s, g.successors, g.breaks, key, 100);
      });
      const g = grid(bad);
      const memo = new QuietMemo(1000);
      const remembered = starts.map((s) => quietFuture(s, g.successors, g.breaks, key, 100, memo));
      expect(remembered, `bad ${bad}`).toEqual(plain);
    }
  });

  it('walks no state an earlier quiet walk reached', () => {
    const g = grid(null);
    const memo = new QuietMemo(1000);
    expect(quietFuture('0,0', g.successors, g.breaks, key, 100, memo)).toBe(true);
    const once = g.expanded();
    expect(once).toBe(9);
    expect(quietFuture('1,1', g.successors, g.breaks, key, 100, memo)).toBe(true);
    expect(quietFuture('0,1', g.successors, g.breaks, key, 100, memo)).toBe(true);
    expect(g.expanded()).toBe(once);
  });

  it('settles loud every state on the path to a break, and keeps what it found quiet', () => {
    // The step into '1,2' breaks. Walking '0,0' (a-steps first) settles '2,2', '2,1', '2,0'
    // quiet, then meets the break from '1,1': '0,0', '1,0' and '1,1' are loud.
    const g = grid('1,2');
    const memo = new QuietMemo(1000);
    expect(quietFuture('0,0', g.successors, g.breaks, key, 100, memo)).toBe(false);
    const before = g.expanded();
    for (const [s, quiet] of [
      ['1,1', false],
      ['1,0', false],
      ['2,0', true],
      ['2,1', true],
    ] as const)
      expect(quietFuture(s, g.successors, g.breaks, key, 100, memo), s).toBe(quiet);
    expect(g.expanded()).toBe(before);
  });

  it('settles nothing quiet under a state the walk loops back to until the walk ends', () => {
    // Two states, each the other's successor, and a third after the second that breaks.
    const successors = (s: string, emit: (l: string, n: string) => void) => {
      if (s === 'x') emit('a', 'y');
      if (s === 'y') {
        emit('a', 'x');
        emit('b', 'z');
      }
    };
    const breaks = (_f: string, _l: string, to: string) => to === 'z';
    const memo = new QuietMemo(1000);
    expect(quietFuture('x', successors, breaks, key, 100, memo)).toBe(false);
    expect(memo.get(memo.intern(key('x')))).toBe(false);
    expect(memo.get(memo.intern(key('y')))).toBe(false);
    const quiet = (_f: string, _l: string, _t: string) => false;
    const fresh = new QuietMemo(1000);
    expect(quietFuture('x', successors, quiet, key, 100, fresh)).toBe(true);
    expect(fresh.get(fresh.intern(key('y')))).toBe(true);
  });

  it('starts again empty past its capacity, the answers unchanged', () => {
    const g = grid(null);
    const memo = new QuietMemo(4);
    expect(quietFuture('0,0', g.successors, g.breaks, key, 100, memo)).toBe(true);
    expect(memo.size).toBe(9);
    // The next walk starts from an empty memo: '0,1' and the five states after it.
    expect(quietFuture('0,1', g.successors, g.breaks, key, 100, memo)).toBe(true);
    expect(memo.size).toBe(6);
  });
});
