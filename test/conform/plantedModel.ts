// Test engines with no kernel: any KernelModel as an Engine (engineOf(getModel()) takes registered
// names only), and a planted fault to find: a linux-6.18 variant whose mlockall forgets
// MCL_ONFAULT when it sets def_flags (mm/mlock.c:apply_mlockall_flags sets VM_LOCKONFAULT).

import { extend, type KernelModel } from '../../src/kernel/model.js';
import { initialState } from '../../src/kernel/initialState.js';
import { observe } from '../../src/kernel/observe.js';
import { type StepResult, step } from '../../src/kernel/step.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { KernelState } from '../../src/kernel/state.js';
import { MCL_ONFAULT } from '../../src/uapi/constants.js';
import type { Engine, Session } from '../../src/uapi/engine.js';
import { getModel } from '../../models/registry.js';

/** How a call runs on a state: `step` by default (stepwise tests pass another path). */
export type RunCall = (model: KernelModel, state: KernelState, call: KernelCall) => StepResult;

export function engineOf(model: KernelModel, run: RunCall = step): Engine {
  return {
    name: model.name,
    start: (setup) => {
      let state = initialState(setup);
      const bound = new Set<string>();
      const session: Session = {
        restPages: setup.restPages ?? 248,
        call: (call) => {
          const next = run(model, state, call);
          state = next.state;
          if (call.call === 'existing' && call.name !== undefined) bound.add(call.name);
          return Promise.resolve(next.result);
        },
        observe: (what) => Promise.resolve(observe(state, what, bound)),
        forkEnter: () => {
          state = step(model, state, { call: 'fork', args: [] }).state;
          return Promise.resolve();
        },
        forkExit: () => {
          state = step(model, state, { call: 'exit', args: [] }).state;
          return Promise.resolve(0);
        },
        close: () => Promise.resolve(),
      };
      return Promise.resolve(session);
    },
  };
}

const linux = getModel('linux-6.18');

export const planted: KernelModel = extend(linux, {
  name: 'planted-mcl-onfault',
  description: 'linux-6.18, except that mlockall ignores MCL_ONFAULT for def_flags',
  provenance: 'a fault planted by test/conform',
  decisions: {
    mlockallDefFlags: (defFlags, mcl) =>
      linux.decisions.mlockallDefFlags(defFlags, mcl & ~MCL_ONFAULT),
  },
});

/** linux-6.18 as the reference, the planted variant as the candidate. */
export function plantedPair(): { reference: Engine; candidate: Engine } {
  return { reference: engineOf(linux), candidate: engineOf(planted) };
}
