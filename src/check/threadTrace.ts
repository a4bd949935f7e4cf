// A run of the threads bound as a thread trace (trace-format.md, issue 16): the prefix as
// plain calls, then `thread A { ... }` and `thread B { ... }` with the calls each started,
// and the `schedule` line that runs them in the order of the run: `T until fault(X)` where
// the run left T held before the fault at page X, `T` for each call T finished. The checks
// at the end state what the property demands of the step that broke it ('demand'), or what
// the model shows once both threads have finished ('prediction').

import { vpnToAddr } from '../kernel/addr.js';
import { observe } from '../kernel/observe.js';
import type { KernelState, Vpn } from '../kernel/state.js';
import type { Trace } from '../explore/exploreReport.js';
import type { Expr, ScheduleStepSyntax } from '../trace/ast.js';
import { ProgramBuilder } from '../trace/programBuilder.js';
import { print } from '../trace/printer.js';
import { NOWHERE, checkPages, expectationOf, pageCount } from '../trace/syntax.js';
import { DEFAULT_MODEL } from '../../models/registry.js';
import {
  deferredPopulationOwnsItsMappings,
  touchedForeignPage,
} from '../../spec/invariants/deferredPopulationOwnsItsMappings.js';
import { populationMakesProgress } from '../../spec/invariants/populationMakesProgress.js';
import type { TraceText } from './counterexampleTrace.js';
import { letterArgs, letterInjections } from './describeLetter.js';
import { regionName } from './letter.js';
import type { Letter } from './letter.js';
import { addStep } from './replayedTrace.js';
import {
  THREAD_NAMES,
  type ThreadLabel,
  type ThreadSystem,
  type ThreadsState,
} from './threadSystem.js';
import { traceView } from './_internals/traceView.js';

/** A call a thread started: its letter, the hint counter before it, its result once known. */
interface ThreadCall {
  readonly letter: Letter;
  readonly hints: number;
  result: ThreadsState['base']['result'];
}

/** The run with both threads finished (A's calls first, then B's, as a schedule ends). */
export function finishGroup(system: ThreadSystem, state: ThreadsState): ThreadsState[] {
  const out: ThreadsState[] = [];
  let s = state;
  for (const i of [0, 1]) {
    while (s.threads?.[i]?.population != null) {
      let next: ThreadsState | null = null;
      system.successors(s, (label, to) => {
        if (label.thread === i && label.letter === null) next = to;
      });
      if (next === null) throw new Error('finishGroup: a held thread cannot step');
      s = next;
      out.push(s);
      // Retried at the same page for ever: the call never returns (threadRun reports a hang).
      const p = s.info?.progress;
      if (p != null && p.nextAfter === p.nextBefore) break;
    }
  }
  return out;
}

const pageText = (k: KernelState, vpn: Vpn): string => {
  const o = observe(k, { kind: 'pages', addr: vpnToAddr(vpn), len: 4096n }, new Set());
  return o.kind === 'pages' ? o.letters : '';
};

