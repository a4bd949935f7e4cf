// A call run step by step (startCall, then one population step at a time, as a thread does)
// ends exactly as the atomic call: every trace of the litmus corpus gives the same Outcome on
// linux-6.18 and linux-3.8 through the stepwise path as through `step` (issue 16, item 1).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { KernelModel } from '../../src/kernel/model.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { observe } from '../../src/kernel/observe.js';
import { stepPopulation } from '../../src/kernel/populateSteps.js';
import type { KernelState } from '../../src/kernel/state.js';
import { startCall, step } from '../../src/kernel/step.js';
import { parse } from '../../src/trace/parser.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { runProgram } from '../../src/trace/runner.js';
import type { ConcreteCall, Engine, Session } from '../../src/uapi/engine.js';
import type { CallResult } from '../../src/uapi/outcome.js';
import { getModel } from '../../models/registry.js';

/** An engine whose every call goes through the stepwise path. */
function stepwise(model: KernelModel): Engine {
  return {
    name: model.name,
    start: (setup) => {
      let state: KernelState = initialState(setup, model.decisions);
      const bound = new Set<string>();
      const look = (what: Parameters<Session['observe']>[0]) =>
        Promise.resolve(observe(state, what, bound, model.decisions.smapsShowsMnemonic));
      const session: Session = {
        restPages: setup.restPages ?? 0,
        call: (c: ConcreteCall) => {
          const s = startCall(model, state, c);
          state = s.state;
          let result: CallResult | null = s.result;
          let pop = s.population;
          while (pop !== null) {
            const n = stepPopulation(model, state, pop);
            state = n.state;
            pop = n.population;
            result = n.result;
          }
          if (result === null) throw new Error('no result');
          if (c.call === 'existing' && c.name !== undefined && result.kind === 'value')
            bound.add(c.name);
          return Promise.resolve(result);
        },
        observe: (what) => {
          if (what.kind === 'def_flags')
            state = step(model, state, { call: 'lru_add_drain', args: [] }).state;
          return look(what);
        },
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

const DIR = 'spec/litmus';
const TRACES = readdirSync(DIR).filter((n) => n.endsWith('.mmt'));

describe('the stepwise path ends as the atomic one', () => {
  for (const name of ['linux-6.18', 'linux-3.8', 'rfc-vm-populate', 'linux-5.10']) {
    it(`every litmus trace on ${name}`, async () => {
      const model = getModel(name);
      let compared = 0;
      for (const file of TRACES) {
        const program = parse(readFileSync(`${DIR}/${file}`, 'utf8'), file);
        const constants = resolveProgram(program, { extraConstants: model.constants });
        const atomic = await runProgram(program, engineOf(model), { constants, restPages: 0 });
        const steps = await runProgram(program, stepwise(model), { constants, restPages: 0 });
        expect(steps, file).toEqual(atomic);
        compared++;
      }
      expect(compared).toBeGreaterThan(150);
    }, 120_000);
  }
});
