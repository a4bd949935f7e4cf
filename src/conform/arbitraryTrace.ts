// Random conformance traces for fast-check: the alphabet's calls with their arguments drawn
// freely (any offset and length within a few pages, any combination of the flags that matter,
// now and then an unaligned address or an invalid bit), so random runs reach what the bounded
// alphabet leaves out. A trace keeps to a swarm configuration (swarmConfiguration.ts): only the
// calls and flag values it switched on. Every part shrinks toward the simplest value, so a
// disagreement shrinks to few, plain steps.

import fc from 'fast-check';
import { SETUPS } from './alphabet.js';
import { DEFAULT_SETUP, type ConformSetup, type ConformTrace, type Op, type Place } from './op.js';
import {
  EVERYTHING,
  FLAG_GROUPS,
  type FlagGroup,
  type FlagGroups,
  type RandomCall,
  type SwarmConfiguration,
  swarmConfiguration,
} from './swarmConfiguration.js';

function bits(
  names: readonly string[],
  none: string,
  invalid: string | undefined,
): fc.Arbitrary<string> {
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

/** A trace's steps drawn within `c`: only its calls, only its flag values. */
function opArbitrary(c: SwarmConfiguration): fc.Arbitrary<Op> {
  const on = (call: RandomCall) => c.calls.includes(call);
  const valid = (g: FlagGroup, invalid?: string) => c.flags[g].filter((f) => f !== invalid);
  const bad = (g: FlagGroup, invalid: string) =>
    c.flags[g].includes(invalid) ? invalid : undefined;
  const prot = bits(valid('prot'), 'PROT_NONE', undefined);
  const fixedOn = c.flags.mapExtra.includes('MAP_FIXED');
  const mmapOp: fc.Arbitrary<Op> = fc
    .record({
      pages: fc.integer({ min: 1, max: 4 }),
      prot,
      // '' leaves out the map type: EINVAL, which must win or lose against the other checks.
      type: fc.constantFrom(...c.flags.mapType),
      extra: fc.subarray(valid('mapExtra', 'MAP_FIXED')),
      // MAP_FIXED over a bound region one time in four.
      fixed: fixedOn
        ? fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: place, weight: 1 })
        : fc.constant(null),
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
    mlock2: fc.constantFrom(...c.flags.mlock2),
    mprotect: prot,
    madvise: fc.constantFrom(...c.flags.madvise),
  } as const;
  const rangeCalls = (Object.keys(ARGS) as (keyof typeof ARGS)[]).filter(on);

  const rangeOp: fc.Arbitrary<Op> | null =
    rangeCalls.length === 0
      ? null
      : fc.constantFrom(...rangeCalls).chain((call) =>
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
      flags: bits(valid('mremap', '0x8'), '0', bad('mremap', '0x8')),
      to: place,
    })
    .map(({ at, oldPages, newPages, flags, to }): Op => {
      // new_address is read under MREMAP_FIXED and (a 6.18 quirk) MREMAP_DONTUNMAP.
      const withTarget = flags.includes('FIXED') || flags.includes('DONTUNMAP');
      return withTarget
        ? { kind: 'mremap', at, oldPages, newPages, flags, to }
        : { kind: 'mremap', at, oldPages, newPages, flags };
    });

  const accessCalls = (['write', 'read'] as const).filter(on);
  const accessOp: fc.Arbitrary<Op> | null =
    accessCalls.length === 0
      ? null
      : fc
          .record({ call: fc.constantFrom(...accessCalls), at: place })
          .map(({ call, at }): Op => ({ kind: 'access', call, at }));
  const mlockallOp = (invalid?: string): fc.Arbitrary<Op> =>
    bits(valid('mcl', '0x8'), '0', invalid).map((flags): Op => ({ kind: 'mlockall', flags }));

  type Weighted = { arbitrary: fc.Arbitrary<Op>; weight: number };
  const some = (...xs: (Weighted | null | false)[]): Weighted[] =>
    xs.filter((x): x is Weighted => x !== null && x !== false);
  const weighted = (arbitrary: fc.Arbitrary<Op> | null, weight: number): Weighted | null =>
    arbitrary === null ? null : { arbitrary, weight };

  /** What a fork child does: calls that bind no new name. */
  const child = some(
    weighted(rangeOp, 3),
    weighted(accessOp, 2),
    on('mlockall') && weighted(mlockallOp(), 1),
  );
  const childOp: fc.Arbitrary<Op> | null = child.length === 0 ? null : fc.oneof(...child);
  const steps = some(
    on('mremap') && weighted(mremapOp, 1),
    on('fork') &&
      weighted(
        fc
          .array(childOp ?? fc.constant<Op>({ kind: 'munlockall' }), {
            maxLength: childOp === null ? 0 : 2,
          })
          .map((ops): Op => ({ kind: 'fork', ops })),
        1,
      ),
    weighted(rangeOp, 5),
    on('mmap') && weighted(mmapOp, 2),
    on('mlockall') && weighted(mlockallOp(bad('mcl', '0x8')), 2),
    on('munlockall') && weighted(fc.constant<Op>({ kind: 'munlockall' }), 1),
    weighted(accessOp, 2),
  );
  return steps.length === 0 ? fc.constant<Op>({ kind: 'munlockall' }) : fc.oneof(...steps);
}

// Cross-shrinking: a disagreement shrinks to the default setup when that still disagrees.
const setup: fc.Arbitrary<ConformSetup> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant(DEFAULT_SETUP), weight: 3 },
  { arbitrary: fc.constantFrom(...SETUPS), weight: 1 },
);

/** A setup and up to `maxSteps` steps within `c` (default: every call and flag on). */
export function arbitraryTrace(
  maxSteps = 8,
  c: SwarmConfiguration = EVERYTHING,
): fc.Arbitrary<ConformTrace> {
  return fc.record({ setup, ops: fc.array(opArbitrary(c), { maxLength: maxSteps }) });
}

/**
 * A swarm configuration, then a trace within it: what `conform --random` runs. `groups`: the
 * flag values to draw from (flagGroups adds a candidate model's own names).
 */
export function swarmTrace(
  maxSteps = 8,
  groups: FlagGroups = FLAG_GROUPS,
): fc.Arbitrary<{ configuration: SwarmConfiguration; trace: ConformTrace }> {
  return swarmConfiguration(groups).chain((configuration) =>
    arbitraryTrace(maxSteps, configuration).map((trace) => ({ configuration, trace })),
  );
}
