// A call run step by step (startCall, then one population step at a time, as a thread does)
// ends exactly as the atomic call: every trace of the litmus corpus gives the same Outcome
// through the stepwise path as through `step`, on four models (issue 16, item 1).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import type { KernelModel } from '../../src/kernel/model.js';
import { stepPopulation } from '../../src/kernel/populateSteps.js';
import type { KernelState } from '../../src/kernel/state.js';
import { type StepResult, startCall } from '../../src/kernel/step.js';
import { parse } from '../../src/trace/parser.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { runProgram } from '../../src/trace/runner.js';
import { getModel } from '../../models/registry.js';
import { engineOf } from '../conform/plantedModel.js';

/** The locked part, then every population step to the call's return. */
function stepwise(model: KernelModel, state: KernelState, call: KernelCall): StepResult {
  const s = startCall(model, state, call);
  let next = { state: s.state, population: s.population, result: s.result };
  while (next.population !== null) next = stepPopulation(model, next.state, next.population);
  if (next.result === null) throw new Error('stepwise: the call never returned');
  return { state: next.state, result: next.result };
}

const DIR = 'spec/litmus';
const TRACES = readdirSync(DIR).filter((n) => n.endsWith('.mmt'));

describe('the stepwise path ends as the atomic one', () => {
  for (const name of ['linux-6.18', 'linux-3.8', 'rfc-vm-populate', 'linux-5.10']) {
    it(`every litmus trace on ${name}`, async () => {
      const model = getModel(name);
      for (const file of TRACES) {
        const program = parse(readFileSync(`${DIR}/${file}`, 'utf8'), file);
        const constants = resolveProgram(program, { extraConstants: model.constants });
        const atomic = await runProgram(program, engineOf(model), { constants });
        const steps = await runProgram(program, engineOf(model, stepwise), { constants });
        expect(steps, file).toEqual(atomic);
      }
      expect(TRACES.length).toBeGreaterThan(150);
    }, 120_000);
  }
});
