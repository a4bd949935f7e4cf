// In-place list edits (src/kernel/_internals/listEdits.ts): each leaves a list as the splice it
// replaces in the step would, on every list up to eight items and every valid position.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  insertItem,
  removeItems,
  replaceWithOne,
  replaceWithTwo,
} from '../../src/kernel/_internals/listEdits.js';

const list = fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 8 });

/** A list and a position in it (0 to its length), and a count from there (0 to the rest). */
const edit = list.chain((xs) =>
  fc.integer({ min: 0, max: xs.length }).chain((at) =>
    fc.record({
      xs: fc.constant(xs),
      at: fc.constant(at),
      count: fc.integer({ min: 0, max: xs.length - at }),
    }),
  ),
);

const spliced = (xs: number[], at: number, remove: number, ...items: number[]): number[] => {
  const out = xs.slice();
  out.splice(at, remove, ...items);
  return out;
};

describe('listEdits', () => {
  it('removeItems is splice(at, count), and clips past the end as splice does', () => {
    fc.assert(
      fc.property(edit, fc.integer({ min: 0, max: 3 }), ({ xs, at, count }, extra) => {
        const out = xs.slice();
        removeItems(out, at, count + extra);
        expect(out).toEqual(spliced(xs, at, count + extra));
      }),
    );
  });

  it('insertItem is splice(at, 0, item)', () => {
    fc.assert(
      fc.property(edit, ({ xs, at }) => {
        const out = xs.slice();
        insertItem(out, at, 100);
        expect(out).toEqual(spliced(xs, at, 0, 100));
      }),
    );
  });

  it('replaceWithOne and replaceWithTwo are splice(at, remove, a[, b]) for remove >= 1', () => {
    fc.assert(
      fc.property(
        edit.filter(({ count }) => count >= 1),
        ({ xs, at, count }) => {
          const one = xs.slice();
          replaceWithOne(one, at, count, 100);
          expect(one).toEqual(spliced(xs, at, count, 100));
          const two = xs.slice();
          replaceWithTwo(two, at, count, 100, 101);
          expect(two).toEqual(spliced(xs, at, count, 100, 101));
        },
      ),
    );
  });
});
