// The calls a transition property declares it judges (`calls` in spec/invariants, issue 15):
// the explorer asks a property only about those, so a declaration that leaves out a call the
// property can fail on would hide a bug. Each declaration is checked against every transition
// of small bounds that make every call: on a call left out, the property holds on the
// transition and on nonsense made of it (any result, any state after), so it does not read the
// transition at all. (The converse, that a property can fail on each call it declares, is not
// checked: a declaration naming a call needlessly costs time, not soundness.) And a search with
// the dispatch gives what a search without it gives, failing properties included.
// The same for the kinds of result a property declares it judges (`results`) and the steps
// that changed nothing (`holdsWhenUnchanged`): each declaration is checked on every transition
// of the same bounds made to carry what the declaration says cannot matter (another kind of
// result; the state before as the state after), and a wrong declaration planted in a copy of
// a property is caught by the same check.
// The same for the letters a property says it cannot fail on (`judgesLetter`, read on the
// arguments a letter fixes): on each transition of a letter it refuses, it holds on the
// transition and on nonsense made of it, and planted wrong declarations are caught.

import { describe, expect, it } from 'vitest';
import type { BoundedState } from '../../src/check/boundedState.js';
import { MLOCK_TWICE, kernelProperties, unchangedStep } from '../../src/check/kernelProperties.js';
import { type LetterCall, type ResultKind, judges } from '../../spec/invariants/specInvariant.js';
import { letterCall } from '../../src/check/letterCall.js';
import * as U from '../../src/uapi/constants.js';
import { judgesAdvice } from '../../spec/invariants/_internals/madviseFacts.js';
import type { Result } from '../../src/kernel/result.js';
import { currentMm } from '../../src/kernel/state.js';
import { getModel } from '../../models/registry.js';
import { type BoundTransition, transitionsOf } from './boundTransitions.js';
import { smallBoundSummary } from '../check/fixtures/smallBoundSummary.js';

const RESULTS: readonly Result[] = [
  { kind: 'value', value: 0n },
  ...(['EINVAL', 'ENOMEM', 'EPERM', 'EAGAIN', 'EFAULT', 'ENOSYS'] as const).map(
    (errno): Result => ({ kind: 'errno', errno }),
  ),
  { kind: 'signal', signal: 'SIGSEGV' },
  { kind: 'hang' },
];

/**
 * The transition as it is, and with every result and each of a few states after. Also, with
 * the states before and after, a value that is the address of each VMA either holds: a
 * property that reads the value as an address (mmap's and mremap's postconditions) then finds
 * a mapping there, which address 0 alone never showed it (props35's gap).
 */
function nonsense(step: BoundTransition, others: readonly BoundedState[]): BoundedState[] {
  const afters = [step.to.kernel, step.from.kernel, ...others.map((o) => o.kernel)];
  const mapped = [step.to.kernel, step.from.kernel];
  const addresses = [...new Set(mapped.flatMap((k) => currentMm(k).vmas.map((v) => v.start)))];
  const atVmas = addresses.map((vpn): Result => ({
    kind: 'value',
    value: BigInt(vpn * U.PAGE_SIZE),
  }));
  return [
    step.to,
    ...afters.flatMap((kernel) => RESULTS.map((result) => ({ ...step.to, kernel, result }))),
    ...mapped.flatMap((kernel) => atVmas.map((result) => ({ ...step.to, kernel, result }))),
  ];
}

// Bounds that between them make every call of the alphabet, with every setup and failure.
const BOUNDS: readonly (readonly [string, string])[] = [
  ['linux-6.18', 'regions=2,pages=2,depth=3,calls=+brk+setrlimit+capset'],
  ['linux-6.18', 'regions=1,pages=2,depth=2,file=0,calls=+execve'],
  ['linux-6.18', 'regions=1,pages=2,depth=2,args=edge,env=oom+sigbus+retry+noprogress+hwpoison'],
  ['linux-4.4', 'regions=2,pages=2,depth=2'],
];
/** Their transitions, made once for every check below. */
const STEPS = BOUNDS.flatMap(([model, bound]) => transitionsOf(model, bound, 3000));
/** The properties every declaration here is read from: linux-6.18's. */
const PROPS = kernelProperties(getModel('linux-6.18'));