export function threadTrace(
  system: ThreadSystem,
  run: Trace<ThreadsState, ThreadLabel>,
  property: string,
  ending: 'demand' | 'prediction',
  header: readonly string[],
): TraceText {
  const { bound } = system;
  const setup = bound.setups[run.initial.base.setup];
  const model = system.model.name;
  const b = new ProgramBuilder({
    file: `<counterexample ${property}>`,
    comments: header,
    ...(model === DEFAULT_MODEL ? {} : { model }),
    ...(setup === undefined ? {} : { setup }),
  });
  const tail = finishGroup(system, run.steps.at(-1)?.state ?? run.initial);
  const all = [...run.steps.map((s) => s.state), ...tail];
  const calls: ThreadCall[][] = [[], []];
  const open: (ThreadCall | null)[] = [null, null];
  const schedule: { thread: number; vpn: Vpn | null }[] = [];
  let before = run.initial;
  if (run.steps.some((s) => s.label.letter?.args.some((a) => a.kind === 'fd') === true))
    b.call('tmpfile', [pageCount(bound.filePages)], { bind: 'f' });
  all.forEach((after, n) => {
    const label = run.steps[n]?.label ?? { thread: after.info?.thread ?? 0, letter: null };
    const { letter } = label;
    if (label.thread < 0 && letter !== null && after.base.call !== null && after.base.result) {
      addStep(b, {
        letter,
        call: after.base.call,
        result: after.base.result,
        before: before.base,
        after: after.base,
      });
    } else if (label.thread >= 0) {
      const i = label.thread;
      if (letter !== null) {
        const c: ThreadCall = { letter, hints: before.base.hints, result: null };
        calls[i]?.push(c);
        open[i] = c;
      }
      const held = after.threads?.[i]?.population ?? null;
      const c = open[i];
      const stuck =
        n >= run.steps.length &&
        after.info?.progress?.nextAfter === after.info?.progress?.nextBefore;
      if ((held === null || stuck) && c != null) {
        c.result = stuck && held !== null ? { kind: 'hang' } : (after.info?.result ?? null);
        open[i] = null;
      }
      // Schedule steps for the run itself only: the finishing steps are the line's default.
      if (n < run.steps.length) {
        const last = schedule.at(-1);
        if (held === null) schedule.push({ thread: i, vpn: null });
        else if (last?.thread === i && last.vpn !== null) last.vpn = held.next;
        else schedule.push({ thread: i, vpn: held.next });
      }
    }
    before = after;
  });
  // Schedule addresses are read with the names bound before the group.
  const steps: ScheduleStepSyntax[] = schedule.map(({ thread, vpn }) => {
    const name = THREAD_NAMES[thread] ?? 'A';
    if (vpn === null) return { thread: name, until: 'return', pos: NOWHERE };
    const addr: Expr = b.address(vpnToAddr(vpn));
    return { thread: name, until: 'fault', addr, pos: NOWHERE };
  });
  if (calls.some((c) => c.length > 0)) {
    calls.forEach((list, i) => {
      if (list.length === 0) return;
      b.thread(THREAD_NAMES[i] ?? 'A');
      for (const c of list) {
        const places = c.letter.args.some((a) => a.kind === 'hint') && c.result?.kind === 'value';
        const expect = c.result === null ? undefined : expectationOf(c.letter.call, c.result);
        const inject = letterInjections(c.letter, b.region);
        if (c.letter.call === 'fork' || c.letter.call === 'exit') continue;
        b.call(c.letter.call, letterArgs(c.letter, b.region), {
          ...(places ? { bind: regionName(c.hints), region: c.hints } : {}),
          ...(expect === undefined ? {} : { expect }),
          ...(inject.length === 0 ? {} : { inject }),
        });
      }
    });
    b.endThreads(steps);
  }
  const end = all.at(-1) ?? run.initial;
  const view = traceView(b, end.base.hints, bound.pages);
  const broke = run.steps.at(-1)?.state.info;
  if (ending === 'prediction') b.check(...view.observed(end.base.kernel));
  else if (property === deferredPopulationOwnsItsMappings.name && broke?.deferred != null) {
    const vpn = touchedForeignPage(broke.deferred);
    if (vpn !== null) {
      b.note(
        `${property}: thread ${THREAD_NAMES[broke.thread] ?? '?'}'s population touched this page of a mapping the other thread made; it must stay as it was`,
      );
      b.check(checkPages(b.address(vpnToAddr(vpn)), 1, pageText(broke.deferred.before, vpn)));
    }
  } else {
    if (property === populationMakesProgress.name)
      b.comment(`${property}: the population must advance or return; it retried the same page`);
    b.check(...view.observed(end.base.kernel));
  }
  const program = b.build();
  return { program, text: print(program) };
}
