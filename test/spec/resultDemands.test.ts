// A property's demand on a call's result (Restatement.result) is what a kernel keeping the
// property returns: on every transition of linux-6.18 to depth 2 of three bounds, each result planted
// in place of the model's that breaks a property makes it demand a result the model's own
// meets, and that the planted one does not. A wrong demand would turn a counterexample's
// expectation into a false accusation; a lax one, into a counterexample that does not fail.

import { describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';
import {
  ARGUMENTS_KERNEL_BOUND,
  DEFAULT_KERNEL_BOUND,
  SMALL_KERNEL_BOUND,
} from '../../src/check/kernelBounds.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import type { BoundedState } from '../../src/check/boundedState.js';
import { ALL_INVARIANTS } from '../../src/check/kernelProperties.js';
import { traceView } from '../../src/check/_internals/traceView.js';
import type { Result } from '../../src/kernel/result.js';
import type { Expectation } from '../../src/trace/ast.js';
import { ProgramBuilder } from '../../src/trace/programBuilder.js';
import type { Transition } from '../../spec/invariants/index.js';
import { parseBound } from '../../src/check/parseBound.js';
import { showResult } from '../../src/trace/show.js';

/**
 * Results planted in place of the model's: success, the errnos the lock family knows, and
 * what no man page lists (a hang, a signal, another value).
 */
const PLANTED: readonly Result[] = [
  { kind: 'value', value: 0n },
  ...(['EINVAL', 'ENOMEM', 'EPERM', 'EAGAIN', 'EFAULT', 'EBADF', 'ENOSYS'] as const).map(
    (errno): Result => ({ kind: 'errno', errno }),
  ),
  { kind: 'hang' },
  { kind: 'signal', signal: 'SIGBUS' },
  { kind: 'value', value: 7n },
];

function meets(r: Result, e: Expectation): boolean {
  switch (e.kind) {
    case 'not':
      return !meets(r, e.of);
    case 'set':
      return e.members.some((m) => meets(r, m));
    case 'errno':
      return r.kind === 'errno' && r.errno === e.errno;
    case 'value':
      return r.kind === 'value' && e.value.kind === 'number' && r.value === e.value.value;
    case 'signal':
      return r.kind === 'signal' && r.signal === e.signal;
    case 'hang':
      return r.kind === 'hang';
  }
}

const sameResult = (a: Result, b: Result): boolean =>
  a.kind === b.kind &&
  (a.kind !== 'errno' || (b.kind === 'errno' && a.errno === b.errno)) &&
  (a.kind !== 'value' || (b.kind === 'value' && a.value === b.value));

describe('result demands', () => {
  it.each([
    ['small', SMALL_KERNEL_BOUND],
    ['default', parseBound('depth=2', DEFAULT_KERNEL_BOUND)],
    ['arguments', ARGUMENTS_KERNEL_BOUND],
  ])('are met by linux-6.18 wherever a planted result breaks the property (%s)', (_, bound) => {
    const system = kernelSystem(getModel('linux-6.18'), bound);
    const transitionProps = ALL_INVARIANTS.filter((p) => p.kind === 'transition');
    const view = traceView(new ProgramBuilder({ file: 'x' }), bound.regions, bound.pages);
    let level: BoundedState[] = [...system.initial()];
    let demanded = 0;
    const wrong: string[] = [];
    const kept: string[] = [];
    for (let depth = 0; depth < Math.min(bound.depth, 2); depth++) {
      const next: BoundedState[] = [];
      for (const s of level)
        system.successors(s, (_letter, to) => {
          next.push(to);
          if (to.call === null || to.result === null) return;
          const t: Transition = {
            before: s.kernel,
            call: to.call,
            result: to.result,
            after: to.judged ?? to.kernel,
          };
          for (const p of transitionProps) {
            if (!p.holds(t)) continue;
            for (const r of PLANTED) {
              if (sameResult(r, t.result)) continue;
              const planted = { ...t, result: r };
              if (p.holds(planted)) continue;
              const demand = p.restate(planted, view).result;
              if (demand === undefined) continue;
              demanded++;
              if (!meets(t.result, demand)) wrong.push(p.name);
              // And the demand refuses the planted result: a counterexample fails on it.
              if (meets(r, demand)) kept.push(`${p.name} ${showResult(r, t.call.call)}`);
            }
          }
        });
      level = next;
    }
    expect([...new Set(wrong)]).toEqual([]);
    expect([...new Set(kept)]).toEqual([]);
    expect(demanded).toBeGreaterThan(1000);
  });
});