/** A property of PROPS by name, to plant a wrong declaration in a copy of it. */
const byName = (name: string): Property | undefined =>
  PROPS.transitions.find((p) => p.name === name);

/** A few states after unrelated to any transition's own: from a deep transition of each kind. */
const OTHERS = [...new Map(STEPS.map((s) => [s.letter.call, s.to])).values()];

describe('each transition property judges exactly the calls it declares', () => {
  const steps = STEPS;
  const others = OTHERS;
  const props = PROPS;
  const called = new Set(steps.map((s) => s.letter.call));

  it('the bounds make every call a letter can make', () => {
    expect([...called].sort()).toEqual(
      expect.arrayContaining(['brk', 'execve', 'exit', 'fork', 'madvise', 'mlock', 'mlockall']),
    );
    expect(called.size).toBeGreaterThanOrEqual(16);
  });

  props.transitions.forEach((prop, k) => {
    const calls = props.judgedCalls[k] ?? 'every call';
    if (calls === 'every call') return;
    it(`${prop.name}: holds on whatever a call it leaves out shows`, () => {
      const wrong = new Set<string>();
      for (const s of steps) {
        if (judges(calls, s.letter.call)) continue;
        for (const to of nonsense(s, others))
          if (!prop.holds(s.from, s.letter, to)) wrong.add(s.letter.call);
      }
      expect([...wrong]).toEqual([]);
    });
  });
});

type Property = ReturnType<typeof kernelProperties>['transitions'][number];

/**
 * Where `prop` fails on a transition made to return a result of a kind outside `judged`, with
 * each state after of `nonsense`: empty when the declaration `judged` is right on `steps`.
 */
function failsOutsideResults(
  prop: Property,
  judged: readonly ResultKind[],
  steps: readonly BoundTransition[],
  others: readonly BoundedState[],
): string[] {
  const wrong = new Set<string>();
  for (const s of steps)
    for (const to of nonsense(s, others))
      if (to.result !== null && !judged.includes(to.result.kind))
        if (!prop.holds(s.from, s.letter, to)) wrong.add(`${s.letter.call} ${to.result.kind}`);
  return [...wrong];
}

/**
 * Where `prop` fails on a transition made into one that changed nothing (the state after is
 * the very state before), with every result of the kinds in `kinds`: empty when what the call
 * was and what it returned do not matter there.
 */
function failsWhenUnchanged(
  prop: Property,
  kinds: readonly ResultKind[],
  steps: readonly BoundTransition[],
): string[] {
  const wrong = new Set<string>();
  for (const s of steps)
    for (const result of RESULTS) {
      if (!kinds.includes(result.kind)) continue;
      const { judged: _judged, ...rest } = s.to;
      const to: BoundedState = { ...rest, kernel: s.from.kernel, result };
      if (!unchangedStep(s.from, to)) throw new Error('failsWhenUnchanged: a changed step');
      if (!prop.holds(s.from, s.letter, to)) wrong.add(`${s.letter.call} ${result.kind}`);
    }
  return [...wrong];
}

describe('each property that says it holds when a step changes nothing does', () => {
  const steps = STEPS;
  const props = PROPS;
  const declared = props.transitions.flatMap((p, k) => {
    const kinds = props.holdsWhenUnchanged[k] ?? [];
    return kinds.length > 0 ? [[p.name, p, kinds] as const] : [];
  });

  it('a few of the costliest say so', () => {
    expect(declared.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'lockOnFaultNeverPopulates',
        'lockingKeepsData',
        'lockCallsChangeOnlyLockBits',
        MLOCK_TWICE,
      ]),
    );
  });

  it.each(declared)('%s', (_name, prop, kinds) => {
    expect(failsWhenUnchanged(prop, kinds, steps)).toEqual([]);
  });

  // The check can fail: postconditions of success said to hold on any step that changed
  // nothing (a successful mlock that locked nothing; a successful MCL_CURRENT that left a VMA
  // unlocked).
  it.each(['lockCallsChangeOnlyLockBits', 'lockPostcondition', 'mclFutureClearingConsistent'])(
    'a wrong declaration is caught: %s on a successful step',
    (name) => {
      const prop = byName(name);
      expect(prop).toBeDefined();
      if (prop !== undefined) expect(failsWhenUnchanged(prop, ['value'], steps)).not.toEqual([]);
    },
  );
});

