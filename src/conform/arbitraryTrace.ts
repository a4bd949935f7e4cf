// Random conformance traces for fast-check: the alphabet's calls with their arguments drawn
// freely (any offset and length within a few pages, any combination of the flags that matter,
// now and then an unaligned address or an invalid bit), so random runs reach what the bounded
// alphabet leaves out. Every part shrinks toward the simplest value, so a disagreement shrinks
// to few, plain steps.

import fc from 'fast-check';
import { SETUPS } from './alphabet.js';
import { DEFAULT_SETUP, type ConformSetup, type ConformTrace, type Op, type Place } from './op.js';

function bits(names: readonly string[], none: string, invalid?: string): fc.Arbitrary<string> {
  const set = fc.subarray([...names]);
  const withBad =
    invalid === undefined
      ? set.map((s) => ({ s, bad: false }))
      : fc.record({ s: set, bad: fc.boolean() });
  return withBad.map(({ s, bad }) => {
    const all = bad && invalid !== undefined ? [...s, invalid] : s;
    return all.length === 0 ? none : all.join('|');
  });
}

const place: fc.Arbitrary<Place> = fc.record({
  region: fc.nat(3),
  page: fc.nat(5),
  byte: fc.oneof(
    { arbitrary: fc.constant(0), weight: 9 },
    { arbitrary: fc.constant(0x80), weight: 1 },
  ),
});

const prot = bits(['PROT_READ', 'PROT_WRITE'], 'PROT_NONE');

const mmapOp: fc.Arbitrary<Op> = fc
  .record({
    pages: fc.integer({ min: 1, max: 4 }),
    prot,
    // '' leaves out the map type: EINVAL, which must win or lose against the other checks.
    type: fc.constantFrom('MAP_PRIVATE', 'MAP_SHARED', '', 'MAP_DROPPABLE'),
    extra: fc.subarray([
      'MAP_ANONYMOUS',
      'MAP_LOCKED',
      'MAP_POPULATE',
      'MAP_NONBLOCK',
      'MAP_NORESERVE',
      'MAP_GROWSDOWN',
      'MAP_FIXED_NOREPLACE',
    ]),
    // MAP_FIXED over a bound region one time in four.
    fixed: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: place, weight: 1 }),
  })
  .map(({ pages, prot, type, extra, fixed }): Op => {
    const flags = [type, ...extra].filter((f) => f !== '').join('|') || '0';
    const file = !extra.includes('MAP_ANONYMOUS');
    return fixed === null
      ? { kind: 'mmap', pages, prot, flags, file }
      : { kind: 'mmap', pages, prot, flags, file, fixed };
  });

const ARGS = {
  mlock: fc.constant(undefined),
  munlock: fc.constant(undefined),
  munmap: fc.constant(undefined),
  mlock2: fc.constantFrom('0', 'MLOCK_ONFAULT', '0x2'),
  mprotect: prot,
  madvise: fc.constantFrom(
    'MADV_POPULATE_READ',
    'MADV_POPULATE_WRITE',
    'MADV_DONTNEED',
    'MADV_DONTNEED_LOCKED',
    'MADV_WILLNEED',
  ),
} as const;

const rangeOp: fc.Arbitrary<Op> = fc
  .constantFrom(...(Object.keys(ARGS) as (keyof typeof ARGS)[]))
  .chain((call) =>
    fc
      // Now and then a negative length: the huge unsigned value C passes, which overflows.
      .record({
        at: place,
        pages: fc.oneof(
          { arbitrary: fc.nat(6), weight: 12 },
          { arbitrary: fc.integer({ min: -2, max: -1 }), weight: 1 },
        ),
        arg: ARGS[call],
      })
      .map(({ at, pages, arg }): Op =>
        arg === undefined
          ? { kind: 'range', call, at, pages }
          : { kind: 'range', call, at, pages, arg },
      ),
  );

const mremapOp: fc.Arbitrary<Op> = fc
  .record({
    at: place,
    oldPages: fc.nat(4),
    newPages: fc.integer({ min: 1, max: 5 }),
    flags: bits(['MREMAP_MAYMOVE', 'MREMAP_FIXED', 'MREMAP_DONTUNMAP'], '0', '0x8'),
    to: place,
  })
  .map(({ at, oldPages, newPages, flags, to }): Op => {
    // new_address is read under MREMAP_FIXED and (a 6.18 quirk) MREMAP_DONTUNMAP.
    const withTarget = flags.includes('FIXED') || flags.includes('DONTUNMAP');
    return withTarget
      ? { kind: 'mremap', at, oldPages, newPages, flags, to }
      : { kind: 'mremap', at, oldPages, newPages, flags };
  });

/** What a fork child does: calls that bind no new name. */
const childOp: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: rangeOp, weight: 3 },
  {
    arbitrary: fc
      .record({ call: fc.constantFrom('write' as const, 'read' as const), at: place })
      .map(({ call, at }): Op => ({ kind: 'access', call, at })),
    weight: 2,
  },
  {
    arbitrary: bits(['MCL_CURRENT', 'MCL_FUTURE', 'MCL_ONFAULT'], '0').map((flags): Op => ({
      kind: 'mlockall',
      flags,
    })),
    weight: 1,
  },
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: mremapOp, weight: 1 },
  {
    arbitrary: fc.array(childOp, { maxLength: 2 }).map((ops): Op => ({ kind: 'fork', ops })),
    weight: 1,
  },
  { arbitrary: rangeOp, weight: 5 },
  { arbitrary: mmapOp, weight: 2 },
  {
    arbitrary: bits(['MCL_CURRENT', 'MCL_FUTURE', 'MCL_ONFAULT'], '0', '0x8').map((flags): Op => ({
      kind: 'mlockall',
      flags,
    })),
    weight: 2,
  },
  { arbitrary: fc.constant<Op>({ kind: 'munlockall' }), weight: 1 },
  {
    arbitrary: fc
      .record({ call: fc.constantFrom('write' as const, 'read' as const), at: place })
      .map(({ call, at }): Op => ({ kind: 'access', call, at })),
    weight: 2,
  },
);

// Cross-shrinking: a disagreement shrinks to the default setup when that still disagrees.
const setup: fc.Arbitrary<ConformSetup> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant(DEFAULT_SETUP), weight: 3 },
  { arbitrary: fc.constantFrom(...SETUPS), weight: 1 },
);

/** A setup and up to `maxSteps` steps. */
export function arbitraryTrace(maxSteps = 8): fc.Arbitrary<ConformTrace> {
  return fc.record({ setup, ops: fc.array(op, { maxLength: maxSteps }) });
}
