// What --bound takes: a named bound, key=value items, or a named bound then items; and what it
// refuses, each with what it expected, instead of running a bound the user did not write.
import { describe, expect, it } from 'vitest';
import { SMALL_KERNEL_BOUND, THREADS_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { BadBoundError, resolveBound } from '../../src/check/resolveBound.js';

describe('resolveBound', () => {
  it.each([
    ['small,depth=2', 'small+depth=2', { regions: 2, depth: 2 }],
    ['default,regions=2', 'default+regions=2', { regions: 2, depth: 5 }],
    ['threads,depth=2', 'threads+depth=2', { threads: 2, depth: 2 }],
    ['regions=2', 'default+regions=2', { regions: 2 }],
    ['threads', 'threads', { threads: 2 }],
    ['default+calls=+brk', 'default+calls=+brk', { regions: 3 }],
  ])('%s is the bound %s', (text, name, fields) => {
    const b = resolveBound(text);
    expect(b.name).toBe(name);
    expect(b).toMatchObject(fields);
  });

  it('takes back the name a report prints for it', () => {
    for (const text of ['small,depth=2', 'regions=1,pages=2,calls=+brk', 'threads,setups=1']) {
      const printed = resolveBound(text).name;
      expect(resolveBound(printed)).toEqual(resolveBound(text));
    }
  });

  it('setups=N keeps the first N initial processes of the named bound', () => {
    expect(resolveBound('setups=2').setups).toHaveLength(2);
    expect(resolveBound('small,setups=1').setups).toEqual(SMALL_KERNEL_BOUND.setups.slice(0, 1));
    expect(resolveBound('threads,setups=1').setups).toEqual(THREADS_KERNEL_BOUND.setups);
  });

  it.each([
    ['smal', "unknown bound 'smal'; did you mean 'small'?"],
    ['smal,depth=2', "unknown bound 'smal'; did you mean 'small'?"],
    ['regons=2', "unknown key 'regons'; did you mean 'regions'?"],
    ['regions=2=3', "malformed item 'regions=2=3'; expected regions=1..4"],
    ['depth', "malformed item 'depth'; expected depth=0 or more"],
    ['regions=2,regions=3', 'regions is given twice; expected each key once'],
    ['small,depth=2,depth=3', 'depth is given twice'],
    ['regions=2,,depth=2', "an empty item in 'regions=2,,depth=2'"],
    ['small,', "an empty item in 'small,'"],
    ['small+', "an empty item in 'small+'"],
    ['small,small', "one named bound at most, then key=value items; got 'small' and 'small'"],
    ['def-nohugepage,setups=2', "(bound 'def-nohugepage' has 1 initial process;"],
    ['depth=2,small', "the named bound 'small' comes first, before the keys (small,depth=2)"],
    ['setups=99', "--bound setups takes 1..3 (bound 'default' has 3 initial processes"],
    ['setups=0', '--bound setups takes 1..3'],
    ['small,setups=3', "--bound setups takes 1..2 (bound 'small' has 2"],
    ['regions=5', '--bound regions takes 1..4, got 5'],
    ['regions=0', '--bound regions takes 1..4, got 0'],
    ['pages=9', '--bound pages takes 1..8, got 9'],
    ['file=9', '--bound file takes 0..8, got 9'],
    ['threads=3', '--bound threads takes 1..2, got 3'],
    ['depth=-1', "--bound depth takes a whole number, got '-1'"],
    ['', '--bound is empty'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => resolveBound(text)).toThrow(BadBoundError);
    expect(() => resolveBound(text)).toThrow(message);
  });
});