describe('each property judges every kind of result it can fail on', () => {
  const steps = STEPS;
  const others = OTHERS;
  const props = PROPS;
  const declared = props.transitions.flatMap((p, k) => {
    const kinds = props.judgedResults[k] ?? [];
    return kinds.length < 4 ? [[p.name, p, kinds] as const] : [];
  });

  it('the costliest that judge one kind say so', () => {
    expect(declared.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'callReturns',
        'limitWaivedByCapIpcLock',
        'refusalsJustified',
        'failedLockLeavesPrefix',
        'lockBreaksCow',
        'failedCallChangesNothing',
        MLOCK_TWICE,
      ]),
    );
  });

  it.each(declared)('%s: holds on whatever a result it leaves out shows', (_n, prop, kinds) => {
    expect(failsOutsideResults(prop, kinds, steps, others)).toEqual([]);
  });

  // The check can fail: a property of refusals said to judge successes only, postconditions
  // said to judge failures only, a property of hangs said to judge returns.
  it.each([
    ['refusalsJustified', ['value']],
    ['enomemOnlyUnmapped', ['value', 'signal', 'hang']],
    ['lockPostcondition', ['errno']],
    ['mmapPostcondition', ['errno', 'signal', 'hang']],
    ['callReturns', ['value', 'errno', 'signal']],
    ['failedCallChangesNothing', ['value', 'signal', 'hang']],
  ] as const)('a wrong declaration is caught: %s judging %j', (name, kinds) => {
    const prop = byName(name);
    expect(prop).toBeDefined();
    if (prop !== undefined) expect(failsOutsideResults(prop, kinds, steps, others)).not.toEqual([]);
  });
});

/**
 * Where `prop` fails on a transition of a letter `judged` refuses, as it is or as nonsense
 * (any result, any state after): empty when the declaration is right on `steps`. Also the
 * number of transitions it refused, so that a declaration refusing none is seen to check
 * nothing.
 */
function failsOnRefusedLetters(
  prop: Property,
  judged: (c: LetterCall) => boolean,
  steps: readonly BoundTransition[],
  others: readonly BoundedState[],
): { readonly refused: number; readonly wrong: readonly string[] } {
  const wrong = new Set<string>();
  let refused = 0;
  for (const s of steps) {
    if (judged(letterCall(s.letter))) continue;
    refused++;
    for (const to of nonsense(s, others))
      if (!prop.holds(s.from, s.letter, to)) wrong.add(`${s.letter.call} ${to.result?.kind}`);
  }
  return { refused, wrong: [...wrong] };
}

