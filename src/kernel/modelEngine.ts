// Runs traces on a model of the kernel: the Engine of src/uapi/engine.ts over the pure step
// function.

import type { ConcreteCall, ConcreteObservable, Engine, Session, Setup } from '../uapi/engine.js';
import type { CallResult, Observed } from '../uapi/outcome.js';
import { DEFAULT_REST_PAGES, initialState } from './initialState.js';
import type { KernelModel } from './model.js';
import { checkStateRuns } from './modelPageLimit.js';
import { observe } from './observe.js';
import type { KernelState } from './state.js';
import { step } from './step.js';

class ModelSession implements Session {
  private state: KernelState;
  private readonly bound = new Set<string>();
  readonly restPages: number;

  constructor(
    private readonly model: KernelModel,
    setup: Setup,
  ) {
    this.state = initialState(setup, model.decisions);
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
    // The kernel's def_flags probe maps and unmaps a page: munmap drains the mlock batch.
    if (what.kind === 'def_flags')
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

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The Engine of a model value (resolved by models/registry.ts, or made with `extend`). */
export function engineOf(model: KernelModel): Engine {
  return {
    name: model.name,
    start: (setup: Setup) => Promise.resolve(new ModelSession(model, setup)),
  };
}
