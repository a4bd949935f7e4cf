// Runs traces on a model of the kernel: the Engine of src/uapi/engine.ts over the pure step
// function.

import {
  UnsupportedSetupError,
  type ConcreteCall,
  type ConcreteObservable,
  type Engine,
  type Session,
  type Setup,
} from '../uapi/engine.js';
import type { ThreadBranch } from '../uapi/engine.js';
import type { ThreadGroup, ThreadGroupResults } from '../uapi/threadSchedule.js';
import { exploreInterleavings, runSchedule } from './threadRun.js';
import type { CallResult, Observed } from '../uapi/outcome.js';
import { DEFAULT_REST_PAGES, initialState } from './initialState.js';
import type { KernelModel } from './model.js';
import { checkStateRuns } from './modelPageLimit.js';
import { observe } from './observe.js';
import type { KernelState } from './state.js';
import { step } from './step.js';

class ModelSession implements Session {
  private state: KernelState;
  private readonly bound: Set<string>;
  readonly restPages: number;

  constructor(
    private readonly model: KernelModel,
    setup: Setup,
    from?: { readonly state: KernelState; readonly bound: ReadonlySet<string> },
  ) {
    this.state = from?.state ?? initialState(setup, model.decisions);
    this.bound = new Set(from?.bound);
    this.restPages = setup.restPages ?? DEFAULT_REST_PAGES;
  }

  call(call: ConcreteCall): Promise<CallResult> {
    const next = step(this.model, this.state, call);
    checkStateRuns(next.state);
    this.state = next.state;
    if (call.call === 'existing' && call.name !== undefined && next.result.kind === 'value')
      this.bound.add(call.name);
    return Promise.resolve(next.result);
  }

  observe(what: ConcreteObservable): Promise<Observed> {
    // The kernel's def_flags probe maps and unmaps a page: munmap drains the mlock batch. The
    // executor drains it the same way before it reads the system's counters.
    if (what.kind === 'def_flags' || what.kind === 'Mlocked' || what.kind === 'Unevictable')
      this.state = step(this.model, this.state, { call: 'lru_add_drain', args: [] }).state;
    return Promise.resolve(
      observe(this.state, what, this.bound, this.model.decisions.smapsShowsMnemonic),
    );
  }

  peek(what: ConcreteObservable): Promise<Observed> {
    return Promise.resolve(
      observe(this.state, what, this.bound, this.model.decisions.smapsShowsMnemonic),
    );
  }

  forkEnter(): Promise<void> {
    const next = step(this.model, this.state, { call: 'fork', args: [] }).state;
    checkStateRuns(next);
    this.state = next;
    return Promise.resolve();
  }

  forkExit(): Promise<number> {
    this.state = step(this.model, this.state, { call: 'exit', args: [] }).state;
    return Promise.resolve(0);
  }

  runThreads(group: ThreadGroup): Promise<ThreadGroupResults> {
    const end =
      group.schedule === null
        ? runSchedule(this.model, this.state, group, [])
        : runSchedule(this.model, this.state, group, group.schedule);
    checkStateRuns(end.state);
    this.state = end.state;
    return Promise.resolve(end.results);
  }

  exploreThreads(group: ThreadGroup): Promise<readonly ThreadBranch[]> {
    const setup = { rlimitMemlock: null, capIpcLock: true, restPages: this.restPages };
    return Promise.resolve(
      exploreInterleavings(this.model, this.state, group).map((end) => ({
        results: end.results,
        session: new ModelSession(this.model, setup, { state: end.state, bound: this.bound }),
      })),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The Engine of a model value (resolved by models/registry.ts, or made with `extend`). */
export function engineOf(model: KernelModel): Engine {
  return {
    name: model.name,
    start: (setup: Setup) => {
      // A version whose large folios are not modelled refuses a `thp on` trace rather than
      // answer with 4 KiB pages where its kernel maps a PMD (decisions.ts:thpUnmodelled).
      const refused = setup.thp === true ? model.decisions.thpUnmodelled : null;
      return refused !== null
        ? Promise.reject(new UnsupportedSetupError(refused))
        : Promise.resolve(new ModelSession(model, setup));
    },
  };
}