describe('each property judges every letter it can fail on', () => {
  const steps = STEPS;
  const others = OTHERS;
  const props = PROPS;
  const declared = props.transitions.flatMap((p, k) => {
    const judged = props.judgedLetters[k] ?? null;
    return judged === null ? [] : [[p.name, p, judged] as const];
  });

  it('the costliest that read their flags or advice first say so', () => {
    expect(declared.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'lockingKeepsData',
        'populatingNeverDirties',
        'mapPopulateFaultsEverything',
        'mlockallCurrentPostcondition',
      ]),
    );
  });

  it.each(declared)('%s: holds on whatever a letter it refuses shows', (_n, prop, judged) => {
    const { refused, wrong } = failsOnRefusedLetters(prop, judged, steps, others);
    // Each declaration refuses some transition of the bounds, else this checks nothing.
    expect(refused).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  // The check can fail: a postcondition of MADV_POPULATE_* said to judge MADV_DONTNEED alone,
  // mlock2(MLOCK_ONFAULT)'s postcondition said to judge no letter, mlock's said to judge
  // MLOCK_ONFAULT alone (so no mlock), MCL_CURRENT's said to judge no mlockall, MAP_POPULATE's
  // said to judge no letter (caught since the nonsense returns the addresses of VMAs).
  const MADVISE_DONTNEED = judgesAdvice(U.MADV_DONTNEED);
  const NO_LETTER = () => false;
  const ONFAULT_ONLY = (c: LetterCall) =>
    c.call === 'mlock2' && ((c.arg(2) ?? 0n) & BigInt(U.MLOCK_ONFAULT)) !== 0n;
  it.each([
    ['madvisePopulatePostcondition', MADVISE_DONTNEED],
    ['lockOnFaultMlocksPresent', NO_LETTER],
    ['lockPostcondition', ONFAULT_ONLY],
    ['mlockallCurrentPostcondition', NO_LETTER],
    ['mapPopulateFaultsEverything', NO_LETTER],
  ] as const)('a wrong declaration is caught: %s', (name, judged) => {
    const prop = byName(name);
    expect(prop).toBeDefined();
    if (prop !== undefined)
      expect(failsOnRefusedLetters(prop, judged, steps, others).wrong).not.toEqual([]);
  });
});

describe('the dispatch changes no verdict', () => {
  it.each(['linux-6.18', 'linux-4.4'])(
    '%s, small bound: the same report with and without',
    async (m) => {
      const on = await smallBoundSummary(m, { dispatch: true });
      // Both fail some properties (6.18 the strict invariants, 4.4 its known quirks).
      expect(on.verdicts.some(([, status]) => status === 'violated')).toBe(true);
      expect(on).toEqual(await smallBoundSummary(m, { dispatch: false }));
    },
  );

  // Skipping on steps that changed nothing: the models that fail a property which says it
  // holds there (mlockTwiceIsMlockOnce: 4.4's mlock re-charges, two planted ones), and 6.18.
  const props = PROPS;
  const unchangedHolds = new Set(
    props.transitions
      .filter((_, k) => (props.holdsWhenUnchanged[k] ?? []).length > 0)
      .map((p) => p.name),
  );
  it.each(['linux-6.18', 'linux-4.4', 'planted:rlimit-whole-credit', 'planted:relock-charged'])(
    '%s, small bound: the same report skipping unchanged steps or not',
    async (m) => {
      const on = await smallBoundSummary(m, { skipUnchanged: true });
      if (m !== 'linux-6.18')
        expect(
          on.verdicts.some(([n, st]) => st === 'violated' && unchangedHolds.has(String(n))),
        ).toBe(true);
      expect(on).toEqual(await smallBoundSummary(m, { skipUnchanged: false }));
    },
  );

  // Asking by kind of result: the models that fail a property declaring the kinds it judges
  // (4.4: mlockTwiceIsMlockOnce, its mlock re-charging; the planted ones), and 6.18.
  const byResult = new Set(
    props.transitions
      .filter((_, k) => (props.judgedResults[k] ?? []).length < 4)
      .map((p) => p.name),
  );
  it.each(['linux-6.18', 'linux-4.4', 'planted:rlimit-whole-credit', 'planted:relock-charged'])(
    '%s, small bound: the same report asking by kind of result or not',
    async (m) => {
      const on = await smallBoundSummary(m, { byResult: true });
      if (m !== 'linux-6.18')
        expect(on.verdicts.some(([n, st]) => st === 'violated' && byResult.has(String(n)))).toBe(
          true,
        );
      expect(on).toEqual(await smallBoundSummary(m, { byResult: false }));
    },
  );

  // Asking by letter: the same models and 6.18 (each fails some property; the reports must
  // agree whether or not a property is asked about the letters it refuses).
  it.each(['linux-6.18', 'linux-4.4', 'planted:rlimit-whole-credit', 'planted:relock-charged'])(
    '%s, small bound: the same report asking by letter or not',
    async (m) => {
      const on = await smallBoundSummary(m, { byLetter: true });
      expect(on.verdicts.some(([, st]) => st === 'violated')).toBe(true);
      expect(on).toEqual(await smallBoundSummary(m, { byLetter: false }));
    },
  );
});
